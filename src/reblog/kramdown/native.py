"""kramdown's ``html_to_native``: block HTML converted to the Markdown elements it stands for.

With ``html_to_native`` kramdown parses a block HTML element into a tree (``parse_raw_html``) and
its ``ElementConverter`` (``parser/html.rb``) turns the elements Markdown can express into native
ones: ``<p>``, ``<em>``/``<i>``, ``<strong>``/``<b>`` (without whitespace at their ends),
``<h1>``..``<h6>`` (with a header id), ``<code>``/``<pre>`` holding only text (code span, code
block), lists, simple tables (cells of phrasing content, one alignment per column), ``<a href>``,
``<img>``, ``<br>``, ``<hr>``, ``<blockquote>``; entities become characters, ``&ldquo;`` and
``&hellip;`` smart quotes and typographic symbols; text is whitespace-compressed.  Elements it
keeps as HTML have their text children removed or wrapped in paragraphs depending on the element.
The result is written as kramdown's HTML converter writes those elements (indentation, no blank
lines between them).

:func:`parse_native` builds the converted tree from the element's source, :func:`render_native`
writes it with the site's code renderers, header ids and entity options (:class:`NativeOutput`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from reblog.kramdown.entities import ENTITY_RE, entity_code, entity_html
from reblog.errors import ReblogError
from reblog.kramdown.html import (
    BLOCK_ELEMENTS,
    BLOCK_MODEL,
    KNOWN_ELEMENTS,
    SPAN_ELEMENTS,
    SPAN_MODEL,
    WITHOUT_BODY,
    close_tag_re,
    comment_re,
    escape_text,
    pi_re,
    raw_start_re,
    start_element,
    tag_re,
)

_REMOVE_TEXT_CHILDREN = frozenset("html head hgroup ol ul dl table colgroup tbody thead tfoot tr select optgroup".split())
_WRAP_TEXT_CHILDREN = frozenset(
    "body section nav article aside header footer address div li dd blockquote figure figcaption fieldset form".split()
)
_REMOVE_WHITESPACE_CHILDREN = frozenset(
    "body section nav article aside header footer address div li dd blockquote figure figcaption td th "
    "fieldset form".split()
)
_STRIP_WHITESPACE = frozenset(
    "address article aside blockquote body caption dd div dl dt fieldset figcaption form footer header "
    "h1 h2 h3 h4 h5 h6 legend li nav p section td th".split()
)
_SIMPLE_ELEMENTS = frozenset("em strong blockquote hr br img p thead tbody tfoot tr td th ul ol dl li dt dd".split())
_EMPHASIS = {"em": "em", "i": "em", "strong": "strong", "b": "strong"}
_QUOTE_NAMES = frozenset({"lsquo", "rsquo", "ldquo", "rdquo"})
_SYMBOL_NAMES = frozenset({"mdash", "ndash", "hellip", "laquo", "raquo"})
# Native element types that are block-level (kramdown's Element::CATEGORY): any other native type,
# thead, tbody, tfoot, tr and th included, is not, so a stray one is wrapped in a paragraph.
_BLOCK_TYPES = frozenset("p header blockquote codeblock ul ol li dl dt dd table td hr".split())
# A native element kramdown's HTML converter stops on (NoMethodError): Jekyll's build fails there.
UNCONVERTIBLE = "unconvertible"


@dataclass
class Node:
    """An element of kramdown's tree: ``html`` (an HTML element), ``text``, ``xml_comment``,
    ``xml_pi``, or a native type (``p``, ``em``, ``header``, ``codeblock``, ``entity``..)."""

    type: str
    value: str = ""
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)
    category: str = "block"
    content_model: str = "raw"
    closed: bool = False
    transparent: bool = False
    level: int = 0
    raw_text: str = ""
    alignment: list[str] = field(default_factory=list)
    code: int = 0
    # An ``inline`` node: a paragraph's parsed Markdown joined to a converted <p>.
    token: Any = None

    def is_block(self) -> bool:
        """kramdown's ``Element#block?``."""
        if self.type in ("html", "xml_comment", "xml_pi"):
            return self.category == "block"
        return self.type in _BLOCK_TYPES


