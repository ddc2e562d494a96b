"""The floor plan of docs/architektur.md, read from the code: every import of a berichtsgen module
(at the top of a file or inside a function) points downstream, and no two modules import each
other, directly or round a circle."""

import ast
import re
from pathlib import Path

PAKET = Path(__file__).resolve().parent.parent / "src" / "berichtsgen"

ARCHITEKTUR = PAKET.parent.parent / "docs" / "architektur.md"


def _stufen() -> dict[str, int]:
    """The stage of each part of the package (a module or a sub-package), from the floor plan in
    docs/architektur.md: a part imports only parts of a lower stage, or modules of its own
    sub-package."""
    stufen = {}
    for zeile in ARCHITEKTUR.read_text(encoding="utf-8").splitlines():
        treffer = re.fullmatch(r"\| (\d+) \| (`([\w_]+)`|\(das Paket\)) \| .+ \|", zeile)
        if treffer:
            stufen[treffer.group(3) or ""] = int(treffer.group(1))
    return stufen


STUFE = _stufen()


def _unterstufen() -> dict[str, int]:
    """The stage of each sub-part of a part ("darstellung.word"), from the floor plan's tables."""
    stufen = {}
    for zeile in ARCHITEKTUR.read_text(encoding="utf-8").splitlines():
        treffer = re.fullmatch(r"\| (\d+) \| `(\w+(?:\.\w+)+)` \| .+ \|", zeile)
        if treffer:
            stufen[treffer.group(2)] = int(treffer.group(1))
    return stufen


UNTERSTUFE = _unterstufen()


def _module() -> dict[str, Path]:
    module = {}
    for datei in PAKET.rglob("*.py"):
        if any(not (o / "__init__.py").is_file() for o in datei.parents if o.is_relative_to(PAKET)):
            continue  # package data (the skeleton of a new project), not a module
        teile = list(datei.relative_to(PAKET).with_suffix("").parts)
        if teile[-1] == "__init__":
            teile = teile[:-1]
        module[".".join(teile)] = datei
    return module


def _importe() -> dict[str, set[str]]:
    """Each module's imports of other modules of the package, by dotted name below berichtsgen."""
    module = _module()
    kanten: dict[str, set[str]] = {m: set() for m in module}
    for name, datei in module.items():
        paket = name.split(".") if datei.name == "__init__.py" else name.split(".")[:-1]
        paket = [t for t in paket if t]
        for knoten in ast.walk(ast.parse(datei.read_text(encoding="utf-8"))):
            ziele = []
            if isinstance(knoten, ast.ImportFrom) and knoten.level:
                basis = paket[: len(paket) - (knoten.level - 1)]
                ziel = ".".join(basis + ([knoten.module] if knoten.module else []))
                for alias in knoten.names:
                    unter = f"{ziel}.{alias.name}".strip(".")
                    ziele.append(unter if unter in module else ziel)
            elif isinstance(knoten, ast.ImportFrom) and (knoten.module or "").startswith("berichtsgen"):
                ziel = knoten.module.removeprefix("berichtsgen").strip(".")
                for alias in knoten.names:
                    unter = f"{ziel}.{alias.name}".strip(".")
                    ziele.append(unter if unter in module else ziel)
            elif isinstance(knoten, ast.Import):
                ziele += [
                    a.name.removeprefix("berichtsgen").strip(".")
                    for a in knoten.names
                    if a.name.startswith("berichtsgen")
                ]
            kanten[name] |= {z for z in ziele if z in module and z != name}
    return kanten


def _teil(modul: str) -> str:
    return modul.split(".")[0]


def test_jeder_teil_hat_eine_stufe():
    """Every part of the package is in the floor plan, and the floor plan names no part that is gone."""
    assert len(STUFE) > 20
    assert {_teil(m) for m in _module()} == set(STUFE)


