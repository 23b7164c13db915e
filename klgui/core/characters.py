"""Characters that look like the parts of a number but are not ASCII.

Spreadsheets, word processors, web pages and other scripts hand over numbers written
with characters the parser does not read: a minus sign (U+2212) instead of ``-``,
full-width digits, Arabic-Indic digits, ``½``, a no-break space around the text.
:func:`normalized_number_text` rewrites the ones whose meaning is plain; for a cell that
is still refused, :func:`describe_odd_characters` names the character to blame, since a
person cannot see the difference between ``1 234`` with a space and with a no-break
space. Standard library only; no Qt, no numbers parsed here.
"""

from __future__ import annotations

import re
import unicodedata
from fractions import Fraction

__all__ = ["normalized_number_text", "describe_odd_characters", "quoted", "label_text",
           "label_control", "first_label_control", "label_refusal", "control_character"]

#: Look-alikes of ``-``: minus sign, figure dash, en dash, small and full-width
#: hyphen-minus, hyphen and non-breaking hyphen.
_MINUS = "\u2212\u2012\u2013\ufe63\uff0d\u2010\u2011"
#: Look-alikes of ``/``: fraction slash and division slash.
_SLASH = "\u2044\u2215"
_TRANSLATE = {ord(c): "-" for c in _MINUS} | {ord(c): "/" for c in _SLASH} | {
    0x066A: "%",  # Arabic percent sign
    0x066B: ".",  # Arabic decimal separator (never a thousands separator)
}

#: Vulgar fractions and their value; ⅟ ("one over") is handled apart.
_VULGAR = {ch: Fraction(unicodedata.numeric(ch)).limit_denominator(10)
           for ch in "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅐⅛⅜⅝⅞⅑⅒↉"}
_MIXED = re.compile(rf"([+-]?)(\d*)([{''.join(_VULGAR)}])")
_ONE_OVER = re.compile(r"([+-]?)⅟(\d+)")

#: Invisible characters removed at the ends of a cell, besides str.isspace() ones.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u061c"

#: Friendlier names than Unicode's for the characters people meet most.
_FRIENDLY = {
    "\u00a0": "no-break space",
    "\u202f": "narrow no-break space",
    "\u2009": "thin space",
    "\u2007": "figure space",
    "\u2002": "en space",
    "\u2003": "em space",
    "\u3000": "full-width (ideographic) space",
    "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner",
    "\u2060": "word joiner",
    "\ufeff": "byte-order mark",
    "\u00ad": "soft hyphen",
    "\u200e": "left-to-right mark",
    "\u200f": "right-to-left mark",
    "\u2013": "en dash",
    "\u2014": "em dash",
    "\u2012": "figure dash",
    "\u2212": "minus sign",
    "\u2044": "fraction slash",
    "\u2215": "division slash",
    "\u2019": "right single quotation mark",
    "\u00b4": "acute accent",
    "\u066c": "Arabic thousands separator",
}


def normalized_number_text(text: str) -> str:
    """``text`` with look-alike characters replaced by the ASCII the parser reads.

    - leading and trailing white space of any kind is removed (no-break, narrow and
      thin spaces, zero-width spaces, the byte-order mark, direction marks);
    - full-width forms (``０．５``, ``－``, ``％``) become their ASCII (NFKC, only for
      the full-width block: superscripts such as ``²`` are kept, so ``10²`` is refused
      rather than read as 102);
    - every Unicode decimal digit (Arabic-Indic ``٠``–``٩``, Devanagari, …) becomes
      ``0``–``9``;
    - minus look-alikes (U+2212, U+2012, U+2013, U+FE63, U+FF0D, hyphens) become ``-``;
      the fraction slash U+2044 and division slash U+2215 become ``/``;
    - a vulgar fraction that is the whole number, alone or after a digit run, becomes
      an exact fraction: ``½`` → ``1/2``, ``1½`` → ``3/2``, ``⅟8`` → ``1/8``. One in any
      other place (``2.5½``) is kept, so the cell is refused rather than misread.

    Interior spaces are kept: whether ``1 234`` is a thousand and more is for the
    reader of a whole file or block to decide. Plain ASCII is only stripped.

    Parameters
    ----------
    text : str
        One cell's text.

    Returns
    -------
    str
        The rewritten text; the same text, stripped, when nothing applies.
    """
    if text.isascii():
        return text.strip()
    s = _stripped(text)
    out = []
    for ch in s:
        if ch.isascii():
            out.append(ch)
        elif "\uff01" <= ch <= "\uff5e":
            out.append(unicodedata.normalize("NFKC", ch))
        elif (d := unicodedata.decimal(ch, None)) is not None:
            out.append(str(d))
        else:
            out.append(ch)
    s = "".join(out).translate(_TRANSLATE)
    if m := _MIXED.fullmatch(s):
        sign, whole, vulgar = m.groups()
        value = int(whole or 0) + _VULGAR[vulgar]
        s = f"{sign}{value.numerator}/{value.denominator}"
    elif m := _ONE_OVER.fullmatch(s):
        s = f"{m.group(1)}1/{m.group(2)}"
    return s


