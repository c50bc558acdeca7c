"""The dev server's loop: what it watches, what it tells browsers, how it survives errors."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest
from conftest import tree
from watchfiles import Change

from reblog.pipeline import BuildOptions
from reblog.errors import ReblogError
from reblog.log import Logger
from reblog.serve.app import (
    BuildReport,
    DevServer,
    Interrupts,
    ServeOptions,
    SiteRebuilder,
    reload_message,
)
from reblog.serve.watcher import SourceFilter, SourceWatcher


@pytest.mark.parametrize(("path", "watched"), [
    ("/src/_posts/a.md", True),
    ("/src/_site/index.html", False),
    ("/src/_site", False),
    ("/src/_site2/x.md", True),
    ("/src/.git/index", False),
    ("/src/.jekyll-cache/reblog/images/x", False),
    ("/src/.jekyll-cache/x", False),
    ("/src/_posts/a.md~", False),
    ("/src/_posts/.#a.md", False),
    ("/src/_posts/.a.md.swp", False),
    ("/src/_posts/4913", False),
    ("/src/._site.reblog-abc123/x.html", False),
])
def test_filter_ignores_output_caches_and_editor_files(path: str, watched: bool) -> None:
    assert SourceFilter([Path("/src/_site")])(Change.modified, path) is watched


def test_reload_message_tells_css_from_pages() -> None:
    css = reload_message(BuildReport(written=["assets/style.css"]))
    assert css["css_only"] and not css["all"]
    page = reload_message(BuildReport(written=["2024/01/a/index.html"], baseurl="/blog"))
    assert not page["css_only"] and not page["all"]
    assert {"/blog/2024/01/a/", "/blog/2024/01/a", "/blog/2024/01/a/index.html"} <= set(page["paths"])
    assert reload_message(BuildReport(written=["img/a.png"]))["all"]


class _Builds:
    """A fake build function: fails while ``error`` is set; records what it was given."""

    def __init__(self) -> None:
        self.error: ReblogError | None = None
        self.calls: list[set[Path] | None] = []

    def __call__(self, changed: set[Path] | None) -> BuildReport:
        self.calls.append(None if changed is None else set(changed))
        if self.error is not None:
            raise self.error
        return BuildReport(written=["index.html"])


def test_errors_reach_browsers_and_the_next_good_build_clears_them(tmp_path: Path) -> None:
    builds = _Builds()
    log = Logger(stream=open(tmp_path / "log.txt", "w"))  # noqa: SIM115 - closed with the test
    server = DevServer(builds, tmp_path, [tmp_path], [], ServeOptions(), log)
    try:
        assert server.initial_build()
        builds.error = ReblogError("invalid YAML", "_posts/a.md", 3)
        server.on_change({tmp_path / "a.md"})
        assert server.hub is not None and server.hub.error is not None
        assert server.hub.error["text"] == "_posts/a.md:3: invalid YAML"
        builds.error = None
        server.on_change({tmp_path / "b.md"})
        assert server.hub.error is None
    finally:
        # The good builds started the server's delayed collection: stopped here, it cannot
        # run (unfreezing and freezing the collector's objects) during a later test.
        server.stop()
    # the good build saw the change the failed one could not use
    assert builds.calls[-1] == {tmp_path / "a.md", tmp_path / "b.md"}
    log.stream.close()
    assert "Error: _posts/a.md:3: invalid YAML" in (tmp_path / "log.txt").read_text()


def _build_interrupted_in_an_import(changed: set[Path] | None) -> BuildReport:
    """A build that gets Ctrl-C while a module it imports makes a dataclass.

    Python (3.11) wraps what ``__set_name__`` raises, KeyboardInterrupt too, in a RuntimeError:
    the build fails with that, not with KeyboardInterrupt.
    """
    class CtrlCNow:
        def __set_name__(self, owner: type, name: str) -> None:
            os.kill(os.getpid(), signal.SIGINT)
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:   # the handler runs (and raises) in here
                time.sleep(0.01)

    type("Settings", (), {"field": CtrlCNow()})
    return BuildReport(written=["index.html"])


def test_ctrl_c_during_the_first_build_stops_whatever_the_build_made_of_it(tmp_path: Path) -> None:
    assert threading.current_thread() is threading.main_thread()
    interrupts = Interrupts()
    log = Logger(stream=open(tmp_path / "log.txt", "w"))  # noqa: SIM115 - closed with the test
    with interrupts.installed():
        server = DevServer(_build_interrupted_in_an_import, tmp_path, [tmp_path], [], ServeOptions(), log,
                           interrupts=interrupts)
        with pytest.raises(KeyboardInterrupt):
            server.initial_build()
    log.stream.close()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    assert "Error" not in (tmp_path / "log.txt").read_text()


def test_watcher_reports_changes_and_stops(tmp_path: Path, small_site: Path) -> None:
    seen: list[set[Path]] = []
    watcher = SourceWatcher(small_site, [small_site / "_site"], seen.append, debounce_ms=50)
    watcher.start()
    try:
        assert watcher.ready.wait(5)
        (small_site / "_site").mkdir()
        (small_site / "_site" / "ignored.html").write_text("x")
        (small_site / "about.md").write_text("---\n---\nchanged\n")
        deadline = time.monotonic() + 10
        while not any(small_site / "about.md" in batch for batch in seen) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        watcher.stop()
    assert any(small_site / "about.md" in batch for batch in seen)
    assert not any(p.parent.name == "_site" for batch in seen for p in batch)
    assert not watcher._thread.is_alive()


def test_rebuilder_with_baseurl(small_site: Path, tmp_path: Path) -> None:
    rebuild = SiteRebuilder(
        BuildOptions(source=small_site, destination=str(tmp_path / "o"), baseurl="/blog/"),
        Logger(quiet=True),
    )
    assert rebuild(None).baseurl == "/blog"
    assert "index.html" in tree(tmp_path / "o")
