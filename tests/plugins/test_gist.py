"""jekyll-gist: ``{% gist %}`` as the gem (1.5.0) writes it when it cannot fetch the gist."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_site import build_fixture, expected
from sitefiles import write_files

from reblog.log import Logger
from reblog.pipeline import BuildOptions, build


@pytest.mark.parametrize("name, rel", [("gist", "index.html"), ("gist_noscript_off", "index.html")])
def test_gist_fixture_is_byte_identical(name: str, rel: str, tmp_path: Path) -> None:
    """IDs with and without a user, files, variables; noscript on (the gem's offline ``true``)
    and off (GitHub Pages' setting)."""
    out = build_fixture(name, tmp_path)
    assert (out / rel).read_text(encoding="utf-8") == expected(name, rel)


def test_one_warning_per_gist_unless_noscript_is_off(tmp_path: Path) -> None:
    """Each tag whose <noscript> part is missing warns (the gem warns too); noscript: false: none."""
    page = "---\n---\n{% gist a/1 %}{% gist b/2 x.py %}"
    for noscript, count in (("true", 2), ("false", 0)):
        src = tmp_path / noscript
        write_files(src, {"_config.yml": f"plugins: [jekyll-gist]\ngist: {{noscript: {noscript}}}\n",
                          "index.html": page})
        log = Logger(quiet=True)
        build(BuildOptions(source=src, destination=str(tmp_path / f"out-{noscript}")), log)
        assert len([w for w in log.warnings if "<noscript>" in w]) == count
