"""``reblog check`` as a merge gate: --fail-on and its exit codes, --ignore, CSS url(), JSON output."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sitefiles import write_files

from reblog.check import CATEGORIES, check_site, css_refs
from reblog.cli import main

FIXTURE = Path(__file__).parents[1] / "fixtures" / "check"
SITE = FIXTURE / "site"
# The seeded problems of tests/fixtures/check (expected.txt) by kind: no media, no CSS url().
KINDS_FOUND = {"broken-links", "missing-anchors", "images", "stylesheets", "scripts", "titles"}


def check(*flags: str, source: Path = FIXTURE) -> int:
    return main(["check", "-s", str(source), "-d", str(SITE), "-q", *flags])


@pytest.mark.parametrize("kind", CATEGORIES)
def test_fail_on_one_kind(kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert check("--fail-on", kind) == (1 if kind in KINDS_FOUND else 0)
    # Every problem is still printed, whether it fails the check or not.
    assert len(capsys.readouterr().out.splitlines()) == 15


def test_fail_on_lists_all_and_none(capsys: pytest.CaptureFixture[str]) -> None:
    assert check() == 1                                  # default: every kind fails
    assert check("--fail-on", "all") == 1
    assert check("--fail-on", "none") == 0
    assert check("--fail-on", "media,css-urls") == 0
    assert check("--fail-on", "media, scripts") == 1


def test_exit_code_2_when_the_check_cannot_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check("--fail-on", "broken-link") == 2        # a misspelt kind
    assert "unknown kind 'broken-link'" in capsys.readouterr().err
    assert main(["check", "-s", str(tmp_path), "-d", str(tmp_path / "nothing")]) == 2
    assert "no built site" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:               # a flag argparse refuses
        main(["check", "--format", "xml"])
    assert exc.value.code == 2


def test_config_section(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = (FIXTURE / "_config.yml").read_text(encoding="utf-8")
    write_files(tmp_path, {"_config.yml": base + "check:\n  fail_on: [media, css-urls]\n"})
    assert check(source=tmp_path) == 0
    assert check("--fail-on", "titles", source=tmp_path) == 1     # the flag wins over the config
    capsys.readouterr()
    write_files(tmp_path, {"_config.yml": base + "check:\n  ignore: [/elsewhere/, '/blog/assets/*.png']\n"})
    check(source=tmp_path)
    out = capsys.readouterr().out
    assert "/elsewhere/" not in out and "missing.png" not in out and "logo@2x.png" not in out
    write_files(tmp_path, {"_config.yml": base + "check:\n  fail: [media]\n"})
    assert check(source=tmp_path) == 2
    assert re.search(r"_config\.yml:\d+: check: unknown setting 'fail'", capsys.readouterr().err)


def test_ignore_prefixes_and_globs() -> None:
    expected = (FIXTURE / "expected.txt").read_text(encoding="utf-8").splitlines()

    def found(*ignore: str) -> list[str]:
        problems = check_site(SITE, baseurl="/blog", site_url="https://example.org", ignore=ignore)
        return [str(p) for p in problems]

    assert found() == expected
    # A prefix: another Pages site on the same domain, outside this one's base path.
    assert found("/elsewhere/") == [p for p in expected if "/elsewhere/" not in p]
    # A glob, matched against the URL as written and the path the browser asks for:
    # "images/none.jpg" on /blog/about/ is /blog/about/images/none.jpg.
    assert found("/blog/*/images/*.jpg") == [p for p in expected if "none.jpg" not in p]
    assert found("https://example.org/blog/nothing/") == [p for p in expected if "/blog/nothing/" not in p]


def test_css_urls(tmp_path: Path) -> None:
    css = (
        "@import \"gone.css\";\n"                                   # 1: missing
        "@import url('base.css');\n"                                # 2: there
        "/* url(commented-out.png)\n   url(also-not.png) */\n"      # 3-4: comments are not checked
        ".a { background: url(img/a.png) }\n"                       # 5: there
        ".b { background: url( \"img/b.png\" ) }\n"                 # 6: missing
        ".c { filter: url(#blur); mask: url(data:image/png;base64,AAAA) }\n"   # 7: not files
        "@font-face { src: url(/fonts/x.woff2) format('woff2'),\n"  # 8: missing
        "  url(https://cdn.example.org/x.woff) }\n"                 # 9: external, not checked here
        ".d { background: URL(../up.png) }\n"                       # 10: there
    )
    write_files(tmp_path, {"assets/site.css": css, "assets/base.css": "", "assets/img/a.png": b"",
                           "up.png": b"", "index.html": "<html><title>T</title></html>"})
    assert [str(p) for p in check_site(tmp_path)] == [
        "assets/site.css:1: broken CSS url gone.css",
        "assets/site.css:6: broken CSS url img/b.png",
        "assets/site.css:8: broken CSS url /fonts/x.woff2",
    ]
    assert [p.category for p in check_site(tmp_path)] == ["css-urls"] * 3
    assert [(r.url, r.line) for r in css_refs(css)][-2:] == [("https://cdn.example.org/x.woff", 9),
                                                               ("../up.png", 10)]


def test_check_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert check("--format", "json", "--fail-on", "scripts") == 1
    data = json.loads(capsys.readouterr().out)   # stdout is the JSON alone
    assert data["command"] == "check" and data["ok"] is False and data["exit_code"] == 1
    assert data["pages"] == 6 and data["fail_on"] == ["scripts"]
    assert sum(data["counts"].values()) == len(data["problems"]) == 15
    script = next(p for p in data["problems"] if p["kind"] == "scripts")
    assert script == {"page": "index.html", "line": 12, "kind": "scripts",
                      "message": "broken script /blog/assets/missing.js", "fails": True,
                      "url": "/blog/assets/missing.js", "source": None}
    assert sum(p["fails"] for p in data["problems"]) == 1


def test_build_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_files(tmp_path / "site", {
        "_config.yml": "title: T\n",
        "index.md": "---\nlayout: nope\n---\nhi\n",
        "_posts/2024-01-02-a.md": "---\ntitle: A\n---\nA\n",
    })
    argv = ["build", "-s", str(tmp_path / "site"), "-d", str(tmp_path / "out"), "--format", "json"]
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True and data["pages"] == 1 and data["posts"] == 1
    assert data["files"] == data["files_written"] > 0
    assert set(data["phases"]) >= {"read", "render", "write"}
    assert data["images"] is None                     # no images: key in _config.yml
    assert data["warnings"] == {"layout": 1}
    assert data["messages"] == [{"level": "warning", "kind": "layout", "file": "index.md", "line": None,
                                 "message": "Layout 'nope' requested in index.md does not exist."}]
    write_files(tmp_path / "site", {"about.md": "---\n---\n{% include gone.html %}\n"})
    assert main(argv) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False
    assert data["error"] == {"level": "error", "kind": "error", "file": "about.md", "line": 3,
                             "message": "Liquid Exception: Could not locate the included file 'gone.html' in any of "
                             '["_includes"]. Ensure it exists in one of those directories and, if it is a '
                             "symlink, does not point outside your site source. in about.md"}
