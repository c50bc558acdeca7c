"""Golden-file tests: tiny Jekyll sites built by reblog must match real Jekyll 4.3's output.

Each ``tests/fixtures/sites/<name>/src`` is built with reblog (plus the shared
``pin.yml`` config that fixes ``site.time``) and compared with ``expected/``,
which ``tests/fixtures/sites/regenerate.py`` records with ``jekyll build``.
The set of output files must be equal; HTML/XML files are compared after
normalizing whitespace between tags and at line ends (``<pre>`` kept exact),
everything else byte for byte.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reblog.pipeline import BuildOptions, build
from reblog.log import Logger

from sitefiles import compare_file, relative_files

SITES_DIR = Path(__file__).resolve().parent / "fixtures" / "sites"
PIN_CONFIG = SITES_DIR / "pin.yml"

# Sites on which reblog is known to differ from Jekyll (real engine bugs, reported to the lead).
# Each is marked xfail(strict=True): fixing the bug makes the test XPASS, i.e. show up as failed,
# so the entry must then be removed.
KNOWN_DIFFERENCES: dict[str, str] = {}


def site_names() -> list[str]:
    """Every fixture site with both a source tree and recorded Jekyll output."""
    return sorted(
        p.name for p in SITES_DIR.iterdir() if (p / "src").is_dir() and (p / "expected").is_dir()
    )


def build_with_reblog(name: str, out: Path) -> None:
    """Build one fixture site with reblog into ``out`` using the same pinned config as Jekyll."""
    src = SITES_DIR / name / "src"
    options = BuildOptions(
        source=src, destination=str(out),
        config_files=[str(src / "_config.yml"), str(PIN_CONFIG)],
        cache=False,  # the fixtures stay as committed: no .jekyll-cache/ in them
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
