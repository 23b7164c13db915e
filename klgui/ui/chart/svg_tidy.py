"""Make Qt's SVG output draw the same in every renderer.

``QSvgGenerator`` writes a plot's data items in a group scaled from data units to
pixels (``transform="matrix(191,0,0,-615,139,162)"``) and marks their cosmetic pens
``vector-effect="non-scaling-stroke"``. Renderers without that SVG Tiny 1.2 feature
(librsvg before 2.58, many converters) draw each 1-pixel line 615 pixels thick: the
whole picture turns black. And hatched brushes become a ``<pattern>`` whose content is
masked, which Qt's own SVG renderer ignores, so hatching vanished there.

:func:`tidy_svg` rewrites both: the coordinates of each scaled group are mapped to
pixels (the group keeps no scale, so a stroke width is a width in pixels, as the pen
meant), and each pattern draws its mask's rectangles in its colour directly. Groups
holding anything it cannot map exactly (text, images, relative path commands) are
left as they are.
"""

from __future__ import annotations

import re

__all__ = ["tidy_svg"]

_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_GROUP = re.compile(
    r'(<g\b[^>]*?)\stransform="matrix\(([^)]*)\)"([^>]*>)(.*?)(</g>)', re.S)
_POINTS = re.compile(r'(<(?:polyline|polygon)\b[^>]*?\spoints=")([^"]*)(")')
_PATH = re.compile(r'(<path\b[^>]*?\sd=")([^"]*)(")')
_RECT = re.compile(r"<rect\b[^>]*?/>")
_ELEMENT = re.compile(r"<([a-zA-Z]+)\b")
_MAPPABLE = {"polyline", "polygon", "path", "rect"}
_MASK = re.compile(r'<mask id="([^"]+)"[^>]*>(.*?)</mask>', re.S)
_MASKED = re.compile(r'<rect ([^>]*?)fill="([^"]+)" mask="url\(#([^)]+)\)"\s*/>')


def tidy_svg(svg: str) -> str:
    """``svg`` (as QSvgGenerator wrote it) with scaled groups mapped to pixels and
    masked pattern tiles drawn directly; the picture is unchanged."""
    return _GROUP.sub(_flatten_group, _unmask_patterns(svg))


def _flatten_group(match: re.Match) -> str:
    opening, matrix, rest, body, closing = match.groups()
    try:
        a, b, c, d, e, f = (float(x) for x in matrix.split(","))
    except ValueError:
        return match.group(0)
    if b != 0 or c != 0 or (a == 1 and d == 1):
        return match.group(0)  # a plain shift (text, axes) renders alike everywhere
    if any(name not in _MAPPABLE for name in _ELEMENT.findall(body)):
        return match.group(0)

    def xy(x: float, y: float) -> str:
        return f"{_num(a * x + e)},{_num(d * y + f)}"

    def points(m: re.Match) -> str:
        values = [float(v) for v in re.findall(_NUMBER, m.group(2))]
        pairs = " ".join(xy(x, y) for x, y in zip(values[::2], values[1::2]))
        return m.group(1) + pairs + " " + m.group(3)

    def path(m: re.Match) -> str:
        out = []
        for command, numbers in re.findall(r"([A-Za-z])([^A-Za-z]*)", m.group(2)):
            if command not in "MLCQZ":
                raise _Unmappable
            values = [float(v) for v in re.findall(_NUMBER, numbers)]
            out.append(command + " ".join(xy(x, y) for x, y in zip(values[::2], values[1::2])))
        return m.group(1) + " ".join(out) + m.group(3)

    def rect(m: re.Match) -> str:
        text = m.group(0)
        box = {k: float(_attr(text, k) or 0) for k in ("x", "y", "width", "height")}
        x0, x1 = sorted((a * box["x"] + e, a * (box["x"] + box["width"]) + e))
        y0, y1 = sorted((d * box["y"] + f, d * (box["y"] + box["height"]) + f))
        for key, value in (("x", x0), ("y", y0), ("width", x1 - x0), ("height", y1 - y0)):
            text = re.sub(rf'(\s{key}=")[^"]*(")', rf"\g<1>{_num(value)}\g<2>", text)
        return text

    try:
        body = _RECT.sub(rect, _PATH.sub(path, _POINTS.sub(points, body)))
    except _Unmappable:
        return match.group(0)
    return f'{opening} transform="matrix(1,0,0,1,0,0)"{rest}{body}{closing}'


class _Unmappable(Exception):
    pass


def _unmask_patterns(svg: str) -> str:
    masks = {name: body for name, body in _MASK.findall(svg)}

    def tile(m: re.Match) -> str:
        attrs, colour, mask = m.groups()
        if mask not in masks:
            return m.group(0)
        return masks[mask].replace("<rect ", f'<rect fill="{colour}" stroke="none" ')

    return _MASKED.sub(tile, svg)


def _attr(element: str, name: str) -> str | None:
    m = re.search(rf'\s{name}="([^"]*)"', element)
    return m.group(1) if m else None


def _num(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
