"""The labs: where KL divergence is used, worked on the person's own P and Q.

Pure numpy and the standard library, like the rest of the core:

* :mod:`~klgui.core.labs.sampling`: the estimators k1, k2, k3 of D(P‖Q) from samples
  x ~ P, their exact means and spreads, and a seeded sampler.
* :mod:`~klgui.core.labs.coding`: Shannon and Huffman codes for Q, what they cost on
  data from P, and block coding.
* :mod:`~klgui.core.labs.bayes`: a prior updated by observations, and the information
  each one gains.
"""
