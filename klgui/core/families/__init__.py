"""Parametric families of distributions, their closed-form divergences, distillation
with temperature and the forward/reverse fit lab's maths. numpy and the standard
library only.

Families and their session objects (``"family": {...}`` in a version-2 session):

=========  ==========================  ==========================================
name       parameters                  outcomes
=========  ==========================  ==========================================
binomial   n (whole, ≥ 1), p ∈ [0, 1]  0…n
poisson    lam > 0, tail K (optional)  0…K−1 and "≥ K"
geometric  p ∈ (0, 1], tail K (opt.)   failures before the first success, "≥ K"
uniform    n (optional)                the first n outcomes (default all)
zipf       s, n (optional)             ranks 1…N = positions in the column
normal     mean, sd > 0                numeric outcomes; bins halfway between them
=========  ==========================  ==========================================

A logits column is ``{"logits": ["10", "20"], "temperature": 2}`` (:class:`Softmax`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from klgui.core.errors import DistributionError
from klgui.core.families.base import Family, Outcomes, outcome_values, tail_label
from klgui.core.families.counts import Binomial, Geometric, Poisson
from klgui.core.families.finite import TEMPERATURE_LIMITS, Normal, Softmax, Uniform, Zipf
from klgui.core.families.parameters import (PARAMETER_RANGES, family_title, parameter_name,
                                            parameter_problem, parameter_rule)

__all__ = ["Family", "Outcomes", "outcome_values", "tail_label", "Binomial", "Poisson",
           "Geometric", "Uniform", "Zipf", "Normal", "Softmax", "TEMPERATURE_LIMITS", "FAMILIES",
           "PARAMETER_RANGES", "parameter_name", "family_title", "parameter_rule",
           "parameter_problem", "family_from_dict", "family_from_spec"]

#: The families a ``"family"`` object may name, by name.
FAMILIES: dict[str, type[Family]] = {
    c.name: c for c in (Binomial, Poisson, Geometric, Uniform, Zipf, Normal)}


def family_from_dict(d: Mapping[str, Any]) -> Family:
    """Read a session's ``"family"`` object.

    Raises
    ------
    DistributionError
        Not an object, no or an unknown ``"name"``, a missing, unknown or bad parameter
        (the message names the key).
    """
    if not isinstance(d, Mapping):
        raise DistributionError(f"'family' must be an object, not {d!r}.")
    name = d.get("name")
    if name not in FAMILIES:
        known = ", ".join(FAMILIES)
        raise DistributionError(f"'name' of a family must be one of {known}, not {name!r}.")
    return FAMILIES[name].from_dict(d)


def family_from_spec(spec: Mapping[str, Any] | Family) -> Family:
    """A family from what a control or the fit lab hands over: a :class:`Family` as it
    is, a logits object (``{"logits": [...], "temperature": T}``) as a :class:`Softmax`,
    any other object as :func:`family_from_dict` reads it.

    Raises
    ------
    DistributionError
        As :func:`family_from_dict` and :meth:`Softmax.from_dict` do, naming the problem.
    """
    if isinstance(spec, Family):
        return spec
    if isinstance(spec, Mapping) and "logits" in spec:
        return Softmax.from_dict(spec)
    return family_from_dict(spec)
