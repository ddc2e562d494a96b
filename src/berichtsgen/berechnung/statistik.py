"""A pandas column type that keeps each cell's sign with the cell: `dtype="statistik"`.

A number column read from a statistics office's export holds, per cell, the value and how the
office wrote it (`zeichen.Zelle`: "–", ".", "(123)", "1.234 p", "15,10"). The marking travels
with the cell by position through everything that moves cells – rename, `set_index`, sorting,
filtering, selecting, `merge`, `concat`, transposing – because pandas moves the whole array.
Arithmetic follows one rule in the spirit of DIN 55301 (see README, "Zeichen beim Rechnen"):

- a result computed from an unknown (".", "…", "/") or locked ("x") operand is no number and
  carries that sign, the strongest of them ("x" > "." > "/" > "…");
- "–" (nichts vorhanden) counts as 0;
- parentheses and marks ("p", "r", "s", "1)") stay only on cells that reach the table unchanged;
- a division by 0 has no meaningful result: "x".

Reductions (`sum`, `mean`, …, also per group and along rows) follow the same rule: a sum over a
column with a "." is ".". Each cell also knows whether it is a whole number (a count), so that a
count among shares prints without decimals. Scalars taken out of the column are plain `int` or
`float`, or a `Wert` (a float) where the cell carries a sign or mark, so that the sign survives a
round trip through Python objects (a transposed frame of mixed types) too.
"""

from __future__ import annotations

import numbers
import operator
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionArray, ExtensionDtype, register_extension_dtype

from .zeichen import Zelle

STAERKE = ("", "…", "/", ".", "x")
"""The signs that stand for a missing value, weakest first: a result carries the strongest."""
_CODE = {z: i for i, z in enumerate(STAERKE)}
GESPERRT = _CODE["x"]


class Wert(float):
    """A float that remembers how its cell was written, or the sign that stands in its place.

    `zelle`: the cell as the data file wrote it, where the value reached here unchanged.
    `zeichen`: the sign of a missing value (".", "…", "/", "x"), also where computed.
    `ganz`: the value is a whole number (a count).
    Arithmetic gives a plain float, except that a sign of a missing value is carried on.
    """

    __slots__ = ("zelle", "zeichen", "ganz")

    def __new__(cls, wert: float, zelle: Zelle | None = None, zeichen: str = "", ganz: bool = False) -> Wert:
        objekt = super().__new__(cls, wert)
        objekt.zelle = zelle
        objekt.zeichen = zeichen
        objekt.ganz = ganz
        return objekt

    def __repr__(self) -> str:
        if self.zelle is not None and self.zelle.besonders:
            return f"Wert({float(self)!r}, {self.zelle.drucken(str(float(self)))!r})"
        return f"Wert({self.zeichen!r})" if self.zeichen else f"Wert({float(self)!r})"

    def __str__(self) -> str:
        if self.zeichen:
            return self.zeichen
        return str(int(self)) if self.ganz and float(self).is_integer() else float.__repr__(self)

    def __format__(self, spec: str) -> str:
        return str(self) if not spec else format(float(self), spec)

    def __reduce__(self):
        return (Wert, (float(self), self.zelle, self.zeichen, self.ganz))


def _wert_op(name: str):
    grund = getattr(float, name)

    def methode(self, other):
        ergebnis = grund(self, other)
        if ergebnis is NotImplemented:
            return ergebnis
        staerkste = max(_CODE[self.zeichen], _CODE[getattr(other, "zeichen", "")])
        return Wert(float("nan"), zeichen=STAERKE[staerkste]) if staerkste else ergebnis

    methode.__name__ = name
    return methode


for _name in (
    "__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__", "__truediv__",
    "__rtruediv__", "__floordiv__", "__rfloordiv__", "__mod__", "__rmod__", "__pow__", "__rpow__",
):  # fmt: skip
    setattr(Wert, _name, _wert_op(_name))


