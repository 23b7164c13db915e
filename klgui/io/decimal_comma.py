"""How a file or a pasted block writes its numbers, decided once from all its weight
cells, and its cells rewritten as the parser reads them (dot decimals, no grouping).

Spreadsheets write ``0,8`` in many locales, group thousands with dots (``2.155`` is
2155 in German), commas, spaces, no-break spaces or apostrophes, and put look-alike
characters in cells. One cell alone is often ambiguous (``2.155``, ``1,234``); the
other cells of the same file almost always settle it. The rules:

- a cell that can only be read with a decimal comma (``0,8``, ``1.234,5``) votes for
  commas, one that can only be read with a decimal dot (``0.8``, ``1,234.5``) for dots;
  the mark with more votes is the file's (the cells of the other are then refused, by
  name); on a tie, or with no vote at all, a file with commas between its fields
  writes decimal dots, any other decimal commas on a tie and nothing on no vote; with
  no vote the dots are assumed (:class:`NumberFormat`), so that a quoted ``"1,500"`` in
  a comma-separated file, which could be 1.5 or 1500, is refused as a pasted one is;
- thousands are grouped strictly: 1 to 3 digits (the first not 0), then groups of
  exactly 3, all with the same separator; ``2.15`` in a decimal-comma file is an error,
  never a decimal point;
- a cell that is still ambiguous because nothing else settles the mark is refused.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from klgui.core.characters import normalized_number_text

__all__ = ["NumberFormat", "CellFormatError", "decide_format", "canonical_numbers", "plain_kind",
           "canonical_number", "is_number_like", "is_number_shaped"]

#: Characters that may separate thousands, and how a description names them.
GROUPING = {".": "dots", ",": "commas", " ": "spaces", "\u00a0": "no-break spaces",
            "\u202f": "narrow no-break spaces", "\u2009": "thin spaces",
            "'": "apostrophes", "\u2019": "apostrophes"}
_SEPARATORS = "".join(GROUPING)
_BODY = rf"[\d.,]|[\d.,][\d{re.escape(_SEPARATORS)}]*[\d.,]"
# (French spreadsheets put a narrow no-break space before %.)
_NUMBER = re.compile(rf"([+-]?)({_BODY})((?:[eE][+-]?\d+)?)([\s\u00a0\u202f\u2009]*%)?",
                     re.ASCII)
_GROUPED = re.compile(rf"[1-9]\d{{0,2}}([{re.escape(_SEPARATORS)}])\d{{3}}(?:\1\d{{3}})*",
                      re.ASCII)
_DIGITS = re.compile(r"\d*", re.ASCII)
# Searched in a column's cells joined by line breaks (with one in front): a literal
# first character lets the regular-expression engine skip ahead at C speed.
# 2.155: which mark is it? (1.234e-6, an exponent after three decimals, is no group)
_DOT_GROUP = re.compile(r"\n[ \t]*[+-]?[1-9]\d{0,2}\.\d{3}(?![\deE])")
_SPACE_GROUP = re.compile(r"\d \d")
_COMMAS = re.compile(r"\n[^\n,]*,")  # cells with a comma
_COMMAS_2 = re.compile(r"\n[^\n,]*,[^\n,]*,")  # cells with two or more
#: The start of a line that holds a comma but is not a number with a decimal comma.
_COMMA_WORD = re.compile(r"^(?=[^\n,]*,)(?![ \t]*[+-]?(?=\d|,\d)\d*,?\d*(?:[eE][+-]?\d+)?"
                         r"[ \t]*%?[ \t]*$)", re.M)
_COMMA_GROUP = re.compile(r"\n[ \t]*[+-]?[1-9]\d{0,2},\d{3}(?![\d,])")  # 1,234: which?


class CellFormatError(ValueError):
    """A cell whose digits the file's number format cannot read; ``index`` is its
    position in the cells given, ``problem`` a phrase following the quoted cell."""

    def __init__(self, problem: str, index: int) -> None:
        super().__init__(problem)
        self.problem = problem
        self.index = index


@dataclass(frozen=True)
class NumberFormat:
    """The decimal mark (``"."`` or ``","``; None when no cell shows it) and the
    thousands separators met, in :data:`GROUPING`'s order. ``assumed``: no cell showed
    the mark, it is the locale's (``prefer`` of :func:`decide_format`) or a
    comma-separated file's dot, and it settles a cell only as typing does: ``1,000``
    reads 1 with a decimal comma, while ``1.234``, which it would read only by taking
    the other mark between thousands, stays ambiguous. ``shown``: some cell holds the
    decimal mark as one (``0.5``; not only whole numbers, nor only ``1,234,567``, which
    votes for dots without showing one), so a message may name the mark as the file's.
    """

    decimal: str | None = "."
    grouping: tuple[str, ...] = ()
    assumed: bool = False
    shown: bool = field(default=True, compare=False)

    def describe(self) -> list[str]:
        """Phrases for a description line: ``["decimal commas", "dots between
        thousands"]``. Decimal dots, the parser's own, go unsaid."""
        parts = ["decimal commas"] if self.decimal == "," else []
        names = dict.fromkeys(GROUPING[g] for g in self.grouping)
        parts += [f"{name} between thousands" for name in names]
        return parts


def decide_format(columns: Iterable[Sequence[str]], delimiter: str | None = None,
                  kinds: Sequence[str | None] | None = None,
                  prefer: str | None = None) -> NumberFormat:
    """The number format of the weight cells in ``columns`` (lists of cell texts).

    Parameters
    ----------
    columns : iterable of sequences of str
        The cells that hold numbers (labels and words cast no vote, so passing them is
        harmless).
    delimiter : str or None
        What separates the fields; with ``","`` an undecided file writes decimal dots,
        assumed when no cell voted (a quoted ``"1,500"`` is then ambiguous, ``2.5`` and
        ``1.000`` are read).
    kinds : sequence of str or None, optional
        :func:`plain_kind` of each column, when known already.
    prefer : {".", ","} or None, optional
        The decimal mark when the cells do not decide it (a pasted ``1,000`` alone):
        the locale's, read as typing reads it (the format is ``assumed``: a cell that
        would need the other mark between thousands, ``1.234`` where the decimal mark is
        a comma, is still refused as ambiguous). None leaves it undecided, and a cell
        that reads two ways is then refused.
    """
    votes = {".": 0, ",": 0}
    shown = {".": False, ",": False}  # a cell holds that mark as its decimal mark
    grouping: dict[str, list[str]] = {".": [], ",": []}
    for k, cells in enumerate(columns):
        joined = "\n" + "\n".join(cells)
        kind = _plain_kind(joined, len(cells)) if kinds is None else kinds[k]
        if kind == ".":  # plain decimals: each cell with a dot votes for dots
            n = joined.count(".")
            votes["."] += n
            shown["."] = shown["."] or n > 0
            continue
        if kind == ",":  # no dot, no grouping: commas decide
            multi = len(_COMMAS_2.findall(joined))  # 1,234,567: commas between thousands
            single = len(_COMMAS.findall(joined)) - multi
            decimal = single - len(_COMMA_GROUP.findall(joined))  # 0,8 but not 1,234
            votes["."] += multi
            votes[","] += decimal
            shown[","] = shown[","] or decimal > 0
            if multi:
                grouping["."].append(",")
            continue
        for (as_dot, as_comma), k in _cell_readings(cells):
            if as_dot and as_comma:  # both readings (2.155, or 987): no vote
                for mark, reading in (".", as_dot), (",", as_comma):
                    if reading[1]:
                        grouping[mark].append(reading[1])
                continue
            mark, reading = (".", as_dot) if as_dot else (",", as_comma)
            if reading is None:
                continue
            votes[mark] += k
            shown[mark] = shown[mark] or "." in reading[0]  # (read with a dot: 1234.5)
            if reading[1]:
                grouping[mark].append(reading[1])
    assumed = False
    if votes["."] != votes[","]:
        decimal = "." if votes["."] > votes[","] else ","
    elif delimiter == ",":  # assumed when no cell votes: a quoted "1,500" stays ambiguous
        decimal, assumed = ".", not votes["."]
    else:
        decimal = "," if votes[","] else prefer
        assumed = not votes[","] and prefer is not None
    seps = grouping[decimal] if decimal else []
    return NumberFormat(decimal, tuple(g for g in GROUPING if g in seps), assumed,
                        shown.get(decimal or "", False))


def canonical_numbers(cells: Sequence[str], fmt: NumberFormat, kind: str | None = "?"
                      ) -> list[str]:
    """``cells`` rewritten as the parser reads them: look-alike characters replaced
    (:func:`~klgui.core.characters.normalized_number_text`), the decimal mark a dot,
    no thousands separators. Text that is not a number is kept as it is (``x,5``
    stays ``x,5``), for the parser to refuse in its words.

    Raises
    ------
    CellFormatError
        For the first cell whose marks do not fit ``fmt`` (``2.15`` in a decimal-comma
        file) or that stays ambiguous (``2.155`` when ``fmt.decimal`` is None).

    ``kind`` is :func:`plain_kind` of ``cells`` when known already ("?": not known).
    """
    if kind == "." and fmt.decimal != ",":
        return list(cells)  # plain decimals (or integers), the usual large file
    joined = "\n" + "\n".join(cells)
    if kind == "?":
        kind = _plain_kind(joined, len(cells))
    if kind == "." and (fmt.decimal != "," or "." not in joined):
        return list(cells)
    if kind == "," and fmt.decimal == "," and _COMMAS_2.search(joined) is None:
        out = joined[1:].replace(",", ".").split("\n")  # one decimal comma at most each
        for i in _comma_words(joined):  # (a cell like x,5 is no number: as it is)
            out[i] = canonical_number(cells[i], fmt)
        return out
    out = []
    seen: dict[str, str] = {}
    for i, cell in enumerate(cells):
        if (text := seen.get(cell)) is None:
            try:
                text = seen[cell] = canonical_number(cell, fmt)
            except CellFormatError as e:
                e.index = i
                raise
        out.append(text)
    return out


def _comma_words(joined: str) -> list[int]:
    """The 0-based cells of ``joined`` (ASCII cells, one comma at most each, a line
    break in front of each) that hold a comma but are not shaped like a number with a
    decimal comma (``x,5``, ``,``): every cell that might not be one, and perhaps a few
    that are (the caller reads those one by one). Digits and commas alone are read at C
    speed; other text line by line."""
    if not joined.encode("ascii").translate(None, b"0123456789,\n"):
        if "\n,\n" not in joined + "\n":  # only "," alone is not a number there
            return []
    found, breaks, pos = [], 0, 0
    for m in _COMMA_WORD.finditer(joined):
        breaks += joined.count("\n", pos, m.start())
        pos = m.start()
        found.append(breaks - 1)
    return found


def canonical_number(cell: str, fmt: NumberFormat) -> str:
    """One cell as :func:`canonical_numbers` rewrites it (``index`` of an error is 0)."""
    s = normalized_number_text(cell)
    if s.count("/") == 1:
        num, den = s.split("/")
        return f"{_canonical(num.rstrip(), fmt, s)}/{_canonical(den.lstrip(), fmt, s)}"
    return _canonical(s, fmt, s)


def is_number_like(cell: str) -> bool:
    """True when ``cell`` has the shape of a number under some format (``0,8``,
    ``1 234``, ``2.155``, ``12,5 %``, ``3/4``): a first row of such cells is data, not
    a header."""
    s = normalized_number_text(cell)
    parts = s.split("/") if s.count("/") == 1 else [s]
    return all((r := _readings(p.strip())) is not None and any(r) for p in parts)


def is_number_shaped(cell: str) -> bool:
    """True when ``cell`` is digits and marks (``1.23,5`` too, which no format reads):
    such cells are numbers, right or wrong, never labels."""
    m = _NUMBER.fullmatch(normalized_number_text(cell).split("/")[0].strip())
    return m is not None and any(ch.isdigit() for ch in m.group(2))


def plain_kind(cells: Sequence[str]) -> str | None:
    """``"."`` when every cell can be handed on as it is under a decimal-dot format
    (ASCII, no comma, no grouping, no 2.155), ``","`` when commas are the only marks
    (ASCII, no dot, no grouping), None when cells need reading one by one: what
    :func:`decide_format` and :func:`canonical_numbers` find out first (pass it to
    them to read a large column once instead of twice)."""
    return _plain_kind("\n" + "\n".join(cells), len(cells))


def _plain_kind(joined: str, n: int) -> str | None:
    """For cells joined by line breaks (one in front): ``"."`` when every cell can be
    handed on as it is under a decimal-dot format (ASCII, no comma, no grouping, no
    2.155), ``","`` when commas are the only marks (ASCII, no dot, no grouping),
    None when cells need reading one by one."""
    if not joined.isascii() or "'" in joined or joined.count("\n") != n:
        return None
    if " " in joined and _SPACE_GROUP.search(joined):
        return None
    if "," not in joined:
        return "." if not _has_dot_group(joined) else None
    return "," if "." not in joined else None


def _has_dot_group(joined: str) -> bool:
    """Whether ``_DOT_GROUP`` finds a cell like 2.155 in ``joined`` (ASCII). Only the
    lines with a dot followed by exactly three digits can hold one: numpy finds those,
    and the expression looks at them alone, unless there are many."""
    if _DOT_GROUP.search(joined, 0, 20_000):  # (found at once in a file of 2.155s)
        return True
    codes = np.frombuffer(joined.encode("ascii"), dtype=np.uint8)
    dots = np.flatnonzero(codes == ord("."))
    last = codes.size - 1
    candidate = np.ones(dots.size, dtype=bool)
    for k in (1, 2, 3):
        at = np.minimum(dots + k, last)
        candidate &= ((codes[at] - ord("0")) < 10) & (dots + k <= last)
    after = codes[np.minimum(dots + 4, last)]
    candidate &= (dots + 4 > last) | ~(((after - ord("0")) < 10) | ((after | 32) == ord("e")))
    found = dots[candidate]
    if found.size > 1000:
        return _DOT_GROUP.search(joined) is not None
    return any(_DOT_GROUP.match(joined, joined.rfind("\n", 0, int(p))) for p in found)


def _canonical(s: str, fmt: NumberFormat, whole_cell: str) -> str:
    m = _NUMBER.fullmatch(s)
    if m is None:
        return s
    sign, body, exponent, percent = m.groups()
    as_dot, as_comma = _read(body, "."), _read(body, ",")
    if as_dot is None and as_comma is None:
        if not any(ch.isdigit() for ch in body):
            return s
        raise CellFormatError(_misplaced(body, fmt), 0)
    two_ways = as_dot and as_comma and as_dot[0] != as_comma[0]
    if fmt.decimal is None:
        if two_ways:
            raise _ambiguous(body, as_dot, as_comma)
        reading = as_dot or as_comma
    else:
        reading = as_dot if fmt.decimal == "." else as_comma
        if reading is None:
            raise CellFormatError(_misplaced(body, fmt), 0)
        if fmt.assumed and two_ways and reading[1] in (".", ","):
            raise _ambiguous(body, as_dot, as_comma)  # 1.234 typed in German: refused too
    return f"{sign}{reading[0]}{exponent}{'%' if percent else ''}"


def _ambiguous(body: str, as_dot: tuple[str, str], as_comma: tuple[str, str]
               ) -> CellFormatError:
    mark = "dot" if "." in body else "comma"
    return CellFormatError(
        f"could be {_plain(as_comma[0])} or {_plain(as_dot[0])}: no other number here "
        f"shows whether its {mark} is the decimal mark or separates thousands", 0)


def _misplaced(body: str, fmt: NumberFormat) -> str:
    """The problem of a cell ``body`` that ``fmt`` cannot read; it names the file's
    decimal mark only when a cell shows it (``fmt.shown``): in a file of whole numbers
    a cell's comma could be either mark."""
    if fmt.shown and fmt.decimal == "," and "." in body:
        return ("has a dot that is neither a decimal mark nor between thousands (numbers "
                "here have decimal commas, e.g. 1.234,5)")
    if fmt.shown and fmt.decimal == "." and "," in body:
        return ("has a comma that is neither a decimal mark nor between thousands "
                "(numbers here have decimal dots, e.g. 1,234.5)")
    return ("is not a number as written: thousands are grouped by threes (1 234 567) "
            "and there is one decimal mark")


def _cell_readings(cells: Iterable[str]):
    """The readings of every number in ``cells`` (both sides of a fraction), for those
    shaped like numbers, each with how many cells have that text (read once)."""
    for cell, k in Counter(cells).items():
        s = normalized_number_text(cell)
        for part in s.split("/") if s.count("/") == 1 else [s]:
            if (readings := _readings(part.strip())) is not None:
                yield readings, k


def _readings(s: str):
    """None when ``s`` is not shaped like a number; else its readings with a decimal
    dot and with a decimal comma, each (digits with a dot, separator) or None."""
    m = _NUMBER.fullmatch(s)
    if m is None:
        return None
    body = m.group(2)
    return _read(body, "."), _read(body, ",")


def _read(body: str, mark: str) -> tuple[str, str] | None:
    """``body`` read with ``mark`` as the decimal mark: (digits with a decimal dot, the
    thousands separator or ""), or None when it cannot be read so."""
    if body.count(mark) > 1:
        return None
    whole, has_mark, frac = body.partition(mark)
    if not _DIGITS.fullmatch(frac) or not (whole or frac):
        return None
    if _DIGITS.fullmatch(whole):
        sep = ""
    elif g := _GROUPED.fullmatch(whole):
        sep = g.group(1)
        whole = whole.replace(sep, "")
    else:
        return None
    return (f"{whole}.{frac}" if has_mark else whole), sep


def _plain(reading: str) -> str:
    """A reading without trailing decimal zeros (``1.000`` → ``1``): in a message
    about which mark is the decimal one, ``1.000`` would itself read two ways."""
    return reading.rstrip("0").rstrip(".") if "." in reading else reading
