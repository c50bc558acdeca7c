"""``reblog build`` and ``reblog check`` on GitHub Actions: annotations, groups and the job summary.

The expected workflow commands (expected_annotations.txt) are printed by GitHub's own toolkit,
@actions/core, from the problems stated by hand in make_expected_annotations.js.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from sitefiles import write_files

from reblog.ci import GitHubActions
from reblog.cli import main
from reblog.log import Logger

HERE = Path(__file__).parent
MISSING_INCLUDE_POST = "_posts/2024-01-03-50%, off: now.md"

# A repository with the site in a folder (so annotation paths are relative to the repository,
# not the site): a broken link in the layout and one in a post, a missing include, a file that
# is not an image, and a stylesheet whose url() points nowhere.
SITE = {
    "_config.yml": "title: Demo\nimages: {}\n",
    "_layouts/default.html": (
        "<!DOCTYPE html>\n"
        '<html><head><title>{{ page.title }}</title><link rel="stylesheet" href="/assets/site.css"></head>\n'
        "<body>\n"
        '<nav><a href="/">Home</a> <a href="/archive/">Archive</a></nav>\n'
        "{{ content }}\n"
        "</body></html>\n"
    ),
    "index.md": "---\nlayout: default\ntitle: Home\n---\nRead [the first post](/2024/01/02/first.html).\n",
    "_posts/2024-01-02-first.md": (
        "---\nlayout: default\ntitle: First\n---\nHello.\n\n"
        "All of it is [100% off](/sale/100%25-off/), [there](#top).\n\n"
        "![A picture](/assets/bad.png)\n"
    ),
    MISSING_INCLUDE_POST: "---\nlayout: default\ntitle: Deal\n---\nBefore the include.\n\n{% include nope.html %}\n",
    "assets/bad.png": b"not a png",
    "assets/site.css": 'body { color: #222; }\n.hero { background: url("img/hero.png"); }\n',
}


def expected_sections() -> dict[str, list[str]]:
    """expected_annotations.txt, split at its ``# `` comment lines."""
    sections: dict[str, list[str]] = {}
    current: list[str] = []
    for line in (HERE / "expected_annotations.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            current = sections.setdefault(line[2:].split(":")[0], [])
        else:
            current.append(line)
    return sections


def commands(text: str) -> list[str]:
    """The workflow commands in a log (what the runner acts on)."""
    return [line for line in text.splitlines() if line.startswith("::")]


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command read back as the runner reads it (ActionCommand.TryParseV2)."""
    end = line.index("::", 2)
    info, data = line[2:end], line[end + 2:]
    name, _, props = info.partition(" ")

    def unescape(text: str, mapping: list[tuple[str, str]]) -> str:
        for token, replacement in mapping:
            text = text.replace(replacement, token)
        return text

    data_map = [("\r", "%0D"), ("\n", "%0A"), ("%", "%25")]
    prop_map = [("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C"), ("%", "%25")]
    properties = {}
    for pair in filter(None, props.split(",")):
        key, _, value = pair.partition("=")
        properties[key] = unescape(value, prop_map)
    return name, properties, unescape(data, data_map)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The repository on a runner: GITHUB_ACTIONS, GITHUB_WORKSPACE and a job summary file set."""
    root = tmp_path / "repo"
    write_files(root / "site", SITE)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(root))
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    monkeypatch.chdir(root)
    return root


def run_all(repo: Path, capsys: pytest.CaptureFixture[str]) -> list[tuple[int, str, str]]:
    """Build (fails: missing include), remove that post, build, check: each exit code and output."""
    results = []
    argv = ["-s", "site", "-d", "site/_site"]
    for step, args in enumerate((["build", *argv], ["build", *argv], ["check", *argv])):
        if step == 1:
            (repo / "site" / MISSING_INCLUDE_POST).unlink()
        code = main(args)
        out = capsys.readouterr()
        results.append((code, out.out, out.err))
    return results


