"""jekyll-remote-theme: a theme archive from a local HTTP server, then the same build offline.

No test touches the network: archives are made here and served on 127.0.0.1, and
``REBLOG_REMOTE_THEME_URL`` points reblog at that server instead of https://github.com.
"""

from __future__ import annotations

import io
import json
import os
import stat
import tarfile
import threading
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fixture_site import FIXTURES, build_fixture
from sitefiles import write_files

from reblog.pipeline import BuildOptions, build
from reblog.errors import ReblogError
from reblog.log import Logger
from reblog import remote_theme

THEME_FILES = {
    "_layouts/default.html": b"<main class=\"remote\">{% include note.html %}{{ content }}</main>\n",
    "_includes/note.html": b"<p>{{ site.data.words.hello }}</p>",
    "_data/words.yml": b"hello: from the remote theme\n",
    "_sass/remote.scss": b"$c: #123456;\nbody { color: $c; }\n",
    "assets/style.scss": b"---\n---\n@import \"remote\";\n",
    "assets/logo.txt": b"logo\n",
    "_config.yml": b"remote_setting: not merged (as with jekyll-remote-theme)\n",
    "cool-theme.gemspec": b'Gem::Specification.new do |s|\n  s.name = "cool-theme"\n'
                          b'  s.add_runtime_dependency "jekyll", "~> 4.0"\n'
                          b'  s.add_runtime_dependency "jekyll-sitemap", "~> 1.0"\nend\n',
}
SITE = {
    "_config.yml": "url: https://example.org\nremote_theme: Someone/Cool-Theme@v1.2\n"
                   "plugins: [jekyll-remote-theme]\ntimezone: UTC\n",
    "index.md": "---\nlayout: default\n---\n[{{ site.theme }} / {{ site.remote_setting }}]\n",
}


def make_zip(files: dict[str, bytes], top: str) -> bytes:
    """A zip like GitHub's: every file under one top folder."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(f"{top}/{name}", content)
    return buffer.getvalue()


def make_tgz(files: dict[str, bytes], top: str) -> bytes:
    """The same as a gzipped tarball."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, content in files.items():
            info = tarfile.TarInfo(f"{top}/{name}")
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


class ArchiveServer:
    """Serves archives by URL path on 127.0.0.1 and records the paths asked for."""

    def __init__(self) -> None:
        self.archives: dict[str, bytes] = {}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                server.requests.append(self.path)
                body = server.archives.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        """Shut the server down: later downloads fail to connect."""
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[ArchiveServer]:
    """A running archive server that reblog downloads from."""
    running = ArchiveServer()
    monkeypatch.setenv(remote_theme.BASE_URL_ENV, running.url)
    yield running
    running.stop()


def build_site(src: Path, out: Path) -> Logger:
    """Build with a log that keeps warnings."""
    log = Logger(quiet=True)
    build(BuildOptions(source=src, destination=str(out), cache=False), log)
    return log


def test_build_online_then_offline_from_the_cache(tmp_path: Path, server: ArchiveServer) -> None:
    """The first build downloads and caches the theme; with the server gone, the cache serves."""
    server.archives["/someone/cool-theme/archive/v1.2.zip"] = make_zip(THEME_FILES, "Cool-Theme-1.2")
    src = tmp_path / "src"
    write_files(src, SITE)
    first = build_site(src, tmp_path / "out1")
    page = (tmp_path / "out1" / "index.html").read_text(encoding="utf-8")
    assert page == ('<main class="remote"><p>from the remote theme</p>'
                    "<p>[cool-theme / ]</p>\n</main>\n")
    assert (tmp_path / "out1" / "assets" / "style.css").read_text(encoding="utf-8") \
        == "body { color: #123456; }\n\n/*# sourceMappingURL=style.css.map */"  # Jekyll's map comment
    assert (tmp_path / "out1" / "assets" / "logo.txt").is_file()
    assert (tmp_path / "out1" / "sitemap.xml").is_file()  # the theme's gemspec brings the plugin
    assert server.requests == ["/someone/cool-theme/archive/v1.2.zip"]
    assert not first.warnings
    cached = src / ".jekyll-cache" / "reblog" / "themes" / server.url.split("//")[1].replace(":", "_")
    assert (cached / "someone" / "cool-theme" / "v1.2" / "_layouts" / "default.html").is_file()

    server.stop()
    second = build_site(src, tmp_path / "out2")
    for rel in ("index.html", "assets/style.css", "assets/logo.txt", "sitemap.xml"):
        assert (tmp_path / "out2" / rel).read_bytes() == (tmp_path / "out1" / rel).read_bytes()
    assert not second.warnings


