"""``reblog new --blank`` and ``reblog new-theme``: the same scaffolds as Jekyll's commands."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from reblog.cli import main

# Recorded with Debian's Jekyll 4.3.1: `jekyll new blank --blank` and
# `jekyll new-theme "my theme" -c`, listed with `find . -not -path "./.git/*" | sort`.
JEKYLL_BLANK = """
_config.yml _data _drafts _includes _layouts _layouts/default.html _posts _sass _sass/main.scss
assets assets/css assets/css/main.scss index.md
""".split()
JEKYLL_THEME = """
.git .gitignore CODE_OF_CONDUCT.md Gemfile LICENSE.txt README.md _data _includes _layouts
_layouts/default.html _layouts/page.html _layouts/post.html _sass assets my_theme.gemspec
""".split()


def _listing(root: Path) -> list[str]:
    names = (p.relative_to(root).as_posix() for p in root.rglob("*"))
    return sorted(name for name in names if not name.startswith(".git/"))


def test_blank_site_has_jekylls_files_and_builds(tmp_path: Path) -> None:
    site = tmp_path / "blank"
    assert main(["new", str(site), "--blank", "--trace"]) == 0
    assert _listing(site) == sorted(JEKYLL_BLANK)
    assert main(["build", "-s", str(site), "-d", str(tmp_path / "out"), "-q"]) == 0
    assert (tmp_path / "out" / "assets" / "css" / "main.css").read_text().startswith("body")
    assert "<title>Home | </title>" in (tmp_path / "out" / "index.html").read_text()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_new_theme_has_jekylls_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new-theme", "my", "theme", "--code-of-conduct", "--trace"]) == 0
    theme = tmp_path / "my_theme"
    assert _listing(theme) == sorted(JEKYLL_THEME)
    # A second time is Jekyll's "Conflict: ... already exists." and a non-zero exit.
    assert main(["new-theme", "my_theme"]) == 1


@pytest.mark.skipif(shutil.which("git") is None or shutil.which("gem") is None,
                    reason="git or RubyGems is not installed")
def test_new_theme_packages_as_a_gem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new-theme", "cool-theme"]) == 0
    theme = tmp_path / "cool-theme"
    (theme / "_includes" / "blank.html").write_text("")
    (theme / "_sass" / "blank.scss").write_text("")
    subprocess.run(["git", "add", "."], cwd=theme, check=True)
    subprocess.run(["gem", "build", "cool-theme.gemspec"], cwd=theme, check=True, capture_output=True)
    listed = subprocess.run(["gem", "spec", "cool-theme-0.1.0.gem", "files"], cwd=theme, check=True,
                            capture_output=True, text=True).stdout
    assert "_layouts/default.html" in listed and "_includes/blank.html" in listed
    assert "Gemfile" not in listed and "cool-theme.gemspec" not in listed
