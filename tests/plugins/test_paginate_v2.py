"""jekyll-paginate-v2 3.0: paginated pages and autopages as the gem (with Jekyll 4.3.1) writes them."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_site import FIXTURES, build_fixture, expected
from sitefiles import write_files

from reblog.errors import ReblogError
from reblog.log import Logger
from reblog.pipeline import BuildOptions, build


def _written(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.is_file() and p.name != ".nojekyll")


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The blog fixture, built once."""
    return build_fixture("paginate_v2", tmp_path_factory.mktemp("paginate_v2"))


@pytest.fixture(scope="module")
def autopages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The autopages fixture, built once."""
    return build_fixture("paginate_v2_autopages", tmp_path_factory.mktemp("paginate_v2_autopages"))


@pytest.mark.parametrize("rel", _written(FIXTURES / "paginate_v2" / "expected"))
def test_blog(blog: Path, rel: str) -> None:
    """A blog index paginated with per_page, a /page/:num/ permalink, a :title/:num/:max title,
    newest first, and a trail; a category-filtered template with a permalink and its own trail;
    a Markdown template sorted by title (case-insensitive) with an offset and a permalink without
    a slash (``more-2index.html``); hidden posts left out; the template pages removed; every
    paginated page rendered with the first one's Liquid, as Jekyll's cache does; defaults scoped
    to the template's folder give the layout but not ``page.author``/``page.lang``."""
    assert (blog / rel).read_text(encoding="utf-8") == expected("paginate_v2", rel)


def test_blog_writes_nothing_else(blog: Path) -> None:
    """No page beyond the last, no copy of the templates at their own URLs."""
    assert _written(blog) == _written(FIXTURES / "paginate_v2" / "expected")


@pytest.mark.parametrize("rel", _written(FIXTURES / "paginate_v2_autopages" / "expected"))
def test_autopages(autopages: Path, rel: str) -> None:
    """Tag (slugified), category and collection autopages from layouts, each paginated; a
    collection with a locale filter, sort by title, indexpage + extension (``index.htm``,
    ``p/2index.htm``); a limit; a tag nobody uses (one empty page); jekyll-paginate listed too
    (it does nothing without ``paginate:``)."""
    assert (autopages / rel).read_text(encoding="utf-8") == expected("paginate_v2_autopages", rel)


def test_autopages_writes_nothing_else(autopages: Path) -> None:
    """Exactly the gem's files."""
    assert _written(autopages) == _written(FIXTURES / "paginate_v2_autopages" / "expected")


def _site(tmp_path: Path, config: str, files: dict[str, str] | None = None) -> tuple[Path, Logger]:
    write_files(tmp_path / "src", {
        "_config.yml": config,
        "index.html": "---\npagination:\n  enabled: true\n---\n{{ paginator.total_pages }}\n",
        "_posts/2023-01-01-a.md": "---\n---\na\n",
        **(files or {}),
    })
    log = Logger(quiet=True)
    build(BuildOptions(source=tmp_path / "src", destination=str(tmp_path / "out")), log)
    return tmp_path / "out", log


def test_legacy_paginate_setting_stops_the_build(tmp_path: Path) -> None:
    """With ``paginate:`` set the gem's expired legacy mode raises, and Jekyll stops: so does reblog,
    saying what to change."""
    with pytest.raises(ReblogError) as err:
        _site(tmp_path, "plugins: [jekyll-paginate-v2]\npaginate: 2\n")
    assert "_config.yml" in str(err.value) and "pagination:" in str(err.value)


def test_disabled_in_the_site_config(tmp_path: Path) -> None:
    """Without ``pagination: enabled: true`` the template is an ordinary page."""
    out, log = _site(tmp_path, "plugins: [jekyll-paginate-v2]\n")
    assert (out / "index.html").read_text(encoding="utf-8") == "\n"
    assert log.warnings == []


def test_no_template_is_a_warning(tmp_path: Path) -> None:
    """Enabled, but no page asks for pagination: the gem's warning."""
    _, log = _site(tmp_path, "plugins: [jekyll-paginate-v2]\npagination: {enabled: true}\n",
                   {"index.html": "---\n---\nplain\n"})
    assert any("couldn't find any pagination page" in w for w in log.warnings)


def test_per_page_zero_is_an_error(tmp_path: Path) -> None:
    """per_page 0 (Jekyll: FloatDomainError) is one line naming the template."""
    with pytest.raises(ReblogError) as err:
        _site(tmp_path, "plugins: [jekyll-paginate-v2]\npagination: {enabled: true, per_page: 0}\n")
    assert "per_page" in str(err.value) and "index.html" in str(err.value)


def test_markdown_template_is_not_converted(tmp_path: Path) -> None:
    """The gem names its pages ``.html`` (no extension), so a Markdown template's pages are not
    converted: the Markdown is written as it is, inside the layout."""
    out = build_fixture("paginate_v2_markdown", tmp_path)
    assert _written(out) == _written(FIXTURES / "paginate_v2_markdown" / "expected")
    for rel in _written(out):
        assert (out / rel).read_text(encoding="utf-8") == expected("paginate_v2_markdown", rel), rel


def test_autopages_without_their_layouts(tmp_path: Path) -> None:
    """Autopages on with the default layouts missing: Jekyll warns and writes empty pages at the
    default permalinks (the tag not slugified: ``tag/solo trip/``); reblog too, with a warning
    saying what to do, instead of stopping."""
    out = build_fixture("paginate_v2_no_layout", tmp_path)
    assert _written(out) == _written(FIXTURES / "paginate_v2_no_layout" / "expected")
    for rel in _written(out):
        assert (out / rel).read_text(encoding="utf-8") == expected("paginate_v2_no_layout", rel), rel
