"""End to end in headless Chromium: ``reblog serve`` reloads pages, shows and clears build errors."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import SMALL_SITE, write_site

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
try:
    from playwright.sync_api import Page, sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None  # type: ignore[assignment]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Chromium at /usr/bin/chromium "
                       "(apt-get install -y chromium)"),
    pytest.mark.skipif(sync_playwright is None, reason="needs Playwright for Python (pip install playwright)"),
]
TIMEOUT_MS = 15_000


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Served:
    """A running ``reblog serve`` and what it printed."""

    process: subprocess.Popen[str]
    url: str
    source: Path
    lines: list[str] = field(default_factory=list)
    reader: threading.Thread | None = None

    def wait_for_line(self, text: str, timeout: float = 15.0) -> str:
        """The first printed line containing text (fails after timeout)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if text in line:
                    return line
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"no line with {text!r} in:\n" + "".join(self.lines))


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def start_serve(source: Path, dest: Path, *extra: str, sigint_ignored: bool = False) -> Served:
    """Start ``reblog serve`` on a free port and wait until it listens.

    ``sigint_ignored``: start it as a shell without job control starts a background job.
    """
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "reblog", "serve", "-s", str(source), "-d", str(dest),
         "-P", str(port), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
        preexec_fn=_ignore_sigint if sigint_ignored else None,
    )
    served = Served(process, f"http://127.0.0.1:{port}", source)

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            served.lines.append(line)

    served.reader = threading.Thread(target=pump, daemon=True)
    served.reader.start()
    try:
        served.wait_for_line("Server running", timeout=30)
    except BaseException:
        stop(served)
        raise
    return served


def stop(served: Served) -> int:
    """Ctrl-C the server; kill it if it does not stop in time."""
    if served.process.poll() is None:
        served.process.send_signal(signal.SIGINT)
        try:
            return served.process.wait(10)
        except subprocess.TimeoutExpired:
            served.process.kill()
            served.process.wait(5)
    return served.process.returncode


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    source = tmp_path / "src"
    write_site(source, SMALL_SITE)
    long_post = source / "_posts/2024-03-01-third.md"
    long_post.write_text(
        long_post.read_text() + "".join(f"\nParagraph {i} of a long post.\n" for i in range(200))
    )
    running = start_serve(source, tmp_path / "out")
    try:
        yield running
    finally:
        stop(running)


@pytest.fixture
def page() -> Iterator[Page]:
    assert sync_playwright is not None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True, timeout=TIMEOUT_MS,
        )
        try:
            tab = browser.new_page()
            tab.set_default_timeout(TIMEOUT_MS)
            yield tab
        finally:
            browser.close()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _wait_connected(page: Page) -> None:
    # The script connects on load; give the stream a moment so the first save is not missed.
    page.wait_for_function("() => !!document.querySelector('script[data-reblog-livereload]')")
    page.wait_for_timeout(300)


def test_edit_reload_error_overlay_and_fix(served: Served, page: Page) -> None:
    post = served.source / "_posts/2024-02-01-second.md"
    page.goto(served.url + "/2024/02/second/")
    assert "Second post." in page.inner_text("article")
    _wait_connected(page)

    _edit(post, "Second post.", "Second post, edited on disk.")
    page.wait_for_function("() => document.body.innerText.includes('edited on disk')")

    _edit(post, "title: Second", "title: [broken")
    overlay = page.locator("#reblog-error-overlay")
    overlay.wait_for(state="visible")
    text = overlay.inner_text()
    assert "_posts/2024-02-01-second.md:" in text
    line = served.wait_for_line("Error: _posts/2024-02-01-second.md:")
    location = line.split("Error: ", 1)[1].split(": ", 1)[0]
    assert location in text  # the same file:line in the terminal and the browser
    assert "edited on disk" in page.inner_text("article")  # the last good build is still shown

    _edit(post, "title: [broken", "title: Second again")
    _edit(post, "edited on disk", "fixed and saved")
    overlay.wait_for(state="detached")
    page.wait_for_function("() => document.body.innerText.includes('fixed and saved')")
    assert page.inner_text("h1") == "Second again"


