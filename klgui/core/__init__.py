"""The computation core: exact divergences between discrete distributions.

Pure numpy; no Qt and no file I/O (a test keeps it so).
"""

from klgui.core.comparison import SCALAR_FIELDS, Comparison
from klgui.core.numerics.divergence import compare
from klgui.core.errors import Cancelled, DistributionError, WeightParseError
from klgui.core.parsing import parse_weight
from klgui.core.smoothing import Smoothing
from klgui.core.units import UNITS

__all__ = ["compare", "Comparison", "Cancelled", "DistributionError", "WeightParseError",
           "parse_weight", "Smoothing", "UNITS", "SCALAR_FIELDS"]
