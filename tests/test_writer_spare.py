"""The spare: the site a whole-site write replaced is kept beside the destination and recycled.

The next whole-site write starts from it (its folders and its rendered files keep their inodes:
ext4 without a journal makes new inodes slowly right after many were deleted), yet the site
written is always exactly the output, with a fresh site's modes; nothing is ever written
through a link (a source file or the live site's file hard-linked into the spare stays as it
was); an odd spare is not used; a kill at any step leaves the old or new site; ``git status``
shows nothing of it, and ``reblog clean`` removes it.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Mapping
from pathlib import Path

import pytest

from reblog.cli import main
from reblog.writer import Output, begin_write, recover, write_output
from sitefiles import write_files


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()}


def inodes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.lstat().st_ino for p in root.rglob("*")}


def spare_of(dest: Path) -> Path:
    return dest.parent / f".{dest.name}.reblog-spare"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def modes(root: Path) -> set[tuple[str, int]]:
    found = {("dir", stat.S_IMODE(root.stat().st_mode))}
    for path in root.rglob("*"):
        found.add(("dir" if path.is_dir() else "file", stat.S_IMODE(path.lstat().st_mode)))
    return found


def _site(n: int, static: Path, pages: int = 40) -> Output:
    """A site of pages in nested folders and a static file; ``n`` changes the pages' bytes."""
    files: dict[str, str | bytes] = {f"p/{k}/index.html": f"page {k} of site {n}" * (1 + n % 3)
                                     for k in range(pages)}
    files["index.html"] = f"home {n}"
    files[f"only-in-{n}/index.html"] = "one site's own page"
    return Output(files=files, copies={"assets/s.bin": static})


def _expected(output: Output) -> dict[str, bytes]:
    found = {rel: text.encode() if isinstance(text, str) else text for rel, text in output.files.items()}
    found.update({rel: src.read_bytes() for rel, src in output.copies.items()})
    return found


@pytest.fixture
def static(tmp_path: Path) -> Path:
    path = tmp_path / "src/s.bin"
    path.parent.mkdir()
    path.write_bytes(b"\x00static" * 100)
    return path


def test_the_site_before_last_is_recycled_in_place(tmp_path: Path, static: Path) -> None:
    dest = tmp_path / "w/_site"
    write_output(_site(1, static), dest, [])
    first = inodes(dest)
    write_output(_site(2, static), dest, [])
    spare = spare_of(dest)
    assert (spare / ".gitignore").read_text().splitlines()[-1] == "*"
    assert tree(spare) == {**_expected(_site(1, static)), ".gitignore": (spare / ".gitignore").read_bytes()}
    # Someone changed the spare's modes: the new site gets a fresh site's anyway.
    (spare / "p/3").chmod(0o700)
    (spare / "p/3/index.html").chmod(0o600)
    write_output(_site(3, static), dest, [])
    assert tree(dest) == _expected(_site(3, static))
    assert modes(dest) == {("dir", 0o777 & ~_umask()), ("file", 0o666 & ~_umask())}
    now = inodes(dest)
    # The first site's folders and pages are the third's (same inodes), the unchanged static
    # file is one file in all three (linked), the first site's own page is gone.
    kept = [rel for rel in now if rel.startswith(("p/", "assets")) or rel == "index.html"]
    assert len(kept) == 83 and all(now[rel] == first[rel] for rel in kept)
    assert now["assets/s.bin"] == inodes(spare)["assets/s.bin"]
    assert "only-in-1" not in now and "only-in-3/index.html" in now
    assert not (dest / ".gitignore").exists() and sorted(p.name for p in dest.parent.iterdir()) == [
        "._site.reblog-spare", "_site"]


