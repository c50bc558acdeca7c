"""kramdown's block layout: the whitespace its HTML converter puts between and inside blocks.

kramdown's HTML converter (``converter/html.rb``) does not just join block elements with
newlines.  It:

* writes every *run of blank source lines* as one extra ``"\\n"`` (the parser keeps them as
  ``:blank`` elements; a link, footnote or abbreviation definition, an IAL or an end-of-block
  marker between two blank lines vanishes and the blanks merge), so ``a\\n\\nb`` gives
  ``<p>a</p>\\n\\n<p>b</p>`` but a header followed directly by a paragraph gives no blank line;
* indents nested blocks by two spaces per level (``<ul>\\n  <li>...``, tables down to the
  cells, blockquotes, definition lists, the footnotes ``<div>``);
* writes a list item whose first paragraph is *transparent* (a tight item) inline:
  ``<li>text</li>``, or ``<li>text\\n    <ul>...</ul>\\n  </li>`` when more blocks follow;
* drops the blank lines that end a list item (the last item's move after the list).

:class:`KramdownLayoutRenderer` reproduces this from markdown-it's token stream: it builds the
block tree from the tokens' nesting, finds blank source lines through the tokens' line maps,
and renders every block with its indentation.  Inline content and leaf blocks (code, HTML) are
still rendered by the ordinary markdown-it render rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from reblog.errors import ReblogError
from reblog.kramdown.html import with_ial_attrs
from reblog.kramdown.native import NATIVE, NATIVE_OUTPUT_KEY, render_native

# env key holding the source lines (the text split at its newlines), whose blank lines the
# layout looks up between blocks (see :func:`blank_line_flag`).
BLANK_LINES_KEY = "kramdown_blank_lines"
# Token meta flag: kramdown always puts a blank-line element after this block.
BLANK_AFTER = "kramdown_blank_after"
# Token meta flag: a multi-line leaf block whose every line is indented (a standalone image's
# ``<figure>``, kramdown's format_as_indented_block_html).
PAD_EVERY_LINE = "kramdown_pad_every_line"

# Token meta flag: a table of contents, which kramdown writes unindented at any depth (its
# converter writes a placeholder there and replaces it by the TOC converted at indent 0).
TOC_BLOCK = "kramdown_toc_block"

_INDENT = 2
# Blocks written as ``<tag>\n`` + children indented + ``</tag>\n`` (format_as_indented_block_html).
_INDENTED_CONTAINERS = frozenset(
    {
        "bullet_list_open",
        "ordered_list_open",
        "blockquote_open",
        "dl_open",
        "table_open",
        "thead_open",
        "tbody_open",
        "tfoot_open",
        "tr_open",
    }
)
# Blocks written as ``<tag>content</tag>\n`` on one line (format_as_block_html).
_LINE_BLOCKS = frozenset(
    {"paragraph_open", "heading_open", "dt_open", "th_open", "td_open", "kramdown_html_span_open"}
)
# HTML elements and raw HTML from kramdown's block HTML parser (reblog.kramdown.htmlblock).
_HTML_LEAF = "kramdown_html_leaf"
_HTML_KINDS = frozenset({_HTML_LEAF, "kramdown_html_open", "kramdown_raw_open"})
# Items (convert_li): inline when their first paragraph is transparent.
_ITEMS = frozenset({"list_item_open", "dd_open", "footnote_open"})
# Containers whose children keep the blank lines between them.
_BLANK_KEEPING = frozenset({"blockquote_open", "list_item_open", "dd_open", "footnote_open", "kramdown_html_open"})


class _Node:
    """A block: its opening (or only) token, child blocks, and closing token."""

    # (a plain class: one is made per block token, and a dataclass's default factory costs)
    __slots__ = ("tok", "children", "close")

    def __init__(self, tok: Token, children: Sequence[_Node]) -> None:
        self.tok = tok
        self.children = children
        self.close: Token | None = None


# The children of a leaf block (most blocks: the inline token of a paragraph, header or cell,
# code, HTML): one empty tuple for all of them, not an empty list each.
_LEAF: tuple[_Node, ...] = ()


def _build_tree(tokens: Sequence[Token]) -> list[_Node]:
    """Turn the flat token stream into a block tree using the tokens' nesting."""
    top: list[_Node] = []
    opened: list[_Node] = []  # the blocks open at the current token, innermost last
    siblings = [top]  # the children list of each of them (the document's first)
    for tok in tokens:
        if tok.nesting == 1:
            children: list[_Node] = []
            node = _Node(tok, children)
            siblings[-1].append(node)
            opened.append(node)
            siblings.append(children)
        elif tok.nesting == -1:
            if opened:
                opened.pop().close = tok
                siblings.pop()
        else:
            siblings[-1].append(_Node(tok, _LEAF))
    return top


