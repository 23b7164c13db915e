"""The plain records of a document's state, without Qt and without behaviour: what a
session file keeps (:class:`Snapshot`), one distribution column in it
(:class:`DistributionSpec`), and what a change touched (:class:`Change`).

A leaf module: the file layer (sessions, presets) imports these and nothing else of the
model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from klgui.core.families import Family
from klgui.core.labs.bayes import Observation
from klgui.core.smoothing import Smoothing

__all__ = ["Change", "ChartView", "BayesLab", "DistributionSpec", "Snapshot", "REFERENCE",
           "MODEL", "ROLES", "DEFAULT_DIGITS", "DIGITS_RANGE", "VIEW_CHOICES"]

#: The roles a distribution column has: the one reference (P, the truth) and models.
REFERENCE, MODEL = "reference", "model"
ROLES = (REFERENCE, MODEL)
#: Significant digits shown when nothing else was chosen, and the range allowed.
DEFAULT_DIGITS = 6
DIGITS_RANGE = (1, 17)


@dataclass(frozen=True)
class Change:
    """What changed. ``kind`` is one of:

    - ``"entries"``: entries of rows ``first..last`` in column ``which`` (a column id,
      or None for every column);
    - ``"labels"``: labels of rows ``first..last``;
    - ``"rows"``: labels and entries of rows ``first..last`` (a paste);
    - ``"insert"`` / ``"remove"``: rows ``first..last`` (as numbered before removal);
    - ``"move"``: row ``first`` moved to just before row ``dest`` (as numbered before);
    - ``"reset"``: everything may differ (a new document was loaded);
    - ``"columns"``: distribution columns were added, removed, renamed, reordered or
      changed role (the rows stay);
    - ``"focus"``: another model became the focus (nothing else changed);
    - ``"settings"``: unit, normalization, smoothing or digits;
    - ``"lab"``: the Bayes lab's work (nothing of the comparison changed).

    ``keeps_result`` is set by the document for its listeners after the change: the
    result known before it holds after it (a label, the digits, a model out of focus,
    the lab's work), so nothing needs computing again.
    """

    kind: str
    first: int = 0
    last: int = 0
    which: int | None = None
    dest: int = 0
    keeps_result: bool = False

    @property
    def keeps_data(self) -> bool:
        """Whether the labels, entries and columns are as they were (a unit, digits,
        normalization, smoothing or focus change, or the Bayes lab's work): a
        description of the data still holds."""
        return self.kind in ("settings", "focus", "lab")

    @property
    def keeps_figures(self) -> bool:
        """Whether the figures shown stay as they were: the known result holds and
        nothing shown with it changed (the Bayes lab's work; a label or digits change
        keeps the result but is shown with it)."""
        return self.keeps_result and self.kind == "lab"


@dataclass(frozen=True)
class DistributionSpec:
    """One distribution column as saved: its name, role (``"reference"`` or
    ``"model"``) and entries exactly as typed, one per outcome; or, for a column filled
    from a family or from logits, that ``source`` (a core.families Family or Softmax),
    its ``entries`` then being the probabilities it places on the outcomes (a document
    places the source again; ``entries`` may be empty)."""

    name: str
    role: str
    entries: tuple[str, ...]
    source: Family | None = None


#: What each part of the chart's view may be (the chart's own menus offer these keys).
VIEW_CHOICES: dict[str, tuple[str, ...]] = {
    "direction": ("pq", "qp", "both"),          # D(P‖Q) terms, D(Q‖P) terms, both
    "form": ("signed", "nonnegative"),          # p·log(p/q), or p·log(p/q) − p + q
    "order": ("table", "size", "top"),          # table order, largest first, top N + rest
    "tab": ("contributions", "distributions", "all"),  # the chart tab shown
}


@dataclass(frozen=True)
class ChartView:
    """How the chart shows the comparison: ``direction``, term ``form``, bar ``order``
    (each one of :data:`VIEW_CHOICES`), whether ``values`` are written on the bars, and
    which chart ``tab`` shows. ``problems`` says, in words, what a file's view held that
    could not be used (that part took its default)."""

    direction: str = "pq"
    form: str = "signed"
    order: str = "table"
    values: bool = False
    tab: str = "contributions"
    problems: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class BayesLab:
    """The Bayes lab's work: the ``observation``'s name, its likelihood column as typed
    (``likelihoods``, one text per outcome, each a number in [0, 1]), and the
    observations recorded in a row (``steps``: each an Observation, its name such as
    "not heads", its likelihood per outcome as numbers, and whether the step is the
    complement 1 − ℓ of that likelihood, and the likelihoods as typed, exactly, when
    they are not the doubles' shortest decimals: a typed 1/3; a (name, likelihood) pair
    is taken as an Observation that happened, read by its decimals)."""

    observation: str
    likelihoods: tuple[str, ...]
    steps: tuple[Observation, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "steps", tuple(
            Observation(name, tuple(float(v) for v in like), bool(complement),
                        None if exact is None else tuple(Fraction(e) for e in exact))
            for name, like, complement, exact in (Observation(*step) for step in self.steps)))


@dataclass(frozen=True)
class Snapshot:
    """Everything a session file keeps: the outcomes, the distributions (entries as
    typed; exactly one reference), the focus model's name, and the settings."""

    labels: tuple[str, ...]
    distributions: tuple[DistributionSpec, ...]
    focus: str | None = None
    name: str = "Untitled"
    unit: str = "nats"
    auto_normalize: bool = True
    digits: int = DEFAULT_DIGITS
    smoothing: Smoothing | None = None
    #: Free-form extras a reader kept for a later writer (none today).
    extra: dict = field(default_factory=dict, compare=False)
    #: The chart's view saved with the session (None: the file says nothing of it).
    view: ChartView | None = field(default=None, compare=False)
    #: The Bayes lab's work saved with the session (None: the file says nothing of it).
    bayes: BayesLab | None = field(default=None, compare=False)

    @classmethod
    def of_pair(cls, labels, p, q, name: str = "Untitled", unit: str = "nats",
                auto_normalize: bool = True, digits: int = DEFAULT_DIGITS,
                smoothing: Smoothing | None = None, *, p_name: str = "P",
                q_name: str = "Q") -> Snapshot:
        """A snapshot of one reference ``p`` and one model ``q`` (a version-1 session)."""
        return cls(tuple(labels), (DistributionSpec(p_name, REFERENCE, tuple(p)),
                                   DistributionSpec(q_name, MODEL, tuple(q))),
                   q_name, name, unit, auto_normalize, digits, smoothing)

    @property
    def reference(self) -> DistributionSpec:
        """The reference distribution (the first, if a malformed snapshot has none)."""
        return next((d for d in self.distributions if d.role == REFERENCE),
                    self.distributions[0])

    @property
    def models(self) -> tuple[DistributionSpec, ...]:
        return tuple(d for d in self.distributions if d is not self.reference)

    @property
    def focus_model(self) -> DistributionSpec:
        """The focused model: the one named ``focus``, else the first model."""
        models = self.models
        return next((d for d in models if d.name == self.focus), models[0] if models
                    else self.reference)

    @property
    def p(self) -> tuple[str, ...]:
        """The reference's entries."""
        return self.reference.entries

    @property
    def q(self) -> tuple[str, ...]:
        """The focused model's entries."""
        return self.focus_model.entries
