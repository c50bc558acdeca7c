"""Typed settings: each section parsed from the merged configuration, wrong values named by line."""

from __future__ import annotations

from pathlib import Path

import pytest

from reblog.config import load_config
from reblog.config.model import Settings
from reblog.config.parse import parse_settings
from reblog.errors import ReblogError


def _settings(tmp_path: Path, text: str) -> Settings:
    (tmp_path / "_config.yml").write_text(text, encoding="utf-8")
    return parse_settings(load_config(tmp_path))


def test_defaults_are_jekylls(tmp_path: Path) -> None:
    settings = parse_settings(load_config(tmp_path))
    assert settings.source == tmp_path.resolve()
    assert settings.permalink == "date" and settings.baseurl == "" and settings.url == ""
    assert settings.markdown_exts == (".markdown", ".mkdown", ".mkdn", ".mkd", ".md")
    assert settings.keep_files == (".git", ".svn")
    assert settings.plugins_dirs == ("_plugins",)
    assert settings.liquid.error_mode == "warn" and not settings.liquid.strict_variables
    assert settings.sass.sass_dir == "_sass" and settings.sass.style == "compact"
    assert settings.highlighting.highlighter == "rouge"
    assert settings.pagination.per_page is None and settings.pagination.path == "/page:num"


def test_sections_are_typed(tmp_path: Path) -> None:
    settings = parse_settings({
        "markdown_ext": "MD, txt", "collections": ["recipes"], "plugins_dir": ["a", "b"],
        "future": 0, "show_drafts": None, "limit_posts": "3", "paginate": 5,
        "liquid": {"error_mode": "bogus", "strict_filters": True},
        "sass": {"style": ":Compressed", "implementation": "SASS-EMBEDDED", "load_paths": ["x"]},
        "highlighter": "None",
    })
    assert settings.markdown_exts == (".md", ".txt")
    assert settings.collections == {"recipes": {}}
    assert settings.plugins_dirs == ("a", "b")
    # Jekyll reads switches with Ruby's truth: 0 is on, only false and nil are off.
    assert settings.future is True and settings.show_drafts is False
    assert settings.limit_posts == 3 and settings.pagination.per_page == 5
    assert settings.liquid.error_mode == "warn" and settings.liquid.strict_filters
    assert settings.sass.style == "compressed" and settings.sass.implementation == "sass-embedded"
    assert settings.sass.load_paths == ("x",)
    assert settings.highlighting.highlighter is None


@pytest.mark.parametrize(("text", "expected"), [
    ("title: x\nlimit_posts: -1\n", "_config.yml:2: limit_posts: expected a whole number, 0 or more"),
    ("paginate: lots\n", "_config.yml:1: paginate: expected a whole number above 0, got the text 'lots'"),
    ("timezone: Mars/Base\n", "_config.yml:1: timezone: expected a time zone name"),
    ("time: soon\n", "_config.yml:1: time: expected a date and time"),
    ("plugins_dir: [5]\n", "_config.yml:1: plugins_dir: expected a folder name or a list"),
    ("collections:\n  recipes: yes please\n",
     "_config.yml:2: collections.recipes: expected a mapping (output, permalink, ...)"),
    ("defaults: {scope: x}\n", "_config.yml:1: defaults: expected a list, got a mapping"),
    ("kramdown:\n  auto_ids: true\n  header_offset: one\n",
     "_config.yml:3: kramdown.header_offset: expected a whole number, got the text 'one'"),
    ("kramdown:\n  toc_levels: [1, two]\n", "_config.yml:2: kramdown.toc_levels: expected a list of header"),
    ("images:\n  widths: [100]\n  colour: red\n", "_config.yml:3: images: unknown setting(s): colour"),
    ("check:\n  fail_on: 5\n", "_config.yml:2: check.fail_on: expected a list of kinds"),
    ("theme: minima\nremote_theme_url: [a]\n", "_config.yml:2: remote_theme_url: expected a URL"),
    ("social_cards: maybe\n", "_config.yml:1: social_cards: expected true or false, got the text 'maybe'"),
])
def test_a_wrong_value_names_file_line_key_and_what_was_expected(
    tmp_path: Path, text: str, expected: str,
) -> None:
    with pytest.raises(ReblogError) as info:
        _settings(tmp_path, text)
    assert str(info.value).startswith(str(tmp_path / expected.split(":", 1)[0]) + ":" +
                                      expected.split(":", 1)[1]), str(info.value)


def test_source_date_epoch_that_is_not_a_number_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ReblogError, match="SOURCE_DATE_EPOCH must be a whole number"):
        load_config(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    settings = parse_settings({**load_config(tmp_path), "timezone": "UTC"})
    assert settings.time is not None and settings.time.isoformat() == "1970-01-02T00:00:00+00:00"


def test_theme_section_is_typed() -> None:
    settings = parse_settings({
        "theme": "minima", "remote_theme": "owner/repo@v1", "remote_theme_url": "http://127.0.0.1:1",
        "ignore_theme_config": True, "social_cards": False,
    })
    theme = settings.theme
    assert (theme.name, theme.remote, theme.remote_url) == ("minima", "owner/repo@v1", "http://127.0.0.1:1")
    assert theme.ignore_config and theme.wrong_kind is None and settings.social_cards is False
    # Only `true` itself ignores the theme's _config.yml (Jekyll: `config["ignore_theme_config"] == true`).
    assert not parse_settings({"ignore_theme_config": "yes"}).theme.ignore_config
    assert parse_settings({}).social_cards is None and parse_settings({"theme": ""}).theme.name is None


@pytest.mark.parametrize(("value", "ruby_class"), [(5, "Integer"), ([1], "Array"), ({"a": 1}, "Hash"),
                                                   (True, "TrueClass"), (1.5, "Float")])
def test_a_theme_that_is_not_text_is_named_by_its_ruby_class(value: object, ruby_class: str) -> None:
    # Jekyll's Site#configure_theme warns "... but got #{config["theme"].class}" and uses no theme.
    theme = parse_settings({"theme": value}).theme
    assert theme.name is None and theme.wrong_kind == ruby_class


@pytest.mark.parametrize("text", [
    "images: assets/images\n",                        # a theme's folder setting (jekyll-theme-next)
    "images:\n  logo: /logo.png\n  favicon: /f.ico\n",  # a mapping of the site's own keys
    "images: [a.png, b.png]\n",
])
def test_an_images_value_of_the_sites_own_is_not_reblogs_section(tmp_path: Path, text: str) -> None:
    # Jekyll builds these sites; the value stays the site's (site.images), the pipeline is off.
    assert _settings(tmp_path, text).images is None
    assert "images" in load_config(tmp_path)


def test_reblogs_images_section_is_read(tmp_path: Path) -> None:
    images = _settings(tmp_path, "images:\n  widths: [100, 200]\n").images
    assert images is not None and images.widths == (100, 200)
