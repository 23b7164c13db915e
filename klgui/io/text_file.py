"""The container of a delimited file: what may be read, how its bytes become text, and
its line ends, before any field is split.

- Only regular files are read: a FIFO, a device (``/dev/zero``) or a directory, even
  behind a symbolic link, is refused before it is read.
- Files over :data:`MAX_FILE_BYTES` are refused from their size alone.
- The encoding comes from a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE), from the
  pattern of NUL bytes of UTF-16 or UTF-32 text without one (Excel's "Unicode text" has
  a mark; other programs do not write one), else UTF-8, else Windows-1252.
- CRLF and CR-only (Excel for Mac) line ends become LF.
- Excel's ``sep=;`` first line names the delimiter and is dropped.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from pathlib import Path

__all__ = ["CsvImportError", "MAX_FILE_BYTES", "MAX_LINE_CHARS", "read_bytes", "decode",
           "unified_line_ends", "split_sep_line", "check_line_lengths"]

#: The largest file read. A million-row, three-column file is about 30 MB; 512 MiB holds
#: some fifteen million rows, more than the window is meant to show, and reading costs
#: several times the file's size in memory, so larger files are refused at once.
MAX_FILE_BYTES = 512 * 2**20
#: The longest line read: room for any label and many weights, while one absurd line
#: cannot cost gigabytes before it is refused.
MAX_LINE_CHARS = 1_000_000

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
         (codecs.BOM_UTF8, "utf-8", "UTF-8"), (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
         (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"))
_SEP_LINE = re.compile(r'"?sep=([^"\n])"?[ \t]*(?:\1[ \t]*)*\n', re.IGNORECASE)
_NOT_TEXT = "is not a text file (it holds binary data); choose a CSV file."


class CsvImportError(ValueError):
    """A file that cannot be imported; the message names the file and, when one is to
    blame, the line."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def read_bytes(path: Path) -> bytes:
    """The content of the regular file at ``path`` (symbolic links followed).

    Raises
    ------
    CsvImportError
        For a path that is missing or unreadable, that is not a regular file (a FIFO
        would block forever, ``/dev/zero`` never ends), or a file over
        :data:`MAX_FILE_BYTES`; before reading anything.
    """
    source = path.name
    try:
        _check_regular(os.stat(path), source)  # os.stat follows symbolic links
        # O_NONBLOCK: should the path become a FIFO after the check, open() does not
        # wait for a writer, and fstat refuses it.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with open(fd, "rb") as f:
            _check_regular(os.fstat(f.fileno()), source)
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        raise CsvImportError(f"{source}: cannot be read ({e.strerror or e}).") from None
    if len(data) > MAX_FILE_BYTES:  # it grew while being read
        _too_big(len(data), source)
    return data


def _check_regular(st: os.stat_result, source: str) -> None:
    if not stat.S_ISREG(st.st_mode):
        kind = ("a folder" if stat.S_ISDIR(st.st_mode) else
                "a named pipe (FIFO)" if stat.S_ISFIFO(st.st_mode) else
                "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else
                "a socket" if stat.S_ISSOCK(st.st_mode) else "not a regular file")
        raise CsvImportError(f"{source} is {kind}, not a file that can be read to its "
                             "end; choose a CSV file.")
    if st.st_size > MAX_FILE_BYTES:
        _too_big(st.st_size, source)


def _too_big(size: int, source: str) -> None:
    raise CsvImportError(f"{source} is {_mib(size)}; files up to {_mib(MAX_FILE_BYTES)} can "
                         "be imported.")


def _mib(size: int) -> str:
    return f"{size / 2**30:,.1f} GiB" if size >= 2**30 else f"{size / 2**20:,.1f} MiB"


def decode(data: bytes, source: str) -> str:
    """The text of a file's bytes (see the module's docstring for the encodings).

    Raises CsvImportError for bytes that are not text."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return _plain_text(data[len(bom):].decode(codec), source)
            except UnicodeDecodeError as e:
                raise CsvImportError(
                    f"{source} starts with a {name} byte-order mark, but byte "
                    f"{e.start + len(bom):,} is not {name} text; save it again as UTF-8.") from None
    head = data[:4096]
    if b"\x00" in head:
        codec = _nul_pattern(head)
        if codec is None:
            raise CsvImportError(f"{source} {_NOT_TEXT}")
        try:
            return _plain_text(data.decode(codec), source)
        except UnicodeDecodeError:
            raise CsvImportError(f"{source} {_NOT_TEXT}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # older spreadsheets on Windows
    return _plain_text(text, source)


def _nul_pattern(head: bytes) -> str | None:
    """The codec of UTF-16 or UTF-32 text without a byte-order mark, from where its NUL
    bytes fall (ASCII characters are one byte and one, or three, NULs); None when the
    NULs fall as in binary data."""
    n = len(head) // 4 * 4
    if n >= 4:
        quads = [head[k:n:4] for k in range(4)]
        zero = [q.count(0) / len(q) for q in quads]
        # the high bytes of a code point (< U+110000) are always 0, the next nearly so
        if zero[3] == 1.0 and zero[2] >= 0.9 and zero[0] < 0.5:
            return "utf-32-le"
        if zero[0] == 1.0 and zero[1] >= 0.9 and zero[3] < 0.5:
            return "utf-32-be"
    even, odd = head[0:len(head) // 2 * 2:2], head[1:len(head) // 2 * 2:2]
    if even and odd.count(0) >= 0.9 * len(odd) and even.count(0) <= 0.02 * len(even):
        return "utf-16-le"
    if even and even.count(0) >= 0.9 * len(even) and odd.count(0) <= 0.02 * len(odd):
        return "utf-16-be"
    return None


def _plain_text(text: str, source: str) -> str:
    sample = text[:4096]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
    if control > len(sample) // 100 or sample.count("\ufffd") > len(sample) // 20:
        raise CsvImportError(f"{source} {_NOT_TEXT}")
    return text


def unified_line_ends(text: str) -> str:
    """``text`` with CRLF and CR-only line ends made LF (also inside quoted fields)."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_sep_line(text: str) -> tuple[str, str | None]:
    """``text`` without Excel's ``sep=X`` first line, and X (None when there is none).
    The line is replaced by nothing: the data begins on line 2 of the file."""
    m = _SEP_LINE.match(text)
    if m is None:
        return text, None
    return text[m.end():], m.group(1)


def check_line_lengths(text: str, source: str, first_line: int = 1) -> None:
    """Refuse, naming it, a line longer than :data:`MAX_LINE_CHARS`; linear time, no
    copy (each step jumps to the last line end within reach)."""
    limit, pos, n = MAX_LINE_CHARS, 0, len(text)
    while n - pos > limit:
        end = text.rfind("\n", pos, pos + limit + 1)
        if end == -1:
            line = text.count("\n", 0, pos) + first_line
            stop = text.find("\n", pos)
            length = (n if stop == -1 else stop) - pos
            raise CsvImportError(f"{source}, line {line} is {length:,} characters long; at "
                                 f"most {limit:,} are supported.", line=line)
        pos = end + 1
