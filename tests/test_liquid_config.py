"""``liquid:`` in _config.yml (error_mode, strict_variables, strict_filters) and site.related_posts.

Jekyll 4.3 runs Ruby Liquid 5.4. Its messages are reproduced; the line reblog names is the line in
the file (Jekyll counts from the first line after the front matter).
"""

from __future__ import annotations

import pytest

from reblog.errors import ReblogError
from reblog.templates.liquid import lax_output

POST = "_posts/2024-01-02-a.html"
FRONT = "---\ntitle: Hi\n---\n"  # the body starts on line 4


def _config(liquid: str = "") -> str:
    return "timezone: UTC\n" + (f"liquid: {{{liquid}}}\n" if liquid else "")


def _error(build_site, body: str, liquid: str = "") -> ReblogError:
    with pytest.raises(ReblogError) as info:
        build_site({"_config.yml": _config(liquid), POST: FRONT + body})
    return info.value


def _render(build_site, body: str, liquid: str = "") -> str:
    _, out = build_site({"_config.yml": _config(liquid), POST: FRONT + body})
    return (out / "2024/01/02/a.html").read_text()


# -- defaults: silent ---------------------------------------------------------------------------

def test_defaults_render_undefined_as_empty_and_pass_unknown_filters_through(build_site) -> None:
    body = '[{{ nosuch }}][{{ page.nosuch }}][{{ site.nosuch.deeper }}]' \
           '[{{ "abc" | nosuch }}][{{ "abc" | nosuch: 1 | upcase }}]'
    assert _render(build_site, body) == "[][][][abc][ABC]"


def test_python_liquid_extras_are_unknown_filters_as_in_ruby_liquid(build_site) -> None:
    # Liquid 5.4 has no sum/has/reject/squish...: the input passes through unchanged.
    body = '{{ "1,2,3" | split: "," | sum }}|{{ "a" | base64_encode }}|{{ "a  b" | squish }}'
    assert _render(build_site, body) == "123|YQ==|a  b"


# -- strict_variables ---------------------------------------------------------------------------

@pytest.mark.parametrize(("markup", "name"), [
    ("{{ nosuch }}", "nosuch"),
    ("{{ page.nosuch }}", "nosuch"),
    ("{{ site.data.nosuch }}", "nosuch"),
    ("{{ page.title.nosuch }}", "nosuch"),
    ("{% if missing %}y{% endif %}", "missing"),
    ("{{ missing | default: 1 }}", "missing"),
    ("{% for x in missing %}{% endfor %}", "missing"),
])
def test_strict_variables_names_the_variable_file_and_line(
    build_site, markup: str, name: str,
) -> None:
    err = _error(build_site, "fine {{ page.title }}\n" + markup, "strict_variables: true")
    # Jekyll 4.3.1: "Liquid error (line 2): undefined variable missing in .../_posts/2024-01-01-x.md"
    # (its line counts from the end of the front matter; reblog's location is the file's line).
    assert str(err) == f"{POST}:5: Liquid Exception: Liquid error (line 2): undefined variable {name} in {POST}"


def test_strict_variables_allows_defined_values(build_site) -> None:
    body = "{{ page.title }}{% assign x = 1 %}{{ x }}{{ site.time | date: '%Z' }}"
    assert _render(build_site, body, "strict_variables: true") == "Hi1UTC"


# -- strict_filters -----------------------------------------------------------------------------

def test_strict_filters_fails_on_a_rendered_unknown_filter(build_site) -> None:
    err = _error(build_site, 'line\n\n{{ "a" | nosuch }}', "strict_filters: true")
    assert str(err) == f"{POST}:6: Liquid Exception: Liquid error (line 3): undefined filter nosuch in {POST}"


def test_strict_filters_only_checks_what_is_rendered(build_site) -> None:
    body = '{% if false %}{{ "a" | nosuch }}{% endif %}ok'
    assert _render(build_site, body, "strict_filters: true") == "ok"


# -- error_mode ---------------------------------------------------------------------------------