def test_a_recycled_site_keeps_what_a_fresh_one_inherits_and_is_timed_now(tmp_path: Path, static: Path) -> None:
    """In a setgid folder (a shared web root) new folders inherit the bit: recycled ones keep it.
    An empty page written into an empty file still gets this build's time, as a new file would."""
    root = tmp_path / "w"
    root.mkdir()
    root.chmod(0o2777 & ~_umask())
    dest = root / "_site"
    sites = [_site(n, static) for n in (1, 2, 3)]
    for output in sites:
        output.files["empty.html"] = ""
    write_output(sites[0], dest, [])
    fresh = modes(dest)
    assert ("dir", (0o777 & ~_umask()) | stat.S_ISGID) in fresh
    write_output(sites[1], dest, [])
    old = (dest.parent / "._site.reblog-spare/empty.html").stat()
    os.utime(dest.parent / "._site.reblog-spare/empty.html", ns=(old.st_atime_ns, old.st_mtime_ns - 10**11))
    write_output(sites[2], dest, [])
    assert modes(dest) == fresh
    assert (dest / "empty.html").stat().st_mtime_ns >= (dest / "index.html").stat().st_mtime_ns - 10**9


@pytest.mark.parametrize("early", [False, True], ids=["write", "early-stage"])
def test_a_file_linked_into_the_spare_is_never_written(tmp_path: Path, static: Path, early: bool) -> None:
    """A source file hard-linked (or symlinked) into the spare where the new site has a rendered
    page, and the live site's static file (the spare's is the same inode) where the new site
    renders a page: each is replaced by a new file, never written into."""
    dest = tmp_path / "w/_site"
    victim = tmp_path / "src/victim.md"
    victim.write_text("the user's own file\n")
    other = tmp_path / "src/other.md"
    other.write_text("another file of the user's\n")
    write_output(_site(1, static), dest, [])
    write_output(_site(2, static), dest, [])
    spare = spare_of(dest)
    os.unlink(spare / "p/1/index.html")
    os.link(victim, spare / "p/1/index.html")
    os.unlink(spare / "p/2/index.html")
    os.symlink(other, spare / "p/2/index.html")
    os.mkfifo(spare / "p/4/index.html.tmp")
    live = dest / "assets/s.bin"
    assert live.stat().st_ino == (spare / "assets/s.bin").stat().st_ino
    out = _site(3, static)
    out.files["assets/s.bin"] = "a page where the static file was"
    del out.copies["assets/s.bin"]
    stage = None
    if early:
        stage = begin_write(dest, lambda: (sorted(out.files), {}))
        assert stage is not None
    write_output(out, dest, [], early=stage)
    assert tree(dest) == _expected(out)
    assert victim.read_text() == "the user's own file\n" and victim.stat().st_nlink == 1
    assert other.read_text() == "another file of the user's\n"
    # The second site (the spare now) still has its static file's bytes.
    assert (spare / "assets/s.bin").read_bytes() == static.read_bytes()
    assert modes(dest) == {("dir", 0o777 & ~_umask()), ("file", 0o666 & ~_umask())}


@pytest.mark.parametrize("odd", ["symlink", "file", "fifo"])
def test_an_odd_spare_is_not_used(tmp_path: Path, static: Path, odd: str) -> None:
    dest = tmp_path / "w/_site"
    elsewhere = tmp_path / "elsewhere"
    write_files(elsewhere, {"p/1/index.html": "not the writer's", "keep.txt": "mine"})
    write_output(_site(1, static), dest, [])
    spare = spare_of(dest)
    if odd == "symlink":
        os.symlink(elsewhere, spare)
    elif odd == "file":
        spare.write_text("a file")
    else:
        os.mkfifo(spare)
    write_output(_site(2, static), dest, [])
    write_output(_site(3, static), dest, [])
    assert tree(dest) == _expected(_site(3, static))
    assert tree(elsewhere) == {"p/1/index.html": b"not the writer's", "keep.txt": b"mine"}
    assert spare.is_symlink() if odd == "symlink" else not spare.is_dir()
    recover(dest)
    assert sorted(p.name for p in dest.parent.iterdir()) == ["._site.reblog-spare", "_site"]


