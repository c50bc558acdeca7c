"""The dev server's HTTP side: safe path resolution, MIME types, 404 page, live-reload endpoint.

It knows nothing about pages or builds: it serves files from one folder and relays the hub's
events to browsers.
"""

from __future__ import annotations

import ipaddress
import mimetypes
import posixpath
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qs, quote, unquote, urlsplit

from .livereload import EVENTS_PATH, ReloadHub, inject

_EXTRA_TYPES = {
    ".html": "text/html", ".htm": "text/html", ".css": "text/css", ".js": "text/javascript",
    ".mjs": "text/javascript", ".json": "application/json", ".map": "application/json",
    ".xml": "application/xml", ".rss": "application/rss+xml", ".atom": "application/atom+xml",
    ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".gif": "image/gif", ".webp": "image/webp", ".avif": "image/avif", ".ico": "image/x-icon",
    ".woff": "font/woff", ".woff2": "font/woff2", ".ttf": "font/ttf", ".otf": "font/otf",
    ".txt": "text/plain", ".md": "text/markdown", ".webmanifest": "application/manifest+json",
    ".wasm": "application/wasm", ".pdf": "application/pdf", ".mp4": "video/mp4",
    ".webm": "video/webm", ".mp3": "audio/mpeg", ".yml": "text/yaml", ".yaml": "text/yaml",
}
_TEXTUAL = ("text/", "application/json", "application/xml", "application/rss+xml",
            "application/atom+xml", "image/svg+xml", "application/manifest+json")
KEEPALIVE_SECONDS = 15.0


def content_type(path: str) -> str:
    """The Content-Type for a file name; text types say UTF-8 as Jekyll's server does."""
    suffix = posixpath.splitext(path)[1].lower()
    kind = _EXTRA_TYPES.get(suffix) or mimetypes.guess_type(path, strict=False)[0]
    kind = kind or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith(_TEXTUAL) else kind


@dataclass(frozen=True)
class Resolved:
    """How to answer a GET: a file, a redirect, or not found."""

    kind: Literal["file", "redirect", "missing"]
    file: Path | None = None
    location: str = ""


def host_allowed(header: str | None, port: int, names: frozenset[str]) -> bool:
    """Whether a request's ``Host:`` names this server, the DNS-rebinding defence.

    A page on another site can make its own domain resolve to 127.0.0.1 and then read the
    preview as same-origin; its requests still carry that domain in ``Host:``. Allowed: an IP
    address (rebinding needs a name), ``localhost``, or a name in ``names`` (``--host``), with
    this server's port (or none when it is 80).
    """
    if not header:
        return False
    value = header.strip().lower()
    if value.startswith("["):  # [::1]:4000
        host, _, rest = value[1:].partition("]")
        given = rest.removeprefix(":") if rest.startswith(":") else None
        if rest and given is None:
            return False
    else:
        host, colon, given_port = value.rpartition(":") if ":" in value else (value, "", "")
        given = given_port if colon else None
    if given is None:
        if port != 80:
            return False
    elif not given.isdigit() or int(given) != port:
        return False
    if host == "localhost" or host in names:
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def normalize_baseurl(baseurl: str | None) -> str:
    """``/blog/`` or ``blog`` -> ``/blog``; empty stays empty."""
    base = (baseurl or "").strip().strip("/")
    return f"/{base}" if base else ""


