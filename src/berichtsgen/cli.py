"""Command line: parse, call the library, print German messages, choose the exit code."""

from __future__ import annotations

import atexit
import gc
import os
import re
import sys
from pathlib import Path

import click

from . import signale
from .fehler import BerichtsgenFehler, details_ablegen
from .projekt import FORMATE

EXIT_OK = 0
EXIT_FEHLER = 1
EXIT_AUFRUF = 2


class _DeutscherBefehl(click.Command):
    """A click command whose help reads in German."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[OPTIONEN]")
        super().__init__(*args, **kwargs)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix="Aufruf: ")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        eintraege = [
            rv for p in self.get_params(ctx) if isinstance(p, click.Option) and (rv := p.get_help_record(ctx))
        ]
        if eintraege:
            with formatter.section("Optionen"):
                formatter.write_dl(eintraege)


class _DeutscheGruppe(click.Group):
    """A click group whose help reads in German."""

    command_class = _DeutscherBefehl

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[OPTIONEN]")
        kwargs.setdefault("subcommand_metavar", "BEFEHL [ANGABEN]...")
        super().__init__(*args, **kwargs)

    format_usage = _DeutscherBefehl.format_usage
    format_options_eigen = _DeutscherBefehl.format_options

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self.format_options_eigen(ctx, formatter)
        befehle = [
            (name, cmd.get_short_help_str(60))
            for name in self.list_commands(ctx)
            if (cmd := self.get_command(ctx, name)) is not None and not cmd.hidden
        ]
        if befehle:
            with formatter.section("Befehle"):
                formatter.write_dl(befehle)


HILFE = {"help_option_names": ["-h", "--help"]}

projekt_option = click.option(
    "--projekt",
    "projekt",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    metavar="ORDNER",
    help="Projektordner mit berichtsgen.toml (Standard: aktueller Ordner).",
)
hilfe_option = click.help_option("-h", "--help", help="Diese Hilfe anzeigen und beenden.")
neu_option = click.option(
    "--neu",
    is_flag=True,
    help="Alle Tabellen und Diagramme neu berechnen, nicht aus dem Zwischenspeicher nehmen.",
)

format_option = click.option(
    "--format",
    "formate",
    type=click.Choice(list(FORMATE)),
    multiple=True,
    help="Nur dieses Format erzeugen (mehrfach möglich), etwa docx für schnelle Durchgänge. "
    "Standard: laut berichtsgen.toml.",
)
vorlage_option = click.option(
    "--vorlage",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="DATEI",
    help="Andere Word-Vorlage verwenden.",
)
parameter_option = click.option(
    "--parameter",
    "parameter",
    multiple=True,
    metavar="NAME=WERT",
    help="Den Bericht der Reihe mit diesem Parameter wählen, z. B. --parameter stadtteil=Opladen.",
)


def _version_zeigen(ctx: click.Context, _param: click.Parameter, wert: bool) -> None:
    """Print the version (read from the package's metadata only here, not at every start)."""
    if not wert or ctx.resilient_parsing:
        return
    from . import __version__

    click.echo(f"berichtsgen {__version__}")
    ctx.exit()


@click.group(cls=_DeutscheGruppe, context_settings=HILFE)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_version_zeigen,
    help="Version anzeigen und beenden.",
)
@click.help_option("-h", "--help", help="Diese Hilfe anzeigen und beenden.")
def cli() -> None:
    """Berichte aus Markdown, Daten und einer Word-Vorlage erzeugen (Word, barrierefreies PDF, HTML, Folien)."""