def test_an_edit_is_put_in_place_keeping_the_scroll_position(served: Served, page: Page) -> None:
    post = served.source / "_posts/2024-03-01-third.md"
    page.goto(served.url + "/2024/03/third/")
    _wait_connected(page)
    page.evaluate("() => window.scrollTo(0, 1500)")
    page.evaluate("() => { window.__before_edit = true; }")
    _edit(post, "Paragraph 199 of", "Paragraph 199 (edited) of")
    page.wait_for_function("() => document.body.innerText.includes('(edited)')")
    _edit(post, "Paragraph 150 of a long post.", "Paragraph 150 of a long post.\n\nA *new* paragraph.")
    page.wait_for_function("() => document.body.innerText.includes('A new paragraph')")
    assert page.evaluate("() => window.__before_edit === true")   # patched in place, no reload
    assert page.evaluate("() => Math.abs(window.scrollY - 1500) < 5")
    assert page.inner_html("main").count("<em>new</em>") == 1


def test_a_changed_head_reloads_keeping_the_scroll_position(served: Served, page: Page) -> None:
    post = served.source / "_posts/2024-03-01-third.md"
    page.goto(served.url + "/2024/03/third/")
    _wait_connected(page)
    page.evaluate("() => window.scrollTo(0, 1500)")
    page.evaluate("() => { window.__before_reload = true; }")
    _edit(post, "Paragraph 199 of", "Paragraph 199 (edited) of")
    page.wait_for_function("() => document.body.innerText.includes('(edited)')")
    _edit(post, "title: Third", "title: Third, retitled")   # the <title> in the head changes
    page.wait_for_function("() => document.title.startsWith('Third, retitled')")
    assert page.evaluate("() => window.__before_reload === undefined")  # it did reload
    page.wait_for_function("() => Math.abs(window.scrollY - 1500) < 5")


def test_a_page_with_scripts_reloads_when_an_element_it_may_bind_changes(served: Served, page: Page) -> None:
    post = served.source / "_posts/2024-02-01-second.md"
    _edit(post, "Second post.", 'Second post <span id="x">one</span>.\n\n<script>window.__bound = 1;</script>\n')
    served.wait_for_line("Rebuilt in")
    page.goto(served.url + "/2024/02/second/")
    _wait_connected(page)
    page.evaluate("() => { window.__before = true; }")
    _edit(post, "Second post <span", "Second post, text edited, <span")   # text only: in place
    page.wait_for_function("() => document.body.innerText.includes('text edited')")
    assert page.evaluate("() => window.__before === true")
    _edit(post, '<span id="x">one</span>', "<em>replaced</em>")   # an element the script may use
    page.wait_for_function("() => document.body.innerText.includes('replaced')")
    assert page.evaluate("() => window.__before === undefined")   # reloaded
    assert page.evaluate("() => window.__bound === 1")


def test_css_change_swaps_stylesheets_without_reload(served: Served, page: Page) -> None:
    page.goto(served.url + "/about/")
    _wait_connected(page)
    page.evaluate("() => { window.__kept = true; }")
    (served.source / "assets/style.css").write_text("body { color: rgb(0, 128, 0); }\n")
    page.wait_for_function("() => getComputedStyle(document.body).color === 'rgb(0, 128, 0)'")
    assert page.evaluate("() => window.__kept === true")  # no reload happened


def test_ctrl_c_stops_cleanly(tmp_path: Path) -> None:
    source = tmp_path / "src"
    write_site(source, SMALL_SITE)
    running = start_serve(source, tmp_path / "out")
    assert stop(running) == 0
    assert running.reader is not None
    running.reader.join(5)
    assert running.lines[-1] == "Stopped.\n"
    assert not any("Traceback" in line for line in running.lines)


def test_ctrl_c_stops_a_server_started_with_it_ignored(tmp_path: Path) -> None:
    # ``reblog serve &`` in a script (or any background job of a shell without job control)
    # starts with SIGINT ignored; Jekyll traps INT itself, and so must serve, or
    # ``kill -INT`` never stops it.
    source = tmp_path / "src"
    write_site(source, SMALL_SITE)
    running = start_serve(source, tmp_path / "out", sigint_ignored=True)
    assert stop(running) == 0
    assert running.reader is not None
    running.reader.join(5)
    assert running.lines[-1] == "Stopped.\n"
