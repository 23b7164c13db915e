"""What D(P‖Q) costs in bits: codes built for the model Q, used on data from P.

* The **Shannon code** for Q gives outcome x the length ⌈−log₂ q(x)⌉ (Cover & Thomas,
  *Elements of Information Theory*, 2nd ed., §5.4). Then −log₂ q ≤ L < −log₂ q + 1, so on
  data from P: H(P,Q) ≤ E_P[L] < H(P,Q) + 1, and H(P,Q) = H(P) + D(P‖Q): the extra bits
  over the best possible, H(P), are D(P‖Q) plus less than one bit of rounding.
* The **Huffman code** for Q (§5.6) is the shortest prefix code on data from Q; on data
  from P only H(P) ≤ E_P[L] is guaranteed (no code does better than H(P), §5.3).
* **Block coding**: the Shannon code for Qⁿ on blocks of n symbols spends
  H(P,Q) ≤ E_{Pⁿ}[L]/n < H(P,Q) + 1/n bits per symbol, so the rounding overhead fades
  and only D(P‖Q) remains.

An outcome with q = 0 gets no codeword: if P can emit it, the data cannot be coded at
all, which is D(P‖Q) = ∞. Lengths are exact: a float q = m·2^e (½ ≤ m < 1) has
⌈−log₂ q⌉ = 1 − e, so q = 1/8 gives 3. Codewords are canonical (shorter first, then
by outcome), built from the lengths.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from klgui.core.errors import DistributionError
from klgui.core.labs.common import pair, probabilities
from klgui.core.numerics.divergence import compare
from klgui.core.numerics.doubles import shortest_fraction

__all__ = ["Code", "shannon_lengths", "shannon_code", "huffman_lengths", "huffman_code",
           "canonical_codes", "expected_length", "CodingReport", "coding_report",
           "BlockRow", "block_coding", "BLOCK_SIZES", "MAX_BLOCK_TYPES"]

#: The block sizes n of the block-coding table.
BLOCK_SIZES = tuple(range(1, 9))
#: Kinds of block handled at once (a chunk of the enumeration: ~1 ms of work).
KINDS_PER_CHUNK = 4_096
#: Most kinds of block (multisets of n outcomes) enumerated for one block size.
MAX_BLOCK_TYPES = 100_000
#: Lengths beyond this many bits are not spelled out as codewords.
MAX_SPELLED = 64


def shannon_lengths(q: Sequence[float] | np.ndarray, normalized: bool = False
                    ) -> np.ndarray:
    """⌈−log₂ q⌉ for each q > 0, exactly; −1 where q = 0 (no codeword).

    Parameters
    ----------
    q : array of float, shape (n,)
        Probabilities, each 0 ≤ q ≤ 1.
    normalized : bool
        Give the lengths of the distribution the doubles stand for: each q read as its
        shortest decimal (:func:`~klgui.core.numerics.doubles.shortest_fraction`, the
        value typed for entries of up to 15 significant digits), over their exact sum
        (within 1e-6 of 1), instead of each double's own.

    Returns
    -------
    ndarray of int64, shape (n,)
        From ``frexp``: q = m·2^e with ½ ≤ m < 1 gives ⌈−log₂ q⌉ = 1 − e (for m = ½,
        q = 2^(e−1) exactly and −log₂ q = 1 − e; otherwise −log₂ q lies in (−e, 1 − e)).
        Normalized, the outcomes whose 2m = q·2^(1−e) or m lies within 1e-6 of 1 are
        settled with exact fractions: the least L with d·2^L ≥ Σd, d the decimals.

    Notes
    -----
    Doubles that stand for a distribution rarely add up to 1 exactly. Q = (1e-300, 1)
    is stored as (1e-300, 1.0): without normalizing, the second outcome would get length
    0 beside the first's 997, which no prefix code has (Σ 2^−L > 1); normalized it gets
    1, as the exact 1/(1 + 1e-300) < 1 does. The die's Q (0.1 five times, 0.5) adds up
    to just over 1 as doubles but to 1 as decimals: 0.5 keeps its length 1. The lengths
    meet Kraft's inequality for the decimals' distribution.
    """
    q = np.asarray(q, dtype=float)
    mantissa, e = np.frexp(q)
    lengths = np.where(q > 0, 1 - e.astype(np.int64), -1)
    if not normalized:
        return lengths
    # the length can move only where the total passes 2m (up by one) or m (down by
    # one), the total lying within 1e-6 of 1: only there are the decimals needed
    near = np.flatnonzero((q > 0) & ((2 * mantissa - 1 < 1e-6) | (1 - mantissa < 1e-6)))
    if near.size == 0:
        return lengths
    total = decimal_total(q)
    if not abs(total - 1) < 1e-6:
        raise ValueError(f"shannon_lengths: Σq = {float(total)!r} is not within 1e-6 of 1")
    for i in near.tolist():
        value, length = shortest_fraction(float(q[i])), int(lengths[i])
        while value * 2 ** length < total:
            length += 1
        while length > 0 and value * 2 ** (length - 1) >= total:
            length -= 1
        lengths[i] = length
    return lengths


def decimal_total(q: Sequence[float] | np.ndarray) -> Fraction:
    """Σ q with each double read as its shortest decimal, exactly, as a Fraction."""
    return sum((shortest_fraction(x) for x in np.asarray(q, dtype=float).tolist() if x),
               Fraction(0))


def huffman_lengths(q: Sequence[float] | np.ndarray) -> np.ndarray:
    """Huffman code lengths for the weights ``q``; −1 where q = 0.

    Two-queue Huffman (van Leeuwen, 1976) over the positive weights sorted by
    (q, outcome): each step joins the two lightest nodes, taking a leaf before an
    internal node of equal weight and older nodes first, so the lengths are the same on
    every run and machine. One positive weight gets length 0 (nothing to tell apart).
    O(n log n) for the sort, O(n) after it.
    """
    q = np.asarray(q, dtype=float)
    out = np.full(q.size, -1, dtype=np.int64)
    used = np.flatnonzero(q > 0)
    k = used.size
    if k == 0:
        return out
    order = used[np.lexsort((used, q[used]))]
    leaves = q[order].tolist()
    weight = [0.0] * (k - 1)
    parent = [0] * (2 * k - 1)  # nodes 0..k-1 leaves (sorted), k.. internal
    i = j = 0  # next leaf, next internal node

    def lightest(node: int) -> tuple[float, int]:
        """The lighter of the next leaf and the next internal node (a leaf on ties)."""
        nonlocal i, j
        if i < k and (j >= node or leaves[i] <= weight[j]):
            i += 1
            return leaves[i - 1], i - 1
        j += 1
        return weight[j - 1], k + j - 1

    for node in range(k - 1):
        a, first = lightest(node)
        b, second = lightest(node)
        weight[node] = a + b
        parent[first] = parent[second] = k + node
    depth = [0] * (2 * k - 1)
    for node in range(2 * k - 3, -1, -1):  # parents come after their children
        depth[node] = depth[parent[node]] + 1
    out[order] = depth[:k]
    return out


def canonical_codes(lengths: np.ndarray) -> list[int | None]:
    """The canonical prefix code for ``lengths`` (−1 = no codeword): each codeword as
    an integer (its bits, most significant first, padded to its length), shorter
    codewords first and, among equal lengths, in outcome order.

    Raises
    ------
    DistributionError
        The lengths break Kraft's inequality Σ 2^−L ≤ 1 (checked exactly).
    """
    lengths = np.asarray(lengths, dtype=np.int64)
    used = np.flatnonzero(lengths >= 0)
    codes: list[int | None] = [None] * lengths.size
    if used.size == 0:
        return codes
    sizes, counts = np.unique(lengths[used], return_counts=True)
    kraft = sum(Fraction(int(c), 2 ** int(s)) for s, c in zip(sizes, counts))
    if kraft > 1:
        raise DistributionError(f"code lengths break Kraft's inequality (Σ 2^−L = "
                                f"{float(kraft):.6g} > 1); no prefix code has them.")
    order = used[np.lexsort((used, lengths[used]))]
    longest = int(sizes[-1])
    if longest <= 62:
        # code_k = 2^L_k · Σ_{j<k} 2^−L_j (Kraft's partial sum): (c + 1) << ΔL unrolled.
        # Exact in int64: the partial sums of 2^(M − L) stay ≤ 2^M.
        sorted_lengths = lengths[order]
        steps = np.left_shift(np.int64(1), longest - sorted_lengths)
        partial = np.concatenate([[0], np.cumsum(steps)[:-1]])
        values = np.right_shift(partial, longest - sorted_lengths).tolist()
        for i, value in zip(order.tolist(), values):
            codes[i] = value
        return codes
    code, previous = 0, int(lengths[order[0]])
    for position, i in enumerate(order.tolist()):
        length = int(lengths[i])
        if position:
            code = (code + 1) << (length - previous)
        codes[i] = code
        previous = length
    return codes


@dataclass(frozen=True, eq=False)
class Code:
    """A prefix code for the outcomes: lengths in bits and canonical codewords.

    Attributes
    ----------
    name : str
        "Shannon" or "Huffman".
    lengths : ndarray of int64, shape (n,)
        Codeword lengths; −1 for an outcome with no codeword (q = 0).
    codes : list of int or None
        Each codeword's bits as an integer (see :func:`canonical_codes`).
    """

    name: str
    lengths: np.ndarray
    codes: list[int | None]

    def codeword(self, i: int) -> str:
        """Outcome ``i``'s codeword as 0s and 1s: "" for a length of 0, "—" when it
        has none, and the first 64 bits then "…" for longer ones."""
        length, code = int(self.lengths[i]), self.codes[i]
        if code is None:
            return "—"
        bits = format(code, f"0{length}b") if length else ""
        return bits if length <= MAX_SPELLED else bits[:MAX_SPELLED] + "…"

    @property
    def codable(self) -> np.ndarray:
        return self.lengths >= 0


def shannon_code(q: Sequence[float] | np.ndarray) -> Code:
    """The Shannon code for Q (lengths ⌈−log₂ q⌉, canonical codewords)."""
    lengths = shannon_lengths(probabilities(q, "Q"), normalized=True)
    return Code("Shannon", lengths, canonical_codes(lengths))


def huffman_code(q: Sequence[float] | np.ndarray) -> Code:
    """The Huffman code for Q (deterministic ties, canonical codewords)."""
    lengths = huffman_lengths(probabilities(q, "Q"))
    return Code("Huffman", lengths, canonical_codes(lengths))


def expected_length(p: np.ndarray, lengths: np.ndarray) -> float:
    """E_P[L] = Σ p·L in bits; ``inf`` when P gives probability to an outcome with no
    codeword."""
    p = np.asarray(p, dtype=float)
    lengths = np.asarray(lengths)
    if np.any((p > 0) & (lengths < 0)):
        return math.inf
    used = p > 0
    return math.fsum((p[used] * lengths[used]).tolist()) + 0.0


@dataclass(frozen=True, eq=False)
class CodingReport:
    """The coding lab's figures, all in bits.

    Attributes
    ----------
    shannon, huffman : Code
        The two codes built for Q.
    length_shannon, length_huffman : float
        E_P[L] of each code on data from P (``inf`` if some outcome P allows is
        uncodable).
    entropy_p, cross_entropy, divergence : float
        H(P), H(P,Q) and D(P‖Q) in bits.
    uncodable : tuple of int
        Outcomes (0-based) with p > 0 and q = 0: P can emit them, no code for Q has a
        codeword for them.
    """

    shannon: Code
    huffman: Code
    length_shannon: float
    length_huffman: float
    entropy_p: float
    cross_entropy: float
    divergence: float
    uncodable: tuple[int, ...]

    @property
    def extra_shannon(self) -> float:
        """E_P[L_Shannon] − H(P): what coding for Q instead of P costs (≥ D)."""
        return self.length_shannon - self.entropy_p + 0.0

    @property
    def extra_huffman(self) -> float:
        return self.length_huffman - self.entropy_p + 0.0

    def brackets(self) -> dict[str, bool]:
        """The inequalities the lab shows, each checked on these numbers:
        ``cross_low`` H(P,Q) ≤ E_P[L_Shannon], ``cross_high`` E_P[L_Shannon] < H(P,Q)+1,
        ``entropy_shannon`` and ``entropy_huffman`` H(P) ≤ E_P[L]. With D = ∞ they are
        reported as holding (∞ ≤ ∞)."""
        tol = 1e-12 * max(1.0, self.cross_entropy) if math.isfinite(self.cross_entropy) else 0
        return {
            "cross_low": self.cross_entropy <= self.length_shannon + tol,
            "cross_high": (math.isinf(self.cross_entropy)
                           or self.length_shannon < self.cross_entropy + 1.0),
            "entropy_shannon": self.entropy_p <= self.length_shannon + tol,
            "entropy_huffman": self.entropy_p <= self.length_huffman + tol,
        }


def coding_report(p: Sequence[float] | np.ndarray, q: Sequence[float] | np.ndarray
                  ) -> CodingReport:
    """Both codes for Q and what they cost on data from P.

    Parameters
    ----------
    p, q : sequence of float, shape (n,)
        Probabilities of the reference P and the model Q.

    Raises
    ------
    DistributionError
        P or Q is not a probability vector, or their lengths differ.
    """
    p, q = pair(p, q)
    s_lengths = shannon_lengths(q, normalized=True)
    shannon = Code("Shannon", s_lengths, canonical_codes(s_lengths))
    h_lengths = huffman_lengths(q)
    huffman = Code("Huffman", h_lengths, canonical_codes(h_lengths))
    c = compare(p, q, "bits", normalize=False)
    uncodable = tuple(np.flatnonzero((p > 0) & (q == 0)).tolist())
    return CodingReport(shannon, huffman, expected_length(p, shannon.lengths),
                        expected_length(p, huffman.lengths), c.entropy_p,
                        c.cross_entropy_pq, c.kl_pq, uncodable)


@dataclass(frozen=True)
class BlockRow:
    """One row of the block-coding table.

    Attributes
    ----------
    n : int
        Symbols per block.
    blocks : int
        kⁿ: the blocks of n symbols over the k outcomes P allows.
    kinds : int
        C(n + k − 1, n): blocks grouped by how often each outcome occurs in them (all
        blocks of a kind have the same probability and length, so the kinds are what
        is enumerated).
    bits_per_symbol : float or None
        E_{Pⁿ}[L]/n for the Shannon code for Qⁿ, in bits; ``inf`` when uncodable; None
        when there are more than ``MAX_BLOCK_TYPES`` kinds to enumerate.
    """

    n: int
    blocks: int
    kinds: int
    bits_per_symbol: float | None

    @property
    def enumerated(self) -> bool:
        return self.bits_per_symbol is not None


def block_coding(p: Sequence[float] | np.ndarray, q: Sequence[float] | np.ndarray,
                 sizes: Sequence[int] = BLOCK_SIZES,
                 max_kinds: int = MAX_BLOCK_TYPES) -> list[BlockRow]:
    """Bits per symbol of the Shannon code for Qⁿ on blocks drawn from Pⁿ.

    Each block's length ⌈−log₂ Π q⌉ is exact: with q = m·2^e (m a 53-bit integer) the
    product is M·2^E with M = Π m an integer, and ⌈−log₂(M·2^E)⌉ = −E − (bits(M) − 1);
    the floating-point logarithm is used only where it is further than 1e-6 from an
    integer. Outcomes P rules out are left out (their blocks have P-probability 0).

    Parameters
    ----------
    p, q : sequence of float, shape (k,)
    sizes : sequence of int
        Block sizes n ≥ 1.
    max_kinds : int
        Block sizes with more kinds of block than this are reported, not enumerated.

    Returns
    -------
    list of BlockRow
    """
    p, q = pair(p, q)
    total = _LazyTotal(q)  # blocks are coded for (q/Σq)ⁿ, as single symbols are
    used = np.flatnonzero(p > 0)
    p, q = p[used], q[used]
    k = used.size
    rows = []
    for n in sizes:
        if n < 1:
            raise DistributionError(f"block size {n}: blocks hold at least 1 symbol.")
        kinds = math.comb(n + k - 1, n)
        if np.any(q == 0):
            value: float | None = math.inf
        elif kinds > max_kinds:
            value = None
        else:
            value = _bits_per_symbol(p, q, n, total)
        rows.append(BlockRow(n, k ** n, kinds, value))
    return rows


class _LazyTotal:
    """Σq: as a double for the lengths' first estimate, exactly as decimals
    (:func:`decimal_total`) only when a block's length lies near an integer and must be
    settled."""

    def __init__(self, q: np.ndarray):
        self._q = q
        self.log2 = math.log2(math.fsum(q.tolist()))

    @functools.cached_property
    def exact(self) -> Fraction:
        return decimal_total(self._q)


def _bits_per_symbol(p: np.ndarray, q: np.ndarray, n: int, total: _LazyTotal) -> float:
    # The kinds go through in chunks: one array of 100,000 kinds built at once held the
    # interpreter for ~35 ms, freezing the window while the coding lab ran on a worker.
    # math.fsum is exact, so summing all the chunks' terms at the end changes no bit.
    combos = itertools.combinations_with_replacement(range(p.size), n)
    mantissa, exponent = np.frexp(q)
    log_mantissa = np.log2(mantissa)
    terms: list[float] = []
    while True:
        kinds = np.array(list(itertools.islice(combos, KINDS_PER_CHUNK)),
                         dtype=np.intp).reshape(-1, n)
        if kinds.shape[0] == 0:
            break
        # Blocks of a kind: n!/Π c!; a sorted row's runs give Π c! as a product of runs.
        run = np.ones_like(kinds)
        for j in range(1, n):
            run[:, j] = np.where(kinds[:, j] == kinds[:, j - 1], run[:, j - 1] + 1, 1)
        ways = math.factorial(n) / np.prod(run.astype(float), axis=1)
        probability = ways * np.prod(p[kinds], axis=1)
        minus_log = -(np.sum(log_mantissa[kinds], axis=1)
                      + np.sum(exponent[kinds], axis=1)) + n * total.log2
        lengths = np.ceil(minus_log)
        unsure = np.flatnonzero(np.abs(minus_log - np.round(minus_log)) < 1e-6)
        for row in unsure.tolist():
            lengths[row] = _exact_length(q[kinds[row]], total.exact ** n)
        terms += (probability * lengths).tolist()
    return math.fsum(terms) / n


def _exact_length(q: np.ndarray, total: Fraction = Fraction(1)) -> int:
    """The least L with Π d·2^L ≥ total, d each q's shortest decimal: ⌈log₂(total/Π d)⌉
    exactly (blocks are coded for the decimals' distribution, as single symbols)."""
    block = math.prod((shortest_fraction(x) for x in q.tolist()), start=Fraction(1))
    length = block.denominator.bit_length() - block.numerator.bit_length()  # ±1: below
    while block * 2 ** length < total:
        length += 1
    while block * 2 ** (length - 1) >= total:
        length -= 1
    return length
