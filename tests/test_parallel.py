"""Parallel rendering makes exactly the bytes of the sequential render (``--jobs 1`` vs ``--jobs 2``)."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest

from reblog import parallel
from reblog.incremental import take_fingerprints
from reblog.pipeline import BuildOptions, build, prepare
from reblog.log import Logger

SITES = Path(__file__).resolve().parent / "fixtures" / "sites"


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root by relative path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def builds_alike(src: Path, tmp: Path, how: str | None = None, configs: list[str] | None = None) -> dict[str, bytes]:
    """Build with one job and with two (no cache): the trees must be equal, and the two-job build
    must have rendered ``how`` (when given). Returns the tree."""
    trees = []
    for jobs in (1, 2):
        out = tmp / f"out{jobs}"
        options = BuildOptions(source=src, destination=str(out), config_files=configs, jobs=jobs, cache=False)
        trees.append(tree(out) if build(options, Logger(quiet=True)) else {})
    assert trees[0] == trees[1]
    if how is not None:
        rendered = build(BuildOptions(source=src, destination=str(tmp / "out3"), config_files=configs, jobs=2,
                                      cache=False), Logger(quiet=True)).how
        assert rendered == how
    return trees[0]


@pytest.fixture(autouse=True)
def always_parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small sites would render in order; these tests want the parallel path."""
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)


