"""A plugin reblog does not have is one warning that says what to do instead; the site builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitefiles import write_files

from reblog.log import Logger
from reblog.pipeline import BuildOptions, build


@pytest.mark.parametrize("name, hint", [
    ("jekyll-paginate-v2", "use jekyll-paginate"),
    ("jekyll-compose", "reblog post, reblog draft and reblog publish"),
    ("jekyll-no-such-thing", "docs/plugins.md lists the plugins reblog has"),
])
def test_missing_plugin_warning_says_what_to_do(name: str, hint: str, tmp_path: Path) -> None:
    """The warning names the plugin and the alternative."""
    write_files(tmp_path / "src", {"_config.yml": f"plugins: [{name}]\n", "index.html": "---\n---\nok\n"})
    log = Logger(quiet=True)
    build(BuildOptions(source=tmp_path / "src", destination=str(tmp_path / "out")), log)
    [warning] = log.warnings
    assert name in warning and hint in warning
    assert (tmp_path / "out" / "index.html").read_text(encoding="utf-8") == "ok\n"
