"""jekyll-feed: Atom feeds for posts, categories, collections and tags, and {% feed_meta %}."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_site import assert_same, build_fixture, expected

FEEDS = [
    "atom.xml", "feed/news.xml", "feed/notes.xml", "feed/notes/misc.xml",
    "feed/by_tag/alpha.xml", "feed/by_tag/beta.xml", "feed/by_tag/gamma.xml",
]


@pytest.fixture(scope="module")
def feed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The rich fixture, built once."""
    return build_fixture("feed", tmp_path_factory.mktemp("feed"))


@pytest.mark.parametrize("rel", FEEDS)
def test_feeds(feed_site: Path, rel: str) -> None:
    """Each feed file matches Jekyll's."""
    assert_same("feed", feed_site, rel)


def test_feed_is_byte_identical(feed_site: Path) -> None:
    """The main feed is written exactly as jekyll-feed minifies it."""
    assert (feed_site / "atom.xml").read_text(encoding="utf-8") == expected("feed", "atom.xml")


def test_no_feed_for_excluded_or_complex_tags(feed_site: Path) -> None:
    """Tags listed under except, and tags with spaces, get no feed; nor does the default path."""
    assert not (feed_site / "feed/by_tag/skipme.xml").exists()
    assert not list((feed_site / "feed/by_tag").glob("two*"))
    assert not (feed_site / "feed.xml").exists()


def test_feed_meta(feed_site: Path) -> None:
    """The tag links the configured path and escapes the title as an XML attribute."""
    assert_same("feed", feed_site, "index.html")


@pytest.mark.parametrize("rel", ["feed.xml", "page.html"])
def test_minimal_site(tmp_path: Path, rel: str) -> None:
    """No title, a string author, excerpt_only: the defaults."""
    out = build_fixture("feed_minimal", tmp_path)
    assert_same("feed_minimal", out, rel)


def test_feed_meta_escapes_title(tmp_path: Path) -> None:
    """Quotes, apostrophes and ampersands in the title are escaped as Ruby does for attributes."""
    out = build_fixture("feed_typography", tmp_path)
    assert_same("feed_typography", out, "meta.html")


def test_typography(tmp_path: Path) -> None:
    """Titles go through smartify; content keeps kramdown's paragraph spacing."""
    out = build_fixture("feed_typography", tmp_path)
    assert_same("feed_typography", out, "feed.xml")
