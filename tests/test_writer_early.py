"""The early stage (``writer.begin_write``): a helper fills the stage while the site renders.

What the helper expected and what the render made may differ; the site written is always exactly
the output. A build that fails or is killed at any point, in the helper or in the write, leaves
the old site whole and, once the next command's ``recover`` ran, nothing beside it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path

import pytest

from reblog.cli import main
from reblog.errors import ReblogError
from reblog.writer import Output, begin_write, recover, write_output
from sitefiles import write_files


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()}


def folders(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir())


def beside(dest: Path) -> list[str]:
    """What is beside the destination, but the spare (the site before, kept to be recycled)."""
    return sorted(p.name for p in dest.parent.iterdir() if p.name != f".{dest.name}.reblog-spare")


def _statics(tmp_path: Path) -> dict[str, Path]:
    found = {}
    for name, data in (("a.css", b"body {}"), ("b.png", b"\x89PNG" * 300), ("c.txt", b"")):
        path = tmp_path / "src" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        found[name] = path
    return found


def _old_site(dest: Path, statics: Mapping[str, Path]) -> dict[str, bytes]:
    files = {f"old/{n}/index.html": f"old {n}" for n in range(40)}
    write_output(Output(files=dict(files), copies={f"assets/{k}": v for k, v in statics.items()}), dest, [])
    return tree(dest)


def test_what_the_helper_expected_wrongly_is_put_right(tmp_path: Path) -> None:
    statics = _statics(tmp_path)
    dest = tmp_path / "w/_site"
    _old_site(dest, statics)
    rendered = [f"p/{n}/index.html" for n in range(60)] + ["gone/deep/index.html", "thing/index.html", "both.html"]
    copies = {"assets/a.css": statics["a.css"], "assets/b.png": statics["b.png"], "moved.txt": statics["c.txt"],
              "both.html": statics["a.css"], "vanished/x.css": statics["a.css"]}
    early = begin_write(dest, lambda: (rendered, copies))
    assert early is not None
    # The render made: no gone/, no vanished/, a file where the folder thing/ was expected,
    # a page where a static file was expected, a static file from another source, a new page
    # (a plugin's), and a page where the helper linked the old site's file.
    files: dict[str, str | bytes] = {f"p/{n}/index.html": f"page {n}" for n in range(60)}
    files.update({"thing": "now a file", "both.html": "rendered", "feed.xml": "<feed/>",
                  "assets/a.css": "rendered over a static file"})
    out = Output(files=files, copies={"assets/b.png": statics["b.png"], "moved.txt": statics["a.css"],
                                      "new/c.txt": statics["c.txt"]})
    result = write_output(out, dest, [], early=early)
    expected = {rel: text.encode() if isinstance(text, str) else text for rel, text in files.items()}
    expected.update({"assets/b.png": statics["b.png"].read_bytes(), "moved.txt": b"body {}", "new/c.txt": b""})
    assert tree(dest) == expected
    assert folders(dest) == ["assets", "new", "p", *sorted(f"p/{n}" for n in range(60))]
    assert beside(dest) == ["_site"] or beside(dest) == ["._site.reblog-stage", "_site"]
    recover(dest)
    assert beside(dest) == ["_site"]
    # The old site's files were never written through: a linked one is still the old bytes.
    assert (tmp_path / "src/a.css").read_bytes() == b"body {}"
    assert sorted(result.entries) == sorted(expected)
    for rel, (_sig, size, mtime) in result.entries.items():
        info = (dest / rel).stat()
        assert (info.st_size, info.st_mtime_ns) == (size, mtime), rel
    assert {stat.S_IMODE((dest / rel).stat().st_mode) for rel in expected} == {0o666 & ~_umask()}


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_failed_build_leaves_the_old_site_and_no_stage(tmp_path: Path) -> None:
    statics = _statics(tmp_path)
    dest = tmp_path / "w/_site"
    old = _old_site(dest, statics)
    early = begin_write(dest, lambda: ([f"p/{n}.html" for n in range(100)], {"assets/b.png": statics["b.png"]}))
    assert early is not None
    with pytest.raises(ReblogError, match="outside the destination"):
        write_output(Output(files={"../escape.html": "x"}), dest, [], early=early)
    early.abandon()   # as the build does once it failed
    assert tree(dest) == old and beside(dest) == ["_site"]
    assert not (tmp_path / "w/escape.html").exists()


def test_a_write_in_between_makes_the_stage_not_ours(tmp_path: Path) -> None:
    """Another write to the destination after the helper ended: this write starts afresh."""
    statics = _statics(tmp_path)
    dest = tmp_path / "w/_site"
    _old_site(dest, statics)
    early = begin_write(dest, lambda: (["a/index.html", "b/index.html"], {"s/a.css": statics["a.css"]}))
    assert early is not None
    while not (tmp_path / "w/._site.reblog-stage/s/a.css").exists():
        pass
    write_output(Output(files={"other/index.html": "another build"}), dest, [])   # waits for the helper
    write_output(Output(files={"a/index.html": "mine"}), dest, [], early=early)
    assert tree(dest) == {"a/index.html": b"mine"}
    recover(dest)
    assert beside(dest) == ["_site"]


def _crash_build(dest: Path, statics: Mapping[str, Path], hook: str) -> int:
    """An early stage and its write in a forked child, ended (as a kill) after N file operations
    of the helper (which then kills the child and goes on) or of the write."""
    pid = os.fork()
    if pid == 0:   # pragma: no cover - the child
        try:
            os.environ["REBLOG_TEST_WRITE"] = hook
            rendered = [f"p/{n}/index.html" for n in range(50)] + ["x/y.html"]
            early = begin_write(dest, lambda: (rendered, {"assets/b.png": statics["b.png"], "z.css": statics["a.css"]}))
            files = {f"p/{n}/index.html": f"new {n}" for n in range(50)}
            write_output(Output(files=dict(files), copies={"assets/b.png": statics["b.png"]}), dest, [], early=early)
        finally:
            os._exit(0)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def test_kill_at_every_step_of_an_early_write_leaves_old_or_new_site(tmp_path: Path) -> None:
    statics = _statics(tmp_path)
    dest = tmp_path / "w/_site"
    old = _old_site(dest, statics)
    new = {**{f"p/{n}/index.html": f"new {n}".encode() for n in range(50)}, "assets/b.png": statics["b.png"].read_bytes()}
    seen = set()
    for n in range(1, 300, 3):
        code = _crash_build(dest, statics, f"crash-after={n}")
        recover(dest)   # waits for a helper still at work: it holds the lock
        now = tree(dest)
        assert code in (0, 86, -9) and now in (old, new), n
        assert beside(dest) == ["_site"], n
        seen.add("new" if now == new else "old")
        if code == 0:
            break
        if now == new:
            _old_site(dest, statics)
    assert seen == {"old", "new"}


SITE: dict[str, str | bytes] = {
    "_config.yml": "title: Early\n",
    "_layouts/default.html": "<html>{{ content }}</html>\n",
    "index.md": "---\nlayout: default\n---\nHome\n",
    "assets/style.css": "body {}\n",
    "_posts/2024-01-01-one.md": "---\nlayout: default\n---\nOne\n",
}


def test_a_build_that_fails_in_the_render_leaves_no_stage(tmp_path: Path) -> None:
    write_files(tmp_path / "src", SITE)
    out = tmp_path / "w/out"
    assert main(["build", "-q", "-s", str(tmp_path / "src"), "-d", str(out)]) == 0
    old = tree(out)
    assert set(old) == {".nojekyll", "index.html", "assets/style.css", "2024/01/01/one.html"}
    (tmp_path / "src/about.md").write_text("---\n---\n{% if %}\n")
    assert main(["build", "-q", "--no-cache", "-s", str(tmp_path / "src"), "-d", str(out)]) == 1
    assert tree(out) == old and beside(out) == ["out"]
