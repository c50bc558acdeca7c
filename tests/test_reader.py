"""Reading a source tree: what becomes a post, a page, a static file, data; dates and zones."""

from __future__ import annotations

from pathlib import Path

import pytest

from reblog.errors import ReblogError
from reblog.pipeline import BuildOptions, read_site
from reblog.log import Logger

from sitefiles import write_files


def read(tmp_path: Path, files: dict[str, str | bytes], **options: object):
    """Write a site and read it."""
    write_files(tmp_path, files)
    if "_config.yml" not in files:
        (tmp_path / "_config.yml").write_text("timezone: UTC\n")
    options.setdefault("destination", str(tmp_path / "_site"))
    opts = BuildOptions(source=tmp_path, **options)  # type: ignore[arg-type]
    return read_site(opts, Logger(quiet=True))


def test_posts_pages_static_and_special_entries(tmp_path: Path) -> None:
    site = read(tmp_path, {
        "_posts/2024-01-02-hello-world.md": "---\n---\nhi",
        "_posts/not-dated.md": "---\n---\nignored",
        "about.md": "---\ntitle: About\n---\n",
        "img/logo.png": b"\x89PNG",
        "plain.txt": "no front matter",
        ".hidden": "x",
        "_private/x.md": "---\n---\n",
        "#temp#": "x",
        "backup.md~": "x",
        "node_modules/pkg/index.js": "x",
    })
    assert [p.relpath for p in site.posts] == ["_posts/2024-01-02-hello-world.md"]
    assert [p.relpath for p in site.pages] == ["about.md"]
    assert sorted(f.relpath for f in site.static_files) == ["img/logo.png", "plain.txt"]


def test_post_fields_from_file_name_and_front_matter(tmp_path: Path) -> None:
    site = read(tmp_path, {
        "blog/_posts/2024-01-02-hello-world.md": "---\ntags: a b\ncategory: News\n---\nx",
    })
    post = site.posts[0]
    assert post.data["title"] == "Hello World"
    assert post.data["slug"] == "hello-world"
    assert post.data["tags"] == ["a", "b"]
    assert post.data["categories"] == ["blog", "News"]
    assert post.url == "/blog/news/2024/01/02/hello-world.html"


def test_dates_with_offsets_move_into_the_site_zone(tmp_path: Path) -> None:
    site = read(tmp_path, {
        "_config.yml": "timezone: America/New_York\n",
        "_posts/2024-03-01-a.md": "---\ndate: 2024-03-02 01:30:00 +0000\n---\nx",
    })
    post = site.posts[0]
    assert post.date is not None and post.date.utcoffset() is not None
    assert (post.date.year, post.date.month, post.date.day, post.date.hour) == (2024, 3, 1, 20)
    assert post.url == "/2024/03/01/a.html"


def test_future_and_unpublished_need_flags(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "_posts/2999-01-01-future.md": "---\n---\nx",
        "_posts/2020-01-01-hidden.md": "---\npublished: false\n---\nx",
    }
    assert read(tmp_path, files).posts == []
    site = read(tmp_path, files, future=True, unpublished=True)
    assert len(site.posts) == 2


def test_drafts_dated_by_mtime(tmp_path: Path) -> None:
    site = read(tmp_path, {"_drafts/idea.md": "---\n---\nx"}, drafts=True)
    assert site.posts[0].draft and site.posts[0].url.endswith("/idea.html")


def test_collections_and_data(tmp_path: Path) -> None:
    site = read(tmp_path, {
        "_config.yml": "timezone: UTC\ncollections:\n  recipes:\n    output: true\n    sort_by: order\n",
        "_recipes/b.md": "---\norder: 1\n---\n",
        "_recipes/a.md": "---\norder: 2\n---\n",
        "_recipes/photo.jpg": b"jpg",
        "_data/team.yml": "- name: Ann\n",
        "_data/nested/prices.json": '{"a": 1}',
        "_data/rows.csv": "k,v\nx,1\n",
        "_data/rows2.tsv": "k\tv\ny\t2\n",
    })
    recipes = site.collections["recipes"]
    assert [d.relpath for d in recipes.docs] == ["_recipes/b.md", "_recipes/a.md"]
    assert recipes.docs[0].url == "/recipes/b.html"
    assert [f.url for f in recipes.files] == ["/recipes/photo.jpg"]
    assert site.data == {
        "team": [{"name": "Ann"}], "nested": {"prices": {"a": 1}},
        "rows": [{"k": "x", "v": "1"}], "rows2": [{"k": "y", "v": "2"}],
    }


