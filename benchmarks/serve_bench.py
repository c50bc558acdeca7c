"""Time from saving a post to the browser showing it, for ``reblog serve`` (and ``jekyll serve``).

    python benchmarks/serve_bench.py [SITE] [--config a.yml,b.yml] [--pin-time] [--saves 20] [--no-photo]

By default the Candid Startup blog as its author has it: its own ``_config.yml``, its plugins and
feed, ``time:`` not pinned. ``--config`` adds config files, ``--pin-time`` pins ``time:`` (both are
named in the output). The site is copied to a temporary folder first, so the original is never
edited. Prints p50/p95 against the goal (p50 < 200 ms, p95 < 350 ms), the machine's load, and
how many outputs each save re-rendered and rewrote; then, on a small site with ``images:`` on, how
long a new 12-megapixel photo takes to show (at its original size) and to get its variants.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
_REBUILT = re.compile(r"Rebuilt in ([\d.]+) s: (\d+) written, (\d+) deleted, (\d+) rendered")
GOAL_P50, GOAL_P95 = 0.200, 0.350   # issue #17: save -> browser, on the unmodified site
_JEKYLL_DONE = re.compile(r"\.\.\.done in ([\d.]+) seconds")


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A dev server process and the lines it printed."""

    process: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)

    def wait_for(self, pattern: str, timeout: float, start: int = 0) -> int:
        """Index of the first line from ``start`` matching pattern."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for index in range(start, len(self.lines)):
                if re.search(pattern, self.lines[index]):
                    return index
            if self.process.poll() is not None:
                break
            time.sleep(0.02)
        raise RuntimeError(f"timed out waiting for {pattern!r}:\n" + "".join(self.lines[-30:]))

    def stop(self) -> None:
        """Ctrl-C, then kill if needed."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)


def launch(command: list[str], cwd: Path) -> Server:
    """Start a server in its own process group, collecting its output."""
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"}, start_new_session=True,
    )
    server = Server(process)

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            server.lines.append(line)

    threading.Thread(target=pump, daemon=True).start()
    return server


@dataclass
class Result:
    """Save-to-reload times and per-save rebuild figures."""

    name: str
    latencies: list[float] = field(default_factory=list)
    rebuilds: list[float] = field(default_factory=list)
    written: list[int] = field(default_factory=list)
    rendered: list[int] = field(default_factory=list)

    def report(self) -> str:
        """Figures, one block."""
        if not self.latencies:
            return f"{self.name}: no measurements"
        lat = sorted(self.latencies)
        p50 = statistics.median(lat)
        p95 = lat[min(len(lat) - 1, round(0.95 * (len(lat) - 1)))]
        lines = [
            f"{self.name}: {len(lat)} saves",
            f"  save -> browser shows the edit: p50 {p50 * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms, min {lat[0] * 1000:.0f} ms, max {lat[-1] * 1000:.0f} ms",
            f"  against the goal: p50 {p50 / GOAL_P50:.2f}x of {GOAL_P50 * 1000:.0f} ms, "
            f"p95 {p95 / GOAL_P95:.2f}x of {GOAL_P95 * 1000:.0f} ms (below 1.00x meets it)",
        ]
        if self.rebuilds:
            lines.append(f"  rebuild (server log): p50 {statistics.median(self.rebuilds) * 1000:.0f} ms")
        if self.rendered:
            lines.append(f"  outputs re-rendered per save: p50 {statistics.median(self.rendered):.0f}, "
                         f"max {max(self.rendered)}")
        if self.written:
            lines.append(f"  files rewritten per save: p50 {statistics.median(self.written):.0f}, "
                         f"max {max(self.written)}")
        return "\n".join(lines)