def _fixture_theme_zip() -> bytes:
    """The remote_theme fixture's theme/ folder as GitHub serves it (regenerate.sh makes the same)."""
    root = FIXTURES / "remote_theme" / "theme"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Cool-Theme-1.2/", b"")
        for path in sorted(root.rglob("*")):
            name = "Cool-Theme-1.2/" + path.relative_to(root).as_posix()
            if path.is_dir():
                archive.writestr(name + "/", b"")
            else:
                archive.writestr(name, path.read_bytes())
    return buffer.getvalue()


def test_fixture_from_the_real_plugin_online_then_offline(tmp_path: Path, server: ArchiveServer) -> None:
    """Byte for byte what jekyll-remote-theme 0.4.3 builds (tests/fixtures/plugins/remote_theme):
    the theme's layouts, includes (the site's own footer wins), _data, _sass and assets; site.theme
    is the repository's name; the theme's _config.yml is not merged; its gemspec's jekyll-sitemap
    runs. Then the same from the cache with the server gone."""
    server.archives["/someone/cool-theme/archive/v1.2.zip"] = _fixture_theme_zip()
    root = FIXTURES / "remote_theme" / "expected"
    wanted = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    online = build_fixture("remote_theme", tmp_path)
    server.stop()
    offline = tmp_path / "offline"   # the same source, so the theme comes from its .jekyll-cache/
    assert not build_site(tmp_path / "site", offline).warnings
    for attempt, out in (("online", online), ("offline", offline)):
        made = sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                      if p.is_file() and p.name != ".nojekyll")
        assert made == wanted, attempt
        for rel in wanted:
            assert (out / rel).read_bytes() == (root / rel).read_bytes(), (attempt, rel)
    assert server.requests == ["/someone/cool-theme/archive/v1.2.zip"]


def test_stale_cache_is_used_when_the_refresh_fails(tmp_path: Path, server: ArchiveServer) -> None:
    """A cached branch older than a day is refreshed; offline, the old copy is used, with a warning."""
    server.archives["/someone/cool-theme/archive/master.zip"] = make_zip(THEME_FILES, "x-master")
    src = tmp_path / "src"
    write_files(src, {**SITE, "_config.yml": SITE["_config.yml"].replace("@v1.2", "")})
    build_site(src, tmp_path / "out1")
    assert server.requests == ["/someone/cool-theme/archive/master.zip"]  # the default ref
    [marker] = (src / ".jekyll-cache").rglob(".reblog-theme.json")
    marker.write_text(json.dumps({"fetched": 0}), encoding="utf-8")
    server.stop()
    log = build_site(src, tmp_path / "out2")
    assert "using the cached copy" in log.warnings[0]
    assert "from the remote theme" in (tmp_path / "out2" / "index.html").read_text("utf-8")


def test_offline_without_cache_is_one_clear_error(tmp_path: Path, server: ArchiveServer) -> None:
    """No server and nothing cached: one line naming the theme, the URL and what to do."""
    server.stop()
    src = tmp_path / "src"
    write_files(src, SITE)
    with pytest.raises(ReblogError) as caught:
        build_site(src, tmp_path / "out")
    message = str(caught.value)
    assert "\n" not in message
    assert "someone/cool-theme@v1.2" in message and "/archive/v1.2.zip" in message
    assert "no copy is cached" in message
    assert not (tmp_path / "out").exists()


def test_tarball_is_accepted(tmp_path: Path, server: ArchiveServer) -> None:
    """A gzipped tarball served for the archive unpacks the same way."""
    server.archives["/someone/cool-theme/archive/v1.2.zip"] = make_tgz(THEME_FILES, "top")
    src = tmp_path / "src"
    write_files(src, SITE)
    build_site(src, tmp_path / "out")
    assert "from the remote theme" in (tmp_path / "out" / "index.html").read_text("utf-8")


