"""``reblog serve``: build, serve, watch, rebuild incrementally, and tell browsers.

The dev server follows MkDocs' LiveReloadServer pattern: it knows nothing about pages. It watches
files, calls a build function, and relays what changed (or the error) to the browsers.
"""

from __future__ import annotations

import dataclasses
import errno
import gc
import signal
import threading
import time
import webbrowser
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from concurrent.futures import wait as futures_wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import Any

from ..config import config_files
from ..config.parse import parse_settings
from ..errors import ReblogError
from ..log import Logger, counted
from ..frontmatter import SourceMemo
from ..pipeline import BuildOptions, Pipeline, configure
from ..reader import SOURCE_MEMO
from ..sourcepaths import in_source_dir
from ..writer import check_destination
from .http import DevHTTPServer, ServerConfig, make_server, normalize_baseurl
from .livereload import ReloadHub
from .sync import DestinationSync
from .watcher import SourceWatcher

_PAGE_EXTS = (".html", ".htm", ".xml", ".txt")
_COLLECT_AFTER_S = 3.0   # after a rebuild, when the browser has long had the page


@dataclass
class ServeOptions:
    """The server's own flags (the build's are in BuildOptions)."""

    host: str = "127.0.0.1"
    port: int = 4000
    livereload: bool = True
    watch: bool = True
    open_url: bool = False
    debounce_ms: int = 50


@dataclass
class BuildReport:
    """What one build changed in the served folder."""

    written: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    rendered: int = 0
    seconds: float = 0.0
    full: bool = True
    baseurl: str = ""
    how: str = ""          # "cached", "parallel" or "sequential", as ``reblog build`` says
    # Image encodes still running (their pages show the original for now) and their sources.
    encoding: list[Future[Any]] = field(default_factory=list)
    encoding_sources: list[Path] = field(default_factory=list)


BuildFunction = Callable[["set[Path] | None"], BuildReport]


class SiteRebuilder:
    """The build function for a reblog site: the build pipeline, then an in-place sync.

    The first build is ``reblog build``'s (the build cache, else the parallel render); each
    rebuild renders only what the changed files can affect.
    """

    def __init__(self, options: BuildOptions, log: Logger, background_images: bool = False) -> None:
        # site.time is the server's start (unless time: or SOURCE_DATE_EPOCH pins it): a save
        # shows what the edit changed, not a feed's <updated> ticking on every page that shows
        # the time. Restarting the server refreshes it.
        if options.time is None:
            options = dataclasses.replace(options, time=datetime.now().astimezone())
        self.pipeline = Pipeline(options, log)
        # A save changes a file or two: the others' front matter is not parsed again.
        self.pipeline.memo[SOURCE_MEMO] = SourceMemo()
        self.sync: DestinationSync | None = None
        self.log = log
        # After the first build, a new photo's page is written with the original at once and
        # its variants follow (the first build waits for them, as ``reblog build`` does).
        self.background_images = background_images

    def __call__(self, changed: set[Path] | None) -> BuildReport:
        """Rebuild after these changes (None: everything); raises ReblogError on a bad source."""
        made = self.pipeline.make(changed)
        site = made.site
        if self.sync is None:
            self.sync = DestinationSync(site.dest, list(site.settings.keep_files))
        elif site.dest.resolve() != self.sync.dest:
            self.log.warn("the destination changed in the config; restart reblog serve to use it")
        result = self.sync.sync(made.output)
        self.pipeline.keep(made)
        background = self.pipeline.background_images
        if background is None and self.background_images:
            from ..images import BackgroundEncodes

            background = self.pipeline.background_images = BackgroundEncodes()
        return BuildReport(
            result.written, result.deleted, len(made.result.rendered),
            time.perf_counter() - made.started, made.full,
            normalize_baseurl(site.settings.baseurl), made.how,
            background.pending() if background else [], background.sources() if background else [],
        )

    def close(self) -> None:
        """Stop the image encodes still running in the background (the server is stopping)."""
        if self.pipeline.background_images is not None:
            self.pipeline.background_images.close()


def url_paths(rel: str, baseurl: str) -> list[str]:
    """The URL paths a browser may show for a destination file (``a/index.html`` is ``/a/``)."""
    path = f"{baseurl}/{rel}"
    paths = [path]
    if rel == "index.html" or rel.endswith("/index.html"):
        folder = path[: -len("index.html")]
        paths += [folder, folder.rstrip("/") or "/"]
    elif rel.endswith(".html"):
        paths.append(path[: -len(".html")])
    return paths


def reload_message(report: BuildReport) -> dict[str, Any]:
    """What browsers need to decide: swap stylesheets, reload this page, or reload every page."""
    changed = report.written + report.deleted
    css_only = bool(changed) and not report.deleted and all(r.endswith(".css") for r in changed)
    assets = [r for r in changed if not r.endswith(_PAGE_EXTS) and not r.endswith(".css")]
    return {
        "css_only": css_only,
        "all": bool(assets),
        "paths": sorted({p for rel in changed for p in url_paths(rel, report.baseurl)}),
    }


