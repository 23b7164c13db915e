"""What the labs say: each statement computed from the person's own P and Q.

Plain text with the core's number format (a decimal dot, ``∞``, ``−``); the window
passes it through ``klgui.ui.numbers.localize``. Outcome names come in through
``labels`` as in :mod:`klgui.core.teaching.explain`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from klgui.core.formatting import format_figure
from klgui.core.labs.bayes import BinaryGains, Step, Update
from klgui.core.labs.coding import BlockRow, CodingReport
from klgui.core.labs.sampling import EstimatorStats
from klgui.core.teaching.explain import outcome_name
from klgui.core.units import in_unit

__all__ = ["K2_TEXT", "SAMPLING_PAIR_CHANGED", "estimator_definitions", "WRONG_CODE_TEXT",
           "INFORMATION_GAINED_TEXT",
           "sampling_conclusion", "sampling_statements", "sampling_infinite_text",
           "sampling_progress", "coding_conclusion", "coding_statements", "block_text",
           "bayes_conclusion", "bayes_figure_label", "bayes_impossible",
           "impossible_observation",
           "bayes_statements", "steps_text"]

K2_TEXT = (
    "k2 = ½(log r)² is never negative and varies little, but its mean is "
    "½·E_P[(log r)²], not D(P‖Q). The two agree to second order when Q is close to P "
    "(both are about ½·E_P[(r − 1)²]) and drift apart as Q moves away.")

#: The sampling lab's draws were of a pair that has changed since.
SAMPLING_PAIR_CHANGED = "P or Q changed: the draws were of the old pair."

WRONG_CODE_TEXT = (
    "A code built for Q gives outcome x about −log₂ q(x) bits. On data from P that costs "
    "Σ p·(−log₂ q) = H(P,Q) bits per symbol on average, and H(P,Q) = H(P) + D(P‖Q): the "
    "best possible, H(P) (a code built for P), plus exactly D(P‖Q) bits for believing Q. "
    "Whole-bit codeword lengths add less than one bit more, and coding blocks of n symbols "
    "shares that bit among them.")

INFORMATION_GAINED_TEXT = (
    "Information gained is D(posterior‖prior): how many bits of surprise the change of "
    "belief carries, averaged over the posterior. It is 0 when the observation is equally "
    "likely under every hypothesis and grows the more the observation favours some "
    "hypotheses over others. Averaged over the results an observation might have, it is "
    "the mutual information between hypothesis and result: what you expect to learn "
    "before you look.")


#: Each unit's logarithm and how a quantity in nats is turned into it.
_LOGS = {"nats": ("log", ""), "bits": ("log₂", "/ln 2"), "hartleys": ("log₁₀", "/ln 10")}


def estimator_definitions(unit: str) -> dict[str, str]:
    """What k1, k2, k3 are, as computed in ``unit`` ("nats", "bits" or "hartleys").

    In nats they are Schulman's (2020) −log r, ½(log r)² and (r − 1) − log r, with the
    natural log. In another unit each is that value in nats divided by ln 2 or ln 10:
    for k1 that is −log₂ r (−log₁₀ r), but k2 is ½(ln r)²/ln 2, not ½(log₂ r)² (which is
    ½(ln r)²/(ln 2)², another quantity), and k3 is ((r − 1) − ln r)/ln 2, not
    (r − 1) − log₂ r. The definitions say so, so that a value checked by hand matches.

    Raises
    ------
    KeyError
        ``unit`` is not one of the three.
    """
    log, per = _LOGS[unit]
    if not per:
        return {"k1": "−log r", "k2": "½(log r)²", "k3": "(r − 1) − log r"}
    return {"k1": f"−{log} r", "k2": f"½(ln r)²{per}", "k3": f"((r − 1) − ln r){per}"}


def _f(value: float, unit: str, digits: int) -> str:
    text = format_figure(value, digits)
    return text if math.isinf(value) else f"{text} {unit}"


def sampling_conclusion(stats: EstimatorStats, unit: str, digits: int = 4) -> str:
    """The sampling lab's conclusion in one sentence."""
    if not stats.finite:
        return ("D(P‖Q) is infinite, so no estimator settles: a running mean is finite only "
                "until the first draw that Q calls impossible, then ∞.")
    sd1, sd3 = (in_unit(stats.sd[k], unit) for k in ("k1", "k3"))
    d = _f(in_unit(stats.divergence, unit), unit, digits)
    if stats.q_outside > 0:
        return (f"k1 converges to D(P‖Q) = {d}; k3 converges to "
                f"{_f(in_unit(stats.mean['k3'], unit), unit, digits)} instead, because Q puts "
                f"{format_figure(stats.q_outside, digits)} of its probability where P never "
                "draws.")
    if sd3 < sd1:
        return (f"k1 and k3 both converge to D(P‖Q) = {d}, and k3 gets there with a smaller "
                f"spread per sample ({format_figure(sd3, digits)} against "
                f"{format_figure(sd1, digits)} {unit}).")
    return (f"k1 and k3 both converge to D(P‖Q) = {d}; here k1 has the smaller spread per "
            f"sample ({format_figure(sd1, digits)} against {format_figure(sd3, digits)} {unit}).")


