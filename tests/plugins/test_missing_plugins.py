"""A plugin reblog does not have is one warning that says what to do instead; the site builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitefiles import write_files

from reblog.log import Logger
from reblog.pipeline import BuildOptions, build


@pytest.mark.parametrize("name, hint", [
    ("jekyll-compose", "reblog post, reblog draft and reblog publish"),
    ("jekyll-octicons", "put the icon's SVG"),
    ("jekyll-no-such-thing", "port this one to a Python plugin in _plugins/ (docs/plugin-api.md)"),
])
def test_missing_plugin_warning_says_what_to_do(name: str, hint: str, tmp_path: Path) -> None:
    """The warning names the plugin and the alternative."""
    write_files(tmp_path / "src", {"_config.yml": f"plugins: [{name}]\n", "index.html": "---\n---\nok\n"})
    log = Logger(quiet=True)
    build(BuildOptions(source=tmp_path / "src", destination=str(tmp_path / "out")), log)
    [warning] = log.warnings
    assert name in warning and hint in warning
    assert (tmp_path / "out" / "index.html").read_text(encoding="utf-8") == "ok\n"


@pytest.mark.parametrize("name", ["jekyll-sass-converter", "kramdown-parser-gfm"])
def test_gems_reblog_has_built_in_are_not_warned_about(name: str, tmp_path: Path) -> None:
    """Sass and kramdown's GFM parser are part of reblog: listing them is no warning."""
    write_files(tmp_path / "src", {"_config.yml": f"plugins: [{name}]\n", "index.html": "---\n---\nok\n"})
    log = Logger(quiet=True)
    build(BuildOptions(source=tmp_path / "src", destination=str(tmp_path / "out")), log)
    assert log.warnings == []
