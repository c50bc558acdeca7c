"""jemoji 0.13: ``:name:`` emoji codes in rendered HTML become GitHub's emoji images."""

from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import Any

import emoji

from ..model import Document, Site
from ._html import filter_document, filter_text_nodes
from .api import Plugin, PluginContext
from ..writer import Output

ASSET_HOST = "https://github.githubassets.com"
ASSET_PATH = "/images/icons/"
IGNORED_ANCESTORS = frozenset({"pre", "code", "tt"})


def file_stem(char: str) -> str:
    """GitHub's image name for an emoji: hex code points, VS16 and ZWJ dropped after the first."""
    points = [f"{ord(c):04x}" for c in char]
    return "-".join(points[:1] + [p for p in points[1:] if p not in ("fe0f", "200d")])


@lru_cache(maxsize=1)
def emoji_files() -> dict[str, str]:
    """Emoji name -> image path under the asset root (``emoji/unicode/1f604.png``).

    Names come from the ``emoji`` package: its GitHub-style aliases first, then its CLDR names.
    Together they cover every name GitHub's gemoji has (checked for gemoji 4.1); the CLDR names
    are extra ones jemoji would leave as text, and GitHub's few custom images (``:octocat:``)
    are missing.
    """
    files: dict[str, str] = {}
    for key in ("alias", "en"):
        for char, data in emoji.EMOJI_DATA.items():
            names = data.get(key) or []
            for name in [names] if isinstance(names, str) else names:
                files.setdefault(name.strip(":"), f"emoji/unicode/{file_stem(char)}.png")
    return files


@lru_cache(maxsize=1)
def emoji_pattern() -> re.Pattern[str]:
    """html-pipeline's pattern: every name, sorted, as alternatives between colons."""
    names = sorted(emoji_files(), key=lambda n: n.encode())
    return re.compile(":(" + "|".join(re.escape(n) for n in names) + "):")


def emoji_src(config: dict[str, Any]) -> str:
    """``emoji: src:`` from the config, else GitHub's asset host (or $ASSET_HOST_URL)."""
    emoji = config.get("emoji")
    if isinstance(emoji, dict) and "src" in emoji:
        return str(emoji["src"])
    host = os.environ.get("ASSET_HOST_URL", "")
    return (host.rstrip("/") if host else ASSET_HOST) + ASSET_PATH


def _join(root: str, path: str) -> str:
    """Ruby's File.join of two parts: exactly one slash between them."""
    return root.rstrip("/") + "/" + path.lstrip("/")


def emojify_text(text: str, src: str) -> str:
    """Replace emoji codes in one text node with ``<img class="emoji">`` markup."""
    files = emoji_files()

    def image(match: re.Match[str]) -> str:
        name = match.group(1)
        return (
            f'<img class="emoji" title=":{name}:" alt=":{name}:" '
            f'src="{_join(src, files[name])}" height="20" width="20">'
        )

    return emoji_pattern().sub(image, text)


def emojiable(doc: Document) -> bool:
    """HTML output, or a permalink ending in a slash."""
    return doc.output_ext == ".html" or str(doc.data.get("permalink") or "").endswith("/")


class Jemoji(Plugin):
    """The jemoji post-render hook."""

    name = "jemoji"

    def on_write(self, site: Site, output: Output, context: PluginContext) -> None:
        """Rewrite the output of every page and written document with emoji codes."""
        src = emoji_src(site.config)
        pattern = emoji_pattern()
        for doc in site.renderables():
            if doc.output is None or ":" not in doc.output or not emojiable(doc):
                continue
            new = filter_document(
                doc.output, lambda text: pattern.search(text) is not None,
                lambda body: filter_text_nodes(
                    body, lambda text: emojify_text(text, src), IGNORED_ANCESTORS, ":", False,
                ),
                test_whole=True,
            )
            if new != doc.output:
                doc.output = new
                output.files[doc.output_rel()] = new