def test_importe_zeigen_stromabwaerts():
    verstoesse = [
        f"{a or 'berichtsgen'} → {b}"
        for a, ziele in _importe().items()
        for b in ziele
        if _teil(a) != _teil(b) and STUFE[_teil(a)] <= STUFE[_teil(b)]
    ]
    assert verstoesse == []


def _unterteil(modul: str) -> str | None:
    return next((u for u in UNTERSTUFE if modul == u or modul.startswith(u + ".")), None)


def test_jedes_modul_eines_geteilten_teils_hat_eine_unterstufe():
    geteilt = {u.split(".")[0] for u in UNTERSTUFE}
    assert geteilt == {"darstellung"}
    ohne = [m for m in _module() if _teil(m) in geteilt and m not in geteilt and _unterteil(m) is None]
    assert ohne == []
    assert set(UNTERSTUFE) <= set(_module()), "the floor plan names a sub-part that is gone"


def test_die_renderer_importieren_einander_nicht():
    """Inside a part, imports point down its own stages: Word, HTML and slides share only what
    lies below them."""
    verstoesse = [
        f"{a} → {b}"
        for a, ziele in _importe().items()
        for b in ziele
        if _teil(a) == _teil(b)
        and (ua := _unterteil(a)) is not None
        and (ub := _unterteil(b)) is not None
        and ua != ub
        and UNTERSTUFE[ua] <= UNTERSTUFE[ub]
    ]
    assert verstoesse == []
    assert "darstellung.paket" in _importe()["darstellung.word.vorlage"]  # the check sees the edges


def _genannte_importe() -> dict[str, set[str]]:
    """The column "importiert" of the floor plan: which parts each part imports, as documented."""
    genannt = {}
    for zeile in ARCHITEKTUR.read_text(encoding="utf-8").splitlines():
        treffer = re.fullmatch(r"\| \d+ \| (`([\w.]+)`|\(das Paket\)) \| .+ \| (.+) \|", zeile)
        if treffer:
            spalte = treffer.group(3)
            namen = set(re.findall(r"`([\w.]+)`", spalte)) | ({""} if "(das Paket)" in spalte else set())
            genannt[treffer.group(2) or ""] = namen
    return genannt


def test_der_grundriss_nennt_was_jeder_teil_importiert():
    """The floor plan's last column is what the code imports, part by part: the document cannot
    drift from the code."""
    wirklich: dict[str, set[str]] = {}
    for a, ziele in _importe().items():
        for b in ziele:
            ua, ub = _unterteil(a), _unterteil(b)
            if _teil(a) != _teil(b):
                wirklich.setdefault(_teil(a), set()).add(_teil(b))
            elif ua is not None and ub is not None and ua != ub:
                wirklich.setdefault(ua, set()).add(ub)
    genannt = _genannte_importe()
    assert set(genannt) == set(STUFE) | set(UNTERSTUFE)
    assert {t: n for t, n in genannt.items() if n} == wirklich


def test_keine_zyklen():
    kanten = _importe()
    zyklen, index, tief, stapel, auf = [], {}, {}, [], set()

    def besuchen(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = tief[v] = len(index)
        stapel.append(v)
        auf.add(v)
        for w in kanten[v]:
            if w not in index:
                besuchen(w)
                tief[v] = min(tief[v], tief[w])
            elif w in auf:
                tief[v] = min(tief[v], index[w])
        if tief[v] == index[v]:
            teil = []
            while True:
                w = stapel.pop()
                auf.discard(w)
                teil.append(w)
                if w == v:
                    break
            if len(teil) > 1:
                zyklen.append(sorted(teil))

    for v in kanten:
        if v not in index:
            besuchen(v)
    assert zyklen == []


def test_die_pruefung_sieht_importe_in_funktionen():
    """The series builds with the verbs through an import inside a function; the check sees it."""
    assert "bau" in _importe()["serie"]
    assert "export.geteilt" in _importe()["serie"]