@cli.command("build", context_settings=HILFE)
@click.argument("jahr", type=int)
@projekt_option
@format_option
@vorlage_option
@click.option(
    "--ausgabe",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="ORDNER",
    help="Anderer Ausgabeordner (die Dateien liegen dann in ORDNER/JAHR/).",
)
@click.option("-q", "--leise", is_flag=True, help="Keinen Fortschritt anzeigen, nur Fehler.")
@neu_option
@click.option(
    "--alle",
    is_flag=True,
    help="Einen Bericht je Zeile der Parameterliste ([parameter] in berichtsgen.toml) erzeugen.",
)
@parameter_option
@click.option(
    "--prozesse",
    type=int,
    default=None,
    metavar="N",
    callback=lambda _ctx, _param, n: _mindestens_eins(n),
    help="Mit --alle: so viele Berichte gleichzeitig (Standard: zwei je Prozessorkern, ohne PDF einer).",
)
@hilfe_option
def build_befehl(
    jahr: int,
    projekt: Path,
    formate: tuple[str, ...],
    vorlage,
    ausgabe,
    leise: bool,
    neu: bool,
    alle: bool,
    parameter: tuple[str, ...],
    prozesse: int | None,
) -> None:
    """Den Bericht für JAHR erzeugen (mit --alle: jeden Bericht der Reihe)."""
    from .bau import build

    melde = (lambda _t: None) if leise else (lambda t: _ausgeben(f"• {t}", fehler=True))
    wie = {
        "formate": formate or None,
        "vorlage": vorlage,
        "ausgabe": ausgabe,
        "fortschritt": melde,
        "neu": neu,
    }
    if alle:
        if parameter:
            raise click.UsageError("--alle und --parameter schließen sich aus.")
        _alle_bauen(jahr, projekt, prozesse, leise, wie)
        return
    ergebnis = build(jahr, projekt, parameter=_parameter(jahr, projekt, parameter), **wie)
    if leise:
        for d in ergebnis.dateien:
            _ausgeben(str(d))


def _mindestens_eins(n: int | None) -> int | None:
    if n is not None and n < 1:
        raise click.BadParameter("mindestens 1", param_hint="--prozesse")
    return n


def _parameter(jahr: int, projekt: Path, angaben: tuple[str, ...]) -> dict | None:
    """Turn `--parameter name=wert` into the row of the project's list it names."""
    if not angaben:
        return None
    from .parameterliste import auswaehlen, parameterliste
    from .vorbereitung import projekt_mit_optionen as _projekt

    werte = {}
    for angabe in angaben:
        name, gleich, wert = angabe.partition("=")
        if not gleich or not name.strip().isidentifier():
            raise click.BadParameter(f"„{angabe}“ hat nicht die Form name=wert.", param_hint="--parameter")
        werte[name.strip()] = wert.strip()
    return auswaehlen(parameterliste(_projekt(jahr, projekt, None, None)), werte)


def _alle_bauen(jahr: int, projekt: Path, prozesse: int | None, leise: bool, wie: dict) -> None:
    """`build --alle`: every report of the series, `wie` the options shared with a single build."""
    from .serie import build_many

    serie = build_many(jahr, projekt, prozesse=prozesse, **wie)
    for zeile in serie.zusammenfassung():
        _ausgeben(zeile, fehler=bool(serie.fehlgeschlagen))
    if leise:
        for bericht in serie.gebaut:
            for d in bericht.ergebnis.dateien:
                _ausgeben(str(d))
    if serie.fehlgeschlagen:
        raise click.exceptions.Exit(EXIT_FEHLER)


@cli.command("check", context_settings=HILFE)
@click.argument("jahr", type=int)
@projekt_option
@neu_option
@parameter_option
@hilfe_option
def check_befehl(jahr: int, projekt: Path, neu: bool, parameter: tuple[str, ...]) -> None:
    """Den Bericht für JAHR prüfen, ohne ihn zu erzeugen (Barrierefreiheit, Quellen, Namen, Daten)."""
    from .bau import check

    ergebnis = check(
        jahr,
        projekt,
        neu=neu,
        parameter=_parameter(jahr, projekt, parameter),
    )
    if ergebnis.datenbericht:
        click.echo("Datenbericht")
        for zeile in ergebnis.datenbericht:
            click.echo(f"  {zeile}")
    for befund in ergebnis.befunde:
        click.echo(befund.zeile())
    fehler, warnungen = len(ergebnis.fehler), len(ergebnis.warnungen)
    click.echo(f"{fehler} Fehler, {warnungen} {'Warnung' if warnungen == 1 else 'Warnungen'}.")
    if fehler:
        raise click.exceptions.Exit(EXIT_FEHLER)


