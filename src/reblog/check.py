"""``reblog check``: find broken links, anchors, images, stylesheets and scripts in a built site."""

from __future__ import annotations

import argparse
import posixpath
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

from .config import load_config
from .errors import ReblogError
from .log import Logger

HTML_SUFFIXES = (".html", ".htm")
# Attributes that load or link something, by tag, and what a broken one is called.
LINK_ATTRS: dict[tuple[str, str], str] = {
    ("a", "href"): "link",
    ("area", "href"): "link",
    ("img", "src"): "image",
    ("img", "srcset"): "image",
    ("source", "src"): "media",
    ("source", "srcset"): "image",
    ("video", "src"): "media",
    ("video", "poster"): "image",
    ("audio", "src"): "media",
    ("track", "src"): "media",
    ("iframe", "src"): "frame",
    ("embed", "src"): "media",
    ("object", "data"): "media",
    ("script", "src"): "script",
}
LINK_REL_KINDS = {"stylesheet": "stylesheet", "icon": "icon", "apple-touch-icon": "icon",
                  "preload": "resource", "manifest": "resource"}
SKIPPED_SCHEMES = {"mailto", "tel", "javascript", "data", "sms", "ftp", "irc", "news", "file"}
USER_AGENT = "reblog-check (+https://github.com/reblog/reblog)"


@dataclass(frozen=True)
class Ref:
    """One URL a page refers to: what kind of thing, where in the page."""

    kind: str
    url: str
    line: int


@dataclass(frozen=True)
class Problem:
    """Something broken on one page."""

    page: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.message}" if self.line else f"{self.page}: {self.message}"


@dataclass
class Page:
    """What one HTML file holds that the checks need."""

    ids: set[str] = field(default_factory=set)
    refs: list[Ref] = field(default_factory=list)
    base: str | None = None
    is_document: bool = False
    title: str | None = None


class PageParser(HTMLParser):
    """Collects a page's ids, anchor names, references, ``<base>`` and ``<title>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._in_title = False
        self._title_parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record what the tag defines (ids) and what it refers to."""
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])
        if tag == "html":
            self.page.is_document = True
        elif tag == "title":
            self._in_title = True
        elif tag == "base" and "href" in values and self.page.base is None:
            self.page.base = values["href"]
        elif tag == "link":
            self._link_tag(values)
        line = self.getpos()[0]
        for name, value in values.items():
            kind = LINK_ATTRS.get((tag, name))
            if kind is None:
                continue
            urls = srcset_urls(value) if name == "srcset" else [value]
            self.page.refs.extend(Ref(kind, url, line) for url in urls)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """``<img />`` and friends: the same as a start tag."""
        self.handle_starttag(tag, attrs)

    def _link_tag(self, values: dict[str, str]) -> None:
        rels = values.get("rel", "").lower().split()
        kind = next((LINK_REL_KINDS[r] for r in rels if r in LINK_REL_KINDS), "link")
        if "href" in values and "dns-prefetch" not in rels and "preconnect" not in rels:
            self.page.refs.append(Ref(kind, values["href"], self.getpos()[0]))

    def handle_data(self, data: str) -> None:
        """Collect the title's text."""
        if self._in_title:
            self._title_parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        """Close the title."""
        if tag == "title" and self._in_title:
            self._in_title = False
            self.page.title = "".join(self._title_parts).strip()


def srcset_urls(value: str) -> list[str]:
    """The URLs of a ``srcset``: comma-separated candidates, each ``URL [descriptor]``."""
    return [part.split()[0] for part in value.split(",") if part.split()]


def parse_page(path: Path) -> Page:
    """Parse one HTML file."""
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser.page