def blank_line_flag(line: str) -> int:
    """-1 if a source line is not blank, else its number of ``>`` markers.  A line holding
    only ``>`` markers is blank inside as many blockquotes, and content of the quote outside
    them (a quote's last ``>`` line is no blank line after the quote)."""
    return -1 if line.strip(" \t>") else line.count(">")


class KramdownLayoutRenderer(RendererHTML):
    """markdown-it renderer writing blocks with kramdown's whitespace (see module docstring)."""

    def render(self, tokens: Sequence[Token], options: OptionsDict, env: EnvType) -> str:
        """Render a whole document."""
        lines: list[str] = env.get(BLANK_LINES_KEY) or []
        # Source lines end with "\n": the text after the last one is not a line.
        last_line = len(lines) - 1
        nodes = _build_tree(tokens)
        # The footnotes go at the end, unless placed in the text ({:footnotes}: they have a map).
        notes = [n for n in nodes if n.tok.type == "footnote_block_open" and not n.tok.map]
        content = [n for n in nodes if n.tok.type != "footnote_block_open" or n.tok.map]
        ctx = _Context(self, options, env, lines)
        out = [ctx.children(content, 0, (0, last_line))]
        for note in notes:
            out.append(ctx.footnotes(note))
        return "".join(out)

    def renderInline(self, tokens: Sequence[Token], options: OptionsDict, env: EnvType) -> str:
        """markdown-it's ``renderInline``, looking each token's rule up once, and without a
        list to join for one token (the whole text of most paragraphs, headers and cells)."""
        rules = self.rules
        if len(tokens) == 1:
            rule = rules.get(tokens[0].type)
            return str(rule(tokens, 0, options, env)) if rule is not None else self.renderToken(tokens, 0, options, env)
        out: list[str] = []
        for idx, token in enumerate(tokens):
            rule = rules.get(token.type)
            if rule is not None:
                out.append(rule(tokens, idx, options, env))
            elif token.nesting and not (token.attrs or token.block or token.hidden):
                # renderToken's result for a plain inline tag (emphasis, a link's end): no
                # attributes, no newline logic (that is for block tokens).
                out.append(f"</{token.tag}>" if token.nesting < 0 else f"<{token.tag}>")
            else:
                out.append(self.renderToken(tokens, idx, options, env))
        return "".join(out)