@cli.command("watch", context_settings=HILFE)
@click.argument("jahr", type=int)
@projekt_option
@format_option
@vorlage_option
@parameter_option
@hilfe_option
def watch_befehl(
    jahr: int, projekt: Path, formate: tuple[str, ...], vorlage, parameter: tuple[str, ...]
) -> None:
    """Den Bericht für JAHR bei jeder Änderung neu erzeugen (Kapitel, Daten, Vorlage, Einstellungen)."""
    from .beobachten import beobachten

    try:
        beobachten(
            jahr,
            projekt,
            formate=formate or None,
            vorlage=vorlage,
            parameter=_parameter(jahr, projekt, parameter),
            melde=_ausgeben,
        )
    except (KeyboardInterrupt, signale.Abgebrochen) as exc:  # Ctrl-C is how watching ends
        _ausgeben("Beobachtung beendet; der zuletzt gebaute Bericht liegt im Ausgabeordner.")
        raise click.exceptions.Exit(signale.rueckgabewert(exc)) from None


@cli.command("init", context_settings=HILFE)
@click.argument("ordner", type=click.Path(file_okay=False, path_type=Path), default=".", metavar="[ORDNER]")
@click.option("--jahr", type=int, default=None, metavar="JAHR", help="Berichtsjahr (Standard: dieses Jahr).")
@hilfe_option
def init_befehl(ordner: Path, jahr: int | None) -> None:
    """Ein neues Berichtsprojekt anlegen, das sofort gebaut werden kann."""
    from .anlegen import projekt_anlegen

    anlage = projekt_anlegen(ordner, jahr)
    click.echo(f"Angelegt in {anlage.ordner} ({len(anlage.angelegt)} Dateien):")
    for datei in anlage.angelegt:
        click.echo(f"  {datei}")
    projekt = "" if anlage.ordner == Path(".") else f" --projekt {anlage.ordner}"
    click.echo(f"Danach: berichtsgen build {anlage.jahr}{projekt}")
    click.echo("Die Einträge „Mustereintrag“ und „Mustertext“ ersetzen Sie durch die eigenen.")


@cli.command("new", context_settings=HILFE)
@click.argument("jahr", type=int)
@click.option(
    "--from",
    "von",
    type=int,
    required=True,
    metavar="JAHR",
    help="Das Jahr, dessen Bericht fortgeschrieben wird.",
)
@projekt_option
@hilfe_option
def new_befehl(jahr: int, von: int, projekt: Path) -> None:
    """Den Bericht für JAHR aus dem Bericht eines Vorjahres beginnen (Fortschreibung)."""
    from .fortschreibung import neues_jahr

    ergebnis = neues_jahr(projekt, jahr, von)
    click.echo(f"Angelegt ({len(ergebnis.angelegt)} Dateien):")
    for datei in ergebnis.angelegt:
        click.echo(f"  {datei}")
    click.echo("Zu tun:")
    for punkt in ergebnis.zu_tun:
        click.echo(f"  {punkt}")
    click.echo(f"Danach: berichtsgen check {jahr}, dann berichtsgen build {jahr}.")


@cli.command("import", context_settings=HILFE)
@click.argument("jahr", type=int)
@click.argument("beitrag", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--kapitel", required=True, metavar="NAME", help="Name der Kapiteldatei ohne .md, etwa 03-wohnen."
)
@click.option(
    "--aenderungen",
    type=click.Choice(["annehmen", "ablehnen"]),
    default=None,
    help="Nachverfolgte Änderungen des Beitrags annehmen oder ablehnen (ohne: ein Beitrag mit offenen Änderungen wird nicht übernommen).",
)
@projekt_option
@hilfe_option
def import_befehl(jahr: int, beitrag: Path, kapitel: str, aenderungen: str | None, projekt: Path) -> None:
    """Den Word-Beitrag BEITRAG als Kapitel für JAHR übernehmen (Beitragsrunde)."""
    from .beitrag import import_docx

    ergebnis = import_docx(jahr, beitrag, kapitel, projekt, aenderungen=aenderungen)
    for befund in ergebnis.befunde:
        click.echo(befund.zeile())
    click.echo(f"Kapitel angelegt: {ergebnis.kapitel} ({_hinweise(len(ergebnis.befunde))})")
    for datei in ergebnis.diagrammwerte:
        click.echo(f"Werte eines Word-Diagramms: {datei}")
    click.echo(f"Protokoll: {ergebnis.protokoll}")
    click.echo(f"Danach: berichtsgen check {jahr}")


