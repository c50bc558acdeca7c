"""Text-node filters as html-pipeline runs them (jekyll-mentions, jemoji), with its re-serialising.

html-pipeline parses the HTML with Nokogiri (libxml2's HTML 4 parser) and writes it back with
``to_html``, so a page it touches comes out in libxml2's spelling: lowercase tag names, void
elements without a slash, ``<x/>`` written ``<x></x>``, entities decoded, ``href``/``src``
percent-encoded, boolean attributes bare, and line breaks between block children. This module
re-creates that for the well-formed HTML a Markdown converter and layouts produce; badly nested
markup is repaired more simply than libxml2 does.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote

# libxml2's HTML 4 element table: elements it writes without an end tag.
_VOID = frozenset({
    "area", "base", "basefont", "br", "col", "frame", "hr", "img", "input", "isindex", "link",
    "meta", "param", "embed", "source", "track", "wbr",
})
# Elements libxml2 knows as inline (no line breaks around them when formatting).
_INLINE = frozenset({
    "a", "abbr", "acronym", "applet", "b", "basefont", "bdo", "big", "br", "button", "cite",
    "code", "del", "dfn", "em", "font", "i", "iframe", "img", "input", "ins", "kbd", "label",
    "map", "object", "q", "s", "samp", "script", "select", "small", "span", "strike", "strong",
    "sub", "sup", "textarea", "tt", "u", "var", "embed",
})
# Block elements of HTML 4 that libxml2 formats (an element it does not know is left alone).
_BLOCK = frozenset({
    "address", "area", "base", "blockquote", "body", "caption", "center", "col", "colgroup",
    "dd", "dir", "div", "dl", "dt", "fieldset", "form", "frame", "frameset", "h1", "h2", "h3",
    "h4", "h5", "h6", "head", "hr", "html", "isindex", "legend", "li", "link", "menu", "meta",
    "noframes", "noscript", "ol", "optgroup", "option", "p", "param", "pre", "style", "table",
    "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul",
})
_RAW_TEXT = frozenset({"script", "style"})
_BOOLEAN = frozenset({
    "checked", "compact", "declare", "defer", "disabled", "ismap", "multiple", "nohref",
    "noresize", "noshade", "nowrap", "readonly", "selected",
})
# Start tags that close an open <p> (libxml2's htmlAutoClose, the common part).
_CLOSES_P = frozenset({
    "address", "blockquote", "center", "dir", "div", "dl", "fieldset", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "menu", "ol", "p", "pre", "table", "ul", "li", "dd", "dt",
})
# Characters xmlURIEscapeStr leaves alone in href/src/action (besides letters and digits).
_URI_SAFE = "-_.!~*'()@/:=?;#%&,+<>"


@dataclass
class Node:
    """An element, text, comment or other markup kept verbatim."""

    kind: str                                   # "element", "text", "raw"
    name: str = ""
    attrs: list[tuple[str, str | None]] = field(default_factory=list)
    text: str = ""
    children: list[Node] = field(default_factory=list)
    parent: Node | None = None


class _TreeBuilder(HTMLParser):
    """Builds a forgiving tree from an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("element", "#fragment")
        self.stack = [self.root]

    def _append(self, node: Node) -> None:
        node.parent = self.stack[-1]
        self.stack[-1].children.append(node)

    def _open_names(self) -> list[str]:
        return [n.name for n in self.stack[1:]]

    def _close_to(self, name: str) -> None:
        while len(self.stack) > 1:
            node = self.stack.pop()
            if node.name == name:
                return

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        open_names = self._open_names()
        if tag in _CLOSES_P and open_names and open_names[-1] == "p":
            self._close_to("p")
        if tag == "li" and "li" in open_names[-1:]:
            self._close_to("li")
        if tag in ("dt", "dd") and open_names[-1:] and open_names[-1] in ("dt", "dd"):
            self.stack.pop()
        node = Node("element", tag, attrs)
        self._append(node)
        if tag not in _VOID and not closed:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open_names():
            self._close_to(tag)

    def handle_data(self, data: str) -> None:
        self._append(Node("text", text=data))

    def handle_comment(self, data: str) -> None:
        self._append(Node("raw", text=f"<!--{data}-->"))

    def handle_decl(self, decl: str) -> None:
        self._append(Node("raw", text=f"<!{decl}>"))

    def handle_pi(self, data: str) -> None:
        self._append(Node("raw", text=f"<?{data}>"))

    def unknown_decl(self, data: str) -> None:
        self._append(Node("raw", text=f"<![{data}]>"))