def measure(
    name: str, server: Server, url: str, post: Path, saves: int, done: str,
    parse: Callable[[str, Result], None],
) -> Result:
    """Open the post, then save it ``saves`` times and time each until the browser shows it."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    result = Result(name)
    in_browser = True
    original = post.read_text(encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, timeout=30_000
        )
        try:
            page = browser.new_page()
            page.goto(url, timeout=60_000)
            page.wait_for_timeout(1000)  # let the live-reload connection settle
            for index in range(saves):
                marker = f"bench-save-{index}-{time.time_ns()}"
                seen = len(server.lines)
                started = time.perf_counter()
                post.write_text(original + f"\n\n{marker}\n", encoding="utf-8")
                if in_browser:
                    try:
                        page.wait_for_function(
                            f"() => document.body && document.body.innerText.includes({marker!r})",
                            timeout=30_000, polling="raf",
                        )
                        result.latencies.append(time.perf_counter() - started)
                    except PlaywrightTimeout:
                        # The page never reloaded: fall back to the server's own log.
                        in_browser = False
                        result.name += " (browser never reloaded; timings are save -> log line)"
                try:
                    line = server.lines[server.wait_for(done, 60, seen)]
                    parse(line, result)
                    if not in_browser:
                        result.latencies.append(time.perf_counter() - started)
                except RuntimeError:
                    pass
                page.wait_for_timeout(300)  # a quiet gap, as between real saves
        finally:
            browser.close()
            post.write_text(original, encoding="utf-8")
    return result


def measure_photo(server: Server, url: str, post: Path, photo: Path) -> str:
    """Add a 12-megapixel photo to the open post: time until the browser shows it, then its variants."""
    from PIL import Image
    from playwright.sync_api import sync_playwright

    original = post.read_text(encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, timeout=30_000
        )
        try:
            page = browser.new_page()
            page.goto(url, timeout=60_000)
            page.wait_for_timeout(1000)
            photo.parent.mkdir(parents=True, exist_ok=True)
            # Made outside the site and moved in, as a file manager or `cp` then `mv` would.
            made = photo.parent.parent.parent / photo.name
            Image.linear_gradient("L").resize((4000, 3000)).convert("RGB").save(made, "JPEG", quality=90)
            started = time.perf_counter()
            os.replace(made, photo)
            post.write_text(original + f"\n\n![A new photo](/{photo.parent.name}/{photo.name})\n", encoding="utf-8")
            page.wait_for_function(
                "() => [...document.images].some(i => i.alt === 'A new photo' && i.complete"
                " && i.naturalWidth > 0)", timeout=300_000, polling="raf")
            shown = time.perf_counter() - started
            page.wait_for_function(
                "() => [...document.querySelectorAll('picture img')].some(i => i.alt === 'A new photo')",
                timeout=300_000, polling=100)
            variants = time.perf_counter() - started
        finally:
            browser.close()
            post.write_text(original, encoding="utf-8")
    return (f"new 12-megapixel photo (a three-post site, images: on): shown at its original size after {shown * 1000:.0f} ms, "
            f"responsive variants in the page after {variants:.1f} s")


def run_photo(work: Path) -> str:
    """A new photo in ``reblog serve`` with responsive images on, on a small site of its own.

    (With ``images:`` on, the first build of a photo-heavy blog encodes every photo it has
    before the server starts; a three-post site keeps the measurement to the new photo.)
    """
    site = work / "photo-site"
    (site / "_posts").mkdir(parents=True)
    (site / "_layouts").mkdir()
    (site / "_config.yml").write_text("title: Photos\nimages:\n  cache: .jekyll-cache/reblog/images\n",
                                      encoding="utf-8")
    (site / "_layouts/default.html").write_text(
        "<!doctype html><html><body>{{ content }}</body></html>\n", encoding="utf-8")
    for day in (1, 2, 3):
        (site / "_posts" / f"2024-01-0{day}-post-{day}.md").write_text(
            f"---\nlayout: default\ntitle: Post {day}\n---\nText of post {day}.\n", encoding="utf-8")
    port = free_port()
    dest = work / "reblog-photo-site"
    server = launch([sys.executable, "-m", "reblog", "serve", "-s", str(site), "-d", str(dest),
                     "-P", str(port)], work)
    try:
        server.wait_for("Server running", 300)
        post = pick_post(site)
        return measure_photo(server, f"http://127.0.0.1:{port}{post_url(dest, post)}", post,
                             site / "assets" / "bench-photo.jpg")
    finally:
        server.stop()


def _parse_reblog(line: str, result: Result) -> None:
    match = _REBUILT.search(line)
    if match:
        result.rebuilds.append(float(match[1]))
        result.written.append(int(match[2]) + int(match[3]))
        result.rendered.append(int(match[4]))


def _parse_jekyll(line: str, result: Result) -> None:
    match = _JEKYLL_DONE.search(line)
    if match:
        result.rebuilds.append(float(match[1]))


def pick_post(source: Path) -> Path:
    """A post in the middle of the blog (it has neighbours on both sides)."""
    posts = sorted((source / "_posts").rglob("*.md"))
    return posts[len(posts) // 2]


def post_url(dest: Path, post: Path) -> str:
    """The post's URL path, found in the built site by its slug."""
    slug = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", post.stem)
    for path in sorted(dest.rglob("*.html")):
        rel = path.relative_to(dest).as_posix()
        if slug in rel:
            return "/" + rel
    raise RuntimeError(f"no output found for {post}")


