"""Ready-made examples shipped as JSON under resources/presets/.

A preset file holds ``title``, ``description``, ``order`` (its place in the menu), the
outcomes (``labels``, ``p``, ``q``: entries as a person would type them; or, for an
example with several models, ``labels``, ``distributions`` as in a version-2 session and
``focus``; a distribution may hold ``"family"`` or ``"logits"`` and ``"temperature"``
in place of ``"entries"``, as in a session) and, optionally, ``settings``: the same keys
as a session's settings (``unit``, ``digits``, ``auto_normalize``, ``smoothing``), each
of which may be left out. An example opens with normalization on and smoothing off
unless its settings say otherwise; the unit and the digits stay as the person chose them
unless its settings name them.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from klgui.core import UNITS, DistributionError, Smoothing
from klgui.core.families import Softmax, family_from_dict
from klgui.core.families.placing import placed, probability_texts
from klgui.model.snapshot import DIGITS_RANGE, MODEL, REFERENCE, DistributionSpec, Snapshot
from klgui.paths import resource_path

__all__ = ["Preset", "PresetError", "list_presets", "find_preset", "SETTINGS", "ALIASES"]

#: Names the first round's examples had, kept for the command line (``--preset
#: classifier-a``): the example they are now and the model it opens in focus.
ALIASES = {"classifier-a": ("classifier", "Model A"), "classifier-b": ("classifier", "Model B")}

#: The settings a preset may carry.
SETTINGS = ("unit", "digits", "auto_normalize", "smoothing")


class PresetError(ValueError):
    """A preset file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Preset:
    """One example: outcome labels, the P and Q entries as a person would type them,
    and the settings it opens with (``unit`` and ``digits`` None: keep the person's)."""

    key: str
    title: str
    description: str
    labels: tuple[str, ...]
    p: tuple[str, ...]
    q: tuple[str, ...]
    unit: str | None = None
    digits: int | None = None
    auto_normalize: bool = True
    smoothing: Smoothing | None = None
    #: Every distribution, for an example with several models (else P and Q).
    distributions: tuple[DistributionSpec, ...] = ()
    focus: str | None = None

    def snapshot(self, unit: str, digits: int) -> Snapshot:
        """The document this example opens as, given the person's current ``unit`` and
        ``digits`` (used where the preset names none). Named after the example's title."""
        distributions = self.distributions or (DistributionSpec("P", REFERENCE, self.p),
                                               DistributionSpec("Q", MODEL, self.q))
        return Snapshot(self.labels, distributions, self.focus, name=self.title,
                        unit=self.unit or unit,
                        digits=self.digits if self.digits is not None else digits,
                        auto_normalize=self.auto_normalize, smoothing=self.smoothing)


def list_presets(folder: Path | None = None) -> list[Preset]:
    """Every preset in ``folder`` (default: the shipped ones), in menu order. Raises
    PresetError naming the file when one is not usable."""
    folder = resource_path("presets") if folder is None else folder
    found = []
    for path in folder.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        settings = _settings(data.get("settings", {}), path.name)
        distributions = _distributions(data, path.name)
        reference = next((d for d in distributions if d.role == REFERENCE), None)
        focus = data.get("focus")
        model = next((d for d in distributions if d.name == focus), None) or next(
            (d for d in distributions if d.role == MODEL), None)
        found.append((data.get("order", 1000), Preset(
            key=path.stem, title=data["title"], description=data.get("description", ""),
            labels=tuple(data["labels"]),
            p=reference.entries if reference else tuple(data["p"]),
            q=model.entries if model else tuple(data["q"]),
            distributions=distributions, focus=model.name if model else None,
            **settings)))
    return [preset for _, preset in sorted(found, key=lambda item: (item[0], item[1].key))]


def find_preset(key: str, folder: Path | None = None) -> Preset:
    """The preset called ``key`` (its file name without .json); KeyError names the
    ones there are."""
    presets = list_presets(folder)
    key, focus = ALIASES.get(key, (key, None)) if folder is None else (key, None)
    for preset in presets:
        if preset.key == key:
            if focus is None:
                return preset
            model = next(d for d in preset.distributions if d.name == focus)
            return replace(preset, focus=focus, q=model.entries)
    raise KeyError(f"no preset {key!r}; there are: {', '.join(p.key for p in presets)}"
                   f" (and {', '.join(ALIASES)})")


def _distributions(data: dict, source: str) -> tuple[DistributionSpec, ...]:
    """A several-model preset's distributions (empty for a P-and-Q one), checked."""
    raw = data.get("distributions")
    if raw is None:
        return ()
    out = []
    for item in raw:
        family = None
        if "family" in item or "logits" in item:
            try:
                family = (family_from_dict(item["family"]) if "family" in item
                          else Softmax.from_dict(item))
                entries = tuple(probability_texts(placed(family, data["labels"])))
            except DistributionError as e:
                raise PresetError(f"{source}: distribution {item.get('name')!r}: {e}"
                                  ) from None
        else:
            entries = tuple(str(t) for t in item["entries"])
        if len(entries) != len(data["labels"]) or item.get("role") not in (REFERENCE, MODEL):
            raise PresetError(f"{source}: distribution {item.get('name')!r} needs a role "
                              "and one entry per label.")
        out.append(DistributionSpec(str(item["name"]), item["role"], entries, family))
    if sum(d.role == REFERENCE for d in out) != 1:
        raise PresetError(f"{source}: exactly one distribution must be the reference.")
    return tuple(out)


def _settings(raw: Any, source: str) -> dict[str, Any]:
    """A preset's ``settings`` object, checked, as Preset's keyword arguments."""
    if not isinstance(raw, dict):
        raise PresetError(f"{source}: 'settings' should be an object.")
    unknown = sorted(set(raw) - set(SETTINGS))
    if unknown:
        raise PresetError(f"{source}: unknown setting {unknown[0]!r}; a preset may set "
                          f"{', '.join(SETTINGS)}.")
    out: dict[str, Any] = {}
    if "unit" in raw:
        if raw["unit"] not in UNITS:
            raise PresetError(f"{source}: the unit {raw['unit']!r} is not one of "
                              f"{', '.join(UNITS)}.")
        out["unit"] = raw["unit"]
    if "digits" in raw:
        digits, (lo, hi) = raw["digits"], DIGITS_RANGE
        if not (isinstance(digits, int) and not isinstance(digits, bool) and lo <= digits <= hi):
            raise PresetError(f"{source}: digits should be a whole number from {lo} to {hi}, "
                              f"not {json.dumps(digits)}.")
        out["digits"] = digits
    if "auto_normalize" in raw:
        if not isinstance(raw["auto_normalize"], bool):
            raise PresetError(f"{source}: 'auto_normalize' should be true or false.")
        out["auto_normalize"] = raw["auto_normalize"]
    if raw.get("smoothing") is not None:
        out["smoothing"] = _smoothing(raw["smoothing"], source)
    return out


def _smoothing(raw: Any, source: str) -> Smoothing:
    amount = raw.get("amount") if isinstance(raw, dict) else None
    if not isinstance(amount, (int, float)) or isinstance(amount, bool) \
            or not math.isfinite(amount):
        raise PresetError(f"{source}: 'smoothing' should be null or an object with a "
                          "method and a numeric amount.")
    try:
        return Smoothing(raw.get("method"), float(amount), raw.get("apply_to", "both"))
    except ValueError as e:
        raise PresetError(f"{source}: {e}.") from None