def sampling_statements(stats: EstimatorStats, unit: str, digits: int = 4,
                        labels: Sequence[str] | None = None) -> list[str]:
    """What is true of k1, k2, k3 here, each sentence with its computed number."""
    if not stats.finite:
        return [sampling_infinite_text(stats, labels, digits)]
    d = in_unit(stats.divergence, unit)
    m2, m3 = in_unit(stats.mean["k2"], unit), in_unit(stats.mean["k3"], unit)
    sd1 = in_unit(stats.sd["k1"], unit)
    if sd1 == 0:
        spread = ("Every draw gives the same r here, so one sample already gives the mean "
                  "(standard deviation 0).")
    else:
        spread = (f"One sample of it is negative wherever q > p; its standard deviation is "
                  f"{_f(sd1, unit, digits)}.")
    k = estimator_definitions(unit)
    out = [f"k1 = {k['k1']} is unbiased: E[k1] = D(P‖Q) = {_f(d, unit, digits)}. " + spread]
    outside = {"nats": "Q(outside supp P)", "bits": "Q(outside supp P)/ln 2",
               "hartleys": "Q(outside supp P)/ln 10"}[unit]
    if stats.q_outside > 0:
        out.append(f"k3 = {k['k3']} is biased here: Q gives probability "
                   f"{format_figure(stats.q_outside, digits)} to outcomes P rules out, which "
                   f"no draw from P ever sees, so E[k3] = D − {outside} = "
                   f"{_f(m3, unit, digits)} instead of {_f(d, unit, digits)}.")
    else:
        out.append(f"k3 = {k['k3']} is unbiased because Q gives no probability outside "
                   f"P's support: E[k3] = {_f(m3, unit, digits)} = D(P‖Q). It is never "
                   f"negative; its standard deviation is "
                   f"{_f(in_unit(stats.sd['k3'], unit), unit, digits)}.")
    out.append(f"k2 = {k['k2']} estimates another quantity: E[k2] = {_f(m2, unit, digits)}, "
               f"not D(P‖Q) = {_f(d, unit, digits)} (a gap of "
               f"{_f(m2 - d + 0.0, unit, digits)}). It is never negative and varies little, "
               "and is close to D only when Q is close to P.")
    return out


def sampling_infinite_text(stats: EstimatorStats, labels: Sequence[str] | None = None,
                           digits: int = 4) -> str:
    """What the samples do when D(P‖Q) = ∞ (empty when it is finite)."""
    if stats.finite:
        return ""
    names = [outcome_name(i, labels) for i in stats.infinite[:3]]
    more = len(stats.infinite) - len(names)
    named = ", ".join(names) + (f" and {more:,} more" if more > 0 else "")
    chance = stats.p_infinite
    wait = format_figure(1.0 / chance, 3) if chance > 0 else "∞"
    return (f"D(P‖Q) = ∞: Q gives probability 0 to {named}, which P draws with probability "
            f"{format_figure(chance, digits)}. A draw there has r = 0 and k1 = −log 0 = ∞ "
            f"(k2 and k3 too), so k1 has no finite mean. Before that draw (on average it comes "
            f"after {wait} draws) a running mean looks finite, and misleads; from it on the "
            "mean is ∞ for ever. No curve is drawn.")


