"""``reblog check``: find broken links, anchors, images, stylesheets, scripts and CSS ``url()``s in a built site.

Exit codes: 0 when nothing of a ``--fail-on`` kind was found, 1 when something was, 2 when the
check could not run (no built site, a bad ``check:`` setting or flag).
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import posixpath
import re
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urlsplit

from .ci import md_table, md_text, source_line
from .config import load_config
from .config.model import CheckSection, Settings
from .config.parse import parse_settings
from .errors import ReblogError
from .log import Logger

HTML_SUFFIXES = (".html", ".htm")
CSS_SUFFIXES = (".css",)
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
# What ``--fail-on`` names, and which kind of reference falls under which.
CATEGORIES = ("broken-links", "missing-anchors", "images", "stylesheets", "scripts", "media",
              "css-urls", "titles", "external-links")
CATEGORY_OF_KIND = {"link": "broken-links", "image": "images", "icon": "images",
                    "stylesheet": "stylesheets", "script": "scripts", "media": "media",
                    "frame": "media", "resource": "media", "CSS url": "css-urls"}
EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE = 0, 1, 2
# url(...) and @import "..." in a stylesheet (comments are blanked out first).
CSS_URL = re.compile(
    r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""",
    re.IGNORECASE,
)
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


@dataclass(frozen=True)
class Ref:
    """One URL a page refers to: what kind of thing, where in the page."""

    kind: str
    url: str
    line: int


@dataclass(frozen=True)
class Problem:
    """Something broken on one page (or stylesheet): where, what, and which ``--fail-on`` kind."""

    page: str
    line: int
    message: str
    category: str = "broken-links"
    url: str = ""          # the reference as written, to find it in the sources

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


def css_refs(text: str) -> list[Ref]:
    """Every ``url(...)`` and ``@import`` of a stylesheet, with its line; ``url(#id)`` and data: are not files."""
    # Blank out comments but keep their newlines, so lines stay right.
    text = CSS_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    refs = []
    for match in CSS_URL.finditer(text):
        url = next((g for g in match.groups() if g is not None), "").strip()
        if url and not url.startswith("#") and not url.lower().startswith(("data:", "about:")):
            refs.append(Ref("CSS url", url, text.count("\n", 0, match.start()) + 1))
    return refs


def ignored(url: str, patterns: Iterable[str]) -> bool:
    """Whether ``--ignore`` covers ``url``: a glob when the pattern has ``*?[``, else a prefix."""
    return any(
        fnmatch.fnmatchcase(url, pattern) if any(c in pattern for c in "*?[") else url.startswith(pattern)
        for pattern in patterns
    )


