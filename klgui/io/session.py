"""Session files: the whole state (outcomes, entries as typed, settings) as versioned
JSON, written atomically. A file from a newer version is refused, never half-read."""

from __future__ import annotations

import datetime
import json
import math
from pathlib import Path
from typing import Any

from klgui import __version__
from klgui.core import UNITS, Smoothing, WeightParseError
from klgui.core.parsing import parse_weights
from klgui.document import DIGITS_RANGE, Snapshot

from .atomic import write_text_atomically

__all__ = ["SessionError", "FORMAT", "VERSION", "SUFFIX", "session_text", "save_session",
           "load_session", "parse_session"]

FORMAT = "klgui-session"
VERSION = 1
SUFFIX = ".kld.json"


class SessionError(ValueError):
    """A session file that cannot be opened; the message names the file and the problem."""


def session_text(snapshot: Snapshot) -> str:
    """The JSON text of a session (UTF-8, one outcome column per list)."""
    s = snapshot.smoothing
    data = {
        "format": FORMAT,
        "version": VERSION,
        "app_version": __version__,
        "saved": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "name": snapshot.name,
        "settings": {
            "unit": snapshot.unit,
            "auto_normalize": snapshot.auto_normalize,
            "digits": snapshot.digits,
            "smoothing": None if s is None else
            {"method": s.method, "amount": s.amount, "apply_to": s.apply_to},
        },
        "outcomes": {"labels": list(snapshot.labels), "p": list(snapshot.p),
                     "q": list(snapshot.q)},
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def save_session(path: str | Path, snapshot: Snapshot) -> None:
    """Write a session file atomically: a failed write leaves the old file as it was."""
    write_text_atomically(path, session_text(snapshot))


def load_session(path: str | Path) -> Snapshot:
    """Read a session file. Raises SessionError naming the file and what is wrong."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise SessionError(f"{path.name} is not a session file (it is not UTF-8 text).") from None
    except OSError as e:
        raise SessionError(f"{path.name}: cannot be read ({e.strerror or e}).") from None
    return parse_session(text, path.name)


def parse_session(text: str, source: str = "the session") -> Snapshot:
    """The Snapshot in a session file's text; ``source`` names it in messages."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise SessionError(f"{source} is not a session file: line {e.lineno}: {e.msg}.") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SessionError(f"{source} is not a KL Divergence Explorer session file.")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SessionError(f"{source}: the session version {version!r} is not valid.")
    if version > VERSION:
        raise SessionError(
            f"{source} was saved by a newer KL Divergence Explorer (session version "
            f"{version}, from app {data.get('app_version', '?')}); this app ({__version__}) "
            f"reads version {VERSION}. Update the app to open it.")
    read = _Reader(source)
    settings = read.field(data, "settings", dict)
    outcomes = read.field(data, "outcomes", dict)
    labels = read.strings(outcomes, "labels")
    p, q = read.strings(outcomes, "p"), read.strings(outcomes, "q")
    if not labels:
        raise SessionError(f"{source}: the session has no outcomes.")
    if not len(labels) == len(p) == len(q):
        raise SessionError(f"{source}: the session has {len(labels)} labels, {len(p)} P entries "
                           f"and {len(q)} Q entries; they must match.")
    for which, texts in (("P", p), ("Q", q)):
        try:
            parse_weights(texts)
        except WeightParseError as e:
            raise SessionError(f"{source}: {which}, outcome {(e.index or 0) + 1}: {e}") from None
    unit = read.field(settings, "unit", str)
    if unit not in UNITS:
        raise SessionError(f"{source}: the unit {unit!r} is not one of {', '.join(UNITS)}.")
    digits = read.field(settings, "digits", int)
    if not DIGITS_RANGE[0] <= digits <= DIGITS_RANGE[1]:
        raise SessionError(f"{source}: digits {digits} is outside {DIGITS_RANGE[0]}–{DIGITS_RANGE[1]}.")
    return Snapshot(tuple(labels), tuple(p), tuple(q),
                    name=str(data.get("name") or Path(source).name.split(".")[0]),
                    unit=unit, auto_normalize=read.field(settings, "auto_normalize", bool),
                    digits=digits, smoothing=read.smoothing(settings))


class _Reader:
    """Checked access to the parts of a session, with messages that name them."""

    def __init__(self, source: str) -> None:
        self.source = source

    def field(self, data: dict, key: str, kind: type) -> Any:
        if key not in data:
            raise SessionError(f"{self.source}: the session has no {key!r}.")
        value = data[key]
        wrong_bool = kind is int and isinstance(value, bool)
        if not isinstance(value, kind) or wrong_bool:
            raise SessionError(f"{self.source}: {key!r} should be {_KINDS[kind]}, "
                               f"not {json.dumps(value)[:40]}.")
        return value

    def strings(self, data: dict, key: str) -> list[str]:
        values = self.field(data, key, list)
        for i, v in enumerate(values):
            if not isinstance(v, str):
                raise SessionError(f"{self.source}: {key!r} item {i + 1} should be text, "
                                   f"not {json.dumps(v)[:40]}.")
        return values

    def smoothing(self, settings: dict) -> Smoothing | None:
        raw = settings.get("smoothing")
        if raw is None:
            return None
        if not isinstance(raw, dict):
            raise SessionError(f"{self.source}: 'smoothing' should be an object or null.")
        amount = raw.get("amount")
        if not isinstance(amount, (int, float)) or isinstance(amount, bool) \
                or not math.isfinite(amount):
            raise SessionError(f"{self.source}: the smoothing amount should be a number.")
        try:
            return Smoothing(raw.get("method"), float(amount), raw.get("apply_to", "both"))
        except ValueError as e:
            raise SessionError(f"{self.source}: {e}.") from None


_KINDS = {dict: "an object", list: "a list", str: "text", int: "a whole number",
          bool: "true or false"}