def parse_fragment(markup: str) -> Node:
    """The fragment's tree."""
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    return builder.root


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _quoted(value: str) -> str:
    """libxml2's xmlBufWriteQuotedString."""
    if '"' in value:
        if "'" in value:
            return '"' + value.replace('"', "&quot;") + '"'
        return "'" + value + "'"
    return '"' + value + '"'


def _attribute(element: str, name: str, value: str | None) -> str:
    if value is None or name in _BOOLEAN:
        return f" {name}"  # libxml2 writes boolean attributes bare, whatever their value
    escaped = _escape_text(value)
    if name in ("href", "action", "src") or (name == "name" and element == "a"):
        escaped = quote(escaped.lstrip(" \t\n\r"), safe=_URI_SAFE)
    return f" {name}={_quoted(escaped)}"


def _formatted(node: Node) -> bool:
    return node.name in _BLOCK and node.name not in _INLINE


def _serialize(node: Node, out: list[str]) -> None:
    if node.kind == "text":
        raw = node.parent is not None and node.parent.name in _RAW_TEXT
        out.append(node.text if raw else _escape_text(node.text))
        return
    if node.kind == "raw":
        out.append(node.text)
        return
    out.append("<" + node.name + "".join(_attribute(node.name, k, v) for k, v in node.attrs) + ">")
    if node.name in _VOID:
        return
    kids = node.children
    breaks = _formatted(node) and len(kids) > 1 and not node.name.startswith("p")
    if breaks and kids[0].kind != "text":
        out.append("\n")
    _serialize_children(node, out)
    if breaks and kids[-1].kind != "text":
        out.append("\n")
    out.append(f"</{node.name}>")


def _serialize_children(parent: Node, out: list[str]) -> None:
    kids = parent.children
    for index, child in enumerate(kids):
        _serialize(child, out)
        following = kids[index + 1] if index + 1 < len(kids) else None
        if (
            child.kind == "element" and _formatted(child) and following is not None
            and following.kind != "text" and parent.name != "#fragment"
            and not parent.name.startswith("p")
        ):
            out.append("\n")


def to_html(root: Node) -> str:
    """The fragment written back the way Nokogiri's ``to_html`` writes it."""
    out: list[str] = []
    _serialize_children(root, out)
    return "".join(out)


def _has_ancestor(node: Node, names: frozenset[str]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.name in names:
            return True
        parent = parent.parent
    return False


def _text_nodes(node: Node) -> list[Node]:
    found: list[Node] = []
    for child in node.children:
        if child.kind == "text":
            found.append(child)
        elif child.kind == "element":
            found.extend(_text_nodes(child))
    return found


def filter_text_nodes(
    markup: str, transform: Callable[[str], str], ignore: frozenset[str], needle: str,
    escaped: bool,
) -> str:
    """Run ``transform`` on each text node outside ``ignore`` elements and re-serialise.

    ``escaped`` says whether the filter sees the node's HTML (``to_html``, as the mention
    filter does) or its plain text (``text``, as the emoji filter does). Its result is HTML that
    replaces the node.
    """
    root = parse_fragment(markup)
    for node in _text_nodes(root):
        if node.parent is not None and node.parent.name in _RAW_TEXT:
            continue
        source = _escape_text(node.text) if escaped else node.text
        if needle not in source or _has_ancestor(node, ignore):
            continue
        result = transform(source)
        if result == source:
            continue
        replacement = parse_fragment(result)
        parent = node.parent
        assert parent is not None
        at = parent.children.index(node)
        for child in replacement.children:
            child.parent = parent
        parent.children[at:at + 1] = replacement.children
    return to_html(root)


_BODY_OPEN = re.compile(r"<body(.*?)>\s*", re.DOTALL)


def filter_document(
    output: str, matches: Callable[[str], bool], run: Callable[[str], str],
    test_whole: bool = False,
) -> str:
    """Apply a pipeline to a page as the plugins do: only inside ``<body>`` when there is one.

    jekyll-mentions tests the body for a match; jemoji tests the whole page (``test_whole``)
    and then re-serialises the body even when the match was elsewhere.
    """
    if test_whole and not matches(output):
        return output
    if "<body" in output:
        found = _BODY_OPEN.search(output)
        if found is None:
            return output
        head, opener, tail = output[: found.start()], found.group(0), output[found.end():]
        body, closing, rest = tail.partition("</body>")
        if not test_whole and not matches(body):
            return output
        return head + opener + run(body) + closing + rest
    if not matches(output):
        return output
    return run(output)


def unescape(text: str) -> str:
    """HTML entities decoded (what Nokogiri's parser does to text)."""
    return html.unescape(text)
