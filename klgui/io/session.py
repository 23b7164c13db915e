"""Session files: the whole state (outcomes, distributions with their entries as typed,
the focus, settings) as versioned JSON, written atomically. A file from a newer version
is refused, never half-read; every older version opens: each version has its upgrade to
the next (:func:`upgrade_v1`), so there is one reader, of the newest.

Version 1 held one P and one Q: ``"outcomes": {"labels": [...], "p": [...], "q":
[...]}``. Version 2 keeps ``format``, ``name`` and ``settings``, the labels in
``"outcomes": {"labels": [...]}``, then ``"distributions": [{"name": "P", "role":
"reference", "entries": [...]}, {"name": "Model A", "role": "model", "entries": [...]},
...]`` (names unique, exactly one reference) and ``"focus"``: a model's name. A column
filled from a family holds ``"family": {"name": "binomial", "n": 10, "p": 0.3}`` (with
``"tail": K`` for Poisson and Geometric; see core.families) in place of ``"entries"``,
a logits column ``"logits": ["10", "20", "30"], "temperature": 2``; the family's
outcomes are the session's labels, read as numbers (core.families.outcome_values).

Version 2 may also hold ``"view"``, the chart's view (:func:`view_json`): ``{"direction":
"both", "form": "signed", "order": "top", "values": true, "tab": "contributions"}``,
every key optional. The view is how the lesson is shown, not its data: a file without
it opens with the chart as it was, and a value that cannot be used (an unknown
direction, a misspelt key) is named in :attr:`ChartView.problems` and takes its
default, while the rest of the file, and of the view, opens.

Version 2 may also hold ``"labs": {"bayes": {"observation": "positive test",
"likelihoods": ["0.9", "0.2", "0.05"], "steps": [{"name": "positive test",
"likelihoods": [0.9, 0.2, 0.05]}]}}``, the Bayes lab's work (:func:`bayes_json`): the
likelihood column as typed, one per outcome, and the observations recorded. A step that
did not happen also holds ``"complement_of"``: the column ℓ whose complement 1 − ℓ it
used, formed exactly when read (its ``"likelihoods"`` are 1 − ℓ rounded once, what apps
before that key read; files written before it hold 1 − ℓ formed in doubles, e.g.
0.19999999999999996 for ℓ = 0.8, and still open as the plain likelihoods they say). A
step recorded by likelihoods typed as other than their doubles' shortest decimals (1/3)
also holds ``"typed"``: ``["1/3", "1/7", null]``, its ℓ exactly, null where ℓ is the
file's number; files written before that key read every step by its numbers' shortest
decimals, as the lab did before it read typed ratios exactly (a step by 1/3 may differ
from what that lab showed in the last bit; nothing the file holds is lost). The
lab is optional (a file without it opens as before; older apps, which ignore keys they
do not know, open the rest), so the version stays 2; a value that cannot be used (a likelihood
list of the wrong length, a likelihood outside [0, 1]) refuses the file with a message
naming the key, as a bad distribution does.

Whatever a file holds (nesting 100,000 deep, a number of 5,000 digits, a byte-order
mark, values of the wrong kind), reading it either gives a Snapshot or raises
SessionError with one line naming the file: no other exception comes out of
:func:`load_session` or :func:`parse_session` for a bad file."""

from __future__ import annotations

import datetime
import json
import math
from pathlib import Path
from typing import Any

from klgui import __version__
from klgui.core import UNITS, DistributionError, Smoothing, WeightParseError
from klgui.core.families import Family, Softmax, family_from_dict
from klgui.core.families.placing import placed, probability_texts
from klgui.core.parsing import parse_weights
from klgui.core.errors import describe_outcome
from klgui.model.snapshot import (DIGITS_RANGE, MODEL, REFERENCE, DistributionSpec, Snapshot)