def _crash_write(dest: Path, output: Output, hook: str) -> int:
    """One write in a forked child that ends itself (like a kill) after N file operations."""
    pid = os.fork()
    if pid == 0:   # pragma: no cover - the child
        try:
            os.environ["REBLOG_TEST_WRITE"] = hook
            write_output(output, dest, ["keep"])
        finally:
            os._exit(0)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


@pytest.mark.parametrize("swap", ["exchange", "no-exchange"])
def test_kill_at_every_step_of_a_recycled_write(tmp_path: Path, static: Path, swap: str) -> None:
    """From a spare holding a link to a source file: killed after each file operation, the
    destination is the old or the new site, the source file is untouched, and the next write
    (from whatever spare is left) makes exactly the new site."""
    dest = tmp_path / "w/_site"
    victim = tmp_path / "src/victim.md"
    victim.write_text("the user's own file\n")
    new_site = _site(3, static, pages=8)

    def start() -> dict[str, bytes]:
        for path in (dest, spare_of(dest)):
            if path.exists():
                shutil.rmtree(path)
        write_output(_site(1, static, pages=8), dest, [])
        write_output(_site(2, static, pages=9), dest, [])
        os.unlink(spare_of(dest) / "p/7/index.html")
        os.link(victim, spare_of(dest) / "p/7/index.html")
        write_files(dest, {"keep/me.txt": "kept"})
        return tree(dest)

    old = start()
    new = {**_expected(new_site), "keep/me.txt": b"kept"}
    flags = "" if swap == "exchange" else ",no-exchange"
    seen = set()
    for n in range(1, 400):
        code = _crash_write(dest, new_site, f"crash-after={n}{flags}")
        recover(dest)
        now = tree(dest)
        assert code in (0, 86) and now in (old, new), n
        assert sorted(p.name for p in dest.parent.iterdir() if p.name != "._site.reblog-spare") == ["_site"], n
        seen.add("new" if now == new else "old")
        assert victim.read_text() == "the user's own file\n", n
        write_output(new_site, dest, ["keep"])
        assert tree(dest) == new, n
        assert modes(dest) == {("dir", 0o777 & ~_umask()), ("file", 0o666 & ~_umask())}, n
        if code == 0:
            break
        old = start()
    else:
        pytest.fail("the write never finished")
    assert seen == {"old", "new"}


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


SITE: Mapping[str, str | bytes] = {
    "_config.yml": "title: Spare\n",
    "_layouts/default.html": "<html>{{ content }}</html>\n",
    "index.md": "---\nlayout: default\n---\nHome\n",
    "about.md": "---\nlayout: default\n---\nAbout\n",
    "assets/style.css": "body {}\n",
    ".gitignore": "_site/\n.jekyll-cache/\n",
}


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_status_shows_nothing_of_the_spare_and_clean_removes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    source = tmp_path / "blog"
    write_files(source, SITE)
    _git(source, "init", "--quiet")
    _git(source, "add", "-A")
    _git(source, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "--quiet", "-m", "Sources")
    site = source / "_site"
    for _ in range(3):
        assert main(["build", "-q", "--no-cache", "-s", str(source), "-d", str(site)]) == 0
    spare = source / "._site.reblog-spare"
    assert spare.is_dir() and (spare / "about.html").is_file()
    assert _git(source, "status", "--porcelain", "--untracked-files=all") == ""
    # The spare is never read as the site's content (the source holds it).
    assert sorted(tree(site)) == [".nojekyll", "about.html", "assets/style.css", "index.html"]
    # Not even when the config includes it by name (Jekyll's ``include:`` lets a dot-name in).
    (source / "_config.yml").write_text("include: [._site.reblog-spare, ._site.reblog-stage]\n", encoding="utf-8")
    assert main(["build", "-q", "--no-cache", "-s", str(source), "-d", str(site)]) == 0
    assert sorted(tree(site)) == [".nojekyll", "about.html", "assets/style.css", "index.html"]
    assert main(["clean", "-q", "-s", str(source), "-d", str(site)]) == 0
    assert not spare.exists() and not site.exists()
