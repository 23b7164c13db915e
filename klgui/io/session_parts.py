"""The optional parts of a version-2 session, each read on its own: the chart's view
(``"view"``: how the lesson is shown; a value that cannot be used takes its default and
is named) and the labs' work (``"labs": {"bayes": ...}``: a value that cannot be used
refuses the file, naming the key). See klgui.io.session for the whole format."""

from __future__ import annotations

import json
import math
from fractions import Fraction
from typing import Any

from klgui.core import WeightParseError
from klgui.core.labs.bayes import Observation
from klgui.core.labs.posterior import complement
from klgui.core.numerics.doubles import shortest_fraction
from klgui.core.parsing import parse_exact, parse_weight
from klgui.model.snapshot import VIEW_CHOICES, BayesLab, ChartView

from klgui.io.session_values import SessionError
from klgui.io.session_values import encodable as _encodable
from klgui.io.session_values import shown as _shown

__all__ = ["view_json", "read_view", "bayes_json", "read_labs"]

_VIEW_KEYS = (*VIEW_CHOICES, "values")


def view_json(view: ChartView) -> dict:
    """The ``"view"`` object of a session: the chart's direction, term form, bar order,
    values on bars and tab."""
    return {"direction": view.direction, "form": view.form, "order": view.order,
            "values": view.values, "tab": view.tab}


def read_view(raw: Any, source: str = "the session") -> ChartView:
    """The chart's view in a session's ``"view"`` value. Never raises: a part that
    cannot be used keeps its default and is named, with ``source``, in ``problems``."""
    default = ChartView()
    if not isinstance(raw, dict):
        return ChartView(problems=(f"{source}: 'view' should be an object, not "
                                   f"{_shown(raw)}; the chart opens in its usual view.",))
    values: dict[str, Any] = {}
    problems = []
    for key, value in raw.items():
        choices = (True, False) if key == "values" else VIEW_CHOICES.get(key)
        if choices is None:
            problems.append(f"{source}: the view has no setting {_shown(key)}; it was left "
                            f"out (the settings are {', '.join(_VIEW_KEYS)}).")
        elif not any(value is c if isinstance(c, bool) else value == c for c in choices):
            allowed = " or ".join(json.dumps(c) for c in choices)
            problems.append(f"{source}: the view's {key!r} should be {allowed}, not "
                            f"{_shown(value)}; it shows {json.dumps(getattr(default, key))}.")
        else:
            values[key] = value
    if len(problems) > 3:  # a file of a thousand wrong keys gets a short message
        problems[3:] = [f"{source}: and {len(problems) - 3:,} more problems in the view."]
    return ChartView(**values, problems=tuple(problems))


def bayes_json(lab: BayesLab) -> dict:
    """The ``"bayes"`` object of a session's ``"labs"``: the observation's name, the
    likelihood column as typed, and the observations recorded. A step that did not
    happen keeps the column it is the complement of (``"complement_of"``, read back
    exactly) beside its ``"likelihoods"``, 1 − ℓ rounded once from the decimals (0.2 for
    ℓ = 0.8: what apps before that key read). A step recorded by likelihoods typed as
    other than their doubles' shortest decimals (a typed 1/3) keeps them in
    ``"typed"``: one per outcome, ``"1/3"`` exactly, or null where the likelihood is its
    double's shortest decimal (:func:`_step_typed`)."""
    return {"observation": lab.observation, "likelihoods": list(lab.likelihoods),
            "steps": [_step_json(step) for step in lab.steps]}


def _step_json(step: Observation) -> dict:
    if not step.complement:
        out = {"name": step.name, "likelihoods": list(step.likelihood)}
    else:
        out = {"name": step.name, "likelihoods": complement(step.likelihood).tolist(),
               "complement_of": list(step.likelihood)}
    typed = _step_typed(step)
    if typed is not None:
        out["typed"] = typed
    return out


def _step_typed(step: Observation) -> list[str | None] | None:
    """A step's ``"typed"`` value: its exact likelihoods ℓ (of the column it is the
    complement of, for a step that did not happen) as texts, ``"1/3"``, None where ℓ
    is its double's shortest decimal (what the file's number reads as); None for a
    step read by its decimals (no exact likelihoods, or none other than them)."""
    if step.exact is None:
        return None
    out = [None if exact == shortest_fraction(value) else str(exact)
           for exact, value in zip(step.exact, step.likelihood)]
    return None if all(t is None for t in out) else out