class _Unsupported(Exception):
    """HTML this module does not convert (``markdown`` attributes inside): left as it is."""


# -- parsing (parse_raw_html) ------------------------------------------------------------------


def _add_text(parent: Node, text: str) -> None:
    if not text:
        return
    if parent.children and parent.children[-1].type == "text":
        parent.children[-1].value += text
    else:
        parent.children.append(Node("text", text))


def _add_raw(parent: Node, text: str) -> None:
    """Script and style content: raw, written as it is (never converted)."""
    if text:
        parent.children.append(Node("raw", text))


def _parse_raw(text: str, pos: int, end: int, top: Node) -> int:
    """Read raw HTML into ``top`` up to its end tag; return the position after it."""
    stack = [top]
    while stack:
        el = stack[-1]
        start = raw_start_re.search(text, pos, end)
        if start is None:
            _add_text(el, text[pos:end])
            return end
        _add_text(el, text[pos : start.start()])
        pos = start.start()
        if m := comment_re.match(text, pos, end):
            el.children.append(Node("xml_comment", m[0]))
        elif m := pi_re.match(text, pos, end):
            el.children.append(Node("xml_pi", m[0]))
        elif m := tag_re.match(text, pos, end):
            child = _element(m)
            el.children.append(child)
            pos = m.end()
            if child.value in ("script", "style"):
                close = re.compile(rf"</{child.value}\s*>", re.IGNORECASE).search(text, pos, end)
                _add_raw(child, text[pos : close.start() if close else end])
                pos = close.end() if close else end
                continue
            if not child.closed:
                stack.append(child)
            continue
        elif m := close_tag_re.match(text, pos, end):
            name = m[1].lower() if el.value in KNOWN_ELEMENTS else m[1]
            if name == el.value:
                stack.pop()
            else:
                _add_text(el, m[0])
        else:
            _add_text(el, text[pos])
            pos += 1
            continue
        pos = m.end()
    return pos


def _element(match: re.Match[str]) -> Node:
    el = start_element(match)
    if el.markdown is not None:
        raise _Unsupported(el.name)
    return Node("html", el.name, el.attrs, closed=el.closed)


# -- conversion (ElementConverter) -------------------------------------------------------------


def _process_text(raw: str, preserve: bool) -> list[Node]:
    """Whitespace compressed (unless ``preserve``), entities as entity, quote and symbol nodes."""
    if not preserve:
        raw = re.sub(r"\s+", " ", raw)
    out: list[Node] = []
    pos = 0
    while True:
        m = ENTITY_RE.search(raw, pos)
        if m is None:
            if pos < len(raw):
                out.append(Node("text", raw[pos:]))
            return out
        out.append(Node("text", raw[pos : m.start()]))
        name = m[1]
        if name in _QUOTE_NAMES:
            out.append(Node("smart_quote", name))
        elif name in _SYMBOL_NAMES:
            out.append(Node("typographic_sym", name))
        else:
            code = entity_code(name) if name else int(m[2]) if m[2] else int(m[3], 16)
            if code is None:
                # kramdown: an unknown entity is an escaped "&" and the rest is read again.
                out.append(Node("entity", "", code=38))
                pos = m.start() + 1
                continue
            out.append(Node("entity", m[0], code=code))
        pos = m.end()


