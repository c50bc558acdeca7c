"""Hostile input is bounded: each test is named after the attack it stops.

Read top to bottom: YAML alias bombs, runaway Liquid, deep nesting, symlinks and ``*_dir``
settings that reach outside the source, the ``reblog serve`` socket, quadratic URL helpers,
and config values of the wrong type. Every refusal is one ``file:line: message`` (a
ReblogError), never a hang, a traceback or a file read from outside the source.

Where a limit mirrors Jekyll's, the comment says how it was checked against Jekyll 4.3.1.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reblog.errors import ReblogError
from reblog.yamlio import load_yaml

from sitefiles import write_files

CONFIG = "timezone: UTC\n"


def run_reblog(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m reblog`` as a user runs it; the timeout turns a hang into a failure."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.run(
        [sys.executable, "-m", "reblog", *args], cwd=cwd, capture_output=True, text=True,
        timeout=120, env=env,
    )


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    """The classic alias bomb: each anchor is a list of ``width`` aliases of the previous one."""
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        aliases = ", ".join([f"*l{level - 1}"] * width)
        lines.append(f"l{level}: &l{level} [{aliases}]")
    return "\n".join(lines) + "\n"


def assert_one_line_error(result: subprocess.CompletedProcess[str], where: str) -> None:
    """The build stopped with exit 1 and one line naming ``where`` (file, or file:line)."""
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert where in lines[0], lines[0]


# == 1. YAML alias bombs =========================================================================
# The bomb's graph is tiny (libyaml parses it at once) but it stands for 9**9 values; every
# later walk over the data would see them all. reblog refuses it before constructing anything.

def test_billion_laughs_in_front_matter_stops_at_its_line(tmp_path: Path) -> None:
    post = "---\ntitle: lol\n" + billion_laughs() + "---\nbody\n"
    write_files(tmp_path, {"_config.yml": CONFIG, "_posts/2024-01-02-lol.md": post})
    result = run_reblog("build", "-q", cwd=tmp_path)
    # l6 (9**7 values) is the first anchor past the limit: file line 3 + 6.
    assert_one_line_error(result, "_posts/2024-01-02-lol.md:9: YAML aliases expand")


def test_billion_laughs_in_a_data_file_nothing_reads_stops_at_its_line(tmp_path: Path) -> None:
    write_files(tmp_path, {"_config.yml": CONFIG, "_data/lol.yml": billion_laughs()})
    result = run_reblog("build", "-q", cwd=tmp_path)
    assert_one_line_error(result, "_data/lol.yml:7: YAML aliases expand")


def test_billion_laughs_in_config_stops_before_memory_runs_out(tmp_path: Path) -> None:
    write_files(tmp_path, {"_config.yml": CONFIG + billion_laughs()})
    result = run_reblog("build", "-q", cwd=tmp_path)
    assert_one_line_error(result, "_config.yml:8: YAML aliases expand")


def test_alias_of_its_own_container_is_refused_not_walked_forever() -> None:
    with pytest.raises(ReblogError) as info:
        load_yaml("ok: 1\nloop: &a [1, *a]\n", "_data/loop.yml")
    assert str(info.value) == (
        "_data/loop.yml:2: a YAML alias refers to a collection that contains it"
    )


def test_ordinary_anchors_aliases_and_merge_keys_still_load() -> None:
    # Jekyll sites reuse front matter defaults this way; the values are YAML's own semantics.
    text = (
        "base: &base {layout: post, tags: [a, b]}\n"
        "first:\n  <<: *base\n  title: One\n"
        "list: [*base, *base]\n"
    )
    assert load_yaml(text, "_config.yml") == {
        "base": {"layout": "post", "tags": ["a", "b"]},
        "first": {"layout": "post", "tags": ["a", "b"], "title": "One"},
        "list": [{"layout": "post", "tags": ["a", "b"]}] * 2,
    }


def test_many_aliases_below_the_limit_are_allowed() -> None:
    # 9**5 = 59,049 values: large but legitimate, so still loaded.
    data = load_yaml(billion_laughs(levels=5), "_data/big.yml")
    assert len(data["l4"]) == 9 and data["l4"][8][8][8][8] == ["lol"] * 9


# == 2. Runaway Liquid ===========================================================================

POST = "_posts/2024-01-02-a.md"
FRONT = "---\ntitle: A\n---\n"  # the body starts on line 4


def _build_error(build_site, files: dict[str, str]) -> ReblogError:
    with pytest.raises(ReblogError) as info:
        build_site({"_config.yml": CONFIG, **files})
    return info.value


def test_runaway_for_loop_stops_at_its_line(build_site) -> None:
    body = "intro\n{% for i in (1..1000000000) %}{{ i }}{% endfor %}\n"
    err = _build_error(build_site, {POST: FRONT + body})
    assert (err.file, err.line) == (POST, 5)
    assert "too many loop iterations" in err.message


def test_nested_loops_multiply_toward_the_iteration_limit(build_site) -> None:
    body = "{% for a in (1..10000) %}{% for b in (1..10000) %}x{% endfor %}{% endfor %}\n"
    err = _build_error(build_site, {POST: FRONT + body})
    assert (err.file, err.line, "too many loop iterations" in err.message) == (POST, 4, True)


def test_loop_limit_is_configurable(build_site) -> None:
    files = {"_config.yml": CONFIG + "liquid: {max_loop_iterations: 50}\n",
             POST: FRONT + "{% for i in (1..51) %}{{ i }}{% endfor %}\n"}
    with pytest.raises(ReblogError, match="too many loop iterations"):
        build_site(files)
    files[POST] = FRONT + "{% for i in (1..50) %}{{ i }}{% endfor %}\n"
    _, out = build_site(files)
    assert "4950" in (out / "2024/01/02/a.html").read_text()


def test_output_flood_stops_at_the_output_limit(build_site) -> None:
    files = {"_config.yml": CONFIG + "liquid: {max_output_bytes: 100000}\n",
             POST: FRONT + "{% for i in (1..20000) %}0123456789{% endfor %}\n"}
    with pytest.raises(ReblogError) as info:
        build_site(files)
    assert (info.value.file, info.value.line) == (POST, 4)
    assert "output too large" in info.value.message


def _nested_includes(depth: int) -> dict[str, str]:
    """A page including i0, which includes i1, ... down to ``depth`` nested include tags."""
    files = {f"_includes/i{n}.html": f"{n} {{% include i{n + 1}.html %}}" for n in range(depth - 1)}
    files[f"_includes/i{depth - 1}.html"] = "end"
    files["index.html"] = "---\n---\n{% include i0.html %}\n"
    return files


def test_99_nested_distinct_includes_render_as_in_jekyll(build_site) -> None:
    # Jekyll 4.3.1 (Ruby Liquid 5.4) renders 99 nested include tags and fails the 100th with
    # "Nesting too deep" (Context stops at Liquid::Block::MAX_DEPTH = 100 scopes); checked
    # with `jekyll build` on this same site shape.
    _, out = build_site(_nested_includes(99))
    text = (out / "index.html").read_text()
    assert text == " ".join(str(n) for n in range(98)) + " end\n"


def test_100_nested_includes_stop_with_nesting_too_deep(build_site) -> None:
    err = _build_error(build_site, _nested_includes(100))
    assert "Nesting too deep" in err.message and err.file is not None


def test_include_recursing_over_data_may_go_as_deep_as_jekyll_allows(build_site) -> None:
    # A file including itself with parameters (a tree walk) is bounded by depth, not refused.
    files = {
        "_includes/count.html": "{{ include.n }}{% if include.n < 60 %}"
                                "{% assign next = include.n | plus: 1 %}"
                                "{% include count.html n=next %}{% endif %}",
        "index.html": "---\n---\n{% include count.html n=1 %}\n",
    }
    _, out = build_site(files)
    assert (out / "index.html").read_text() == "".join(str(n) for n in range(1, 61)) + "\n"


def test_500_deep_nested_html_in_markdown_renders_like_kramdown(build_site) -> None:
    # kramdown writes this raw HTML back as it is; reblog's HTML reader is not recursive.
    body = "<div>" * 500 + "x" + "</div>" * 500 + "\n"
    _, out = build_site({"_config.yml": CONFIG, POST: FRONT + body})
    assert (out / "2024/01/02/a.html").read_text() == body


# == 3. Confinement to the source (Jekyll's safe mode, always) ===================================
# A checkout may hold symlinks and ``*_dir`` settings that point anywhere on the machine. The
# secret below sits beside the source; no build may publish it, whatever reads it.

SECRET = "SECRET-4f1c outside the source"


def _confined_build(
    tmp_path: Path, files: dict[str, str], links: dict[str, str] | None = None,
) -> tuple[ReblogError | None, str]:
    """Build a site whose symlinks point into ``outside/``; returns (error, all output text)."""
    from reblog.pipeline import BuildOptions, build
    from reblog.log import Logger

    outside = tmp_path / "outside"
    write_files(outside, {
        "secret.html": SECRET, "_secret.scss": f"/* {SECRET} */", "secret.yml": f"s: {SECRET}",
        "secret.md": f"---\n---\n{SECRET}", "_layouts/default.html": SECRET,
        "dir/secret.html": f"---\n---\n{SECRET}", "dir/doc.md": f"---\n---\n{SECRET}",
        "dir/2024-01-02-post.md": f"---\n---\n{SECRET}", "dir/static.txt": SECRET,
        "dir/data.yml": f"s: {SECRET}", "dir/_x.scss": f"/* {SECRET} */",
    })
    src = tmp_path / "src"
    write_files(src, {"_config.yml": CONFIG, **files})
    for link, target in (links or {}).items():
        (src / link).parent.mkdir(parents=True, exist_ok=True)
        (src / link).symlink_to(outside / target)
    out = tmp_path / "out"
    error = None
    try:
        build(BuildOptions(source=src, destination=str(out)), Logger(quiet=True))
    except ReblogError as err:
        error = err
    written = "".join(
        p.read_text(errors="replace") for p in out.rglob("*") if p.is_file()
    ) if out.exists() else ""
    return error, written


SHOW_ALL = "---\n---\n{{ site.data | jsonify }}{{ site.recipes | size }}{{ site.posts | size }}\n"


@pytest.mark.parametrize(("what", "files", "links"), [
    ("a layout that is a symlink", {"index.html": "---\nlayout: evil\n---\nx"},
     {"_layouts/evil.html": "secret.html"}),
    ("the layouts folder itself", {"index.html": "---\nlayout: default\n---\nx"},
     {"_layouts": "_layouts"}),
    ("a data file that is a symlink", {"index.html": SHOW_ALL}, {"_data/evil.yml": "secret.yml"}),
    ("the data folder itself", {"index.html": SHOW_ALL}, {"_data": "dir"}),
    ("a data subfolder", {"index.html": SHOW_ALL}, {"_data/sub": "dir"}),
    ("a collection folder", {"_config.yml": CONFIG + "collections: {recipes: {output: true}}\n",
                             "index.html": SHOW_ALL}, {"_recipes": "dir"}),
    ("a document in a collection", {"_config.yml": CONFIG + "collections: [recipes]\n",
                                    "_recipes/ok.md": "---\n---\nok", "index.html": SHOW_ALL},
     {"_recipes/evil.md": "secret.md"}),
    ("the posts folder itself", {"index.html": SHOW_ALL}, {"_posts": "dir"}),
    ("a static file", {}, {"evil.txt": "dir/static.txt"}),
    ("a page", {}, {"evil.html": "dir/secret.html"}),
    ("a plain folder", {}, {"sub": "dir"}),
])
def test_symlink_out_of_the_source_is_never_read(tmp_path: Path, what, files, links) -> None:
    error, written = _confined_build(tmp_path, files, links)
    assert SECRET not in written, what
    assert error is None or "Traceback" not in str(error)


def test_symlinked_includes_folder_is_not_searched(tmp_path: Path) -> None:
    error, written = _confined_build(
        tmp_path, {"index.html": "---\n---\n{% include secret.html %}"}, {"_includes": "."}
    )
    assert SECRET not in written
    assert error is not None and "secret.html" in error.message and error.file == "index.html"


def test_symlinked_include_file_is_refused_in_jinja_layouts_too(tmp_path: Path) -> None:
    files = {"_layouts/page.jinja": "{% include 'evil.html' %}{{ content }}",
             "index.html": "---\nlayout: page\n---\nx"}
    error, written = _confined_build(tmp_path, files, {"_includes/evil.html": "secret.html"})
    assert SECRET not in written and error is not None


@pytest.mark.parametrize("links", [{"_sass/_evil.scss": "_secret.scss"}, {"_sass": "dir"}])
def test_sass_import_of_a_symlink_out_of_the_source_is_refused(tmp_path: Path, links) -> None:
    name = "evil" if "_sass/_evil.scss" in links else "x"
    files = {"css/site.scss": f'---\n---\n@import "{name}";\n'}
    error, written = _confined_build(tmp_path, files, links)
    assert SECRET not in written
    assert error is not None and error.file == "css/site.scss"


INCLUDE = {"index.html": "---\n---\n{% include secret.html %}"}
LAYOUT = {"index.html": "---\nlayout: default\n---\nx"}
DATA = {"index.html": SHOW_ALL}
COLLECTION = {"index.html": "---\n---\n{% for d in site.coll %}{{ d.content }}{% endfor %}"}
SASS = {"css/site.scss": '---\n---\n@import "x";\n'}


@pytest.mark.parametrize(("setting", "files"), [
    ("collections_dir: ../outside", COLLECTION),
    ("collections_dir: {outside}", COLLECTION),
    ("includes_dir: ../outside", INCLUDE), ("includes_dir: {outside}", INCLUDE),
    ("layouts_dir: ../outside/_layouts", LAYOUT), ("layouts_dir: {outside}/_layouts", LAYOUT),
    ("data_dir: ../outside/dir", DATA), ("data_dir: {outside}/dir", DATA),
    ("sass: {{sass_dir: ../outside/dir}}", SASS), ("sass: {{sass_dir: {outside}/dir}}", SASS),
    ("sass: {{load_paths: [../outside/dir]}}", SASS),
])
def test_dir_settings_are_confined_to_the_source(tmp_path: Path, setting: str, files) -> None:
    # As Jekyll's in_source_dir: "../x" and "/abs" are re-rooted inside the source, so each
    # of these reads an (absent) folder inside it. An absolute collections_dir does not crash.
    config = CONFIG + "collections: {coll: {output: true}}\n" + \
        setting.format(outside=tmp_path / "outside") + "\n"
    write_files(tmp_path / "outside", {"_coll/doc.md": f"---\n---\n{SECRET}"})
    error, written = _confined_build(tmp_path, {"_config.yml": config, **files})
    assert SECRET not in written
    assert error is None or error.file is not None


def test_absolute_collections_dir_inside_the_source_is_kept(tmp_path: Path) -> None:
    src = tmp_path / "src"
    files = {"_config.yml": CONFIG + f"collections_dir: {src / 'coll'}\n"
                            "collections: {recipes: {output: true}}\n",
             "coll/_recipes/soup.md": "---\n---\nsoup"}
    error, written = _confined_build(tmp_path, files)
    assert error is None and "soup" in written


def test_symlink_loop_is_one_clear_error_not_nested_copies(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write_files(src, {"_config.yml": CONFIG, "a/page.txt": "hi", "index.html": "---\n---\nx"})
    (src / "a/loop").symlink_to("..")
    result = run_reblog("build", "-q", "--no-cache", "-s", "src", "-d", "out", cwd=tmp_path)
    assert_one_line_error(result, "a/loop: symlink loop")
    assert not (tmp_path / "out/a/loop").exists()


# == 4. ``reblog serve`` under load and from other sites =========================================
# Real sockets on 127.0.0.1, a real server thread; every wait is bounded.

@pytest.fixture
def live_server(tmp_path: Path):
    """A dev server on an ephemeral port with live reload, serving a small and a large file."""
    import threading

    from reblog.serve.http import ServerConfig, make_server
    from reblog.serve.livereload import ReloadHub

    write_files(tmp_path / "site", {"index.html": "<html><body>home</body></html>"})
    (tmp_path / "site/big.bin").write_bytes(b"x" * (16 * 1024 * 1024))
    hub = ReloadHub()
    httpd = make_server("127.0.0.1", 0, ServerConfig(tmp_path / "site", "", hub))
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        hub.close()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def _raw_request(port: int, host_header: str, path: str = "/") -> bytes:
    """Send one GET with exactly this Host header; return the status line."""
    import socket

    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {host_header}\r\n\r\n".encode())
        return sock.makefile("rb").readline()


def test_200_simultaneous_page_loads_are_all_answered(live_server) -> None:
    # With socketserver's backlog of 5 some of these time out; the server listens with 128.
    import http.client
    import threading
    from concurrent.futures import ThreadPoolExecutor

    port = live_server.server_address[1]
    start = threading.Barrier(200, timeout=30)

    def fetch(_: int) -> int:
        start.wait()  # all 200 connect at once
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request("GET", "/")
            response = conn.getresponse()
            response.read()
            return response.status
        finally:
            conn.close()

    with ThreadPoolExecutor(max_workers=200) as pool:
        statuses = list(pool.map(fetch, range(200)))
    assert statuses == [200] * 200
    assert live_server.request_queue_size >= 128


@pytest.mark.parametrize("path", ["/", "/__reblog/events"])
def test_dns_rebinding_host_is_refused_also_on_the_event_stream(live_server, path: str) -> None:
    from reblog.serve.livereload import EVENTS_PATH

    path = EVENTS_PATH if path == "/__reblog/events" else path
    port = live_server.server_address[1]
    assert _raw_request(port, f"attacker.example:{port}", path).startswith(b"HTTP/1.1 403")
    assert _raw_request(port, f"localhost.attacker.example:{port}", path).startswith(b"HTTP/1.1 403")
    assert _raw_request(port, f"localhost:{port + 1}", path).startswith(b"HTTP/1.1 403")


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "[::1]:{port}",
                                  "LOCALHOST:{port}"])
def test_local_names_of_the_bound_port_are_answered(live_server, host: str) -> None:
    port = live_server.server_address[1]
    assert _raw_request(port, host.format(port=port)).startswith(b"HTTP/1.1 200")


def test_host_named_by_the_host_flag_is_answered(tmp_path: Path) -> None:
    from reblog.serve.http import ServerConfig, host_allowed, make_server

    (tmp_path / "site").mkdir()
    httpd = make_server("127.0.0.1", 0, ServerConfig(tmp_path / "site"))
    try:
        assert httpd.host_names == frozenset({"127.0.0.1"})
    finally:
        httpd.server_close()
    names = frozenset({"preview.lan"})
    assert host_allowed("preview.lan:4000", 4000, names)
    assert host_allowed("192.168.1.20:4000", 4000, names)  # an address cannot be rebound
    assert not host_allowed("other.lan:4000", 4000, names)
    assert not host_allowed(None, 4000, names)


def test_browser_leaving_mid_response_logs_no_traceback(live_server, capfd) -> None:
    import socket
    import struct
    import threading
    import time

    port = live_server.server_address[1]
    before = threading.active_count()
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(f"GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    assert sock.recv(1024).startswith(b"HTTP/1.1 200")
    # Close with a reset while the server is still writing 16 MB.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()
    for _ in range(200):  # until the request's thread has finished (at most 10 s)
        if threading.active_count() <= before:
            break
        time.sleep(0.05)
    assert threading.active_count() <= before
    err = capfd.readouterr().err
    assert "Traceback" not in err and "BrokenPipe" not in err and "ConnectionReset" not in err
    assert _raw_request(port, f"127.0.0.1:{port}").startswith(b"HTTP/1.1 200")  # still serving


# == 5. Quadratic URL helpers and config values of the wrong type ================================

def test_100k_dot_segment_path_in_relative_url_is_resolved_in_one_pass() -> None:
    # Addressable's literal rewriting loop rescans the whole path once per "x/.." pair
    # (about 15,000 passes over 100k characters here); reblog resolves it in one pass.
    from reblog.templates.filters import urls

    path = "/" + "/".join(f"s{n}/.." for n in range(15000)) + "/post/"
    assert len(path) > 100_000
    assert urls.relative_url(path, "/blog") == "/blog/post/"
    assert urls.absolute_url(path, "", "https://example.com") == \
        "https://example.com/post/"
    climbing = "/.." * 40000 + "/x"
    assert urls.relative_url(climbing, "") == "/x"


def test_linear_dot_segment_removal_matches_addressable_on_every_small_path() -> None:
    # The one-pass result is only used where it equals Addressable's rewriting (the literal
    # port of Addressable::URI.normalize_path, kept for the other cases): checked exhaustively.
    import itertools

    from reblog.templates.filters import urls

    segments = ["a", ".", "..", "", "...", ".a"]
    for count in range(1, 6):
        for parts in itertools.product(segments, repeat=count):
            for path in ("/" + "/".join(parts), "/".join(parts)):
                assert urls._remove_dot_segments(path) == \
                    urls._addressable_remove_dot_segments(path), path


@pytest.mark.parametrize(("config", "expected"), [
    ("title: x\nexclude: 5\n", "_config.yml:2: exclude: expected a list, got the number 5"),
    ("title: x\ndestination: [a, b]\n",
     "_config.yml:2: destination: expected a folder name, got a list"),
    ("include: node_modules\n",
     "_config.yml:1: include: expected a list, got the text 'node_modules'"),
    ("plugins: jekyll-feed\n",
     "_config.yml:1: plugins: expected a list, got the text 'jekyll-feed'"),
    ("collections: posts\n", "_config.yml:1: collections: expected a mapping of collection"),
    ("title: x\nliquid:\n  max_loop_iterations: 0\n",
     "_config.yml:3: liquid.max_loop_iterations: expected a whole number above 0, got the number 0"),
    ("sass:\n  sass_dir: [a]\n", "_config.yml:2: sass.sass_dir: expected a folder name, got a list"),
])
def test_config_value_of_the_wrong_type_names_file_line_and_key(
    tmp_path: Path, config: str, expected: str,
) -> None:
    write_files(tmp_path, {"_config.yml": config, "index.md": "---\n---\nhi\n"})
    result = run_reblog("build", "-q", cwd=tmp_path)
    assert_one_line_error(result, expected)


def test_config_flag_naming_a_folder_is_one_clear_error(tmp_path: Path) -> None:
    write_files(tmp_path, {"conf/_config.yml": "title: x\n", "index.md": "---\n---\nhi\n"})
    result = run_reblog("build", "-q", "--config", "conf", cwd=tmp_path)
    assert_one_line_error(result, "conf: is a folder, not a configuration file")
