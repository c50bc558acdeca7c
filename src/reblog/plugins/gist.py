"""jekyll-gist 1.5: ``{% gist ID [FILE] %}`` writes the gist's ``<script>`` embed.

reblog does not fetch gists while building, so the ``<noscript>`` copy of the code the gem adds
when it can reach GitHub is left out, with the warning the gem gives when it cannot, and the
output is the gem's when it cannot fetch: ``true`` before the script (sic). With
``gist: noscript: false`` (GitHub Pages' setting) the output is the script alone, no warning.
"""

from __future__ import annotations

import re

from liquid.context import RenderContext
from liquid.exceptions import LiquidError

from ..templates.registry import TemplateRegistry
from .api import Plugin, PluginContext

# GistTag#determine_arguments.
_ARGUMENTS = re.compile(r"\A(\S+|.*(?=/).+)\s?(\S*)\Z", re.DOTALL)
_VARIABLE = re.compile(r"^[A-Za-z_][\w-]*(?:\.[\w-]+)*$")


def _value(context: RenderContext, key: str) -> str:
    """``key`` itself, or the variable it names when that has a value (context_contains_key?)."""
    if not _VARIABLE.match(key):
        return key
    path: list[object] = list(key.split("."))
    value = context.get(path, token=None, default=None)
    return key if value is None else str(value)


class Gist(Plugin):
    """The jekyll-gist plugin: the ``{% gist %}`` tag."""

    name = "jekyll-gist"

    def register_templates(self, templates: TemplateRegistry, context: PluginContext) -> None:
        """Add ``{% gist %}``."""
        settings = context.config.get("gist")
        noscript = not (isinstance(settings, dict) and settings.get("noscript") is False)

        def render(ctx: RenderContext, markup: str) -> str:
            found = _ARGUMENTS.match(markup.strip())
            if not found:
                raise LiquidError(f"Syntax error in tag 'gist' while parsing the following "
                                  f"markup: {markup.strip()} (valid: {{% gist user/1234567 "
                                  "[file.js] %}})", token=None)
            gist_id = _value(ctx, found.group(1).strip())
            filename = _value(ctx, found.group(2).strip()) if found.group(2).strip() else ""
            url = f"https://gist.github.com/{gist_id}.js"
            if filename:
                url += f"?file={filename}"
            script = f'<script src="{url}"> </script>'
            if not noscript:
                return script
            context.warn(f"The <noscript> tag for your gist {gist_id} could not be generated "
                         "(reblog does not fetch gists); set gist: noscript: false to skip it")
            # The gem's noscript part is then the value of its logger's warn call, true, which
            # Ruby prints into the page: Jekyll's output, kept byte for byte.
            return "true" + script

        templates.liquid_inline_tag("gist", render)