@dataclass
class Checker:
    """Checks every HTML page of a built site against the site's own files."""

    root: Path
    baseurl: str = ""
    site_url: str = ""
    files: set[str] = field(default_factory=set)
    pages: dict[str, Page] = field(default_factory=dict)

    def load(self) -> None:
        """List every file and parse every HTML page."""
        if not self.root.is_dir():
            raise ReblogError(f"no built site at {self.root}; run reblog build first")
        for path in self.root.rglob("*"):
            if path.is_file():
                rel = path.relative_to(self.root).as_posix()
                self.files.add(rel)
                if rel.endswith(HTML_SUFFIXES):
                    self.pages[rel] = parse_page(path)

    def problems(self) -> Iterator[Problem]:
        """Every internal problem, page by page in path order."""
        for rel in sorted(self.pages):
            page = self.pages[rel]
            if page.is_document and not page.title:
                yield Problem(rel, 0, "no <title>" if page.title is None else "empty <title>")
            for ref in page.refs:
                message = self.check_ref(rel, page, ref)
                if message:
                    yield Problem(rel, ref.line, message)

    def check_ref(self, rel: str, page: Page, ref: Ref) -> str | None:
        """A message when ``ref`` on page ``rel`` does not resolve, else None."""
        url = clean_url(ref.url)
        target = self.site_path(rel, page, url)
        if target is None:
            return None
        path, fragment = target
        if not path.startswith("/"):
            return f"{ref.kind} {url} is outside the site's base path {self.baseurl}"
        file = self.resolve(path)
        if file is None:
            return f"broken {ref.kind} {url}"
        if fragment and fragment.lower() != "top" and file in self.pages:
            ids = self.pages[file].ids
            if unquote(fragment) in ids or fragment in ids:
                return None
            if url.startswith("#"):
                return f"missing anchor {url}"
            return f"missing anchor #{fragment} in {file} ({url})"
        return None

    def site_path(self, rel: str, page: Page, url: str) -> tuple[str, str] | None:
        """``(path within the site, fragment)`` for an internal URL; None for one not checked here."""
        if self.site_url and url.startswith(self.site_url + "/"):
            url = url[len(self.site_url):]  # the site's own absolute URL (canonical links)
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            return None
        base_rel = _page_url(rel)
        if page.base and not urlsplit(page.base).scheme:
            base_rel = page.base if page.base.startswith("/") else posixpath.join(base_rel, page.base)
            if page.base.startswith("/"):
                base_rel = self._strip_base(base_rel) or base_rel
        if not parts.path:
            return (base_rel if rel != "index.html" else "/"), parts.fragment
        if parts.path.startswith("/"):
            stripped = self._strip_base(parts.path)
            return (stripped if stripped is not None else parts.path.lstrip("/")), parts.fragment
        directory = base_rel if base_rel.endswith("/") else posixpath.dirname(base_rel) + "/"
        joined = posixpath.normpath(posixpath.join(directory, parts.path))
        if parts.path.endswith("/") and not joined.endswith("/"):
            joined += "/"
        return joined, parts.fragment

    def _strip_base(self, path: str) -> str | None:
        """The path without the baseurl, or None when it is outside it."""
        base = self.baseurl.rstrip("/")
        if not base:
            return path
        if path == base:
            return "/"
        return path[len(base):] if path.startswith(base + "/") else None

    def resolve(self, path: str) -> str | None:
        """The file a site path serves, as GitHub Pages finds it, or None."""
        rel = unquote(path).lstrip("/")
        if rel == "" or rel.endswith("/"):
            candidates = [rel + "index.html", rel + "index.htm"]
        else:
            # /about serves about.html or about/index.html (GitHub Pages does both).
            candidates = [rel, rel + ".html", rel + "/index.html"]
        return next((c for c in candidates if c in self.files), None)

    def external_refs(self) -> dict[str, list[tuple[str, Ref]]]:
        """Every http(s) URL the pages use, with the pages and references using it."""
        found: dict[str, list[tuple[str, Ref]]] = {}
        for rel in sorted(self.pages):
            for ref in self.pages[rel].refs:
                url = clean_url(ref.url)
                if url.startswith("//"):
                    url = "https:" + url
                if urlsplit(url).scheme in ("http", "https") and not (
                        self.site_url and url.startswith(self.site_url + "/")):
                    found.setdefault(urldefrag(url)[0], []).append((rel, ref))
        return found


def clean_url(url: str) -> str:
    """The URL a browser would follow: tabs and newlines removed (WHATWG URL parsing), trimmed."""
    return url.translate({9: None, 10: None, 13: None}).strip()


def _page_url(rel: str) -> str:
    """The site path a file is served at: ``a/index.html`` -> ``/a/``."""
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


def check_url(url: str, timeout: float) -> str | None:
    """None when ``url`` answers with a success or redirect, else what went wrong."""
    error: str | None = None
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                if response.status < 400:
                    return None
                error = f"HTTP {response.status}"
        except urllib.error.HTTPError as err:
            error = f"HTTP {err.code}"
            # Some servers refuse HEAD (405, 403, 501...): ask again with GET before judging.
            if method == "HEAD":
                continue
        except (urllib.error.URLError, OSError, ValueError) as err:
            reason = getattr(err, "reason", err)
            return f"unreachable ({reason})"
    return error


def external_problems(checker: Checker, timeout: float, workers: int = 8) -> list[Problem]:
    """Check every external URL once, in parallel; one problem per page that uses a bad one."""
    found = checker.external_refs()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = dict(zip(found, pool.map(lambda u: check_url(u, timeout), found)))
    return [
        Problem(rel, ref.line, f"external {ref.kind} {clean_url(ref.url)}: {error}")
        for url, error in results.items() if error
        for rel, ref in found[url]
    ]


def check_site(root: Path, *, baseurl: str = "", site_url: str = "", external: bool = False,
               timeout: float = 10.0) -> list[Problem]:
    """Every problem in the built site at ``root``, sorted by page and line."""
    checker = Checker(root, normalize_base(baseurl), site_url.rstrip("/"))
    checker.load()
    problems = list(checker.problems())
    if external:
        problems += external_problems(checker, timeout)
    return sorted(problems, key=lambda p: (p.page, p.line, p.message))


def normalize_base(baseurl: str | None) -> str:
    """``blog/`` -> ``/blog``; empty stays empty."""
    base = (baseurl or "").strip().strip("/")
    return f"/{base}" if base else ""


def summary(problems: Iterable[Problem], pages: int | None = None) -> str:
    """A closing line: how many problems on how many pages."""
    items = list(problems)
    on = len({p.page for p in items})
    if not items:
        return "No problems found." if pages is None else f"No problems found in {pages} pages."
    return f"{len(items)} problem{'s' if len(items) != 1 else ''} on {on} page{'s' if on != 1 else ''}."


def run_check(args: argparse.Namespace, log: Logger) -> int:
    """``reblog check``: print each problem as ``page:line: problem``; exit 1 if there are any."""
    overrides = {"baseurl": args.baseurl} if args.baseurl is not None else {}
    if args.destination:
        overrides["destination"] = args.destination
    config = load_config(Path(args.source), _config_names(args), overrides)
    root = Path(config["destination"])
    log.info(f"Checking {root}" + (" and external links" if args.external else ""))
    problems = check_site(
        root, baseurl=str(config.get("baseurl") or ""), site_url=str(config.get("url") or ""),
        external=args.external, timeout=args.timeout,
    )
    for problem in problems:
        print(problem)
    log.info(summary(problems))
    return 1 if problems else 0


def _config_names(args: argparse.Namespace) -> list[str] | None:
    return [c.strip() for c in args.config.split(",")] if args.config else None