def run_reblog(site: Path, configs: list[str], saves: int, work: Path) -> Result:
    """Measure ``reblog serve``."""
    port = free_port()
    dest = work / "reblog-site"
    flags = ["--config", ",".join(configs)] if configs else []
    server = launch([sys.executable, "-m", "reblog", "serve", "-s", str(site), "-d", str(dest),
                     *flags, "-P", str(port)], work)
    try:
        server.wait_for("Server running", 120)
        post = pick_post(site)
        return measure("reblog serve", server, f"http://127.0.0.1:{port}{post_url(dest, post)}",
                       post, saves, r"Rebuilt in|Error:", _parse_reblog)
    finally:
        server.stop()


def run_jekyll(site: Path, configs: list[str], saves: int, work: Path) -> Result | str:
    """Measure ``jekyll serve --livereload --incremental``, if Jekyll can build the site here."""
    jekyll = shutil.which("jekyll")
    if jekyll is None:
        return "jekyll: not installed"
    port, reload_port = free_port(), free_port()
    dest = work / "jekyll-site"
    site = _without_theme(site, work / "jekyll-src")
    flags = ["--config", ",".join(configs)] if configs else []
    server = launch([jekyll, "serve", "--livereload", "--incremental", "-s", str(site),
                     "-d", str(dest), *flags, "-P", str(port),
                     "--livereload-port", str(reload_port)], work)
    try:
        try:
            server.wait_for("Server running", 600)
        except RuntimeError:
            return "jekyll: could not serve this site here:\n  " + "  ".join(server.lines[-8:])
        post = pick_post(site)
        return measure("jekyll serve --livereload --incremental", server,
                       f"http://127.0.0.1:{port}{post_url(dest, post)}", post, saves,
                       r"\.\.\.done in", _parse_jekyll)
    finally:
        server.stop()


def _without_theme(site: Path, copy: Path) -> Path:
    """A copy whose _config.yml names no theme: a theme gem Jekyll lacks here stops it, reblog only warns."""
    shutil.copytree(site, copy)
    config = copy / "_config.yml"
    if config.is_file():
        text = config.read_text(encoding="utf-8")
        config.write_text(re.sub(r"(?m)^theme:", "# theme:", text), encoding="utf-8")
    return copy


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg()) + f" ({os.cpu_count()} cores)"


def main() -> int:
    """Copy the site, measure each server, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("site", nargs="?", default="/work/sites/candid")
    parser.add_argument("--config", default="",
                        help="config files (default: the site's own); relative ones are inside the site")
    parser.add_argument("--pin-time", action="store_true", help="add a config file pinning time:")
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--no-jekyll", action="store_true")
    parser.add_argument("--no-photo", action="store_true", help="skip the new-photo measurement")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="serve-bench-") as tmp:
        work = Path(tmp)
        site = work / "src"
        shutil.copytree(args.site, site, ignore=shutil.ignore_patterns(
            "_site", ".jekyll-cache", ".reblog-cache", ".jekyll-metadata", ".git"))
        configs = [c if Path(c).is_absolute() else str(site / c) for c in args.config.split(",") if c]
        if args.pin_time:
            pin = work / "pin-time.yml"
            pin.write_text("time: 2024-06-01 00:00:00 +0000\n", encoding="utf-8")
            configs = [*(configs or [str(site / "_config.yml")]), str(pin)]
        print(f"site: {args.site}; config: {', '.join(configs) or 'its own _config.yml'}"
              f"{'; time: pinned' if args.pin_time else '; time: not pinned'}", flush=True)
        print(f"load average before: {_load()}", flush=True)
        print(run_reblog(site, configs, args.saves, work).report(), flush=True)
        print(f"load average after: {_load()}", flush=True)
        if not args.no_photo:
            print(run_photo(work), flush=True)
            print(f"load average after the photo: {_load()}", flush=True)
        if not args.no_jekyll:
            jekyll_configs = [c.replace(str(site), str(work / "jekyll-src")) for c in configs]
            outcome = run_jekyll(site, jekyll_configs, args.saves, work)
            print(outcome if isinstance(outcome, str) else outcome.report(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
