"""Build a plugin fixture site with reblog and compare files with real Jekyll's expected output."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

from reblog.pipeline import BuildOptions, build
from reblog.log import Logger

from sitefiles import normalize_markup

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "plugins"
# regenerate.sh touches every source file to this time before running Jekyll.
PINNED_MTIME = datetime(2023, 6, 1, 12, 0, tzinfo=UTC).timestamp()


def build_fixture(name: str, tmp_path: Path) -> Path:
    """Copy the fixture's source to tmp_path, pin its mtimes, build it; returns the output folder."""
    source = tmp_path / "site"
    shutil.copytree(FIXTURES / name / "site", source)
    for root, _dirs, files in os.walk(source):
        for file in files:
            os.utime(Path(root) / file, (PINNED_MTIME, PINNED_MTIME))
    dest = tmp_path / "out"
    build(BuildOptions(source=source, destination=str(dest)), Logger(quiet=True))
    return dest


def expected(name: str, rel: str) -> str:
    """A file Jekyll wrote for the fixture."""
    return (FIXTURES / name / "expected" / rel).read_text(encoding="utf-8")


def assert_same(name: str, out: Path, rel: str) -> None:
    """The file reblog wrote equals Jekyll's, up to whitespace between tags (sitefiles' normalizer)."""
    assert (out / rel).is_file(), f"reblog did not write {rel}"
    assert normalize_markup((out / rel).read_text(encoding="utf-8")) == normalize_markup(expected(name, rel))
