"""Golden-file tests: tiny Jekyll sites built by reblog must match real Jekyll 4.3's output.

Each ``tests/fixtures/sites/<name>/src`` is built with reblog (plus the shared
``pin.yml`` config that fixes ``site.time``) and compared with ``expected/``,
which ``tests/fixtures/sites/regenerate.py`` records with ``jekyll build``.
The set of output files must be equal; HTML/XML files are compared after
normalizing whitespace between tags and at line ends (``<pre>`` kept exact),
everything else byte for byte.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from reblog.pipeline import BuildOptions, build
from reblog.log import Logger

SITES_DIR = Path(__file__).resolve().parent / "fixtures" / "sites"
PIN_CONFIG = SITES_DIR / "pin.yml"

# Sites on which reblog is known to differ from Jekyll (real engine bugs, reported to the lead).
# Each is marked xfail(strict=True): fixing the bug makes the test XPASS, i.e. show up as failed,
# so the entry must then be removed.
KNOWN_DIFFERENCES: dict[str, str] = {}

MARKUP_SUFFIXES = {".html", ".htm", ".xml", ".xhtml", ".svg", ".rss", ".atom"}
_PRE_RE = re.compile(r"(<pre\b.*?</pre>)", re.DOTALL | re.IGNORECASE)
_BETWEEN_TAGS_RE = re.compile(r">\s+<")
_TRAILING_RE = re.compile(r"[ \t]+$", re.MULTILINE)


def site_names() -> list[str]:
    """Every fixture site with both a source tree and recorded Jekyll output."""
    return sorted(
        p.name for p in SITES_DIR.iterdir() if (p / "src").is_dir() and (p / "expected").is_dir()
    )


def normalize_markup(text: str) -> str:
    """Collapse whitespace runs between tags and strip trailing blanks, outside ``<pre>``.

    Whitespace between ``>`` and ``<`` becomes a single newline (so diffs stay
    line-oriented); ``<pre>`` blocks are kept byte-exact.
    """
    parts = _PRE_RE.split(text)
    out: list[str] = []
    for index, part in enumerate(parts):
        if index % 2:  # a <pre> block
            out.append(part)
            continue
        part = _TRAILING_RE.sub("", part)
        part = _BETWEEN_TAGS_RE.sub(">\n<", part)
        out.append(part)
    return "".join(out).strip() + "\n"


def relative_files(root: Path) -> set[str]:
    """Paths (posix, relative to root) of every file under root."""
    # .nojekyll is reblog's documented addition for GitHub Pages; Jekyll does not write it.
    return {
        p.relative_to(root).as_posix() for p in root.rglob("*")
        if p.is_file() and p.name != ".nojekyll"
    }


def compare_file(rel: str, expected: Path, actual: Path) -> str | None:
    """A readable diff of one output file, or None when it matches."""
    want, got = expected.read_bytes(), actual.read_bytes()
    if want == got:
        return None
    if Path(rel).suffix.lower() in MARKUP_SUFFIXES:
        try:
            want_text = normalize_markup(want.decode("utf-8"))
            got_text = normalize_markup(got.decode("utf-8"))
        except UnicodeDecodeError:
            return f"{rel}: binary contents differ"
        if want_text == got_text:
            return None
    else:
        try:
            want_text, got_text = want.decode("utf-8"), got.decode("utf-8")
        except UnicodeDecodeError:
            return f"{rel}: binary contents differ ({len(want)} vs {len(got)} bytes)"
    diff = difflib.unified_diff(
        want_text.splitlines(keepends=True), got_text.splitlines(keepends=True),
        fromfile=f"jekyll/{rel}", tofile=f"reblog/{rel}",
    )
    return "".join(diff)


def build_with_reblog(name: str, out: Path) -> None:
    """Build one fixture site with reblog into ``out`` using the same pinned config as Jekyll."""
    src = SITES_DIR / name / "src"
    options = BuildOptions(
        source=src, destination=str(out),
        config_files=[str(src / "_config.yml"), str(PIN_CONFIG)],
        cache=False,  # the fixtures stay as committed: no .reblog-cache/ in them
    )
    build(options, Logger(quiet=True))


def _param(name: str) -> object:
    """A pytest param for one site, marked xfail when it is a known difference."""
    reason = KNOWN_DIFFERENCES.get(name)
    if reason is None:
        return pytest.param(name, id=name)
    return pytest.param(name, id=name, marks=pytest.mark.xfail(strict=True, reason=reason))


def test_known_differences_name_real_sites() -> None:
    """Every KNOWN_DIFFERENCES entry must name an existing fixture site."""
    assert set(KNOWN_DIFFERENCES) <= set(site_names())


@pytest.mark.parametrize("name", [_param(n) for n in site_names()])
def test_golden_site(name: str, tmp_path: Path) -> None:
    """reblog's output for the site equals Jekyll's recorded output."""
    out = tmp_path / "out"
    build_with_reblog(name, out)
    expected_root = SITES_DIR / name / "expected"
    want, got = relative_files(expected_root), relative_files(out)
    problems: list[str] = []
    if missing := sorted(want - got):
        problems.append("missing from reblog output:\n  " + "\n  ".join(missing))
    if extra := sorted(got - want):
        problems.append("only in reblog output:\n  " + "\n  ".join(extra))
    for rel in sorted(want & got):
        diff = compare_file(rel, expected_root / rel, out / rel)
        if diff is not None:
            problems.append(diff)
    assert not problems, f"site {name!r} differs from Jekyll:\n\n" + "\n".join(problems)
