"""Services built once per site and handed to lower layers: filters and content converters."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from .cache import ContentMemo, cached_call
from .kramdown.converter import MarkdownRenderer
from .log import Logger
from .model import Site
from .render import Converters
from .rouge.highlight import highlight_tag
from .sass import SassCompiler
from .templates.filters.urls import SiteUrls


class SiteServices:
    """What filters need from the site (Jekyll's ``markdownify``, ``smartify``, ``sassify``...)."""

    def __init__(self, site: Site, memo: ContentMemo | None = None, log: Logger | None = None) -> None:
        self.config: Mapping[str, Any] = site.config
        self.settings = site.settings
        self.markdown = MarkdownRenderer(site.settings.kramdown)
        self.sass = SassCompiler.for_site(site.source, site.settings.sass, site.theme_dir, log,
                                          site.settings.github_pages)
        # The site's URLs, each string's worked out once in the build (filters and plugins).
        self.urls = SiteUrls(site.settings.baseurl, site.settings.url)
        # Listing pages markdownify the same excerpts again and again; convert each text once
        # (across builds when the build cache gives its memo).
        self._markdown_memo: ContentMemo | dict[str, str] = memo if memo is not None else {}

    def markdownify(self, text: str) -> str:
        """Markdown to HTML with the site's settings."""
        html = self._markdown_memo.get(text)
        if html is None:
            html = self._markdown_memo[text] = self.markdown.render(text)
        return html

    def smartify(self, text: str) -> str:
        """Typographic quotes and dashes only."""
        smart = getattr(self.markdown, "smartify", None)
        return smart(text) if smart else text

    def scssify(self, text: str) -> str:
        """SCSS to CSS."""
        return self.sass.compile(text, "scss", "scssify")

    def sassify(self, text: str) -> str:
        """Indented Sass to CSS."""
        return self.sass.compile(text, "sass", "sassify")


def make_converters(services: SiteServices, memo: ContentMemo | None = None) -> Converters:
    """Markdown, Sass and the highlight tag, configured for this site (memoised by ``memo``)."""
    highlighter = services.settings.highlighting.highlighter

    def tag(code: str, lang: str, linenos: bool) -> str:
        if highlighter is None:
            code_tag = f'<code class="language-{lang}" data-lang="{lang}">'
            return f'<figure class="highlight"><pre>{code_tag}{escape(code, quote=False)}</code></pre></figure>'
        return highlight_tag(code, lang, linenos=linenos)

    return Converters(
        markdown=services.markdownify,
        sass=services.sass.compile,
        sass_page=services.sass.compile_page,
        highlight_tag=cached_call(memo, tag, "highlight") if memo is not None else tag,
    )