def sampling_progress(n: int, means: Sequence[float], ses: Sequence[float],
                      stats: EstimatorStats, unit: str, digits: int = 4,
                      first_infinite: int | None = None) -> str:
    """After n draws: the running means ± 2 standard errors against the exact means."""
    if n == 0:
        return "No draws yet: press Draw or Run."
    if first_infinite is not None:
        return (f"After {n:,} draws: draw {first_infinite:,} was an outcome Q calls impossible, "
                "so every running mean is ∞ from there on.")
    parts = []
    for name, mean, se in zip(("k1", "k2", "k3"), means, ses):
        band = "" if math.isinf(se) else f" ± {format_figure(in_unit(2 * se, unit), 2)}"
        parts.append(f"{name} {format_figure(in_unit(mean, unit), digits)}{band}")
    return (f"After {n:,} draw{'s' if n != 1 else ''}: " + ", ".join(parts)
            + f" {unit} (mean ± 2 standard errors); exact D(P‖Q) = "
            f"{format_figure(in_unit(stats.divergence, unit), digits)} {unit}.")


def coding_conclusion(report: CodingReport, digits: int = 4) -> str:
    """The coding lab's conclusion in one sentence."""
    if report.uncodable:
        return ("Q gives probability 0 to an outcome P emits, so a code built for Q has no "
                "codeword for it: the data cannot be coded, which is D(P‖Q) = ∞.")
    return (f"Coding data from P with the Shannon code for Q costs "
            f"{format_figure(report.length_shannon, digits)} bits per symbol: "
            f"{format_figure(report.extra_shannon, digits)} bits over H(P) = "
            f"{format_figure(report.entropy_p, digits)}, of which D(P‖Q) = "
            f"{format_figure(report.divergence, digits)} bits is the price of believing Q.")


def coding_statements(report: CodingReport, digits: int = 4,
                      labels: Sequence[str] | None = None) -> list[str]:
    """The brackets with their numbers, and what an uncodable outcome means."""
    r = report
    if r.uncodable:
        names = [outcome_name(i, labels) for i in r.uncodable[:3]]
        more = len(r.uncodable) - len(names)
        return [f"Q gives probability 0 to {', '.join(names)}"
                f"{f' and {more:,} more' if more > 0 else ''}, which P can emit: no codeword "
                "exists for it, E_P[L] = ∞ and D(P‖Q) = ∞."]
    f = lambda x: format_figure(x, digits)  # noqa: E731
    ok = r.brackets()
    tick = {True: "✓", False: "✗"}
    out = [f"{tick[ok['cross_low'] and ok['cross_high']]} Shannon code: H(P,Q) = "
           f"{f(r.cross_entropy)} ≤ E_P[L] = {f(r.length_shannon)} < H(P,Q) + 1 = "
           f"{f(r.cross_entropy + 1)} bits.",
           f"{tick[ok['entropy_shannon'] and ok['entropy_huffman']]} No code beats H(P) = "
           f"{f(r.entropy_p)} bits: Shannon {f(r.length_shannon)}, Huffman "
           f"{f(r.length_huffman)} bits per symbol.",
           f"Extra bits over H(P): Shannon {f(r.extra_shannon)}, Huffman "
           f"{f(r.extra_huffman)}; D(P‖Q) = {f(r.divergence)} bits. The Shannon code's extra "
           f"is D plus {f(r.length_shannon - r.cross_entropy + 0.0)} bits of rounding to "
           "whole bits."]
    if r.length_huffman > r.length_shannon:
        out.append("The Huffman code is the best code for data from Q, not from P: here it "
                   "costs more than the Shannon code on P's data.")
    return out


def block_text(rows: Sequence[BlockRow], cross_entropy: float, digits: int = 4) -> str:
    """What the block-coding table shows."""
    done = [row for row in rows if row.enumerated]
    if done and math.isinf(done[0].bits_per_symbol or 0.0):
        return "Blocks containing an outcome with q = 0 are uncodable at every block size."
    text = (f"Coding n symbols at a time with the Shannon code for Qⁿ: bits per symbol stay "
            f"within [H(P,Q), H(P,Q) + 1/n), H(P,Q) = {format_figure(cross_entropy, digits)} "
            "bits, so the whole-bit rounding fades and D(P‖Q) remains.")
    skipped = [row for row in rows if not row.enumerated]
    if skipped:
        row = skipped[0]
        text += (f" From n = {row.n} on there are too many kinds of block to enumerate "
                 f"({row.kinds:,} groups of {row.blocks:,} blocks; the lab enumerates up to "
                 "100,000).")
    return text


