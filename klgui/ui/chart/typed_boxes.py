"""Spin boxes for family parameters that read what a person types, or say why not.

Qt's own boxes read a typed number with their validator, which refuses each keystroke
it cannot place: ``1e7`` typed into λ became 17 (the ``e`` refused), ``-1`` into σ
became 1 (the minus refused where the range starts above 0), ``0`` into λ quietly put
the old value back, and in de_DE ``1.5`` was read as 15. These boxes let a person type
digits, the locale's decimal mark (or a dot, read as the table reads it), a sign and an
exponent; they take the number when their range holds it and otherwise, when the text
is entered (Return, leaving the box, an arrow key), emit ``sigNotTaken`` with the text
as typed so the controls can say why (the family's reason) and show the value kept.
Never another number than the one typed.

Reading follows the table's parser (:func:`klgui.core.parsing.parse_weight` with the
locale's decimal mark, a sign in front), so a box and a cell read the same text alike:
``1,5`` and ``1.5`` are 1.5 in de_DE, ``1.000`` there is ambiguous and refused.
Qt's way (QDoubleSpinBox docs): ``validate`` returns Intermediate for text that may
still become valid, ``valueFromText`` reads the text, ``fixup`` repairs nothing.
"""

from __future__ import annotations

import math
import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox

from klgui.core import WeightParseError, parse_weight
from klgui.core.characters import quoted
from klgui.core.families import parameter_name, parameter_problem
from klgui.ui.numbers import localize

__all__ = ["read_typed", "CheckedSpinBox", "CheckedDoubleSpinBox", "refusal_text"]

#: What a person may type into a box: a sign, digits with decimal marks and the blanks
#: or apostrophes that group thousands, an exponent with its own sign.
_TYPABLE = re.compile(r"\s*[+\-\u2212]?[0-9.,'\u2019 \u00a0\u202f\u2009]*"
                      r"(?:[eE][+\-\u2212]?[0-9]*)?\s*")
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def read_typed(text: str, decimal_comma: bool) -> tuple[float | None, str]:
    """``(value, "")`` for a number typed into a box, else ``(None, problem)`` with the
    parser's words (``is not a number``, ``is ambiguous: write 1000 …``).

    ``decimal_comma``: the locale writes decimals with a comma (``1,000`` is then one).
    A leading ``+``, ``-`` or ``−`` is the number's sign; the rest is read as a table
    cell is (:func:`~klgui.core.parsing.parse_weight`). Never -0.0."""
    s = text.strip()
    sign = 1.0
    if s[:1] in ("+", "-", "\u2212"):
        sign, s = (1.0 if s[0] == "+" else -1.0), s[1:].lstrip()
        if s[:1] in ("+", "-", "\u2212"):
            return None, "is not a number"
    try:
        value = parse_weight(s, decimal_comma=decimal_comma)
    except WeightParseError as e:
        return None, e.problem or "is not a number"
    return sign * value + 0.0, ""


