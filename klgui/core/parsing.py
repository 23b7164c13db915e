"""Turn what a person types into a table cell into a weight, or a clear refusal."""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction
from typing import NoReturn

import numpy as np

from klgui.core.characters import describe_odd_characters, normalized_number_text, quoted
from klgui.core.errors import WeightParseError
from klgui.core.numerics.doubles import nearest_double

__all__ = ["parse_weight", "parse_weights", "parse_exact", "is_plain_number", "canonical_entry",
           "shown_entry", "parse_entries", "ParsedTexts", "MAX_EXPONENT", "MAX_DIGITS",
           "is_spreadsheet_error", "typing_hint", "COMMA_NUMBER", "DOT_THOUSANDS",
           "comma_may_group"]

_NUMBER = r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_PLAIN = re.compile(rf"^({_NUMBER})$")
_PERCENT = re.compile(rf"^({_NUMBER})\s*%$")
_FRACTION = re.compile(rf"^({_NUMBER})\s*/\s*({_NUMBER})$")
# The decimal comma, one set of rules for weights (here), outcome labels
# (klgui.core.families.base.label_numbers) and logits (klgui.core.families.logits_text):
#: One decimal comma with a digit after it (``0,5``, ``,5``, ``12,25``); the whole part
#: and the decimals are its groups. A comma with no digit after it (``1,``) is no
#: decimal mark: no locale writes 1 so, and in ``1, 2`` it separates two numbers.
_COMMA_DECIMAL = r"([0-9]*),([0-9]+)"
_EXPONENT = r"[eE][+-]?[0-9]+"
#: The decimal comma at the start of a weight, before its end, exponent, percent sign
#: or fraction bar (the sign is gone by then).
_DECIMAL_COMMA = re.compile(rf"^{_COMMA_DECIMAL}(?=$|[eE%\s/])")
#: A whole number written with a decimal comma or none, signed perhaps (U+2212 too), with
#: perhaps an exponent: ``0,5``, ``−1,25``, ``,5``, ``3``, ``2,5e-3`` (a label, a logit).
COMMA_NUMBER = re.compile(rf"^[+\-\u2212]?(?:{_COMMA_DECIMAL}|[0-9]+)(?:{_EXPONENT})?$")
#: Dots between thousands, as a decimal-comma locale writes a thousand: ``1.000``,
#: ``−12.345.678``. Where decimals have a comma, such a text reads two ways.
DOT_THOUSANDS = re.compile(r"^[+\-\u2212]?[1-9][0-9]{0,2}(?:\.[0-9]{3})+$")
_COMMA_GROUP = re.compile(rf"^[+\-\u2212]?{_COMMA_DECIMAL}(?=$|[eE%\s/])")
#: Thousands grouped by one separator in strict threes, with perhaps decimals after
#: another mark (and an exponent or percent sign): 1.000.000, 1,000.5, 1 234,5, 1'234.
_GROUPED = re.compile(r"^([0-9]{1,3})((?:([.,' \u00a0\u202f\u2009\u2019])[0-9]{3})"
                      r"(?:\3[0-9]{3})*)(?:[.,]([0-9]+))?(\s*%|[eE][+-]?[0-9]+)?$")
#: Two or more dashes and nothing else (an en dash and U+2212 are hyphens by then).
_DASHES = re.compile(r"-(?:\s*-)+")
_ZERO = re.compile(r"^\s*0*\.?0*\s*$")
_PARTS = re.compile(r"([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?")

#: Typed numbers beyond these are refused before any arithmetic: exact rational
#: arithmetic on ``1e100000000`` would build a 100-million-digit integer.
MAX_EXPONENT = 9999
MAX_DIGITS = 1000

