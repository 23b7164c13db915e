"""The Bayes lab's actions as undoable steps: a mixin of :class:`klgui.model.edits.Edits`
(it uses its ``document`` and ``_record``). Qt-free.

Each method takes the work the lab shows (the document's work, or the fresh column the
lab shows for outcomes the document's work no longer fits: model.bayes_work), makes one
change of it, puts the result in the document (Document.set_bayes) and records one step
that puts back the work before it. A refused action raises and records nothing.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np

from klgui.core.errors import DistributionError, WeightParseError, more_lines
from klgui.model.bayes_work import BayesWork, hypothesis_name
from klgui.model.step import Step

__all__ = ["BayesEdits"]


class BayesEdits:
    """The Bayes lab's work changed one undoable step at a time (mixed into Edits)."""

    def set_likelihood(self, work: BayesWork, row: int, typed: str,
                       labels: Sequence[str] = (), *, decimal_comma: bool = False) -> None:
        """P(observation | hypothesis ``row``) from text, one step ("Set likelihood of
        θ=0.3 to 0.25"). Raises WeightParseError or DistributionError (BayesWork.
        with_likelihood's messages; ``labels`` name the hypothesis)."""
        label = labels[row] if 0 <= row < len(labels) and labels[row] else None
        new = work.with_likelihood(row, typed, label, decimal_comma=decimal_comma)
        text = f"Set likelihood of {hypothesis_name(row, labels)} to {typed.strip()}"
        doc = self.document
        if new is work or doc.bayes is not work:  # a fresh column shown: written whole
            self._set_bayes(work, new, text)
            return
        # The step keeps the one entry before and after, not two copies of the column
        # (16 MB a step at a million hypotheses, and the stack keeps 200 steps).
        before = (work.texts[row], float(work.likelihood[row]))
        after = (new.texts[row], float(new.likelihood[row]))
        doc.set_bayes(new)
        self._record(Step(text, redo=lambda: doc.set_bayes(doc.bayes.with_entry(row, *after)),
                          undo=lambda: doc.set_bayes(doc.bayes.with_entry(row, *before))))

    def paste_likelihoods(self, work: BayesWork, row: int, typed: Sequence[str],
                          labels: Sequence[str] = (), lines: Sequence[int] = ()) -> None:
        """A pasted column of likelihoods from hypothesis ``row`` on, one step ("Paste 3
        likelihoods"). ``typed`` are read as the table's paste leaves them (dot
        decimals, klgui.io.tsv.entry_block). Raises WeightParseError, DistributionError
        or IndexError naming the pasted line (``lines``: each text's line of the pasted
        text; default 1, 2, …) and the hypothesis, recording nothing."""
        end = row + len(typed)
        if not typed or not 0 <= row < end <= work.size:
            left = max(work.size - row, 0)
            raise IndexError(f"The pasted column has {len(typed)} values, but from "
                             f"{hypothesis_name(row, labels)} on the lab has {left} "
                             f"hypothes{'is' if left == 1 else 'es'}.")
        values, first, others = [], None, []
        for i, t in enumerate(typed):
            r = row + i
            label = labels[r] if r < len(labels) and labels[r] else None
            try:
                values.append(work.read_likelihood(r, t, label, named=False))
            except (WeightParseError, DistributionError) as e:
                line = lines[i] if i < len(lines) else i + 1
                if first is None:  # the first named whole, the others counted
                    first = type(e)(f"Line {line} of the pasted text, "
                                    f"{hypothesis_name(r, labels)}: {e}")
                else:
                    others.append(line)
        if first is not None:
            raise type(first)(f"{first}{more_lines(others)}")
        texts = tuple(t.strip() for t in typed)
        new = work.with_entries(row, texts, values)
        text = f"Paste {len(typed)} likelihood{'s' if len(typed) != 1 else ''}"
        doc = self.document
        if new is work or doc.bayes is not work:  # a fresh column shown: written whole
            self._set_bayes(work, new, text)
            return
        # As set_likelihood's: the step keeps the pasted entries, not the lab's column.
        before = (work.texts[row:end], work.likelihood[row:end].copy())
        after = (texts, new.likelihood[row:end].copy())
        doc.set_bayes(new)
        self._record(Step(text, redo=lambda: doc.set_bayes(doc.bayes.with_entries(row, *after)),
                          undo=lambda: doc.set_bayes(doc.bayes.with_entries(row, *before))))

    def set_likelihoods(self, work: BayesWork, values) -> None:
        """The whole likelihood column, one step. Raises DistributionError for a column
        of another length."""
        self._set_bayes(work, work.with_likelihoods(values), "Set the likelihoods")

    def name_observation(self, work: BayesWork, name: str, session: Hashable = None) -> None:
        """Call the observation ``name``; the changes of one typing ``session`` (one
        editing of the name) are one step, none when typed back to where it began."""
        new = work.named(name)
        self._set_bayes(work, new, f"Call the observation '{new.name}'",
                        merge_key=None if session is None else ("observation", session))

    def observe(self, work: BayesWork, prior: np.ndarray, happened: bool = True,
                belief: np.ndarray | None = None, labels: Sequence[str] | None = None,
                *, possible: bool | None = None) -> None:
        """Record the observation (or, ``happened=False``, its opposite), one step
        ("Observe heads", "Observe not heads"). Raises DistributionError, recording
        nothing, when it cannot have happened (BayesWork.observed, whose ``belief`` and
        ``possible`` these are)."""
        new = work.observed(prior, happened, belief, labels, possible=possible)
        self._set_bayes(work, new, f"Observe {new.observations[-1].name}")

    def remove_last_observation(self, work: BayesWork) -> None:
        """Take the last observation back, one step (none when there is none)."""
        if work.observations:
            self._set_bayes(work, work.without_last(),
                            f"Take back {work.observations[-1].name}")

    def clear_observations(self, work: BayesWork) -> None:
        """No observations, one step (none when there are none)."""
        self._set_bayes(work, work.cleared(), "Clear the observations")

    def _set_bayes(self, shown: BayesWork, new: BayesWork, text: str,
                   merge_key: Hashable = None) -> None:
        doc = self.document
        old = doc.bayes
        if new is shown:
            return  # nothing changed (a fresh column shown is written by any change)
        doc.set_bayes(new)
        self._record(Step(text, redo=lambda: doc.set_bayes(new),
                          undo=lambda: doc.set_bayes(old), merge_key=merge_key,
                          before=old, after=new))