def _process(el: Node, convert: bool = True, preserve: bool = False, parent: Node | None = None) -> None:
    if el.type in ("xml_comment", "xml_pi"):
        ptype = "div" if parent is None else parent.value if parent.type == "html" else parent.type
        ptype = {"codespan": "code", "codeblock": "pre", "header": "h1"}.get(ptype, ptype)
        el.category = "span" if ptype in SPAN_MODEL else "block"
        return
    if el.type != "html":
        return
    name = el.value
    if convert and name in _CONVERTERS:
        _CONVERTERS[name](el)
        return
    if convert and name in _REMOVE_TEXT_CHILDREN:
        el.children = [c for c in el.children if c.type != "text"]
    if convert and name in _SIMPLE_ELEMENTS:
        _set_basics(el, name)
        _process_children(el, convert, preserve)
    else:
        _process_html_element(el, convert, preserve)
    if convert:
        if name in _STRIP_WHITESPACE:
            _strip_whitespace(el)
        if name in _REMOVE_WHITESPACE_CHILDREN:
            _remove_whitespace_children(el)
        if name in _WRAP_TEXT_CHILDREN:
            _wrap_text_children(el)


def _process_children(el: Node, convert: bool = True, preserve: bool = False) -> None:
    children: list[Node] = []
    for child in el.children:
        if child.type == "text":
            children.extend(_process_text(child.value, preserve or not convert))
        else:
            _process(child, convert, preserve, el)
            children.append(child)
    el.children = children


def _process_html_element(el: Node, convert: bool = True, preserve: bool = False) -> None:
    # kramdown replaces the element's options here: it is no longer marked as closed.
    el.closed = False
    el.category = "span" if el.value in SPAN_ELEMENTS else "block"
    el.content_model = ("block" if el.value in BLOCK_MODEL else "span" if el.value in SPAN_MODEL else "raw") if convert else "raw"
    _process_children(el, convert, preserve)


def _set_basics(el: Node, kind: str) -> None:
    el.type, el.value = kind, ""


def _strip_whitespace(el: Node) -> None:
    if el.children and el.children[0].type == "text":
        el.children[0].value = el.children[0].value.lstrip()
    if el.children and el.children[-1].type == "text":
        el.children[-1].value = el.children[-1].value.rstrip()


def _remove_whitespace_children(el: Node) -> None:
    kids = el.children
    last = len(kids) - 1
    el.children = [
        c
        for i, c in enumerate(kids)
        if not (
            c.type == "text"
            and not c.value.strip()
            and (i == 0 or i == last or (kids[i - 1].is_block() and kids[i + 1].is_block()))
        )
    ]


def _wrap_text_children(el: Node) -> None:
    out: list[Node] = []
    last_is_p = False
    for child in el.children:
        if not child.is_block() or child.type == "text":
            if not last_is_p:
                out.append(Node("p", transparent=True))
                last_is_p = True
            out[-1].children.append(child)
        else:
            out.append(child)
            last_is_p = False
    el.children = out


def _extract_text(el: Node) -> str:
    parts: list[str] = []

    def walk(node: Node) -> None:
        if node.type == "text":
            parts.append(node.value)
        for child in node.children:
            walk(child)

    walk(el)
    return "".join(parts)


def _convert_textarea(el: Node) -> None:
    _process_html_element(el, True, True)


def _convert_a(el: Node) -> None:
    if "href" in el.attrs:
        _set_basics(el, "a")
        _process_children(el)
    else:
        _process_html_element(el, False)


def _convert_em(el: Node) -> None:
    text = _extract_text(el)
    if text[:1].isspace() or text[-1:].isspace():
        _process_html_element(el, False)
    else:
        kind = _EMPHASIS[el.value]
        _set_basics(el, kind)
        _process_children(el)


def _convert_header(el: Node) -> None:
    level = int(el.value[1])
    _set_basics(el, "header")
    el.level = level
    el.raw_text = _extract_text(el)
    _process_children(el)


def code_text(text: str) -> str | None:
    """The text of a code element with its entities as characters, or None (kramdown keeps it
    as HTML when an entity cannot be one character)."""
    out: list[str] = []
    for node in _process_text(text, True):
        if node.type == "text":
            out.append(node.value)
        elif node.type == "entity":
            out.append(chr(node.code))
        else:
            code = entity_code(node.value)
            if code is None:
                return None
            out.append(chr(code))
    return "".join(out)