def test_annotations_are_the_toolkits_commands(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (build1, build2, check) = run_all(repo, capsys)
    expected = expected_sections()
    assert build1[0] == 1
    assert commands(build1[2]) == expected["build 1"]
    assert build2[0] == 0
    assert commands(build2[2]) == expected["build 2"]
    assert check[0] == 1
    assert commands(check[2]) == expected["check"]
    # The human lines are still there, as outside Actions.
    assert f"Error: {MISSING_INCLUDE_POST}:7: Liquid Exception: Could not locate the included file 'nope.html'" in build1[2]
    assert check[1].splitlines() == [
        "2024/01/02/first.html:4: broken link /archive/",
        "2024/01/02/first.html:7: broken link /sale/100%25-off/",
        "assets/site.css:2: broken CSS url img/hero.png",
        "index.html:4: broken link /archive/",
    ]


def test_annotations_land_on_the_offending_line(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Read back as the runner reads them, each names a repository file whose line holds the culprit."""
    culprits = {"Liquid Exception": "{% include nope.html %}", "image": "/assets/bad.png",
                "broken link /archive/": 'href="/archive/"', "broken link /sale": "/sale/100%25-off/",
                "broken CSS url": 'url("img/hero.png")'}
    texts = {}
    for step, (_code, _out, err) in enumerate(run_all(repo, capsys)):
        for line in commands(err):
            name, props, message = parse_command(line)
            if name in ("error", "warning"):
                assert props["title"] == "reblog"
                culprit = next(v for k, v in culprits.items() if message.startswith(k))
                if step == 0:   # the file is gone after the first build; check the text we wrote
                    texts[props["file"]] = str(SITE[MISSING_INCLUDE_POST])
                source = texts.get(props["file"]) or (repo / props["file"]).read_text(encoding="utf-8")
                assert culprit in source.splitlines()[int(props["line"]) - 1], line


MISSING_INCLUDE_ERROR = (
    "`_posts/2024-01-03-50%, off: now.md:7`: Liquid Exception: Could not locate the included file "
    "'nope.html' in any of [\"_includes\"]. Ensure it exists in one of those directories and, if it "
    "is a symlink, does not point outside your site source. in _posts/2024-01-03-50%, off: now.md")
SUMMARY = """\
## ❌ reblog build failed

""" + MISSING_INCLUDE_ERROR + """

No warnings.

## ✅ reblog build: 5 files in T s (sequential)

| Pages | Posts | Files in the site | Files written | Rendered |
| ---: | ---: | ---: | ---: | ---: |
| 1 | 1 | 5 | 5 | 2 |

| Phase | Seconds |
| --- | ---: |
| cache check | T |
| read | T |
| generate | T |
| render | T |
| images, plugins, static files | T |
| write | T |
| cache save | T |

| Images | Variants | Encoded | From the cache | Problems | Bytes saved |
| ---: | ---: | ---: | ---: | ---: | ---: |
| 0 | 0 | 0 | 0 | 1 | 0 bytes of 0 bytes |

| Warnings | Count |
| --- | ---: |
| image | 1 |
| **total** | **1** |

<details><summary>Every warning</summary>

- `_posts/2024-01-02-first.md:9`: image '/assets/bad.png' (assets/bad.png) is not a readable image \
(corrupt or not an image); used by _posts/2024-01-02-first.md; kept the original &lt;img&gt;

</details>

## ❌ reblog check failed: 4 problems in 2 pages and 1 stylesheet

| Kind | Fails the check | Problems |
| --- | --- | ---: |
| broken-links | yes | 3 |
| css-urls | yes | 1 |

| Source | Built page | Problem |
| --- | --- | --- |
| `_layouts/default.html:4` | `2024/01/02/first.html:4` | broken link /archive/ |
| `_posts/2024-01-02-first.md:7` | `2024/01/02/first.html:7` | broken link /sale/100%25-off/ |
| `assets/site.css:2` | `assets/site.css:2` | broken CSS url img/hero.png |
| `_layouts/default.html:4` | `index.html:4` | broken link /archive/ |

"""


def test_job_summary(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_all(repo, capsys)
    text = (tmp_path / "summary.md").read_text(encoding="utf-8")
    # Times differ from run to run; everything else is exact.
    assert re.sub(r"\b\d+\.\d+(?= s \(|\s\|$)", "T", text, flags=re.MULTILINE) == SUMMARY
    # It renders as GitHub-flavoured Markdown: six tables, three headings, one folded list.
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    assert sum(t.type == "table_open" for t in tokens) == 6
    assert [t.tag for t in tokens if t.type == "heading_open"] == ["h2", "h2", "h2"]
    assert "&lt;img&gt;" in text and "<img>" not in text   # message text never becomes markup


def test_outside_actions_nothing_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    write_files(tmp_path / "site", {k: v for k, v in SITE.items() if k != MISSING_INCLUDE_POST})
    argv = ["-s", str(tmp_path / "site"), "-d", str(tmp_path / "out")]
    assert main(["build", *argv]) == 0
    assert main(["check", *argv]) == 1
    out = capsys.readouterr()
    assert commands(out.err) == [] and commands(out.out) == []
    assert "Warning: image '/assets/bad.png'" in out.err
    assert not (tmp_path / "summary.md").exists()


def test_escaping_matches_the_toolkit(tmp_path: Path) -> None:
    actions = GitHubActions(tmp_path)
    line = actions.annotation("warning", "50% done\r\nnext line", tmp_path / "a,b:c%.md", 3)
    assert [line] == expected_sections()["escaping alone"]
    assert parse_command(line) == ("warning", {"file": "a,b:c%.md", "line": "3", "title": "reblog"},
                                   "50% done\r\nnext line")


def test_a_file_outside_the_repository_keeps_its_place_in_the_message(tmp_path: Path) -> None:
    actions = GitHubActions(tmp_path / "repo")
    line = actions.annotation("error", "bad", tmp_path / "theme" / "x.html", 2)
    assert line == f"::error title=reblog::{tmp_path}/theme/x.html:2: bad"


def test_environment() -> None:
    assert GitHubActions.from_env({}) is None
    assert GitHubActions.from_env({"GITHUB_ACTIONS": "false"}) is None
    found = GitHubActions.from_env({"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": "/w",
                                    "GITHUB_STEP_SUMMARY": "/s.md"})
    assert found == GitHubActions(Path("/w"), Path("/s.md"))


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_lines_only_on_a_terminal_outside_actions(tmp_path: Path) -> None:
    assert Logger(stream=_Terminal()).progress
    assert not Logger(stream=_Terminal(), quiet=True).progress
    assert not Logger(stream=_Terminal(), github=GitHubActions(tmp_path)).progress
    assert not Logger(stream=io.StringIO()).progress


def test_groups_open_only_around_output(tmp_path: Path) -> None:
    stream = io.StringIO()
    log = Logger(stream=stream, github=GitHubActions(tmp_path))
    with log.group("quiet phase"):
        pass
    with log.group("loud phase"), log.group("inner"):   # GitHub cannot nest: one fold
        log.info("something")
    assert stream.getvalue().splitlines() == ["::group::loud phase", "something", "::endgroup::"]
