"""The computation core: exact divergences between discrete distributions.

Pure numpy; no Qt and no file I/O (a test keeps it so).
"""

from .comparison import SCALAR_FIELDS, Comparison
from .divergence import compare
from .errors import Cancelled, DistributionError, WeightParseError
from .parsing import parse_weight
from .smoothing import Smoothing
from .units import UNITS

__all__ = ["compare", "Comparison", "Cancelled", "DistributionError", "WeightParseError",
           "parse_weight", "Smoothing", "UNITS", "SCALAR_FIELDS"]
