"""The labs' pages: sampling estimators, coding cost and Bayesian information gain.

Each page is standalone: ``show_pair(p, q, labels, unit, digits)`` gives it the focus
pair's normalized probabilities, ``show_nothing(message)`` says why there is none, and
``export_csv(path)`` writes its table with :mod:`klgui.io.lab_export`.
"""

from klgui.ui.pages.labs.bayes_page import BayesPage
from klgui.ui.pages.labs.coding_page import CodingPage
from klgui.ui.pages.labs.sampling_page import SamplingPage

__all__ = ["SamplingPage", "CodingPage", "BayesPage"]
