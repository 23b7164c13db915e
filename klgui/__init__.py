"""KL Divergence Explorer: see how two discrete probability distributions differ."""

__version__ = "0.1.0"