from klgui.io.atomic import write_text_atomically
from klgui.io.delimited_table import repeated_labels, repeats_text
from klgui.io.session_parts import bayes_json, read_labs, read_view, view_json
from klgui.io.session_values import SessionError
from klgui.io.session_values import encodable as _encodable
from klgui.io.session_values import shown as _shown

__all__ = ["SessionError", "FORMAT", "VERSION", "SUFFIX", "session_text", "save_session",
           "load_session", "parse_session", "upgrade_v1", "view_json", "read_view",
           "bayes_json", "read_labs", "session_notes"]

FORMAT = "klgui-session"
VERSION = 2
SUFFIX = ".kld.json"


def session_notes(snapshot: Snapshot) -> tuple[str, ...]:
    """What is worth telling about a session that opens, as the document keeps it.

    The table keeps every label without blanks at either end
    (klgui.model.columns.checked_labels; a session saved by the app holds them so), so a
    hand-edited label " a" opens as "a" and " " as a blank label: said ("1 label(s) had
    blanks at either end, taken off as the table keeps labels: first ' ', now ''.").
    Then its repeated labels, as the document holds them and as the CSV import tells
    them ("2 label(s) repeat, first 'the' (separate outcomes, as the session holds
    them)."); a blank label is never a repeat. Empty when nothing is worth telling."""
    labels = [str(t).strip() for t in snapshot.labels]
    notes = []
    changed = [(t, k) for t, k in zip(snapshot.labels, labels) if t != k]
    if changed:
        notes.append(f"{len(changed):,} label(s) had blanks at either end, taken off as the "
                     f"table keeps labels: first {changed[0][0]!r}, now {changed[0][1]!r}.")
    groups = repeated_labels(labels)
    if groups:
        notes.append(f"{repeats_text(groups)} (separate outcomes, as the session holds them).")
    return tuple(notes)


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
        "outcomes": {"labels": list(snapshot.labels)},
        "distributions": [_distribution(d) for d in snapshot.distributions],
        "focus": snapshot.focus_model.name,
    }
    if snapshot.view is not None:
        data["view"] = view_json(snapshot.view)
    if snapshot.bayes is not None:
        data["labs"] = {"bayes": bayes_json(snapshot.bayes)}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _distribution(d: DistributionSpec) -> dict[str, Any]:
    """One distribution's object: its entries, or the family or logits it comes from."""
    out: dict[str, Any] = {"name": d.name, "role": d.role}
    if d.source is None:
        out["entries"] = list(d.entries)
    elif isinstance(d.source, Softmax):
        out.update(d.source.to_dict())
    else:
        out["family"] = d.source.to_dict()
    return out


def save_session(path: str | Path, snapshot: Snapshot) -> None:
    """Write a session file atomically: a failed write leaves the old file as it was."""
    write_text_atomically(path, session_text(snapshot))