def _inside(path: Path, root: Path) -> Path | None:
    """The real path if it stays inside root (symlinks included), else None."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    return real if real == root or real.is_relative_to(root) else None


def resolve(root: Path, baseurl: str, raw_path: str) -> Resolved:
    """Map a request path to a file under root, never outside it."""
    root = root.resolve()
    path = unquote(urlsplit(raw_path).path, errors="strict") if raw_path else "/"
    if "\x00" in path or "\\" in path:
        return Resolved("missing")
    base = normalize_baseurl(baseurl)
    if base:
        if path == base:
            return Resolved("redirect", location=quote(base + "/"))
        if path == "/":
            return Resolved("redirect", location=quote(base + "/"))
        if not path.startswith(base + "/"):
            return Resolved("missing")
        path = path[len(base):]
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        return Resolved("missing")
    target = root.joinpath(*parts)
    real = _inside(target, root)
    if real is not None and real.is_dir():
        if not path.endswith("/"):
            return Resolved("redirect", location=quote(base + path + "/"))
        index = _inside(target / "index.html", root)
        return Resolved("file", index) if index is not None and index.is_file() else Resolved("missing")
    if real is not None and real.is_file():
        return Resolved("file", real)
    # Like Jekyll's server: /about finds about.html or about/index.html.
    if parts and not path.endswith("/"):
        for candidate in (target.with_name(target.name + ".html"), target / "index.html"):
            found = _inside(candidate, root)
            if found is not None and found.is_file():
                return Resolved("file", found)
    return Resolved("missing")


@dataclass
class ServerConfig:
    """What the handler needs: the folder, the base URL, and the hub when live reload is on."""

    root: Path
    baseurl: str = ""
    hub: ReloadHub | None = None


class DevRequestHandler(BaseHTTPRequestHandler):
    """Serves the built site; injects the live-reload script into HTML responses."""

    server_version = "reblog"
    protocol_version = "HTTP/1.1"
    config: ServerConfig  # set on the subclass made by make_server

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: a dev server's access log is noise next to build messages."""

    def do_HEAD(self) -> None:
        """Headers only."""
        if self._host_refused(head=True):
            return
        self._answer(head=True)

    def do_GET(self) -> None:
        """A file, a redirect, the 404 page, or the live-reload event stream."""
        if self._host_refused(head=False):
            return
        if urlsplit(self.path).path == EVENTS_PATH and self.config.hub is not None:
            self._events()
            return
        self._answer(head=False)

    def _host_refused(self, head: bool) -> bool:
        """Answer 403 to a request whose Host: names another site (see ``host_allowed``)."""
        server = self.server
        assert isinstance(server, DevHTTPServer)
        port = int(server.server_address[1])
        if host_allowed(self.headers.get("Host"), port, server.host_names):
            return False
        self.close_connection = True
        self._send(HTTPStatus.FORBIDDEN, b"403 Forbidden: unknown Host\n",
                   "text/plain; charset=utf-8", head)
        return True

    def _answer(self, head: bool) -> None:
        try:
            found = resolve(self.config.root, self.config.baseurl, self.path)
        except UnicodeDecodeError:
            found = Resolved("missing")
        if found.kind == "redirect":
            self._send(HTTPStatus.FOUND, b"", "text/plain; charset=utf-8", head,
                       {"Location": found.location})
        elif found.kind == "file" and found.file is not None:
            self._send_file(HTTPStatus.OK, found.file, head)
        else:
            self._not_found(head)

    def _not_found(self, head: bool) -> None:
        page = _inside(self.config.root.resolve() / "404.html", self.config.root.resolve())
        if page is not None and page.is_file():
            self._send_file(HTTPStatus.NOT_FOUND, page, head)
        else:
            self._send(HTTPStatus.NOT_FOUND, b"404 Not Found\n", "text/plain; charset=utf-8", head)

    def _send_file(self, status: HTTPStatus, path: Path, head: bool) -> None:
        try:
            body = path.read_bytes()
        except OSError:  # replaced or removed by a rebuild between resolving and reading
            self._send(HTTPStatus.NOT_FOUND, b"404 Not Found\n", "text/plain; charset=utf-8", head)
            return
        kind = content_type(path.name)
        if self.config.hub is not None and kind.startswith("text/html"):
            body = inject(body, self.config.hub.generation)
        self._send(status, body, kind, head)

    def _send(
        self, status: HTTPStatus, body: bytes, kind: str, head: bool,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        # A preview must always show the latest build.
        self.send_header("Cache-Control", "no-cache, no-store, must-revalidate")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _events(self) -> None:
        """Server-Sent Events: the current state first, then each new build, until shutdown."""
        hub = self.config.hub
        assert hub is not None
        seen = _since(self.path, self.headers.get("Last-Event-ID"))
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        try:
            # Read the generation before the greeting, so a build published while the greeting
            # is sent is still delivered below rather than skipped.
            current = hub.generation
            self.wfile.write(b"retry: 500\n\n" + _greeting(hub, seen))
            self.wfile.flush()
            seen = max(seen, current)
            while not hub.closed:
                event = hub.wait(seen, KEEPALIVE_SECONDS)
                if event is None:
                    self.wfile.write(b": keep-alive\n\n")
                else:
                    seen = event.generation
                    self.wfile.write(event.encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass  # the browser went away


def _since(path: str, last_event_id: str | None) -> int:
    """The generation the page was served at (or the last event its stream saw)."""
    values = parse_qs(urlsplit(path).query).get("since", []) + [last_event_id or ""]
    numbers = [int(v) for v in values if v.strip().isdigit()]
    return max(numbers, default=0)


def _greeting(hub: ReloadHub, seen: int) -> bytes:
    """What a (re)connecting page needs: the current error, or a reload if it is out of date."""
    from .livereload import Event

    generation = hub.generation
    error = hub.error
    if error is not None:
        return Event(generation, "builderror", error).encode()
    if seen < generation:
        return Event(generation, "reload", {"all": True}).encode()
    return b""


class DevHTTPServer(ThreadingHTTPServer):
    """A threading server whose request threads never keep the process alive.

    The listen backlog is a real one (socketserver's default of 5 refuses connections when a
    page loads dozens of assets at once), and a browser that goes away mid-response is normal
    for a dev server: it is not logged.
    """

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128
    host_names: frozenset[str] = frozenset()  # what ``--host`` names, as Host: may say it

    def handle_error(self, request: object, client_address: object) -> None:
        """Drop disconnects silently; anything else is one line, not a traceback."""
        import sys

        err = sys.exc_info()[1]
        if isinstance(err, (ConnectionError, TimeoutError)):
            return
        print(f"reblog serve: error answering {client_address}: {err!r}", file=sys.stderr)


def make_server(host: str, port: int, config: ServerConfig) -> DevHTTPServer:
    """An HTTP server for this folder (not yet serving)."""
    handler = type("BoundDevRequestHandler", (DevRequestHandler,), {"config": config})
    server = DevHTTPServer((host, port), handler)
    name = host.strip().lower().strip("[]")
    server.host_names = frozenset({name} if name not in ("", "0.0.0.0", "::") else set())
    return server
