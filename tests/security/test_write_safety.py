"""Write safety (issue #11): each attack or accident on the destination, and the test that stops it.

Read top to bottom: 1. nothing is written or deleted outside the destination; 2. the build cache
cannot run code; 3. a kill or a full disk leaves the complete old or new site; 4. modes follow the
umask; 5. a destination inside a folder reblog reads is refused; 6. URL conflicts are reported as
Jekyll reports them; 7. a file that became a folder (and back) rebuilds; 8. ``reblog deploy``
neither trips over its cache nor moves a checked-out branch.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reblog.pipeline import BuildOptions
from reblog.cli import main
from reblog.cache import BUILD, MARKDOWN, DiskCaches, decode_data, encode_data
from reblog.errors import ReblogError
from reblog.log import Logger
from reblog.serve.app import SiteRebuilder
from reblog.writer import Output, dest_path, recover, write_output
from sitefiles import write_files

HERE = Path(__file__).resolve().parent

SITE: dict[str, str | bytes] = {
    "_config.yml": "title: Safe\ntimezone: UTC\ntime: 2024-06-01\n",
    "_layouts/default.html": "<html><body>{{ content }}</body></html>\n",
    "index.md": "---\nlayout: default\n---\n{% for p in site.posts %}{{ p.title }} {% endfor %}\n",
    "about.md": "---\nlayout: default\ntitle: About\n---\nAbout us.\n",
    "_posts/2024-01-01-one.md": "---\nlayout: default\ntitle: One\n---\nFirst.\n",
    "_posts/2024-02-01-two.md": "---\nlayout: default\ntitle: Two\n---\nSecond.\n",
    "assets/style.css": "body { color: black; }\n",
    "assets/deep/er/file.txt": "deep\n",
}


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root by relative path (symlinks and folders are not files)."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()}


def beside(dest: Path) -> list[str]:
    """What is next to the destination in its parent folder (the writer's leftovers would be),
    but the spare: the site before, which the writer keeps to recycle (tests/test_writer_spare.py)."""
    return sorted(p.name for p in dest.parent.iterdir() if p.name != f".{dest.name}.reblog-spare")


def reblog(*args: str | Path) -> int:
    """``reblog ARGS`` in this process, as the command line runs it."""
    return main([str(a) for a in args])


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """SITE written to tmp_path/src; builds go to tmp_path/w/out, the victim is tmp_path/victim."""
    write_files(tmp_path / "src", SITE)
    (tmp_path / "w").mkdir()
    victim = tmp_path / "victim"
    (victim / "empty").mkdir(parents=True)
    (victim / "app.conf").write_text("original\n")
    return tmp_path / "src"


def outside(tmp_path: Path) -> dict[str, bytes]:
    """Everything outside the source and destination, to show nothing there changed."""
    return {k: v for k, v in tree(tmp_path).items() if not k.startswith(("src/", "w/"))}


# -- 1. Nothing is written or deleted outside the destination ------------------------------------
# Every path goes through writer.dest_path after URL decoding: these spellings of ".." (and a
# NUL) would, before the fix, write tmp_path/victim/app.conf from a destination at tmp_path/w/out.
ATTACKS = [
    "/%2e%2e/%2e%2e/victim/app.conf",
    "/.%2e/.%2e/victim/app.conf",
    "/%2E%2E%2F%2E%2E%2Fvictim/app.conf",
    "/%2e%2e%5c%2e%2e%5cvictim/app.conf",
    "/victim%00.html",
]


@pytest.mark.parametrize("cache", [True, False], ids=["cached", "no-cache"])
@pytest.mark.parametrize("permalink", ATTACKS)
def test_encoded_dotdot_permalink_cannot_write_outside(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], permalink: str, cache: bool,
) -> None:
    out = tmp_path / "w/out"
    flags = [] if cache else ["--no-cache"]
    assert reblog("build", "-q", "-s", site, "-d", out, *flags) == 0
    before, around = tree(out), outside(tmp_path)
    (site / "about.md").write_text(f"---\nlayout: default\npermalink: {permalink}\ntitle: About\n---\nx\n")
    assert reblog("build", "-q", "-s", site, "-d", out, *flags) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("Error: about.md:3: permalink ")
    assert "outside the destination" in err[0]
    assert outside(tmp_path) == around and tree(out) == before
    assert beside(out) == ["out"]


@pytest.mark.parametrize("cache", [True, False], ids=["cached", "no-cache"])
def test_encoded_dotdot_redirect_from_cannot_write_outside(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], cache: bool,
) -> None:
    out = tmp_path / "w/out"
    (site / "_config.yml").write_text(SITE["_config.yml"] + "plugins: [jekyll-redirect-from]\n")  # type: ignore[operator]
    flags = [] if cache else ["--no-cache"]
    assert reblog("build", "-q", "-s", site, "-d", out, *flags) == 0
    around = outside(tmp_path)
    (site / "about.md").write_text(
        "---\nlayout: default\nredirect_from:\n  - /old-about/\n  - /%2e%2e/%2e%2e/victim/app.conf\n---\nx\n")
    assert reblog("build", "-q", "-s", site, "-d", out, *flags) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("Error: about.md:5: redirect_from '/%2e%2e/%2e%2e/victim/app.conf'"), err
    assert outside(tmp_path) == around


def test_serve_refuses_traversal_and_deleting_the_page_removes_nothing_outside(
    site: Path, tmp_path: Path,
) -> None:
    out = tmp_path / "w/out"
    rebuild = SiteRebuilder(BuildOptions(source=site, destination=str(out)), Logger(quiet=True))
    rebuild(None)
    around = outside(tmp_path)
    page = site / "evil.md"
    page.write_text("---\npermalink: /%2e%2e/%2e%2e/victim/app.conf\n---\nowned\n")
    with pytest.raises(ReblogError) as caught:
        rebuild({page})
    assert (caught.value.file, caught.value.line) == ("evil.md", 2)
    page.unlink()   # before the fix this deleted victim/app.conf and pruned victim/empty/
    report = rebuild({page})
    assert report.deleted == [] and outside(tmp_path) == around
    assert (tmp_path / "victim/empty").is_dir()


def test_crafted_cache_entries_cannot_delete_outside(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "w/out"
    assert reblog("build", "-q", "-s", site, "-d", out) == 0
    manifest_file = build_file(site, "manifest")
    manifest = decode_data(manifest_file.read_bytes())
    manifest["dest"]["names"].append("../../victim/app.conf")
    manifest["dest"]["signatures"].append("h:x")
    manifest["dest"]["numbers"] += [9, 0]
    manifest_file.write_bytes(encode_data(manifest))
    (site / "about.md").write_text("---\nlayout: default\n---\nchanged\n")
    around = outside(tmp_path)
    assert reblog("build", "-q", "-s", site, "-d", out) == 0
    assert outside(tmp_path) == around


@pytest.mark.parametrize("rel", ["/etc/owned", "../owned", "a/../../owned", "a\\..\\..\\owned",
                                 "a/\x00b", "", "./"])
def test_plugin_output_paths_outside_the_destination_are_refused(tmp_path: Path, rel: str) -> None:
    out = tmp_path / "w/out"
    with pytest.raises(ReblogError, match="outside the destination"):
        dest_path(out, rel)
    with pytest.raises(ReblogError, match="outside the destination"):
        write_output(Output(files={"index.html": "ok", rel: "owned"}), out, [])
    assert not out.exists() and not list(tmp_path.rglob("owned"))


def build_file(site: Path, name: str) -> Path:
    """The file of one part of the build cache in the site's .jekyll-cache/ (Jekyll::Cache's layout)."""
    caches = DiskCaches(site / ".jekyll-cache")
    path = caches.named(MARKDOWN).path_to("memo") if name == "markdown" else caches.named(BUILD).path_to(name)
    assert path is not None
    return path


# -- 2. The build cache cannot run code ------------------------------------------------------------
class _Payload:
    """Unpickling this creates a marker folder: proof that the pickle was executed."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.mkdir, (str(self.marker),)


