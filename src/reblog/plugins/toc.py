"""jekyll-toc 0.18: a table of contents from the headings of a page's HTML (``toc: true`` pages).

Filters ``toc`` (the list, then the HTML with anchors), ``toc_only`` (the list) and
``inject_anchors`` (the HTML with anchors), and the ``{% toc %}`` tag (the list of the page's
content). The list is the gem's string, byte for byte; HTML given anchors is written back as
Nokogiri writes it (``_html``), as the gem does. Options under ``toc:``: ``min_level``,
``max_level``, ``ordered_list``, ``no_toc_section_class`` (one or a list), ``list_id``,
``list_class``, ``sublist_class``, ``item_class``, ``item_prefix``; a heading with class
``no_toc`` is left out.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_plus

from liquid.context import RenderContext
from liquid.filter import with_context

from ..templates.registry import TemplateRegistry
from ._html import Node, parse_fragment, to_html
from .api import Plugin, PluginContext

DEFAULTS: Mapping[str, Any] = {
    "min_level": 1, "max_level": 6, "ordered_list": False,
    "no_toc_section_class": "no_toc_section", "list_id": "toc", "list_class": "section-nav",
    "sublist_class": "", "item_class": "toc-entry", "item_prefix": "toc-",
}
_PUNCTUATION = re.compile(r"[^\w\- ]")
_HEADING = re.compile(r"^h([1-6])$")


@dataclass
class _Entry:
    id: str
    text: str
    node_name: str
    node: Node
    h_num: int


def toc_id(text: str) -> str:
    """The gem's generate_toc_id: lower case, punctuation dropped, spaces to dashes, CGI.escape."""
    return quote_plus(_PUNCTUATION.sub("", text.lower()).replace(" ", "-"), safe="~")


def _text(node: Node) -> str:
    if node.kind == "text":
        return node.text
    return "".join(_text(child) for child in node.children)


def _classes(node: Node) -> list[str]:
    return next((str(v or "").split() for k, v in node.attrs if k == "class"), [])


