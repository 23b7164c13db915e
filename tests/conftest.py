"""Shared test setup. Qt runs offscreen so the suite needs no display."""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))  # for the `oracle` helper module