def _convert_code(el: Node) -> None:
    text = code_text(_extract_text(el))
    if text is None:
        _process_html_element(el, False, True)
        return
    name = el.value
    if name == "code":
        _set_basics(el, "codespan")
        if "class" in el.attrs:
            el.attrs["class"] = re.sub(r"\s+\bhighlighter-\w+\b|\bhighlighter-\w+\b\s*", "", el.attrs["class"])
    else:
        first = el.children[0] if len(el.children) == 1 else None
        _set_basics(el, "codeblock")
        if first is not None and first.value == "code":
            found = re.search(r"\blanguage-\S+", first.attrs.get("class", ""))
            if found:
                el.attrs["class"] = f"{found[0]} {el.attrs.get('class', '')}".rstrip()
    el.value = text
    el.children = []


def _only_phrasing(node: Node) -> bool:
    return all((c.type == "text" or c.value not in BLOCK_ELEMENTS) and _only_phrasing(c) for c in node.children)


def _cells(row: Node) -> list[Node]:
    return [c for c in row.children if c.value in ("th", "td")]


def _rows(node: Node) -> Iterator[Node]:
    """The ``tr`` elements of a table, at any depth (kramdown's checks recurse like this)."""
    for child in node.children:
        if child.value == "tr":
            yield child
        else:
            yield from _rows(child)


def _cell_nodes(node: Node) -> Iterator[Node]:
    for child in node.children:
        if child.value in ("th", "td"):
            yield child
        else:
            yield from _cell_nodes(child)


def _is_simple_table(el: Node) -> bool:
    if not all(_only_phrasing(cell) for cell in _cell_nodes(el)):
        return False
    counts = {len(_cells(row)) for row in _rows(el)}
    if len(counts) > 1:
        return False
    alignment: list[str] | None = None
    for row in _rows(el):
        current = []
        for cell in _cells(row):
            md = re.search(r"text-align:\s+(center|left|right|justify|inherit)", cell.attrs.get("style", ""))
            if md and md[1] in ("justify", "inherit"):
                return False
            current.append(md[1] if md else "default")
        if alignment is None:
            alignment = current
        if alignment != current:
            return False

    def rows_of(node: Node, kind: str) -> bool:
        return all(
            (r.value == "tr" or r.type == "text") and all(c.value == kind or c.type == "text" for c in r.children)
            for r in node.children
        )

    if rows_of(el, "td"):
        return True
    return all(
        t.type == "text"
        or (t.value == "thead" and rows_of(t, "th"))
        or (t.value in ("tfoot", "tbody") and rows_of(t, "td"))
        for t in el.children
    ) and any(t.value == "tbody" for t in el.children)


def _convert_table(el: Node) -> None:
    if not _is_simple_table(el):
        _process_html_element(el, False)
        return
    el.children = [c for c in el.children if c.type != "text"]
    if not el.children:
        # kramdown takes a table with neither rows nor sections as simple, then reads its first child.
        el.type, el.value = UNCONVERTIBLE, "kramdown's html_to_native cannot convert a <table> without rows"
        return
    _process_children(el)
    _set_basics(el, "table")

    def alignment(node: Node) -> None:
        if node.type == "tr":
            result = []
            for td in node.children:
                style = td.attrs.get("style")
                if style is None:
                    result.append("default")
                    continue
                found = re.search(r"(?:;\s*)?text-align:\s+(center|left|right)", style)
                if found:
                    td.attrs["style"] = style[: found.start()] + style[found.end() :]
                    if not td.attrs["style"].strip():
                        del td.attrs["style"]
                result.append(found[1] if found else "default")
            el.alignment = result
        else:
            for child in node.children:
                alignment(child)

    alignment(el)
    el.children = [c for c in el.children if c.type != "html"]

    def th_to_td(node: Node) -> None:
        if node.type == "th":
            node.type = "td"
        else:
            for child in node.children:
                th_to_td(child)

    th_to_td(el)
    if el.children and el.children[0].type == "tr":
        el.children = [Node("tbody", children=el.children)]


