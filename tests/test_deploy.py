"""``reblog deploy`` against a local bare repository, and the Pages files every build gets."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reblog.cli import main
from reblog.pipeline import ensure_pages_files
from reblog.scaffold import new_post, new_site
from reblog.writer import Output


def git(cwd: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return proc.stdout.strip()


@pytest.fixture(autouse=True)
def git_identity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A known author, and no user or system git config leaking into the tests."""
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Test Author")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "test@example.org")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    # Pin site.time (the feed's <updated>), so two builds of the same sources are identical;
    # a day ahead, so the posts dated now are not in the future.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(time.time()) + 86400))


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, Path]:
    """A new site committed on main, with a CNAME, and an empty bare ``origin``."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", "-b", "main", str(remote))
    site = tmp_path / "blog"
    new_site(site)
    (site / "CNAME").write_text("blog.example.org\n", encoding="utf-8")
    git(site, "init", "--quiet", "-b", "main")
    git(site, "add", "-A")
    git(site, "commit", "--quiet", "-m", "First")
    git(site, "remote", "add", "origin", str(remote))
    return site, remote


def deploy(site: Path, *extra: str) -> int:
    return main(["deploy", "-q", "-s", str(site), "-d", str(site / "_site"), *extra])


def remote_log(remote: Path, branch: str = "gh-pages") -> list[str]:
    return git(remote, "log", "--format=%s", branch).splitlines()


def remote_files(remote: Path, branch: str = "gh-pages") -> set[str]:
    return set(git(remote, "ls-tree", "-r", "--name-only", branch).splitlines())


def test_two_deploys_keep_history(repo: tuple[Path, Path]) -> None:
    site, remote = repo
    first_sha = git(site, "rev-parse", "--short", "HEAD")
    assert deploy(site) == 0
    assert remote_log(remote) == [f"Deploy {first_sha} from main"]
    files = remote_files(remote)
    assert {".nojekyll", "CNAME", "index.html", "about/index.html", "feed.xml"} <= files
    assert git(remote, "show", "gh-pages:CNAME") == "blog.example.org"
    assert git(remote, "show", "gh-pages:.nojekyll") == ""

    post = new_post(site, "Second post")
    git(site, "add", "-A")
    git(site, "commit", "--quiet", "-m", "Second")
    second_sha = git(site, "rev-parse", "--short", "HEAD")
    assert deploy(site) == 0
    assert remote_log(remote) == [f"Deploy {second_sha} from main", f"Deploy {first_sha} from main"]
    assert any("second-post" in f for f in remote_files(remote)), post
    # The source branch is untouched: deploy commits only to gh-pages.
    assert git(site, "log", "--format=%s", "main").splitlines() == ["Second", "First"]
    assert git(site, "status", "--porcelain") == ""


def test_unchanged_output_makes_no_commit(repo: tuple[Path, Path]) -> None:
    site, remote = repo
    assert deploy(site) == 0
    assert deploy(site) == 0
    assert len(remote_log(remote)) == 1


def test_dirty_tree_is_refused(repo: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    site, remote = repo
    with (site / "about.md").open("a", encoding="utf-8") as handle:
        handle.write("\nA change not committed yet.\n")
    (site / "new-page.md").write_text("---\ntitle: New\n---\n", encoding="utf-8")
    assert deploy(site) == 1
    err = capsys.readouterr().err.strip()
    assert err == "Error: uncommitted changes in about.md and 1 more; commit them or use --allow-dirty"
    assert git(remote, "branch", "--list") == ""
    assert deploy(site, "--allow-dirty", "-m", "Preview") == 0
    assert remote_log(remote) == ["Preview"]
    assert "new-page/index.html" in remote_files(remote)


def test_allow_dirty_says_so_in_the_message(repo: tuple[Path, Path]) -> None:
    site, remote = repo
    (site / "index.md").write_text("---\nlayout: home\n---\nChanged.\n", encoding="utf-8")
    assert deploy(site, "--allow-dirty") == 0
    sha = git(site, "rev-parse", "--short", "HEAD")
    assert remote_log(remote) == [f"Deploy {sha} from main (uncommitted changes)"]


def test_an_output_folder_that_git_sees_is_not_a_source_change(repo: tuple[Path, Path]) -> None:
    site, remote = repo
    # "public/" is not in .gitignore: its files show up in git status but are the output.
    assert main(["deploy", "-q", "-s", str(site), "-d", str(site / "public")]) == 0
    assert main(["deploy", "-q", "-s", str(site), "-d", str(site / "public")]) == 0
    assert len(remote_log(remote)) == 1


def test_no_push_commits_locally_only(repo: tuple[Path, Path]) -> None:
    site, remote = repo
    assert deploy(site, "--no-push", "--branch", "pages") == 0
    assert git(site, "log", "--format=%s", "pages").startswith("Deploy ")
    assert git(remote, "branch", "--list") == ""


def test_a_fresh_clone_builds_on_the_remote_history(repo: tuple[Path, Path], tmp_path: Path) -> None:
    site, remote = repo
    git(site, "push", "--quiet", "origin", "main")
    assert deploy(site) == 0
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", str(remote), str(clone))
    (clone / "about.md").write_text("---\ntitle: About\n---\nNew words.\n", encoding="utf-8")
    git(clone, "commit", "--quiet", "-am", "Edit about")
    assert deploy(clone) == 0
    assert len(remote_log(remote)) == 2  # on top of the first deploy: a fast-forward


def test_force_pushes_over_a_diverged_branch(repo: tuple[Path, Path], tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    site, remote = repo
    assert deploy(site, "--no-push") == 0
    # Someone else put an unrelated gh-pages on the remote.
    other = tmp_path / "other"
    git(tmp_path, "init", "--quiet", "-b", "gh-pages", str(other))
    (other / "x").write_text("x", encoding="utf-8")
    git(other, "add", "x")
    git(other, "commit", "--quiet", "-m", "Unrelated")
    git(other, "push", "--quiet", str(remote), "gh-pages")
    (site / "index.md").write_text("---\nlayout: home\n---\nNew.\n", encoding="utf-8")
    git(site, "commit", "--quiet", "-am", "New home")
    assert deploy(site) == 1
    err = capsys.readouterr().err
    assert "have diverged; the push will fail unless you use --force" in err
    assert "Error: git push failed" in err
    assert remote_log(remote) == ["Unrelated"]
    assert deploy(site, "--force") == 0
    assert len(remote_log(remote)) == 2 and remote_log(remote)[1].startswith("Deploy ")


def test_not_a_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "blog"
    new_site(site)
    assert deploy(site) == 1
    assert "is not in a git repository" in capsys.readouterr().err


# --- .nojekyll and CNAME in every build ---

def test_ensure_pages_files_adds_nojekyll(tmp_path: Path) -> None:
    class FakeSite:
        source = tmp_path

    output = Output()
    ensure_pages_files(output, FakeSite())  # type: ignore[arg-type]
    assert output.files[".nojekyll"] == ""


def test_every_build_has_nojekyll_and_copies_cname_as_jekyll_does(
        build_site: Callable[..., tuple[Any, Path]]) -> None:
    files = {"CNAME": "blog.example.org\n", "index.md": "---\ntitle: Home\n---\nHi\n"}
    _, out = build_site({"_config.yml": "timezone: UTC\n", **files})
    assert (out / ".nojekyll").read_text(encoding="utf-8") == ""
    assert (out / "CNAME").read_text(encoding="utf-8") == "blog.example.org\n"
    # Jekyll leaves out a CNAME that `exclude:` lists (`reblog deploy` still publishes it).
    _, out = build_site({"_config.yml": "timezone: UTC\nexclude: [CNAME]\n", **files})
    assert not (out / "CNAME").exists()