@pytest.mark.parametrize("config", ["liquid: {error_mode: strict}\n", "strict: true\n"])
def test_strict_mode_fails_on_markup_ruby_only_reads_laxly(build_site, config: str) -> None:
    with pytest.raises(ReblogError) as info:
        build_site({"_config.yml": "timezone: UTC\n" + config, POST: FRONT + "ok\n[{{ page.title foo }}]"})
    err = info.value
    assert err.file == POST and err.line == 5
    assert str(err).startswith(f"{POST}:5: Liquid Exception: Liquid syntax error (line 2): ")   # Jekyll's phrase


@pytest.mark.parametrize("mode", ["warn", ""])
def test_warn_mode_renders_the_lax_reading_and_warns_with_file_and_line(
        build_site, capsys, mode: str) -> None:
    # Jekyll's default (warn) renders what Ruby's lax parser reads, with a warning.
    liquid = f"error_mode: {mode}" if mode else ""
    assert _render(build_site, "ok\n[{{ page.title foo }}]", liquid) == "ok\n[Hi]"
    warnings = [line for line in capsys.readouterr().err.splitlines() if "Liquid syntax error" in line]
    assert len(warnings) == 1 and f"{POST}:5: Liquid syntax error" in warnings[0]


def test_lax_reading_of_a_braced_variable_inside_a_tag(build_site) -> None:
    body = '{% if {{page.title}} %}[{{page.title}}]{% endif %}{% assign x = {{page["title"]}} %}{{ x }}'
    assert _render(build_site, body) == "[Hi]Hi"


def test_lax_mode_reads_bad_output_markup_as_ruby_does(build_site) -> None:
    body = "[{{ page.title foo }}][{{ page.title | upcase | }}][{{ }}][ {{- -}} ][{{ 1 2 }}]"
    assert _render(build_site, body, "error_mode: lax") == "[Hi][HI][][][1]"


def test_lax_mode_still_fails_on_a_broken_tag(build_site) -> None:
    err = _error(build_site, '{% if page.title == "Hi" and %}y{% endif %}', "error_mode: lax")
    assert err.line == 4


def test_lax_mode_leaves_raw_blocks_alone(build_site) -> None:
    body = "{% raw %}{{ a b }}{% endraw %}{{ page.title x }}"
    assert _render(build_site, body, "error_mode: lax") == "{{ a b }}Hi"


@pytest.mark.parametrize(("markup", "lax"), [
    (" page.title foo ", "page.title"),
    (" page.title | upcase | ", "page.title | upcase"),
    (" x | append: 'a', | upcase ", "x | append: 'a' | upcase"),
    (" x | truncate: 5, '..' ", "x | truncate: 5, '..'"),
    (' "a b" | split: " " ', '"a b" | split: " "'),
    ("", ""),
    (" with .title ", "nil"),
    (" . ", "nil"),
    (" tags | join: \\', \\' ", "tags | join: nil"),
])
def test_lax_output_matches_ruby_liquids_lax_variable_parser(markup: str, lax: str) -> None:
    assert lax_output(markup) == lax


# -- site.related_posts -------------------------------------------------------------------------

def test_related_posts_are_the_ten_newest_other_posts(build_site) -> None:
    files = {
        f"_posts/2023-02-{day:02d}-p{day}.md": f"---\ntitle: P{day}\n---\nx"
        for day in range(1, 14)
    }
    listing = "{% for p in site.related_posts %}{{ p.title }},{% endfor %}"
    files.update({
        "_config.yml": "timezone: UTC\n",
        "_layouts/post.html": listing,
        "_posts/2023-02-13-p13.md": "---\ntitle: P13\nlayout: post\n---\nx",
        "_posts/2023-02-01-p1.md": "---\ntitle: P1\nlayout: post\n---\nx",
        "index.html": "---\n---\n[{{ site.related_posts | inspect }}]",
    })
    _, out = build_site(files)
    newest = [f"P{day}" for day in range(13, 0, -1)]
    assert (out / "2023/02/13/p13.html").read_text() == ",".join(newest[1:11]) + ","
    assert (out / "2023/02/01/p1.html").read_text() == ",".join(newest[:10]) + ","
    assert (out / "index.html").read_text() == "[nil]"


def test_related_posts_empty_with_a_single_post(build_site) -> None:
    _, out = build_site({
        "_posts/2023-02-01-only.html": "---\n---\n[{{ site.related_posts | size }}]"
                                       "{% if site.related_posts == nil %}nil{% endif %}",
    })
    assert (out / "2023/02/01/only.html").read_text() == "[0]"