@cli.command("review", context_settings=HILFE)
@click.argument("jahr", type=int)
@click.option(
    "--kapitel",
    "kapitel",
    multiple=True,
    required=True,
    metavar="NAME",
    help="Kapitel zur Durchsicht (Dateiname ohne .md); mehrmals für mehrere.",
)
@click.option("--an", default=None, metavar="EMPFÄNGER", help='An wen die Durchsicht geht, etwa "FB 50".')
@projekt_option
@vorlage_option
@hilfe_option
def review_befehl(
    jahr: int, kapitel: tuple[str, ...], an: str | None, projekt: Path, vorlage: Path | None
) -> None:
    """Kapitel als Word-Datei zur Durchsicht an einen Fachbereich (Beitragsrunde).

    \b
    Die Datei hat die Vorlage und die Nummern des ganzen Berichts, nachverfolgte
    Änderungen sind eingeschaltet, berechnete Tabellen und Diagramme grau hinterlegt
    (bitte kommentieren statt ändern). Sie liegt mit ihrer Begleitdatei unter
    beitraege/JAHR/durchsicht/.
    """
    from .bau import review

    ergebnis = review(
        jahr, kapitel, projekt, an=an, vorlage=vorlage, fortschritt=lambda t: _ausgeben(f"• {t}", fehler=True)
    )
    click.echo(str(ergebnis.datei))


