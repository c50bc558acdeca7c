"""Jekyll's ``include`` and ``include_relative`` tags."""

from __future__ import annotations

import pytest

from reblog.errors import ReblogError

PAGE = "index.html"


def page(body: str, **front: str) -> str:
    """A page with front matter and a body."""
    fm = "".join(f"{k}: {v}\n" for k, v in front.items())
    return f"---\n{fm}---\n{body}"


def test_parameters_quoted_and_variables(build_site) -> None:
    _, out = build_site({
        PAGE: page("{% include card.html title=\"Hi \\\"there\\\"\" who='single' n=page.num %}", num="7"),
        "_includes/card.html": "[{{ include.title }}|{{ include.who }}|{{ include.n }}]",
    })
    assert (out / PAGE).read_text() == '[Hi "there"|single|7]'


def test_variable_file_name(build_site) -> None:
    _, out = build_site({
        PAGE: page("{% include {{ page.inc }} x=1 %}", inc="part.html"),
        "_includes/part.html": "part {{ include.x }}",
    })
    assert (out / PAGE).read_text() == "part 1"


def test_nested_includes_see_their_own_parameters(build_site) -> None:
    _, out = build_site({
        PAGE: page("{% include outer.html a=\"A\" %}"),
        "_includes/outer.html": "{{ include.a }}({% include inner.html b=\"B\" %}){{ include.a }}",
        "_includes/inner.html": "{{ include.b }}{{ include.a }}",
    })
    assert (out / PAGE).read_text() == "A(B)A"


def test_assign_inside_include_is_visible_after(build_site) -> None:
    _, out = build_site({
        PAGE: page("{% include set.html %}{{ shared }}"),
        "_includes/set.html": "{% assign shared = 'yes' %}",
    })
    assert (out / PAGE).read_text() == "yes"


def test_include_in_subfolder(build_site) -> None:
    _, out = build_site({
        PAGE: page("{% include parts/a.html %}"),
        "_includes/parts/a.html": "sub",
    })
    assert (out / PAGE).read_text() == "sub"


def test_include_relative(build_site) -> None:
    _, out = build_site({
        "docs/index.md": page("{% include_relative snippet.md %}"),
        "docs/snippet.md": "**bold**",
    })
    assert "<strong>bold</strong>" in (out / "docs/index.html").read_text()


# The last four are Jekyll's include_tag feature ("non-alphanumeric character sequences").
@pytest.mark.parametrize("name", ["../secret.html", "a/../../b.html", "..//x.html", "a b.html",
                                  "./ok.html", "foo/.ok.html", "//ok.html", "..ok.html"])
def test_names_that_escape_or_are_invalid_are_errors(build_site, name: str) -> None:
    with pytest.raises(ReblogError) as info:
        build_site({PAGE: page(f"{{% include {name} %}}"), "_includes/ok.html": "ok"})
    assert info.value.file == PAGE
    if " " not in name:   # `a b.html` is the name `a` with a parameter
        assert "Invalid syntax for include tag. File contains invalid characters or sequences" in info.value.message


def test_an_invalid_name_is_refused_only_where_it_renders(build_site) -> None:
    # Jekyll checks the name in IncludeTag#render: one in a branch that never renders is no error.
    _, out = build_site({PAGE: page("{% if false %}{% include ../secret.html %}{% endif %}ok")})
    assert (out / PAGE).read_text() == "ok"


def test_a_variable_name_is_worked_out_at_each_render(build_site) -> None:
    _, out = build_site({
        "_layouts/l.html": "{% include {{ page.inc }} %}",
        "a.html": page("", layout="l", inc="one.html"),
        "b.html": page("", layout="l", inc="two.html"),
        "_includes/one.html": "1",
        "_includes/two.html": "2",
    })
    assert ((out / "a.html").read_text(), (out / "b.html").read_text()) == ("1", "2")


def test_missing_include_names_page_and_line(build_site) -> None:
    with pytest.raises(ReblogError) as info:
        build_site({PAGE: page("one\ntwo\n{% include nope.html %}")})
    assert (info.value.file, info.value.line) == (PAGE, 5)
    assert "nope.html" in info.value.message


def test_self_include_is_an_error_not_a_hang(build_site) -> None:
    with pytest.raises(ReblogError) as info:
        build_site({PAGE: page("{% include a.html %}"), "_includes/a.html": "{% include b.html %}",
                    "_includes/b.html": "{% include a.html %}"})
    # Jekyll stops the same way: "Nesting too deep" once 100 scopes are open.
    assert "Nesting too deep" in info.value.message


def test_error_inside_include_names_the_include(build_site) -> None:
    with pytest.raises(ReblogError) as info:
        build_site({PAGE: page("{% include bad.html %}"), "_includes/bad.html": "x\n{% if oops %}never closed"})
    assert info.value.file == "_includes/bad.html"


def test_render_error_inside_include_names_the_include_and_its_line(build_site) -> None:
    # Jekyll 4.3.1: "Liquid error (.../_includes/invalid.html line 3): wrong number of arguments
    # (given 1, expected 2) included in index.html" and the build stops.
    with pytest.raises(ReblogError) as info:
        build_site({PAGE: page("{% include invalid.html %}"),
                    "_includes/invalid.html": "a\nb\n{{ site.title | prepend }}"})
    assert (info.value.file, info.value.line) == ("_includes/invalid.html", 3)


def test_syntax_error_without_a_position_in_an_include_names_its_file_and_line(build_site) -> None:
    # python-liquid gives an error at the end of an assign's expression no position: the line is
    # found by parsing each markup alone (an assign has no end tag to close it with).
    with pytest.raises(ReblogError) as info:
        build_site({"_config.yml": "liquid:\n  error_mode: strict\n", PAGE: page("{% include bad.html %}"),
                    "_includes/bad.html": "a\nb\n{% assign x = 'a' | %}"})
    assert (info.value.file, info.value.line) == ("_includes/bad.html", 3)
    assert "bad.html line 3): expected word" in info.value.message
