"""``sort`` by a property answers again from memory within a build: every page that sorts still
notes the reads of the documents it sorted, an incremental build after an edit of one of them
builds what a clean build builds, and a property a plugin gives mid-build is seen."""

from __future__ import annotations

from pathlib import Path

from sitefiles import write_files
from test_where_remembered import answers_with_hook, rebuild_after_edit, run

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
    rebuild_after_edit(src, out, "p4.md", "---\nlayout: page\ntitle: P4\norder: 0\n---\nbody 4\n")
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
    assert len(set(answers_with_hook(tmp_path, page, HOOK_PLUGIN))) == 2   # the hook ran mid-build