def _convert_script(el: Node) -> None:
    # MathJax's script tags (math/tex) are not converted here: they stay HTML.
    _process_html_element(el)


_CONVERTERS: Mapping[str, Callable[[Node], None]] = {
    "textarea": _convert_textarea,
    "a": _convert_a,
    "em": _convert_em,
    "i": _convert_em,
    "strong": _convert_em,
    "b": _convert_em,
    **{f"h{n}": _convert_header for n in range(1, 7)},
    "code": _convert_code,
    "pre": _convert_code,
    "table": _convert_table,
    "script": _convert_script,
}


def parse_native(text: str, pos: int, end: int) -> tuple[Node, int] | None:
    """Parse the block HTML element starting at ``pos`` and convert it; return it with the
    position after it (None for HTML this module leaves alone)."""
    m = tag_re.match(text, pos, end)
    if m is None:
        return None
    try:
        top = _element(m)
        after = m.end()
        if top.value in ("script", "style"):
            close = re.compile(rf"</{top.value}\s*>", re.IGNORECASE).search(text, after, end)
            _add_raw(top, text[after : close.start() if close else end])
            after = close.end() if close else end
        elif not top.closed:
            after = _parse_raw(text, after, end, top)
    except _Unsupported:
        return None
    root = Node("root", children=[top])
    _process(top, True, False, None)
    _remove_whitespace_children(root)
    return root, after


# -- output (kramdown's HTML converter) --------------------------------------------------------


@dataclass(frozen=True)
class NativeOutput:
    """What writing native elements needs from the document's renderer."""

    entity_output: str
    # Smart quote name (lsquo..) -> the entity name or code kramdown's smart_quotes option gives.
    quote: Callable[[str], str]
    # Typographic symbol name -> the replacement text set by typographic_symbols, if any.
    symbol: Callable[[str], str | None]
    # Code (text, attributes, indentation) -> the code block as the document writes it.
    codeblock: Callable[[str, dict[str, str], str], str]
    # Code (text, attributes) -> the code span as the document writes it.
    codespan: Callable[[str, dict[str, str]], str]
    # A markdown-it inline token (a paragraph joined to a converted <p>) -> its HTML.
    inline: Callable[[Any], str]


def _attrs(attrs: Mapping[str, str]) -> str:
    return "".join(
        f' {k}="{escape_text(v).replace(chr(34), "&quot;")}"' for k, v in attrs.items() if not (k == "id" and not v.strip())
    )


_SYMBOLS: Mapping[str, tuple[int, ...]] = {
    "mdash": (8212,),
    "ndash": (8211,),
    "hellip": (8230,),
    "laquo_space": (171, 160),
    "raquo_space": (160, 187),
    "laquo": (171,),
    "raquo": (187,),
}


_STRAY_CELL = (
    "kramdown's html_to_native cannot convert a <{}> outside the rows of a table it converts "
    "(Jekyll stops with a conversion error)"
)


