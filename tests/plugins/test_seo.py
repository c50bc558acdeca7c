"""jekyll-seo-tag: {% seo %} on home, about, paginated, plain pages and posts."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_site import build_fixture, expected

PAGES = [
    "index.html", "about/index.html", "blog/index.html", "blog/page2/index.html", "plain.html",
    "2023/07/01/pictured.html", "2023/07/02/excerpted.html",
]


@pytest.fixture(scope="module")
def seo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture, built once."""
    return build_fixture("seo", tmp_path_factory.mktemp("seo"))


@pytest.mark.parametrize("rel", PAGES)
def test_seo_tag(seo_site: Path, rel: str) -> None:
    """The tag's output matches jekyll-seo-tag's byte for byte."""
    assert (seo_site / rel).read_text(encoding="utf-8") == expected("seo", rel)