#: What a spreadsheet shows in a cell whose formula failed: Excel's and Google Sheets'
#: #DIV/0!, #N/A, #VALUE!, #REF!, #NAME?, #NUM!, #NULL!, #SPILL!, #CALC!, #ERROR!, …,
#: #GETTING_DATA, and LibreOffice's Err:502 (its others are Excel's).
_FORMULA_ERROR = re.compile(r"#N/A|#[A-Z][A-Z0-9_/]*[!?]|#GETTING_DATA|Err:[0-9]{3}",
                            re.IGNORECASE)

_SHORT = 40  # texts up to this long are within the bounds on digits whatever they hold

_HINT = "Type a number ≥ 0 such as 0.8, .8, 4/5, 80% or 2e-3."
_COMMA_HINT = "Type a number ≥ 0 such as 0,8, 4/5, 80% or 2e-3."


def typing_hint(decimal_comma: bool = False) -> str:
    """The sentence that ends a refusal of a typed entry, saying what to type: with the
    locale's decimal mark (``0,8`` where decimals have a comma)."""
    return _COMMA_HINT if decimal_comma else _HINT


def parse_weight(text: str, *, decimal_comma: bool = False) -> float:
    """Parse the text of a P or Q cell into a non-negative weight.

    Accepts decimals (``0.8``, ``.8``, and ``0,8`` with a decimal comma where it has one
    reading), scientific notation (``2e-3``), fractions (``4/5``) and percentages
    (``80%`` is 0.8), with surrounding spaces, and the look-alike characters other
    programs write (U+2212 minus, ``½``, ``1⁄3``, full-width and Arabic-Indic digits:
    see :mod:`klgui.core.characters`).

    Parameters
    ----------
    text : str
        What the person typed.
    decimal_comma : bool
        The person's locale writes decimals with a comma: ``1,000`` is then one, not
        ambiguous, and ``1.000`` (dots between thousands) is refused as ambiguous.

    Returns
    -------
    float
        The weight: the double nearest to the typed value. A value beyond the double
        range is 0.0 or inf here; :mod:`klgui.core.numerics.entries` keeps it exactly.

    Raises
    ------
    WeightParseError
        With a one-line message that says what is wrong and what to type instead.
    """
    kind, parts = _read(text, decimal_comma)
    if kind == "fraction":
        return nearest_double(parts[0] / parts[1])
    value = float(parts[0])
    return value / 100.0 if kind == "percent" else value


def canonical_entry(text: str, *, decimal_comma: bool = False) -> str:
    """The text to keep for an entry typed in a locale: ``text`` itself unless it needs
    the locale to be read, so that the document reads the same everywhere. An entry only
    a decimal-comma locale reads (``1,000``, ``2,500``, ``1,234%``) is kept with a dot
    and every digit typed (``1.000``, ``2.500``, ``1.234%``): the document's entries are
    dot-decimal, and :func:`shown_entry` shows them as typed (``1,000``) in that locale.
    Raises WeightParseError as :func:`parse_weight` does."""
    _read(text, decimal_comma)
    if not decimal_comma or "," not in text:
        return text
    try:
        _read(text, False)
        if parse_exact(text) == parse_exact(text, decimal_comma=True):
            return text
    except WeightParseError:
        pass
    # Only a single decimal comma (no dot, no grouping) needs the locale: _decimal_comma.
    return _comma_to_dot(normalized_number_text(text).lstrip("+").lstrip())


def shown_entry(text: str, *, decimal_comma: bool = False) -> str:
    """An entry of the document as a locale writes it: ``text`` with its dots and
    commas swapped when they follow the other convention and the swapped text reads as
    the same number there (``0.8`` → ``0,8`` and ``1,000.5`` → ``1.000,5`` where decimals
    have a comma; ``0,8`` → ``0.8`` where they have a dot), else ``text`` itself.

    Only the marks change: the digits, and so the exact value, stay as the entry has
    them, and reading the result back (:func:`canonical_entry` with the same
    ``decimal_comma``) gives the same number. An entry's own convention is read from its
    last mark: one that occurs once is its decimal mark (``0.8``, ``1,000.5``), one that
    occurs more often separates thousands (``1.000.000``). An entry the locale would
    misread once swapped (``1/2.5``: fractions take no decimal comma) is left alone.
    """
    marks = [c for c in text if c in ".,"]
    if not marks:
        return text
    last = marks[-1]
    if (marks.count(last) == 1) == (last == ("," if decimal_comma else ".")):
        return text  # already the locale's way: 0,8 or 1.000.000 in de_DE
    swapped = text.translate(_SWAP_MARKS)
    try:
        same = parse_exact(swapped, decimal_comma=decimal_comma) == parse_exact(text)
    except WeightParseError:
        return text
    return swapped if same else text