def test_front_matter_defaults_by_path_and_type(tmp_path: Path) -> None:
    site = read(tmp_path, {
        "_config.yml": (
            "timezone: UTC\ndefaults:\n"
            "  - scope: {path: ''}\n    values: {layout: base, x: 1}\n"
            "  - scope: {path: '', type: posts}\n    values: {layout: post}\n"
            "  - scope: {path: docs}\n    values: {x: 2}\n"
        ),
        "_posts/2024-01-01-a.md": "---\n---\n",
        "docs/page.md": "---\n---\n",
        "top.md": "---\nx: 3\n---\n",
    })
    assert site.posts[0].data["layout"] == "post"
    pages = {p.relpath: p.data for p in site.pages}
    assert pages["docs/page.md"]["x"] == 2 and pages["docs/page.md"]["layout"] == "base"
    assert pages["top.md"]["x"] == 3


def test_exclude_and_include(tmp_path: Path) -> None:
    site = read(tmp_path, {
        "_config.yml": "timezone: UTC\nexclude: [drafts-folder, '*.log']\ninclude: [.well-known]\n",
        "drafts-folder/a.md": "---\n---\n",
        "debug.log": "x",
        ".well-known/security.txt": "x",
    })
    assert [f.relpath for f in site.static_files] == [".well-known/security.txt"]
    assert site.pages == []


def test_destination_inside_source_is_not_read(tmp_path: Path) -> None:
    site = read(tmp_path, {"out/old.html": "---\n---\n"}, destination=str(tmp_path / "out"))
    assert site.pages == []


def test_post_with_an_invalid_date_in_its_file_name_stops_the_build(build_site) -> None:
    # Jekyll: "Invalid date '2024-13-45': Document '...' does not have a valid date in the filename."
    with pytest.raises(ReblogError) as info:
        build_site({"_posts/2024-13-45-x.md": "---\n---\nx"})
    assert info.value.file == "_posts/2024-13-45-x.md"
    assert "Invalid date '2024-13-45'" in info.value.message


def test_post_with_an_invalid_date_in_its_front_matter_stops_the_build(build_site) -> None:
    # Jekyll 4.3.1: "Invalid date 'tuesday': Document '_posts/2016-01-01-test.md' does not have a
    # valid date in the YAML front matter."
    with pytest.raises(ReblogError) as info:
        build_site({"_posts/2016-01-01-test.md": "---\ndate: tuesday\n---\nx"})
    assert info.value.file == "_posts/2016-01-01-test.md"
    assert info.value.message == (
        "Invalid date 'tuesday': Document '_posts/2016-01-01-test.md' does not have a valid date "
        "in the YAML front matter.")


def test_sort_by_key_missing_in_some_documents_warns(tmp_path: Path) -> None:
    # Debian's Jekyll 4.3.1 on these files prints "Sort warning: 'order' not defined in
    # _recipes/b.md" and the same for _recipes/c.md (c twice: once per comparison).
    write_files(tmp_path, {
        "_config.yml": "timezone: UTC\ncollections:\n  recipes:\n    sort_by: order\n",
        "_recipes/a.md": "---\norder: 2\n---\n", "_recipes/b.md": "---\n---\n",
        "_recipes/c.md": "---\n---\n", "_recipes/d.md": "---\norder: 1\n---\n",
    })
    log = Logger(quiet=True)
    site = read_site(BuildOptions(source=tmp_path, destination=str(tmp_path / "_site")), log)
    assert [d.relpath for d in site.collections["recipes"].docs] == [
        "_recipes/d.md", "_recipes/a.md", "_recipes/b.md", "_recipes/c.md"]
    assert [w for w in log.warnings if w.startswith("Sort warning")] == [
        "Sort warning: 'order' not defined in _recipes/b.md",
        "Sort warning: 'order' not defined in _recipes/c.md",
    ]


def test_same_second_is_rubys_to_i_equality_by_comparisons() -> None:
    from datetime import UTC, datetime, timedelta

    from reblog.reader import _same_second

    base = datetime(1970, 1, 1, tzinfo=UTC)
    for value_s in (-2.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.999, 1796619601.0, 1796619601.25):
        for delta in (-1.5, -1.0, -0.5, -0.25, 0.0, 0.25, 0.5, 0.999, 1.0, 1.5):
            value = base + timedelta(seconds=value_s)
            when = value + timedelta(seconds=delta)
            expected = int(value.timestamp()) == int(when.timestamp())
            assert _same_second(value, when) == expected, (value_s, delta)
