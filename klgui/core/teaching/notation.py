"""Three ways to write the same mathematics: plain text, Qt rich text and LaTeX.

The worked solution is generated once, against a :class:`Notation`; each subclass turns
the same calls into its own format. Plain text is what a person pastes in an e-mail,
rich text is what the window shows, LaTeX is for slides and exam sheets (ASCII only,
needs ``amsmath``).
"""

from __future__ import annotations

import html
import re

from klgui.core.formatting import format_figure

__all__ = ["Notation", "PlainNotation", "HtmlNotation", "LatexNotation", "NOTATIONS"]

_EXPONENT = re.compile(r"^(−?[0-9.]+)e([+−-])0*([0-9]+)$")


class Notation:
    """Plain text. Methods returning "math" give a fragment to place inside
    :meth:`m` or an equation; :meth:`t` escapes ordinary text."""

    ARROW = "→"
    TIMES = "·"
    MINUS = "−"
    INF = "∞"
    SUM = "Σ "
    APPROX = " ≈ "
    LOGS = {"nats": "ln", "bits": "log₂", "hartleys": "log₁₀"}

    def __init__(self, base: str, digits: int) -> None:
        self.base, self.digits = base, digits
        self._blocks: list[str] = []

    # -- inline math -------------------------------------------------------------------
    def num(self, value: float) -> str:
        """A number at the chosen precision (a real minus sign, ∞ for infinity)."""
        text = format_figure(float(value), self.digits)
        match = _EXPONENT.match(text)
        if match:
            mantissa, sign, power = match.groups()
            return self._power_of_ten(mantissa, "−" if sign in "−-" else "", power)
        return self._number_text(text)

    def _number_text(self, text: str) -> str:
        return text

    def _power_of_ten(self, mantissa: str, sign: str, power: str) -> str:
        return f"{mantissa}×10^{sign}{power}"

    def term_num(self, value: float) -> str:
        """A number inside a sum: negatives in parentheses."""
        text = self.num(value)
        return f"({text})" if value < 0 else text

    def log(self, arg: str) -> str:
        """The logarithm of the unit's base."""
        return f"{self.LOGS[self.base]}({arg})"

    def log_name(self) -> str:
        return self.LOGS[self.base]

    def ln(self, arg: str) -> str:
        """The natural logarithm, written without brackets (``ln 2``)."""
        return f"ln {arg}"

    def words(self, text: str) -> str:
        """Words inside an equation."""
        return self.t(text)

    def frac(self, top: str, bottom: str) -> str:
        return f"{top}/{bottom}"

    def D(self, a: str, b: str) -> str:
        return f"D({a}‖{b})"

    def H(self, a: str, b: str | None = None) -> str:
        return f"H({a})" if b is None else f"H({a},{b})"

    def var(self, name: str) -> str:
        return name

    def unit(self, name: str | None = None) -> str:
        """The unit after a value (a leading space included)."""
        return f" {name or self.base}"

    # -- text ----------------------------------------------------------------------
    def t(self, text: str) -> str:
        """Ordinary words, escaped for the format."""
        return text

    def m(self, math: str) -> str:
        """Math placed inside running text."""
        return math

    # -- blocks --------------------------------------------------------------------
    def heading(self, text: str) -> None:
        self._blocks.append(f"{text}\n{'=' * len(text)}")

    def paragraph(self, text: str) -> None:
        self._blocks.append(text)

    def equations(self, rows: list[tuple[str, str]]) -> None:
        """Aligned lines ``lhs = rhs``; an empty lhs continues the line above."""
        width = max(len(lhs) for lhs, _ in rows)
        self._blocks.append("\n".join(f"{lhs:>{width}} = {rhs}" for lhs, rhs in rows))

    def term_rows(self, rows: list[tuple[str, str, str]]) -> None:
        """One line per term: (outcome name as plain text, expression, value); an empty
        expression writes the value alone."""
        width = max(len(name) for name, _, _ in rows) + 1
        self._blocks.append("\n".join(
            f"  {name + ':':<{width}}  {expr + ' = ' if expr else ''}{value}"
            for name, expr, value in rows))

    def finish(self) -> str:
        return "\n\n".join(self._blocks) + "\n"


class PlainNotation(Notation):
    pass