class _Context:
    """Rendering state for one document."""

    def __init__(self, renderer: RendererHTML, options: OptionsDict, env: EnvType, lines: list[str]) -> None:
        self.renderer = renderer
        self.options = options
        self.env = env
        self.lines = lines
        self.quotes = 0  # blockquotes around the blocks being rendered

    # -- blank lines --------------------------------------------------------------------

    def _any_blank(self, start: int, end: int) -> bool:
        """True if a source line in [start, end) is blank (at the current quote depth)."""
        # (looked up here, for the few lines between blocks, not for every line of the page)
        lines = self.lines[max(start, 0) : max(end, 0)]
        depth = self.quotes
        if not depth:
            return "" in map(str.strip, lines, repeat(" \t"))  # (blank_line_flag 0: no ">")
        return any(0 <= blank_line_flag(line) <= depth for line in lines)

    def _blank_between(self, prev: _Node, node: _Node) -> bool:
        """kramdown keeps a ``:blank`` element between two sibling blocks separated by blank
        source lines (a list's trailing blank lines may be inside its own line range)."""
        before, after = prev.tok, node.tok
        if before.meta and before.meta.get(BLANK_AFTER):  # (_blank_after inlined: asked between any two blocks)
            return True
        if not before.map or not after.map:
            return False
        return self._any_blank(before.map[1] - 1, after.map[0])

    # -- containers ---------------------------------------------------------------------

    def children(self, nodes: Sequence[_Node], indent: int, bounds: tuple[int, int] | None, keep_blanks: bool = True) -> str:
        """Render sibling blocks, with kramdown's blank-line elements between them.

        ``bounds`` is the container's line range for blank lines before the first and after the
        last child (None where kramdown drops them, as in list items).
        """
        out: list[str] = []
        if bounds is not None and nodes and nodes[0].tok.map and self._any_blank(bounds[0], nodes[0].tok.map[0]):
            out.append("\n")
        elif bounds is not None and not nodes and self._any_blank(bounds[0], bounds[1]):
            out.append("\n")  # only blank lines (``>`` alone): one blank-line element
        last_idx = len(nodes) - 1
        for idx, node in enumerate(nodes):
            if idx and keep_blanks and self._blank_between(nodes[idx - 1], node):
                out.append("\n")
            text = self.block(node, indent)
            if node.tok.hidden and idx < last_idx and node.tok.type == "paragraph_open":
                text += "\n"  # kramdown appends a newline to a transparent paragraph's text
            out.append(text)
        if bounds is not None and nodes:
            last = nodes[-1].tok.map
            if _blank_after(nodes[-1]) or (last and self._any_blank(last[1] - 1, bounds[1])):
                out.append("\n")
        return "".join(out)

    def block(self, node: _Node, indent: int) -> str:
        """Render one block at ``indent`` spaces."""
        tok = node.tok
        pad = " " * indent
        kind = tok.type
        if kind == "footnote_block_open":
            return self.footnotes(node)
        if kind == NATIVE:
            try:
                return render_native(tok.meta[NATIVE], indent, self.env[NATIVE_OUTPUT_KEY])
            except ReblogError as err:
                # A converted element kramdown cannot write: name the line its HTML block starts on.
                if err.line is None and tok.map:
                    err.line = tok.map[0] + 1
                raise
        if kind in _LINE_BLOCKS:
            body = self.inline_content(node)
            if tok.hidden:
                return body
            if kind in ("th_open", "td_open") and not body:
                body = "\u00a0"
            return f"{pad}{self.open_tag(tok)}{body}</{tok.tag}>\n"
        if kind in _INDENTED_CONTAINERS:
            keep = kind in _BLANK_KEEPING
            bounds = self._bounds(node) if keep else None
            quote = kind == "blockquote_open"
            self.quotes += quote
            try:
                inner = self.children(node.children, indent + _INDENT, bounds, keep_blanks=keep)
            finally:
                self.quotes -= quote
            return f"{pad}{self.open_tag(tok)}\n{inner}{pad}</{tok.tag}>\n"
        if kind in _ITEMS:
            return self.item(node, indent)
        if kind in _HTML_KINDS:
            return pad + self.html(node, indent) + "\n"
        if node.children or node.close is not None:
            # An unknown container: markdown-it's own rendering of its tokens.
            return pad + self.renderer.render(_flatten(node), self.options, self.env)
        return self.leaf(tok, indent)

    def html(self, node: _Node, indent: int) -> str:
        """kramdown's ``convert_html_element`` (and raw text) without the indentation and the
        final newline that a block gets and an element inside a raw element does not."""
        tok = node.tok
        if tok.type == _HTML_LEAF:
            return with_ial_attrs(tok.content, tok.attrs) if tok.attrs else tok.content
        if tok.type == "kramdown_html_open":
            inner = self.children(node.children, indent + _INDENT, self._bounds(node))
            close = node.close.content.strip() if node.close else ""
            start_tag = with_ial_attrs(tok.content.strip(), tok.attrs) if tok.attrs else tok.content.strip()
            last = node.children[-1].tok if node.children else None
            if last is not None and last.meta and last.meta.get(TOC_BLOCK) and inner.endswith(last.content):
                # kramdown ends the content with a newline after the TOC's placeholder, which
                # has none of its own: the TOC's newline (if it has entries) comes on top.
                return f"{start_tag}\n{inner}\n{' ' * indent}{close}"
            if not inner:
                return f"{start_tag}{close}"
            return f"{start_tag}\n{inner.removesuffix(chr(10))}\n{' ' * indent}{close}"
        if tok.type == "kramdown_html_span_open":
            return f"{self.open_tag(tok)}{self.inline_content(node)}</{tok.tag}>"
        inner = "".join(self.html(child, indent + _INDENT) for child in node.children)
        return f"{self.open_tag(tok)}{inner}</{tok.tag}>"

    def _bounds(self, node: _Node) -> tuple[int, int] | None:
        """Line range of a container's content, for blank lines at its start and end."""
        if not node.tok.map:
            return None
        start, end = node.tok.map
        if node.tok.type == "kramdown_html_open":
            start += 1
            end = node.close.map[0] if node.close is not None and node.close.map else end - 1
        return (start, end)

    def item(self, node: _Node, indent: int) -> str:
        """``convert_li``: inline after ``<li>`` when the first paragraph is transparent."""
        tok = node.tok
        pad = " " * indent
        inner = self.children(node.children, indent + _INDENT, None)
        first = node.children[0].tok if node.children else None
        opening = self.open_tag(tok)
        closing = f"</{tok.tag or 'li'}>\n"  # footnote items have no tag of their own
        if first is None or (first.type == "paragraph_open" and first.hidden):
            return f"{pad}{opening}{inner}{pad if inner.endswith(chr(10)) else ''}{closing}"
        if tok.meta and tok.meta.get("blank_start"):  # a note whose first line is empty
            opening += "\n"
        return f"{pad}{opening}\n{inner}{pad}{closing}"

    def footnotes(self, node: _Node) -> str:
        """kramdown's footnotes ``<div>``: ``<ol>`` at indent 2, items at 4."""
        nr = self.env.get("kramdown_footnote_nr", 1)
        start = f' start="{nr}"' if nr != 1 else ""
        items = "".join(self.block(child, 4) for child in node.children)
        return f'<div class="footnotes" role="doc-endnotes">\n  <ol{start}>\n{items}  </ol>\n</div>\n'

    # -- leaves -------------------------------------------------------------------------

    def open_tag(self, tok: Token) -> str:
        """The start tag of a block token, with its attributes (footnote items by their rule)."""
        if tok.type == "footnote_open":
            return str(self.renderer.rules["footnote_open"]([tok], 0, self.options, self.env)).rstrip("\n")
        if tok.meta and "start_tag" in tok.meta:  # HTML with markdown="1", as kramdown writes it
            start_tag = str(tok.meta["start_tag"])
            return with_ial_attrs(start_tag, tok.attrs) if tok.attrs else start_tag
        if not tok.attrs:
            return f"<{tok.tag}>"  # (most blocks: markdown-it's renderAttrs writes nothing)
        return f"<{tok.tag}{self.renderer.renderAttrs(tok)}>"

    def inline_content(self, node: _Node) -> str:
        """Render the inline content (and footnote backlinks) of a line block."""
        if len(node.children) == 1 and node.children[0].tok.type == "inline":
            # (nearly every line block: its inline token alone)
            return self.renderer.renderInline(node.children[0].tok.children or [], self.options, self.env)
        parts: list[str] = []
        tokens = [child.tok for child in node.children]
        for idx, tok in enumerate(tokens):
            if tok.type == "inline":
                parts.append(self.renderer.renderInline(tok.children or [], self.options, self.env))
            elif tok.type in self.renderer.rules:
                parts.append(self.renderer.rules[tok.type](tokens, idx, self.options, self.env))
        return "".join(parts)

    def leaf(self, tok: Token, indent: int) -> str:
        """Code blocks, HTML blocks, rules, math: rendered by their rule, then indented."""
        pad = " " * indent
        if tok.type == "hr":
            return f"{pad}<hr{self.renderer.renderAttrs(tok)} />\n"
        rule = self.renderer.rules.get(tok.type)
        text = rule([tok], 0, self.options, self.env) if rule else self.renderer.renderToken([tok], 0, self.options, self.env)
        if tok.type in ("fence", "code_block"):
            return indent_code_block(text, pad)
        if tok.meta and tok.meta.get(PAD_EVERY_LINE):
            return "".join(pad + line for line in text.splitlines(True))
        if tok.meta and tok.meta.get(TOC_BLOCK):
            return text
        if tok.type == "math_block" and not text.startswith("<"):
            # The MathJax engine writes a bare ``\[...\]`` without indentation (a ``<div>``,
            # its own with attributes or kdmath's without an engine, is indented).
            return text
        return pad + text if text else text


def indent_code_block(text: str, pad: str) -> str:
    """``convert_codeblock``: indent the block; a highlighted block's outer ``</div>`` too.

    The highlighted form is ``<div ...><div class="highlight">...</div></div>\\n``; kramdown
    writes the outer closing tag as ``#{' ' * indent}</div>``.
    """
    if not pad:
        return text
    outer_close = "</div>\n"
    if text.startswith("<div") and text.endswith("</div>" + outer_close):
        return f"{pad}{text[: -len(outer_close)]}{pad}{outer_close}"
    return pad + text


def _blank_after(node: _Node) -> bool:
    """True for a block kramdown always follows with a blank-line element."""
    return bool(node.tok.meta and node.tok.meta.get(BLANK_AFTER))


def _flatten(node: _Node) -> list[Token]:
    """The tokens of a subtree, in order."""
    out = [node.tok]
    for child in node.children:
        out.extend(_flatten(child))
    if node.close is not None:
        out.append(node.close)
    return out
