"""jekyll-avatar 0.8: ``{% avatar USER size=N %}`` writes a GitHub avatar ``<img>`` tag.

The markup is rendered as Liquid first (``{% avatar {{ page.author }} %}``); ``user=VAR`` names a
variable holding the user; ``size=`` (default 40) sets width, height and the image size;
``lazy=true`` moves the URLs to ``data-src``/``data-srcset``. The avatar server (0 to 3) is
chosen by the CRC-32 of the URL path, and ``PAGES_AVATARS_URL`` replaces the host, as in the gem.
"""

from __future__ import annotations

import os
import re
import zlib
from urllib.parse import urljoin, urlsplit, urlunsplit

from liquid.context import RenderContext
from liquid.exceptions import LiquidError

from ..templates.liquid.tags.markup import render_markup
from ..templates.registry import TemplateRegistry
from .api import Plugin, PluginContext

SERVERS = 4
DEFAULT_SIZE = "40"
API_VERSION = "3"
SCALES = (1, 2, 3, 4)
_USER_VARIABLE = re.compile(r"\buser=([\w.]+)\b")
_SIZE = re.compile(r"\bsize=(\d+)\b", re.IGNORECASE)


def _lookup(context: RenderContext, variable: str) -> str:
    """The variable's value (a dotted path), or its name when it has none (as the gem does)."""
    parts: list[object] = list(variable.split("."))
    if len(parts) > 1 and context.get(parts[:-1], token=None, default=None) is None:
        # The gem fails here too (``undefined method `[]' for nil``).
        raise LiquidError(f"avatar: user={variable}: {variable.rsplit('.', 1)[0]} is not defined",
                          token=None)
    value = context.get(parts, token=None, default=None)
    if value is None or value is False:
        return variable
    return str(value)


class _Avatar:
    """One tag's markup, read as the gem's ``initialize`` reads it."""

    def __init__(self, markup: str) -> None:
        self.text = markup.strip()
        found = _SIZE.search(self.text)
        self.size = found.group(1) if found else DEFAULT_SIZE
        user = _USER_VARIABLE.search(self.text)
        self.user_variable = user.group(1) if user else None

    def render(self, context: RenderContext) -> str:
        """The ``<img>`` tag."""
        text = render_markup(context, self.text)
        if self.user_variable:
            user = _lookup(context, self.user_variable)
        else:
            user = text.split(" ")[0] if " " in text else text
            user = user.replace("@", "", 1) if user.startswith("@") else user
        custom = os.environ.get("PAGES_AVATARS_URL", "")
        srcset = ", ".join(f"{self._url(user, scale, custom)} {scale}x" for scale in SCALES)
        attrs = [
            ("class", "avatar avatar-small" if int(self.size) < 48 else "avatar"),
            ("alt", user), ("width", self.size), ("height", self.size),
            ("data-proofer-ignore", "true"),
        ]
        if "lazy=true" in text:
            attrs += [("src", ""), ("data-src", self._url(user, 1, custom)), ("data-srcset", srcset)]
        else:
            attrs += [("src", self._url(user, 1, custom)), ("srcset", srcset)]
        return "<img " + " ".join(f'{key}="{value}"' for key, value in attrs) + " />"

    def _path(self, user: str, scale: int) -> str:
        size = self.size if scale == 1 else str(int(self.size) * scale)
        return f"{user}?v={API_VERSION}&s={size}"

    def _url(self, user: str, scale: int, custom: str) -> str:
        if custom:
            parts = urlsplit(custom)
            base = urlunsplit(parts._replace(path=parts.path if parts.path.endswith("/")
                                             else parts.path + "/"))
            return urljoin(base, self._path(user, scale))
        # The server is chosen from the size-1 path whatever the scale (the gem's server_number).
        server = zlib.crc32(self._path(user, 1).encode("utf-8")) % SERVERS
        return f"https://avatars{server}.githubusercontent.com/{self._path(user, scale)}"


class Avatar(Plugin):
    """The jekyll-avatar plugin: the ``{% avatar %}`` tag."""

    name = "jekyll-avatar"

    def register_templates(self, templates: TemplateRegistry, context: PluginContext) -> None:
        """Add ``{% avatar %}``."""
        templates.liquid_inline_tag("avatar", lambda ctx, markup: _Avatar(markup).render(ctx))
