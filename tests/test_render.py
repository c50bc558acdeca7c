"""Rendering one document: Liquid, then Markdown, then a layout chain in Liquid or Jinja2."""

from __future__ import annotations

import pytest

from reblog.errors import ReblogError


def test_liquid_then_markdown_then_layouts(build_site) -> None:
    _, out = build_site({
        "_layouts/base.html": "---\nsite_part: base\n---\n<main>{{ content }}</main>",
        "_layouts/post.html": "---\nlayout: base\nwho: post-layout\n---\n<article>{{ content }}{{ layout.who }}</article>",
        "_posts/2024-01-02-a.md": "---\nlayout: post\nwho_is: World\n---\n*Hello {{ page.who_is }}*",
    })
    assert (out / "2024/01/02/a.html").read_text() == (
        "<main><article><p><em>Hello World</em></p>\npost-layout</article></main>"
    )


def test_jinja_layout_chains_to_liquid_and_back(build_site) -> None:
    _, out = build_site({
        "_layouts/outer.html": "<html data-kind=\"{{ layout.kind }}\">{{ content }}</html>",
        "_layouts/middle.jinja": "---\nlayout: outer\nkind: jinja\n---\n<div data-title=\"{{ page.title | e }}\">{{ content }}</div>",
        "_layouts/inner.html": "---\nlayout: middle\n---\n<p>{{ content }}</p>",
        "index.md": "---\nlayout: inner\ntitle: A & B\n---\nbody",
    })
    assert (out / "index.html").read_text() == (
        '<html data-kind="jinja"><div data-title="A &amp; B"><p><p>body</p>\n</p></div></html>'
    )


def test_jinja_layout_uses_jekyll_filters_and_includes(build_site) -> None:
    _, out = build_site({
        "_config.yml": "baseurl: /b\ntimezone: UTC\n",
        "_includes/nav.jinja": "<nav>{{ '/about/' | relative_url }}</nav>",
        "_layouts/default.jinja": "{% include 'nav.jinja' %}{{ page.date | date('%b %-d, %Y') }}|{{ site.posts | length }}",
        "_posts/2024-03-05-x.md": "---\nlayout: default\n---\nx",
    })
    assert (out / "2024/03/05/x.html").read_text() == "<nav>/b/about/</nav>Mar 5, 2024|1"


def test_jinja_error_names_layout_and_line(build_site) -> None:
    with pytest.raises(ReblogError) as info:
        build_site({
            "_layouts/default.jinja": "---\nx: 1\n---\nline4\n{% if %}",
            "index.md": "---\nlayout: default\n---\nx",
        })
    assert info.value.file == "_layouts/default.jinja"
    assert info.value.line == 5


def test_layout_none_and_non_html_outputs_skip_layouts(build_site) -> None:
    _, out = build_site({
        "_layouts/default.html": "<html>{{ content }}</html>",
        "raw.html": "---\nlayout: none\n---\nplain",
        "data.json": "---\nlayout: default\n---\n{\"a\": 1}",
    })
    assert (out / "raw.html").read_text() == "plain"
    assert (out / "data.json").read_text() == "<html>{\"a\": 1}</html>"


def test_render_with_liquid_false(build_site) -> None:
    _, out = build_site({"index.html": "---\nrender_with_liquid: false\n---\n{{ kept }}"})
    assert (out / "index.html").read_text() == "{{ kept }}"


def test_excerpt_default_and_custom_separator(build_site) -> None:
    _, out = build_site({
        "_posts/2024-01-01-a.md": "---\n---\nFirst *para*.\n\nSecond.",
        "_posts/2024-01-02-b.md": "---\nexcerpt_separator: <!--more-->\n---\nOne\n\nTwo<!--more-->Three",
        "index.html": "---\n---\n{% for p in site.posts %}[{{ p.excerpt }}]{% endfor %}",
    })
    html = (out / "index.html").read_text().replace("\n\n", "\n")  # blank lines are cosmetic
    assert html == "[<p>One</p>\n<p>Two</p>\n][<p>First <em>para</em>.</p>\n]"


def test_increment_counters_continue_across_documents(build_site) -> None:
    # Ruby Liquid keeps counters in the site payload, so Jekyll numbers them across pages.
    _, out = build_site({
        "a.html": "---\n---\n{% increment n %}",
        "b.html": "---\n---\n{% increment n %}",
    })
    assert sorted([(out / "a.html").read_text(), (out / "b.html").read_text()]) == ["0", "1"]


def test_dependencies_are_recorded(build_site) -> None:
    result, _ = build_site({
        "_layouts/default.html": "{% include nav.html %}{{ content }}",
        "_includes/nav.html": "{{ site.posts | size }}",
        "_posts/2024-01-01-a.md": "---\nlayout: default\n---\n[x]({% link about.md %})",
        "about.md": "---\n---\nabout",
    })
    deps = result.dependencies["2024/01/01/a.html"]
    assert {"_posts/2024-01-01-a.md", "_layouts/default.html", "about.md#url", "site.posts"} <= deps
    assert any(d.endswith("_includes/nav.html") for d in deps)


def test_jsonify_of_a_post_whose_excerpt_reads_itself(build_site) -> None:
    # The excerpt (first paragraph) serializes the page, which holds the excerpt: no recursion.
    _, out = build_site({
        "_posts/2024-01-01-a.md": "---\n---\nA",
        "_posts/2024-01-02-b.md": "---\ntitle: B\n---\n{{ page | jsonify | size }}",
    })
    assert int((out / "2024/01/02/b.html").read_text().strip().removeprefix("<p>").removesuffix("</p>")) > 100


def test_ranges_print_like_ruby(build_site) -> None:
    _, out = build_site({"index.html": "---\n---\n{% assign r = (1..3) %}{{ r }}"})
    assert (out / "index.html").read_text() == "1..3"


def test_crlf_line_endings_are_kept_as_jekyll_keeps_them(build_site) -> None:
    _, out = build_site({
        "_includes/head.html": "<meta a>\r\n<meta b>\r\n",
        "index.html": "---\r\ntitle: x\r\n---\r\n{% include head.html %}",
    })
    assert (out / "index.html").read_bytes() == b"<meta a>\r\n<meta b>\r\n"


def test_crlf_line_endings_in_a_capture_are_kept(build_site) -> None:
    # Captured text goes through the size-limited output buffer too, which must not translate.
    _, out = build_site({
        "index.html": "---\r\ntitle: x\r\n---\r\n{% capture c %}a\r\nb\r\n{% endcapture %}[{{ c }}]",
    })
    assert (out / "index.html").read_bytes() == b"[a\r\nb\r\n]"


def test_jinja_syntax_error_in_an_include_names_the_include(build_site) -> None:
    with pytest.raises(ReblogError) as info:
        build_site({
            "_includes/bad.jinja": "ok\n{% for %}\n",
            "_layouts/default.jinja": "{% include page.part %}",
            "index.md": "---\nlayout: default\npart: bad.jinja\n---\nx",
        })
    assert info.value.file and info.value.file.endswith("_includes/bad.jinja")
    assert info.value.line == 2