class _Writer:
    def __init__(self, out: NativeOutput) -> None:
        self.out = out
        self.stack: list[Node] = []

    def inner(self, el: Node, indent: int) -> str:
        self.stack.append(el)
        result = "".join(self.convert(child, indent + 2) for child in el.children)
        self.stack.pop()
        return result

    def in_raw(self) -> bool:
        last = self.stack[-1] if self.stack else None
        return last is not None and last.type == "html" and last.content_model == "raw"

    def convert(self, el: Node, indent: int) -> str:
        pad = " " * indent
        kind = el.type
        if kind == "text":
            return escape_text(el.value)
        if kind == "entity":
            return entity_html(el.code, self.out.entity_output, el.value or None)
        if kind == "smart_quote":
            name = self.out.quote(el.value)
            code = entity_code(int(name) if name.isdigit() else name)
            return entity_html(code, self.out.entity_output) if code is not None else name
        if kind == "typographic_sym":
            custom = self.out.symbol(el.value)
            if custom is not None:
                return escape_text(custom)
            return "".join(entity_html(c, self.out.entity_output) for c in _SYMBOLS[el.value])
        if kind in ("xml_comment", "xml_pi"):
            if el.category == "block" and not self.in_raw():
                return f"{pad}{el.value}\n"
            return el.value
        if kind == "p":
            if el.transparent:
                return self.inner(el, indent)
            return f"{pad}<p{_attrs(el.attrs)}>{self.inner(el, indent)}</p>\n"
        if kind in ("em", "strong", "a"):
            return f"<{kind}{_attrs(el.attrs)}>{self.inner(el, indent)}</{kind}>"
        if kind == "br":
            return "<br />"
        if kind == "img":
            return f"<img{_attrs(el.attrs)} />"
        if kind == "hr":
            return f"{pad}<hr{_attrs(el.attrs)} />\n"
        if kind == "raw":
            return el.value
        if kind == "inline":
            return escape_text(el.value) + self.out.inline(el.token)
        if kind == "codespan":
            return self.out.codespan(el.value, dict(el.attrs))
        if kind == "codeblock":
            return self.out.codeblock(el.value, dict(el.attrs), pad)
        if kind == "header":
            return f"{pad}<h{el.level}{_attrs(el.attrs)}>{self.inner(el, indent)}</h{el.level}>\n"
        if kind in ("ul", "ol", "dl", "blockquote", "table", "thead", "tbody", "tfoot", "tr"):
            return f"{pad}<{kind}{_attrs(el.attrs)}>\n{self.inner(el, indent)}{pad}</{kind}>\n"
        if kind in ("li", "dd"):
            res = self.inner(el, indent)
            first = el.children[0] if el.children else None
            if first is None or (first.type == "p" and first.transparent):
                return f"{pad}<{kind}{_attrs(el.attrs)}>{res}{pad if res.endswith(chr(10)) else ''}</{kind}>\n"
            return f"{pad}<{kind}{_attrs(el.attrs)}>\n{res}{pad}</{kind}>\n"
        if kind == "dt":
            return f"{pad}<dt{_attrs(el.attrs)}>{self.inner(el, indent)}</dt>\n"
        if kind == UNCONVERTIBLE:
            raise ReblogError(f"{el.value} (Jekyll stops with a conversion error)")
        if kind == "th":
            # kramdown's HTML converter has no writer for a header cell left outside a simple table.
            raise ReblogError(_STRAY_CELL.format("th"))
        if kind == "td":
            # kramdown reads the cell's alignment from its third ancestor: only a simple table's
            # rows (in their tbody, thead or tfoot) have one; anywhere else it stops.
            if len(self.stack) < 3 or self.stack[-3].type != "table":
                raise ReblogError(_STRAY_CELL.format("td"))
            res = self.inner(el, indent)
            cell = "th" if self.stack[-2].type == "thead" else "td"
            attrs = el.attrs
            table, row = self.stack[-3], self.stack[-1]
            # The cell's own position (identity: cells with the same content compare equal).
            idx = next(i for i, child in enumerate(row.children) if child is el)
            align = table.alignment[idx] if idx < len(table.alignment) else "default"
            if align != "default":
                attrs = {**attrs, "style": (f"{attrs['style']}; " if "style" in attrs else "") + f"text-align: {align}"}
            return f"{pad}<{cell}{_attrs(attrs)}>{res or entity_html(160, self.out.entity_output)}</{cell}>\n"
        return self.html(el, indent)

    def html(self, el: Node, indent: int) -> str:
        res = self.inner(el, indent)
        name = el.value
        if el.category == "span":
            if not res and name in WITHOUT_BODY:
                return f"<{name}{_attrs(el.attrs)} />"
            return f"<{name}{_attrs(el.attrs)}>{res}</{name}>"
        outer = not self.in_raw()
        out = [" " * indent if outer else "", f"<{name}{_attrs(el.attrs)}"]
        if el.closed and el.content_model == "raw":
            out.append(" />")
        elif res and el.content_model != "block":
            out.append(f">{res}</{name}>")
        elif res:
            out.append(f">\n{res.removesuffix(chr(10))}\n{' ' * indent}</{name}>")
        elif name in WITHOUT_BODY:
            out.append(" />")
        else:
            out.append(f"></{name}>")
        if outer:
            out.append("\n")
        return "".join(out)


