"""jekyll-last-modified-at: file times and last commit times, as the gem (1.3.0) prints them."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fixture_site import FIXTURES, PINNED_MTIME, expected

from reblog.log import Logger
from reblog.pipeline import BuildOptions, build

GUIDE_MTIME = datetime(2022, 11, 30, 23, 30, tzinfo=UTC).timestamp()  # as regenerate.sh sets it


def _build(source: Path, out: Path) -> None:
    build(BuildOptions(source=source, destination=str(out), cache=False), Logger(quiet=True))


@pytest.fixture(scope="module")
def mtime_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture outside any git repository, mtimes pinned as regenerate.sh pins them."""
    tmp = tmp_path_factory.mktemp("lma")
    source = tmp / "site"
    shutil.copytree(FIXTURES / "last_modified_at" / "site", source)
    for root, _dirs, files in os.walk(source):
        for file in files:
            os.utime(Path(root) / file, (PINNED_MTIME, PINNED_MTIME))
    os.utime(source / "docs" / "guide.md", (GUIDE_MTIME, GUIDE_MTIME))
    _build(source, tmp / "out")
    return tmp / "out"


@pytest.mark.parametrize("rel", ["index.html", "docs/guide.html", "2023/03/04/own-date.html",
                                 "2023/03/05/no-date.html", "sitemap.xml"])
def test_modification_times(mtime_site: Path, rel: str) -> None:
    """page.last_modified_at, date filters, the tag with and without a format, the sitemap's
    lastmod; a page's front matter value replaced, a post's kept; the site's time zone."""
    assert (mtime_site / rel).read_text(encoding="utf-8") == expected("last_modified_at", rel)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize("rel", ["index.html", "about.html", "draft-page.html", "2023/01/01/post.html"])
def test_git_commit_times(rel: str, tmp_path: Path) -> None:
    """In a git repository: the last commit's time; an uncommitted file: its modification time."""
    fixture = FIXTURES / "last_modified_at_git"
    subprocess.run(["sh", str(fixture / "make_repo.sh"), str(tmp_path / "site")], check=True)
    _build(tmp_path / "site", tmp_path / "out")
    assert (tmp_path / "out" / rel).read_text(encoding="utf-8") == expected("last_modified_at_git", rel)
