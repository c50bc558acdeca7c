"""Gem themes: fixture sites on minima (Debian's gem) and on a test theme gem match Jekyll's output.

``tests/fixtures/themes/<name>/site`` is built by ``regenerate.sh`` with Debian's Jekyll 4.3 and
the theme gems into ``expected/``; reblog must write the same files. ``gems/`` there is a gem
directory put on ``GEM_PATH`` (before Ruby's own gem path) for both builds.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sitefiles import compare_file, relative_files

from reblog.pipeline import BuildOptions, build
from reblog.log import Logger
from reblog.theme import find_theme, gem_dirs

THEMES = Path(__file__).resolve().parent / "fixtures" / "themes"
FIXTURE_GEMS = THEMES / "gems"
PINNED_MTIME = datetime(2023, 6, 1, 12, 0, tzinfo=UTC).timestamp()  # as regenerate.sh pins it


def site_names() -> list[str]:
    """Every theme fixture with recorded Jekyll output."""
    return sorted(p.name for p in THEMES.iterdir() if (p / "site").is_dir() and (p / "expected").is_dir())


@pytest.fixture
def gem_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """GEM_PATH as regenerate.sh sets it (fixture gems first) and the clock's zone UTC."""
    default = os.pathsep.join(str(p) for p in gem_dirs({"HOME": os.environ.get("HOME", "/")}))
    monkeypatch.setenv("GEM_PATH", f"{FIXTURE_GEMS}{os.pathsep}{default}")
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def source_map_text(path: Path, site: Path) -> str:
    """A source map's text with each of its ``sources`` made absolute from the site folder
    (``SITE/...`` inside it): libsass writes them relative to the map, so the theme gem's
    depend on where the site lies (the fixture's folder for Jekyll, a temporary one here)."""
    text = path.read_text("utf-8")
    start = text.index('"sources": [')
    end = text.index("]", start)

    def absolute(found: re.Match[str]) -> str:
        where = Path(os.path.normpath(site / found.group(1)))
        return f'"SITE/{where.relative_to(site)}"' if where.is_relative_to(site) else f'"{where}"'

    return text[:start] + re.sub(r'"([^"]+)"', absolute, text[start + 12:end]) + text[end:]


def build_theme_site(name: str, tmp_path: Path) -> tuple[Path, Logger]:
    """Copy the fixture, pin its mtimes, build it with reblog; returns the output and the log."""
    source = tmp_path / "site"
    shutil.copytree(THEMES / name / "site", source)
    for root, _dirs, files in os.walk(source):
        for file in files:
            os.utime(Path(root) / file, (PINNED_MTIME, PINNED_MTIME))
    out = tmp_path / "out"
    log = Logger(quiet=True)
    build(BuildOptions(source=source, destination=str(out), cache=False), log)
    return out, log


@pytest.mark.parametrize("name", site_names())
def test_theme_site_matches_jekyll(name: str, tmp_path: Path, gem_env: None) -> None:
    """Every file Jekyll wrote, reblog writes the same (source maps with their ``sources`` made
    absolute)."""
    if name.startswith("minima") and find_theme("minima") is None:
        pytest.skip("Debian's jekyll-theme-minima (minima 2.5.1) is not installed")
    out, log = build_theme_site(name, tmp_path)
    expected_root = THEMES / name / "expected"
    want = relative_files(expected_root)
    got = relative_files(out)
    problems = [f"missing: {r}" for r in sorted(want - got)]
    problems += [f"extra: {r}" for r in sorted(got - want)]
    for rel in sorted(want & got):
        if rel.endswith(".map"):
            want_map = source_map_text(expected_root / rel, THEMES / name / "site")
            if source_map_text(out / rel, tmp_path / "site") != want_map:
                problems.append(f"differs: {rel}")
            continue
        diff = compare_file(rel, expected_root / rel, out / rel)
        if diff is not None:
            problems.append(diff)
    assert not problems, "\n".join(problems)
    assert not log.warnings


def test_highest_installed_version_is_used(gem_env: None) -> None:
    """Two versions of the fixture theme are installed: the higher one wins, as in RubyGems."""
    theme = find_theme("reblog-fixture-theme")
    assert theme is not None
    assert theme.version == "1.0.0"
    assert theme.root == (FIXTURE_GEMS / "gems" / "reblog-fixture-theme-1.0.0").resolve()
    assert theme.plugins == ("jekyll-sitemap",)  # runtime deps without jekyll; not bundler
