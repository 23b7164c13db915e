"""Ready-made examples shipped as JSON under resources/presets/."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from klgui.paths import resource_path

__all__ = ["Preset", "list_presets", "find_preset"]


@dataclass(frozen=True)
class Preset:
    """One example: outcome labels and the P and Q entries as a person would type them."""

    key: str
    title: str
    description: str
    labels: tuple[str, ...]
    p: tuple[str, ...]
    q: tuple[str, ...]


def list_presets(folder: Path | None = None) -> list[Preset]:
    """Every preset in ``folder`` (default: the shipped ones), in menu order."""
    folder = resource_path("presets") if folder is None else folder
    found = []
    for path in folder.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        found.append((data.get("order", 1000), Preset(
            key=path.stem, title=data["title"], description=data.get("description", ""),
            labels=tuple(data["labels"]), p=tuple(data["p"]), q=tuple(data["q"]))))
    return [preset for _, preset in sorted(found, key=lambda item: (item[0], item[1].key))]


def find_preset(key: str, folder: Path | None = None) -> Preset:
    """The preset called ``key`` (its file name without .json); KeyError names the
    ones there are."""
    presets = list_presets(folder)
    for preset in presets:
        if preset.key == key:
            return preset
    raise KeyError(f"no preset {key!r}; there are: {', '.join(p.key for p in presets)}")