@register_extension_dtype
class StatistikDtype(ExtensionDtype):
    """The dtype of a column of statistics cells: numbers with their signs and marks."""

    name = "statistik"
    type = Wert
    kind = "f"
    na_value = np.nan
    _is_numeric = True

    def __repr__(self) -> str:
        return "StatistikDtype()"

    @classmethod
    def construct_array_type(cls) -> type[StatistikArray]:
        return StatistikArray


def _ist_fehlend(wert: Any) -> bool:
    if wert is None or wert is pd.NA or wert is pd.NaT:
        return True
    return isinstance(wert, float) and wert != wert


class StatistikArray(ExtensionArray):
    """The cells of one column: value, sign of a missing value, whole-number flag, source cell."""

    _HANDLED_TYPES = (np.ndarray, numbers.Number)

    def __init__(self, werte: np.ndarray, codes: np.ndarray, ganz: np.ndarray, zellen: np.ndarray) -> None:
        self._werte = np.asarray(werte, dtype="float64")
        self._codes = np.asarray(codes, dtype="int8")
        self._ganz = np.asarray(ganz, dtype="bool")
        self._zellen = np.asarray(zellen, dtype="object")

    # ---- construction ------------------------------------------------------------------------

    @classmethod
    def aus_zellen(cls, zellen: list[Zelle]) -> StatistikArray:
        """Build the column from cells as read from a data file."""
        n = len(zellen)
        werte = np.full(n, np.nan)
        codes = np.zeros(n, dtype="int8")
        ganz = np.zeros(n, dtype="bool")
        for i, z in enumerate(zellen):
            if z.zeichen in _CODE:
                codes[i] = _CODE[z.zeichen]
            elif z.wert is not None:
                werte[i] = z.wert
                ganz[i] = not z.stellen and float(z.wert).is_integer()
        objekte = np.empty(n, dtype="object")
        objekte[:] = list(zellen)
        return cls(werte, codes, ganz, objekte)

    @classmethod
    def _from_sequence(cls, scalars, *, dtype=None, copy: bool = False) -> StatistikArray:
        if isinstance(scalars, StatistikArray):
            return scalars.copy() if copy else scalars
        if isinstance(scalars, ExtensionArray) and not isinstance(scalars, StatistikArray):
            scalars = scalars.to_numpy(dtype="object", na_value=np.nan)
        liste = list(scalars)
        n = len(liste)
        werte = np.full(n, np.nan)
        codes = np.zeros(n, dtype="int8")
        ganz = np.zeros(n, dtype="bool")
        zellen = np.empty(n, dtype="object")
        for i, s in enumerate(liste):
            if isinstance(s, Wert):
                werte[i] = float(s)
                codes[i] = _CODE.get(s.zeichen, 0)
                ganz[i] = s.ganz
                zellen[i] = s.zelle
            elif _ist_fehlend(s):
                continue
            elif isinstance(s, (bool, np.bool_)):
                raise TypeError(f"„{s}“ ist keine Zahl")
            elif isinstance(s, numbers.Integral):
                werte[i], ganz[i] = float(s), True
            elif isinstance(s, numbers.Real):
                werte[i] = float(s)
            else:
                raise TypeError(f"„{s}“ ist keine Zahl")
        return cls(werte, codes, ganz, zellen)

    @classmethod
    def _from_factorized(cls, values, original) -> StatistikArray:
        return cls._from_sequence(values)

    @classmethod
    def _berechnet(cls, werte: np.ndarray, codes: np.ndarray, ganz: np.ndarray) -> StatistikArray:
        """Cells computed here: no source cell behind them, so no marks."""
        return cls(werte, codes, ganz, np.full(len(werte), None, "object"))

    @classmethod
    def _leer(cls, n: int) -> StatistikArray:
        return cls(np.full(n, np.nan), np.zeros(n, "int8"), np.zeros(n, "bool"), np.full(n, None, "object"))

    # ---- the ExtensionArray interface --------------------------------------------------------

    @property
    def dtype(self) -> StatistikDtype:
        return StatistikDtype()

    def __len__(self) -> int:
        return len(self._werte)

    @property
    def nbytes(self) -> int:
        return self._werte.nbytes + self._codes.nbytes + self._ganz.nbytes + self._zellen.nbytes

    def _skalar(self, i: int) -> Any:
        wert, code, zelle = self._werte[i], self._codes[i], self._zellen[i]
        if code or (zelle is not None and (zelle.besonders or zelle.stellen or not zelle.wert)):
            return Wert(wert, zelle, STAERKE[code], bool(self._ganz[i]))
        if wert != wert:
            return np.nan
        return int(wert) if self._ganz[i] else float(wert)

    def __getitem__(self, key):
        if isinstance(key, (int, np.integer)):
            return self._skalar(int(key))
        key = pd.api.indexers.check_array_indexer(self, key)
        return type(self)(self._werte[key], self._codes[key], self._ganz[key], self._zellen[key])

    def __setitem__(self, key, value) -> None:
        key = pd.api.indexers.check_array_indexer(self, key)
        neu = value if isinstance(value, StatistikArray) else None
        if neu is None:
            if pd.api.types.is_list_like(value):
                neu = StatistikArray._from_sequence(value)
            else:
                neu = StatistikArray._from_sequence([value])
                if isinstance(key, np.ndarray) and key.dtype == bool:
                    anzahl = int(key.sum())
                elif isinstance(key, slice):
                    anzahl = len(range(*key.indices(len(self))))
                else:
                    anzahl = len(np.atleast_1d(key))
                neu = neu.take(np.zeros(anzahl, dtype="intp"))
        if isinstance(key, (int, np.integer)):
            neu = neu[:1]
        self._werte[key] = neu._werte
        self._codes[key] = neu._codes
        self._ganz[key] = neu._ganz
        self._zellen[key] = neu._zellen

    def __iter__(self):
        for i in range(len(self)):
            yield self._skalar(i)

    def isna(self) -> np.ndarray:
        return np.isnan(self._werte)

    def take(self, indices, allow_fill: bool = False, fill_value=None) -> StatistikArray:
        indices = np.asarray(indices, dtype="intp")
        if allow_fill:
            fehlt = indices == -1
            if (indices < -1).any():
                raise ValueError("Ungültiger Index beim Auswählen.")
            if len(self) == 0 and len(indices) and not fehlt.all():
                raise IndexError("Auswahl aus einer leeren Spalte.")
            sicher = np.where(fehlt, 0, indices)
            if len(self) == 0:
                return self._leer(len(indices))
            ergebnis = type(self)(
                self._werte.take(sicher),
                self._codes.take(sicher),
                self._ganz.take(sicher),
                self._zellen.take(sicher),
            )
            if fehlt.any():
                ergebnis._werte[fehlt] = np.nan if _ist_fehlend(fill_value) else float(fill_value)
                ergebnis._codes[fehlt] = 0
                ergebnis._ganz[fehlt] = isinstance(fill_value, numbers.Integral)
                ergebnis._zellen[fehlt] = None
            return ergebnis
        return type(self)(
            self._werte.take(indices),
            self._codes.take(indices),
            self._ganz.take(indices),
            self._zellen.take(indices),
        )

    def copy(self) -> StatistikArray:
        return type(self)(self._werte.copy(), self._codes.copy(), self._ganz.copy(), self._zellen.copy())

    @classmethod
    def _concat_same_type(cls, to_concat) -> StatistikArray:
        teile = list(to_concat)
        return cls(
            np.concatenate([t._werte for t in teile]),
            np.concatenate([t._codes for t in teile]),
            np.concatenate([t._ganz for t in teile]),
            np.concatenate([t._zellen for t in teile]),
        )

    def _values_for_factorize(self):
        return self._werte.copy(), np.nan

    def _values_for_argsort(self) -> np.ndarray:
        return self._werte

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        if dtype is not None and np.dtype(dtype) == object:
            return self._objekte()
        return self._werte.astype(dtype or "float64", copy=True)

    def _objekte(self) -> np.ndarray:
        objekte = np.empty(len(self), dtype="object")
        objekte[:] = list(self)
        return objekte

    def _besonders(self) -> bool:
        """Some cell carries a sign, a mark or the decimals it was written with."""
        return bool(self._codes.any()) or any(
            z is not None and (z.besonders or z.stellen or not z.wert) for z in self._zellen
        )

    def to_numpy(self, dtype=None, copy: bool = False, na_value=pd.api.extensions.no_default) -> np.ndarray:
        """Floats; with no dtype asked for, Python objects (`Wert`) where a cell carries a sign or
        mark, as pandas' own masked arrays give objects where a value is missing – so that a
        transposed frame keeps its signs. Integers only with `na_value` where a value is missing."""
        gegeben = na_value is not pd.api.extensions.no_default
        if dtype is None and not gegeben and self._besonders():
            dtype = object
        if dtype is not None and np.dtype(dtype) == object:
            ergebnis = self._objekte()
            if gegeben:
                ergebnis[self.isna() & (self._codes == 0)] = na_value
            return ergebnis
        ziel = np.dtype(dtype or "float64")
        if ziel.kind != "f" and not gegeben and self.isna().any():
            raise ValueError("Die Spalte hat fehlende Werte; geben Sie na_value an.")
        werte = self._werte.copy()
        if gegeben:
            werte[self.isna()] = na_value
        return werte.astype(ziel)

    def astype(self, dtype, copy: bool = True):
        dtype = pd.api.types.pandas_dtype(dtype)
        if isinstance(dtype, StatistikDtype):
            return self.copy() if copy else self
        if isinstance(dtype, ExtensionDtype):
            if dtype.kind in "iuf" or str(dtype) in ("Int64", "Float64"):
                return pd.array(np.where(self.isna(), None, self._werte).tolist(), dtype=dtype)
            return dtype.construct_array_type()._from_sequence(self._objekte(), dtype=dtype)
        if dtype.kind == "O":
            return self._objekte()
        if dtype.kind in "US":
            return np.array([str(w) for w in self], dtype=dtype)
        return self.to_numpy(dtype=dtype)

    def _formatter(self, boxed: bool = False):
        def zeigen(wert) -> str:
            if isinstance(wert, Wert):
                if wert.zeichen:
                    return wert.zeichen
                if wert.zelle is not None and wert.zelle.wert is None:
                    return ""
                zahl = str(int(wert)) if wert.ganz else repr(float(wert))
                return wert.zelle.drucken(zahl) if wert.zelle is not None else zahl
            return "<NA>" if _ist_fehlend(wert) else str(wert)

        return zeigen

    # ---- what pandas asks of a numeric column ------------------------------------------------

    def round(self, decimals: int = 0, *args, **kwargs) -> StatistikArray:
        """Round the values; a cell whose value does not change keeps its marking."""
        werte = np.round(self._werte, decimals)
        gleich = (werte == self._werte) | np.isnan(self._werte)
        zellen = np.where(gleich, self._zellen, None)
        ganz = self._ganz | ((decimals <= 0) & ~np.isnan(werte))
        return type(self)(werte, self._codes.copy(), ganz, zellen)

    def _reduce(self, name: str, *, skipna: bool = True, keepdims: bool = False, **kwargs):
        ergebnis = self._reduzieren(name, skipna, **kwargs)
        if keepdims:
            return (
                StatistikArray._from_sequence([ergebnis])
                if name not in ("any", "all", "count")
                else np.array([ergebnis])
            )
        return ergebnis

    def _reduzieren(self, name: str, skipna: bool, **kwargs):
        gueltig = ~self.isna()
        if name in ("any", "all"):
            werte = self._werte[gueltig] if skipna else np.where(gueltig, self._werte, 1.0)
            return bool(getattr(np, name)(werte != 0))
        staerkste = int(self._codes.max(initial=0))
        if staerkste:  # DIN 55301: a sum over an unknown is unknown
            return Wert(np.nan, zeichen=STAERKE[staerkste])
        if not skipna and not gueltig.all():
            return np.nan
        werte = self._werte[gueltig]
        min_count = kwargs.get("min_count", 0)
        if len(werte) < max(min_count, 1 if name not in ("sum", "prod") else 0):
            return np.nan
        if name in ("sum", "prod", "min", "max"):
            ergebnis = float(getattr(np, name)(werte))
            return int(ergebnis) if self._ganz[gueltig].all() and ergebnis.is_integer() else ergebnis
        if name in ("mean", "median"):
            return float(getattr(np, name)(werte))
        if name in ("std", "var", "sem"):
            ddof = kwargs.get("ddof", 1)
            if len(werte) <= ddof:
                return np.nan
            if name == "sem":
                return float(np.std(werte, ddof=ddof) / np.sqrt(len(werte)))
            return float(getattr(np, name)(werte, ddof=ddof))
        if name in ("skew", "kurt"):
            return float(getattr(pd.Series(werte), name)())
        raise TypeError(f"„{name}“ ist für Zahlen mit Zeichen nicht möglich.")

    def _accumulate(self, name: str, *, skipna: bool = True, **kwargs) -> StatistikArray:
        funktion = {
            "cumsum": np.cumsum,
            "cumprod": np.cumprod,
            "cummin": np.minimum.accumulate,
            "cummax": np.maximum.accumulate,
        }
        if name not in funktion:
            raise TypeError(f"„{name}“ ist für Zahlen mit Zeichen nicht möglich.")
        fehlt = self.isna()
        werte = self._werte.copy()
        if skipna:
            neutral = {"cumsum": 0.0, "cumprod": 1.0, "cummin": np.inf, "cummax": -np.inf}[name]
            werte[fehlt] = neutral
        ergebnis = funktion[name](werte)
        codes = np.maximum.accumulate(self._codes) if len(self) else self._codes.copy()
        if skipna:
            ergebnis[fehlt & (codes == 0)] = np.nan
        ergebnis[codes > 0] = np.nan
        ganz = np.logical_and.accumulate(self._ganz | fehlt) if len(self) else self._ganz.copy()
        return self._berechnet(ergebnis, codes, ganz & ~np.isnan(ergebnis))

    def _groupby_op(self, *, how: str, has_dropped_na: bool, min_count: int, ngroups: int, ids, **kwargs):
        if how in ("first", "last"):  # a cell is picked, not computed: it keeps its marking
            return super()._groupby_op(
                how=how,
                has_dropped_na=has_dropped_na,
                min_count=min_count,
                ngroups=ngroups,
                ids=ids,
                **kwargs,
            )
        fehlt = self.isna()
        gleitend = pd.arrays.FloatingArray(np.where(fehlt, 0.0, self._werte), fehlt)
        ergebnis = gleitend._groupby_op(
            how=how, has_dropped_na=has_dropped_na, min_count=min_count, ngroups=ngroups, ids=ids, **kwargs
        )
        if not isinstance(ergebnis, pd.arrays.FloatingArray) or how in ("rank", "count", "size"):
            return ergebnis
        werte = ergebnis.to_numpy(dtype="float64", na_value=np.nan)
        ids = np.asarray(ids)
        if how.startswith("cum"):  # a transformation: the sign runs on within each group
            codes = np.zeros(len(self), dtype="int8")
            for gruppe in np.unique(ids[ids >= 0]):
                stellen = np.flatnonzero(ids == gruppe)
                codes[stellen] = np.maximum.accumulate(self._codes[stellen])
            werte[codes > 0] = np.nan
            return self._berechnet(werte, codes, np.zeros(len(werte), "bool"))
        codes = np.zeros(ngroups, dtype="int8")
        ganz = np.ones(ngroups, dtype="bool")
        gueltig = ids >= 0
        np.maximum.at(codes, ids[gueltig], self._codes[gueltig])
        np.logical_and.at(ganz, ids[gueltig], (self._ganz | fehlt)[gueltig])
        werte[codes > 0] = np.nan
        ganz &= ~np.isnan(werte) & (how in ("sum", "prod", "min", "max"))
        ganz &= np.mod(np.nan_to_num(werte), 1) == 0
        return self._berechnet(werte, codes, ganz)

    # ---- arithmetic and comparison -----------------------------------------------------------

    @staticmethod
    def _teile(other, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """Values, sign codes and whole-number flags of an operand, or None if it is no number."""
        if isinstance(other, StatistikArray):
            return other._werte, other._codes, other._ganz
        if isinstance(other, Wert):
            return (
                np.full(n, float(other)),
                np.full(n, _CODE.get(other.zeichen, 0), "int8"),
                np.full(n, other.ganz),
            )
        if isinstance(other, (bool, np.bool_)):
            return None
        if isinstance(other, numbers.Integral):
            return np.full(n, float(other)), np.zeros(n, "int8"), np.ones(n, "bool")
        if isinstance(other, numbers.Real) or other is None or other is pd.NA:
            wert = np.nan if _ist_fehlend(other) else float(other)
            return (
                np.full(n, wert),
                np.zeros(n, "int8"),
                np.full(n, float(wert).is_integer() if wert == wert else False),
            )
        if isinstance(other, (np.ndarray, ExtensionArray, list)):
            try:
                gegen = StatistikArray._from_sequence(other)
            except TypeError:
                return None
            if len(gegen) != n:
                raise ValueError("Die Längen passen nicht zusammen.")
            return gegen._werte, gegen._codes, gegen._ganz
        return None

    def _rechnen(self, other, op, umgekehrt: bool = False):
        if isinstance(other, (pd.Series, pd.DataFrame, pd.Index)):
            return NotImplemented
        teile = self._teile(other, len(self))
        if teile is None:
            return NotImplemented
        b, b_codes, b_ganz = teile
        a, a_codes, a_ganz = self._werte, self._codes, self._ganz
        if umgekehrt:
            a, b, a_codes, b_codes, a_ganz, b_ganz = b, a, b_codes, a_codes, b_ganz, a_ganz
        with np.errstate(all="ignore"):
            werte = np.asarray(op(a, b), dtype="float64")
        codes = np.maximum(a_codes, b_codes)
        if op in (operator.truediv, operator.floordiv, operator.mod, divmod):
            codes = np.where((codes == 0) & (b == 0) & ~np.isnan(a), GESPERRT, codes).astype("int8")
        werte = np.where(codes > 0, np.nan, werte)
        werte = np.where(np.isinf(werte), np.nan, werte)
        ganz = (
            a_ganz
            & b_ganz
            & (op in (operator.add, operator.sub, operator.mul, operator.floordiv, operator.mod))
        )
        ganz = ganz & ~np.isnan(werte)
        return self._berechnet(werte, codes, ganz)

    def _vergleichen(self, other, op):
        if isinstance(other, (pd.Series, pd.DataFrame, pd.Index)):
            return NotImplemented
        teile = self._teile(other, len(self))
        if teile is None:
            if op is operator.eq:
                return np.zeros(len(self), dtype="bool")
            if op is operator.ne:
                return np.ones(len(self), dtype="bool")
            return NotImplemented
        with np.errstate(invalid="ignore"):
            return np.asarray(op(self._werte, teile[0]), dtype="bool")

    def __neg__(self) -> StatistikArray:
        return self._berechnet(-self._werte, self._codes.copy(), self._ganz.copy())

    def __pos__(self) -> StatistikArray:
        return self.copy()

    def __abs__(self) -> StatistikArray:
        return self._berechnet(np.abs(self._werte), self._codes.copy(), self._ganz.copy())

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        if any(isinstance(x, (pd.Series, pd.DataFrame, pd.Index)) for x in inputs):
            return NotImplemented
        if method != "__call__" or kwargs.get("out"):
            roh = [np.asarray(x, dtype="float64") if isinstance(x, StatistikArray) else x for x in inputs]
            return getattr(ufunc, method)(*roh, **kwargs)
        codes = np.zeros(len(self), dtype="int8")
        for x in inputs:
            if isinstance(x, StatistikArray):
                codes = np.maximum(codes, x._codes)
        roh = [x._werte if isinstance(x, StatistikArray) else x for x in inputs]
        with np.errstate(all="ignore"):
            ergebnis = ufunc(*roh, **kwargs)
        if isinstance(ergebnis, tuple) or np.asarray(ergebnis).dtype.kind not in "fiu":
            return ergebnis
        werte = np.where(codes > 0, np.nan, np.asarray(ergebnis, dtype="float64"))
        werte = np.where(np.isinf(werte), np.nan, werte)
        return self._berechnet(werte, codes, np.zeros(len(werte), "bool"))

    # ---- what the printing needs -------------------------------------------------------------

    def zelle(self, i: int) -> Zelle | None:
        """How the data file wrote cell `i`, if it reached here unchanged."""
        return self._zellen[i]

    def zeichen(self, i: int) -> str:
        """The sign of a missing value in cell `i` ("" if none)."""
        return STAERKE[self._codes[i]]

    def ganz(self, i: int) -> bool:
        """Cell `i` holds a whole number (a count)."""
        return bool(self._ganz[i])


def _rechen_dunder(op, umgekehrt: bool = False):
    def methode(self, other):
        return self._rechnen(other, op, umgekehrt)

    return methode


for _name, _op in {
    "add": operator.add, "sub": operator.sub, "mul": operator.mul, "truediv": operator.truediv,
    "floordiv": operator.floordiv, "mod": operator.mod, "pow": operator.pow,
}.items():  # fmt: skip
    setattr(StatistikArray, f"__{_name}__", _rechen_dunder(_op))
    setattr(StatistikArray, f"__r{_name}__", _rechen_dunder(_op, umgekehrt=True))

for _name, _op in {
    "eq": operator.eq, "ne": operator.ne, "lt": operator.lt, "le": operator.le, "gt": operator.gt, "ge": operator.ge,
}.items():  # fmt: skip
    setattr(StatistikArray, f"__{_name}__", lambda self, other, _op=_op: self._vergleichen(other, _op))


def zelle_an(wert: Any) -> tuple[Zelle | None, str, bool | None]:
    """For a scalar from a frame: (the source cell if unchanged, the sign of a missing value,
    whole number or None if unknown). Plain ints are whole; plain floats are not known."""
    if isinstance(wert, Wert):
        return wert.zelle, wert.zeichen, wert.ganz
    if isinstance(wert, (bool, np.bool_)):
        return None, "", None
    if isinstance(wert, numbers.Integral):
        return None, "", True
    return None, "", None


def _kennzeichen(zelle: Zelle | None, zeichen: str) -> str:
    return zelle.kennzeichen() if zelle is not None else zeichen


def zeichen_der_zellen(df: pd.DataFrame) -> pd.DataFrame:
    """The sign or mark of every cell of `df` as text, in a frame of its shape (see `k.zeichen`)."""
    spalten = []
    for j in range(len(df.columns)):
        werte = df.iloc[:, j].array
        if isinstance(werte, StatistikArray):
            spalten.append([_kennzeichen(werte.zelle(i), werte.zeichen(i)) for i in range(len(werte))])
        else:
            spalten.append([_kennzeichen(*zelle_an(w)[:2]) for w in df.iloc[:, j].tolist()])
    zeilen = [[spalte[i] for spalte in spalten] for i in range(len(df))]
    return pd.DataFrame(zeilen, index=df.index, columns=df.columns, dtype="object")
