"""kramdown's re-serialization of block-level HTML.

With Jekyll's defaults (``parse_block_html: false``) kramdown does not copy an HTML block
through: it parses it (``parse_raw_html`` in ``parser/html.rb``) into elements, text, comments
and raw script/style content, and its HTML converter writes that tree back.  The result
differs from the source in predictable ways:

* start tags are rewritten: attributes in double quotes (``'x'`` and unquoted values too),
  valueless attributes as ``name=""``, known element and attribute names lower-cased, a
  ``markdown`` attribute dropped, an empty ``id`` dropped, whitespace between attributes
  normalized; void elements (and ``<x/>``) end in `` />``, so ``<img src="a">`` becomes
  ``<img src="a" />`` and ``<br/>`` becomes ``<br />``;
* text is escaped for HTML except entity references: a bare ``&`` becomes ``&amp;``, a ``<``
  or ``>`` that is not part of a tag becomes ``&lt;``/``&gt;``; an end tag that closes nothing
  open becomes text (and is escaped);
* ``<script>``/``<style>`` content and comments are kept verbatim;
* leading indentation of the block is dropped, the element ends with a newline (the rest of
  its last line is whitespace that kramdown consumes).

:func:`normalize_html_block` applies this to the source of one HTML block; it returns None for
shapes it does not model (text after the element on its last line, several elements), which
are then left as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

# REXML's UNAME_STR: an XML name, optionally with a prefix (kramdown's tag names): letters or
# underscore (``[^\W\d]``), then word characters, dots and dashes.  Written as a name and an
# optional ``:name`` (the same strings, tried in the same order as ``(?:name:)?name``, without
# reading a name twice when there is no prefix).
_NCNAME = r"[^\W\d][\w.\-]*"
UNAME = rf"{_NCNAME}(?::{_NCNAME})?"
# A quoted value ends at its first closing quote (kramdown's ``(["']).*?\1``; group 3, the
# quoted value, is read by no one).
_TAG_RE = re.compile(
    rf"""<((?>{UNAME}))\s*((?>\s+{UNAME}(?:\s*=\s*(?:\w+|("[^"]*"|'[^']*')))?)*)\s*(/)?>""", re.DOTALL
)
_ATTR_RE = re.compile(rf"""\s*({UNAME})(?:\s*=\s*(?:(\w+)|"([^"]*)"|'([^']*)'))?""", re.DOTALL)
_CLOSE_RE = re.compile(rf"</({UNAME})\s*>", re.DOTALL)
_COMMENT_RE = re.compile(r"<!--(.*?)-->", re.DOTALL)
_PI_RE = re.compile(r"<\?(.*?)\?>", re.DOTALL)
# The "<" is matched, not looked ahead at: a pattern starting with a literal is searched for
# that character in C, a lookahead is tried at every position (only ``start()`` is used).
_RAW_START_RE = re.compile(rf"<(?=(?:{UNAME}|/|!--|\?))")
_REFERENCE_RE = r"&(?:[\w:][\-\w.:]*;|#\d+;|#x[0-9a-fA-F]+;)"
_TEXT_ESCAPE_RE = re.compile(rf"{_REFERENCE_RE}|[<>&]")
_ATTR_ESCAPE_RE = re.compile(rf"{_REFERENCE_RE}|[<>&\"]")
_ESCAPES = {"<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;"}

# Public names of the patterns (kramdown's HTML_TAG_RE, HTML_TAG_CLOSE_RE, HTML_COMMENT_RE,
# HTML_INSTRUCTION_RE, HTML_RAW_START) for the block and span HTML parsers.
tag_re, close_tag_re, comment_re, pi_re, raw_start_re = _TAG_RE, _CLOSE_RE, _COMMENT_RE, _PI_RE, _RAW_START_RE


def escape_text(text: str) -> str:
    """kramdown's ``escape_html(text, :text)``: ``<``, ``>``, ``&`` escaped, entity references kept."""
    if "<" not in text and ">" not in text and "&" not in text:
        return text  # nothing to escape (most texts): no regex pass with a callback
    return _TEXT_ESCAPE_RE.sub(lambda m: _ESCAPES.get(m[0], m[0]), text)


# kramdown's element classes (Kramdown::Parser::Html::Constants), shared by the HTML-block and
# SmartyPants code.
SPAN_ELEMENTS = frozenset(
    "a abbr acronym b big bdo br button cite code del dfn em i img input ins kbd label mark "
    "option q rb rbc rp rt rtc ruby samp select small span strong sub sup tt u var".split()
)
# The span names (and script) whose tags do not end a lazy line of a paragraph or container
# (kramdown's PARAGRAPH_END, LAZY_END and the definition lists' rules).
LAZY_SPAN = "|".join(sorted(SPAN_ELEMENTS | {"script"}, key=len, reverse=True))
BLOCK_ELEMENTS = frozenset(
    "address article aside applet body blockquote caption col colgroup dd div dl dt fieldset "
    "figcaption footer form h1 h2 h3 h4 h5 h6 header hgroup hr html head iframe legend menu li "
    "main map nav ol optgroup p pre section summary table tbody td th thead tfoot tr ul".split()
)
WITHOUT_BODY = frozenset(
    "area base br col command embed hr img input keygen link meta param source track wbr".split()
)
_CONTENT_MODEL_NAMES = frozenset(
    "address applet article aside blockquote body dd details div dl fieldset figure figcaption "
    "footer form header hgroup iframe li main map menu nav noscript object section summary td "
    "a abbr acronym b bdo big button cite caption del dfn dt em h1 h2 h3 h4 h5 h6 i ins label "
    "legend optgroup p q rb rbc rp rt rtc ruby select small span strong sub sup th tt "
    "script style math option textarea pre code kbd samp var".split()
)
# Names kramdown knows as HTML (their tag and attribute names are lower-cased).
KNOWN_ELEMENTS = SPAN_ELEMENTS | BLOCK_ELEMENTS | WITHOUT_BODY | _CONTENT_MODEL_NAMES
# HTML_CONTENT_MODEL: how ``markdown="1"`` parses an element's content (others are raw).
BLOCK_MODEL = frozenset(
    "address applet article aside blockquote body dd details div dl fieldset figure figcaption "
    "footer form header hgroup iframe li main map menu nav noscript object section summary td".split()
)
SPAN_MODEL = frozenset(
    "a abbr acronym b bdo big button cite caption del dfn dt em h1 h2 h3 h4 h5 h6 i ins label "
    "legend optgroup p q rb rbc rp rt rtc ruby select small span strong sub sup th tt".split()
)


def content_model(name: str, markdown: str | None) -> str:
    """kramdown's content model for an element with a ``markdown`` attribute value
    (HTML_MARKDOWN_ATTR_MAP): "block", "span" or "raw"; None/unknown values give "raw"."""
    if markdown == "1":
        return "block" if name in BLOCK_MODEL else "span" if name in SPAN_MODEL else "raw"
    return {"block": "block", "span": "span"}.get(markdown or "", "raw")


def raw_model(name: str) -> bool:
    """True if kramdown's default content model of element ``name`` is raw (HTML_CONTENT_MODEL:
    every name that is not a block or span container, unknown ones too)."""
    return name not in BLOCK_MODEL and name not in SPAN_MODEL


@dataclass(frozen=True)
class StartTag:
    """A start tag as kramdown reads it: name, re-serialized tag, ``markdown`` value, end."""

    name: str
    html: str
    markdown: str | None
    end: int


def parse_start_tag(text: str, pos: int = 0) -> StartTag | None:
    """Read the start tag at ``pos`` (kramdown's HTML_TAG_RE), or None."""
    m = _TAG_RE.match(text, pos)
    if m is None:
        return None
    el = start_element(m)
    tag = el.html()
    tag = tag if el.closed else tag[: -len(f"</{el.name}>")]
    return StartTag(el.name, tag, el.markdown, m.end())


def _escape(text: str, pattern: re.Pattern[str]) -> str:
    """kramdown's ``escape_html``: escape special characters, keep entity references."""
    if "&" not in text and "<" not in text and ">" not in text and '"' not in text:
        return text  # every match holds one of _ESCAPES; most attribute values have none
    return pattern.sub(lambda m: _ESCAPES.get(m[0], m[0]), text)


@dataclass
class Element:
    """A parsed HTML element: its name, attributes, and converted content parts."""

    name: str
    attrs: dict[str, str]
    closed: bool
    parts: list[str] = field(default_factory=list)
    markdown: str | None = None

    def start_tag(self) -> str:
        """The start tag as kramdown writes it (``html_attributes``: an empty id is dropped)."""
        attrs = "".join(
            f' {k}="{_escape(v, _ATTR_ESCAPE_RE)}"' for k, v in self.attrs.items() if not (k == "id" and not v.strip())
        )
        return f"<{self.name}{attrs}>"

    def html(self) -> str:
        """``convert_html_element`` for an element with raw content."""
        attrs = self.start_tag()[len(self.name) + 1 : -1]
        body = "".join(self.parts)
        if self.closed:
            return f"<{self.name}{attrs} />"
        if body:
            return f"<{self.name}{attrs}>{body}</{self.name}>"
        if self.name in WITHOUT_BODY:
            return f"<{self.name}{attrs} />"
        return f"<{self.name}{attrs}></{self.name}>"


def start_element(match: re.Match[str]) -> Element:
    """Build an element from an ``HTML_TAG_RE`` match (``handle_html_start_tag``)."""
    name = match[1]
    known = name.lower() in KNOWN_ELEMENTS
    if known:
        name = name.lower()
    attrs: dict[str, str] = {}
    for attr in _ATTR_RE.finditer(match[2]) if match[2] else ():
        key = attr[1].lower() if known else attr[1]
        value = attr[2] if attr[2] is not None else attr[3] if attr[3] is not None else attr[4]
        attrs[key] = value or ""
    markdown = attrs.pop("markdown", None)
    closed = match[4] is not None or name in WITHOUT_BODY
    return Element(name, attrs, closed, markdown=markdown)


class _RawParser:
    """A port of kramdown's ``parse_raw_html`` over one string."""

    def __init__(self, text: str, pos: int, span_renderer: Callable[[str], str] | None) -> None:
        self.text = text
        self.pos = pos
        self.complete = True
        # Renders span-level Markdown: for elements inside raw HTML with ``markdown="1"``.
        self.span_renderer = span_renderer

    def element(self, match: re.Match[str]) -> Element:
        """Parse the element whose start tag is ``match`` (ending at ``self.pos``); sets
        ``self.complete`` to whether its end tag was found."""
        el = start_element(match)
        self.complete = True
        if el.name in ("script", "style"):
            close = re.compile(rf"(?=</{re.escape(el.name)}\s*>)", re.IGNORECASE | re.DOTALL).search(self.text, self.pos)
            end = close.start() if close else len(self.text)
            el.parts.append(self.text[self.pos : end])  # raw: kept verbatim
            self.pos = end
            end_tag = _CLOSE_RE.match(self.text, self.pos)
            if end_tag:
                self.pos = end_tag.end()
            self.complete = end_tag is not None
            return el
        if not el.closed and self.span_renderer and content_model(el.name, el.markdown) == "span":
            # kramdown: the text up to the first end tag of that name, parsed as spans.
            close = re.compile(rf"</{re.escape(el.name)}\s*>", re.IGNORECASE).search(self.text, self.pos)
            end = close.start() if close else len(self.text)
            el.parts.append(self.span_renderer(self.text[self.pos : end]))
            self.pos = close.end() if close else end
            self.complete = close is not None
            return el
        if not el.closed:
            complete = self.content(el)
            self.complete = complete
        return el

    def content(self, el: Element) -> bool:
        """Parse raw content up to ``el``'s end tag; False if the text ends first."""
        text = self.text
        while self.pos < len(text):
            start = _RAW_START_RE.search(text, self.pos)
            if start is None:
                el.parts.append(_escape(text[self.pos :], _TEXT_ESCAPE_RE))
                self.pos = len(text)
                return False
            el.parts.append(_escape(text[self.pos : start.start()], _TEXT_ESCAPE_RE))
            self.pos = start.start()
            if (m := _COMMENT_RE.match(text, self.pos)) or (m := _PI_RE.match(text, self.pos)):
                el.parts.append(m[0])
                self.pos = m.end()
            elif m := _TAG_RE.match(text, self.pos):
                self.pos = m.end()
                el.parts.append(self.element(m).html())
            elif m := _CLOSE_RE.match(text, self.pos):
                self.pos = m.end()
                name = m[1].lower() if el.name in KNOWN_ELEMENTS else m[1]
                if name == el.name:
                    return True
                el.parts.append(_escape(m[0], _TEXT_ESCAPE_RE))
            else:
                el.parts.append(_escape(text[self.pos], _TEXT_ESCAPE_RE))
                self.pos += 1
        return False


def normalize_html_block(source: str, span_renderer: Callable[[str], str] | None = None) -> str | None:
    """Return an HTML block (elements or comments from its start) as kramdown writes it,
    without indentation and with a final newline; None if kramdown would not see only elements
    or comments there (the caller keeps the source)."""
    pos = len(source) - len(source.lstrip(" "))
    if pos > 3:
        return None
    if source.startswith("<!--", pos):
        m = _COMMENT_RE.match(source, pos)
        if m is None or pos:
            return None
        out, end = m[0], m.end()
    else:
        m = _TAG_RE.match(source, pos)
        if m is None or m[1].lower() in SPAN_ELEMENTS:
            return None
        parser = _RawParser(source, m.end(), span_renderer)
        out = parser.element(m).html()
        if not parser.complete:
            return None  # kramdown would take the rest of the document into the element
        end = parser.pos
    rest = source[end:].lstrip(" \t")
    if rest.strip(" \t\n"):
        # More after the element: kramdown parses it as further blocks. Another element (or
        # comment) on the same line is a block of its own, written on the next line
        # (`<p>a</p><div>b</div>`); anything else keeps the source.
        following = normalize_html_block(rest, span_renderer) if rest[0] == "<" else None
        return out + "\n" + following if following else None
    return out + "\n"


def with_ial_attrs(markup: str, attrs: Mapping[str, str | int | float]) -> str:
    """HTML starting with an element's start tag, with a block IAL's attributes merged into the
    tag as kramdown's ``update_attr_with_ial`` does (classes appended, other keys replaced)."""
    m = _TAG_RE.match(markup)
    if m is None:
        return markup  # a comment or text: nothing to put them on
    el = start_element(m)
    for key, value in attrs.items():
        el.attrs[key] = f"{el.attrs.get(key, '')} {value}".lstrip() if key == "class" else str(value)
    tag = el.start_tag()
    if m[4] or el.name in WITHOUT_BODY:
        tag = tag[:-1] + " />"
    return tag + markup[m.end() :]
