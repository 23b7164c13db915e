"""Writing files so that a crash or a full disk never leaves half a file behind.

The temporary file of a save is named ``.<name>.<pid>-<random>.tmp`` beside the target.
A process killed during a save (kill -9, a power cut) cannot remove it, so each save of
a file first removes that file's stale temporaries: those of a process that is gone,
those of this process that no save is writing, and (on systems where another process
cannot be asked whether it runs, and for the older ``.<name>.<random>.tmp`` names) those
untouched for an hour.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

__all__ = ["atomic_writer", "staged_files", "write_text_atomically", "write_bytes_atomically",
           "stale_temporaries"]

_UMASK = os.umask(0)
os.umask(_UMASK)
#: A temporary file whose owner cannot be checked is stale after this many seconds.
STALE_AFTER_S = 3600.0
_writing: set[str] = set()  # this process's temporaries being written now
_writing_lock = threading.Lock()


def _temporary_name(target: Path) -> re.Pattern[str]:
    """Our temporaries of ``target``: the pid is missing in files of older versions."""
    return re.compile(rf"\.{re.escape(target.name)}\.(?:(\d+)-)?[a-z0-9_]{{8}}\.tmp")


def stale_temporaries(target: str | os.PathLike) -> list[Path]:
    """Temporary files left beside ``target`` by saves of it that never finished."""
    target = Path(target)
    pattern = _temporary_name(target)
    stale = []
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return []
    for entry in entries:
        found = pattern.fullmatch(entry.name)
        if found is None or not entry.is_file(follow_symlinks=False):
            continue
        pid = int(found.group(1)) if found.group(1) else None
        is_stale = False
        if pid == os.getpid():
            with _writing_lock:
                is_stale = os.path.abspath(entry.path) not in _writing
        elif pid is not None and os.name == "posix":
            is_stale = not _running(pid)
        else:
            with contextlib.suppress(OSError):
                is_stale = time.time() - entry.stat().st_mtime > STALE_AFTER_S
        if is_stale:
            stale.append(Path(entry.path))
    return stale


def _about_temporary(error: OSError, target: Path) -> bool:
    """Whether ``error`` names our temporary file of ``target``, or no file at all."""
    name = error.filename
    if name is None:
        return True
    if not isinstance(name, (str, bytes, os.PathLike)):
        return False
    return _temporary_name(target).fullmatch(Path(os.fsdecode(name)).name) is not None


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # POSIX only: signal 0 asks, it sends nothing
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, and belongs to someone else
    return True


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike, *, newline: str | None = None,
                  binary: bool = False) -> Iterator[TextIO]:
    """Open a UTF-8 text stream whose content replaces ``path`` only when the block ends
    without an exception.

    The text goes to a temporary file in the same folder (so the final rename stays on
    one file system), is flushed to disk, and is renamed over ``path`` in one step. If
    anything fails on the way, the temporary file is removed and ``path`` keeps what it
    had. An existing file's permissions are kept. Stale temporaries of earlier saves of
    ``path`` are removed first (see the module's notes). An OSError raised on the way
    names ``path`` (its ``filename``), never the temporary file.
    """
    target = Path(path)
    for stale in stale_temporaries(target):
        with contextlib.suppress(OSError):
            stale.unlink()
    temp = None
    try:
        fd, temp = _temporary_beside(target)
        mode = dict(mode="wb") if binary else dict(mode="w", encoding="utf-8", newline=newline)
        with open(fd, **mode) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        _keep_mode(temp, target)
        os.replace(temp, target)
    except BaseException as e:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        if isinstance(e, OSError) and _about_temporary(e, target):
            e.filename, e.filename2 = str(target), None  # the file meant, not our temporary
        raise
    finally:
        if temp is not None:
            with _writing_lock:
                _writing.discard(temp)


@contextlib.contextmanager
def staged_files(paths: Sequence[str | os.PathLike]) -> Iterator[list[Path]]:
    """Several files written all or none: a temporary path beside each of ``paths`` to
    write to (by any means, :func:`atomic_writer` too); when the block ends without an
    exception each replaces its target, else all are removed and every target keeps
    what it had.

    The temporaries are made before the block starts, so a folder that does not exist
    or cannot be written, or a target that is a folder, fails before anything is
    written. An OSError names the target (its ``filename``), never a temporary. (Only
    the final renames, one per file, can fail part-way.)
    """
    targets = [Path(p) for p in paths]
    temps: list[Path] = []
    try:
        for target in targets:
            if target.is_dir():
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
            try:
                fd, temp = _temporary_beside(target)
            except OSError as e:
                e.filename, e.filename2 = str(target), None
                raise
            os.close(fd)
            temps.append(Path(temp))
        try:
            yield list(temps)
        except OSError as e:  # name the target meant, not its temporary
            for target, temp in zip(targets, temps):
                if _is(e.filename, temp):  # (atomic_writer(temp) names temp, not its own)
                    e.filename, e.filename2 = str(target), None
            raise
        for target, temp in zip(targets, temps):
            _keep_mode(temp, target)
            try:
                os.replace(temp, target)
            except OSError as e:
                e.filename, e.filename2 = str(target), None
                raise
    finally:
        for temp in temps:
            with contextlib.suppress(OSError):
                temp.unlink(missing_ok=True)
            with _writing_lock:
                _writing.discard(str(temp))


def _temporary_beside(target: Path) -> tuple[int, str]:
    """A new temporary file in ``target``'s folder, named after it (so that
    :func:`stale_temporaries` knows it) and noted as being written: (fd, absolute path)."""
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.{os.getpid()}-",
                                suffix=".tmp")
    temp = os.path.abspath(temp)  # mkstemp gives it relative to a relative dir (< 3.12)
    with _writing_lock:
        _writing.add(temp)
    return fd, temp


def _keep_mode(temp: str | os.PathLike, target: Path) -> None:
    """Give ``temp`` the permissions ``target`` has (a new file's: 0666 less the umask)."""
    with contextlib.suppress(OSError):
        os.chmod(temp, target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_UMASK)


def _is(name, path: Path) -> bool:
    return isinstance(name, (str, bytes, os.PathLike)) and \
        os.path.abspath(os.fsdecode(name)) == str(path)


def write_text_atomically(path: str | os.PathLike, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) in one step; see :func:`atomic_writer`."""
    with atomic_writer(path) as stream:
        stream.write(text)


def write_bytes_atomically(path: str | os.PathLike, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step; see :func:`atomic_writer`."""
    with atomic_writer(path, binary=True) as stream:
        stream.write(data)
