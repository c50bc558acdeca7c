"""Incremental rebuilds always leave the served folder equal to a fresh full build."""

from __future__ import annotations

import multiprocessing
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import tree

from reblog.pipeline import BuildOptions, build
from reblog.errors import ReblogError
from reblog.log import Logger
from reblog.serve.app import SiteRebuilder
from test_parallel import generated_site

Edit = Callable[[Path], list[Path]]


def _write(rel: str, text: str) -> Edit:
    def edit(src: Path) -> list[Path]:
        path = src / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return [path]
    return edit


def _append(rel: str, text: str) -> Edit:
    def edit(src: Path) -> list[Path]:
        path = src / rel
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
        return [path]
    return edit


def _replace(rel: str, old: str, new: str) -> Edit:
    def edit(src: Path) -> list[Path]:
        path = src / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new), encoding="utf-8")
        return [path]
    return edit


def _rename(old: str, new: str) -> Edit:
    def edit(src: Path) -> list[Path]:
        (src / new).parent.mkdir(parents=True, exist_ok=True)
        (src / old).rename(src / new)
        return [src / old, src / new]
    return edit


def _delete(rel: str) -> Edit:
    def edit(src: Path) -> list[Path]:
        (src / rel).unlink()
        return [src / rel]
    return edit


EDITS: list[tuple[str, Edit]] = [
    ("edit a post's body", _append("_posts/2024-02-01-second.md", "\nA new paragraph.\n")),
    ("edit a post's first paragraph (its excerpt)",
     _replace("_posts/2024-03-01-third.md", "Third post.", "Third post, reworded.")),
    ("edit a post's title", _replace("_posts/2024-02-01-second.md", "title: Second", "title: Zweite")),
    ("add a post", _write("_posts/2024-02-15-middle.md",
                          "---\nlayout: post\ntitle: Middle\ntags: [c]\n---\nIn between.\n")),
    ("add a figure (counters run on)", _append(
        "_posts/2024-01-01-first.md", '\n{% include figure.html caption="extra" %}\n')),
    ("rename a post", _rename("_posts/2024-02-15-middle.md", "_posts/2024-02-20-moved.md")),
    ("delete a post", _delete("_posts/2024-03-01-third.md")),
    ("edit a layout", _replace("_layouts/post.html", "<article>", "<article class=\"post\">")),
    ("edit an include", _replace("_includes/header.html", "<nav>", "<nav class=\"top\">")),
    ("edit an include counters use", _replace("_includes/figure.html", "<figure", "<figure class=\"f\"")),
    ("edit a data file", _append("_data/nav.yml", "- title: Tags\n  url: /tags/\n")),
    ("edit the config", _replace("_config.yml", "title: Incremental", "title: Renamed")),
    ("edit a static file", _write("assets/style.css", "body { color: navy; }\n")),
    ("add a static file", _write("assets/extra.js", "console.log(1);\n")),
    ("edit a Sass partial", _write("_sass/_vars.scss", "$ink: #222;\n")),
    ("add a page", _write("contact.md", "---\nlayout: default\ntitle: Contact\n---\nMail me.\n")),
    ("link to the new page", _append("about.md", "\nSee [contact]({% link contact.md %}).\n")),
    ("edit the body of a post a page links to", _append("_posts/2024-01-01-first.md", "\nLinked.\n")),
    ("move a post a page links to", _replace(
        "_posts/2024-01-01-first.md", "title: First\n", "title: First\npermalink: /first-post/\n")),
    ("delete a static file", _delete("assets/extra.js")),
    ("touch an excluded file", _write("notes.txt", "still not part of the site\n")),
    ("edit nothing at all", _append("about.md", "")),
]


def _full_build(src: Path, out: Path) -> dict[str, bytes]:
    shutil.rmtree(out, ignore_errors=True)
    build(BuildOptions(source=src, destination=str(out), cache=False), Logger(quiet=True))
    return tree(out)


