""""Did you mean": a misspelt layout, include or filter names the closest one (an error under --strict)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitefiles import write_files

from reblog.cli import main
from reblog.errors import did_you_mean

POST = "_posts/2024-01-02-x.md"


def _site(root: Path, post: str, **extra: str) -> None:
    write_files(root, {
        "_config.yml": "title: T\n",
        "_layouts/default.html": "<html>{{ content }}</html>\n",
        "_layouts/post.html": "---\nlayout: default\n---\n<article>{{ content }}</article>\n",
        "_includes/header.html": "head\n",
        POST: post,
        **extra,
    })


def _build(root: Path, *flags: str) -> int:
    return main(["build", "-q", "--no-cache", "-s", str(root), "-d", str(root / "_site"), *flags])


def test_did_you_mean_picks_the_closest_name_or_nothing() -> None:
    assert did_you_mean("psot", ["default", "post", "page"]) == "; did you mean 'post'?"
    assert did_you_mean("zzz", ["default", "post"]) == ""


def test_misspelt_layout_warns_with_the_closest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _site(tmp_path, "---\ntitle: X\nlayout: psot\n---\nHello\n")
    assert _build(tmp_path) == 0
    err = capsys.readouterr().err
    assert f"Warning: {POST}:3: layout 'psot' not found; did you mean 'post'?" in err, err
    assert "Hello" in (tmp_path / "_site/2024/01/02/x.html").read_text(encoding="utf-8")
    assert _build(tmp_path, "--strict") == 1
    assert f"Error: {POST}:3: layout 'psot' not found; did you mean 'post'?" in capsys.readouterr().err


def test_unlike_layout_keeps_jekylls_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _site(tmp_path, "---\nlayout: zzzzzz\n---\nHello\n")
    assert _build(tmp_path, "--strict") == 0   # nothing close: Jekyll's warning, not an error
    assert f"Layout 'zzzzzz' requested in {POST} does not exist." in capsys.readouterr().err


def test_misspelt_include_names_the_closest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _site(tmp_path, "---\n---\nHi\n", **{"page.html": "---\n---\n\n{% include headr.html %}\n"})
    assert _build(tmp_path) == 1
    err = capsys.readouterr().err
    assert ("Error: page.html:4: Liquid Exception: Could not locate the included file 'headr.html' in any "
            'of ["_includes"]. Ensure it exists in one of those directories and, if it is a symlink, does '
            "not point outside your site source. in page.html; did you mean 'header.html'?") in err, err


def test_misspelt_filter_warns_once_per_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    layout = "---\nlayout: default\n---\n<h1>{{ page.title | upcse }}</h1>{{ page.title | nosuchthingatall }}\n"
    _site(tmp_path, "---\ntitle: x\nlayout: post\n---\nHi\n", **{
        "_layouts/post.html": layout,
        "_posts/2024-01-03-y.md": "---\ntitle: y\nlayout: post\n---\nHo\n",
    })
    assert _build(tmp_path) == 0
    err = capsys.readouterr().err
    hint = "filter 'upcse' not found; did you mean 'upcase'?"
    assert err.count(hint) == 1, err                  # two posts, one layout: one warning
    assert f"_layouts/post.html:4: {hint}" in err, err
    assert "nosuchthingatall" not in err               # nothing close: ignored silently, as Jekyll does
    # Jekyll prints the value unfiltered.
    assert "<h1>x</h1>x" in (tmp_path / "_site/2024/01/02/x.html").read_text(encoding="utf-8")
    assert _build(tmp_path, "--strict") == 1
    assert f"Error: _layouts/post.html:4: {hint}" in capsys.readouterr().err