@dataclass
class Checker:
    """Checks every HTML page of a built site against the site's own files."""

    root: Path
    baseurl: str = ""
    site_url: str = ""
    files: set[str] = field(default_factory=set)
    pages: dict[str, Page] = field(default_factory=dict)
    styles: dict[str, Page] = field(default_factory=dict)   # stylesheets: their url()s as refs
    ignore: tuple[str, ...] = ()                             # --ignore patterns
    skipped: int = 0                                         # references --ignore left out
    checked: dict[str, int] = field(default_factory=dict)    # references looked at, by what they are

    def load(self) -> None:
        """List every file and parse every HTML page and stylesheet."""
        if not self.root.is_dir():
            raise ReblogError(f"no built site at {self.root}; run reblog build first")
        for path in self.root.rglob("*"):
            if path.is_file():
                rel = path.relative_to(self.root).as_posix()
                self.files.add(rel)
                if rel.endswith(HTML_SUFFIXES):
                    self.pages[rel] = parse_page(path)
                elif rel.endswith(CSS_SUFFIXES):
                    text = path.read_text(encoding="utf-8", errors="replace")
                    self.styles[rel] = Page(refs=css_refs(text))

    def problems(self) -> Iterator[Problem]:
        """Every internal problem, page by page (then stylesheet by stylesheet) in path order."""
        for rel in sorted(self.pages):
            page = self.pages[rel]
            if page.is_document and not page.title:
                yield Problem(rel, 0, "no <title>" if page.title is None else "empty <title>", "titles")
            yield from self._ref_problems(rel, page)
        for rel in sorted(self.styles):
            yield from self._ref_problems(rel, self.styles[rel])

    def _ref_problems(self, rel: str, page: Page) -> Iterator[Problem]:
        for ref in page.refs:
            found = self.check_ref(rel, page, ref)
            if found:
                category, message = found
                yield Problem(rel, ref.line, message, category, clean_url(ref.url))

    def check_ref(self, rel: str, page: Page, ref: Ref) -> tuple[str, str] | None:
        """``(--fail-on kind, message)`` when ``ref`` on page ``rel`` does not resolve, else None."""
        url = clean_url(ref.url)
        target = self.site_path(rel, page, url)
        if target is None:
            return None
        path, fragment = target
        if self.ignore and (ignored(url, self.ignore) or ignored(self._absolute(rel, page, url), self.ignore)):
            self.skipped += 1
            return None
        category = CATEGORY_OF_KIND.get(ref.kind, "broken-links")
        self.checked[category] = self.checked.get(category, 0) + 1
        if not path.startswith("/"):
            return category, f"{ref.kind} {url} is outside the site's base path {self.baseurl}"
        file = self.resolve(path)
        if file is None:
            return category, f"broken {ref.kind} {url}"
        if fragment and fragment.lower() != "top" and file in self.pages:
            self.checked["anchors"] = self.checked.get("anchors", 0) + 1
            ids = self.pages[file].ids
            if unquote(fragment) in ids or fragment in ids:
                return None
            if url.startswith("#"):
                return "missing-anchors", f"missing anchor {url}"
            return "missing-anchors", f"missing anchor #{fragment} in {file} ({url})"
        return None

    def _absolute(self, rel: str, page: Page, url: str) -> str:
        """The path a browser asks the server for (baseurl included), which ``--ignore`` also matches."""
        if self.site_url and url.startswith(self.site_url + "/"):
            return url[len(self.site_url):]
        parts = urlsplit(url)
        if parts.path.startswith("/"):
            return parts.path
        here = self.baseurl + _page_url(rel)
        if page.base and not urlsplit(page.base).scheme:
            here = page.base if page.base.startswith("/") else posixpath.join(here, page.base)
        directory = here if here.endswith("/") else posixpath.dirname(here) + "/"
        return posixpath.normpath(posixpath.join(directory, parts.path)) if parts.path else here

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
        holders = {**self.pages, **self.styles}
        for rel in sorted(holders):
            for ref in holders[rel].refs:
                url = clean_url(ref.url)
                if url.startswith("//"):
                    url = "https:" + url
                if urlsplit(url).scheme in ("http", "https") and not (
                        self.site_url and url.startswith(self.site_url + "/")):
                    if ignored(url, self.ignore):
                        self.skipped += 1
                        continue
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
        Problem(rel, ref.line, f"external {ref.kind} {clean_url(ref.url)}: {error}", "external-links",
                clean_url(ref.url))
        for url, error in results.items() if error
        for rel, ref in found[url]
    ]


@dataclass
class CheckResult:
    """What a check found, and what it looked at."""

    problems: list[Problem]
    pages: int          # HTML pages read
    stylesheets: int    # CSS files read
    skipped: int        # references --ignore left out
    checked: dict[str, int] = field(default_factory=dict)   # references looked at, by --fail-on kind


def run_checks(root: Path, *, baseurl: str = "", site_url: str = "", external: bool = False,
               timeout: float = 10.0, ignore: Iterable[str] = ()) -> CheckResult:
    """Check the built site at ``root``: every problem, sorted by page and line."""
    checker = Checker(root, normalize_base(baseurl), site_url.rstrip("/"), ignore=tuple(ignore))
    checker.load()
    problems = list(checker.problems())
    if external:
        problems += external_problems(checker, timeout)
    problems.sort(key=lambda p: (p.page, p.line, p.message))
    return CheckResult(problems, len(checker.pages), len(checker.styles), checker.skipped, dict(checker.checked))


