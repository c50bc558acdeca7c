"""jekyll-titles-from-headings 0.5.3: a Markdown page's title from its first heading."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..model import Document, Site
from ..templates.filters.strings import normalize_whitespace
from ._pages import is_markdown_name, option
from .api import Plugin, PluginContext

# The plugin's TITLE_REGEX: an ATX heading (levels 1-3) or a Setext heading, at the very start.
# Ruby's ``\s`` is ASCII whitespace and ``$`` is an end of line, hence ASCII and MULTILINE.
TITLE = re.compile(
    r"\A\s*(?:\#{1,3}\s+(.*)(?:\s+\#{1,3})?|(.*)\r?\n[-=]+\s*)$", re.MULTILINE | re.ASCII
)
# Liquid's strip_html: script, style and comment blocks, then every tag.
_HTML_BLOCKS = re.compile(
    r"<script.*?</script>|<!--.*?-->|<style.*?</style>", re.DOTALL | re.IGNORECASE
)
_HTML_TAGS = re.compile(r"<.*?>", re.DOTALL)
# Footnote markers left after markdownify.
_EXTRA_MARKUP = re.compile(r"\[\^[^\]]*\]")


def strip_markup(text: str, markdownify: Callable[[str], str]) -> str:
    """markdownify, strip_html, normalize_whitespace, then drop footnote markers."""
    html = markdownify(text)
    plain = _HTML_TAGS.sub("", _HTML_BLOCKS.sub("", html))
    return _EXTRA_MARKUP.sub("", normalize_whitespace(plain))


class TitlesFromHeadings(Plugin):
    """The jekyll-titles-from-headings generator (priority lowest)."""

    name = "jekyll-titles-from-headings"
    priority = -20

    def generate(self, site: Site, context: PluginContext) -> None:
        """Set ``title`` (and strip the heading if asked) on Markdown pages without one."""
        if option(site, "titles_from_headings", "enabled") is False:
            return
        documents = list(site.pages)
        if option(site, "titles_from_headings", "collections") is True:
            documents += [d for c in site.collections.values() if c.output for d in c.docs]
        for doc in documents:
            if not is_markdown_name(site, doc.name) or self._has_title(doc):
                continue
            match = TITLE.search(doc.content)
            if match:
                doc.data["title"] = strip_markup(match.group(1) or match.group(2) or "", context.markdownify)
            if self._strip_title(site, doc):
                # Only the heading at the start is removed (the pattern is anchored).
                doc.content = TITLE.sub("", doc.content, count=1).strip()

    @staticmethod
    def _has_title(doc: Document) -> bool:
        # A collection document's title is always treated as inferred from its file name,
        # so the heading wins even over a title in its front matter, as in the plugin.
        return doc.kind == "page" and doc.data.get("title") is not None

    @staticmethod
    def _strip_title(site: Site, doc: Document) -> bool:
        if "strip_title" in doc.data:
            return doc.data["strip_title"] is True
        return option(site, "titles_from_headings", "strip_title") is True
