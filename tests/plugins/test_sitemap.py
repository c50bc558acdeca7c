"""jekyll-sitemap: sitemap.xml (documents, HTML pages, HTML/PDF files) and robots.txt."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_site import build_fixture, expected


@pytest.fixture(scope="module")
def sitemap_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture, built once."""
    return build_fixture("sitemap", tmp_path_factory.mktemp("sitemap"))


@pytest.mark.parametrize("rel", ["sitemap.xml", "robots.txt"])
def test_generated_files_are_byte_identical(sitemap_site: Path, rel: str) -> None:
    """Both files match Jekyll's byte for byte (lastmod dates, sitemap: false, 404, baseurl)."""
    assert (sitemap_site / rel).read_text(encoding="utf-8") == expected("sitemap", rel)


@pytest.mark.parametrize("rel", ["sitemap.xml", "robots.txt"])
def test_own_robots_kept(tmp_path: Path, rel: str) -> None:
    """A site's own robots.txt wins; no url gives site-relative locations."""
    out = build_fixture("sitemap_own", tmp_path)
    assert (out / rel).read_text(encoding="utf-8") == expected("sitemap_own", rel)


def test_static_file_defaults(tmp_path: Path) -> None:
    """A static file set to sitemap: false by front matter defaults is left out."""
    out = build_fixture("sitemap_defaults", tmp_path)
    assert (out / "sitemap.xml").read_text(encoding="utf-8") == expected(
        "sitemap_defaults", "sitemap.xml")
