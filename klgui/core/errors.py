"""Errors raised by the computation core, with messages fit for a person."""

from __future__ import annotations

__all__ = ["DistributionError", "WeightParseError", "Cancelled", "describe_outcome",
           "more_lines"]


def describe_outcome(index: int, label: str | None = None) -> str:
    """Name an outcome the way the table shows it: 1-based, with its label if any."""
    text = f"outcome {index + 1}"
    if label:
        text += f" ({label!r})"
    return text


#: Lines :func:`more_lines` lists by number at most.
MORE_LINES_LISTED = 10


def more_lines(lines) -> str:
    """The sentence a refusal that names its first problem adds for the other lines
    with problems (``lines``: their 1-based numbers, any order, repeats counted once):
    " Also, 3 more lines have problems (lines 7, 9, 12)."; "" when there are none. At
    most ``MORE_LINES_LISTED`` are listed, then "…"."""
    lines = sorted(set(lines))
    if not lines:
        return ""
    listed = ", ".join(map(str, lines[:MORE_LINES_LISTED]))
    if len(lines) > MORE_LINES_LISTED:
        listed += ", …"
    if len(lines) == 1:
        return f" Also, 1 more line has a problem (line {listed})."
    return f" Also, {len(lines):,} more lines have problems (lines {listed})."


class DistributionError(ValueError):
    """A distribution cannot be used as given.

    Attributes
    ----------
    distribution : str or None
        ``"P"`` or ``"Q"`` when the problem lies in one distribution.
    index : int or None
        0-based index of the offending outcome, when one is to blame.
    """

    def __init__(self, message: str, *, distribution: str | None = None,
                 index: int | None = None) -> None:
        super().__init__(message)
        self.distribution = distribution
        self.index = index


class WeightParseError(ValueError):
    """Text typed into a cell is not a usable weight; the message fits a tooltip.

    Attributes
    ----------
    text : str
        The refused text, stripped.
    problem : str
        What is wrong, as a phrase that follows the quoted text ("is not a number"), so
        that a file reader can say "line 7: 'abc' in column Q is not a number".
    index : int or None
        Position of the refused text, when it came from a list of texts.
    """

    def __init__(self, message: str, *, text: str = "", problem: str = "",
                 index: int | None = None) -> None:
        super().__init__(message)
        self.text = text
        self.problem = problem or "is not a usable weight"
        self.index = index


class Cancelled(Exception):
    """A computation was stopped because its caller no longer wants the result (a newer
    edit superseded it). Not a ValueError: nothing was wrong with the input."""
