"""Progress lines: on a terminal only (not when piped, not on CI services, not with -q), and only
for a phase that runs longer than ``Logger.progress_after`` (2 s)."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from sitefiles import write_files

from reblog.ci import GitHubActions, in_ci
from reblog.cli import main
from reblog.log import Logger
from reblog.pipeline import BuildOptions, build
from reblog.serve import SiteRebuilder

PAGES = 60   # over parallel.MIN_PARALLEL, so that -j 2 renders in worker processes


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _site(root: Path, pages: int = PAGES) -> Path:
    write_files(root, {"_config.yml": "title: T\n",
                       **{f"p{i}.md": f"---\n---\nPage {i}\n" for i in range(pages)},
                       **{f"_posts/2024-01-{i + 1:02d}-post.md": f"---\n---\nPost {i}\n" for i in range(10)}})
    return root


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
    Logger(stream=_Terminal(), ci=True),                        # another CI service on a pty
])
def test_no_progress_line_off_a_terminal(logger: Logger) -> None:
    logger.show_progress("Rendered", 50, 200, time.perf_counter())
    progress = Logger(stream=logger.stream, quiet=logger.quiet, github=logger.github, ci=logger.ci,
                      progress_after=0.0).progress_line("Rendered", 10)
    for _ in range(10):
        progress.advance()
    progress.finish()
    assert logger.stream.getvalue() == ""   # type: ignore[attr-defined]


@pytest.mark.parametrize(("value", "ci"), [
    ("true", True), ("1", True), ("yes", True), ("True", True),
    ("", False), ("0", False), ("false", False), (None, False),
])
def test_ci_is_read_from_the_environment(value: str | None, ci: bool) -> None:
    assert in_ci({} if value is None else {"CI": value}) is ci


def test_the_cli_logger_knows_it_runs_in_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``reblog build`` on a pseudo-terminal with CI=true: the command's Logger shows no progress."""
    seen: list[Logger] = []
    import reblog.cli as cli
    real = cli.Logger

    def spy(*args: object, **kwargs: object) -> Logger:
        log = real(*args, stream=_Terminal(), **kwargs)  # type: ignore[arg-type]
        seen.append(log)
        return log
    monkeypatch.setattr(cli, "Logger", spy)
    site = _site(tmp_path / "src", pages=2)
    for env, shown in (("true", False), ("false", True)):
        monkeypatch.setenv("CI", env)
        monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
        assert main(["build", "--no-cache", "-s", str(site), "-d", str(tmp_path / "_site")]) == 0
        assert seen[-1].progress is shown


def test_a_short_phase_prints_nothing_a_long_one_its_line() -> None:
    stream = _Terminal()
    quick = Logger(stream=stream).progress_line("Rendered", 3)   # the default: after 2 s
    for _ in range(3):
        quick.advance()
    quick.finish()
    assert stream.getvalue() == ""
    slow = Logger(stream=stream, progress_after=0.0).progress_line("Rendered", 3, what="steps")
    for _ in range(3):
        slow.advance()
    slow.finish()
    assert stream.getvalue().startswith("\rRendered: 1/3 steps (33%")
    assert stream.getvalue().endswith("\rRendered: 3/3 steps (100%)\x1b[K\n")


def test_a_build_piped_prints_no_progress(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = _site(tmp_path / "src")
    for jobs in ("1", "2"):
        assert main(["build", "-j", jobs, "--no-cache", "-s", str(site), "-d", str(tmp_path / "_site")]) == 0
        out = capsys.readouterr()
        assert "\r" not in out.err and "Rendered:" not in out.err and "\r" not in out.out


@pytest.mark.parametrize(("jobs", "line"), [
    (1, f"\rRendered: {PAGES + 10}/{PAGES + 10} (100%)\x1b[K\n"),            # in order
    (2, f"\rRendered: {PAGES + 20}/{PAGES + 20} steps (100%)\x1b[K\n"),      # posts: content, then layout
])
def test_a_long_render_on_a_terminal_shows_its_progress(tmp_path: Path, jobs: int, line: str) -> None:
    site = _site(tmp_path / "src")
    stream = _Terminal()
    result = build(BuildOptions(source=site, destination=str(tmp_path / "_site"), jobs=jobs, cache=False),
                   Logger(stream=stream, progress_after=0.0))
    assert result.how == ("parallel" if jobs == 2 else "sequential")
    assert line in stream.getvalue()
    # Quiet: the same build on the same terminal prints nothing at all.
    quiet = _Terminal()
    build(BuildOptions(source=site, destination=str(tmp_path / "_site"), jobs=jobs, cache=False),
          Logger(stream=quiet, quiet=True, progress_after=0.0))
    assert quiet.getvalue() == ""


def test_the_dev_server_build_shows_progress_on_a_terminal(tmp_path: Path) -> None:
    site = _site(tmp_path / "src")
    stream = _Terminal()
    rebuild = SiteRebuilder(BuildOptions(source=site, destination=str(tmp_path / "_site"), jobs=2, cache=False),
                            Logger(stream=stream, progress_after=0.0))
    rebuild(None)
    assert f"\rRendered: {PAGES + 20}/{PAGES + 20} steps (100%)\x1b[K\n" in stream.getvalue()
    piped = io.StringIO()
    SiteRebuilder(BuildOptions(source=site, destination=str(tmp_path / "_site2"), jobs=2, cache=False),
                  Logger(stream=piped, progress_after=0.0))(None)
    assert "Rendered:" not in piped.getvalue()