def check_site(root: Path, *, baseurl: str = "", site_url: str = "", external: bool = False,
               timeout: float = 10.0, ignore: Iterable[str] = ()) -> list[Problem]:
    """Every problem in the built site at ``root``, sorted by page and line."""
    return run_checks(root, baseurl=baseurl, site_url=site_url, external=external, timeout=timeout,
                      ignore=ignore).problems


def normalize_base(baseurl: str | None) -> str:
    """``blog/`` -> ``/blog``; empty stays empty."""
    base = (baseurl or "").strip().strip("/")
    return f"/{base}" if base else ""


def checked_line(result: CheckResult) -> str:
    """What the check looked at: ``Checked 12 pages: 340 links, 25 anchors, 18 images, ...``."""
    counts = result.checked
    parts = [_count(counts.get("broken-links", 0), "link"), _count(counts.get("anchors", 0), "anchor"),
             _count(counts.get("images", 0), "image")]
    looked = _count(result.pages, "page")
    if result.stylesheets:
        looked += f" and {_count(result.stylesheets, 'stylesheet')}"
    other = sum(n for kind, n in counts.items() if kind not in ("broken-links", "anchors", "images"))
    if other:
        parts.append(f"{other} other reference{'' if other == 1 else 's'} (stylesheets, scripts, media, CSS urls)")
    return f"Checked {looked}: {', '.join(parts)}."


def summary(problems: Iterable[Problem], pages: int | None = None) -> str:
    """A closing line: how many problems on how many pages."""
    items = list(problems)
    on = len({p.page for p in items})
    if not items:
        return "No problems found." if pages is None else f"No problems found in {pages} pages."
    return f"{len(items)} problem{'s' if len(items) != 1 else ''} on {on} page{'s' if on != 1 else ''}."


@dataclass(frozen=True)
class CheckSettings:
    """The ``check:`` section of ``_config.yml`` with the flags applied over it."""

    fail_on: frozenset[str]
    ignore: tuple[str, ...]


def parse_kinds(value: Any, where: str) -> frozenset[str]:
    """``--fail-on`` / ``check: fail_on``: kinds comma-separated or listed; ``all`` and ``none`` too."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list):
        raise ReblogError(f"{where} must be a list of kinds, not {value!r}")
    kinds: set[str] = set()
    for item in (str(i).strip() for i in items):
        if item == "all":
            kinds.update(CATEGORIES)
        elif item in CATEGORIES:
            kinds.add(item)
        elif item not in ("none", ""):
            raise ReblogError(f"{where}: unknown kind {item!r}; use all, none or "
                              f"{', '.join(CATEGORIES)}")
    return frozenset(kinds)


def check_settings(section: CheckSection, fail_on: str | None, ignore: list[str] | None) -> CheckSettings:
    """The config's ``check:`` section (``fail_on``, ``ignore``) overridden by ``--fail-on``, extended by ``--ignore``."""
    if fail_on is not None:
        kinds = parse_kinds(fail_on, "--fail-on")
    elif section.fail_on is not None:
        kinds = parse_kinds(list(section.fail_on), "_config.yml: check.fail_on")
    else:
        kinds = frozenset(CATEGORIES)   # every problem fails the check, as before --fail-on existed
    return CheckSettings(kinds, section.ignore + tuple(str(p) for p in ignore or [] if str(p)))


