"""An unpinned site.time: a later build renders again only the outputs whose derived values changed.

The time is injected (``BuildOptions.time``, what ``reblog serve`` uses to fix it at its start), never
waited for: each warm build's destination must equal a build without cache made at the same instant.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reblog.log import Logger
from reblog.pipeline import BuildOptions, BuildResult, build
from reblog.sitetime import SiteTime, TimeCheck
from sitefiles import write_files
from test_parallel import tree

T0 = datetime(2026, 12, 7, 5, 0, 1, tzinfo=UTC)

POSTS = 50   # enough for the first build to render in parallel with two jobs


def time_site(root: Path) -> Path:
    """Every way the time reaches an output: filters, printing, comparisons, Jinja2, plugins."""
    files = {
        "_config.yml": (
            "title: Timed\nurl: https://example.org\ntimezone: UTC\n"
            "plugins: [jekyll-feed, jekyll-seo-tag]\ncollections:\n  topics:\n    output: true\n"
        ),
        "_layouts/default.html": (
            "<html><head>{% seo %}</head><body>{{ content }}"
            "<footer>{{ site.time | date: '%Y' }}</footer></body></html>\n"
        ),
        "_layouts/post.html": "---\nlayout: default\n---\n<article>{{ content }}</article>\n",
        "_layouts/topic.html": (
            "---\nlayout: default\n---\n<h1>{{ page.title }}</h1><p>{{ page.date | date: '%Y-%m' }}</p>"
            "{{ content }}\n"
        ),
        "_layouts/plain.jinja": (
            "<p>{{ site.time.year }} {{ site.time.strftime('%B') }} {{ site.time | date('%d') }}</p>"
            "{{ content }}\n"
        ),
        "_topics/alpha.md": "---\nlayout: topic\ntitle: Alpha\n---\nAbout [the blog]({% link index.html %}).\n",
        "_topics/beta.md": "---\ntitle: Beta\n---\nNo layout, no date shown.\n",
        "index.html": (
            "---\nlayout: default\n---\n{% for p in site.posts limit: 3 %}<li>{{ p.title }}</li>{% endfor %}\n"
        ),
        "stamp.html": "---\n---\nBuilt {{ site.time }}\n",
        "month.html": "---\nlayout: plain\n---\nA Jinja2 page.\n",
        "recent.html": (
            "---\n---\n{% assign week = site.time | date: '%s' | minus: 604800 %}"
            "{% for p in site.posts %}{% assign s = p.date | date: '%s' | plus: 0 %}"
            "{% if s > week %}{{ p.title }} {% endif %}{% endfor %}"
            "{% assign old = site.posts | where_exp: 'p', 'p.date < site.time' %}{{ old | size }}\n"
        ),
    }
    for i in range(POSTS):
        files[f"_posts/2026-0{i % 9 + 1}-{i % 27 + 1:02d}-post-{i}.md"] = (
            f"---\nlayout: post\ntitle: Post {i}\n---\nText {i}, see [alpha]({{% link _topics/alpha.md %}}).\n"
        )
    write_files(root, files)
    return root


def run(src: Path, out: Path, when: datetime, **options: object) -> BuildResult:
    return build(BuildOptions(source=src, destination=str(out), time=when, **options),  # type: ignore[arg-type]
                 Logger(quiet=True))


def cold(src: Path, tmp: Path, when: datetime) -> dict[str, bytes]:
    out = tmp / f"cold-{when.timestamp()}"
    run(src, out, when, cache=False, jobs=1)
    return tree(out)


def rebuild(src: Path, tmp: Path, when: datetime, **options: object) -> BuildResult:
    """A build with the cache into ``tmp/out`` at ``when``; its destination must equal a build
    without cache made at the same instant."""
    result = run(src, tmp / "out", when, **options)
    assert tree(tmp / "out") == cold(src, tmp, when), when
    return result


@pytest.mark.parametrize("jobs", [1, 2])
def test_warm_builds_equal_cold_builds_at_the_same_instant(tmp_path: Path, jobs: int) -> None:
    src = time_site(tmp_path / "src")
    out = tmp_path / "out"
    first = run(src, out, T0, jobs=jobs)
    assert first.how == ("parallel" if jobs == 2 else "sequential")
    # Ten minutes later, the same day: only what shows the time to the minute or second changes
    # (the feed's <updated>, the stamp, alpha's seo published_time, the week filter's page).
    later = T0 + timedelta(minutes=10)
    warm = rebuild(src, tmp_path, later, jobs=jobs)
    assert warm.how == "cached"
    changed = {"feed.xml", "stamp.html", "topics/alpha.html", "recent.html", "topics/beta.html"}
    assert warm.rendered <= len(changed)
    assert warm.changed <= len(changed)
    # Nothing shown changes within the same second.
    again = rebuild(src, tmp_path, later + timedelta(microseconds=5))
    assert (again.rendered, again.changed) == (0, 0)


def test_a_new_year_renders_the_pages_that_show_it(tmp_path: Path) -> None:
    src = time_site(tmp_path / "src")
    out = tmp_path / "out"
    run(src, out, T0)
    new_year = datetime(2027, 1, 1, 0, 0, 5, tzinfo=UTC)
    warm = rebuild(src, tmp_path, new_year)
    # Every page in the default layout shows the year: posts, index, topics.
    assert warm.rendered > POSTS
    assert b"<footer>2027</footer>" in (out / "index.html").read_bytes()
    assert b"<p>2027 January 01</p>" in (out / "month.html").read_bytes()
    # A month later within the year: the Jinja2 page and the topic's month render again.
    february = datetime(2027, 2, 1, tzinfo=UTC)
    warm = rebuild(src, tmp_path, february)
    assert warm.rendered < POSTS


def test_a_pinned_time_needs_no_checking(tmp_path: Path) -> None:
    src = time_site(tmp_path / "src")
    config = src / "_config.yml"
    config.write_text(config.read_text() + "time: 2026-01-01 00:00:00 +0000\n")
    out = tmp_path / "out"
    run(src, out, T0)
    assert run(src, out, T0 + timedelta(days=400)).how == "up to date"


def observations(when: datetime, use: object) -> list[str]:
    """What ``use(time)`` notes about a SiteTime at ``when``."""
    seen: list[str] = []
    time = SiteTime.of(when)
    time.watch(seen.append)
    use(time)  # type: ignore[operator]
    return seen


@pytest.mark.parametrize(("use", "same", "other"), [
    (lambda t: t.year, T0 + timedelta(days=20), T0 + timedelta(days=30)),
    (lambda t: t.strftime("%m"), T0 + timedelta(days=1), T0 + timedelta(days=30)),
    (lambda t: f"{t:%H}", T0 + timedelta(minutes=5), T0 + timedelta(hours=1)),
    (lambda t: str(t), T0 + timedelta(microseconds=1), T0 + timedelta(seconds=1)),
    (lambda t: t < datetime(2027, 1, 1, tzinfo=UTC), T0 + timedelta(days=1), T0 + timedelta(days=30)),
    (lambda t: datetime(2026, 12, 8, tzinfo=UTC) > t, T0 + timedelta(hours=2), T0 + timedelta(days=1)),
    (lambda t: t.astimezone(UTC).year, T0, T0 + timedelta(microseconds=1)),   # not followed: exact
    (lambda t: t + timedelta(days=1), T0, T0 + timedelta(microseconds=1)),
])
def test_observations_hold_while_their_result_does(use: object, same: datetime, other: datetime) -> None:
    seen = observations(T0, use)
    assert seen
    assert TimeCheck(same, {}).unchanged({"site.time", *seen})
    assert not TimeCheck(other, {}).unchanged({"site.time", *seen})


def test_a_date_filter_is_one_observation() -> None:
    from reblog.sitetime import watched_filter

    year = watched_filter("year", lambda value, fmt: value.strftime(fmt))
    seen = observations(T0, lambda t: year(t, "%Y"))
    assert len(seen) == 1 and '"filter"' in seen[0]
    filters = {"year": year}
    assert TimeCheck(T0 + timedelta(days=20), filters).unchanged({"site.time", *seen})
    assert not TimeCheck(T0 + timedelta(days=30), filters).unchanged({"site.time", *seen})


def layered_site(root: Path, printed: bool = True) -> Path:
    """Topics (dated by site.time) whose outer layout shows their date to the second.

    The inner layout does the costly part (every post with its excerpt); ``moment`` derives the
    time in its own content, ``counted`` moves a Liquid counter, and the outer layout renders the
    page's own excerpt first. ``notes.md``, a page, shows the time in its outer layout too, and
    its ``page.content`` there (a page's source text in Jekyll, not its converted content).
    ``printed=False``: the page's date is filtered once more after ``date_to_xmlschema``.
    """
    date = "page.date | date_to_xmlschema" + ("" if printed else " | append: ''")
    files = {
        "_config.yml": "title: Layered\ntimezone: UTC\ncollections:\n  topics:\n    output: true\n",
        "_layouts/default.html": (
            "<html><head><meta content=\"{{ " + date + " }}\">"
            "<meta name=\"description\" content=\"{{ page.excerpt | strip_html | strip }}\"></head>"
            "<body>{{ content }}<footer>{{ site.time | date: '%Y' }}</footer>"
            "{% if page.stamp %}<i>{{ site.time | date: '%H:%M:%S' }} {{ page.content | size }}</i>{% endif %}"
            "</body></html>\n"
        ),
        "_layouts/sized.html": "---\nlayout: default\n---\n<p>{{ page.content | size }}</p>{{ content }}\n",
        "notes.md": "---\nlayout: sized\nstamp: true\n---\nSome *notes*.\n",
        "_layouts/topic.html": (
            "---\nlayout: default\n---\n<h1>{{ page.title }}</h1>{{ content }}<ul>"
            "{% for p in site.posts %}<li>{{ p.title }}: {{ p.excerpt | strip_html }}</li>{% endfor %}</ul>\n"
        ),
        "_topics/alpha.md": "---\nlayout: topic\ntitle: Alpha\n---\nAlpha in *one* line.\n\nMore.\n",
        "_topics/beta.md": "---\nlayout: topic\ntitle: Beta\n---\nAbout beta.\n",
        "_topics/moment.md": (
            "---\nlayout: topic\ntitle: Moment\n---\nSeen at {{ site.time | date: '%H:%M:%S' }}.\n"
        ),
        "_topics/counted.md": "---\nlayout: topic\ntitle: Counted\n---\nNumber {% increment n %}.\n",
        "index.html": "---\nlayout: default\n---\n{% for t in site.topics %}{{ t.title }} {% endfor %}\n",
    }
    for i in range(6):
        files[f"_posts/2026-01-0{i + 1}-post-{i}.md"] = (
            f"---\nlayout: default\ntitle: Post {i}\n---\nExcerpt {i}.\n\nBody {i}.\n"
        )
    write_files(root, files)
    return root


@pytest.mark.parametrize("printed", [True, False])
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_page_whose_outer_layout_shows_the_time_renders_from_that_layout(
    tmp_path: Path, jobs: int, printed: bool,
) -> None:
    src = layered_site(tmp_path / "src", printed)
    out = tmp_path / "out"
    run(src, out, T0, jobs=jobs)
    for step, later in enumerate((T0 + timedelta(seconds=1), T0 + timedelta(seconds=2))):
        warm = rebuild(src, tmp_path, later, jobs=jobs)
        # alpha's own excerpt (rendered first by the outer layout), beta and notes resume at the
        # outer layout; moment's content shows the time, counted's counters moved: both render
        # whole. On the second build, the resumed ones' states come from the resumed render.
        assert warm.how == "cached", step
        assert warm.rendered == 5, step
        # Unless they print the time only as a date filter's result: then it is printed anew
        # in place without rendering (sitetime.final_prints), counted's too (its counters move
        # the same way, from the same start); only moment's content renders again.
        # (notes, a page, has no date: it only prints the time, and is derived anew either way.)
        assert (warm.spliced, warm.resumed) == ((4, 0) if printed else (1, 2)), step
    assert b'content="2026-12-07T05:00:03+00:00"' in (out / "topics/alpha.html").read_bytes()
    assert b'content="Alpha in one line."' in (out / "topics/alpha.html").read_bytes()
    # A new year: the footer (outer layout) changes everywhere; posts resume there too.
    new_year = datetime(2027, 1, 1, tzinfo=UTC)
    warm = rebuild(src, tmp_path, new_year, jobs=jobs)
    assert warm.resumed + warm.spliced >= 6


def test_time_layers_name_the_layout_that_first_derived_each_observation() -> None:
    from reblog.incremental import time_layers
    from reblog.templates.views import LayerMark, RenderRecord

    record = RenderRecord(times=["a", "b", "a", "c", "b", "d"])
    record.layers = [LayerMark(2, 0, "inner input"), LayerMark(4, 0, "outer input")]
    assert time_layers(record, lambda doc: doc.relpath) == [
        ["inner input", ["c"], []], ["outer input", ["d"], []],
    ]
    # What the layouts observed had all been observed before them: nothing to resume at.
    record = RenderRecord(times=["a", "a"])
    record.layers = [LayerMark(1, 0, "input")]
    assert time_layers(record, lambda doc: doc.relpath) == []


def printed_site(root: Path) -> Path:
    """Pages that print the time in ways that may and may not be re-derived in place."""
    files = {
        "_config.yml": "title: Printed\ntimezone: UTC\n",
        "_layouts/outer.html": "<b>{{ site.time | date: '%H:%M:%S' }}</b>{{ content }}\n",
        "_layouts/inner.html": "---\nlayout: outer\n---\n<i>{{ site.time | date: '%S' }}</i>{{ content }}\n",
        # Printed by the last template, as the filter gave it: derived anew in place.
        "plain.html": "---\nlayout: outer\n---\nplain\n",
        "nolayout.xml": "---\n---\n<updated>{{ site.time | date_to_xmlschema }}</updated>\n",
        "loop.html": "---\n---\n{% for i in (1..3) %}{{ site.time | date: '%S' }}-{% endfor %}\n",
        # Not as the filter gave it, or used elsewhere too: rendered again.
        "inner.html": "---\nlayout: inner\n---\ninner\n",
        "after.html": "---\n---\n{{ site.time | date: '%S' | replace: '3', 'x' }}\n",
        "captured.html": "---\n---\n{% capture s %}{{ site.time | date: '%S' }}{% endcapture %}{{ s }}{{ s | size }}\n",
        "tested.html": (
            "---\n---\n{{ site.time | date: '%S' }}{% assign s = site.time | date: '%S' %}"
            "{% if s == '03' %}three{% endif %}\n"
        ),
        "twice.html": "---\n---\n{{ site.time | date: '%S' | date: '%S' }}\n",
        "markdown.md": "---\n---\n*{{ site.time | date: '%S' }}*\n",
    }
    write_files(root, files)
    return root


def test_only_time_text_printed_as_derived_by_the_last_template_is_derived_anew(tmp_path: Path) -> None:
    src = printed_site(tmp_path / "src")
    out = tmp_path / "out"
    run(src, out, T0, jobs=1)
    for seconds in (2, 3, 65):
        warm = rebuild(src, tmp_path, T0 + timedelta(seconds=seconds), jobs=1)
        assert warm.how == "cached"
        assert warm.spliced == 3, seconds        # plain, nolayout, loop
        assert warm.rendered == 9, seconds       # and the six others
        assert warm.resumed == 1, seconds        # inner, from its outer layout on
    assert (out / "nolayout.xml").read_text() == "<updated>2026-12-07T05:01:06+00:00</updated>\n"


def test_a_build_where_only_the_time_changed_reads_and_renders_nothing(tmp_path: Path) -> None:
    src = printed_site(tmp_path / "src")
    for rel in ("inner.html", "after.html", "captured.html", "tested.html", "twice.html", "markdown.md"):
        (src / rel).unlink()
    (src / "list.html").write_text(
        "---\n---\n{% for p in site.posts %}{{ p.title }} {% endfor %}{{ site.time | date: '%Y' }}\n",
        encoding="utf-8")
    # Published once the time passes its date (future: false): reading the source again differs.
    (src / "_posts").mkdir()
    (src / "_posts/2026-12-07-due.md").write_text(
        "---\ntitle: Due\ndate: 2026-12-07 05:01:00 +0000\n---\nDue.\n", encoding="utf-8")
    out = tmp_path / "out"
    run(src, out, T0, jobs=1)
    for seconds in (2, 3, 40):
        warm = rebuild(src, tmp_path, T0 + timedelta(seconds=seconds), jobs=1)
        assert (warm.how, warm.spliced, warm.rendered, warm.changed) == ("cached", 3, 3, 3), seconds
        assert "read" not in warm.profile.phases and "render" not in warm.profile.phases  # type: ignore[union-attr]
    # The post's date has passed: the source is read and rendered again.
    warm = rebuild(src, tmp_path, T0 + timedelta(seconds=61), jobs=1)
    assert "read" in warm.profile.phases and b"Due" in (out / "list.html").read_bytes()  # type: ignore[union-attr]
    # An edit after builds that only printed the time anew: the cache still describes the site.
    (src / "plain.html").write_text("---\nlayout: outer\n---\nplain, edited\n", encoding="utf-8")
    warm = rebuild(src, tmp_path, T0 + timedelta(seconds=62), jobs=1)
    assert warm.how == "cached"


def test_a_page_that_shows_another_pages_output_is_not_spliced_alone(tmp_path: Path) -> None:
    src = printed_site(tmp_path / "src")
    (src / "shows.html").write_text(
        "---\n---\n{% assign x = site.pages | where: 'name', 'nolayout.xml' | first %}{{ x.output }}\n",
        encoding="utf-8")
    out = tmp_path / "out"
    run(src, out, T0, jobs=1)
    for seconds in (2, 3):
        rebuild(src, tmp_path, T0 + timedelta(seconds=seconds), jobs=1)


def test_a_parallel_build_records_the_prints_too(tmp_path: Path) -> None:
    src = printed_site(tmp_path / "src")
    for rel in ("inner.html", "after.html", "captured.html", "tested.html", "twice.html", "markdown.md"):
        (src / rel).unlink()
    for i in range(POSTS):
        path = src / f"_posts/2026-0{i % 9 + 1}-{i % 27 + 1:02d}-post-{i}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\nlayout: outer\ntitle: Post {i}\n---\nText {i}.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run(src, out, T0, jobs=2).how == "parallel"
    warm = rebuild(src, tmp_path, T0 + timedelta(seconds=2), jobs=2)
    # the pages (plain, nolayout, loop) and the posts, whose outer layout prints the time
    assert (warm.spliced, warm.rendered) == (3 + POSTS, 3 + POSTS)
    assert "read" not in warm.profile.phases  # type: ignore[union-attr]
