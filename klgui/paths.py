"""Where the shipped resources are, installed or run from the source tree."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def resource_path(name: str) -> Path:
    """Path of a file under resources/ (installed as the package klgui.resources)."""
    try:
        root = Path(str(resources.files("klgui.resources")))
    except ModuleNotFoundError:  # running from a source tree that is not installed
        root = Path(__file__).resolve().parent.parent / "resources"
    return root / name
