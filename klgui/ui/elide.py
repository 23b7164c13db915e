"""Texts shortened to fit, ending in "…": by characters where no width in pixels is
known (a tick label, a choice in a list), by Qt's own eliding where it is."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics

__all__ = ["short_text", "elided"]


def short_text(text: str, limit: int) -> str:
    """``text`` if it has at most ``limit`` characters, else its first ``limit`` − 1
    and "…"."""
    return text if len(text) <= limit else text[:max(limit - 1, 0)] + "…"


def elided(text: str, metrics: QFontMetrics, width: int) -> str:
    """``text`` as wide as ``width`` pixels at most in the font of ``metrics``, cut at
    its end with "…" (QFontMetrics.elidedText); whole if it fits."""
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(width, 0))
