"""``where`` answers again from memory within a build: every page that asks still notes the reads
of the documents it looked through, and an incremental build after an edit of one of them builds
what a clean build builds."""

from __future__ import annotations

import os
import time
from pathlib import Path

from reblog.log import Logger
from reblog.pipeline import BuildOptions, BuildResult, build
from sitefiles import write_files
from test_parallel import tree

# Each post looks up the topic page of each of its tags: the same three questions come back.
SITE = {
    "_config.yml": "timezone: UTC\ncollections:\n  topics:\n    output: false\n",
    "_topics/t1.md": "---\ntopic: a\ntitle: Topic A\n---\n",
    "_topics/t2.md": "---\ntopic: b\ntitle: Topic B\n---\n",
    "_topics/t3.md": "---\ntopic: c\ntitle: Topic C\n---\n",
    "_layouts/post.html": (
        "{% for tag in page.tags %}{% assign t = site.topics | where: 'topic', tag | last %}"
        "[{{ t.title }}]{% endfor %}{{ content }}"
    ),
    **{
        f"_posts/2024-01-0{n}-p{n}.md": f"---\nlayout: post\ntags: [{tags}]\n---\nbody {n}\n"
        for n, tags in enumerate(["a", "a, b", "b", "b, a", "a"], start=1)
    },
}
TOPIC_READS = {f"_topics/t{n}.md#topic" for n in (1, 2, 3)}


def run(src: Path, out: Path, **options: object) -> BuildResult:
    return build(BuildOptions(source=src, destination=str(out), **options), Logger(quiet=True))  # type: ignore[arg-type]


def rebuild_after_edit(src: Path, out: Path, rel: str, text: str) -> None:
    """Edit ``rel`` after a build into ``out``: the cached rebuild builds what a clean build builds."""
    edited = src / rel
    edited.write_text(text, encoding="utf-8")
    later = time.time() + 5
    os.utime(edited, (later, later))
    assert run(src, out, jobs=1).how == "cached"
    run(src, out.parent / "fresh", cache=False, jobs=1)
    assert tree(out) == tree(out.parent / "fresh")


def answers_with_hook(root: Path, page: str, plugin: str) -> list[str]:
    """Ten pages ``page`` (``remembered|each time``) built with ``plugin``, whose hook changes
    one page's data mid-build: both answers agree on every page; the answers given each time."""
    write_files(root / "src", {
        "_config.yml": "timezone: UTC\n",
        "_plugins/mark.py": plugin,
        **{f"p{n}.html": page for n in range(10)},
    })
    run(root / "src", root / "out", cache=False, jobs=1)
    answers = [(root / f"out/p{n}.html").read_text().split("|") for n in range(10)]
    for remembered, each_time in answers:
        assert remembered == each_time
    return [each_time for _, each_time in answers]


def test_every_page_notes_the_documents_where_read(tmp_path: Path) -> None:
    write_files(tmp_path / "src", SITE)
    result = run(tmp_path / "src", tmp_path / "out", cache=False, jobs=1)
    posts = [url for url in result.dependencies if url.startswith("2024/")]
    assert len(posts) == 5
    for url in posts:
        assert TOPIC_READS <= result.dependencies[url], url


def test_editing_a_document_where_read_renders_the_pages_that_asked(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    write_files(src, SITE)
    run(src, out, jobs=1)
    # t3 now matches tag a too (and comes last): pages found only t1 for it, reading t3 on the way.
    rebuild_after_edit(src, out, "_topics/t3.md", "---\ntopic: a\ntitle: Topic C\n---\n")
    assert "[Topic C]" in (out / "2024/01/05/p5.html").read_text()


# A plugin gives one page the property while it renders (a pre_render hook may change `doc.data`),
# and offers python's plain `where` under another name to compare with.
HOOK_PLUGIN = """
from reblog.plugins.api import Plugin
from reblog.templates.filters.arrays import where


class Mark(Plugin):
    def register_templates(self, templates, context):
        templates.liquid_filter("where_each_time", where)

    def pre_render(self, doc, context):
        if doc.relpath == "p5.html":
            doc.data["ref"] = "x"
"""


def test_a_property_given_later_is_seen(tmp_path: Path) -> None:
    page = "---\n---\n{{ site.pages | where: 'ref', 'x' | size }}|{{ site.pages | where_each_time: 'ref', 'x' | size }}"
    assert set(answers_with_hook(tmp_path, page, HOOK_PLUGIN)) == {"0", "1"}   # the hook ran mid-build

