"""jekyll-toc: the list, the anchors and the re-written HTML as the gem (0.18.0) makes them."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_site import build_fixture, expected


@pytest.fixture(scope="module")
def toc_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture, built once."""
    return build_fixture("toc", tmp_path_factory.mktemp("toc"))


@pytest.mark.parametrize("rel", ["guide.html", "split.html", "2023/02/03/tag.html", "off.html",
                                 "2023/01/02/post.html"])
def test_toc_pages_are_byte_identical(toc_site: Path, rel: str) -> None:
    """toc (list + anchored HTML), toc_only, inject_anchors, {% toc %}, disabled pages, posts."""
    assert (toc_site / rel).read_text(encoding="utf-8") == expected("toc", rel)


def test_toc_options(tmp_path: Path) -> None:
    """Levels, ordered lists, classes, ids, several no-toc sections, headings without ids."""
    out = build_fixture("toc_options", tmp_path)
    assert (out / "index.html").read_text(encoding="utf-8") == expected("toc_options", "index.html")