class _Parser:
    """One HTML fragment's headings, as the gem's Parser finds them."""

    def __init__(self, markup: str, options: Any) -> None:
        opts = dict(DEFAULTS)
        if isinstance(options, Mapping):
            opts.update(options)
        self.opts = opts
        self.levels = range(int(opts["min_level"]), int(opts["max_level"]) + 1)
        sections = opts["no_toc_section_class"]
        self.no_toc_sections = [str(c) for c in sections] if isinstance(sections, list) else [str(sections)]
        self.list_tag = "ol" if opts["ordered_list"] else "ul"
        self.root = parse_fragment(markup)
        self.entries = self._entries()

    def _in_no_toc_section(self, node: Node) -> bool:
        parent = node.parent
        while parent is not None:
            if set(_classes(parent)) & set(self.no_toc_sections):
                return True
            parent = parent.parent
        return False

    def _headings(self, node: Node) -> list[Node]:
        found = []
        for child in node.children:
            if child.kind != "element":
                continue
            level = _HEADING.match(child.name)
            if level and int(level.group(1)) in self.levels:
                found.append(child)
            found += self._headings(child)
        return found

    def _entries(self) -> list[_Entry]:
        counts: dict[str, int] = {}
        entries = []
        for node in self._headings(self.root):
            if self._in_no_toc_section(node) or "no_toc" in _classes(node):
                continue
            text = _text(node)
            attr = next((v for k, v in node.attrs if k == "id"), None)
            if attr is not None:
                # The gem keys its counter by the id attribute object, never the same twice.
                ident = attr
            else:
                generated = toc_id(text)
                suffix = counts.get(generated, 0)
                counts[generated] = suffix + 1
                ident = generated if suffix == 0 else f"{generated}-{suffix}"
            entries.append(_Entry(ident, html.escape(text).replace("&#x27;", "&#39;"), node.name, node,
                                  int(node.name[1])))
        return entries

    def build_toc(self) -> str:
        """The list, as the gem writes it."""
        return (f'<{self.list_tag} id="{self.opts["list_id"]}" class="{self.opts["list_class"]}">\n'
                f"{self._list(self.entries)}</{self.list_tag}>")

    def _list(self, entries: list[_Entry]) -> str:
        out = []
        lowest = min((e.h_num for e in entries), default=0)
        sub = str(self.opts["sublist_class"])
        ul_attrs = f' class="{sub}"' if sub else ""
        i = 0
        while i < len(entries):
            entry = entries[i]
            if entry.h_num == lowest:
                out.append(f'<li class="{self.opts["item_class"]} {self.opts["item_prefix"]}'
                           f'{entry.node_name}"><a href="#{entry.id}">{entry.text}</a>')
                if i + 1 < len(entries) and entries[i + 1].h_num > lowest:
                    nested = _nest(entries[i + 1:], lowest)
                    out.append(f"\n<{self.list_tag}{ul_attrs}>\n{self._list(nested)}</{self.list_tag}>\n")
                    i += len(nested)
                out.append("</li>\n")
            elif entry.h_num > lowest:
                nested = _nest(entries[i:], lowest)
                out.append(self._list(nested))
                i += len(nested) - 1
            i += 1
        return "".join(out)

    def inject_anchors(self) -> str:
        """The HTML with an anchor before each heading's first child, written as Nokogiri does."""
        for entry in self.entries:
            if not entry.node.children:
                continue  # the gem fails on an empty heading (nil.add_previous_sibling)
            # An element, so that its href is written (percent-encoded) as Nokogiri writes it.
            anchor = Node("element", "a", [("class", "anchor"), ("href", f"#{entry.id}"),
                                           ("aria-hidden", "true")], parent=entry.node)
            anchor.children.append(Node("element", "span", [("class", "octicon octicon-link")],
                                        parent=anchor))
            entry.node.children.insert(0, anchor)
        return to_html(self.root)


def _nest(entries: list[_Entry], lowest: int) -> list[_Entry]:
    nested = []
    for entry in entries:
        if entry.h_num == lowest:
            break
        nested.append(entry)
    return nested


def _page_toc(context: RenderContext, truthy: bool = False) -> bool:
    """``page.toc``: ``true`` for the filters; any truthy value for the tag (as in the gem)."""
    value = context.get(["page", "toc"], token=None, default=None)
    return value not in (None, False) if truthy else value is True


class Toc(Plugin):
    """The jekyll-toc plugin: the ``toc``, ``toc_only`` and ``inject_anchors`` filters and
    ``{% toc %}``."""

    name = "jekyll-toc"

    def register_templates(self, templates: TemplateRegistry, context: PluginContext) -> None:
        """Add the filters and the tag."""
        options = context.config.get("toc") or {}

        @with_context
        def toc(markup: object, *, context: RenderContext) -> str:
            if not _page_toc(context):
                return str(markup)
            parser = _Parser(str(markup), options)
            return parser.build_toc() + parser.inject_anchors()

        @with_context
        def toc_only(markup: object, *, context: RenderContext) -> str:
            return _Parser(str(markup), options).build_toc() if _page_toc(context) else ""

        @with_context
        def inject_anchors(markup: object, *, context: RenderContext) -> str:
            return _Parser(str(markup), options).inject_anchors() if _page_toc(context) else str(markup)

        def tag(ctx: RenderContext, _markup: str) -> str:
            if not _page_toc(ctx, truthy=True):
                return ""
            content = ctx.get(["page", "content"], token=None, default="")
            return _Parser(str(content or ""), options).build_toc()

        templates.liquid_filter("toc", toc)
        templates.liquid_filter("toc_only", toc_only)
        templates.liquid_filter("inject_anchors", inject_anchors)
        templates.liquid_inline_tag("toc", tag)
