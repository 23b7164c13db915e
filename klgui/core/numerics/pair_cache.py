"""The figures of one pair of columns as scalars, and a bounded cache of them.

Several models against one reference (a ranking) and every column against every other
(a matrix) need many pairs, but only their figures: one pair's per-outcome arrays take
32 MB at 1e6 outcomes, so a :class:`PairFigures` keeps scalars and the first few
outcomes that make a divergence infinite, nothing per outcome.

A :class:`PairCache` is keyed by opaque, hashable column keys (a document passes
``(column id, revision)``) and the settings that change a figure (unit, normalization,
smoothing). An edit gives its column a new key, so only the pairs that column takes
part in are computed again; the old entries fall out as the least recently used.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from klgui.core.comparison import Comparison
from klgui.core.errors import DistributionError
from klgui.core.numerics.entries import TypedColumn, compare_typed
from klgui.core.smoothing import Smoothing

__all__ = ["PairFigures", "PairProblem", "PairCache", "pair_figures", "compare_pair",
           "swap_allowed", "problem_of", "NAMED"]

#: How many of the outcomes that make a divergence infinite a PairFigures keeps.
NAMED = 3


@dataclass(frozen=True)
class PairFigures:
    """Every scalar figure of D(P‖Q) and its companions, for one ordered pair.

    Divergences, entropies, cross-entropies and the Bhattacharyya distance are in
    ``base``; ``total_variation``, ``hellinger`` and ``js_distance`` have no unit.
    ``inf`` where a divergence is infinite; never NaN, never -0.0.

    Attributes
    ----------
    infinite_pq, infinite_qp : int
        How many outcomes make D(P‖Q) infinite (q = 0 < p), and D(Q‖P).
    ruled_out_pq : tuple of (int, float)
        The first :data:`NAMED` of those outcomes for D(P‖Q): 0-based index and P's
        probability there (which Q rules out). ``ruled_out_qp`` likewise, with Q's.
    """

    kl_pq: float
    kl_qp: float
    entropy_p: float
    entropy_q: float
    cross_entropy_pq: float
    cross_entropy_qp: float
    js_divergence: float
    js_distance: float
    total_variation: float
    hellinger: float
    bhattacharyya: float
    base: str
    infinite_pq: int
    infinite_qp: int
    ruled_out_pq: tuple[tuple[int, float], ...] = ()
    ruled_out_qp: tuple[tuple[int, float], ...] = ()

    def swapped(self) -> PairFigures:
        """The same figures for the pair taken the other way round, Q against P."""
        return PairFigures(
            kl_pq=self.kl_qp, kl_qp=self.kl_pq, entropy_p=self.entropy_q,
            entropy_q=self.entropy_p, cross_entropy_pq=self.cross_entropy_qp,
            cross_entropy_qp=self.cross_entropy_pq, js_divergence=self.js_divergence,
            js_distance=self.js_distance, total_variation=self.total_variation,
            hellinger=self.hellinger, bhattacharyya=self.bhattacharyya, base=self.base,
            infinite_pq=self.infinite_qp, infinite_qp=self.infinite_pq,
            ruled_out_pq=self.ruled_out_qp, ruled_out_qp=self.ruled_out_pq)


@dataclass(frozen=True)
class PairProblem:
    """Why a pair cannot be compared, and which column is to blame (``"p"``, ``"q"``,
    or None when neither alone is: a floor that does not fit the table).

    The error's text is kept with the two columns' places marked, so that
    :meth:`text` names them as they are called now (a rename does not change a
    column's key)."""

    template: str
    blame: str | None

    def text(self, p_name: str, q_name: str) -> str:
        """The message with the columns' names: "Model B: every weight is zero"."""
        return self.template.replace(_P_MARK, p_name).replace(_Q_MARK, q_name)

    def swapped(self) -> PairProblem:
        """The same problem for the pair taken the other way round."""
        flip = {"p": "q", "q": "p"}
        t = self.template.replace(_P_MARK, _SWAP).replace(_Q_MARK, _P_MARK)
        return PairProblem(t.replace(_SWAP, _Q_MARK), flip.get(self.blame or ""))


_P_MARK, _Q_MARK, _SWAP = "\x01", "\x02", "\x03"
# "P" or "Q" standing alone as a distribution's name, not inside a quoted label.
_NAME = re.compile(r"(?<![\w'\"‖(])([PQ])(?![\w'\"‖)])")


def problem_of(error: DistributionError, p: TypedColumn, q: TypedColumn) -> PairProblem:
    """A core error (whose text calls the two columns P and Q, or a column by its own
    name when its weights were refused) as a PairProblem."""
    message = str(error)
    marks = {"P": _P_MARK, "Q": _Q_MARK}
    if error.distribution in (p.name, q.name) and error.distribution not in marks:
        which = "p" if error.distribution == p.name else "q"
        mark = _P_MARK if which == "p" else _Q_MARK
        return PairProblem(message.replace(error.distribution, mark, 1), which)
    blame = {"P": "p", "Q": "q"}.get(error.distribution or "")
    return PairProblem(_NAME.sub(lambda m: marks[m.group(1)], message), blame)


def pair_figures(c: Comparison) -> PairFigures:
    """The scalars of a Comparison (its arrays are not kept)."""
    def first(rows: tuple[int, ...], probs) -> tuple[tuple[int, float], ...]:
        return tuple((int(i), float(probs[i])) for i in rows[:NAMED])

    return PairFigures(
        kl_pq=c.kl_pq, kl_qp=c.kl_qp, entropy_p=c.entropy_p, entropy_q=c.entropy_q,
        cross_entropy_pq=c.cross_entropy_pq, cross_entropy_qp=c.cross_entropy_qp,
        js_divergence=c.js_divergence, js_distance=c.js_distance,
        total_variation=c.total_variation, hellinger=c.hellinger,
        bhattacharyya=c.bhattacharyya, base=c.base,
        infinite_pq=len(c.infinite_pq), infinite_qp=len(c.infinite_qp),
        ruled_out_pq=first(c.infinite_pq, c.p), ruled_out_qp=first(c.infinite_qp, c.q))


def compare_pair(p: TypedColumn, q: TypedColumn, base: str, *, normalize: bool = True,
                 smoothing: Smoothing | None = None,
                 cancelled: Callable[[], bool] | None = None
                 ) -> PairFigures | PairProblem:
    """:func:`~klgui.core.numerics.entries.compare_typed` of ``p`` against ``q``, as
    scalars, or the problem (a DistributionError) when the pair cannot be compared.
    Cancelled propagates."""
    try:
        c = compare_typed(p, q, base, normalize=normalize, smoothing=smoothing,
                          cancelled=cancelled)
    except DistributionError as e:
        return problem_of(e, p, q)
    return pair_figures(c)


def swap_allowed(smoothing: Smoothing | None) -> bool:
    """Whether the figures of (Q, P) are those of (P, Q) swapped: true unless smoothing
    applies to the model alone (then which column is smoothed depends on the order)."""
    return smoothing is None or smoothing.apply_to == "both"


class PairCache:
    """Scalar figures of column pairs, least recently used first out.

    Parameters
    ----------
    max_pairs : int
        How many pairs it holds at most (each a few hundred bytes).

    Keys are ``(p_key, q_key, base, normalize, smoothing)``; ``p_key`` and ``q_key``
    are any hashable values that change whenever a column's entries change (a
    document's ``(column id, revision)``). Problems are cached as figures are. Not
    thread-safe: one owner at a time.
    """

    def __init__(self, max_pairs: int = 1024) -> None:
        if max_pairs < 1:
            raise ValueError(f"max_pairs must be at least 1, not {max_pairs}")
        self.max_pairs = max_pairs
        self._pairs: OrderedDict[tuple, PairFigures | PairProblem] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._pairs)

    def lookup(self, p_key: Hashable, q_key: Hashable, base: str, normalize: bool,
               smoothing: Smoothing | None, *, either_way: bool = False
               ) -> PairFigures | PairProblem | None:
        """The cached result of (P, Q), or None. With ``either_way`` (and a smoothing
        that allows it) a cached (Q, P) serves, swapped. Counts a hit or a miss."""
        key = (p_key, q_key, base, normalize, smoothing)
        found = self._pairs.get(key)
        if found is not None:
            self._pairs.move_to_end(key)
        elif either_way and swap_allowed(smoothing):
            back = (q_key, p_key, base, normalize, smoothing)
            other = self._pairs.get(back)
            if other is not None:
                self._pairs.move_to_end(back)
                found = other.swapped()
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def store(self, p_key: Hashable, q_key: Hashable, base: str, normalize: bool,
              smoothing: Smoothing | None, result: PairFigures | PairProblem) -> None:
        """Keep ``result`` for (P, Q), dropping the least recently used beyond
        ``max_pairs``."""
        key = (p_key, q_key, base, normalize, smoothing)
        self._pairs[key] = result
        self._pairs.move_to_end(key)
        while len(self._pairs) > self.max_pairs:
            self._pairs.popitem(last=False)

    def forget(self, column_key: Hashable) -> int:
        """Drop every pair ``column_key`` takes part in (a removed column); returns how
        many were dropped."""
        gone = [k for k in self._pairs if column_key in (k[0], k[1])]
        for k in gone:
            del self._pairs[k]
        return len(gone)

    def clear(self) -> None:
        self._pairs.clear()

    def pair(self, p_key: Hashable, p: TypedColumn, q_key: Hashable, q: TypedColumn,
             base: str, *, normalize: bool = True, smoothing: Smoothing | None = None,
             cancelled: Callable[[], bool] | None = None, either_way: bool = False
             ) -> PairFigures | PairProblem:
        """The figures of P against Q from the cache, else computed
        (:func:`compare_pair`) and kept."""
        found = self.lookup(p_key, q_key, base, normalize, smoothing, either_way=either_way)
        if found is not None:
            return found
        result = compare_pair(p, q, base, normalize=normalize, smoothing=smoothing,
                              cancelled=cancelled)
        self.store(p_key, q_key, base, normalize, smoothing, result)
        return result