class DevServer:
    """Serves a folder, rebuilds on changes through a build function, and notifies browsers."""

    def __init__(
        self, build: BuildFunction, root: Path, watch_roots: list[Path], ignored: list[Path],
        options: ServeOptions, log: Logger, extra_files: list[Path] | None = None,
        interrupts: Interrupts | None = None,
    ) -> None:
        self.build = build
        self.interrupts = interrupts or Interrupts()
        self.options = options
        self.log = log
        self.hub = ReloadHub() if options.livereload else None
        self.config = ServerConfig(root, "", self.hub)
        self.watch_roots = watch_roots
        self.extra_files = extra_files or []
        self.ignored = ignored
        self._pending: set[Path] = set()
        self._lock = threading.Lock()
        self._collector: threading.Timer | None = None
        self.server: DevHTTPServer | None = None
        self.watchers: list[SourceWatcher] = []

    # -- building ----------------------------------------------------------------------------
    def initial_build(self) -> bool:
        """The first, full build; a failure is reported but the server still starts."""
        started = time.perf_counter()
        report = self._try_build(None)
        if report is not None:
            self.log.info(
                f"Built {counted(len(report.written), 'changed file')} in {time.perf_counter() - started:.2f} s "
                f"({report.how}; {report.rendered} rendered)."
            )
        return report is not None

    def on_change(self, paths: set[Path]) -> None:
        """A batch of source changes: rebuild, then tell browsers what changed or what failed."""
        with self._lock:
            # Changes a failed build could not use are kept for the next attempt.
            self._pending |= paths
            names = ", ".join(sorted(_short(p, self.watch_roots) for p in paths)[:5])
            self.log.info(f"Regenerating: {len(paths)} file(s) changed: {names}")
            report = self._try_build(set(self._pending))
            if report is None:
                return
            self._pending.clear()
            self.log.info(
                f"Rebuilt in {report.seconds:.2f} s: {len(report.written)} written, "
                f"{len(report.deleted)} deleted, {report.rendered} rendered"
                + (" (full)" if report.full else "")
            )
            if self.hub is not None:
                message = reload_message(report)
                self.hub.publish("reload" if message["paths"] else "ok", message)
            if report.encoding:
                self.log.info(f"Encoding {counted(len(report.encoding_sources), 'image')} in the "
                              "background; the pages show the originals until then")
                self._after_encoding(report)
            self._collect_later()

    def _after_encoding(self, report: BuildReport) -> None:
        """Rebuild once the background encodes are done: the pages then get their <picture>."""
        def wait_then_rebuild() -> None:
            futures_wait(report.encoding)
            if not (self.hub is not None and self.hub.closed):
                self.on_change(set(report.encoding_sources))

        threading.Thread(target=wait_then_rebuild, name="reblog-images", daemon=True).start()

    def _collect_later(self) -> None:
        """Keep Python's full garbage collections out of the time between a save and the page.

        After a build its objects are frozen (never scanned by the collector), so the next
        rebuild's collections are short; a few seconds later, once the browser has the page,
        the last builds' garbage is collected for real and the survivors frozen again.
        """
        gc.freeze()
        if self._collector is not None:
            self._collector.cancel()
        self._collector = threading.Timer(_COLLECT_AFTER_S, self._collect)
        self._collector.daemon = True
        self._collector.start()

    def _collect(self) -> None:
        with self._lock:
            gc.unfreeze()
            gc.collect()
            gc.freeze()

    def _try_build(self, changed: set[Path] | None) -> BuildReport | None:
        """Build; the report, or None when the build failed (reported) or the server is stopping.

        Ctrl-C during the build stops it, whatever the build made of it: in the main thread
        (the first build) the KeyboardInterrupt is raised again; the watcher thread's rebuild
        (the main thread is already stopping) is neither published nor reported as failed.
        """
        report: BuildReport | None = None
        failure: tuple[str, dict[str, Any]] | None = None
        try:
            report = self.build(changed)
        except ReblogError as err:
            failure = str(err), {"file": err.file, "line": err.line, "message": err.message}
        except Exception as err:  # an unexpected failure must not stop the watcher
            failure = f"{type(err).__name__}: {err}", {"message": str(err)}
        if self.interrupts.received:
            if threading.current_thread() is threading.main_thread():
                raise KeyboardInterrupt
            return None
        if failure is not None:
            self._failed(*failure)
            return None
        assert report is not None
        self.config.baseurl = report.baseurl
        return report

    def _failed(self, text: str, details: dict[str, Any]) -> None:
        print(f"Error: {text}", file=self.log.stream, flush=True)
        self.log.info("The last good build is still served; save a fix to rebuild.")
        if self.hub is not None:
            self.hub.publish("builderror", {"text": text, **details})

    # -- serving -----------------------------------------------------------------------------
    def address(self) -> str:
        """The site's URL."""
        assert self.server is not None
        host, port = self.server.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else str(host)
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}{self.config.baseurl}/"

    def bind(self) -> None:
        """Take the port, so a taken one is reported before a build that could take minutes."""
        if self.server is not None:
            return
        where = f"{self.options.host}:{self.options.port}"
        try:
            self.server = make_server(self.options.host, self.options.port, self.config)
        except OSError as err:
            if err.errno == errno.EADDRINUSE:
                raise ReblogError(
                    f"port {self.options.port} is already in use on {self.options.host} (another "
                    f"reblog serve?); stop that server or pick another port, e.g. --port "
                    f"{self.options.port + 1}"
                ) from err
            raise ReblogError(f"cannot listen on {where}: {err.strerror or err}") from err

    def start(self) -> None:
        """Bind the server (unless bound) and start the watchers (serving starts with serve_forever)."""
        self.bind()
        if self.options.watch:
            for root in self.watch_roots:
                self.watchers.append(
                    SourceWatcher(root, self.ignored, self.on_change, self.options.debounce_ms)
                )
            for folder in sorted({f.parent for f in self.extra_files}):
                files = [f for f in self.extra_files if f.parent == folder]
                self.watchers.append(SourceWatcher(
                    folder, self.ignored, self.on_change, self.options.debounce_ms, only=files
                ))
            for watcher in self.watchers:
                watcher.start()
            for watcher in self.watchers:
                watcher.ready.wait(2.0)

    def serve_forever(self) -> None:
        """Serve until interrupted (Ctrl-C or SIGTERM), then stop everything."""
        assert self.server is not None
        try:
            self.server.serve_forever(poll_interval=0.2)
        finally:
            self.stop()

    def stop(self) -> None:
        """Stop the watchers, release live-reload streams, close the socket."""
        for watcher in self.watchers:
            watcher.stop()
        if self._collector is not None:
            self._collector.cancel()
            gc.unfreeze()
        if self.hub is not None:
            self.hub.close()
        if self.server is not None:
            self.server.server_close()