_SWAP_MARKS = str.maketrans(".,", ",.")


def _read(text: str, decimal_comma: bool) -> tuple[str, tuple]:
    """("plain", (s,)), ("percent", (s,)) or ("fraction", (num, den)) for an accepted
    text, with ``s`` plain ASCII that float() and Fraction() read alike."""
    s = normalized_number_text(text)
    if not s:
        raise WeightParseError(f"The cell is empty. {typing_hint(decimal_comma)}",
                               problem="is empty")
    if s == "-":  # (an en dash and U+2212 are hyphens by now)
        _refuse(text, s, "is not a number (a spreadsheet's accounting format shows 0 as "
                         "'-'); write a weight of zero as 0")
    if is_spreadsheet_error(s):
        _refuse(text, s, "is not a number but a spreadsheet's error value: the "
                         "spreadsheet's formula for that cell failed; fix the formula or "
                         "write the number")
    if _DASHES.fullmatch(s):  # "--", "- -", "---": a mark, like "-" above, no sign
        _refuse(text, s, "is not a number (dashes mark an empty or zero cell in "
                         "accounting formats and reports); write a weight of zero as 0")
    if s.startswith("-"):
        if _ZERO.match(s[1:]):
            _refuse(text, s, "has a minus sign; write a weight of zero as 0")
        _refuse(text, s, "is negative; weights must be ≥ 0")
    if s.lower().lstrip("+") in {"nan", "inf", "infinity", "∞"}:
        _refuse(text, s, "is not a finite number", typing_hint(decimal_comma))
    if s.startswith("+"):
        s = s[1:].lstrip()
    if (grouped := _GROUPED.match(s)) and _one_reading(grouped):
        s = grouped.group(1) + grouped.group(2)[1:].replace(grouped.group(2)[0], "") + (
            "." + grouped.group(4) if grouped.group(4) else "") + (grouped.group(5) or "")
    elif "," in s:
        s = _decimal_comma(text, s, decimal_comma)
    elif decimal_comma and DOT_THOUSANDS.match(s):
        whole = s.replace(".", "")
        _refuse(text, s, f"is ambiguous: write {whole} for the whole number, "
                         f"or {s.replace('.', ',')} with a comma for decimals")
    if m := _PLAIN.match(s):
        return "plain", (_bounded(text, m.group(1)),)
    if m := _PERCENT.match(s):
        return "percent", (_bounded(text, m.group(1)),)
    if m := _FRACTION.match(s):
        num = Fraction(_bounded(text, m.group(1)))
        den = Fraction(_bounded(text, m.group(2)))
        if den == 0:
            _refuse(text, s, "divides by zero", typing_hint(decimal_comma))
        return "fraction", (num, den)
    _refuse(text, s, "is not a number", typing_hint(decimal_comma))


def _one_reading(m: re.Match) -> bool:
    """A grouped number with only one reading: more than one group, or a space or
    apostrophe between groups, or decimals after a mark other than the separator."""
    separator, decimals = m.group(3), m.group(4)
    mark = m.group(0)[len(m.group(1)) + len(m.group(2))] if decimals else None
    if mark is not None and mark == separator:
        return False
    return len(m.group(2)) > 4 or separator not in ".," or mark is not None


