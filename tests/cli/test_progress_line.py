"""Progress lines: on a terminal only (not when piped, not on GitHub Actions, not with -q)."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from sitefiles import write_files

from reblog.ci import GitHubActions
from reblog.cli import main
from reblog.incremental import PROGRESS_MIN_DOCUMENTS
from reblog.log import Logger


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_counts_and_time_left_on_a_terminal() -> None:
    stream = _Terminal()
    Logger(stream=stream).show_progress("Rendered", 50, 200, time.perf_counter() - 10)
    text = stream.getvalue()
    assert text.startswith("\rRendered: 50/200 (25%, about ") and " s left)" in text
    assert not text.endswith("\n")


@pytest.mark.parametrize("logger", [
    Logger(stream=io.StringIO()),                               # piped: not a terminal
    Logger(stream=_Terminal(), quiet=True),                     # -q
    Logger(stream=_Terminal(), github=GitHubActions.from_env({"GITHUB_ACTIONS": "true"})),
])
def test_no_progress_line_off_a_terminal(logger: Logger) -> None:
    logger.show_progress("Rendered", 50, 200, time.perf_counter())
    assert logger.stream.getvalue() == ""   # type: ignore[attr-defined]


def test_a_big_build_piped_prints_no_progress(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pages = {f"p{i}.md": f"---\n---\nPage {i}\n" for i in range(PROGRESS_MIN_DOCUMENTS + 5)}
    write_files(tmp_path, {"_config.yml": "title: T\n", **pages})
    assert main(["build", "-j", "1", "--no-cache", "-s", str(tmp_path), "-d", str(tmp_path / "_site")]) == 0
    out = capsys.readouterr()
    assert "\r" not in out.err and "Rendered:" not in out.err and "\r" not in out.out


def test_a_big_build_on_a_terminal_shows_render_progress(tmp_path: Path) -> None:
    from reblog.pipeline import BuildOptions, build

    total = PROGRESS_MIN_DOCUMENTS + 5
    write_files(tmp_path, {"_config.yml": "title: T\n",
                           **{f"p{i}.md": f"---\n---\nPage {i}\n" for i in range(total)}})
    stream = _Terminal()
    build(BuildOptions(source=tmp_path, destination=str(tmp_path / "_site"), jobs=1, cache=False),
          Logger(stream=stream))
    assert f"\rRendered: 25/{total} (" in stream.getvalue()
    assert f"\rRendered: {total}/{total} (100%)\x1b[K\n" in stream.getvalue()
