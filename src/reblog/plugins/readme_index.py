"""jekyll-readme-index 0.3.0: a folder's README becomes its index when it has none."""

from __future__ import annotations

import posixpath
import re

from ..model import Document, Site
from ..reader import page_url
from ._pages import markdown_extensions, option, page_from_static
from .api import Plugin, PluginContext


def _readme_pattern(site: Site) -> re.Pattern[str]:
    exts = "|".join(re.escape(e) for e in sorted(markdown_extensions(site)))
    return re.compile(rf"/readme({exts})$", re.IGNORECASE)


def _dir_has_index(site: Site, directory: str) -> bool:
    """The plugin's test, quirk kept: any URL ending in ``index.html`` anywhere counts too."""
    if not directory.endswith("/"):
        directory += "/"
    pattern = re.compile(rf"^{re.escape(directory)}$|index\.(html?|xhtml|xml)$", re.IGNORECASE)
    urls = [p.url for p in site.pages] + [f.url for f in site.static_files]
    return any(pattern.search(url) for url in urls)


def _index_permalink(url: str) -> str:
    """``File.dirname(url) + "/"``."""
    return posixpath.dirname(url) + "/"


class ReadmeIndex(Plugin):
    """The jekyll-readme-index generator (priority low)."""

    name = "jekyll-readme-index"
    priority = -10

    def generate(self, site: Site, context: PluginContext) -> None:
        """Add README pages at their folder's URL; with ``with_frontmatter``, move README pages."""
        log = context.log
        if option(site, "readme_index", "enabled") is False:
            return
        pattern = _readme_pattern(site)
        readmes = [f for f in site.static_files if pattern.search("/" + f.relpath)]
        for readme in readmes:
            if _dir_has_index(site, posixpath.dirname(readme.url)):
                continue
            page = page_from_static(site, readme, log)
            if page is None:
                continue
            page.data["permalink"] = _index_permalink(readme.url)
            page.url = page_url(page, site.settings.permalink)
            site.pages.append(page)
            if option(site, "readme_index", "remove_originals") is True:
                site.static_files.remove(readme)
        if option(site, "readme_index", "with_frontmatter") is True:
            for page in [p for p in site.pages if pattern.search("/" + p.relpath)]:
                if not page.generated and not _dir_has_index(site, posixpath.dirname(page.url)):
                    self._move(site, page)

    @staticmethod
    def _move(site: Site, page: Document) -> None:
        page.data["permalink"] = _index_permalink(page.url)
        page.url = page_url(page, site.settings.permalink)