def _decimal_comma(text: str, s: str, decimal_comma: bool) -> str:
    """``s`` with its one decimal comma made a dot, or a refusal saying why not."""
    m = _DECIMAL_COMMA.match(s)
    if m is None or s.count(",") != 1 or "." in s:
        _refuse(text, s, "is not a number", typing_hint(decimal_comma))
    whole, decimals = m.groups()
    if not decimal_comma and comma_may_group(s):
        _refuse(text, s, f"is ambiguous: write {whole}{decimals} for the whole number, "
                         f"or {whole}.{decimals} with a dot for decimals")
    return _comma_to_dot(s)


def comma_may_group(text: str) -> bool:
    """Whether the comma of ``text``, a number with one decimal comma (``1,000``,
    ``−2,500``, ``12,345e3``, ``1,000%``), may as well separate thousands: three digits
    after it and a whole part that is not zeros (``0,500`` is a half either way). Read
    where nothing says which mark is the decimal one, such a text is refused (a weight
    in a decimal-dot locale) or, when every comma of a column is so, no number (labels).
    """
    m = _COMMA_GROUP.match(text.strip())
    return m is not None and len(m.group(2)) == 3 and bool(m.group(1).lstrip("0"))


def _comma_to_dot(s: str) -> str:
    return s.replace(",", ".")


def _bounded(text: str, number: str) -> str:
    """``number`` (plain ASCII) if its digits and exponent are within reason."""
    m = _PARTS.fullmatch(number)
    digits = len(m.group(1) + (m.group(2) or ""))  # leading zeros too: 0.000…1 is long
    exponent = m.group(3) or "0"
    if digits > MAX_DIGITS:
        _refuse(text, number, f"has {digits:,} digits; at most {MAX_DIGITS:,} are read")
    if len(exponent.lstrip("+-0")) > 5 or abs(int(exponent)) > MAX_EXPONENT:
        _refuse(text, number, "is far outside the range of numbers this app can use "
                              f"(exponents from −{MAX_EXPONENT} to {MAX_EXPONENT})")
    return number


def parse_weights(texts: Sequence[str]) -> np.ndarray:
    """Parse many cell texts at once: what :func:`parse_weight` gives for each.

    Plain decimal numbers, the common case of a file with a million rows, are converted
    by numpy in one pass; anything else (fractions, percentages, mistakes) goes through
    :func:`parse_weight`, so the values and the refusals are the same.

    Raises
    ------
    WeightParseError
        For the first text that is not a weight, with its position in ``index``.
    """
    return _parse_many(texts)[0]


def _parse_many(texts: Sequence[str]) -> tuple[np.ndarray, tuple[str, np.ndarray] | None]:
    """parse_weights, and the texts joined with each one's length when the fast way
    computed them (None otherwise)."""
    try:
        values = np.fromiter(map(float, texts), dtype=np.float64, count=len(texts))
    except (ValueError, TypeError):
        values = None
    # float() also takes "nan", "-0", "1_000"; those go the slow way, to be refused.
    if values is not None and np.isfinite(values).all() and not np.signbit(values).any():
        joined = "".join(texts)
        if "_" not in joined:
            # numpy reads 1e-100000 as 0 and a 5,000-digit number as it is: those must
            # meet parse_weight's bounds (zeros written plainly, the usual ones, need not).
            lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
            for i in np.flatnonzero((values == 0.0) | (lengths > _SHORT)).tolist():
                if lengths[i] > _SHORT or "e" in texts[i].lower():
                    _checked(parse_weight, texts[i], i)
            return values, (joined, lengths)
    values = np.empty(len(texts))
    for i, t in enumerate(texts):
        values[i] = _checked(parse_weight, t, i)
    return values, None