@pytest.mark.parametrize("name", sorted(p.name for p in SITES.iterdir() if (p / "src").is_dir()))
def test_golden_site_parallel_equals_sequential(name: str, tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(SITES / name / "src", src)
    configs = [str(src / "_config.yml"), str(SITES / "pin.yml")]
    builds_alike(src, tmp_path, configs=configs)


def generated_site(root: Path, posts: int = 60, counters: bool = False) -> Path:
    """A blog with tags, code, excerpts, listing pages and (optionally) increment counters."""
    (root / "_posts").mkdir(parents=True)
    (root / "_layouts").mkdir()
    (root / "_includes").mkdir()
    (root / "_config.yml").write_text("title: Gen\ntimezone: UTC\ntime: 2024-06-01\n")
    (root / "_layouts/default.html").write_text(
        "<html><title>{{ page.title }}</title>{{ content }}"
        "{% if page.previous %}<a>{{ page.previous.title }}</a>{% endif %}</html>\n")
    (root / "_layouts/post.html").write_text("---\nlayout: default\n---\n<article>{{ content }}</article>\n")
    tag = "{% increment n %}" if counters else "x"
    (root / "_includes/note.html").write_text(f"<aside>{tag} {{{{ include.text }}}}</aside>\n")
    for i in range(posts):
        (root / "_posts" / f"2024-01-{i % 28 + 1:02d}-post-{i}.md").write_text(
            f"---\nlayout: post\ntitle: Post {i}\ntags: [t{i % 4}, all]\n---\n"
            f"First *paragraph* {i}. {{% include note.html text='n{i}' %}}\n\n"
            f"```python\nprint({i})\n```\n\nMore text {{{{ page.title }}}}.\n")
    (root / "index.html").write_text(
        "---\nlayout: default\n---\n{% for p in site.posts %}<li>{{ p.title }} {{ p.excerpt }}</li>{% endfor %}\n")
    (root / "tags.html").write_text(
        "---\n---\n{% for t in site.tags %}{{ t[0] }}: {{ t[1] | size }} {{ t[1][0].content | size }}\n{% endfor %}")
    return root


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    """``generated_site`` in the test's folder."""
    return generated_site(tmp_path / "src")


@pytest.mark.parametrize("counters", [False, True])
def test_generated_site_parallel_equals_sequential(tmp_path: Path, counters: bool) -> None:
    src = generated_site(tmp_path / "src", counters=counters)
    one = builds_alike(src, tmp_path, "parallel")
    if counters:
        # counters ran on across posts (the include lands inside a paragraph, where kramdown
        # writes the block tag <aside> as text)
        assert b"&lt;aside&gt;59 " in b"".join(one.values())


@pytest.mark.parametrize(("keep_frozen", "frozen_before"), [(False, False), (True, False), (False, True)])
def test_the_freeze_for_the_workers_stays_when_the_caller_keeps_it(
    tmp_path: Path, blog: Path, keep_frozen: bool, frozen_before: bool,
) -> None:
    """The objects frozen to fork the workers stay frozen when the caller says so (the
    program, which keeps what it froze), and when something else was frozen before (an
    application calling the build froze its own objects: unfreezing would thaw those too)."""
    options = BuildOptions(source=blog, destination=str(tmp_path / "out"), jobs=2, cache=False)
    prepared = prepare(options, Logger(quiet=True), images=False)
    fp = take_fingerprints(prepared.site)
    gc.unfreeze()
    try:
        if frozen_before:
            gc.freeze()
        result = parallel.ParallelRender(prepared.site, prepared.renderer, fp, 2, keep_frozen=keep_frozen).run()
        assert (gc.get_freeze_count() > 0) is (keep_frozen or frozen_before)
    finally:
        gc.unfreeze()
    assert "index.html" in result.output.files


# A plugin whose pre_render hook changes every document it renders.
_MARKING_PLUGIN = """
from reblog.plugins.api import Plugin


class Mark(Plugin):
    def pre_render(self, doc, context):
        doc.data["marked"] = True
"""


@pytest.mark.parametrize(("counters", "hook"), [(False, False), (True, False), (True, True)])
def test_the_prints_taken_while_the_workers_render_are_of_the_site_as_read(
    tmp_path: Path, counters: bool, hook: bool,
) -> None:
    """The parent fingerprints the site during the first round (with counters and a pre_render
    hook, before the Liquid it renders in order): the prints are those of the site as read, as
    a sequential render or the next build takes them."""
    blog = generated_site(tmp_path / "src", counters=counters)
    if hook:
        (blog / "_plugins").mkdir()
        (blog / "_plugins/mark.py").write_text(_MARKING_PLUGIN)
    options = BuildOptions(source=blog, destination=str(tmp_path / "out"), jobs=2, cache=False)
    prepared = prepare(options, Logger(quiet=True), images=False)
    fp = take_fingerprints(prepared.site, prints=False)
    assert not fp.prints and not fp.complete
    parallel.ParallelRender(prepared.site, prepared.renderer, fp, 2).run()
    expected = take_fingerprints(prepare(options, Logger(quiet=True), images=False).site)
    assert fp.complete
    by_key = {fp.keys[i]: p for i, p in fp.prints.items()}
    assert by_key == {expected.keys[i]: p for i, p in expected.prints.items()}
    assert (fp.site_prints, fp.layouts) == (expected.site_prints, expected.layouts)


def test_order_dependent_read_falls_back(tmp_path: Path, blog: Path) -> None:
    """A post layout showing the next post's content sees its source text, as in Jekyll."""
    (blog / "_layouts/post.html").write_text(
        "---\nlayout: default\n---\n{{ content }}{% if page.next %}{{ page.next.content | size }}{% endif %}\n")
    builds_alike(blog, tmp_path, "sequential")


def test_uses_counters_scans_includes(tmp_path: Path) -> None:
    from reblog.pipeline import prepare

    src = generated_site(tmp_path / "src", posts=3, counters=True)
    prepared = prepare(BuildOptions(source=src, destination=str(tmp_path / "o")), Logger(quiet=True))
    assert parallel.uses_counters(prepared.site, prepared.site.renderables())


@pytest.mark.parametrize("read", ["page.next.content", "page.content"])
def test_content_reading_a_document_field_falls_back(tmp_path: Path, blog: Path, read: str) -> None:
    """A view keeps the first value read: a post's Liquid reading a (later or its own) source text
    fixes what the listing page sees, which only the worker that read it would know."""
    for post in (blog / "_posts").glob("*.md"):
        post.write_text(post.read_text() + f"\n{{% if page.next %}}N{{{{ {read} | size }}}}{{% endif %}}\n")
    builds_alike(blog, tmp_path, "sequential")


def test_layout_reading_an_earlier_post_is_laid_out_again(tmp_path: Path, blog: Path) -> None:
    """A post layout showing the previous post's content sees it converted, as in Jekyll, and the
    site still renders in parallel (the parent lays those posts out again)."""
    (blog / "_layouts/post.html").write_text(
        "---\nlayout: default\n---\n{{ content }}{% if page.previous %}"
        "{{ page.previous.content | size }}{% endif %}\n")
    one = builds_alike(blog, tmp_path, "parallel")
    assert any(b"<pre" in text for text in one.values())


def test_page_reading_posts_content_is_rendered_again(tmp_path: Path, blog: Path) -> None:
    """Pages share the posts' queue; one showing the posts' converted content (a full feed) saw
    only its worker's posts converted there, so it renders again once every post is in."""
    (blog / "feed.html").write_text(
        "---\n---\n{% for p in site.posts %}<entry>{{ p.content }}</entry>\n{% endfor %}")
    one = builds_alike(blog, tmp_path, "parallel")
    assert one["feed.html"].count(b"<pre") == 60


def test_page_moving_counters_is_rendered_again_in_order(tmp_path: Path) -> None:
    """A page using increment in the posts' round counted from where the counters stood at the
    fork; the pages are rendered again after the posts and the counters go on from them."""
    src = generated_site(tmp_path / "src", counters=True)
    for name in ("notes.html", "more.html"):
        (src / name).write_text("---\n---\n{% include note.html text='p' %}{% include note.html text='q' %}\n")
    one = builds_alike(src, tmp_path, "parallel")
    assert b"<aside>63 q</aside>" in one["notes.html"]


def excerpt_site(root: Path, counters: bool) -> Path:
    """``generated_site`` whose posts show their own excerpts (a first paragraph of Liquid),
    and whose topic documents (rendered after the posts) and index page list them."""
    src = generated_site(root, counters=counters)
    (src / "_config.yml").write_text(
        "title: Gen\ntimezone: UTC\ntime: 2024-06-01\ncollections:\n  topics:\n    output: true\n")
    for post in (src / "_posts").glob("*.md"):
        _, matter, body = post.read_text().split("---\n", 2)
        post.write_text(f"---\n{matter}---\nIntro of *{{{{ page.title }}}}*.\n\n{body}")
    (src / "_layouts/post.html").write_text(
        "---\nlayout: default\n---\n<meta content=\"{{ page.excerpt | strip_html | strip }}\">"
        "<article>{{ content }}</article>\n")
    (src / "_layouts/topic.html").write_text(
        "---\nlayout: default\n---\n{% for p in site.tags[page.tag] %}<li>{{ p.excerpt }}</li>{% endfor %}\n")
    (src / "_topics").mkdir()
    for tag in ("t0", "t1", "t2", "t3", "all"):
        (src / "_topics" / f"{tag}.md").write_text(f"---\nlayout: topic\ntag: {tag}\n---\n")
    return src


@pytest.mark.parametrize("counters", [False, True])
def test_excerpts_made_by_either_worker_are_listed_alike(tmp_path: Path, counters: bool) -> None:
    """Topics and a page listing excerpts that either worker's posts made (each worker makes
    those it lists): the bytes of the sequential build."""
    src = excerpt_site(tmp_path / "src", counters)
    one = builds_alike(src, tmp_path, "parallel")
    assert one["topics/all.html"].count(b"<li><p>Intro of <em>Post ") == 60


def test_excerpt_moving_counters_falls_back_from_where_a_build_starts(tmp_path: Path) -> None:
    """An excerpt whose Liquid moves the counters voids the parallel render; the sequential
    render that follows counts from zero, not from where the in-order Liquid of the posts
    (rendered here for the workers) left the counters."""
    src = excerpt_site(tmp_path / "src", counters=True)
    for post in (src / "_posts").glob("*.md"):
        post.write_text(post.read_text().replace("Intro of", "Intro {% increment e %} of"))
    builds_alike(src, tmp_path, "sequential")
