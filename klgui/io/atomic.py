"""Writing files so that a crash or a full disk never leaves half a file behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

__all__ = ["atomic_writer", "write_text_atomically", "write_bytes_atomically"]

_UMASK = os.umask(0)
os.umask(_UMASK)


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike, *, newline: str | None = None,
                  binary: bool = False) -> Iterator[TextIO]:
    """Open a UTF-8 text stream whose content replaces ``path`` only when the block ends
    without an exception.

    The text goes to a temporary file in the same folder (so the final rename stays on
    one file system), is flushed to disk, and is renamed over ``path`` in one step. If
    anything fails on the way, the temporary file is removed and ``path`` keeps what it
    had. An existing file's permissions are kept.
    """
    target = Path(path)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        mode = dict(mode="wb") if binary else dict(mode="w", encoding="utf-8", newline=newline)
        with open(fd, **mode) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(OSError):
            os.chmod(temp, target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_UMASK)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def write_text_atomically(path: str | os.PathLike, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) in one step; see :func:`atomic_writer`."""
    with atomic_writer(path) as stream:
        stream.write(text)


def write_bytes_atomically(path: str | os.PathLike, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step; see :func:`atomic_writer`."""
    with atomic_writer(path, binary=True) as stream:
        stream.write(data)
