"""Each family parameter's range, the name a person sees for it, and the sentence that
says a value is outside that range (standard library only).

The families' own checks (``__post_init__``) name the session key (``'lam' of the
poisson family``): that is what a session file says. A control that a person types
into names the parameter as the control shows it (``λ of the Poisson family``), with
:func:`parameter_problem`. Numbers here are written the core's way (a decimal dot,
counts grouped with commas, ``−``); the window rewrites them for its locale and leaves
the quoted text the person typed as it is.
"""

from __future__ import annotations

import math

from klgui.core.characters import quoted
from klgui.core.families.counts import MAX_LAMBDA, MAX_OUTCOMES
from klgui.core.families.finite import MAX_ZIPF_S, TEMPERATURE_LIMITS

__all__ = ["PARAMETER_RANGES", "WHOLE_PARAMETERS", "parameter_name", "family_title",
           "parameter_rule", "parameter_problem"]

_WHOLE = (1, MAX_OUTCOMES - 1, False)
#: Each parameter's range as the families check it, by (family, parameter):
#: (lowest, highest, whether the lowest itself is refused): λ > 0 is (0, 1e6, True).
#: Controls that set a parameter offer this range (see klgui.ui.chart.family_controls).
PARAMETER_RANGES: dict[tuple[str, str], tuple[float, float, bool]] = {
    ("binomial", "n"): _WHOLE, ("binomial", "p"): (0.0, 1.0, False),
    ("poisson", "lam"): (0.0, MAX_LAMBDA, True), ("poisson", "tail"): _WHOLE,
    ("geometric", "p"): (0.0, 1.0, True), ("geometric", "tail"): _WHOLE,
    ("uniform", "n"): _WHOLE,
    ("zipf", "s"): (-MAX_ZIPF_S, MAX_ZIPF_S, False), ("zipf", "n"): _WHOLE,
    ("normal", "mean"): (-math.inf, math.inf, False),
    ("normal", "sd"): (0.0, math.inf, True),
    ("logits", "temperature"): (*TEMPERATURE_LIMITS, False),
}

#: The parameters that take whole numbers only.
WHOLE_PARAMETERS = frozenset({"n", "tail"})

_NAMES = {"lam": "λ", "mean": "μ", "sd": "σ", "tail": "K", "temperature": "T"}
_TITLES = {"binomial": "the Binomial family", "poisson": "the Poisson family",
           "geometric": "the Geometric family", "uniform": "the Uniform family",
           "zipf": "the Zipf family", "normal": "the Normal family",
           "logits": "the softmax of logits"}


def parameter_name(key: str) -> str:
    """The name a control shows for session key ``key``: ``λ`` for ``lam``, ``μ``,
    ``σ``, ``K`` (the tail), ``T`` (the temperature); ``n``, ``p``, ``s`` as they are."""
    return _NAMES.get(key, key)


def family_title(family: str) -> str:
    """``the Poisson family`` for ``poisson``; ``the softmax of logits`` for ``logits``."""
    return _TITLES.get(family, f"the {family} family")


def _number(x: float) -> str:
    """``x`` the core's way: whole values grouped (``1,000,000``), others in their
    shortest form (``0.001``), a minus as ``−``."""
    text = f"{int(x):,}" if x == int(x) and abs(x) < 1e16 else repr(float(x))
    return text.replace("-", "\u2212")


def parameter_rule(family: str, key: str) -> str:
    """What parameter ``key`` of ``family`` must be, as a sentence without its end:
    ``λ of the Poisson family must be above 0 and at most 1,000,000`` (``The temperature
    T must be …`` for a softmax).

    Raises
    ------
    KeyError
        ``(family, key)`` is not in :data:`PARAMETER_RANGES`.
    """
    low, high, open_low = PARAMETER_RANGES[(family, key)]
    kind = "a whole number " if key in WHOLE_PARAMETERS else ""
    if math.isinf(low) and math.isinf(high):
        words = "a finite number"
    elif open_low:
        words = f"{kind}above {_number(low)}" + (
            "" if math.isinf(high) else f" and at most {_number(high)}")
    else:
        words = f"{kind}from {_number(low)} to {_number(high)}"
    subject = ("The temperature T" if family == "logits"
               else f"{parameter_name(key)} of {family_title(family)}")
    return f"{subject} must be {words}"


def parameter_problem(family: str, key: str, value: float, typed: str | None = None,
                      limits: tuple[float, float] | None = None) -> str:
    """Why ``value`` is refused for parameter ``key`` of ``family``, "" when it is within
    :func:`parameter_rule` (and ``limits``): ``λ of the Poisson family must be above 0
    and at most 1,000,000, not '2e6'.``, naming the value as ``typed`` (quoted, as
    typed) or else written the core's way (``not 2,000,000.``).

    ``limits`` are a control's own ends where they are narrower than the family's (a
    box showing 4 decimals starts λ at 0.0001): a value the family takes beyond them is
    refused as beyond the box (``λ = '1e-5' is below what its box takes; the smallest
    is 0.0001.``).

    Raises
    ------
    KeyError
        ``(family, key)`` is not in :data:`PARAMETER_RANGES`.
    """
    low, high, open_low = PARAMETER_RANGES[(family, key)]
    value = float(value)
    shown = quoted(typed) if typed is not None and typed.strip() else (
        _number(value) if math.isfinite(value) else str(value))
    inside = (math.isfinite(value) and (low < value if open_low else low <= value)
              and value <= high and (key not in WHOLE_PARAMETERS or value == int(value)))
    if not inside:
        return f"{parameter_rule(family, key)}, not {shown}."
    if limits is not None and value < limits[0]:
        return (f"{parameter_name(key)} = {shown} is below what its box takes; the "
                f"smallest is {_number(limits[0])}.")
    if limits is not None and value > limits[1]:
        return (f"{parameter_name(key)} = {shown} is above what its box takes; the "
                f"largest is {_number(limits[1])}.")
    return ""
