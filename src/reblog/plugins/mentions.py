"""jekyll-mentions 1.6: ``@name`` in rendered HTML becomes a link to the user's GitHub page."""

from __future__ import annotations

import os
import re
from functools import partial
from typing import Any

from ..errors import ReblogError
from ..model import Document, Site
from ._html import filter_document, filter_text_nodes
from .api import Plugin, PluginContext
from ..writer import Output

GITHUB_DOT_COM = "https://github.com"
# html-pipeline's MentionPatterns with jekyll-mentions' username pattern ([\w][\w-]*).
MENTION = re.compile(
    r"(?:^|\W)@((?>[\w][\w-]*))(?!/)(?=\.+[ \t\W]|\.+$|[^0-9a-zA-Z_.]|$)",
    re.IGNORECASE | re.MULTILINE | re.ASCII,
)
# Names that would link to GitHub's page about mentions; with no info URL they stay text.
MENTION_LOGINS = frozenset({"mention", "mentions", "mentioned", "mentioning"})
IGNORE_PARENTS = frozenset({"pre", "code", "a", "style", "script"})


def mention_base(config: dict[str, Any]) -> str:
    """``jekyll-mentions`` as a string or ``{base_url: ...}``, else GitHub (or $GITHUB_HOSTNAME)."""
    value = config.get("jekyll-mentions")
    if value is None:
        ssl, host = os.environ.get("SSL", ""), os.environ.get("GITHUB_HOSTNAME", "")
        if ssl and host:
            return ("https://" if ssl == "true" else "http://") + host.rstrip("/")
        return GITHUB_DOT_COM
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return str(value.get("base_url", mention_base({})))
    raise ReblogError(
        "Your jekyll-mentions config has to either be a string or a hash. "
        f"It's a {type(value).__name__} right now."
    )


def mentionify_html(text: str, base: str) -> str:
    """Link every mention in one text node's HTML."""
    url = base if base.endswith(("/", "~")) else base + "/"

    def link(match: re.Match[str]) -> str:
        login = match.group(1)
        if login.lower() in MENTION_LOGINS:
            return match.group(0)
        anchor = f'<a href="{url}{login}" class="user-mention">@{login}</a>'
        return match.group(0).replace("@" + login, anchor, 1)

    return MENTION.sub(link, text)


def mentionable(doc: Document) -> bool:
    """Written HTML pages and documents not switched off with ``jekyll-mentions: false``."""
    html = doc.output_ext == ".html" or str(doc.data.get("permalink") or "").endswith("/")
    return html and doc.data.get("jekyll-mentions") is not False


class Mentions(Plugin):
    """The jekyll-mentions post-render hook."""

    name = "jekyll-mentions"

    def on_write(self, site: Site, output: Output, context: PluginContext) -> None:
        """Rewrite the output of every mentionable page and document."""
        for doc in site.renderables():
            if doc.output is None or "@" not in doc.output or not mentionable(doc):
                continue
            config = dict(site.config)
            if "jekyll-mentions" in doc.data:
                config.update(doc.data)
            base = mention_base(config)
            new = filter_document(
                doc.output, lambda text: MENTION.search(text) is not None,
                lambda body: filter_text_nodes(
                    body, partial(mentionify_html, base=base),  # noqa: B023 - called at once
                    IGNORE_PARENTS, "@", True,
                ),
            )
            if new != doc.output:
                doc.output = new
                output.files[doc.output_rel()] = new
