"""Which delimiter splits a delimited file: tab, semicolon or comma, whichever splits
its first lines most consistently (or the one a ``sep=`` line chose; a comma for our own
exported table), and how many fields a line holds. Used by :mod:`klgui.io.csv_import`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from klgui.io.csv_export import TABLE_HEADER
from klgui.io.csv_records import MAX_COLUMNS, _too_many_columns
from klgui.io.header_row import _SAMPLE_LINES, _trimmed
from klgui.io.text_file import CsvImportError

__all__ = ["DELIMITERS"]


DELIMITERS = {"\t": "tab", ";": "semicolon", ",": "comma"}
#: Names of other delimiters a ``sep=`` line may choose.
_OTHER_DELIMITERS = {"|": "pipe", " ": "space", ":": "colon"}
#: The first line of our exported table begins so (then ends, or names further models).
_EXPORTED = ",".join(TABLE_HEADER)


def _sniff(text: str, source: str, chosen: str | None = None, first_line: int = 1) -> str:
    """The delimiter among tab, semicolon and comma that splits the first lines into the
    same number (≥ 2) of fields most consistently (``chosen``, from a ``sep=`` line,
    when given; a comma when the first line is our exported table's header, whose
    model names and labels may hold semicolons that split every line as evenly).
    Refuses a file whose first lines have more than MAX_COLUMNS fields,
    counting before splitting anything."""
    sample = []
    for number, line in enumerate(_lines(text), start=first_line):
        if line.strip():
            sample.append((number, line))
            if len(sample) == _SAMPLE_LINES:
                break  # text.strip() is not empty: one line at least
    if chosen is None and sample and _is_exported(sample[0][1]):
        chosen = ","
    best, best_score = chosen, (0.0, 0)
    for d in (chosen,) if chosen else DELIMITERS:
        widths = [_width_of(line, d) for _, line in sample]
        read = [w for w in widths if w] or [0]  # a refused line matches no width
        modal = max(set(read), key=read.count)
        if modal < 2 and not chosen:
            continue
        score = (widths.count(modal) / len(widths), modal)
        if score[0] > best_score[0] or chosen:
            best, best_score = d, score
    if best is None:
        raise CsvImportError(
            f"{source} has one column: it needs an outcome label and a weight on each line "
            "(label,weight), or a label and both weights (label,p,q), separated by commas, "
            "semicolons or tabs.")
    for number, line in sample:
        if line.count(best) >= MAX_COLUMNS:
            _too_many_columns(max(_width_of(line, best), line.count(best) + 1), number, source)
    return best


def _is_exported(line: str) -> bool:
    return line.startswith(_EXPORTED) and line[len(_EXPORTED):len(_EXPORTED) + 1] in ",\n"


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their line breaks, as io.StringIO gives them, without
    copying the whole text first."""
    start, end = 0, len(text)
    while start < end:
        stop = text.find("\n", start)
        if stop == -1:
            yield text[start:]
            return
        yield text[start:stop + 1]
        start = stop + 1


def _width_of(line: str, delimiter: str) -> int:
    """How many fields one line holds, trailing empty ones left out; 0 for a line the
    csv module refuses (reading the whole file then names that line and its problem).
    A line of more than MAX_COLUMNS fields is counted, not split."""
    if (n := line.count(delimiter)) >= MAX_COLUMNS:
        return n + 1
    try:
        return len(_trimmed(next(csv.reader([line], delimiter=delimiter), [])))
    except csv.Error:
        return 0