class HtmlNotation(Notation):
    """Qt rich text: a subset of HTML 4 (tables, sub- and superscripts)."""

    def _power_of_ten(self, mantissa: str, sign: str, power: str) -> str:
        return f"{mantissa}×10<sup>{sign}{power}</sup>"

    LOGS = {"nats": "ln", "bits": "log<sub>2</sub>", "hartleys": "log<sub>10</sub>"}

    def var(self, name: str) -> str:
        return f"<i>{name}</i>"

    def t(self, text: str) -> str:
        return html.escape(text, quote=False)

    def heading(self, text: str) -> None:
        self._blocks.append(f"<h3>{text}</h3>")

    def paragraph(self, text: str) -> None:
        self._blocks.append(f"<p>{text}</p>")

    def equations(self, rows: list[tuple[str, str]]) -> None:
        cells = "".join(
            f"<tr><td align='right'>{lhs}</td><td>&nbsp;=&nbsp;</td><td>{rhs}</td></tr>"
            for lhs, rhs in rows)
        self._blocks.append(f"<table cellspacing='2' style='margin-left:12px'>{cells}</table>")

    def term_rows(self, rows: list[tuple[str, str, str]]) -> None:
        cells = "".join(
            f"<tr><td>{html.escape(name, quote=False)}:</td><td>{expr}</td>"
            f"<td>{'&nbsp;=&nbsp;' if expr else ''}</td><td align='right'>{value}</td></tr>"
            for name, expr, value in rows)
        self._blocks.append(f"<table cellspacing='2' style='margin-left:12px'>{cells}</table>")

    def finish(self) -> str:
        return "\n".join(self._blocks)


_LATEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&",
                  "#": r"\#", "_": r"\_", "%": r"\%", "~": r"\textasciitilde{}",
                  "^": r"\textasciicircum{}"}
#: Unicode our own sentences use, spelled in LaTeX text mode.
_LATEX_TEXT = {"−": "-", "–": "--", "—": "---", "‘": "`", "’": "'", "…": r"\ldots{}",
               "×": r"$\times$", "·": r"$\cdot$", "‖": r"$\|$", "≥": r"$\geq$",
               "≤": r"$\leq$", "∞": r"$\infty$", "≈": r"$\approx$", "→": r"$\to$",
               "Σ": r"$\Sigma$", "✓": r"$\checkmark$", "α": r"$\alpha$", "ε": r"$\varepsilon$",
               "½": r"$\frac{1}{2}$"}


def latex_text(text: str) -> str:
    """Escape ``text`` for LaTeX text mode."""
    return "".join(_LATEX_SPECIAL.get(ch, _LATEX_TEXT.get(ch, ch)) for ch in text)


class LatexNotation(Notation):
    """LaTeX for a document that loads ``amsmath`` and ``amssymb``."""

    TIMES = r" \cdot "
    MINUS = "-"
    INF = r"\infty"
    SUM = r"\sum_i "
    APPROX = r" \approx "
    LOGS = {"nats": r"\ln", "bits": r"\log_{2}", "hartleys": r"\log_{10}"}

    def _number_text(self, text: str) -> str:
        return text.replace("−", "-").replace("∞", r"\infty")

    def _power_of_ten(self, mantissa: str, sign: str, power: str) -> str:
        return f"{mantissa.replace('−', '-')} \\times 10^{{{'-' if sign else ''}{power}}}"

    def log(self, arg: str) -> str:
        return f"{self.LOGS[self.base]}\\left({arg}\\right)"

    def ln(self, arg: str) -> str:
        return f"\\ln {arg}"

    def words(self, text: str) -> str:
        return f"\\text{{{latex_text(text)}}}"

    def frac(self, top: str, bottom: str) -> str:
        return f"\\frac{{{top}}}{{{bottom}}}"

    def D(self, a: str, b: str) -> str:
        return f"D({a}\\,\\|\\,{b})"

    def unit(self, name: str | None = None) -> str:
        return f"\\ \\text{{{name or self.base}}}"

    def t(self, text: str) -> str:
        return latex_text(text)

    def m(self, math: str) -> str:
        return f"${math}$"

    def heading(self, text: str) -> None:
        self._blocks.append(f"\\paragraph{{{text}}}")

    def paragraph(self, text: str) -> None:
        self._blocks.append(text)

    def equations(self, rows: list[tuple[str, str]]) -> None:
        lines = " \\\\\n".join(f"  {lhs} &= {rhs}" for lhs, rhs in rows)
        self._blocks.append(f"\\[\n\\begin{{aligned}}\n{lines}\n\\end{{aligned}}\n\\]")

    def term_rows(self, rows: list[tuple[str, str, str]]) -> None:
        lines = " \\\\\n".join(
            f"  \\text{{{latex_text(name)}:}} & \\quad {expr + ' = ' if expr else ''}{value}"
            for name, expr, value in rows)
        self._blocks.append(f"\\[\n\\begin{{aligned}}\n{lines}\n\\end{{aligned}}\n\\]")

    def finish(self) -> str:
        return ("% Needs \\usepackage{amsmath,amssymb}\n"
                + "\n\n".join(self._blocks) + "\n")


NOTATIONS: dict[str, type[Notation]] = {
    "plain": PlainNotation, "html": HtmlNotation, "latex": LatexNotation}