def describe_odd_characters(text: str) -> str | None:
    """A phrase naming the first character of ``text`` that the parser cannot read and
    a person may not see, once :func:`normalized_number_text` has done its work.

    For example ``"contains U+00A0, a no-break space"`` or ``"contains U+00B2, a
    superscript two"``; None when every character left is printable ASCII, and when a
    printable one that no number holds is there to see (in ``0.4 x`` with a no-break
    space the ``x`` is what is wrong, not the space). Meant to follow a refused cell's
    quoted text in a one-line message.
    """
    s = normalized_number_text(text)
    if any(" " <= ch <= "~" and ch not in _NUMBER_MARKS for ch in s):
        return None
    for ch in s:
        if " " <= ch <= "~":
            continue
        return f"contains U+{ord(ch):04X}, {_with_article(_name(ch))}"
    return None


#: The printable ASCII characters a number may hold (digits, marks, exponent, percent,
#: fraction bar, the blanks and apostrophes that group thousands).
_NUMBER_MARKS = frozenset("0123456789.,+-eE%/' ")


def quoted(text: str, limit: int = 40) -> str:
    """``text`` stripped, in single quotes, for a one-line message: at most ``limit``
    characters (then an ellipsis), line breaks and other invisible characters shown as
    spaces or U+FFFD, never as Python escapes (``\\xa0``)."""
    s = text.strip()
    if len(s) > limit:
        s = s[:limit - 1] + "…"
    if not s.isprintable():
        s = "".join(ch if ch.isprintable() else " " if ch.isspace() or
                    unicodedata.category(ch) == "Zs" else "\ufffd" for ch in s)
    return f"'{s}'"


#: The control characters a label may not hold: every C0 and C1 control and DEL but the
#: tab and the line feed (a line break inside a label; CR and CRLF are made LF first).
#: A NUL makes the exported CSV read as binary; the others do not print and a
#: spreadsheet would show or keep them differently.
_LABEL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Every control character (Unicode's category Cc): C0, DEL and C1.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
#: What a label may hold, as a refusal says it.
_LABEL_RULE = "a label may hold tabs and line breaks but no other control character"
#: The ASCII abbreviations of the C0 controls (U+0000 to U+001F).
_C0 = ("NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK "
       "SYN ETB CAN EM SUB ESC FS GS RS US").split()


def label_text(text: str) -> str:
    """A label as the document keeps it: stripped, its line breaks LF (CRLF and a lone
    CR, as a Windows or an old Mac clipboard writes them, become LF). Nothing else is
    changed: :func:`label_control` says whether it may be kept."""
    text = text.strip()
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def label_control(text: str) -> str | None:
    """The first control character of ``text`` a label may not hold, named for a
    one-line message (``"U+0000 (NUL), a control character"``), or None.

    Tabs and line feeds are allowed (a CSV or clipboard cell quotes them); every other
    C0 or C1 control character and DEL is not (see :func:`label_text` for CR)."""
    return _named_control(_LABEL_CONTROL.search(text))


def control_character(text: str) -> str | None:
    """The first control character of ``text``, tabs and line breaks included (every
    C0 and C1 control and DEL: what a one-line name may not hold), named as
    :func:`label_control` names it; None when there is none."""
    return _named_control(_CONTROL.search(text))


def _named_control(found: re.Match | None) -> str | None:
    if found is None:
        return None
    code = ord(found.group())
    short = _C0[code] if code < 32 else "DEL" if code == 127 else "a C1 control"
    return f"U+{code:04X} ({short}), a control character"


def first_label_control(labels) -> tuple[int, str] | None:
    """The first of ``labels`` (a sequence of str) holding a character a label may not
    hold: its 0-based index and :func:`label_control`'s phrase; None when every label
    may be kept. One regular-expression pass over the joined labels (a million labels
    take some tens of milliseconds); the labels one by one only once one is found."""
    if _LABEL_CONTROL.search("\n".join(labels)) is None:
        return None
    for i, text in enumerate(labels):
        found = label_control(text)
        if found is not None:
            return i, found
    return None


def label_refusal(where: str, label: str, found: str, *, column: str = "", why: str = "",
                  instead: str = "") -> str:
    """The one-line message refusing a label that holds a control character, e.g.
    ``"Outcome 2: the label 'b�c' holds U+0000 (NUL), a control character; a label may
    hold tabs and line breaks but no other control character."``

    Parameters
    ----------
    where : str
        The place, said first: ``"Outcome 2"``, ``"data.csv, line 4"``.
    label : str
        The label, quoted here (:func:`quoted`: the character shows as U+FFFD).
    found : str
        :func:`label_control`'s phrase for the character.
    column : str, optional
        The title of the column holding the label, said after it.
    why : str, optional
        Why such a label is refused, in parentheses after what a label may hold.
    instead : str, optional
        What to do, said instead of what a label may hold (after a comma).
    """
    head = f"{where}: the label {quoted(label)}" + (f" in column {column}" if column else "")
    head += f" holds {found}"
    if instead:
        return f"{head}, {instead}."
    return f"{head}; {_LABEL_RULE}" + (f" ({why})" if why else "") + "."


def _stripped(text: str) -> str:
    start, end = 0, len(text)
    while start < end and (text[start].isspace() or text[start] in _INVISIBLE):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _INVISIBLE):
        end -= 1
    return text[start:end]


def _name(ch: str) -> str:
    if ch in _FRIENDLY:
        return _FRIENDLY[ch]
    name = unicodedata.name(ch, "")
    if name:
        return name.lower()
    if unicodedata.category(ch) == "Cc":
        return "control character"
    return "character with no name"


def _with_article(name: str) -> str:
    vowel = name[0].lower() in "aeiou" and not name.lower().startswith(("eu", "uni", "use"))
    return ("an " if vowel else "a ") + name