class _Typed:
    """What both boxes share (a Python mixin before the Qt class)."""

    def read(self, text: str) -> tuple[float | None, str]:
        """The number ``text`` (a box's text) says, as :func:`read_typed` reads it in
        the box's locale; the special value's text is the minimum."""
        special = self.specialValueText()
        if special and text == special:
            return float(self.minimum()), ""
        locale = self.locale()
        value, problem = read_typed(text, locale.decimalPoint() == ",")
        if value is None and locale.decimalPoint() not in (".", ","):
            number, ok = locale.toDouble(text.strip())  # a locale of other marks
            if ok:
                return number, ""
        return value, problem

    def takes(self, value: float) -> bool:
        """Whether the box holds ``value`` exactly: within its range and its decimals
        (a whole number for an integer box)."""
        if not (math.isfinite(value) and self.minimum() <= value <= self.maximum()):
            return False
        if isinstance(self, QSpinBox):
            return value == int(value)
        return round(value, self.decimals()) == value

    def validate(self, text: str, pos: int) -> object:
        special = self.specialValueText()
        if special and text == special:
            return QValidator.State.Acceptable, text, pos
        if not _TYPABLE.fullmatch(text):
            return QValidator.State.Invalid, text, pos
        value, _ = self.read(text)
        ok = value is not None and self.takes(value)
        return (QValidator.State.Acceptable if ok else QValidator.State.Intermediate,
                text, pos)

    def valueFromText(self, text: str):
        value, _ = self.read(text)
        if value is None or not self.takes(value):
            return self.value()  # (Qt asks only for acceptable text)
        return int(value) if isinstance(self, QSpinBox) else value

    def fixup(self, text: str) -> str:
        return text  # a text the box cannot take is refused with a reason, not repaired

    def untaken(self) -> tuple[float, str, str] | None:
        """The text typed, if the box cannot take it: ``(value or nan, text as typed,
        the parser's problem or "")``; None when it can (or nothing was typed)."""
        text = self.lineEdit().text()
        if not text.strip() or self.validate(text, 0)[0] == QValidator.State.Acceptable:
            return None
        value, problem = self.read(text)
        return (math.nan if value is None else value), text.strip(), problem

    def _entered(self) -> bool:
        """The text is being entered: say so when the box cannot take it (Qt then puts
        the value it had back). True when it was refused."""
        refused = self.untaken()
        if refused is not None:
            self.sigNotTaken.emit(*refused)
        return refused is not None

    def _after_entry(self, refused: bool) -> None:
        """A box that takes each number as it is typed (keyboard tracking) took the
        prefixes of a refused text (200000 of 2000000): the value from before the
        typing comes back, as a table cell's does."""
        start = getattr(self, "_start", None)
        if refused and self.keyboardTracking() and start is not None:
            self.setValue(start)
        self._start = self.value()

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._start = self.value()
        super().focusInEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() not in _ENTER:
            super().keyPressEvent(event)
            return
        refused = self._entered()
        super().keyPressEvent(event)
        self._after_entry(refused)
        if refused:  # (Qt passes Return on: a dialog's OK would take the value put back)
            event.accept()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        refused = self._entered()
        super().focusOutEvent(event)
        self._after_entry(refused)

    def stepBy(self, steps: int) -> None:
        refused = self._entered()
        super().stepBy(steps)
        self._after_entry(refused)


class CheckedSpinBox(_Typed, QSpinBox):
    """A whole-number box that reads what is typed (``2e6``, ``-1``) and says when it
    cannot take it (``sigNotTaken``: value or nan, the text as typed, the parser's
    problem or "")."""

    sigNotTaken = Signal(float, str, str)


class CheckedDoubleSpinBox(_Typed, QDoubleSpinBox):
    """A decimal box that reads what is typed and says when it cannot take it, as
    :class:`CheckedSpinBox` does."""

    sigNotTaken = Signal(float, str, str)


def refusal_text(family: str, key: str, value: float, typed: str, problem: str = "",
                 limits: tuple[float, float] | None = None, reason: str = "",
                 decimals: int | None = None) -> str:
    """Why what was typed into the box of parameter ``key`` of ``family`` is not taken,
    as the window says it: the parameter's shown name (λ, σ), the text as typed, the
    range in the locale's form; "" when there is nothing to say.

    ``problem`` is the parser's, when the text is no number (its words are already the
    locale's: ``1,000 with a comma``); ``limits`` the box's own ends where they are
    narrower than the family's (λ's box starts at 0.0001); ``reason`` the family's own
    message, for a value the family refuses for another reason; ``decimals`` those the
    box shows (a value with more is not rounded to another)."""
    name = parameter_name(key)
    if problem:
        return f"{name}: {quoted(typed)} {problem}."
    text = parameter_problem(family, key, value, typed, limits) or reason
    if not text and decimals is not None and round(value, decimals) != value:
        text = f"{name} = {quoted(typed)} has more decimals than its box shows ({decimals})."
    return localize(text, keep_quoted=True)