class ParsedTexts(list):
    """Entries as typed that have been read once: a list of str that cannot be changed
    (equal to any list of the same texts), with ``values``, what :func:`parse_weights`
    gives for them ((n,) float64, read-only), and ``places``, their decimal places
    (:func:`klgui.core.numerics.places.decimal_places_many`, read when first asked).
    Made by :func:`parse_entries`; a document takes these instead of reading the texts
    again (a million entries take about 0.3 s to read)."""

    __slots__ = ("values", "_places", "packed")

    def __init__(self, texts, values: np.ndarray, places: np.ndarray | None = None, *,
                 packed: tuple[str, np.ndarray] | None = None) -> None:
        super().__init__(texts)
        if values.shape != (len(self),) or (places is not None and places.shape != (len(self),)):
            raise ValueError(f"{values.shape} values for {len(self)} texts")
        values.flags.writeable = False
        self.values, self._places = values, places
        #: The texts joined and each one's length ((n,) int64), when known, else None.
        self.packed = packed

    @property
    def places(self) -> np.ndarray:
        """(n,) int16, read-only: each entry's decimal places (see ``values``)."""
        return self.read_places()

    def read_places(self, joined: str | None = None,
                    lengths: np.ndarray | None = None) -> np.ndarray:
        """``places``, read (the first time) from the texts joined and their lengths
        when given (a packed text column has them), instead of joining them again."""
        if self._places is None:
            from klgui.core.numerics.places import decimal_places_many
            if (joined is None or lengths is None) and self.packed is not None:
                joined, lengths = self.packed
            places = decimal_places_many(self, joined=joined, lengths=lengths)
            places.flags.writeable = False
            self._places = places
        return self._places

    def _frozen(self, *args, **kwargs):
        raise TypeError("parsed entries cannot be changed; make a list of them first")

    __setitem__ = __delitem__ = __iadd__ = __imul__ = _frozen
    append = extend = insert = pop = remove = clear = sort = reverse = _frozen

    def __reduce__(self):  # pickled as the plain list it equals
        return list, (list(self),)


def parse_entries(texts: Sequence[str]) -> ParsedTexts:
    """The texts with their weights: :func:`parse_weights` of ``texts``, kept beside
    them (see :class:`ParsedTexts`). Raises WeightParseError as parse_weights does."""
    texts = texts if isinstance(texts, list) else list(texts)
    values, packed = _parse_many(texts)
    return ParsedTexts(texts, values, packed=packed)


def _checked(parse, text: str, index: int) -> float:
    try:
        return parse(text)
    except WeightParseError as e:
        e.index = index
        raise


def is_spreadsheet_error(text: str) -> bool:
    """True when ``text`` is the error value a spreadsheet shows where a cell's formula
    failed (``#DIV/0!``, ``#N/A``, ``#VALUE!``, LibreOffice's ``Err:502``): no number, and
    no column's name either."""
    return _FORMULA_ERROR.fullmatch(text.strip()) is not None


def is_plain_number(text: str) -> bool:
    """True for a plain ASCII decimal such as ``0.8``, ``.5`` or ``2e-3``: text that
    every spreadsheet and ``float()`` read as the same number."""
    return _PLAIN.match(text.strip()) is not None


def _refuse(typed: str, shown: str, problem: str, hint: str = "") -> NoReturn:
    """Raise the refusal, quoting at most a few dozen characters and naming any odd
    character (a no-break space, a look-alike) that may be to blame."""
    typed = typed.strip()
    odd = describe_odd_characters(typed)
    message = f"{quoted(typed)} {problem}" + (f"; it {odd}" if odd else "") + "."
    raise WeightParseError(message + (f" {hint}" if hint else ""), text=typed,
                           problem=problem)


def parse_exact(text: str, *, decimal_comma: bool = False) -> Fraction:
    """The exact rational value of what :func:`parse_weight` accepts.

    ``0.1`` is 1/10 here, not the float nearest to it, so rewriting entries as
    probabilities ("Normalize entries") can keep them exact. Refuses what
    :func:`parse_weight` refuses, with the same messages.
    """
    kind, parts = _read(text, decimal_comma)
    if kind == "fraction":
        return parts[0] / parts[1]
    value = Fraction(parts[0])
    return value / 100 if kind == "percent" else value