def test_every_edit_matches_a_full_build(small_site: Path, tmp_path: Path) -> None:
    served = tmp_path / "served"
    rebuild = SiteRebuilder(BuildOptions(source=small_site, destination=str(served)), Logger(quiet=True))
    first = rebuild(None)
    assert first.full
    assert tree(served) == _full_build(small_site, tmp_path / "full")
    for name, edit in EDITS:
        changed = set(edit(small_site))
        rebuild(changed)
        expected = _full_build(small_site, tmp_path / "full")
        actual = tree(served)
        assert sorted(actual) == sorted(expected), name
        different = [rel for rel in expected if actual[rel] != expected[rel]]
        assert not different, f"{name}: {different}"


def test_a_post_edit_renders_only_what_depends_on_it(small_site: Path, tmp_path: Path) -> None:
    rebuild = SiteRebuilder(
        BuildOptions(source=small_site, destination=str(tmp_path / "out")), Logger(quiet=True)
    )
    rebuild(None)
    report = rebuild(set(_append("_posts/2024-03-01-third.md", "\nMore.\n")(small_site)))
    assert not report.full
    # the post, its neighbour's page, and the pages listing posts; not about.md or the CSS
    assert "about/index.html" not in report.written
    assert report.rendered < 8
    assert "2024/03/third/index.html" in report.written
    config_report = rebuild(set(_append("_config.yml", "description: x\n")(small_site)))
    assert config_report.full


def test_a_body_edit_leaves_pages_that_link_to_the_post_alone(small_site: Path, tmp_path: Path) -> None:
    served = tmp_path / "out"
    rebuild = SiteRebuilder(BuildOptions(source=small_site, destination=str(served)), Logger(quiet=True))
    rebuild(None)
    about = (served / "about/index.html").stat().st_mtime_ns
    report = rebuild(set(_append("_posts/2024-01-01-first.md", "\nLinked.\n")(small_site)))
    # The post and the page showing its content (archive) render; about.md needs only its URL.
    assert report.rendered == 2
    assert "about/index.html" not in report.written
    assert (served / "about/index.html").stat().st_mtime_ns == about
    assert tree(served) == _full_build(small_site, tmp_path / "full")
    report = rebuild(set(_replace(
        "_posts/2024-01-01-first.md", "title: First\n", "title: First\npermalink: /first-post/\n",
    )(small_site)))
    assert "about/index.html" in report.written
    assert b'href="/first-post/"' in (served / "about/index.html").read_bytes()
    assert tree(served) == _full_build(small_site, tmp_path / "full2")


def test_a_failed_rebuild_keeps_the_last_good_site_and_its_changes(small_site: Path, tmp_path: Path) -> None:
    served = tmp_path / "served"
    rebuild = SiteRebuilder(BuildOptions(source=small_site, destination=str(served)), Logger(quiet=True))
    rebuild(None)
    before = tree(served)
    _append("_includes/header.html", "<p>new header</p>")(small_site)
    post = small_site / "_posts/2024-01-01-first.md"
    good = post.read_text(encoding="utf-8")
    post.write_text(good.replace("title: First", "title: [unclosed"), encoding="utf-8")
    with pytest.raises(ReblogError) as caught:
        rebuild({small_site / "_includes/header.html", post})
    assert caught.value.file and caught.value.file.endswith("2024-01-01-first.md")
    assert caught.value.line is not None
    assert tree(served) == before
    post.write_text(good, encoding="utf-8")
    # The serve loop passes every change since the last good build.
    rebuild({small_site / "_includes/header.html", post})
    assert tree(served) == _full_build(small_site, tmp_path / "full")
    assert b"new header" in tree(served)["about/index.html"]


def test_the_first_sync_cleans_a_stale_destination(small_site: Path, tmp_path: Path) -> None:
    served = tmp_path / "served"
    (served / "old").mkdir(parents=True)
    (served / "old" / "gone.html").write_text("stale")
    rebuild = SiteRebuilder(BuildOptions(source=small_site, destination=str(served)), Logger(quiet=True))
    rebuild(None)
    assert tree(served) == _full_build(small_site, tmp_path / "full")
    assert not (served / "old").exists()