@cli.command("merge", context_settings=HILFE)
@click.argument("jahr", type=int)
@click.argument("ruecklauf", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--schreiben", is_flag=True, help="Die Änderungen in die Kapitel schreiben (ohne: nur zeigen).")
@projekt_option
@hilfe_option
def merge_befehl(jahr: int, ruecklauf: Path, schreiben: bool, projekt: Path) -> None:
    """Die zurückgekommene Durchsicht RUECKLAUF in die Kapitel übernehmen (Beitragsrunde).

    \b
    Zeigt die Änderungen als Unterschied (diff) und alles, was nicht übernommen
    wird: geänderte Zahlen, berechnete Tabellen, Konflikte; dazu die Kommentare.
    Geschrieben wird erst mit --schreiben.
    """
    from .ruecklauf import merge

    ergebnis = merge(jahr, ruecklauf, projekt, schreiben=schreiben)
    if ergebnis.schon:
        click.echo(
            f"Dieser Rücklauf ist schon übernommen ({ergebnis.schon[:16].replace('T', ' ')}); es ändert sich nichts."
        )
        return
    if ergebnis.diff:
        click.echo(ergebnis.diff, nl=False)
    for befund in ergebnis.befunde:
        click.echo(befund.zeile())
    for stimme in ergebnis.kommentare:
        click.echo(stimme.zeile_text())
    offen = sum(not s.erledigt for s in ergebnis.kommentare)
    anzahl = len(ergebnis.geaendert)
    if not ergebnis.diff:
        click.echo("Keine Textänderungen.")
    elif ergebnis.geschrieben:
        click.echo(f"Übernommen in {anzahl} Kapitel" + ("datei." if anzahl == 1 else "dateien."))
    else:
        click.echo(f"Noch nichts geschrieben. Übernehmen: berichtsgen merge {jahr} {ruecklauf} --schreiben")
    if ergebnis.geschrieben:
        click.echo(f"Protokoll: {ergebnis.protokoll}")
    if offen:
        click.echo(f"{offen} offene Kommentare" if offen != 1 else "1 offener Kommentar")
        beispiel = next(s.kennung for s in ergebnis.kommentare if not s.erledigt)
        click.echo(
            f"Erledigen: berichtsgen resolve {jahr} {beispiel} (die Kennung steht am Ende der Kommentarzeile)"
        )


@cli.command("resolve", context_settings=HILFE)
@click.argument("jahr", type=int)
@click.argument("kommentare", nargs=-1, required=True, metavar="KENNUNG")
@projekt_option
@hilfe_option
def resolve_befehl(jahr: int, kommentare: tuple[str, ...], projekt: Path) -> None:
    """Kommentare aus einem Rücklauf als erledigt vermerken (check nennt sie dann nicht mehr)."""
    from .ruecklauf import erledigen

    for stimme in erledigen(jahr, list(kommentare), projekt):
        click.echo(("War schon erledigt: " if stimme.vorher_erledigt else "Erledigt: ") + stimme.zeile_text())


def _hinweise(n: int) -> str:
    return "1 Hinweis" if n == 1 else f"{n} Hinweise"


@cli.command("status", context_settings=HILFE)
@click.argument("jahr", type=int)
@projekt_option
@hilfe_option
def status_befehl(jahr: int, projekt: Path) -> None:
    """Stand der Beitragsrunde für JAHR: je Kapitel Fachbereich, Übernahme, Durchsicht."""
    from .beitrag import status

    for k in status(jahr, projekt):
        teile = [k.kapitel, k.fachbereich or "–"]
        if not k.vorhanden and k.importiert:
            teile.append(f"Kapiteldatei fehlt (übernommen {k.importiert[:10]} aus {k.beitrag})")
        elif not k.vorhanden:
            teile.append("noch nicht geliefert")
        elif k.importiert:
            teile.append(f"übernommen {k.importiert[:10]} aus {k.beitrag} ({_hinweise(k.hinweise)})")
        else:
            teile.append("nicht aus Word übernommen")
        for (wann, an, datei), rueck in zip(k.durchsichten, k.zurueck, strict=True):
            teil = f"zur Durchsicht {wann[:10]}" + (f" an {an}" if an else "") + f" ({datei})"
            for zurueck, rueckdatei, geaendert, meldungen in rueck:
                teil += f": zurück {zurueck[:10]} ({rueckdatei}), " + (
                    "übernommen" if geaendert else "nichts übernommen"
                )
                if meldungen:
                    teil += ", 1 Meldung" if meldungen == 1 else f", {meldungen} Meldungen"
            teile.append(teil if rueck else teil + ": Rücklauf offen")
        if k.offene_kommentare:
            teile.append(
                "1 offener Kommentar"
                if k.offene_kommentare == 1
                else f"{k.offene_kommentare} offene Kommentare"
            )
        click.echo(" · ".join(teile))


@cli.command("schema", context_settings=HILFE)
@hilfe_option
def schema_befehl() -> None:
    """Das JSON-Schema von berichtsgen.toml ausgeben, für Ergänzung und Prüfung im Editor.

    \b
    Speichern neben der Projektdatei und dort als erste Zeile eintragen:
      berichtsgen schema > berichtsgen.schema.json
      #:schema ./berichtsgen.schema.json
    """
    from .projekt import schema_text

    click.echo(schema_text(), nl=False)


@cli.command("template", context_settings=HILFE)
@click.argument("datei", type=click.Path(dir_okay=False, path_type=Path))
@hilfe_option
def template_befehl(datei: Path) -> None:
    """Zeigen, was die Word- oder PowerPoint-Vorlage DATEI bietet und was ihr fehlt."""
    from .bau import vorlage_pruefen

    if not datei.is_file():
        raise click.BadParameter(f"Datei „{datei}“ nicht gefunden.", param_hint="DATEI")
    bericht, befunde = vorlage_pruefen(datei)
    click.echo(f"Vorlage {datei}")
    for zeile in bericht.zeilen:
        click.echo(f"  {zeile}")
    for hinweis in bericht.hinweise:
        click.echo(f"  Hinweis: {hinweis}")
    for befund in befunde:  # the same findings, and rule names, as check and build
        click.echo(befund.zeile(), err=befund.fehler)
    for fehler in bericht.fehler:
        click.echo(f"{datei}: Fehler: {fehler}", err=True)
    if bericht.fehler or any(b.fehler for b in befunde):
        raise click.exceptions.Exit(EXIT_FEHLER)


_UEBERSETZUNGEN = [
    (r"No such option: (\S+)", r"Unbekannte Option: \1"),
    (r"No such option '(\S+)'\.?", r"Unbekannte Option \1."),
    (r"Missing option '(\S+)'\.?", r"Es fehlt die Option \1"),
    (r"Missing argument '(\S+)'\.?", r"Es fehlt die Angabe \1"),
    (r"No such command '(\S+)'\.", r"Unbekannter Befehl „\1“."),
    (r"No such command '(\S+)'", r"Unbekannter Befehl „\1“"),
    (r"'(\S+)' is not a valid integer\.?", r"„\1“ ist keine ganze Zahl"),
    (r"Invalid value for '?([^':]+)'?: (.*)", r"Ungültiger Wert für \1: \2"),
    (r"Got unexpected extra arguments? \((.*)\)", r"Unerwartete Angabe: \1"),
    (r"Option '(\S+)' requires an argument\.?", r"Option \1 braucht einen Wert"),
    (r"'(\S+)' is not one of (.*)\.", r"„\1“ ist nicht erlaubt; möglich: \2"),
    (r"Did you mean '?([^'?]*)'?\?", r"Meinten Sie „\1“?"),
    (r"Directory '([^']*)' is a file\.?", r"„\1“ ist eine Datei, kein Ordner"),
    (r"File '([^']*)' is a directory\.?", r"„\1“ ist ein Ordner, keine Datei"),
    (r"(?:File|Directory|Path) '([^']*)' does not exist\.?", r"„\1“ gibt es nicht"),
    (
        r"(?:File|Directory|Path) '([^']*)' is not (?:readable|writable|executable)\.?",
        r"auf „\1“ fehlt der Zugriff",
    ),
]


def _deutsch(text: str) -> str:
    for muster, ersatz in _UEBERSETZUNGEN:
        text = re.sub(muster, ersatz, text)
    return text


def _ausgeben(text: str, fehler: bool = False) -> None:
    """Print a line; a closed pipe (`… | head -1`) silences further output but never stops a build."""
    try:
        click.echo(text, err=fehler)
    except (BrokenPipeError, ValueError, OSError):
        strom = sys.stderr if fehler else sys.stdout
        try:  # later writes and Python's flush at exit go nowhere instead of failing
            os.dup2(os.open(os.devnull, os.O_WRONLY), strom.fileno())
        except (OSError, ValueError, AttributeError):
            pass


def main(argv: list[str] | None = None) -> None:
    """Run the command line and exit with 0 (success), 1 (error in the project) or 2 (usage)."""
    # The process ends with the command. Python's collection passes at exit then search every
    # object of a build for cycles (0,4 s after a report); frozen, the objects are still freed,
    # only not searched. Registered here, it runs after whatever the command registered.
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)
    vorher = signale.abfangen()
    try:
        code = cli.main(args=argv, prog_name="berichtsgen", standalone_mode=False)
    except click.exceptions.UsageError as exc:
        befehl = exc.ctx.command_path if exc.ctx else "berichtsgen"
        meldung = _deutsch(exc.format_message()).rstrip(".")
        schluss = "" if meldung.endswith("?") else "."
        _ausgeben(f"Aufruffehler: {meldung}{schluss} Hilfe: {befehl} --help", fehler=True)
        sys.exit(EXIT_AUFRUF)
    except (click.exceptions.Abort, KeyboardInterrupt, signale.Abgebrochen) as exc:
        _ausgeben("Abgebrochen. Der letzte vollständige Bericht ist unverändert.", fehler=True)
        sys.exit(signale.rueckgabewert(exc))
    except BerichtsgenFehler as exc:
        _ausgeben(exc.zeile(), fehler=True)
        sys.exit(EXIT_FEHLER)
    except Exception:  # a defect in berichtsgen itself: one line, details in a file
        _ausgeben(f"Interner Fehler in berichtsgen. {details_ablegen()}", fehler=True)
        sys.exit(EXIT_FEHLER)
    finally:
        signale.zuruecksetzen(vorher)
    sys.exit(code if isinstance(code, int) else EXIT_OK)