def test_unsafe_members_are_never_written(tmp_path: Path, server: ArchiveServer) -> None:
    """``..`` paths, absolute paths and symlinks in the archive write nothing outside the cache."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in THEME_FILES.items():
            archive.writestr(f"top/{name}", content)
        archive.writestr("top/../../../../escaped.txt", b"no")
        archive.writestr("/abs/escaped.txt", b"no")
        link = zipfile.ZipInfo("top/_includes/link.html")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    server.archives["/someone/cool-theme/archive/v1.2.zip"] = buffer.getvalue()
    src = tmp_path / "src"
    write_files(src, SITE)
    build_site(src, tmp_path / "out")
    written = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")}
    assert not [p for p in written if "escaped" in p]
    assert not [p for p in (src / ".jekyll-cache").rglob("*") if p.is_symlink()]
    assert not [p for p in written if p.endswith("link.html")]


def test_file_count_limit(tmp_path: Path, server: ArchiveServer,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    """An archive over the file-count limit stops the build and leaves no half-unpacked theme."""
    monkeypatch.setattr(remote_theme, "MAX_FILES", 3)
    server.archives["/someone/cool-theme/archive/v1.2.zip"] = make_zip(THEME_FILES, "top")
    src = tmp_path / "src"
    write_files(src, SITE)
    with pytest.raises(ReblogError, match="more than 3 files"):
        build_site(src, tmp_path / "out")
    assert not [p for p in (src / ".jekyll-cache" / "reblog").rglob("*") if p.is_file()]


def test_not_an_archive(tmp_path: Path, server: ArchiveServer) -> None:
    """A body that is neither zip nor tar is a clear error."""
    server.archives["/someone/cool-theme/archive/v1.2.zip"] = b"<html>not found</html>"
    src = tmp_path / "src"
    write_files(src, SITE)
    with pytest.raises(ReblogError, match="is not a zip or tar archive"):
        build_site(src, tmp_path / "out")


def test_plugin_must_be_listed(tmp_path: Path, server: ArchiveServer) -> None:
    """Without jekyll-remote-theme in plugins, remote_theme is a warning and nothing is fetched."""
    src = tmp_path / "src"
    write_files(src, {**SITE, "_config.yml": "remote_theme: someone/cool-theme\n",
                      "index.md": "---\n---\nplain\n"})
    log = build_site(src, tmp_path / "out")
    assert server.requests == []
    assert any("jekyll-remote-theme is not in plugins" in w for w in log.warnings)


@pytest.mark.parametrize("raw", ["not a theme", "someone/theme@../x", "ftp://github.com/a/b",
                                 "https://evil.example/a/b"])
def test_invalid_values_warn(raw: str, tmp_path: Path, server: ArchiveServer) -> None:
    """Values jekyll-remote-theme rejects are a warning; nothing is downloaded."""
    src = tmp_path / "src"
    write_files(src, {"_config.yml": f"remote_theme: {raw}\nplugins: [jekyll-remote-theme]\n",
                      "index.md": "---\n---\nplain\n"})
    log = build_site(src, tmp_path / "out")
    assert server.requests == []
    assert any("is not a valid remote theme" in w for w in log.warnings)


def test_pages_theme_comes_from_its_repository(tmp_path: Path, server: ArchiveServer) -> None:
    """GitHub Pages mode: a supported theme that is not installed is Pages' pinned version of its
    repository, used as a gem theme (its _config.yml merged under the site's)."""
    files = {**THEME_FILES, "_config.yml": b"remote_setting: merged for a Pages gem theme\n"}
    server.archives["/pages-themes/cayman/archive/v0.2.0.zip"] = make_zip(files, "cayman-0.2.0")
    src = tmp_path / "src"
    write_files(src, {"_config.yml": "github_pages: true\ntheme: jekyll-theme-cayman\n",
                      "index.md": "---\nlayout: default\n---\n[{{ site.remote_setting }}]\n"})
    build_site(src, tmp_path / "out")
    assert server.requests == ["/pages-themes/cayman/archive/v0.2.0.zip"]
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "[merged for a Pages gem theme]" in page


def test_pages_default_theme_is_not_downloaded(tmp_path: Path, server: ArchiveServer) -> None:
    """The primer theme Pages sets by default is used only when installed or cached."""
    src = tmp_path / "src"
    write_files(src, {"_config.yml": "github_pages: true\n", "index.md": "---\n---\nplain\n"})
    build_site(src, tmp_path / "out")
    assert server.requests == []
    assert os.path.isfile(tmp_path / "out" / "index.html")