def test_injection_never_reaches_written_files(small_site: Path, tmp_path: Path) -> None:
    served = tmp_path / "served"
    SiteRebuilder(BuildOptions(source=small_site, destination=str(served)), Logger(quiet=True))(None)
    assert all(b"reblog-livereload" not in data for data in tree(served).values())


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sites"


def _fixture_names() -> list[str]:
    if not FIXTURES.is_dir():
        return []
    return sorted(p.name for p in FIXTURES.iterdir() if (p / "src" / "_config.yml").is_file())


@pytest.mark.parametrize("name", _fixture_names())
def test_fixture_sites_match_after_editing_their_sources(name: str, tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(FIXTURES / name / "src", src)
    configs = [str(src / "_config.yml"), str(FIXTURES / "pin.yml")]
    served = tmp_path / "served"
    rebuild = SiteRebuilder(
        BuildOptions(source=src, destination=str(served), config_files=configs), Logger(quiet=True)
    )
    rebuild(None)
    edited = [p for p in sorted(src.rglob("*")) if p.suffix in (".md", ".html", ".yml") and p.is_file()]
    for path in [p for p in edited if p.name != "_config.yml"][:10]:
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        rebuild({path})
        full = tmp_path / "full"
        shutil.rmtree(full, ignore_errors=True)
        build(BuildOptions(source=src, destination=str(full), config_files=configs, cache=False), Logger(quiet=True))
        assert tree(served) == tree(full), path


JINJA_SITE = Path(__file__).resolve().parents[1] / "fixtures" / "jinja-site"


def test_jinja_site_edits_match_a_full_build(tmp_path: Path) -> None:
    """Serve rebuilds of a Jinja2 site (computed include names, extends, macros) equal full builds."""
    src = tmp_path / "src"
    shutil.copytree(JINJA_SITE, src)
    served = tmp_path / "served"
    rebuild = SiteRebuilder(BuildOptions(source=src, destination=str(served)), Logger(quiet=True))
    rebuild(None)
    edits = [
        ("_includes/widget-b.html", "<aside>widget B, edited</aside>\n"),
        ("_includes/header.jinja", "<header>{{ site.title }} (new header)</header>\n"),
        ("_includes/frame.jinja", "<section>{% block body %}{% endblock %}</section>\n"),
        ("_includes/macros.jinja", "{% macro badge(text) %}<em>{{ text }}</em>{% endmacro %}\n"),
        ("_posts/2024-01-01-post-1.md", "---\nlayout: post\ntitle: One\nwidget: widget-b.html\n---\n1\n"),
    ]
    for rel, text in edits:
        (src / rel).write_text(text, encoding="utf-8")
        report = rebuild({src / rel})
        assert not report.full and report.rendered > 0, rel
        assert tree(served) == _full_build(src, tmp_path / "full"), rel
    assert "widget B, edited" in tree(served)["2024/01/01/post-1.html"].decode()


@pytest.mark.skipif((os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods(),
                    reason="the parallel render needs two cores and fork")
def test_the_first_serve_build_is_the_parallel_cached_build(tmp_path: Path) -> None:
    """Serve starts as ``reblog build`` does: parallel with nothing cached, else from the cache."""
    src = generated_site(tmp_path / "src")
    served = tmp_path / "served"
    first = SiteRebuilder(BuildOptions(source=src, destination=str(served)), Logger(quiet=True))(None)
    assert first.how == "parallel" and first.full
    assert tree(served) == _full_build(src, tmp_path / "full")
    # A new server on the same site starts from the build cache the first one left.
    (src / "_posts" / "2024-01-05-post-4.md").write_text("---\nlayout: post\ntitle: P4\n---\nNew.\n")
    again = SiteRebuilder(BuildOptions(source=src, destination=str(served)), Logger(quiet=True))(None)
    assert again.how == "cached" and not again.full and 0 < again.rendered < first.rendered
    assert tree(served) == _full_build(src, tmp_path / "full")