def load_session(path: str | Path) -> Snapshot:
    """Read a session file. Raises SessionError naming the file and what is wrong."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")  # with or without a byte-order mark
    except UnicodeDecodeError:
        raise SessionError(f"{path.name} is not a session file (it is not UTF-8 text).") from None
    except OSError as e:
        raise SessionError(f"{path.name}: cannot be read ({e.strerror or e}).") from None
    return parse_session(text, path.name)


def parse_session(text: str, source: str = "the session") -> Snapshot:
    """The Snapshot in a session file's text; ``source`` names it in messages."""
    try:
        data = json.loads(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as e:
        raise SessionError(f"{source} is not a session file: line {e.lineno}: {e.msg}.") from None
    except RecursionError:
        raise SessionError(f"{source} is not a session file: its values are nested too "
                           "deeply to read.") from None
    except ValueError:  # a number of more than 4,300 digits (sys.int_info)
        raise SessionError(f"{source} is not a session file: it holds a number of more "
                           "than 4,300 digits.") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SessionError(f"{source} is not a KL Divergence Explorer session file.")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SessionError(f"{source}: the session version {_shown(version)} is not valid.")
    if version > VERSION:
        raise SessionError(
            f"{source} was saved by a newer KL Divergence Explorer (session version "
            f"{_shown(version)}, from app {_shown(data.get('app_version', '?'), quote=False)});"
            f" this app ({__version__}) reads version {VERSION}. Update the app to open it.")
    if version == 1:
        data = upgrade_v1(data, source)
    read = _Reader(source)
    settings = read.field(data, "settings", dict)
    outcomes = read.field(data, "outcomes", dict)
    labels = read.strings(outcomes, "labels")
    if not labels:
        raise SessionError(f"{source}: the session has no outcomes.")
    distributions = _distributions(read, data, labels)
    models = [d.name for d in distributions if d.role == MODEL]
    focus = data.get("focus", models[0])
    if focus not in models:
        raise SessionError(f"{source}: the focus {_shown(focus)} is not one of the models "
                           f"({', '.join(models)}).")
    unit = read.field(settings, "unit", str)
    if unit not in UNITS:
        raise SessionError(f"{source}: the unit {unit!r} is not one of {', '.join(UNITS)}.")
    digits = read.field(settings, "digits", int)
    if not DIGITS_RANGE[0] <= digits <= DIGITS_RANGE[1]:
        raise SessionError(f"{source}: digits {_shown(digits)} is outside "
                           f"{DIGITS_RANGE[0]}–{DIGITS_RANGE[1]}.")
    name = data.get("name")
    return Snapshot(tuple(labels), tuple(distributions), focus,
                    name=name if isinstance(name, str) and name
                    else Path(source).name.split(".")[0],
                    unit=unit, auto_normalize=read.field(settings, "auto_normalize", bool),
                    digits=digits, smoothing=read.smoothing(settings),
                    view=read_view(data["view"], source) if "view" in data else None,
                    bayes=read_labs(data["labs"], source, len(labels)) if "labs" in data
                    else None)


def upgrade_v1(data: dict, source: str = "the session") -> dict:
    """A version-1 session's data as version 2: its P becomes the reference "P" and its Q
    the model "Q", in focus. Raises SessionError (naming ``source``) when the version-1
    parts are missing or of the wrong kind."""
    read = _Reader(source)
    outcomes = read.field(data, "outcomes", dict)
    labels = read.strings(outcomes, "labels")
    p, q = read.strings(outcomes, "p"), read.strings(outcomes, "q")
    if labels and not len(labels) == len(p) == len(q):
        raise SessionError(f"{source}: the session has {len(labels)} labels, {len(p)} P entries "
                           f"and {len(q)} Q entries; they must match.")
    out = {k: v for k, v in data.items() if k != "outcomes"}
    out["version"] = 2
    out["outcomes"] = {"labels": labels}
    out["distributions"] = [{"name": "P", "role": REFERENCE, "entries": p},
                            {"name": "Q", "role": MODEL, "entries": q}]
    out["focus"] = "Q"
    return out


def _distributions(read: _Reader, data: dict, labels: list[str]) -> list[DistributionSpec]:
    """The checked distributions of a version-2 session."""
    source, n = read.source, len(labels)
    raw = read.field(data, "distributions", list)
    out: list[DistributionSpec] = []
    for i, item in enumerate(raw):
        where = f"distribution {i + 1}"
        if not isinstance(item, dict):
            raise SessionError(f"{source}: {where} should be an object, not {_shown(item)}.")
        name = read.field(item, "name", str).strip()
        where = f"distribution {i + 1} ({_shown(name)})"
        role = read.field(item, "role", str)
        if role not in (REFERENCE, MODEL):
            raise SessionError(f"{source}: {where}: the role should be 'reference' or "
                               f"'model', not {_shown(role)}.")
        if "family" in item or "logits" in item:
            out.append(_family_spec(source, where, item, name, role, labels))
            continue
        if "entries" not in item:
            raise SessionError(f"{source}: {where} has no 'entries' (nor 'family' or "
                               "'logits').")
        entries = read.strings(item, "entries")
        if len(entries) != n:
            raise SessionError(f"{source}: {where} has {len(entries)} entries for {n} "
                               "outcomes; they must match.")
        try:
            parse_weights(entries)
        except WeightParseError as e:
            row = e.index or 0
            raise SessionError(f"{source}: {name}, {describe_outcome(row, labels[row])}: "
                               f"{e}") from None
        out.append(DistributionSpec(name, role, tuple(entries)))
    names = [d.name for d in out]
    if any(not x for x in names):
        raise SessionError(f"{source}: every distribution needs a name.")
    repeated = sorted({x for x in names if names.count(x) > 1})
    if repeated:
        raise SessionError(f"{source}: two distributions are called {_shown(repeated[0])}; "
                           "names must differ.")
    references = sum(d.role == REFERENCE for d in out)
    if references != 1:
        raise SessionError(f"{source}: exactly one distribution must be the reference, not "
                           f"{references}.")
    if len(out) < 2:
        raise SessionError(f"{source}: the session needs a reference and at least one model.")
    return out


def _family_spec(source: str, where: str, item: dict, name: str, role: str,
                 labels: list[str]) -> DistributionSpec:
    """A distribution filled from a family or from logits, checked against the labels;
    its entries are the probabilities it places on them."""
    keys = [k for k in ("entries", "family", "logits") if k in item]
    if len(keys) > 1:
        raise SessionError(f"{source}: {where} has both {keys[0]!r} and {keys[1]!r}; "
                           "give one of them.")
    try:
        family: Family = (family_from_dict(item["family"]) if "family" in item
                          else Softmax.from_dict(item))
        probabilities = placed(family, labels)
    except DistributionError as e:
        raise SessionError(f"{source}: {where}: {e}") from None
    return DistributionSpec(name, role, tuple(probability_texts(probabilities)), family)


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
                               f"not {_shown(value)}.")
        return value

    def strings(self, data: dict, key: str) -> list[str]:
        values = self.field(data, key, list)
        for i, v in enumerate(values):
            if not isinstance(v, str):
                raise SessionError(f"{self.source}: {key!r} item {i + 1} should be text, "
                                   f"not {_shown(v)}.")
        try:
            "".join(values).encode("utf-8")
        except UnicodeEncodeError:  # JSON's "\ud800": half of a character, never written
            i = next(i for i, v in enumerate(values) if not _encodable(v))
            raise SessionError(f"{self.source}: {key!r} item {i + 1} holds half of a "
                               "character (an unpaired surrogate), which no file can hold."
                               ) from None
        return values

    def smoothing(self, settings: dict) -> Smoothing | None:
        raw = settings.get("smoothing")
        if raw is None:
            return None
        if not isinstance(raw, dict):
            raise SessionError(f"{self.source}: 'smoothing' should be an object or null.")
        amount = raw.get("amount")
        try:  # an int of 400 digits is a number, but no float
            amount = float(amount) if isinstance(amount, (int, float)) \
                and not isinstance(amount, bool) else math.nan
        except OverflowError:
            amount = math.inf
        if not math.isfinite(amount):
            raise SessionError(f"{self.source}: the smoothing amount should be a finite number.")
        method, apply_to = raw.get("method"), raw.get("apply_to", "both")
        for key, value in (("method", method), ("apply_to", apply_to)):
            if not isinstance(value, str):
                raise SessionError(f"{self.source}: the smoothing {key} should be text, "
                                   f"not {_shown(value)}.")
        try:
            return Smoothing(method, amount, apply_to)
        except ValueError as e:
            raise SessionError(f"{self.source}: {e}.") from None


_KINDS = {dict: "an object", list: "a list", str: "text", int: "a whole number",
          bool: "true or false"}
