"""Drawing a social card with Pillow: the title wrapped and sized to fit, the date and the site's name.

Runs in the image workers, so it takes plain arguments and imports nothing of reblog's. The font
is the scalable one that ships with Pillow (``ImageFont.load_default(size=...)``, Pillow 10.1+);
without FreeType or on an older Pillow a system DejaVu Sans, and failing that Pillow's small
bitmap font: a card is never missing for want of a font.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from ..atomicfile import replace_atomically

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont | ImageFont.TransposedFont
FontSource = Callable[[int], Font]
Box = tuple[int, int, int, int]    # left, top, right, bottom

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
TITLE_BOX: Box = (MARGIN, 150, WIDTH - MARGIN, 500)
TITLE_SIZES = (76, 36)             # largest and smallest title size tried, in pixels
MAX_LINES = 4
LINE_SPACING = 1.12
ELLIPSIS = "…"
_SYSTEM_FONTS = ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@dataclass(frozen=True)
class TitleLayout:
    """The title as drawn: its lines, their size, and each line's origin and bounding box on the card."""

    lines: tuple[str, ...]
    size: int
    origins: tuple[tuple[int, int], ...]
    boxes: tuple[Box, ...]
    stroke: int


def load_font(size: int) -> Font:
    """The card font at ``size`` pixels: Pillow's own scalable font, else a system one, else bitmap."""
    try:
        return ImageFont.load_default(size=size)   # FreeType: Pillow's bundled Aileron
    except (TypeError, OSError, ImportError, AttributeError):
        pass
    for name in _SYSTEM_FONTS:
        try:
            return ImageFont.truetype(name, size)
        except (OSError, ImportError):
            continue
    return ImageFont.load_default()


def _stroke(font: Font, size: int) -> int:
    # A thin outline in the text's own colour makes the one regular weight read as bold
    # (only a FreeType font can be outlined).
    return max(1, size // 36) if isinstance(font, ImageFont.FreeTypeFont) else 0


def _bbox(font: Font, text: str, stroke: int) -> tuple[int, int, int, int]:
    if stroke:
        box = font.getbbox(text, stroke_width=stroke)
    else:
        box = font.getbbox(text)
    return int(box[0]), int(box[1]), int(box[2]), int(box[3])


def _width(font: Font, text: str, stroke: int) -> int:
    left, _top, right, _bottom = _bbox(font, text, stroke)
    return right - left


def _line_height(font: Font, stroke: int) -> int:
    _left, top, _right, bottom = _bbox(font, "ÁHgjy", stroke)
    return bottom - min(top, 0)


def _split_long(word: str, font: Font, width: int, stroke: int) -> list[str]:
    """A word wider than the line, cut into pieces that fit (a URL or a long identifier)."""
    pieces: list[str] = []
    current = ""
    for char in word:
        if current and _width(font, current + char, stroke) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    return pieces + [current] if current else pieces


def wrap(text: str, font: Font, width: int, stroke: int = 0) -> list[str]:
    """Greedy word wrap of ``text`` into lines no wider than ``width`` pixels."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        pieces = _split_long(word, font, width, stroke) if _width(font, word, stroke) > width else [word]
        for piece in pieces:
            candidate = f"{current} {piece}" if current else piece
            if current and _width(font, candidate, stroke) > width:
                lines.append(current)
                current = piece
            else:
                current = candidate
    if current:
        lines.append(current)
    return lines


def _ellipsize(line: str, font: Font, width: int, stroke: int) -> str:
    """``line`` shortened (at a word if it can) until it and an ellipsis fit."""
    text = line
    while text and _width(font, text + ELLIPSIS, stroke) > width:
        cut = text.rfind(" ")
        text = text[:cut] if cut > len(text) // 2 else text[:-1]
        text = text.rstrip(" ,.;:-–—")
    return text + ELLIPSIS


def layout_title(title: str, fonts: FontSource = load_font, box: Box = TITLE_BOX,
                 sizes: tuple[int, int] = TITLE_SIZES, max_lines: int = MAX_LINES) -> TitleLayout:
    """The largest size at which ``title`` wraps into ``box``; at the smallest, the last line is cut short."""
    left, top, right, bottom = box
    width, height = right - left, bottom - top
    largest, smallest = sizes
    size = largest
    while True:
        font = fonts(size)
        stroke = _stroke(font, size)
        step = int(_line_height(font, stroke) * LINE_SPACING)
        lines = wrap(title, font, width, stroke)
        fits = len(lines) <= max_lines and _block_height(font, stroke, len(lines), step) <= height
        if fits or size <= smallest:
            break
        size = max(smallest, size - 4)
    if not fits:
        # Even the smallest size overflows: keep the lines that fit and end the last with "…".
        room = max(1, min(max_lines, 1 + (height - _line_height(font, stroke)) // max(1, step)))
        lines = lines[:room]
        lines[-1] = _ellipsize(lines[-1], font, width, stroke)
    total = _block_height(font, stroke, len(lines), step)
    y = top + max(0, (height - total) // 2)    # the block centred in its box
    origins: list[tuple[int, int]] = []
    boxes: list[Box] = []
    for line in lines:
        x0, y0, x1, y1 = _bbox(font, line, stroke)
        x = left - min(x0, 0)                 # a glyph that overhangs to the left stays inside
        origins.append((x, y))
        boxes.append((x + x0, y + y0, x + x1, y + y1))
        y += step
    return TitleLayout(tuple(lines), size, tuple(origins), tuple(boxes), stroke)


def _block_height(font: Font, stroke: int, count: int, step: int) -> int:
    return 0 if count == 0 else step * (count - 1) + _line_height(font, stroke)


def draw_card(title: str, date: str, site_name: str, colours: Sequence[tuple[str, str]],
              fonts: FontSource = load_font) -> Image.Image:
    """The card as an RGB image: an accent band, the site's name, the title, a rule and the date."""
    palette = dict(colours)
    image = Image.new("RGB", (WIDTH, HEIGHT), palette.get("bg", "#ffffff"))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 14), fill=palette.get("accent", "#0a5cc2"))
    if site_name:
        font = fonts(36)
        name = site_name if _width(font, site_name, 0) <= WIDTH - 2 * MARGIN else \
            _ellipsize(site_name, font, WIDTH - 2 * MARGIN, 0)
        draw.text((MARGIN, 70), name, font=font, fill=palette.get("accent", "#0a5cc2"))
    layout = layout_title(title, fonts)
    text_colour = palette.get("text", "#1f2328")
    for line, origin in zip(layout.lines, layout.origins):
        draw.text(origin, line, font=fonts(layout.size), fill=text_colour,
                  stroke_width=layout.stroke, stroke_fill=text_colour if layout.stroke else None)
    draw.rectangle((MARGIN, 528, WIDTH - MARGIN, 530), fill=palette.get("border", "#e3e6ea"))
    if date:
        draw.text((MARGIN, 552), date, font=fonts(32), fill=palette.get("text-muted", "#5b6470"))
    return image


def make_card(title: str, date: str, site_name: str, colours: Sequence[tuple[str, str]],
              target: str) -> str | None:
    """Draw a card and write it to ``target`` atomically; the error's text if that failed (worker entry)."""
    try:
        image = draw_card(title, date, site_name, colours)
        # zlib's default level: ``optimize`` saves ~4% of ~40 KB for three times the time,
        # and a big site draws a card per post on its first build.
        replace_atomically(Path(target), lambda stream: image.save(stream, "PNG"))
    except Exception as err:  # every failure is the same to the build: a warning, no card
        return f"{type(err).__name__}: {err}"
    return None
