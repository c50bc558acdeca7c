"""jekyll-optional-front-matter 0.3.2: Markdown files without front matter become pages."""

from __future__ import annotations

from ..model import Site
from ._pages import included, is_markdown_name, option, page_from_static
from .api import Plugin, PluginContext

# Names (without extension, case-insensitive) left as static files unless ``include:`` names them.
FILENAME_BLACKLIST = frozenset({
    "README", "LICENSE", "LICENCE", "COPYING", "CODE_OF_CONDUCT", "CONTRIBUTING",
    "ISSUE_TEMPLATE", "PULL_REQUEST_TEMPLATE",
})


class OptionalFrontMatter(Plugin):
    """The jekyll-optional-front-matter generator (priority normal)."""

    name = "jekyll-optional-front-matter"

    def generate(self, site: Site, context: PluginContext) -> None:
        """Add a page for each Markdown static file; keep the file unless told to remove it."""
        log = context.log
        require = site.settings.require_front_matter
        if option(site, "optional_front_matter", "enabled") is False or require:
            return
        cleanup = option(site, "optional_front_matter", "remove_originals") is True or require
        markdown = [f for f in site.static_files if is_markdown_name(site, f.name)]
        kept = [f for f in markdown if not self._blacklisted(site, f.relpath, f.name)]
        for item in kept:
            page = page_from_static(site, item, log)
            if page is not None:
                site.pages.append(page)
        if cleanup:
            # As the plugin does, the copy of the source file is dropped only when asked.
            removed = {id(f) for f in kept}
            site.static_files[:] = [f for f in site.static_files if id(f) not in removed]

    @staticmethod
    def _blacklisted(site: Site, relpath: str, name: str) -> bool:
        if included(site, relpath):
            return False
        dot = name.rfind(".")
        basename = name[:dot] if dot > 0 else name
        return basename.upper() in FILENAME_BLACKLIST
