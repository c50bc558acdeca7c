"""jekyll-coffeescript: no Python compiler, so each ``.coffee`` page is a warning saying what to do."""

from __future__ import annotations

from pathlib import Path

from sitefiles import write_files

from reblog.log import Logger
from reblog.pipeline import BuildOptions, build


def test_coffee_page_warns_and_the_site_builds(tmp_path: Path) -> None:
    """One warning naming the file and the fix; the other pages are written."""
    write_files(tmp_path / "src", {
        "_config.yml": "plugins: [jekyll-coffeescript]\n",
        "assets/app.coffee": "---\n---\nsquare = (x) -> x * x\n",
        "index.html": "---\n---\nhello\n",
    })
    log = Logger(quiet=True)
    build(BuildOptions(source=tmp_path / "src", destination=str(tmp_path / "out")), log)
    [warning] = log.warnings
    assert warning.startswith("assets/app.coffee: ") and "npx coffee -c" in warning
    assert (tmp_path / "out" / "index.html").is_file()