def _short(path: Path, roots: list[Path]) -> str:
    for root in roots:
        if root in path.parents:
            return path.relative_to(root).as_posix()
    return str(path)


def _outside_configs(options: BuildOptions) -> list[Path]:
    """Config files that live outside the source (watched on their own)."""
    source = options.source.resolve()
    found = [path.resolve() for path in config_files(options.source, options.config_files)]
    return [path for path in found if source not in path.parents]


class Interrupts:
    """Ctrl-C and SIGTERM while serving: each raises KeyboardInterrupt and is remembered.

    Remembered because a build may swallow the KeyboardInterrupt: raised inside an import, a
    dataclass's ``__set_name__`` turns it into a RuntimeError, which a build reports as a
    failed build, and the server then started and ran on as if nobody had pressed Ctrl-C.
    """

    def __init__(self) -> None:
        self.received = False

    def interrupt(self, _signum: int, _frame: FrameType | None) -> None:
        """The signal handler."""
        self.received = True
        raise KeyboardInterrupt

    @contextmanager
    def installed(self) -> Iterator[None]:
        """Handle SIGINT and SIGTERM here (only possible from the main thread).

        SIGINT too, as Jekyll traps it: Python leaves Ctrl-C ignored when the process
        started with it ignored (a background job of a shell without job control, as
        ``cmd &`` in a script), and the server then could never be stopped by it.
        """
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        previous = {signum: signal.signal(signum, self.interrupt) for signum in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)


def serve(options: BuildOptions, serve_options: ServeOptions, log: Logger) -> int:
    """Build, serve and watch until interrupted; returns the exit code."""
    interrupts = Interrupts()
    rebuilder: SiteRebuilder | None = None
    with interrupts.installed():
        try:
            rebuilder = SiteRebuilder(options, log, background_images=True)
            log.info(f"Source: {options.source.resolve()}")
            dest = _destination(options, log)
            server = DevServer(
                rebuilder, dest, [options.source.resolve()], [dest, _cache_folder(options)], serve_options, log,
                _outside_configs(options), interrupts,
            )
            server.bind()
            server.initial_build()
            server.start()
            log.info(f"Destination: {dest}")
            if serve_options.livereload:
                log.info("LiveReload: on (pages reload after each rebuild)")
            if not serve_options.watch:
                log.info("Auto-regeneration: disabled")
            log.info(f"Server address: {server.address()}")
            log.info("Server running... press ctrl-c to stop.")
            if serve_options.open_url:
                threading.Thread(target=webbrowser.open, args=(server.address(),), daemon=True).start()
            server.serve_forever()
        except KeyboardInterrupt:
            log.info("Stopped.")
        finally:
            if rebuilder is not None:
                rebuilder.close()
    return 0


def _cache_folder(options: BuildOptions) -> Path:
    """The site's ``cache_dir``: what the build writes there is no change to watch."""
    settings = parse_settings(configure(options))
    return in_source_dir(settings.source, settings.cache_dir).resolve()


def _destination(options: BuildOptions, log: Logger) -> Path:
    """Where the site goes, from the same configuration the build reads."""
    settings = parse_settings(configure(options))
    dest = settings.destination
    check_destination(settings.source, dest)
    return dest.resolve()