@dataclass
class SourceMap:
    """Which source file made each built file, so an annotation lands on the file a pull request changed."""

    outputs: dict[str, Path] = field(default_factory=dict)        # dest-relative output -> its source
    layouts: dict[str, list[Path]] = field(default_factory=dict)  # its layouts, innermost first
    copied: set[str] = field(default_factory=set)                 # outputs copied as they are
    strip: tuple[str, ...] = ()                   # prefixes a URL may have in the output but not the source

    @classmethod
    def read(cls, config: dict[str, Any], settings: Settings) -> SourceMap:
        """Read the site's sources (front matter and paths only; nothing is rendered)."""
        import io

        from .pipeline import BuildOptions, read_site  # a check without problems never needs them

        found = cls()
        outputs, layouts = found.outputs, found.layouts
        try:
            site = read_site(BuildOptions(source=settings.source),
                             Logger(quiet=True, stream=io.StringIO()), config, settings=settings)
            settings = site.settings
        except ReblogError:
            return found   # the build would have failed too: no locations then
        for item in site.static_files:
            outputs[item.url.lstrip("/")] = item.path
            found.copied.add(item.url.lstrip("/"))
        for doc in site.renderables():
            if doc.generated:
                continue
            rel = doc.output_rel()
            outputs[rel] = doc.path
            chain: list[Path] = []
            name = doc.data.get("layout")
            while name and str(name) in site.layouts and len(chain) < 20:
                layout = site.layouts[str(name)]
                chain.append(layout.path)
                name = layout.data.get("layout")
            layouts[rel] = chain
        base = normalize_base(settings.baseurl)
        url = settings.url.rstrip("/")
        found.strip = tuple(p for p in (url + base, url, base) if p)
        return found

    def locate(self, problem: Problem) -> tuple[Path | None, int | None]:
        """The source file (and line, when the URL is found in it or its layouts) behind a problem."""
        source = self.outputs.get(problem.page)
        if source is None:
            return None, None
        if problem.page in self.copied:
            return source, problem.line or None   # copied as it is: the same line
        if not problem.url:
            return source, None
        needles = [problem.url] + [problem.url[len(p):] for p in self.strip
                                   if problem.url.startswith(p + "/")]
        # A bare "/" or "#x" would match lines that merely contain it somewhere else.
        needles = [n for n in needles if len(n) > 2]
        for path in [source, *self.layouts.get(problem.page, [])]:
            line = source_line(path, needles)
            if line is not None:
                return path, line
        return source, None


def run_check(args: argparse.Namespace, log: Logger) -> int:
    """``reblog check``: print each problem as ``page:line: problem``; exit 1 if one fails the check."""
    log.source = Path(args.source)
    try:
        overrides = {"baseurl": args.baseurl} if args.baseurl is not None else {}
        if args.destination:
            overrides["destination"] = args.destination
        config = load_config(Path(args.source), _config_names(args), overrides)
        site_settings = parse_settings(config)
        settings = check_settings(site_settings.check, args.fail_on, args.ignore)
        root = site_settings.destination
        log.info(f"Checking {root}" + (" and external links" if args.external else ""))
        result = run_checks(
            root, baseurl=site_settings.baseurl, site_url=site_settings.url,
            external=args.external, timeout=args.timeout, ignore=settings.ignore,
        )
    except ReblogError as err:
        log.error(err)
        if args.format == "json":
            print(json.dumps({"command": "check", "ok": False, "exit_code": EXIT_UNUSABLE,
                              "error": str(err)}, indent=2))
        if log.github is not None:
            log.github.append_summary(f"## ❌ reblog check could not run\n\n{md_text(str(err))}")
        return EXIT_UNUSABLE
    failing = [p for p in result.problems if p.category in settings.fail_on]
    code = EXIT_PROBLEMS if failing else EXIT_OK
    wanted = result.problems and (log.github is not None or args.format == "json")
    sources = SourceMap.read(config, site_settings) if wanted else SourceMap()
    located = [(p, *sources.locate(p)) for p in result.problems]
    annotated: set[tuple[str, str, str, int | None]] = set()
    for problem, file, line in located:
        if args.format != "json":
            print(problem)
        level = "error" if problem.category in settings.fail_on else "warning"
        key = (level, problem.message, str(file), line) if file else (level, str(problem), "", None)
        if key not in annotated:   # a broken link in a layout is on every page: annotate it once
            annotated.add(key)
            log.annotate(level, key[1], key[2] or None, key[3])
    log.info(checked_line(result))
    log.info(summary(result.problems, result.pages))
    if args.format == "json":
        print(json.dumps(check_json(result, settings, located, code, log.source), indent=2))
    if log.github is not None:
        log.github.append_summary(check_markdown(result, settings, located, log.source))
    return code