def test_crafted_pickle_cache_runs_nothing(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "w/out"
    assert reblog("build", "-q", "-s", site, "-d", out) == 0
    marker = tmp_path / "pwned"
    for name in ("manifest", "snapshot", "markdown"):
        build_file(site, name).write_bytes(pickle.dumps({"key": "x", "payload": _Payload(marker)}))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.run([sys.executable, "-m", "reblog", "build", "-s", str(site), "-d", str(out)],
                          capture_output=True, text=True, env=env, check=False)
    assert proc.returncode == 0, proc.stderr
    assert not marker.exists()
    notes = [line for line in proc.stderr.splitlines() if "build cache" in line]
    assert notes == ["Note: ignoring the build cache in .jekyll-cache/ "
                     "(its manifest is damaged); it will be rebuilt"]
    assert build_file(site, "manifest").read_bytes().startswith(b"reblog cache\n")


def test_cache_files_are_versioned_json_data(site: Path, tmp_path: Path) -> None:
    """Each file is a JSON text plus its long strings as raw UTF-8 (reblog.cache.encode_data)."""
    assert reblog("build", "-q", "-s", site, "-d", tmp_path / "w/out") == 0
    files = sorted(p for p in (site / ".jekyll-cache/Jekyll/Cache").rglob("*") if p.is_file())
    assert sorted(f.relative_to(site / ".jekyll-cache/Jekyll/Cache").parts[0] for f in files) == [
        "Jekyll--Cache", "Reblog--Build", "Reblog--Build", "Reblog--Build", "Reblog--Markdown"]
    parts = ("manifest", "snapshot", "markdown", "times")
    assert set(files) == {build_file(site, name) for name in parts} | {
        DiskCaches(site / ".jekyll-cache").named("Jekyll::Cache").path_to("config")}
    for path in files[1:]:   # (the first is Jekyll::Cache's config record, a Ruby Marshal string)
        magic, size, rest = path.read_bytes().split(b"\n", 2)
        assert magic == b"reblog cache"
        data = json.loads(rest[:int(size)])   # the JSON text alone parses
        assert isinstance(data["format"], int) and isinstance(data["key"], str)


@pytest.mark.parametrize("damage", ["garbage", "other-format", "wrong-layout", "truncated"])
def test_corrupt_or_foreign_cache_is_ignored_with_one_note(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: str,
) -> None:
    out = tmp_path / "w/out"
    assert reblog("build", "-q", "-s", site, "-d", out, "--no-cache") == 0
    fresh = tree(out)
    assert reblog("build", "-s", site, "-d", out) == 0
    manifest = build_file(site, "manifest")
    data = decode_data(manifest.read_bytes())
    if damage == "garbage":
        manifest.write_bytes(b"\x80\x04\x95garbage")
    elif damage == "other-format":
        manifest.write_bytes(encode_data({**data, "format": 999}))
    elif damage == "wrong-layout":
        data["dest"]["numbers"][0] = "not a number"
        manifest.write_bytes(encode_data(data))
    else:
        manifest.write_bytes(manifest.read_bytes()[:100])
    (out / "index.html").write_text("stale")   # a trusted cache would leave this
    capsys.readouterr()
    assert reblog("build", "-s", site, "-d", out) == 0
    notes = [line for line in capsys.readouterr().err.splitlines() if "build cache" in line]
    assert len(notes) == 1 and notes[0].startswith("Note: ignoring the build cache")
    assert tree(out) == fresh


def test_a_cache_naming_files_outside_the_destination_is_ignored(site: Path, tmp_path: Path) -> None:
    """The record's times name the files a build with only site.time changed rewrites: never outside."""
    out = tmp_path / "w/out"
    assert reblog("build", "-q", "-s", site, "-d", out) == 0
    fresh = tree(out)
    path = build_file(site, "times")
    data = decode_data(path.read_bytes())
    key = 'site.time?["filter","date",["%S"],"00"]'
    data["times"]["outputs"]["../escape.html"] = [[key], [[0, 2, key, False]]]
    path.write_bytes(encode_data(data))
    assert reblog("build", "-q", "-s", site, "-d", out) == 0
    assert tree(out) == fresh and not (tmp_path / "w/escape.html").exists()


# -- 3. A kill or a full disk leaves the complete old or new site ---------------------------------
OLD = {"index.html": "old home", "a/index.html": "old a", "gone/index.html": "gone",
       "thing": "a file that becomes a folder", "keep/me.txt": "kept"}
NEW = {"index.html": "new home", "a/index.html": "old a", "b/c/index.html": "new b",
       "thing/index.html": "now a folder"}


def _output(files: dict[str, str], static: Path) -> Output:
    return Output(files=dict(files), copies={"static.bin": static})


def _crash_write(out: Path, output: Output, previous: object, hook: str) -> int:
    """Run one write in a forked child that ends itself (like a kill) after N file operations."""
    pid = os.fork()
    if pid == 0:   # pragma: no cover - the child
        try:
            os.environ["REBLOG_TEST_WRITE"] = hook
            write_output(output, out, ["keep"], previous)  # type: ignore[arg-type]
        finally:
            os._exit(0)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


@pytest.mark.parametrize("swap", ["exchange", "no-exchange"])
@pytest.mark.parametrize("kind", ["full", "incremental"])
def test_kill_at_every_step_of_the_write_leaves_old_or_new_site(tmp_path: Path, swap: str, kind: str) -> None:
    static = tmp_path / "static.bin"
    static.write_bytes(b"\0" * 5000)
    out = tmp_path / "w/out"
    first = write_output(_output({k: v for k, v in OLD.items() if k != "keep/me.txt"}, static), out, [])
    (out / "keep").mkdir()
    (out / "keep/me.txt").write_text("kept")
    old = tree(out)
    saved = tmp_path / "saved"
    shutil.copytree(out, saved, copy_function=shutil.copy2)
    previous = first.entries if kind == "incremental" else None
    flags = "" if swap == "exchange" else ",no-exchange"
    new: dict[str, bytes] | None = None
    results = set()
    for n in range(1, 200):
        code = _crash_write(out, _output(NEW, static), previous, f"crash-after={n}{flags}")
        recover(out)   # what every reblog command does first
        now = tree(out)
        if code == 0:
            new = now
            break
        assert code == 86
        assert now == old or now == {**{k: v.encode() for k, v in NEW.items()},
                                     "static.bin": b"\0" * 5000, "keep/me.txt": b"kept"}, n
        results.add("old" if now == old else "new")
        assert beside(out) == ["out"], n
        shutil.rmtree(out)   # back to the old site for the next N
        shutil.copytree(saved, out, copy_function=shutil.copy2)
    assert new is not None and new != old and results == {"old", "new"}
    assert beside(out) == ["out"]


def _crash_recover(out: Path, hook: str) -> int:
    """Run ``recover`` in a forked child that ends itself after N file operations."""
    pid = os.fork()
    if pid == 0:   # pragma: no cover - the child
        try:
            os.environ["REBLOG_TEST_WRITE"] = hook
            recover(out)
        finally:
            os._exit(0)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def test_a_rollback_killed_at_every_step_is_finished_by_the_next_command(tmp_path: Path) -> None:
    static = tmp_path / "static.bin"
    static.write_bytes(b"\0" * 5000)
    out = tmp_path / "w/out"
    first = write_output(_output({k: v for k, v in OLD.items() if k != "keep/me.txt"}, static), out, [])
    old = tree(out)
    # Killed in the middle of an in-place update: some paths applied, the journal still there.
    assert _crash_write(out, _output(NEW, static), first.entries, "crash-after=12") == 86
    assert (tmp_path / "w/.out.reblog-journal").is_file() and tree(out) != old
    saved = tmp_path / "saved"
    shutil.copytree(tmp_path / "w", saved, symlinks=True)
    for m in range(1, 50):
        code = _crash_recover(out, f"crash-after={m}")
        recover(out)
        assert tree(out) == old and beside(out) == ["out"], m
        if code == 0:
            break
        shutil.rmtree(tmp_path / "w")
        shutil.copytree(saved, tmp_path / "w", symlinks=True)
    else:
        pytest.fail("the rollback never finished")


def test_kill_during_a_cached_build_then_the_next_command_restores(site: Path, tmp_path: Path) -> None:
    """The same through the command line (a cached build, the two-rename swap), at a few points."""
    out = tmp_path / "w/out"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    command = [sys.executable, "-m", "reblog", "build", "-q", "-s", str(site), "-d", str(out)]
    subprocess.run(command, env=env, check=True)
    old = tree(out)
    saved = tmp_path / "saved"
    shutil.copytree(out, saved, copy_function=shutil.copy2)
    (site / "about.md").write_text("---\nlayout: default\n---\nNew about.\n")
    (site / "_posts/2024-02-01-two.md").unlink()
    subprocess.run([*command[:-1], str(tmp_path / "reference"), "--no-cache"], env=env, check=True)
    new = tree(tmp_path / "reference")
    seen = set()
    for n in (1, 4, 9, 16, 22, 26, 1000):
        code = subprocess.run(command, env={**env, "REBLOG_TEST_WRITE": f"crash-after={n},no-exchange"},
                              check=False).returncode
        recover(out)   # the first thing the next reblog command does
        assert code in (0, 86) and tree(out) in (old, new) and beside(out) == ["out"], n
        seen.add("new" if tree(out) == new else "old")
        if code == 0:
            break
        shutil.rmtree(out)
        shutil.copytree(saved, out, copy_function=shutil.copy2)
    assert seen == {"old", "new"} and tree(out) == new


def test_leftovers_of_older_versions_do_not_pile_up(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "w/out"
    for name in ("._out.old-k2j4h1", "._out.reblog-x9_3ab", ".out.old-abc", ".out.reblog-q1w2e3"):
        (tmp_path / "w" / name / "x").mkdir(parents=True)
    assert reblog("build", "-q", "-s", site, "-d", out) == 0
    assert beside(out) == ["._out.old-k2j4h1", "._out.reblog-x9_3ab", "out"]


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB tmpfs at tmp_path/disk (root only); skipped where mounting is not allowed."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root and mount(8)")
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_full_disk_keeps_the_old_site_and_a_later_build_succeeds(
    site: Path, small_disk: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    out = small_disk / "out"
    (site / "assets/big.bin").write_bytes(os.urandom(700_000))
    assert reblog("build", "-q", "-s", site, "-d", out) == 0
    old = tree(out)
    (site / "assets/big2.bin").write_bytes(os.urandom(1_500_000))   # cannot fit beside the old site
    (site / "about.md").write_text("---\nlayout: default\n---\nNew about.\n")
    assert reblog("build", "-q", "-s", site, "-d", out) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and err.count("\n") == 1
    assert tree(out) == old and beside(out) == ["out"]
    (site / "assets/big2.bin").unlink()
    assert reblog("build", "-q", "-s", site, "-d", out) == 0
    assert b"New about." in (out / "about.html").read_bytes()
    assert beside(out) == ["out"]


# -- 4. Modes follow the umask ---------------------------------------------------------------------
@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _modes(root: Path) -> set[tuple[str, int]]:
    kinds = {("dir", stat.S_IMODE(root.stat().st_mode))}
    for path in root.rglob("*"):
        kinds.add(("dir" if path.is_dir() else "file", stat.S_IMODE(path.stat().st_mode)))
    return kinds


@pytest.mark.usefixtures("umask_022")
def test_output_modes_follow_the_umask_in_build_cached_build_and_serve(site: Path, tmp_path: Path) -> None:
    (site / "assets/private.txt").write_text("published anyway\n")
    (site / "assets/private.txt").chmod(0o600)
    out = tmp_path / "w/out"
    assert reblog("build", "-q", "-s", site, "-d", out, "--no-cache") == 0
    assert _modes(out) == {("dir", 0o755), ("file", 0o644)}
    assert reblog("build", "-q", "-s", site, "-d", out) == 0
    (site / "about.md").write_text("---\nlayout: default\n---\nRewritten.\n")
    assert reblog("build", "-q", "-s", site, "-d", out) == 0
    assert _modes(out) == {("dir", 0o755), ("file", 0o644)}
    served = tmp_path / "w/served"
    rebuild = SiteRebuilder(BuildOptions(source=site, destination=str(served)), Logger(quiet=True))
    rebuild(None)
    (site / "about.md").write_text("---\nlayout: default\n---\nRewritten again.\n")
    (site / "new/page.md").parent.mkdir()
    (site / "new/page.md").write_text("---\n---\nNew.\n")
    assert "about.html" in rebuild({site / "about.md", site / "new/page.md"}).written
    assert _modes(served) == {("dir", 0o755), ("file", 0o644)}


# -- 5. A destination inside a folder reblog reads is refused -------------------------------------
@pytest.mark.parametrize("dest", ["_posts", "_drafts", "_layouts", "_includes/out", "_data", "_sass",
                                  "_plugins", "_notes", "_notes/deep/out"])
def test_destination_inside_a_read_folder_is_refused(
    site: Path, capsys: pytest.CaptureFixture[str], dest: str,
) -> None:
    (site / "_config.yml").write_text(SITE["_config.yml"] + "collections:\n  notes:\n    output: true\n")  # type: ignore[operator]
    for folder in ("_drafts", "_includes", "_data", "_sass", "_plugins", "_notes"):
        (site / folder).mkdir(exist_ok=True)
        (site / folder / "keep.txt").write_text("source\n")
    before = tree(site)
    assert reblog("build", "-q", "-s", site, "-d", site / dest) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "which reblog reads; refusing to overwrite sources" in err[0], err
    assert tree(site) == before and sorted(p.name for p in site.iterdir() if p.name.startswith("."))  == []


def test_destination_inside_the_theme_is_refused(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from reblog.theme import find_theme

    found = find_theme("reblog")
    assert found is not None
    theme = found.root
    (site / "_config.yml").write_text(SITE["_config.yml"] + "theme: reblog\n")  # type: ignore[operator]
    assert reblog("build", "-q", "-s", site, "-d", theme / "_site") == 1
    assert "the theme" in capsys.readouterr().err and not (theme / "_site").exists()


# -- 6. URL conflicts are reported as Jekyll 4.3 reports them --------------------------------------
def test_url_conflicts_are_warned_like_jekyll(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Expected: tests/security/fixtures/conflicts/jekyll.json, made by Jekyll (regenerate.py there)."""
    source = tmp_path / "site"
    shutil.copytree(HERE / "fixtures/conflicts/site", source)
    out = tmp_path / "_site"
    assert reblog("build", "-s", source, "-d", out) == 0
    expected = json.loads((HERE / "fixtures/conflicts/jekyll.json").read_text())
    found = []
    for line in capsys.readouterr().err.splitlines():
        if line.startswith("Warning: Conflict: "):
            text = line[len("Warning: Conflict: "):]
            message, _, rest = text.partition(". The written file may end up with unexpected contents. ")
            target, *paths = rest.split(" - ")
            found.append({
                "message": f"{message}. The written file may end up with unexpected contents.",
                "destination": str(Path(target).relative_to(out.resolve())),
                "paths": [p.replace(str(source.resolve()), "SOURCE") for p in paths],
            })
    assert found == expected


# -- 7. A file that became a folder (or a folder a file) rebuilds ---------------------------------
@pytest.mark.parametrize("flags", [[], ["--no-cache"]], ids=["cached", "no-cache"])
def test_rebuild_after_a_file_became_a_folder_and_back(site: Path, tmp_path: Path, flags: list[str]) -> None:
    out = tmp_path / "w/out"
    (site / "thing").write_text("a static file\n")
    assert reblog("build", "-q", "-s", site, "-d", out, *flags) == 0
    (site / "thing").unlink()
    (site / "thing").mkdir()
    (site / "thing/index.md").write_text("---\n---\nnow a folder\n")
    assert reblog("build", "-q", "-s", site, "-d", out, *flags) == 0
    assert (out / "thing/index.html").is_file()
    shutil.rmtree(site / "thing")
    (site / "thing").write_text("a file again\n")
    assert reblog("build", "-q", "-s", site, "-d", out, *flags) == 0
    assert (out / "thing").read_text() == "a file again\n"


def test_serve_rebuild_after_a_file_became_a_folder(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "w/out"
    (site / "thing").write_text("a static file\n")
    rebuild = SiteRebuilder(BuildOptions(source=site, destination=str(out)), Logger(quiet=True))
    rebuild(None)
    (site / "thing").unlink()
    (site / "thing").mkdir()
    (site / "thing/index.md").write_text("---\n---\nnow a folder\n")
    rebuild({site / "thing", site / "thing/index.md"})
    assert (out / "thing/index.html").is_file()


# -- 8. reblog deploy ------------------------------------------------------------------------------
def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture
def repo(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """SITE committed on main in a repository with no .gitignore, and a bare origin."""
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Test Author")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "test@example.org")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    git(tmp_path, "init", "--quiet", "--bare", "-b", "main", str(tmp_path / "remote.git"))
    git(site, "init", "--quiet", "-b", "main")
    git(site, "add", "-A")
    git(site, "commit", "--quiet", "-m", "Sources")
    git(site, "remote", "add", "origin", str(tmp_path / "remote.git"))
    return site


def test_deploy_does_not_trip_over_its_own_cache(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "w/out"
    assert reblog("deploy", "-q", "-s", repo, "-d", out) == 0
    (repo / ".jekyll-cache/.gitignore").unlink()   # the cache untracked, not ignored
    assert build_file(repo, "manifest").is_file()
    (repo / "about.md").write_text("---\nlayout: default\n---\nEdited.\n")
    git(repo, "commit", "--quiet", "-am", "Edit")
    assert reblog("deploy", "-q", "-s", repo, "-d", out) == 0
    assert len(git(tmp_path / "remote.git", "log", "--format=%s", "gh-pages").splitlines()) == 2


def test_deploy_refuses_to_move_a_checked_out_gh_pages(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    git(repo, "checkout", "--quiet", "-b", "gh-pages")
    (repo / "about.md").write_text("---\nlayout: default\n---\nDirty.\n")
    head, status = git(repo, "rev-parse", "gh-pages"), git(repo, "status", "--porcelain")
    assert reblog("deploy", "-q", "--allow-dirty", "-s", repo, "-d", tmp_path / "w/out") == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("Error: the gh-pages branch is checked out in ") and err.count("\n") == 0
    assert git(repo, "rev-parse", "gh-pages") == head and git(repo, "status", "--porcelain") == status
    assert not (tmp_path / "w/out").exists()
    time.sleep(0)  # (nothing else to wait for: the refusal comes before the build)
