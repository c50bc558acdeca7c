"""jekyll-paginate: the template page, pages 2..N, and the paginator's fields."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_site import assert_same, build_fixture


@pytest.mark.parametrize("rel", [
    "blog/index.html", "blog/page2/index.html", "blog/page3/index.html", "index.html", "about.html",
])
def test_blog_folder_pagination(tmp_path: Path, rel: str) -> None:
    """Only blog/index.html is paginated; hidden posts are left out; baseurl is not in paths."""
    out = build_fixture("paginate", tmp_path)
    assert_same("paginate", out, rel)


def test_no_extra_pages(tmp_path: Path) -> None:
    """No page beyond the last one, and no copy of the root index."""
    out = build_fixture("paginate", tmp_path)
    assert not (out / "blog/page4").exists()
    assert not (out / "blog/page1").exists()


@pytest.mark.parametrize("rel", ["index.html", "page2/index.html"])
def test_root_pagination(tmp_path: Path, rel: str) -> None:
    """The default paginate_path paginates the root index.html."""
    out = build_fixture("paginate_root", tmp_path)
    assert_same("paginate_root", out, rel)