def read_labs(raw: Any, source: str, n: int) -> BayesLab | None:
    """The Bayes lab's work in a session's ``"labs"`` value, for ``n`` outcomes (None
    when it holds none). Labs it does not know are left out (a later app's).

    Raises
    ------
    SessionError
        Naming the key: a part of the wrong kind, a likelihood list whose length is not
        ``n``, or a likelihood that is not a number in [0, 1].
    """
    if not isinstance(raw, dict):
        raise SessionError(f"{source}: 'labs' should be an object, not {_shown(raw)}.")
    if "bayes" not in raw:
        return None
    bayes = raw["bayes"]
    key = "labs.bayes"
    if not isinstance(bayes, dict):
        raise SessionError(f"{source}: {key!r} should be an object, not {_shown(bayes)}.")
    observation = bayes.get("observation")
    if not isinstance(observation, str) or not _encodable(observation):
        raise SessionError(f"{source}: '{key}.observation' should be text, not "
                           f"{_shown(observation)}.")
    texts = bayes.get("likelihoods")
    if not isinstance(texts, list):
        raise SessionError(f"{source}: '{key}.likelihoods' should be a list of texts, not "
                           f"{_shown(texts)}.")
    _check_length(source, f"{key}.likelihoods", len(texts), n)
    for i, typed in enumerate(texts):
        if not isinstance(typed, str) or not _encodable(typed):
            raise SessionError(f"{source}: '{key}.likelihoods' item {i + 1} should be text "
                               f"(a number as typed), not {_shown(typed)}.")
        try:
            value = parse_weight(typed)
        except WeightParseError as e:
            raise SessionError(f"{source}: '{key}.likelihoods' item {i + 1}: {e}") from None
        _check_likelihood(source, f"{key}.likelihoods", i, value)
    steps = bayes.get("steps", [])
    if not isinstance(steps, list):
        raise SessionError(f"{source}: '{key}.steps' should be a list, not {_shown(steps)}.")
    out = []
    for k, step in enumerate(steps, start=1):
        where = f"{key}.steps[{k}]"
        if not isinstance(step, dict) or not isinstance(step.get("name"), str) \
                or not _encodable(step["name"]):
            raise SessionError(f"{source}: {where!r} should be an object with a 'name' (text) "
                               "and 'likelihoods'.")
        like = _step_likelihoods(step.get("likelihoods"), source, f"{where}.likelihoods", n)
        done = "complement_of" not in step
        if not done:  # a step that did not happen: 1 − ℓ formed exactly
            like = _step_likelihoods(step["complement_of"], source,
                                     f"{where}.complement_of", n)
        # Files written before "typed" read each step by its decimals, as they always did.
        exact = _step_exact(step["typed"], like, source, f"{where}.typed") \
            if "typed" in step else None
        out.append(Observation(step["name"], like, not done, exact))
    return BayesLab(observation, tuple(texts), tuple(out))


def _step_exact(typed: Any, like: tuple[float, ...], source: str, key: str
                ) -> tuple[Fraction, ...] | None:
    """A step's exact likelihoods from its ``"typed"`` list (:func:`_step_typed`): each
    text read exactly (a decimal dot), null its double's shortest decimal; None when
    all are null. SessionError naming ``key`` for a list of another length, an item
    that is neither, or a text that is not its likelihood read in doubles."""
    if not isinstance(typed, list):
        raise SessionError(f"{source}: '{key}' should be a list, not {_shown(typed)}.")
    _check_length(source, key, len(typed), len(like))
    out = []
    for i, (text, value) in enumerate(zip(typed, like)):
        if text is None:
            out.append(shortest_fraction(value))
            continue
        if not isinstance(text, str) or not _encodable(text):
            raise SessionError(f"{source}: '{key}' item {i + 1} should be text (a number "
                               f"as typed) or null, not {_shown(text)}.")
        try:
            exact = parse_exact(text)
        except (WeightParseError, ValueError, ZeroDivisionError) as e:
            raise SessionError(f"{source}: '{key}' item {i + 1}: {e}") from None
        # 1/3 is read as the double 0.3333333333333333 it was recorded with (as the lab
        # reads a typed text: within two ulps, model.bayes_column.typed_likelihoods)
        if not 0 <= exact <= 1:
            raise SessionError(f"{source}: '{key}' item {i + 1} is {_shown(text)}; a "
                               "likelihood lies between 0 and 1.")
        if abs(float(exact) - value) > 2 * math.ulp(value):
            raise SessionError(f"{source}: '{key}' item {i + 1} is {_shown(text)}, which "
                               f"is not the step's likelihood {value!r}.")
        out.append(exact)
    return None if all(t is None for t in typed) else tuple(out)


def _step_likelihoods(like: Any, source: str, key: str, n: int) -> tuple[float, ...]:
    """A step's list of ``n`` likelihoods, checked (SessionError naming ``key``)."""
    if not isinstance(like, list):
        raise SessionError(f"{source}: '{key}' should be a list, not {_shown(like)}.")
    _check_length(source, key, len(like), n)
    for i, value in enumerate(like):
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise SessionError(f"{source}: '{key}' item {i + 1} should be a number, not "
                               f"{_shown(value)}.")
        _check_likelihood(source, key, i, value)
    return tuple(float(v) for v in like)


def _check_length(source: str, key: str, count: int, n: int) -> None:
    if count != n:
        raise SessionError(f"{source}: {key!r} has {count:,} likelihoods for {n:,} outcomes; "
                           "give one per outcome.")


def _check_likelihood(source: str, key: str, i: int, value: float) -> None:
    try:
        ok = 0.0 <= float(value) <= 1.0  # an int of 400 digits is no float
    except OverflowError:
        ok = False
    if not ok:
        raise SessionError(f"{source}: {key!r} item {i + 1} is {_shown(value)}; a likelihood "
                           "lies between 0 and 1.")
