"""The dev server's HTTP side: path safety, MIME types, 404 page, base URL, script injection."""

from __future__ import annotations

import http.client
import os
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from reblog.serve.http import ServerConfig, content_type, make_server, resolve
from reblog.serve.livereload import ReloadHub, inject


@pytest.fixture
def root(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    for rel, text in {
        "index.html": "<html><body><h1>Home</h1></body></html>",
        "about.html": "<html><body>About</body></html>",
        "docs/index.html": "<html><BODY>Docs</BODY></html>",
        "404.html": "<html><body>Custom not found</body></html>",
        "style.css": "body{}",
        "feed.xml": "<feed/>",
        "app.js": "1",
        "font.woff2": "x",
        "site.webmanifest": "{}",
    }.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (tmp_path / "secret.txt").write_text("secret")
    os.symlink(tmp_path / "secret.txt", site / "leak.txt")
    os.symlink(tmp_path, site / "up")
    return site


def test_resolves_files_folders_and_extensionless_paths(root: Path) -> None:
    assert resolve(root, "", "/").file == root / "index.html"
    assert resolve(root, "", "/about").file == root / "about.html"
    assert resolve(root, "", "/about.html?x=1").file == root / "about.html"
    assert resolve(root, "", "/docs/").file == root / "docs" / "index.html"
    assert resolve(root, "", "/docs").kind == "redirect"
    assert resolve(root, "", "/docs").location == "/docs/"
    assert resolve(root, "", "/nope").kind == "missing"


@pytest.mark.parametrize("path", [
    "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/%2e%2e/etc/passwd", "/docs/../../secret.txt",
    "/leak.txt", "/up/secret.txt", "/..%2fsecret.txt", "/%00", "/..\\secret.txt",
    "/%ff%fe",
])
def test_never_serves_outside_the_root(root: Path, path: str) -> None:
    try:
        found = resolve(root, "", path)
    except UnicodeDecodeError:
        return  # the handler answers these with 404
    assert found.kind == "missing"


def test_base_url(root: Path) -> None:
    assert resolve(root, "/blog", "/blog/about").file == root / "about.html"
    assert resolve(root, "/blog/", "/blog/").file == root / "index.html"
    assert resolve(root, "blog", "/blog").location == "/blog/"
    assert resolve(root, "/blog", "/").location == "/blog/"
    assert resolve(root, "/blog", "/about.html").kind == "missing"
    assert resolve(root, "/blog", "/blogger/index.html").kind == "missing"


@pytest.mark.parametrize(("name", "expected"), [
    ("a.html", "text/html; charset=utf-8"), ("a.css", "text/css; charset=utf-8"),
    ("a.js", "text/javascript; charset=utf-8"), ("a.xml", "application/xml; charset=utf-8"),
    ("a.json", "application/json; charset=utf-8"), ("a.svg", "image/svg+xml; charset=utf-8"),
    ("a.png", "image/png"), ("a.woff2", "font/woff2"), ("a.webmanifest",
                                                        "application/manifest+json; charset=utf-8"),
    ("CNAME", "application/octet-stream"),
])
def test_mime_types(name: str, expected: str) -> None:
    assert content_type(name) == expected


def test_injects_before_the_last_body_end() -> None:
    html = b"<html><body><p>x</p></BODY></html>"
    out = inject(html, 3)
    assert out.index(b"data-reblog-livereload") < out.index(b"</BODY>")
    assert b"var loaded = 3;" in out
    assert inject(b"<p>no body</p>", 1).startswith(b"<p>no body</p><script")


@pytest.fixture
def server(root: Path) -> Iterator[tuple[str, int, ReloadHub]]:
    hub = ReloadHub()
    httpd = make_server("127.0.0.1", 0, ServerConfig(root, "", hub))
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield "127.0.0.1", httpd.server_address[1], hub
    finally:
        hub.close()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def _get(address: tuple[str, int, ReloadHub], path: str) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection(address[0], address[1], timeout=5)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def test_serves_html_with_the_script_and_other_files_untouched(server: tuple[str, int, ReloadHub], root: Path) -> None:
    status, headers, body = _get(server, "/")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"data-reblog-livereload" in body
    assert int(headers["Content-Length"]) == len(body)
    assert b"reblog-livereload" not in (root / "index.html").read_bytes()
    status, headers, body = _get(server, "/style.css")
    assert (status, body) == (200, b"body{}")
    status, _headers, body = _get(server, "/feed.xml")
    assert body == b"<feed/>"


def test_missing_pages_get_the_site_404_page(server: tuple[str, int, ReloadHub]) -> None:
    status, headers, body = _get(server, "/no/such/page")
    assert status == 404
    assert b"Custom not found" in body and headers["Content-Type"].startswith("text/html")
    assert _get(server, "/%2e%2e/secret.txt")[0] == 404
    assert _get(server, "/leak.txt")[0] == 404


def test_folder_without_slash_redirects(server: tuple[str, int, ReloadHub]) -> None:
    status, headers, _body = _get(server, "/docs")
    assert status == 302 and headers["Location"] == "/docs/"


def test_many_concurrent_requests(server: tuple[str, int, ReloadHub]) -> None:
    # An open event stream must not block anyone else.
    stream = http.client.HTTPConnection(server[0], server[1], timeout=5)
    stream.request("GET", "/__reblog/events?since=0")
    assert stream.getresponse().status == 200
    with ThreadPoolExecutor(max_workers=32) as pool:
        results = list(pool.map(lambda _: _get(server, "/about")[0], range(200)))
    stream.close()
    assert results == [200] * 200


def test_event_stream_relays_builds_and_errors(server: tuple[str, int, ReloadHub]) -> None:
    hub = server[2]
    conn = http.client.HTTPConnection(server[0], server[1], timeout=5)
    conn.request("GET", f"/__reblog/events?since={hub.generation}")
    response = conn.getresponse()
    assert response.getheader("Content-Type") == "text/event-stream"
    assert response.readline() == b"retry: 500\n"
    response.readline()
    hub.publish("builderror", {"text": "_posts/x.md:3: bad", "file": "_posts/x.md", "line": 3})
    # Skip anything sent before the event (a keep-alive under load), but not forever.
    event = b""
    for _ in range(20):
        event = response.readline()
        if event.startswith(b"event:"):
            break
    assert event == b"event: builderror\n"
    assert response.readline().startswith(b"id: ")
    assert b'"_posts/x.md:3: bad"' in response.readline()
    conn.close()
