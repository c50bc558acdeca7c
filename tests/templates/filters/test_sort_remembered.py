"""``sort`` by a property answers again from memory within a build: every page that sorts still
notes the reads of the documents it sorted, an incremental build after an edit of one of them
builds what a clean build builds, and a property a plugin gives mid-build is seen."""

from __future__ import annotations

import os
import time
from pathlib import Path

from reblog.log import Logger
from reblog.pipeline import BuildOptions, BuildResult, build
from sitefiles import write_files
from test_parallel import tree

# Every page's header lists the pages in their `order` (the same question on every page).
SITE = {
    "_config.yml": "timezone: UTC\n",
    "_includes/nav.html": "{% assign listed = site.pages | sort: 'order' | map: 'title' %}[{{ listed | join: ',' }}]",
    "_layouts/page.html": "{% include nav.html %}{{ content }}",
    **{
        f"p{n}.md": f"---\nlayout: page\ntitle: P{n}\norder: {order}\n---\nbody {n}\n"
        for n, order in enumerate([3, 1, 2, 5, 4], start=1)
    },
    "no-order.md": "---\nlayout: page\ntitle: N\n---\nbody\n",
}
ORDER_READS = {f"p{n}.md#order" for n in range(1, 6)} | {"no-order.md#order"}


def run(src: Path, out: Path, **options: object) -> BuildResult:
    return build(BuildOptions(source=src, destination=str(out), **options), Logger(quiet=True))  # type: ignore[arg-type]


def test_every_page_notes_the_documents_sort_read(tmp_path: Path) -> None:
    write_files(tmp_path / "src", SITE)
    result = run(tmp_path / "src", tmp_path / "out", cache=False, jobs=1)
    pages = [url for url in result.dependencies if url.endswith(".html") and url.startswith("p")]
    assert len(pages) == 5
    for url in pages:
        assert ORDER_READS <= result.dependencies[url], url
    assert (tmp_path / "out/p1.html").read_text().startswith("[N,P2,P3,P1,P5,P4]")


def test_editing_a_document_sort_read_renders_the_pages_that_asked(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    write_files(src, SITE)
    run(src, out, jobs=1)
    page = src / "p4.md"
    page.write_text("---\nlayout: page\ntitle: P4\norder: 0\n---\nbody 4\n", encoding="utf-8")
    later = time.time() + 5
    os.utime(page, (later, later))
    result = run(src, out, jobs=1)
    assert result.how == "cached"
    run(src, tmp_path / "fresh", cache=False, jobs=1)
    assert tree(out) == tree(tmp_path / "fresh")
    assert (out / "p1.html").read_text().startswith("[N,P4,P2,P3,P1,P5]")


# A plugin gives one page the property while it renders (a pre_render hook may change `doc.data`),
# and offers the plain `sort` under another name to compare with.
HOOK_PLUGIN = """
from reblog.plugins.api import Plugin
from reblog.templates.filters.arrays import sort


class Mark(Plugin):
    def register_templates(self, templates, context):
        templates.liquid_filter("sort_each_time", sort)

    def pre_render(self, doc, context):
        if doc.relpath == "p5.html":
            doc.data["rank"] = 0
"""


def test_a_property_given_later_is_seen(tmp_path: Path) -> None:
    page = ("---\n---\n{{ site.pages | sort: 'rank', 'last' | map: 'name' | join: ',' }}"
            "|{{ site.pages | sort_each_time: 'rank', 'last' | map: 'name' | join: ',' }}")
    write_files(tmp_path / "src", {
        "_config.yml": "timezone: UTC\n",
        "_plugins/mark.py": HOOK_PLUGIN,
        **{f"p{n}.html": page for n in range(10)},
    })
    run(tmp_path / "src", tmp_path / "out", cache=False, jobs=1)
    answers = [(tmp_path / f"out/p{n}.html").read_text() for n in range(10)]
    assert len({answer.split("|")[1] for answer in answers}) == 2   # the hook ran mid-build
    for answer in answers:
        remembered, each_time = answer.split("|")
        assert remembered == each_time