def render_native(root: Node, indent: int, out: NativeOutput) -> str:
    """Write the converted tree as kramdown's HTML converter does, at ``indent`` spaces."""
    writer = _Writer(out)
    return "".join(writer.convert(child, indent) for child in root.children)


def header_id_text(header: Node, kramdown_input: bool, auto_id_stripping: bool) -> str:
    """The text kramdown makes a converted header's id from.

    kramdown-parser-gfm always strips (it sets ``auto_id_stripping``): the converted header's
    text, code spans, entities, quotes and symbols as characters (so whitespace compressed, a
    code block left out); the kramdown parser strips to its texts only when asked, and otherwise
    keeps the element's source text (``extract_text`` before conversion)."""
    if kramdown_input:
        return _extract_text(header) if auto_id_stripping else header.raw_text
    parts: list[str] = []

    def walk(node: Node) -> None:
        kind = node.type
        if kind in ("text", "codespan"):
            parts.append(node.value)
        elif kind == "entity":
            parts.append(chr(node.code))
        elif kind == "smart_quote":
            parts.append(chr(entity_code(node.value) or 0))
        elif kind == "typographic_sym":
            parts.append("".join(chr(c) for c in _SYMBOLS[node.value]))
        else:
            for child in node.children:
                walk(child)

    for child in header.children:
        walk(child)
    return "".join(parts)


def native_headers(root: Node, in_html: bool = False) -> Iterator[tuple[Node, bool]]:
    """The native headers of a tree in document order, each with whether it is inside an
    element kept as HTML (kramdown-parser-gfm gives ids only to the others)."""
    for child in root.children:
        if child.type == "header":
            yield child, in_html
        yield from native_headers(child, in_html or child.type == "html")


# Token type (and its meta key) of block HTML converted by html_to_native; meta key of the line
# it ends on and the whitespace after it there; env key of the document's NativeOutput.
NATIVE = "kramdown_native"
NATIVE_END = "kramdown_native_end"
# env key: set once a block was converted (the paragraph-joining pass runs only then).
NATIVE_SEEN_KEY = "kramdown_native_seen"
NATIVE_OUTPUT_KEY = "kramdown_native_output"


def join_paragraphs(tokens: list[Any]) -> list[Any]:
    """kramdown's paragraph parser adds a paragraph to the paragraph right before it: a converted
    ``<p>`` followed on its line or the next one by text takes that text (its Markdown parsed,
    the whitespace after the end tag kept)."""
    out: list[Any] = []
    idx = 0
    while idx < len(tokens):
        tok = tokens[idx]
        out.append(tok)
        idx += 1
        if tok.type != NATIVE or idx + 2 >= len(tokens) or tokens[idx].type != "paragraph_open":
            continue
        root: Node = tok.meta[NATIVE]
        last = root.children[-1] if root.children else None
        line, spaces = tok.meta[NATIVE_END]
        para_map = tokens[idx].map
        if last is None or last.type != "p" or last.transparent or not para_map or para_map[0] not in (line, line + 1):
            continue
        prefix = spaces if para_map[0] == line else ""
        last.children.append(Node("inline", prefix, token=tokens[idx + 1]))
        idx += 3  # the paragraph's open, inline and close tokens
    return out
