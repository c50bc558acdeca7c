"""Find <img> tags with the stdlib HTML tokenizer and rewrite only their own characters."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

Attrs = tuple[tuple[str, str | None], ...]

# An image is "near the top" (worth loading eagerly) when fewer than this many blocks of the
# page's content come before it: about what a desktop screen shows above the fold.
ABOVE_FOLD_BLOCKS = 6
_CONTENT_START = re.compile(r"<(?:main|article)[\s>]", re.IGNORECASE)
_BODY_START = re.compile(r"<body[\s>]", re.IGNORECASE)
_BLOCK = re.compile(r"<(?:p|h[1-6]|li|pre|table|blockquote|figure|hr|dl)[\s>/]", re.IGNORECASE)


@dataclass(frozen=True)
class ImgTag:
    """One <img> start tag: where it is in the page and what it says."""

    start: int
    end: int
    attrs: Attrs
    self_closing: bool
    in_picture: bool

    def get(self, name: str) -> str | None:
        """An attribute's value ('' for a bare attribute), or None when absent."""
        for key, value in self.attrs:
            if key == name:
                return "" if value is None else value
        return None

    def has(self, name: str) -> bool:
        """Whether the attribute is present."""
        return any(key == name for key, _ in self.attrs)


@dataclass(frozen=True)
class SourceSet:
    """A <source> to put before the <img>: its MIME type and srcset."""

    mime: str
    srcset: str


class _ImgScanner(HTMLParser):
    """Collects <img> tags with their character ranges; <script> and <style> bodies are skipped by the parser."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.line_starts = _line_starts(text)
        self.tags: list[ImgTag] = []
        self.picture_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "picture":
            self.picture_depth += 1
        elif tag == "img":
            self._add(attrs, self_closing=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self._add(attrs, self_closing=True)

    def handle_endtag(self, tag: str) -> None:
        if tag == "picture" and self.picture_depth:
            self.picture_depth -= 1

    def _add(self, attrs: list[tuple[str, str | None]], self_closing: bool) -> None:
        raw = self.get_starttag_text() or ""
        line, column = self.getpos()
        start = self.line_starts[line - 1] + column
        # The tokenizer's position is trusted only when it points at the exact tag text.
        if self.text.startswith(raw, start) and raw:
            self.tags.append(ImgTag(start, start + len(raw), tuple(attrs), self_closing,
                                    self.picture_depth > 0))


def _line_starts(text: str) -> list[int]:
    # HTMLParser counts lines by "\n" only, so the same rule maps (line, column) to an offset.
    starts = [0]
    index = text.find("\n")
    while index >= 0:
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    return starts


def find_images(text: str) -> list[ImgTag]:
    """Every <img> start tag in ``text``, in document order."""
    if "<img" not in text.lower():
        return []
    scanner = _ImgScanner(text)
    scanner.feed(text)
    scanner.close()
    return scanner.tags


def near_top(text: str, tag: ImgTag, blocks: int = ABOVE_FOLD_BLOCKS) -> bool:
    """Whether fewer than ``blocks`` content blocks (paragraphs, headings, list items...) precede ``tag``.

    Counting starts at the page's <main> or <article> (else <body>) so that a header's menu does
    not push the first picture of a post below the line.
    """
    start = _CONTENT_START.search(text, 0, tag.start) or _BODY_START.search(text, 0, tag.start)
    begin = start.end() if start else 0
    count = 0
    for _ in _BLOCK.finditer(text, begin, tag.start):
        count += 1
        if count >= blocks:
            return False
    return True


def eligible(tag: ImgTag) -> bool:
    """Whether the pipeline may rewrite this tag: not already responsive and not opted out."""
    return not (tag.in_picture or tag.has("data-no-responsive") or tag.has("srcset")
                or not tag.get("src"))


def picture(tag: ImgTag, sources: Sequence[SourceSet], srcset: str, sizes: str,
            width: int, height: int, first: bool) -> str:
    """The <picture> that replaces ``tag``; the <img> keeps its src and attributes."""
    sizes = tag.get("sizes") or sizes
    parts = ["<picture>"]
    for source in sources:
        parts.append(
            f'<source type="{source.mime}" srcset="{_escape(source.srcset)}" sizes="{_escape(sizes)}">'
        )
    parts.append(_img(tag, srcset, sizes, width, height, first))
    parts.append("</picture>")
    return "".join(parts)


def _img(tag: ImgTag, srcset: str, sizes: str, width: int, height: int, first: bool) -> str:
    attrs: list[tuple[str, str | None]] = []
    for name, value in tag.attrs:
        # The first image near the top is likely the largest paint: it must not wait for lazy loading.
        if first and name == "loading" and (value or "").lower() == "lazy":
            continue
        if name != "sizes":
            attrs.append((name, value))
    attrs.append(("srcset", srcset))
    attrs.append(("sizes", sizes))
    # Intrinsic size lets the browser reserve space; an author's own width or height wins.
    if not tag.has("width") and not tag.has("height"):
        attrs += [("width", str(width)), ("height", str(height))]
    if not first:
        if not tag.has("loading"):
            attrs.append(("loading", "lazy"))
        if not tag.has("decoding"):
            attrs.append(("decoding", "async"))
    body = "".join(f" {name}" if value is None else f' {name}="{_escape(value)}"'
                   for name, value in attrs)
    return f"<img{body}{' /' if tag.self_closing else ''}>"


def _escape(value: str) -> str:
    return html.escape(value, quote=True)


def replace_ranges(text: str, replacements: Sequence[tuple[int, int, str]]) -> str:
    """``text`` with each (start, end) range replaced; everything else stays byte-identical."""
    out: list[str] = []
    cursor = 0
    for start, end, new in sorted(replacements):
        out.append(text[cursor:start])
        out.append(new)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)
