"""``reblog check``: seeded problems in a fixture site, the sample blog, external links on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sitefiles import write_files

from reblog.pipeline import BuildOptions, build
from reblog.check import check_site, normalize_base, srcset_urls
from reblog.cli import main
from reblog.errors import ReblogError
from reblog.log import Logger

FIXTURE = Path(__file__).parent / "fixtures" / "check"
REPO = Path(__file__).resolve().parents[1]


def expected_lines() -> list[str]:
    return FIXTURE.joinpath("expected.txt").read_text(encoding="utf-8").splitlines()


def test_finds_every_seeded_problem_and_nothing_else() -> None:
    problems = check_site(FIXTURE / "site", baseurl="/blog", site_url="https://example.org")
    assert [str(p) for p in problems] == expected_lines()


def test_cli_reads_baseurl_and_url_from_the_config(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "-s", str(FIXTURE), "-d", str(FIXTURE / "site")])
    out = capsys.readouterr()
    assert code == 1
    assert out.out.splitlines() == expected_lines()
    assert "15 problems on 5 pages." in out.err


def test_without_the_baseurl_every_root_link_is_broken() -> None:
    problems = check_site(FIXTURE / "site")
    assert "index.html:16: broken link /blog/about/" in [str(p) for p in problems]


def test_clean_site_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_files(tmp_path, {
        "index.html": '<html><head><title>Hi</title></head><body><a href="a/#x">a</a></body></html>',
        "a/index.html": '<html><title>A</title><h1 id="x">A</h1><a href="..">up</a><a href="../">up</a></html>',
    })
    assert main(["check", "-s", str(tmp_path), "-d", str(tmp_path)]) == 0
    assert capsys.readouterr().out == ""


def test_newlines_in_a_url_are_dropped_as_browsers_do(tmp_path: Path) -> None:
    write_files(tmp_path, {
        "index.html": '<html><title>T</title><a href="/a/\n#x">a</a><a href="/b\n/">b</a></html>',
        "a/index.html": '<p id="x">x</p>',
    })
    assert [str(p) for p in check_site(tmp_path)] == ["index.html:2: broken link /b/"]


def test_base_tag_is_honoured(tmp_path: Path) -> None:
    write_files(tmp_path, {
        "x/index.html": '<html><title>X</title><base href="/y/"><a href="z.html">z</a></html>',
        "y/z.html": "<p>z</p>",
    })
    assert check_site(tmp_path) == []


def test_missing_site_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ReblogError, match="no built site"):
        check_site(tmp_path / "nope")


def test_helpers() -> None:
    assert srcset_urls("a.png 1x, b.png 2x,c.png") == ["a.png", "b.png", "c.png"]
    assert normalize_base("repo/") == "/repo"
    assert normalize_base("/") == ""
    assert normalize_base(None) == ""


def test_sample_blog_at_the_repo_root_is_clean(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = build(BuildOptions(source=REPO, destination=str(out)), Logger(quiet=True))
    problems = check_site(out, baseurl=result.site.settings.baseurl,
                          site_url=result.site.settings.url)
    assert [str(p) for p in problems] == []


def test_sample_blog_with_a_base_path_is_clean(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(BuildOptions(source=REPO, destination=str(out), baseurl="/repo"), Logger(quiet=True))
    assert [str(p) for p in check_site(out, baseurl="/repo")] == []


# --- external links, against a server on 127.0.0.1 only (no network in tests) ---

class _Handler(BaseHTTPRequestHandler):
    """/ok answers; /gone is 404; /nohead refuses HEAD but answers GET; /redirect goes to /ok."""

    def do_HEAD(self) -> None:
        if self.path == "/nohead":
            self.send_response(405)
            self.end_headers()
            return
        self._answer()

    def do_GET(self) -> None:
        self._answer()

    def _answer(self) -> None:
        if self.path == "/redirect":
            self.send_response(301)
            self.send_header("Location", "/ok")
        else:
            self.send_response(404 if self.path == "/gone" else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        """Keep test output quiet."""


@pytest.fixture
def local_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_external_links(tmp_path: Path, local_server: str) -> None:
    dead = f"http://127.0.0.1:{_closed_port()}/x"
    links = "\n".join(f'<a href="{u}">x</a>' for u in (
        f"{local_server}/ok", f"{local_server}/gone", f"{local_server}/nohead",
        f"{local_server}/redirect", f"{local_server}/ok#frag", dead,
    ))
    write_files(tmp_path, {"index.html": f"<html><title>T</title>\n{links}\n</html>"})
    assert check_site(tmp_path) == []  # external links are only checked when asked
    problems = [str(p) for p in check_site(tmp_path, external=True, timeout=5)]
    assert problems[0] == f"index.html:3: external link {local_server}/gone: HTTP 404"
    assert problems[1].startswith(f"index.html:7: external link {dead}: unreachable")
    assert len(problems) == 2
