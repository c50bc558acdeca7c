"""The CLI as a writer meets it: help with examples, relevant flags, plain counts, early and actionable errors."""

from __future__ import annotations

import argparse
import socket
import subprocess
from pathlib import Path

import pytest
from sitefiles import write_files

from reblog.cli import main, make_parser
from reblog.log import counted


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("no subcommands")


def _flags(parser: argparse.ArgumentParser) -> set[str]:
    return {opt for action in parser._actions for opt in action.option_strings}


def test_every_command_help_has_a_description_and_examples() -> None:
    for name, sub in _subparsers(make_parser()).items():
        text = sub.format_help()
        assert sub.description, name
        assert "\nexamples:\n" in text, name
        examples = text.split("\nexamples:\n", 1)[1].splitlines()
        assert examples and all(line.startswith("  reblog ") for line in examples if line.strip()), name


def test_clean_help_lists_no_build_flags() -> None:
    clean = _subparsers(make_parser())["clean"]
    flags = _flags(clean)
    assert {"-s", "-d", "--config", "-q"} <= flags
    assert not flags & {"-D", "--drafts", "--future", "--unpublished", "--strict", "-j", "--profile", "--baseurl"}
    assert "--drafts" not in clean.format_help()


def test_build_serve_and_deploy_share_every_site_flag() -> None:
    commands = _subparsers(make_parser())
    site_flags = {"-s", "-d", "--config", "-D", "--drafts", "--future", "--unpublished", "-b", "--baseurl",
                  "--safe", "-j", "--jobs", "--strict", "--no-cache", "-q", "-V", "--trace"}
    for name in ("build", "serve", "deploy"):
        assert site_flags <= _flags(commands[name]), (name, site_flags - _flags(commands[name]))


def _one_page_site(root: Path) -> None:
    write_files(root, {"_config.yml": "title: T\n", "index.html": "<p>hi</p>\n"})


def test_counts_agree_with_their_noun(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # "Built 1 changed files" was the dev server's line: it and the build's use counted().
    assert [counted(n, "changed file") for n in (0, 1, 2)] == ["0 changed files", "1 changed file", "2 changed files"]
    _one_page_site(tmp_path)   # index.html and .nojekyll
    assert main(["build", "-s", str(tmp_path), "-d", str(tmp_path / "_site")]) == 0
    assert "Built 2 files in " in capsys.readouterr().err


def test_profile_has_page_rows_and_no_empty_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_files(tmp_path, {"_config.yml": "title: T\n", "index.md": "---\n---\n# Hi\n", "about.md": "---\n---\nA\n"})
    argv = ["build", "-q", "--profile", "-j", "1", "-s", str(tmp_path), "-d", str(tmp_path / "_site")]
    assert main(argv) == 0
    out = capsys.readouterr().out
    page_table = out.split("Page", 1)[1]
    assert "index.html" in page_table and "about.html" in page_table, out
    # The phase times line up in one column, under the longest phase name too.
    phases = ("Phase" + out.split("Phase", 1)[1].split("\n\n", 1)[0]).splitlines()
    assert any(row.startswith("images, plugins, static files ") for row in phases), out
    assert len({len(row) for row in phases}) == 1, out
    # A second build renders nothing (all cached): a sentence instead of empty tables.
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "Page " not in out and "Template " not in out
    assert "No page was rendered" in out


def test_check_says_what_it_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_files(tmp_path, {
        "index.html": '<html><head><title>Hi</title></head><body><a href="a/#x">a</a>'
                      '<img src="a/p.png" alt=""><a href="#top">top</a></body></html>',
        "a/index.html": '<html><title>A</title><h1 id="x">A</h1><a href="..">up</a><a href="../">up</a></html>',
        "a/p.png": b"\x89PNG",
    })
    assert main(["check", "-s", str(tmp_path), "-d", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    # 2 pages; links: a/#x, #top, .., ../ (4); anchors: #x (#top always resolves); 1 image.
    assert "Checked 2 pages: 4 links, 1 anchor, 1 image." in err, err
    assert "No problems found in 2 pages." in err


def test_serve_reports_a_taken_port_before_building(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _one_page_site(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["serve", "-s", str(tmp_path), "-d", str(tmp_path / "_site"), "-P", str(port), "--no-watch"])
    err = capsys.readouterr().err
    assert code == 1
    assert f"port {port} is already in use on 127.0.0.1" in err and f"--port {port + 1}" in err, err
    assert not (tmp_path / "_site").exists()   # nothing was built


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)


def test_deploy_without_a_remote_says_what_to_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Test Author")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "test@example.org")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    site = tmp_path / "blog"
    _one_page_site(site)
    _git(site, "init", "--quiet", "-b", "main")
    _git(site, "add", "-A")
    _git(site, "commit", "--quiet", "-m", "First")
    assert main(["deploy", "-q", "-s", str(site), "-d", str(site / "_site")]) == 1
    err = capsys.readouterr().err
    assert "no git remote to push to" in err and "git remote add origin https://github.com/USER/REPO.git" in err
    assert "--no-push" in err and "fatal:" not in err
    assert not (site / "_site").exists()   # it stopped before building
    _git(site, "remote", "add", "upstream", str(tmp_path / "elsewhere.git"))
    assert main(["deploy", "-q", "-s", str(site), "-d", str(site / "_site")]) == 1
    assert "no git remote named 'origin' (it has upstream)" in capsys.readouterr().err
