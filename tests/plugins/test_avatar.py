"""jekyll-avatar: ``{% avatar %}`` markup byte for byte as the gem (0.8.0) writes it."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_site import build_fixture, expected
from sitefiles import write_files

from reblog.errors import ReblogError
from reblog.log import Logger
from reblog.pipeline import BuildOptions, build


def test_avatar_fixture_is_byte_identical(tmp_path: Path) -> None:
    """Users by name, by @name, by variable, rendered markup, sizes, lazy, in a loop."""
    out = build_fixture("avatar", tmp_path)
    assert (out / "index.html").read_text(encoding="utf-8") == expected("avatar", "index.html")


def test_custom_host(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """PAGES_AVATARS_URL replaces the avatars server, joined as a URL (the gem's Addressable join)."""
    monkeypatch.setenv("PAGES_AVATARS_URL", "http://avatars.example/base")
    write_files(tmp_path / "src", {"_config.yml": "plugins: [jekyll-avatar]\n",
                                   "index.html": "---\n---\n{% avatar hubot size=10 %}"})
    build(BuildOptions(source=tmp_path / "src", destination=str(tmp_path / "out")), Logger(quiet=True))
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert 'src="http://avatars.example/base/hubot?v=3&s=10"' in html
    assert "http://avatars.example/base/hubot?v=3&s=40 4x" in html


def test_undefined_parent_is_an_error(tmp_path: Path) -> None:
    """``user=a.b`` with ``a`` undefined fails, as the gem fails (one line, file named)."""
    write_files(tmp_path / "src", {"_config.yml": "plugins: [jekyll-avatar]\n",
                                   "index.html": "---\n---\n{% avatar user=nobody.here %}"})
    with pytest.raises(ReblogError, match="nobody is not defined"):
        build(BuildOptions(source=tmp_path / "src", destination=str(tmp_path / "out")),
              Logger(quiet=True))
