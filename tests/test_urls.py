"""Permalink styles and placeholders, slugify modes, Jekyll's URL sanitizing."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from reblog.templates.filters import strings

from reblog.urls import (
    PERMALINK_STYLES,
    add_permalink_suffix,
    date_placeholders,
    escape_path,
    fill_page_template,
    fill_template,
    sanitize_url,
    slugify,
    titleize_slug,
)

DATE = datetime(2023, 12, 11, 9, 5, 7, tzinfo=UTC)


def _placeholders(**extra: str) -> dict[str, str]:
    base = {"categories": "", "title": "aws-reinvent", "output_ext": ".html", "slug": "aws-reinvent"}
    return {**base, **date_placeholders(DATE), **extra}


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("date", "/2023/12/11/aws-reinvent.html"),
        ("pretty", "/2023/12/11/aws-reinvent/"),
        ("ordinal", "/2023/345/aws-reinvent.html"),
        ("weekdate", "/2023/W50/Mon/aws-reinvent.html"),
        ("none", "/aws-reinvent.html"),
    ],
)
def test_named_styles(style: str, expected: str) -> None:
    assert fill_template(PERMALINK_STYLES[style], _placeholders()) == expected


def test_categories_prefix_and_custom_placeholders() -> None:
    template = "/:categories/:year/:i_month/:i_day/:short_month/:hour:minute:second/:title:output_ext"
    url = fill_template(template, _placeholders(categories="news/tech"))
    assert url == "/news/tech/2023/12/11/Dec/090507/aws-reinvent.html"


def test_unknown_placeholder_is_an_error() -> None:
    with pytest.raises(KeyError):
        fill_template("/:nope/:title", _placeholders())


def test_trailing_underscore_placeholder_falls_back() -> None:
    # Jekyll reads ``:title_`` as ``:title`` followed by a literal underscore.
    assert fill_template("/:title_/x", _placeholders()) == "/aws-reinvent_/x"


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("pretty", "/:path/:basename/"),
        ("date", "/:path/:basename:output_ext"),
        ("/:year/:title/", "/:path/:basename/"),
        ("/:year/:title", "/:path/:basename"),
        ("/:year/:title:output_ext", "/:path/:basename:output_ext"),
    ],
)
def test_add_permalink_suffix(style: str, expected: str) -> None:
    assert add_permalink_suffix("/:path/:basename", style) == expected


def test_page_template_drops_nil_placeholders() -> None:
    url = fill_page_template("/:path/:basename:output_ext", {"path": "/docs/", "basename": "a", "output_ext": ".html"})
    assert url == "/docs/a.html"
    assert fill_page_template("/x/:path/y", {"path": None}) == "/x/y"


def test_sanitize_url() -> None:
    assert sanitize_url("a//b/../c/./d") == "/a/b/c/d"


def test_escape_path() -> None:
    assert escape_path("/plain/path-1.html") == "/plain/path-1.html"
    assert escape_path("/a b/ü") == "/a%20b/%C3%BC"


@pytest.mark.parametrize(
    ("text", "mode", "cased", "expected"),
    [
        ("The _config.yml file", None, False, "the-config-yml-file"),
        ("The _config.yml file", "pretty", False, "the-_config.yml-file"),
        ("The _config.yml file", "pretty", True, "The-_config.yml-file"),
        ("The _config.yml file", "ascii", False, "the-config-yml-file"),
        ("The _config.yml file", "raw", False, "the-_config.yml-file"),
        ("Café déjà vu", "latin", False, "cafe-deja-vu"),
        ("Café déjà vu", None, False, "café-déjà-vu"),
        ("  --Hello, World!--  ", None, False, "hello-world"),
        ("Keep", "unknown-mode", True, "Keep"),
    ],
)
def test_slugify_modes(text: str, mode: str | None, cased: bool, expected: str) -> None:
    assert slugify(text, mode, cased) == expected


def test_slugify_none() -> None:
    assert slugify(None) is None


def test_titleize_slug() -> None:
    assert titleize_slug("my-first-post") == "My First Post"


SLUGIFY_CASES = json.loads(
    (Path(__file__).resolve().parent / "fixtures" / "slugify" / "expected.json").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("case", SLUGIFY_CASES, ids=lambda c: f"{c['text']!r}-{c['mode']}-{c['cased']}")
def test_slugify_matches_jekyll(case: dict[str, Any]) -> None:
    """Expected slugs from Jekyll's Utils.slugify (tests/fixtures/slugify/regenerate.rb)."""
    assert slugify(case["text"], case["mode"], case["cased"]) == case["slug"]


@pytest.mark.parametrize("case", SLUGIFY_CASES[:28], ids=lambda c: f"{c['text']!r}-{c['mode']}-{c['cased']}")
def test_the_slugify_filter_is_the_same_slugify(case: dict[str, Any]) -> None:
    assert strings.slugify(case["text"], case["mode"], case["cased"]) == case["slug"]
