"""Numbers as the window shows them: in the system's locale (Qt's ``QLocale()``).

The core writes every number one way (:func:`klgui.core.formatting.format_figure`: a
decimal dot, ``∞``, the typographic minus ``−``, counts grouped as ``1,234``). Where
the locale writes numbers otherwise, this module rewrites them as it does: ``0,0915162``
and ``1.234`` in de_DE, ``0,0915162`` and ``1 234`` in fr_FR. Figures are never
grouped; ``−``, ``∞`` and the exponent (``3,41342e−06``) stay as they are, and digits
stay 0–9. In a locale that writes ``0.5`` and ``1,234`` (C, English) nothing changes.

Entries are shown with the locale's decimal mark too (:func:`entry_text`), whichever
mark they were typed or pasted with: ``0.8`` pasted and ``1,5`` typed show as ``0,8``
and ``1,5`` in de_DE, and ``0,8`` typed in de_DE shows as ``0.8`` in English. The
document keeps them as they came; only their marks are shown otherwise.

Only the window's text goes through here. Files, exports and the headless export keep
their own rules (klgui.io); reading what a person types is the parser's business.

Sentences the core writes (a worked solution, a check, an error) are rewritten whole
with :func:`localize`: a dot between two digits is a decimal point, a comma between two
digits groups thousands. Outcome labels are the person's own text and must stay as
typed: pass them to the core through :func:`guarded_labels`, and :func:`localize`
puts their dots and commas back untouched.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import QLocale

from klgui.core.errors import WeightParseError
from klgui.core.formatting import format_figure, full_precision
from klgui.core.parsing import shown_entry, typing_hint
from klgui.io.text_file import CsvImportError

__all__ = ["locale_uses_decimal_comma", "localize", "message_text", "figure_text",
           "full_precision_text", "entry_text", "count_text", "guarded_labels", "LocaleAxis"]

# Noncharacters (never in text people type) that stand for a label's "." and "," while
# the numbers around them are rewritten.
_DOT, _COMMA = "\ufdd0", "\ufdd1"
_GUARD = str.maketrans({".": _DOT, ",": _COMMA})
_UNGUARD = str.maketrans({_DOT: ".", _COMMA: ","})
_SEPARATOR = re.compile(r"(?<=\d)[.,](?=\d)")
_QUOTED = re.compile(r"('[^'\n]*'|\"[^\"\n]*\"|“[^”\n]*”)")


def _separators() -> tuple[str, str]:
    """The decimal point and the digit-group separator of the current default locale."""
    locale = QLocale()
    return locale.decimalPoint(), locale.groupSeparator()


def locale_uses_decimal_comma() -> bool:
    """True when the current locale (``QLocale()``) writes decimals with a comma
    (de_DE, fr_FR, ...): the window then shows, and reads, ``0,8``."""
    return _separators()[0] == ","


def localize(text: str, *, latex: bool = False, keep_quoted: bool = False) -> str:
    """``text``, written with the core's numbers, with every number as the current
    locale writes it. Apply it once, to core text: its result is no longer core text
    (in de_DE a second pass would read ``0,5``'s comma as a thousands separator).

    Parameters
    ----------
    text : str
        Plain text, Qt rich text or LaTeX, whose numbers use a decimal dot and whose
        counts are grouped with commas (as the core writes them).
    latex : bool
        ``text`` is LaTeX: a decimal comma is written ``{,}`` (no space after it in
        math mode), a group separator other than a dot or a comma as a thin space
        ``\\,`` (LaTeX here is ASCII).
    keep_quoted : bool
        Leave text in quotes alone ('...', "...", “...”): an error message quotes the
        entries and labels as typed.

    Returns
    -------
    str
        The same text; only separators between digits differ, so its length in
        characters changes only for LaTeX. Labels from :func:`guarded_labels` come back
        exactly as they were.
    """
    decimal, group = _separators()
    if latex:
        decimal = "{,}" if decimal == "," else decimal
        group = group if group in (".", ",") else "\\,"
    if (decimal, group) != (".", ","):
        swap = {".": decimal, ",": group}

        def rewrite(part: str) -> str:
            return _SEPARATOR.sub(lambda m: swap[m.group()], part)
        if keep_quoted:
            parts = _QUOTED.split(text)  # odd items are the quoted ones
            text = "".join(p if k % 2 else rewrite(p) for k, p in enumerate(parts))
        else:
            text = rewrite(text)
    if _DOT in text or _COMMA in text:
        text = text.translate(_UNGUARD)
    return text


def message_text(error: Exception) -> str:
    """An error's message as the window shows it, the same wherever a typed number is
    refused (a table cell, the Bayes lab's likelihood column).

    A :class:`~klgui.core.errors.WeightParseError` from text read in the window's
    locale (``decimal_comma=``:func:`locale_uses_decimal_comma`) is already written for
    it: its hint says ``0,8`` where decimals have a comma, and ``write … 1,000 with a
    comma for decimals`` names the text to type, which :func:`localize` would turn
    into ``1.000``. It is shown as it is. Any other message is core text: its numbers
    are rewritten (:func:`localize`), its quoted text kept."""
    if isinstance(error, WeightParseError):
        return str(error)
    return localize(str(error), keep_quoted=True)


def pasted_message(error: Exception) -> str:
    """A refused paste's message as the window shows it, the same for the table and a
    lab's column. The reader's messages (:class:`~klgui.io.text_file.CsvImportError`)
    are written for the block as pasted (``e.g. 1.234,5``) and the parser's
    (:class:`~klgui.core.errors.WeightParseError`) for the block's values rewritten with
    dot decimals: both are shown as they are, but for the parser's typing hint, which
    becomes the locale's (``0,8`` where decimals have a comma). Any other message is
    core text: its numbers are rewritten (:func:`localize`), its quoted text kept."""
    if isinstance(error, (WeightParseError, CsvImportError)):
        return str(error).replace(typing_hint(), typing_hint(locale_uses_decimal_comma()))
    return localize(str(error), keep_quoted=True)


def figure_text(value: float, digits: int) -> str:
    """``value`` to ``digits`` significant digits as the window shows it (see
    :func:`~klgui.core.formatting.format_figure`): ``0,0915162`` in de_DE, ``∞``,
    ``−0,138629``; never grouped."""
    return localize(format_figure(float(value), digits))


def full_precision_text(value: float) -> str:
    """Every digit of ``value`` (the shortest text that reads back as it), in the
    locale's form: what a figure copied from the window puts on the clipboard, for a
    spreadsheet of the same locale (``0,09151622184943572`` in de_DE; ``inf`` for
    infinity, ``-`` for a minus, as spreadsheets read them)."""
    return localize(full_precision(float(value)))


def entry_text(text: str) -> str:
    """An entry (as the document keeps it) as the window shows it: with the locale's
    decimal mark, whichever mark it was typed, pasted or normalized with (``0,8`` and
    ``1,5`` in one de_DE column; ``0.8`` in English), its digits unchanged (see
    :func:`klgui.core.parsing.shown_entry`). The table, its editor, its copy and the
    handout show entries through here, and the editor reads them back with
    :func:`~klgui.core.parsing.canonical_entry` in the same locale."""
    if "." not in text and "," not in text:
        return text  # (most counts: nothing to look up)
    return _entry_text(text, locale_uses_decimal_comma())


@functools.lru_cache(maxsize=8192)
def _entry_text(text: str, decimal_comma: bool) -> str:
    return shown_entry(text, decimal_comma=decimal_comma)


def count_text(n: int) -> str:
    """A count of things, grouped as the locale groups it: ``1,234,567`` in English,
    ``1.234.567`` in de_DE."""
    return localize(f"{int(n):,}")


class _GuardedLabels(Sequence):
    """A read-only view of labels whose dots and commas :func:`localize` leaves alone."""

    def __init__(self, labels: Sequence[str]) -> None:
        self._labels = labels

    def __len__(self) -> int:
        return len(self._labels)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [str(x).translate(_GUARD) for x in self._labels[i]]
        return str(self._labels[i]).translate(_GUARD)


def guarded_labels(labels: Sequence[str]) -> Sequence[str]:
    """``labels`` as a lazy view (nothing is copied, even for a million outcomes) to
    hand to a core function whose text then goes through :func:`localize`, which
    restores each label exactly. Where the locale changes nothing, ``labels`` itself."""
    if _separators() == (".", ","):
        return labels
    return _GuardedLabels(labels)


class LocaleAxis(pg.AxisItem):
    """A pyqtgraph axis whose tick labels follow the locale (``0,05`` in de_DE)."""

    def labelString(self):
        return localize(super().labelString())  # its scale: "D (nats) (x0,001)"

    def setLogMode(self, *args, **kwargs):
        super().setLogMode(*args, **kwargs)
        self.decades_only = bool(self.logMode)

    decades_only = False

    def tickStrings(self, values, scale, spacing):
        """On a log axis, numbers on the decades only: pyqtgraph labels 2…9 of each
        decade too when there are few, and zoomed they ran into each other."""
        strings = [localize(text) for text in super().tickStrings(values, scale, spacing)]
        return self.on_decades(values, strings) if self.decades_only else strings

    @staticmethod
    def on_decades(values, strings: Sequence[str]) -> list[str]:
        """``strings`` (the labels of the log-axis ticks at ``values``, powers of ten)
        kept on the decades only, "" on the ticks between them."""
        return [t if abs(v - round(v)) < 1e-9 else "" for v, t in zip(values, strings)]
