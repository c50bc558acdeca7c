"""jekyll-archives: archive pages as the gem (2.2.1) makes them, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_site import FIXTURES, build_fixture, expected


def _pages(name: str) -> list[str]:
    root = FIXTURES / name / "expected"
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("index.html"))


@pytest.fixture(scope="module")
def archives_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture, built once."""
    return build_fixture("archives", tmp_path_factory.mktemp("archives"))


@pytest.mark.parametrize("rel", _pages("archives"))
def test_archive_pages(archives_site: Path, rel: str) -> None:
    """Tags (one slug for two spellings: the later wins), categories, years, months; layouts per
    type; a custom permalink; page.posts newest first, page.date, page.title, page.path."""
    assert (archives_site / rel).read_text(encoding="utf-8") == expected("archives", rel)


def test_no_other_pages(archives_site: Path) -> None:
    """Only the enabled kinds are made (no day archives here)."""
    made = sorted(p.relative_to(archives_site).as_posix() for p in archives_site.rglob("index.html"))
    assert made == _pages("archives")


def test_all_enabled(tmp_path: Path) -> None:
    """``enabled: all``: days too, default permalinks and layout, ``category:`` singular."""
    out = build_fixture("archives_all", tmp_path)
    made = sorted(p.relative_to(out).as_posix() for p in out.rglob("index.html"))
    assert made == _pages("archives_all")
    for rel in made:
        assert (out / rel).read_text(encoding="utf-8") == expected("archives_all", rel), rel


def test_site_archives_and_page_name(tmp_path: Path) -> None:
    """``site.archives`` lists every archive page in the gem's order (a tag slug shared by two
    spellings appears twice); ``page.name`` is the written file's base name ("index", "list",
    the tag's slug); ``page.permalink`` is empty; a permalink not ending in ``/``."""
    out = build_fixture("archives_list", tmp_path)
    root = FIXTURES / "archives_list" / "expected"
    made = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    assert made == sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html"))
    for rel in made:
        assert (out / rel).read_text(encoding="utf-8") == expected("archives_list", rel), rel