def _shown(path: Path | None, line: int | None, source: Path) -> str | None:
    """A source location as the reader knows it: relative to the site's folder when inside it."""
    if path is None:
        return None
    try:
        name = path.resolve().relative_to(source.resolve()).as_posix()
    except ValueError:
        name = str(path)
    return f"{name}:{line}" if line else name


def check_json(result: CheckResult, settings: CheckSettings,
               located: list[tuple[Problem, Path | None, int | None]], code: int, source: Path) -> dict[str, Any]:
    """``reblog check --format json``: the same facts as the text, for other CI systems."""
    counts: dict[str, int] = {}
    for problem in result.problems:
        counts[problem.category] = counts.get(problem.category, 0) + 1
    return {
        "command": "check", "ok": code == EXIT_OK, "exit_code": code,
        "pages": result.pages, "stylesheets": result.stylesheets, "ignored": result.skipped,
        "fail_on": [c for c in CATEGORIES if c in settings.fail_on], "ignore": list(settings.ignore),
        "counts": counts,
        "problems": [
            {"page": p.page, "line": p.line or None, "kind": p.category, "message": p.message,
             "fails": p.category in settings.fail_on, "url": p.url or None,
             "source": _shown(file, line, source)}
            for p, file, line in located
        ],
    }


MAX_LISTED = 50   # problems listed in the job summary; the log has them all


def check_markdown(result: CheckResult, settings: CheckSettings,
                   located: list[tuple[Problem, Path | None, int | None]], source: Path) -> str:
    """The job summary's section for ``reblog check``."""
    problems = result.problems
    failing = sum(1 for p in problems if p.category in settings.fail_on)
    looked = _count(result.pages, "page") + (
        f" and {_count(result.stylesheets, 'stylesheet')}" if result.stylesheets else "")
    found = f"{_count(len(problems), 'problem')} in {looked}"
    if not problems:
        head = f"## ✅ reblog check: no problems in {looked}"
    elif not failing:
        head = f"## ✅ reblog check passed: {found}, none of a kind that fails"
    else:
        some = f" ({failing} fail the check)" if failing < len(problems) else ""
        head = f"## ❌ reblog check failed: {found}{some}"
    parts = [head]
    if settings.ignore:
        parts.append(f"Ignored: {', '.join(f'`{md_text(p)}`' for p in settings.ignore)} "
                     f"({result.skipped} references).")
    if problems:
        counts: dict[str, int] = {}
        for problem in problems:
            counts[problem.category] = counts.get(problem.category, 0) + 1
        parts.append(md_table(("Kind", "Fails the check", "Problems"), [
            (kind, "yes" if kind in settings.fail_on else "no", str(counts[kind]))
            for kind in CATEGORIES if kind in counts]))
        rows = [
            (f"`{md_text(_shown(file, line, source) or '')}`" if file else "",
             f"`{md_text(f'{p.page}:{p.line}' if p.line else p.page)}`", md_text(p.message))
            for p, file, line in located[:MAX_LISTED]
        ]
        parts.append(md_table(("Source", "Built page", "Problem"), rows, right=0))
        if len(problems) > MAX_LISTED:
            parts.append(f"… and {len(problems) - MAX_LISTED} more (all are in the log).")
    return "\n\n".join(parts)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _config_names(args: argparse.Namespace) -> list[str] | None:
    return [c.strip() for c in args.config.split(",")] if args.config else None
