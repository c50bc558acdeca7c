"""jekyll-relative-links 0.7: Markdown links to source files become links to their URLs."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatch
from typing import Any
from urllib.parse import unquote_plus

from ..model import Document, Site
from ..templates.filters.urls import SiteUrls, is_absolute
from .api import Plugin, PluginContext

# The plugin's link grammar, kept exactly (quirks included) so the same text is rewritten.
_TEXT = r"(.*?)"
# The plugin's ``(#.+?|)?`` without its ``?``: skipping the group leaves the engine where the
# empty branch did, so it can only fail again, after trying the rest of the pattern once more
# at every place a path could end. The matches are the same; the group is "" where it was empty.
_FRAGMENT = r"(#.+?|)"
# A title's text runs to the first quote it cannot take (one not after a backslash), and only
# that quote can close it: the text is taken at once (possessive), not given back a character
# at a time to look for an earlier one (which, a title's text crossing lines, cost a reference
# definition followed by a long text without its closing quote milliseconds a try).
_TITLE_TEXT = r"""\s+"(?:\\"|[^"])*+(?<!\\)"|\s+"(?:\\'|[^'])*+(?<!\\)'"""
_TITLE = rf"({_TITLE_TEXT})?"
# The path is the plugin's lazy ``[^)]+?`` (inline) and ``.+?`` (reference), written so that
# the engine tries to end it only where what follows can match: before a "#", a space or a
# ")" (or the line's end). A run of other characters is taken at once (possessive: ending
# inside it always fails), so the matches and groups are the same, found ~4x faster.
_INLINE_PATH = r"([^)](?:[^)#\s]++|[#\s])*?)"
_REFERENCE_PATH = r"(.(?:[^#\s]++|[#\t\r\f\v ])*?)"   # (``.`` stops at a newline, ``\s`` would not)
# An inline link ends in the plugin's ``{_TITLE}\)``, written as "a ')', or a title and a ')'":
# a title starts with whitespace, so at most one of the two can match where a path may end,
# and the engine no longer enters the optional group at each of those places to find out.
_INLINE = rf"\[{_TEXT}\]\({_INLINE_PATH}{_FRAGMENT}(?:\)|({_TITLE_TEXT})\))"
_REFERENCE = rf"^\s*?\[{_TEXT}\]: {_REFERENCE_PATH}{_FRAGMENT}{_TITLE}\s*?$"
LINK = re.compile(rf"({_INLINE}|{_REFERENCE})", re.MULTILINE | re.ASCII)  # Ruby's \s is ASCII-only
# The same pattern for a text without "]: ", where no reference definition can match: the same
# matches and groups 1-5, about twice as fast (LINK tries the reference at every line start).
_INLINE_LINK = re.compile(rf"({_INLINE})", re.MULTILINE | re.ASCII)
# Where a match of LINK can start: a "[" (an inline link, or a reference definition at a
# line's start), or a line's start whose first character is a space (an indented definition).
# LINK has no first character the engine could look for (the definition starts with ``^\s*?``),
# so it tried to match at every character of the text: it is tried only at these places.
_LINK_START = re.compile(r"\[|\n(?=[ \t\n\r\f\v])")
_SPACE = " \t\n\r\f\v"   # (``\s`` under re.ASCII)
# Stands for the working folder when resolving ``..`` (File.expand_path against Dir.pwd).
_ROOT = "/__reblog_root__"


@dataclass
class Link:
    """One Markdown link: inline ``[t](p#f "x")`` or a reference definition ``[t]: p``."""

    inline: bool
    text: str
    path: str
    fragment: str | None
    title: str | None

    def markdown(self) -> str:
        """The link written back with its new path."""
        path = self.path + (self.fragment or "")
        if self.inline:
            return f"[{self.text}]({path}{self.title or ''})"
        return f"\n[{self.text}]: {path}{self.title or ''}"


def _link(match: re.Match[str]) -> Link:
    if match.group(2) is not None:
        return Link(True, match.group(2), match.group(3), match.group(4), match.group(5))
    return Link(False, match.group(6), match.group(7), match.group(8), match.group(9))


def _replaceable(path: str) -> bool:
    """Neither a fragment nor a URL with a scheme."""
    return not path.startswith("#") and not is_absolute(path)


def path_from_root(path: str, base: str) -> str:
    """The link's target relative to the source, resolved from the document's folder."""
    absolute = path.startswith("/")
    path = path[1:] if absolute else path
    start = _ROOT if absolute else posixpath.join(_ROOT, base)
    resolved = posixpath.normpath(posixpath.join(start, path))
    return resolved[len(_ROOT) + 1:] if resolved.startswith(_ROOT + "/") else resolved


class RelativeLinks(Plugin):
    """The jekyll-relative-links generator."""

    name = "jekyll-relative-links"
    priority = -20

    def generate(self, site: Site, context: PluginContext) -> None:
        """Rewrite the links of every Markdown page (and written documents, if enabled)."""
        options = site.config.get("relative_links")
        options = options if isinstance(options, dict) else {}
        if options.get("enabled") is False:
            return
        written = _written_documents(site)
        targets = _targets(site, written)
        documents = site.pages + (written if options.get("collections") is True else [])
        exclude = options.get("exclude")
        # Rewriting is a pure function of the text, its folder, the link targets and baseurl:
        # a build that runs again (serve) reuses the rewritten text of unchanged documents.
        previous: dict[tuple[str, str, str], str] = site.memo.get(self.name, {})
        current: dict[tuple[str, str, str], str] = {}
        setting = repr((sorted(targets.items()), site.settings.baseurl, site.settings.url))
        for doc in documents:
            if not doc.is_markdown or doc.generated or _excluded(doc, exclude):
                continue
            key = (doc.relpath, doc.content, setting)
            text = previous.get(key)
            if text is None:
                rewrite(doc, targets, context.urls)
            else:
                doc.content = text
                _drop_front_matter_excerpt(doc)
            current[key] = doc.content
        site.memo[self.name] = current


def rewrite(doc: Document, targets: dict[str, str], urls: SiteUrls) -> None:
    """Replace the document's relative links in place (their URLs made by the site's ``urls``)."""
    base = posixpath.dirname(doc.relpath) or "."

    def replace(match: re.Match[str]) -> str:
        # (most links are URLs or fragments: they are left as they are before anything is made)
        path = match.group(3) if match.group(2) is not None else match.group(7)
        if not _replaceable(path):
            return match.group(0)
        url = targets.get(unquote_plus(path_from_root(path, base)))
        if not url:
            return match.group(0)
        link = _link(match)
        link.path = str(urls.relative_url(url))
        return link.markdown()

    text = doc.content
    if _may_rewrite(text):
        if "]: " in text:
            parts: list[str] = []
            done = 0
            for match in links(text) if _few_starts(text) else LINK.finditer(text):
                parts += (text[done:match.start()], replace(match))
                done = match.end()
            doc.content = "".join(parts) + text[done:]
        else:
            doc.content = _INLINE_LINK.sub(replace, text)
    _drop_front_matter_excerpt(doc)


def _few_starts(text: str) -> bool:
    """Whether ``links`` beats ``LINK.finditer`` on ``text``.

    ``links`` costs a Python step (~0.8 us) at each place a match may start, ``finditer`` a
    regex-engine step (~27 ns) at every character: prose has few such places (Candid's texts:
    240 -> 197 M instructions), a task list or code full of "[" has many (6x slower there).
    Their bound, every "[" and every line start, is counted in C.
    """
    return 30 * (text.count("[") + text.count("\n")) < len(text)


def links(text: str) -> Iterator[re.Match[str]]:
    """``LINK.finditer(text)``, the pattern tried only where a match can start (``_LINK_START``)."""
    pos = 0
    while pos < len(text):
        if text[pos] in _SPACE and (pos == 0 or text[pos - 1] == "\n"):
            start = pos
        else:
            found = _LINK_START.search(text, pos)
            if found is None:
                return
            start = found.start() + (text[found.start()] == "\n")
        match = LINK.match(text, start)
        if match is None:
            pos = start + 1
            continue
        yield match
        pos = match.end()


# A link's path starts right after "](" (inline) or "]: " (a reference definition): the
# characters that may follow, up to the colon of a scheme, when the path surely starts with it.
_SCHEME_LEAD = re.compile(r"[^:/?#)\s]+:", re.ASCII)


def _may_rewrite(text: str) -> bool:
    """Whether a link of ``text`` might be rewritten (the link pattern is slow to run on a post).

    Every path the pattern can capture starts right after a "](" or a "]: ". It is left alone
    when it starts with "#" or with a scheme (``_replaceable``); a path is cut short of a
    scheme's colon only by a ")", a "#" or whitespace before it, which ``_SCHEME_LEAD`` excludes.
    So when every "](" and "]: " is followed by "#" or such a scheme, no match can be replaced.
    """
    for marker in ("](", "]: "):
        start = text.find(marker)
        while start >= 0:
            after = start + len(marker)
            if not (text.startswith("#", after) or _SCHEME_LEAD.match(text, after)):
                return True
            start = text.find(marker, after)
    return False


def _drop_front_matter_excerpt(doc: Document) -> None:
    if doc.kind == "document" and "excerpt" in doc.data:
        # The plugin rebuilds a document's excerpt from the rewritten content.
        del doc.data["excerpt"]


def _written_documents(site: Site) -> list[Document]:
    return [d for c in site.collections.values() if c.output for d in c.docs]


def _targets(site: Site, written: list[Document]) -> dict[str, str]:
    """URL by source-relative path; the first of pages, static files, documents wins."""
    targets: dict[str, str] = {}
    for path, url in [*((p.relpath, p.url) for p in site.pages),
                      *((f.relpath, f.url) for f in site.static_files),
                      *((d.relpath, d.url) for d in written)]:
        targets.setdefault(path.lstrip("/"), url)
    return targets


def _excluded(doc: Document, patterns: Any) -> bool:
    if not patterns:
        return False
    patterns = patterns if isinstance(patterns, list) else [patterns]
    return any(fnmatch(doc.relpath, str(p)) or doc.relpath.startswith(str(p).rstrip("/") + "/")
               for p in patterns)
