"""Logits as a person types them into one line: split into the texts a
:class:`~klgui.core.families.Softmax` keeps (dot-decimal), with the locale's decimal mark.

Where decimals have a dot, logits are separated by spaces, commas or semicolons
(``1.5, 2.5``). Where they have a comma (de_DE, fr_FR), ``1,5`` is one logit, 1.5, and
logits are separated by spaces or semicolons (``1,5 2,5`` or ``1,5; 2,5``); a text that
reads two ways there (``1,2,3``, ``1, 2``, ``1.000``) is refused with what to write.
"""

from __future__ import annotations

import re

from klgui.core.errors import DistributionError
from klgui.core.parsing import COMMA_NUMBER, DOT_THOUSANDS

__all__ = ["read_logits", "logits_text"]

_DOT_SPLIT = re.compile(r"[\s,;]+")
_COMMA_SPLIT = re.compile(r"[\s;]+")


def read_logits(text: str, decimal_comma: bool = False) -> tuple[str, ...]:
    """The logits typed in ``text``, each as a dot-decimal text (``1,5`` → ``1.5`` with
    ``decimal_comma``). Whether each is a finite number is Softmax's check.

    Parameters
    ----------
    text : str
        One line of logits.
    decimal_comma : bool
        The locale writes decimals with a comma: logits are then separated by spaces
        or semicolons only.

    Returns
    -------
    tuple of str
        One text per logit, in order; empty for a blank text.

    Raises
    ------
    DistributionError
        With ``decimal_comma``, a logit that reads two ways: a comma that is not one
        decimal comma (``1,2,3``; ``1,`` of ``1, 2``) or dots between thousands
        (``1.000``). The message quotes it and says what to write. The decimal comma
        and the dots between thousands are klgui.core.parsing's (COMMA_NUMBER,
        DOT_THOUSANDS), as for a weight or a label.
    """
    if not decimal_comma:
        return tuple(t for t in _DOT_SPLIT.split(text.strip()) if t)
    out = []
    for i, token in enumerate((t for t in _COMMA_SPLIT.split(text.strip()) if t), 1):
        if "," in token:
            if not COMMA_NUMBER.match(token):
                raise DistributionError(
                    f"'logits' entry {i} ('{token}') reads two ways with a decimal comma: "
                    "separate the logits with spaces or semicolons, as in 1,5 2 or "
                    "1,5; 2.", index=i - 1)
            token = token.replace(",", ".")
        elif DOT_THOUSANDS.match(token):
            raise DistributionError(
                f"'logits' entry {i} ('{token}') reads two ways with a decimal comma: "
                f"write {token.replace('.', '')} for the whole number, or "
                f"{token.replace('.', ',')} with a comma for decimals.", index=i - 1)
        out.append(token)
    return tuple(out)


def logits_text(logits: tuple[str, ...], decimal_comma: bool = False) -> str:
    """Logits (dot-decimal texts) as one line :func:`read_logits` reads back alike:
    separated by spaces, with a decimal comma where ``decimal_comma``."""
    if decimal_comma:
        return " ".join(t.replace(".", ",") for t in logits)
    return " ".join(logits)