def bayes_conclusion(name: str, result: Update | None, digits: int = 4,
                     steps: Sequence[Step] = ()) -> str:
    """The Bayes lab's conclusion in one sentence: what is true now.

    Without ``steps``, what observing ``name`` would do to the prior (``result``, the
    update by it; None when it cannot happen: :func:`bayes_impossible`). After one
    step, what that observation gained; after several, the information gained so far,
    D(belief now‖prior), and the last step's gain.
    """
    if steps:
        return _steps_conclusion(steps, digits)
    if result is None:
        return bayes_impossible(name)
    unit = result.unit
    if result.gain == 0.0:
        return (f"{name!r} is equally likely under every hypothesis the prior allows, so "
                "observing it changes nothing: 0 bits gained. Say how likely it is under each "
                "hypothesis in the likelihood column.")
    return (f"Observing {name!r} would move the belief from the prior to the posterior by "
            f"D(posterior‖prior) = {_f(result.gain, unit, digits)} of information gained; "
            f"it has probability {format_figure(result.evidence, digits)} beforehand. "
            f"Record it with 'Observed: {name}'.")


def _steps_conclusion(steps: Sequence[Step], digits: int) -> str:
    last = steps[-1]
    unit = last.update.unit
    if len(steps) == 1:
        return (f"Observing {last.name!r} gained D(posterior‖prior) = "
                f"{_f(last.total_gain, unit, digits)} of information; it had probability "
                f"{format_figure(last.update.evidence, digits)} beforehand. The table's "
                "last column is the belief now.")
    return (f"After {len(steps)} observations the belief has gained D(now‖prior) = "
            f"{_f(last.total_gain, unit, digits)} of information over the prior; the last "
            f"observation, {last.name!r}, gained {_f(last.update.gain, unit, digits)}. The "
            "table's last column is the belief now.")


def bayes_figure_label(steps: Sequence[Step]) -> str:
    """What the lab's big figure is: the information gained so far, D(belief now‖prior),
    once there are steps; the gain of the observation from the prior before."""
    return "Information gained so far" if steps else "Information gained"


def bayes_impossible(name: str) -> str:
    """The conclusion when every hypothesis the prior allows gives ``name`` likelihood 0."""
    return (f"{name!r} cannot happen under the prior: every hypothesis P allows gives it "
            f"likelihood 0. Its opposite, 'not {name}', is certain (probability 1), so "
            "observing it changes nothing: 0 bits gained. Change the likelihoods to learn "
            "something.")


def impossible_observation(name: str, steps: int) -> str:
    """Why an observation was not recorded: it has probability 0 under the belief
    reached after ``steps`` observations (0: under the prior)."""
    belief = ("the prior" if steps == 0 else
              f"the belief after the {steps} observation{'s' if steps != 1 else ''}")
    return (f"{name!r} cannot have been observed: every hypothesis {belief} allows gives "
            "it likelihood 0 (probability 0). Nothing was recorded.")


def bayes_statements(name: str, gains: BinaryGains, digits: int = 4,
                     after: int = 0) -> list[str]:
    """Each result's gain, the expected gain, and the reverse direction, of a look from
    the prior (``after`` = 0) or, ``after`` steps in, from the belief they reached: the
    next look's (its expected gain is the mutual information under that belief)."""
    out = []
    yes, no = gains.happened, gains.did_not
    unit = (yes or no).unit
    belief, reverse = ("the prior", "D(prior‖posterior)") if after == 0 else \
        ("the belief now", "D(now‖next)")
    for label, result, p in ((f"{name!r}", yes, gains.probability),
                             (f"not {name!r}", no, 1.0 - gains.probability)):
        if result is None:
            out.append(f"{label} cannot happen under {belief} (probability 0).")
        else:
            out.append(f"If {label} (probability {format_figure(p, digits)}): gain "
                       f"{_f(result.gain, unit, digits)}; {reverse} = "
                       f"{_f(result.reverse, unit, digits)}.")
    if after == 0:
        out.append(f"Expected gain before looking = mutual information between hypothesis "
                   f"and result = {_f(gains.expected, unit, digits)}.")
    else:
        out.append(f"Expected gain of the next look = mutual information between hypothesis"
                   f" and result under the belief now = {_f(gains.expected, unit, digits)}.")
    return out


def before_look_title(after: int) -> str:
    """The title of the box of :func:`bayes_statements`."""
    if after == 0:
        return "Before looking"
    return f"Before the next look (from the belief after {after} step{'s' * (after != 1)})"


def steps_text(steps: Sequence[Step], digits: int = 4) -> list[str]:
    """One line per observation in a row: its gain and the gain since the prior."""
    return [f"{k}. {step.name}: gained {_f(step.update.gain, step.update.unit, digits)} "
            f"(D(now‖prior) = {_f(step.total_gain, step.update.unit, digits)})"
            for k, step in enumerate(steps, start=1)]
