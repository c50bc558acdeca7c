"""jekyll-coffeescript: ``.coffee`` pages are not compiled (no maintained Python compiler exists).

The gem compiles a ``.coffee`` file with front matter to ``.js`` through the CoffeeScript
compiler on a JavaScript runtime. Python has no maintained CoffeeScript compiler (PyPI's
``coffeescript`` is a 2018 bridge to the JavaScript one), so reblog says which files it could not
compile and what to do; the rest of the site builds.
"""

from __future__ import annotations

from ..model import Site
from .api import Plugin, PluginContext


class CoffeeScript(Plugin):
    """The jekyll-coffeescript plugin: a warning per ``.coffee`` page."""

    name = "jekyll-coffeescript"

    def post_read(self, site: Site, context: PluginContext) -> None:
        """Warn about every ``.coffee`` file that Jekyll would have compiled."""
        for page in site.pages:
            if page.relpath.endswith(".coffee"):
                context.warn("not compiled to JavaScript: reblog has no CoffeeScript compiler; "
                             "compile it yourself (`npx coffee -c FILE`) and commit the .js",
                             page.relpath)
