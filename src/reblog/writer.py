"""The one place that writes or deletes under the destination: confined, crash-safe, umask-honouring.

How a write works (full build, cached build and ``reblog serve`` alike)
-----------------------------------------------------------------------
1. **Plan, touching nothing.** Every destination path of the output goes through
   ``dest_path``: the URL-decoded path is split on ``/`` and ``\\``, and anything that is
   absolute, holds a NUL, or has a ``..`` segment is refused with a ReblogError naming the
   document (file and front matter line) that asked for it. Each path is then either
   unchanged since the last write (same signature, and the file on disk is the one that was
   written) or to be written; paths the last write made and this one does not are deleted.
   When nothing changes, the destination is not touched at all.

2. **A whole-site write** (``--no-cache``, the first build, the dev server's first write):
   the stage ``.<dest>.reblog-stage`` beside the destination gets the new site, unchanged
   static files as hard links to the current ones, ``keep_files`` linked over. The stage is
   the spare ``.<dest>.reblog-spare`` (the site before last) when there is one, scrubbed to
   the new site (``_take_spare``: its folders and rendered files keep their inodes, which
   ext4 allocates slowly right after many were deleted), else a new folder. Then
   ``renameat2(RENAME_EXCHANGE)`` swaps stage and destination in one step: at every instant
   ``_site/`` is the complete old or the complete new site; the old tree (now at the stage's
   name) becomes the spare, with a ``.gitignore`` of ``*`` (``_keep_spare``); when it cannot,
   it is deleted (by ``reblog build``, whose process ends with the write, in a child process
   that holds the write lock until it is done: the build does not wait for it). Where the
   kernel or file system cannot exchange, two renames are used: the marker
   ``.<dest>.reblog-ready`` is created once the stage is complete, the destination becomes
   ``.<dest>.reblog-old``, the stage becomes the destination.

3. **An in-place update** (a cached build or a dev-server save: a few files change in a site
   of thousands, and re-linking thousands of files would cost more than the render): new
   files are written to ``.<dest>.reblog-new/`` first, numbered, outside the site. Then the
   journal ``.<dest>.reblog-journal`` (the list of paths, written to a temp name and renamed,
   so it is complete or absent) starts the apply phase: each path's current file is moved to
   ``.<dest>.reblog-undo/`` (same number) and the new one renamed in. Deleting the journal
   commits; a rollback before that moves every displaced file back and takes the new ones out.

``recover`` runs before anything else in every command that writes a destination: it rolls
back an uncommitted journal, puts a destination missing between the two renames back (the new
site when the ready marker says the stage was complete, else the old one), and deletes every
leftover of the writer beside the destination (but the spare), including the randomly named
``.<dest>.reblog-*``/``.<dest>.old-*`` folders of earlier reblog versions, so nothing piles up.
New bytes are only ever written outside ``_site/`` and renamed in, so no temporary file is
ever visible inside it; a full disk fails while writing them, before the site is touched.
Nothing is ever written through a link: a file is written in place only when it is a regular
file with no other name (``_write_in_place``).
Files are created with mode 0666 and folders 0777 minus the umask (never ``mkstemp``'s 0600).
Two writes to one destination at the same time are serialised by an advisory lock on the
destination's parent folder.
"""

from __future__ import annotations

import errno
import fcntl
import fnmatch
import gc
import hashlib
import itertools
import json
import os
import re
import shutil
import signal
import stat as stat_module
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from .config.model import Settings
from .errors import ReblogError

_J = TypeVar("_J")
_R = TypeVar("_R")

# What the destination holds for one path: the signature of what was written, size, mtime (ns).
DestEntry = tuple[str, int, int]


@dataclass(frozen=True)
class Origin:
    """Which source file asked for an output path, and under which front matter key."""

    file: str                      # source-relative path, as errors name files
    path: Path | None = None       # the file to look the key's line up in
    key: str = "permalink"
    value: str | None = None       # the value as written (a redirect_from entry)


@dataclass
class Output:
    """What a build writes: rendered files by path and static files to copy."""

    files: dict[str, str | bytes] = field(default_factory=dict)    # dest-relative path -> text
    copies: dict[str, Path] = field(default_factory=dict)          # dest-relative path -> source
    origins: dict[str, Origin] = field(default_factory=dict)       # dest-relative path -> origin
    from_documents: set[str] = field(default_factory=set)          # paths a collection document wrote

    def add_rendered(self, rel: str, text: str | bytes, *, page: bool) -> bool:
        """Record a rendered file unless a page would replace a collection document's file.

        Jekyll writes pages first and documents last, so on a shared destination (its
        "Conflict:" warning) the document's output is what stays; reblog renders documents
        first, so a page that comes later must not take the path. False: not recorded.
        """
        if page and rel in self.from_documents:
            return False
        if not page:
            self.from_documents.add(rel)
        self.files[rel] = text
        return True

    def add_static(self, rel: str, path: Path) -> None:
        """Record a static file to copy, in Jekyll's write order: after pages, before documents.

        On a shared destination a static file replaces what a page (or a plugin's generated
        page) rendered there, and a collection document's output replaces the static file.
        """
        if rel in self.from_documents:
            return
        self.files.pop(rel, None)
        self.copies[rel] = path


@dataclass
class WriteResult:
    """What one write did: files in the site, those written and deleted, and the new entries."""

    total: int
    written: list[str]
    deleted: list[str]
    entries: dict[str, DestEntry]


# -- where the destination may be -----------------------------------------------------------------
def check_destination(
    source: Path, dest: Path, settings: Settings | None = None, theme_dir: Path | None = None,
) -> None:
    """Refuse a destination that would overwrite what reblog reads.

    The source itself or a folder above it, the file system's root, and (given the config) any
    folder the build reads: ``_posts``, ``_drafts``, layouts, includes, data, Sass, collections,
    plugins and the theme (``theme_dir``, once found), or a folder inside one of them.
    """
    src = source.resolve()
    dst = dest.resolve()
    if dst == src or src.is_relative_to(dst):
        raise ReblogError(
            f"destination {dest} is the source folder or contains it; refusing to overwrite sources",
            "_config.yml",
        )
    if dst == Path(dst.anchor):
        raise ReblogError("destination is the root of the file system; refusing", "_config.yml")
    if settings is None:
        return
    folders = _read_folders(src, settings)
    if theme_dir is not None:
        folders.append(("the theme", theme_dir.resolve()))
    for name, folder in folders:
        if dst == folder or dst.is_relative_to(folder):
            raise ReblogError(
                f"destination {dest} is inside {name} ({folder}), which reblog reads; "
                "refusing to overwrite sources", "_config.yml",
            )


def _read_folders(source: Path, settings: Settings) -> list[tuple[str, Path]]:
    """The folders a build reads, resolved (symlinks followed, as a write would follow them)."""
    def folder(text: str, default: str, base: Path = source) -> Path:
        text = text or default
        path = base / text
        # One plain name under a resolved folder: only the name itself can be a link (this
        # runs before every build, and resolving every folder from the root costs more).
        if "/" not in text and text not in (".", "..") and not path.is_symlink():
            return path
        return path.resolve()

    collections_dir = folder(settings.collections_dir, ".")
    found = [
        ("_posts", folder("", "_posts", collections_dir)),
        ("_drafts", folder("", "_drafts", collections_dir)),
        ("layouts_dir", folder(settings.layouts_dir, "_layouts")),
        ("includes_dir", folder(settings.includes_dir, "_includes")),
        ("data_dir", folder(settings.data_dir, "_data")),
        ("sass_dir", folder(settings.sass.sass_dir, "_sass")),
    ]
    found += [("plugins_dir", folder(name, "_plugins")) for name in settings.plugins_dirs]
    for label in settings.collections:
        if label:
            found.append((f"the {label} collection", folder(f"_{label}", "", collections_dir)))
    if collections_dir != source:
        found.append(("collections_dir", collections_dir))
    return found


def kept(rel: str, keep: Iterable[str]) -> bool:
    """Whether a destination path is covered by ``keep_files``."""
    return any(rel == k.rstrip("/") or rel.startswith(k.rstrip("/") + "/") or fnmatch.fnmatch(rel, k)
               for k in keep)


# -- the choke point --------------------------------------------------------------------------------
def dest_path(dest: Path, rel: str, origin: Origin | None = None) -> Path:
    """The file ``rel`` names inside ``dest``; a path that could leave it is refused.

    ``rel`` is already URL-decoded (``%2e%2e`` is ``..`` by now); a backslash counts as a
    separator so that no spelling of ``..`` passes on any platform.
    """
    clean = _confined(rel)
    if clean is None:
        raise _outside_error(rel, origin)
    return dest / clean


def dest_path_ok(rel: str) -> bool:
    """Whether ``rel`` names a path inside the destination (``dest_path`` would accept it)."""
    if rel and rel[0] not in "./\\" and ".." not in rel and "\\" not in rel and "\x00" not in rel:
        return True   # the common case, without splitting
    return _confined(rel) is not None


def _confined(rel: str) -> str | None:
    """``rel`` normalised (no ``.`` or empty parts), or None when it is not inside the destination."""
    if not rel or "\x00" in rel or rel.startswith(("/", "\\")):
        return None
    parts = [p for p in re.split(r"[/\\]", rel) if p not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return "/".join(parts)


def _outside_error(rel: str, origin: Origin | None) -> ReblogError:
    shown = rel.replace("\x00", "\\0")
    if origin is None:
        return ReblogError(f"output path {shown!r} is outside the destination; refusing to write it")
    what = origin.value if origin.value is not None else None
    message = (f"{origin.key} {what!r} " if what else f"{origin.key} ") + (
        f"makes the output path {shown!r}, which is outside the destination; refusing to write it")
    return ReblogError(message, origin.file, _key_line(origin))


def _key_line(origin: Origin) -> int | None:
    """The front matter line of ``origin.key`` (the line holding ``origin.value`` if there is one)."""
    if origin.path is None:
        return None
    try:
        lines = origin.path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    if not lines or lines[0].rstrip() != "---":
        return None
    key_line = None
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() in ("---", "..."):
            break
        if key_line is None and re.match(rf"\s*{re.escape(origin.key)}\s*:", line):
            key_line = number
            if origin.value is None or origin.value in line:
                return number
        elif key_line is not None and origin.value is not None and origin.value in line:
            return number
    return key_line


def validate(output: Output) -> None:
    """Refuse the whole output when any path in it could leave the destination (touching nothing)."""
    for rel in list(output.files) + list(output.copies):
        if not dest_path_ok(rel):   # (most paths pass without being split: see dest_path_ok)
            raise _outside_error(rel, output.origins.get(rel))


# -- origins and URL conflicts ----------------------------------------------------------------------
def note_origins(output: Output, site: Any, written: Iterable[Any], log: Any) -> None:
    """Record which file made each output path, and warn (as Jekyll does) when two share one.

    ``written`` are the documents that get an output file, in the order the build renders them.
    Jekyll's ``Doctor.conflicting_urls`` names pages by their source-relative path, documents
    and static files by their absolute path, and leaves redirect pages out.
    """
    dest = Path(site.dest)
    docs = list(written)
    redirects = {
        _redirect_key(str(value)): doc for doc in docs if not doc.generated
        for value in _as_list(doc.data.get("redirect_from"))
    }
    claims: dict[str, list[str]] = {}

    def claim(rel: str, origin: Origin, jekyll_path: str | None) -> None:
        output.origins.setdefault(rel, origin)
        if jekyll_path is not None:
            claims.setdefault(rel, []).append(jekyll_path)

    pages = [d for d in docs if d.kind == "page"]
    for doc in pages:
        rel = doc.output_rel()
        redirect = doc.data.get("redirect") if doc.generated else None
        if isinstance(redirect, Mapping) and doc.relpath == "redirect.html":
            owner = redirects.get(_redirect_key(str(redirect.get("from", ""))))
            if owner is not None:
                value = str(redirect.get("from", ""))
                raw = next((str(v) for v in _as_list(owner.data.get("redirect_from"))
                            if _redirect_key(str(v)) == _redirect_key(value)), value)
                claim(rel, Origin(owner.relpath, owner.path, "redirect_from", raw), None)
                continue
        claim(rel, Origin(doc.relpath, None if doc.generated else doc.path), doc.relpath)
    for item in site.static_files + [f for c in site.collections.values() if c.output for f in c.files]:
        claim(item.url.lstrip("/"), Origin(item.relpath), str(item.path))
    for doc in docs:
        if doc.kind != "page":
            claim(doc.output_rel(), Origin(doc.relpath, doc.path), str(doc.path))
    for rel, paths in claims.items():
        if len(paths) > 1:
            shown = dest_path(dest, rel) if _confined(rel) else dest / rel
            # Jekyll's block on one line: the destination, then " - path" for each file.
            log.warn("Conflict: The following destination is shared by multiple files. "
                     f"The written file may end up with unexpected contents. {shown}"
                     + "".join(f" - {path}" for path in paths))


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return [v for v in value if v is not None] if isinstance(value, list) else [value]


def _redirect_key(value: str) -> str:
    return value if value.startswith("/") else "/" + value


# -- signatures -------------------------------------------------------------------------------------
def file_signature(text: str | bytes) -> str:
    """The signature of a rendered file: a hash of its bytes."""
    return "h:" + hashlib.blake2b(_encode(text), digest_size=16).hexdigest()


def _encode(text: str | bytes) -> bytes:
    return text if isinstance(text, bytes) else text.encode("utf-8", "surrogateescape")


def _items(output: Output) -> Iterator[tuple[str, str | bytes | None, Path | None]]:
    yield from ((rel, text, None) for rel, text in output.files.items())
    yield from ((rel, None, src) for rel, src in output.copies.items() if rel not in output.files)


# -- the write --------------------------------------------------------------------------------------
@dataclass
class _Step:
    rel: str
    text: str | bytes | None
    src: Path | None
    signature: str
    mode: int = 0o644
    link: bool = False             # hard-link the current destination file instead of writing
    made: DestEntry | None = None  # already in the stage (``begin_write``'s helper made it)
    inode: tuple[int, int] | None = None   # the destination file a link step links (device, inode)
    signed: bool = True            # an empty signature is taken from the bytes as they are written


def write_output(
    output: Output, dest: Path, keep_files: Iterable[str],
    previous: Mapping[str, DestEntry] | None = None, reuse_identical: bool = False,
    delete_later: bool = False, early: EarlyStage | None = None, signed: bool = True,
) -> WriteResult:
    """Make ``dest`` hold exactly this output (plus ``keep_files``), swapped in as a whole.

    ``previous`` is what the last write put there (from the build cache or the dev server's
    memory): a file whose signature and on-disk size and mtime still match is linked, not
    written. Without it, static files whose size and mtime match are linked, and with
    ``reuse_identical`` (the dev server's first write) so are rendered files with the same
    bytes. When nothing would change, the destination is not touched at all.

    ``delete_later``: the process ends after this write (``reblog build``), so the old site a
    whole-site write replaced is deleted by a child process that outlives it (``_delete_later``).
    ``early``: the stage ``begin_write`` started filling while the site rendered (a whole-site
    write finishes it; after any other write, or a failure, the caller's ``early.abandon()``
    stops the helper and deletes the stage: the one who began it ends it). ``signed=False``:
    the caller keeps no entries (a build without the cache), so a whole-site write does not hash
    the rendered files for them (their signatures are empty, which no later plan matches).
    """
    validate(output)
    keep = list(keep_files)
    dest = dest.resolve()
    if dest.exists() and (dest.is_symlink() or not dest.is_dir()):
        raise ReblogError(f"destination {dest} exists and is not a folder; refusing to replace it")
    hook = _TestHook.from_env()
    umask = _umask()
    # The helper filling the early stage holds the lock until it is done: wait for it first.
    prefilled = early.claim() if early is not None and early.dest == dest and previous is None else None
    steps = _plan_all(output, dest, previous, reuse_identical, umask, prefilled, signed)
    wanted = {step.rel for step in steps}
    if previous is not None:
        deleted = sorted(rel for rel in previous if rel not in wanted and not kept(rel, keep))
    elif reuse_identical:
        deleted = sorted(rel for rel in _all_files(dest) if rel not in wanted and not kept(rel, keep))
    else:
        deleted = []
    written = [step.rel for step in steps if not step.link]
    if previous is not None and dest.is_dir() and not written and not deleted:
        entries = {rel: previous[rel] for rel in wanted}
        return WriteResult(len(steps), [], [], entries)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with _Lock(dest.parent) as lock:
        stage = _names(dest)["stage"]
        # Every other write to this destination since the helper ended began by deleting the
        # stage (``_recover``): a stage still the helper's is as it left it, nothing else changed.
        if prefilled is not None and not prefilled.still(stage):
            prefilled = None
            for index, step in enumerate(steps):
                if step.made is not None:   # the helper's copy is gone: planned as any other step
                    steps[index] = _plan(step.rel, None, step.src, dest, previous, reuse_identical, umask)
                    steps[index].signed = signed
        if prefilled is None:
            _recover(dest)
        if previous is not None and dest.is_dir():
            entries = _update(dest, steps, deleted, previous, hook)
            return WriteResult(len(steps), written, deleted, entries)
        try:
            present = _start_stage(dest, steps, umask, hook) if prefilled is None else prefilled.present()
            entries = _complete(stage, dest, steps, present, hook)
            if dest.is_dir():
                _carry_kept(dest, stage, keep, wanted, hook)
            old = _swap(stage, dest, hook)
        except OSError as err:
            shutil.rmtree(stage, ignore_errors=True)
            _names(dest)["ready"].unlink(missing_ok=True)
            raise _write_error(err, dest) from err
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise
        # The new site stands: the old one is no part of it any more. It becomes the spare the
        # next whole-site write recycles, or (when it cannot) is deleted; what a failure here
        # leaves, the next command's ``recover`` deletes.
        if old is not None:
            if not _keep_spare(old, dest, hook) and not (delete_later and _delete_later(old, lock)):
                shutil.rmtree(old, ignore_errors=True)
            hook.step()
    return WriteResult(len(steps), written, deleted, entries)


# -- the early stage --------------------------------------------------------------------------------
# What the helper of ``begin_write`` tells the build through its memfd: the paths it made and the
# stage's identity when it was done.
Expected = tuple[Iterable[str], Mapping[str, Path]]


@dataclass(frozen=True)
class _Prefilled:
    """What the helper put in the stage: its own files for rendered paths, static files (by source)."""

    rendered: frozenset[str]        # regular files with one link (new and empty, or recycled)
    copies: dict[str, tuple[str, bool, DestEntry]]   # path -> source, linked, what was made
    ident: tuple[int, int, int]     # the stage's device, inode and mtime (ns) when it was done

    def present(self) -> _Present:
        """What the stage holds, for ``_complete``: the rendered paths' files are written in place."""
        before = set(self.rendered) | set(self.copies)
        return _Present(_folders(before), {rel: rel in self.rendered for rel in before})

    def step(self, rel: str, src: Path) -> _Step | None:
        """The step for a static file the helper made from this source (None: it did not)."""
        made = self.copies.get(rel)
        if made is None or made[0] != str(src):
            return None
        _source, linked, entry = made
        return _Step(rel, None, src, entry[0], link=linked, made=entry)

    def still(self, stage: Path) -> bool:
        """Whether the stage is the one the helper left (no other write deleted or changed it)."""
        try:
            info = os.lstat(stage)
        except OSError:
            return False
        return stat_module.S_ISDIR(info.st_mode) and (info.st_dev, info.st_ino, info.st_mtime_ns) == self.ident


class EarlyStage:
    """A whole-site write started before the render ends (``begin_write``).

    A forked helper process makes the stage's folders, links or copies the static files and
    creates the rendered files empty, while this process renders: the inodes a whole-site
    write needs (a folder or a file costs 0.2-0.4 ms on ext4 under load, most of it waiting)
    are made off the build's critical path, and ``write_output`` only fills in the rendered
    bytes. The helper holds the destination's write lock while it works, as a write does; it
    opens its own descriptor, so no render worker inherits the lock, and once it is done the
    lock is free. Until ``write_output`` swaps the stage in, the destination is untouched.
    """

    def __init__(self, dest: Path, pid: int, report: int) -> None:
        self.dest = dest
        self.pid = pid            # the helper; 0 once waited for
        self.report = report      # the memfd it writes its report to; -1 once read
        self.claimed = False

    def claim(self) -> _Prefilled | None:
        """Wait for the helper and take its stage over (None: the helper made no usable stage)."""
        self.claimed = True
        return self._finish()

    def abandon(self) -> None:
        """Stop the helper and delete the stage, unless a write claimed it (a failed build)."""
        if self.claimed:
            return
        self.claimed = True
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self._finish()
        recover(self.dest)   # deletes the stage, under the lock

    def _finish(self) -> _Prefilled | None:
        if self.pid:
            _pid, status = os.waitpid(self.pid, 0)
            self.pid = 0
            ok = os.waitstatus_to_exitcode(status) == 0
        else:
            ok = False
        if self.report < 0:
            return None
        try:
            os.lseek(self.report, 0, os.SEEK_SET)
            data = b"".join(iter(lambda: os.read(self.report, 1 << 20), b""))
        finally:
            os.close(self.report)
            self.report = -1
        if not ok or not data:
            return None
        try:
            made = json.loads(data.decode("utf-8", "surrogatepass"))
            copies = {rel: (str(src), bool(linked), (str(sig), int(size), int(mtime)))
                      for rel, (src, linked, (sig, size, mtime)) in made["copies"].items()}
            return _Prefilled(frozenset(made["rendered"]), copies, tuple(made["ident"]))
        except (ValueError, KeyError, TypeError):
            return None


def begin_write(dest: Path, expected: Callable[[], Expected]) -> EarlyStage | None:
    """Start a whole-site write's stage in a helper process, before the output is known.

    ``expected()`` (called in the helper, so it costs the build nothing) gives the paths the
    rendered files will have and the static files to copy; ``write_output(early=...)`` then
    writes the output as it is, taking what the helper made where it is right and replacing
    or deleting the rest. None: not started (no ``fork``, or threads that forking could strand).
    """
    if not hasattr(os, "fork") or not hasattr(os, "memfd_create") or threading.active_count() > 1:
        return None
    dest = dest.resolve()
    report = os.memfd_create("reblog-stage", os.MFD_CLOEXEC)
    pid = os.fork()
    if pid == 0:   # pragma: no cover - the helper (its coverage is the tests' outcome)
        code = 1
        try:
            gc.disable()   # short-lived: no collection touching (and copying) the parent's pages
            _prefill(dest, expected, report)
            code = 0
        finally:
            os._exit(code)
    return EarlyStage(dest, pid, report)


def _prefill(dest: Path, expected: Callable[[], Expected], report: int) -> None:
    """The helper: make the stage for the expected output, then report what it made.

    A rendered path gets an empty file, or keeps the spare's file there when that can be
    written in place (``_write_in_place``): the write puts the bytes in either way.
    """
    rendered, statics = expected()
    copies = {rel: src for rel, src in statics.items() if dest_path_ok(rel)}
    pages = {rel for rel in rendered if dest_path_ok(rel) and rel not in copies}
    hook = _TestHook.from_env()
    hook.victim = os.getppid()   # the kill test's "crash" here is the build's, killed mid-render
    with _Lock(dest.parent):
        _recover(dest)
        if _lexists(dest) and (dest.is_symlink() or not dest.is_dir()):
            return   # the write refuses it (and says so)
        stage = _names(dest)["stage"]
        umask = _umask()
        steps = [_plan(rel, None, src, dest, None, False, umask) for rel, src in copies.items()]
        steps += [_Step(rel, b"", None, "", mode=0o666 & ~umask) for rel in sorted(pages)]
        present = _start_stage(dest, steps, umask, hook)
        entries = _complete(stage, dest, steps, present, hook, placeholders=True)
        info = os.lstat(stage)
    made = {"rendered": sorted(pages), "ident": [info.st_dev, info.st_ino, info.st_mtime_ns],
            "copies": {s.rel: [str(s.src), s.link, entries[s.rel]] for s in steps if s.src is not None}}
    os.write(report, json.dumps(made).encode("utf-8", "surrogatepass"))


def rewrite_rendered(
    dest: Path, files: Mapping[str, str], previous: Mapping[str, DestEntry],
) -> tuple[dict[str, DestEntry], list[str]]:
    """Replace a few rendered files of a destination that holds what the last write left.

    Everything else stays as it is (``previous``, checked by the caller). Returns every entry,
    the new ones included, and the files written (those whose bytes changed).
    """
    for rel in files:
        if not dest_path_ok(rel) or rel not in previous:
            raise ReblogError(f"refusing to rewrite {rel!r} in {dest}")
    dest = dest.resolve()
    umask = _umask()
    steps = [_plan(rel, text, None, dest, previous, False, umask) for rel, text in sorted(files.items())]
    entries = dict(previous)
    written = [step.rel for step in steps if not step.link]
    if not written:
        return entries, []
    with _Lock(dest.parent):
        _recover(dest)
        entries.update(_update(dest, steps, [], previous, _TestHook.from_env()))
    return entries, written


def _plan_all(
    output: Output, dest: Path, previous: Mapping[str, DestEntry] | None, reuse_identical: bool,
    umask: int, prefilled: _Prefilled | None, signed: bool,
) -> list[_Step]:
    """Every path's step; a static file the early stage's helper made needs no look at the disk."""
    steps = []
    for rel, text, src in _items(output):
        made = prefilled.step(rel, src) if prefilled is not None and src is not None else None
        step = made or _plan(rel, text, src, dest, previous, reuse_identical, umask)
        step.signed = signed
        steps.append(step)
    return steps


def _plan(
    rel: str, text: str | bytes | None, src: Path | None, dest: Path,
    previous: Mapping[str, DestEntry] | None, reuse_identical: bool, umask: int,
) -> _Step:
    try:
        source = src.stat() if src is not None else None
    except OSError as err:
        raise ReblogError(f"cannot read {src}: {err.strerror}") from err
    if source is not None:
        signature = f"c:{src}:{source.st_size}:{source.st_mtime_ns}"   # as _copy_signature
        # Readable as any page is (image variants come from 0600 cache files), executable if
        # the source is.
        mode = (0o666 | (source.st_mode & 0o111)) & ~umask
    elif previous is None and not reuse_identical:
        # A rendered file is written whatever the destination holds: its signature (for the
        # entry) is taken from the bytes when they are written.
        return _Step(rel, text, src, "", mode=0o666 & ~umask)
    else:
        signature = file_signature(text or "")
        mode = 0o666 & ~umask
    step = _Step(rel, text, src, signature, mode=mode)
    try:
        current = os.lstat(dest / rel)
    except OSError:
        return step
    if not stat_module.S_ISREG(current.st_mode) or stat_module.S_IMODE(current.st_mode) != mode:
        return step   # a file of another kind, or written with another mode: write it again
    if previous is not None:
        old = previous.get(rel)
        step.link = old is not None and old == (signature, current.st_size, current.st_mtime_ns)
    elif source is not None:
        # An unchanged static file from the previous build is linked, not copied again.
        step.link = source.st_size == current.st_size and int(source.st_mtime) == int(current.st_mtime)
    elif reuse_identical:
        data = _encode(text or "")
        try:
            step.link = current.st_size == len(data) and (dest / rel).read_bytes() == data
        except OSError:
            step.link = False
    if step.link:
        step.inode = (current.st_dev, current.st_ino)   # a recycled stage may hold this very file
    return step


@dataclass
class _Present:
    """What a stage holds before ``_complete`` makes it the new site (nothing, when it is new)."""

    folders: set[str] = field(default_factory=set)
    files: dict[str, bool] = field(default_factory=dict)   # path -> a file a rendered step writes into
    standing: dict[str, DestEntry] = field(default_factory=dict)   # link steps already as they would be


def _start_stage(dest: Path, steps: list[_Step], umask: int, hook: _TestHook) -> _Present:
    """Make the stage: the spare recycled for these steps (``_take_spare``) or a new folder."""
    present = _take_spare(dest, steps, umask, hook)
    if present is None:
        os.mkdir(_names(dest)["stage"])
        hook.step()
        present = _Present()
    return present


def _complete(
    stage: Path, dest: Path, steps: list[_Step], present: _Present, hook: _TestHook,
    placeholders: bool = False,
) -> dict[str, DestEntry]:
    """Make the stage hold exactly the planned files, given what it holds; returns their entries.

    Files the plan does not have go, then the folders no file needs (deepest first); the
    missing folders are made a level at a time (a folder's parent exists before it is made),
    then each file is put, on a few threads: a rendered file's bytes go into the file already
    there when it is one of the writer's own (``_write_in_place``), a file already as a link
    step would make it stands, anything else is replaced. Creating a folder or a file costs a
    new inode (0.2-0.4 ms each on ext4 under load, most of it waiting, not computing, and far
    more when many inodes were deleted in the last 30 s: see ``_take_spare``); the calls
    release the GIL, so they overlap. ``placeholders`` (the early stage's helper): a rendered
    path's file need only exist, the write puts its bytes in later.
    """
    wanted = {step.rel for step in steps}
    folders = _folders(wanted)
    for rel in sorted(set(present.files) - wanted):
        os.unlink(stage / rel)
        hook.step()
    for folder in sorted(present.folders - folders, key=lambda f: f.count("/"), reverse=True):
        os.rmdir(stage / folder)
        hook.step()
    for level in _levels(folders - present.folders):
        _in_threads(level, lambda folder: _make_folder(stage, folder, hook))

    def put(step: _Step) -> tuple[str, DestEntry]:
        target = stage / step.rel
        if step.src is None and not step.link and present.files.get(step.rel):
            if placeholders:
                return step.rel, ("", 0, 0)   # (the helper reports no rendered file's entry)
            data = _encode(step.text or "")
            info = _write_in_place(target, data, step.mode)
            if info is not None:
                hook.step()
                return step.rel, (_signed(step, data), info.st_size, info.st_mtime_ns)
        if step.rel in present.files:
            target.unlink(missing_ok=True)   # a name only: the file it named is never written
            hook.step()
        return _put_new(stage, dest, step, hook)

    # The helper's copies of these very sources, and the spare's files that are already the
    # links a step would make, stand as they are (no thread needed to say so).
    entries = {step.rel: step.made for step in steps if step.made is not None}
    entries.update(present.standing)
    todo = [step for step in steps if step.made is None and step.rel not in present.standing]
    entries.update(_in_threads(todo, put))
    return entries


# -- the spare: the site before last, recycled -------------------------------------------------------
def _take_spare(dest: Path, steps: list[_Step], umask: int, hook: _TestHook) -> _Present | None:
    """Turn the spare into the stage, scrubbed for these steps; None: there is no spare to use.

    Why: without a journal, ext4 does not reuse an inode deleted in the last 30 s, and its
    allocator scans past every one of them for each new inode, so a whole-site write that
    makes every folder and file anew right after the last one deleted as many spends most of
    its CPU in the kernel (Candid: ~600 inodes a build, 0.6-0.7 s of system time a build
    when builds follow each other, 0.15-0.25 s when 30 s apart). Reusing the old tree's
    folders and files keeps their inodes. A spare that is odd in any way (not a folder this
    user owns on the destination's file system, something in it that cannot be deleted) is
    not used: the write goes on with a new stage (and deleted as far as it can be; when
    something of it stays, the old site is deleted after the swap instead of becoming the
    spare), so the spare is never the reason a build fails.
    """
    names = _names(dest)
    spare = names["spare"]
    try:
        info = os.lstat(spare)
        usable = (stat_module.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid()
                  and info.st_dev == os.stat(dest.parent).st_dev)
    except OSError:
        return None
    if not usable:
        return None
    plan = {step.rel: step for step in steps}
    folders = _folders(set(plan))   # (a file/folder clash is refused before the spare is touched)
    folder_mode = 0o777 & ~umask
    try:
        present = _scrub(spare, plan, folders, folder_mode, hook)
        _as_new_folder(spare, info, folder_mode)
        os.rename(spare, names["stage"])
    except OSError:
        # A new stage, then; if something here cannot be deleted, the name stays taken and
        # the old site is deleted after the swap instead of becoming the spare.
        shutil.rmtree(spare, ignore_errors=True)
        return None
    hook.step()
    return present


def _scrub(spare: Path, plan: Mapping[str, _Step], folders: set[str], folder_mode: int,
           hook: _TestHook) -> _Present:
    """Delete from the spare all that the steps cannot use as it is; what stays, for ``_complete``.

    One walk. A folder the new site has stays (with a new folder's mode); any other goes. A
    file stays when it is the very destination file a link step would link (same device and
    inode), or when a rendered step can write into it: a regular file with a single link,
    owned by this user (``_write_in_place`` checks again when it writes). Everything else goes:
    a file the new site does not have, a symlink, a hard link to a file with other names (the
    live site's static files, or anything's), the ``.gitignore`` that kept the spare out of
    git (unless the new site renders a ``.gitignore`` there: that file is written into).
    Unlinking a name never changes the file it named; ``shutil.rmtree`` follows no link.
    """
    present = _Present()
    uid = os.geteuid()
    pending = [""]
    while pending:
        rel_dir = pending.pop()
        with os.scandir(spare / rel_dir if rel_dir else spare) as listing:
            found = list(listing)
        for entry in found:
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            info = entry.stat(follow_symlinks=False)
            if stat_module.S_ISDIR(info.st_mode):
                if rel in folders and info.st_uid == uid:
                    _as_new_folder(Path(entry.path), info, folder_mode)
                    present.folders.add(rel)
                    pending.append(rel)
                else:
                    shutil.rmtree(entry.path)
                    hook.step()
                continue
            step = plan.get(rel)
            if step is not None and stat_module.S_ISREG(info.st_mode):
                if step.link and step.inode == (info.st_dev, info.st_ino):
                    present.standing[rel] = (step.signature, info.st_size, info.st_mtime_ns)
                    continue
                if not step.link and step.src is None and _own_file(info):
                    present.files[rel] = True
                    continue
            os.unlink(entry.path)
            hook.step()
    return present


# What the spare's .gitignore says: a checkout that does not ignore it shows nothing of it.
_IGNORE_ALL = b"# reblog's copy of the site before (the next build reuses it; reblog clean removes it)\n*\n"


def _keep_spare(old: Path, dest: Path, hook: _TestHook) -> bool:
    """Keep the site a whole-site write replaced as the spare; False: it is to be deleted.

    At most one spare: when the name is taken (a spare that could not be used), the old site
    is deleted as before. The spare gets a ``.gitignore`` saying ``*`` (the old site's own
    ``.gitignore``, if any, is unlinked first, never written into: it may be the new site's
    file too), so ``git status`` in a checkout holding the destination shows nothing of it.
    """
    spare = _names(dest)["spare"]
    if _lexists(spare):
        return False
    ignore = old / ".gitignore"
    try:
        if ignore.is_dir() and not ignore.is_symlink():
            shutil.rmtree(ignore)
        else:
            ignore.unlink(missing_ok=True)
        _write_new(ignore, _IGNORE_ALL)
        hook.step()
        os.rename(old, spare)
    except OSError:
        return False
    hook.step()
    return True


def _as_new_folder(folder: Path, info: os.stat_result, folder_mode: int) -> None:
    """Give a kept folder the permissions ``os.mkdir`` gives a new one.

    The setgid bit is left as it is: a new folder inherits it from its parent, as this one did
    when it was made (a shared web root's group stays on what the build makes).
    """
    if stat_module.S_IMODE(info.st_mode) & 0o777 != folder_mode:
        os.chmod(folder, folder_mode | (info.st_mode & stat_module.S_ISGID))


def _own_file(info: os.stat_result) -> bool:
    """A regular file with no other name, owned by this user: the only kind written in place."""
    return stat_module.S_ISREG(info.st_mode) and info.st_nlink == 1 and info.st_uid == os.geteuid()


def _write_in_place(target: Path, data: bytes, mode: int) -> os.stat_result | None:
    """Put ``data`` into the file at ``target``, keeping its inode; None: not a file to write into.

    Never through a symlink (``O_NOFOLLOW``) or into a file with another name (a hard link to
    the live site's file or to a user's source): the file is checked before the open and again
    on the open descriptor (the same inode, still one link), and a FIFO or device never blocks
    the open (``O_NONBLOCK``). The new bytes go over the old ones and the rest is cut off: no
    truncation to zero first (ext4 then starts writing the file back at its close, its
    "replace by truncate" heuristic). The mode ends as a new file's.
    """
    try:
        seen = os.lstat(target)
    except OSError:
        return None
    if not _own_file(seen):
        return None
    try:
        handle = os.open(target, os.O_WRONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        info = os.fstat(handle)
        if (info.st_dev, info.st_ino) != (seen.st_dev, seen.st_ino) or not _own_file(info):
            return None
        view = memoryview(data)
        done = 0
        while done < len(data):
            done += os.pwrite(handle, view[done:], done)
        if info.st_size > len(data):
            os.ftruncate(handle, len(data))
        elif not data:
            os.utime(handle)   # nothing written: the file's time is still this build's, as a new file's
        if stat_module.S_IMODE(info.st_mode) != mode:
            os.fchmod(handle, mode)
        return os.fstat(handle)
    finally:
        os.close(handle)


def _signed(step: _Step, data: bytes) -> str:
    """A written rendered file's signature (empty when the caller keeps no entries)."""
    return step.signature or (file_signature(data) if step.signed else "")


def _folders(rels: set[str]) -> set[str]:
    """The folders that hold these paths; a path that is also a folder is refused."""
    folders: set[str] = set()
    for rel in rels:
        folder = rel.rpartition("/")[0]
        while folder and folder not in folders:   # the folders above it are in too
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    clash = sorted(rels & folders)
    if clash:
        raise ReblogError(f"the output has both a file {clash[0]!r} and files inside a folder of that name")
    return folders


def _levels(folders: set[str]) -> list[list[str]]:
    """Folders by depth, the top first: each level's parents are in the levels before it."""
    levels: dict[int, list[str]] = {}
    for folder in sorted(folders):
        levels.setdefault(folder.count("/"), []).append(folder)
    return [levels[depth] for depth in sorted(levels)]


def _make_folder(stage: Path, folder: str, hook: _TestHook) -> None:
    os.mkdir(stage / folder)
    hook.step()


def _put_new(stage: Path, dest: Path, step: _Step, hook: _TestHook) -> tuple[str, DestEntry]:
    """Create one file of the stage (linked, copied or written); its entry."""
    target = stage / step.rel
    linked = False
    if step.link:
        try:
            os.link(dest / step.rel, target)
            linked = True
        except OSError:
            pass
    step.link = linked
    signature = step.signature
    if linked:
        info = os.stat(target)
    elif step.src is not None:
        info = _copy(step.src, target, step.mode)
    else:
        data = _encode(step.text or "")
        info = _write_new(target, data)
        # (hashing releases the GIL: on the writing threads it overlaps the rest)
        signature = _signed(step, data)
    hook.step()
    return step.rel, (signature, info.st_size, info.st_mtime_ns)


# A whole-site write's file system calls run on this many threads (Candid: 380 folders, 1,013
# files). Two already overlap most of the waiting; more add nothing on a 2-core machine.
_THREADS = 3
_FEW = 32   # fewer calls than this run on the calling thread alone


def _in_threads(jobs: Sequence[_J], work: Callable[[_J], _R]) -> list[_R]:
    """``[work(job) for job in jobs]`` on ``_THREADS`` threads; the first failure is raised."""
    if len(jobs) < _FEW:
        return [work(job) for job in jobs]
    results: list[Any] = [None] * len(jobs)
    failures: list[BaseException] = []
    taken = itertools.count()   # next() is one atomic step under the GIL
    done = threading.Event()

    def run() -> None:
        while not failures and not done.is_set():
            index = next(taken)
            if index >= len(jobs):
                return
            try:
                results[index] = work(jobs[index])
            except BaseException as err:  # noqa: BLE001 - raised again on the calling thread
                failures.append(err)

    threads = [threading.Thread(target=run, daemon=True) for _ in range(_THREADS - 1)]
    for thread in threads:
        thread.start()
    try:
        run()
    finally:
        # Even when interrupted: no thread may go on writing into a stage being deleted.
        done.set()
        for thread in threads:
            thread.join()
    if failures:
        raise failures[0]
    return results


def _write_new(target: Path, data: bytes) -> os.stat_result:
    """Create ``target`` (0666 minus the umask) holding ``data``; returns its status."""
    handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
        stream.flush()
        return os.fstat(handle)


def _copy(src: Path, target: Path, mode: int) -> os.stat_result:
    """Copy a static file's bytes and modification time (its mode: the source's minus the umask);
    returns the copy's status."""
    with open(src, "rb") as reading:
        info = os.fstat(reading.fileno())
        handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, mode)
        with os.fdopen(handle, "wb") as writing:
            offset = 0
            try:
                while offset < info.st_size:
                    sent = os.sendfile(handle, reading.fileno(), offset, info.st_size - offset)
                    if sent == 0:
                        break
                    offset += sent
            except OSError as err:
                if offset or err.errno not in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
                    raise
                shutil.copyfileobj(reading, writing)   # no sendfile between these files
            writing.flush()
            os.utime(handle, ns=(info.st_atime_ns, info.st_mtime_ns))
            return os.fstat(handle)


def _carry_kept(dest: Path, stage: Path, keep: list[str], wanted: set[str], hook: _TestHook) -> None:
    """Link the old destination's ``keep_files`` entries into the stage (the old site stays whole)."""
    if not keep:
        return
    # Literal entries (the default .git and .svn) can only be inside the folders on their own
    # path: the walk skips the rest of the site (a glob such as *.pdf can be anywhere).
    literal = None if any(any(c in k for c in "*?[") for k in keep) else [k.rstrip("/") for k in keep]
    for root, dirs, files in os.walk(dest):
        rel_root = Path(root).relative_to(dest).as_posix()
        if literal is not None:
            dirs[:] = [name for name in dirs if _may_hold(f"{rel_root}/{name}" if rel_root != "." else name,
                                                          literal)]
        for name in sorted(dirs) + sorted(files):
            rel = f"{rel_root}/{name}" if rel_root != "." else name
            if not kept(rel, keep) or rel in wanted:
                continue
            source, target = Path(root) / name, stage / rel
            if target.exists() or target.is_symlink():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.is_symlink():
                os.symlink(os.readlink(source), target)
            elif source.is_dir():
                target.mkdir()
                continue   # os.walk goes on inside it
            else:
                try:
                    os.link(source, target)
                except OSError:
                    shutil.copy2(source, target)
            hook.step()


def _may_hold(folder: str, literal: list[str]) -> bool:
    """Whether ``folder`` is, is inside or leads to one of the literal ``keep_files`` entries."""
    return any(folder == k or folder.startswith(k + "/") or k.startswith(folder + "/") for k in literal)


def _swap(stage: Path, dest: Path, hook: _TestHook) -> Path | None:
    """Put the stage in the destination's place (see the module's docstring).

    Returns where the old site is now (None: there was none), for the caller to delete.
    """
    names = _names(dest)
    if not dest.exists():
        os.rename(stage, dest)
        hook.step()
        return None
    if not hook.no_exchange and _exchange(stage, dest):
        hook.step()
        return stage   # the old site, now at the stage's name
    _write_new(names["ready"], b"")
    hook.step()
    os.rename(dest, names["old"])
    hook.step()
    os.rename(stage, dest)
    hook.step()
    names["ready"].unlink()
    hook.step()
    return names["old"]


# Where ``_delete_later`` finds ``rm`` (a fixed path: never one a PATH or a checkout supplies).
_RM = ("/bin/rm", "/usr/bin/rm")


def _delete_later(old: Path, lock: _Lock) -> bool:
    """Start ``rm -rf`` on the old site, to finish after this process ends; False: not started.

    The old site is the writer's own leftover beside the destination, so a deletion killed
    half-way is finished by the next command's ``recover``. ``rm`` holds the write lock (given
    the lock's file as its descriptor 3, the lock is released when it exits): a command that
    writes this destination next waits for it in ``recover`` rather than race it. Its standard
    streams are /dev/null, so a caller reading this process's output does not wait for it.
    ``posix_spawn`` neither copies this process's memory (as a fork would: 10 ms after a build)
    nor runs any of its code in the child.
    """
    rm = next((path for path in _RM if os.access(path, os.X_OK)), None)
    if rm is None or not hasattr(os, "posix_spawn"):
        return False
    held = 3 if lock.handle != 3 else 4   # dup2 onto itself would keep the close-on-exec flag
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_DUP2, lock.handle, held),
    ]
    try:
        os.posix_spawn(rm, [rm, "-rf", "--", str(old)], {}, file_actions=actions)
    except OSError:
        return False
    lock.handed_over = True
    return True


def _update(
    dest: Path, steps: list[_Step], deleted: list[str], previous: Mapping[str, DestEntry],
    hook: _TestHook,
) -> dict[str, DestEntry]:
    """Change only what changed, in place, under an undo journal (see the module's docstring)."""
    names = _names(dest)
    ops = sorted([(s.rel, s) for s in steps if not s.link] + [(rel, None) for rel in deleted],
                 key=lambda op: op[0])   # a folder's own path before the paths inside it
    entries = {s.rel: previous[s.rel] for s in steps if s.link}
    try:
        os.mkdir(names["new"])
        hook.step()
        for index, (_rel, step) in enumerate(ops):
            if step is not None:
                _put(step, names["new"] / str(index))
                hook.step()
        os.mkdir(names["undo"])
        hook.step()
        temp = Path(f"{names['journal']}.tmp")
        journal = {"format": 1, "ops": [[rel, step is not None] for rel, step in ops]}
        _write_new(temp, json.dumps(journal).encode("utf-8", "surrogatepass"))
        os.rename(temp, names["journal"])   # from here on, recovery undoes what was applied
    except OSError as err:
        _recover(dest)
        raise _write_error(err, dest) from err
    except BaseException:
        _recover(dest)
        raise
    hook.step()
    try:
        for index, (rel, step) in enumerate(ops):
            target = dest / rel
            if _lexists(target):
                os.rename(target, names["undo"] / str(index))
                hook.step()
            if step is not None:
                _make_parents(dest, rel, hook)
                os.rename(names["new"] / str(index), target)
                hook.step()
                info = os.stat(target)
                entries[rel] = (step.signature, info.st_size, info.st_mtime_ns)
        for rel in deleted:
            _prune_empty((dest / rel).parent, dest)
        names["journal"].unlink()   # committed: the new site stands
        hook.step()
    except OSError as err:
        _recover(dest)
        raise _write_error(err, dest) from err
    except BaseException:
        _recover(dest)
        raise
    shutil.rmtree(names["undo"])
    shutil.rmtree(names["new"])
    hook.step()
    return entries


def _put(step: _Step, target: Path) -> None:
    if step.src is not None:
        _copy(step.src, target, step.mode)
    else:
        _write_new(target, _encode(step.text or ""))


def _write_error(err: OSError, dest: Path) -> ReblogError:
    where = f" ({err.filename})" if err.filename else ""
    return ReblogError(f"could not write the site: {err.strerror or err}{where}; {dest} is unchanged")


def _lexists(path: Path) -> bool:
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return False
    return True


def _make_parents(dest: Path, rel: str, hook: _TestHook) -> None:
    """Create the missing folders above ``rel`` in the destination (0777 minus the umask)."""
    parts = rel.split("/")[:-1]
    folder = dest
    for part in parts:
        folder = folder / part
        if not folder.is_dir() or folder.is_symlink():
            os.mkdir(folder)   # a file or link in the way would have been moved aside first
            hook.step()


def _prune_empty(folder: Path, root: Path) -> None:
    """Remove folders a deletion left empty, up to (not including) the destination."""
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _rollback(dest: Path, names: dict[str, Path], hook: _TestHook) -> bool:
    """Undo an in-place update the journal says was under way; False when the journal is unusable.

    Only renames, each undone by the next: a rollback that is itself interrupted is simply run
    again by the next command.
    """
    try:
        journal = json.loads(names["journal"].read_bytes().decode("utf-8", "surrogatepass"))
        ops = [(str(rel), bool(is_write)) for rel, is_write in journal["ops"]]
    except (OSError, ValueError, TypeError, KeyError):
        return False
    if any(_confined(rel) is None for rel, _ in ops):
        return False   # not a journal this writer made: touch nothing under the destination
    for index in reversed(range(len(ops))):
        rel, is_write = ops[index]
        target = dest / rel
        if is_write:
            fresh = names["new"] / str(index)
            if not _lexists(fresh) and _lexists(target) and not target.is_dir():
                os.rename(target, fresh)   # the new file was moved in: move it out again
                hook.step()
            _prune_empty(target.parent, dest)
        saved = names["undo"] / str(index)
        if _lexists(saved):
            target.parent.mkdir(parents=True, exist_ok=True)
            os.rename(saved, target)
            hook.step()
    return True


def _names(dest: Path) -> dict[str, Path]:
    """The writer's names beside the destination.

    A whole-site write uses the stage, the old tree, the ready marker and the spare (the site
    before, kept for the next whole-site write to recycle); an in-place update the new files,
    the undo folder (what it displaced) and the journal.
    """
    base = dest.parent / _prefix(dest)
    return {name: Path(f"{base}{name}")
            for name in ("stage", "old", "ready", "spare", "new", "undo", "journal")}


def _prefix(dest: Path) -> str:
    return f".{dest.name}.reblog-"


def is_writer_folder(dest: Path, path: Path) -> bool:
    """Whether ``path`` (resolved) is one of the writer's names beside ``dest`` (resolved): its
    stage, its spare... They hold built output, never a site's sources."""
    return path.parent == dest.parent and path.name.startswith(_prefix(dest))


def recover(dest: Path, keep_spare: bool = True) -> list[str]:
    """Finish or undo an interrupted write to ``dest``; returns what was done, for a note.

    Runs before anything else touches the destination. Only names the writer itself makes
    beside ``dest`` are touched. The spare is no leftover: it stays, unless ``keep_spare``
    is False (``reblog clean``).
    """
    dest = dest.resolve()
    spare = _names(dest)["spare"].name
    try:
        leftovers = [name for name in os.listdir(dest.parent)
                     if name.startswith(f".{dest.name}.") and (name != spare or not keep_spare)]
    except OSError:
        return []
    if not leftovers:
        return []   # the usual case: nothing was interrupted, no lock needed
    with _Lock(dest.parent):
        return _recover(dest, keep_spare)


def _recover(dest: Path, keep_spare: bool = True) -> list[str]:
    names = _names(dest)
    notes: list[str] = []
    if names["journal"].exists() and dest.is_dir() and _rollback(dest, names, _TestHook.from_env()):
        notes.append(f"restored {dest} (the previous site) after an interrupted update")
    if not dest.exists() and not dest.is_symlink():
        if names["ready"].exists() and names["stage"].is_dir():
            os.rename(names["stage"], dest)
            notes.append(f"restored {dest} (the new site) after an interrupted write")
        elif names["old"].is_dir():
            os.rename(names["old"], dest)
            notes.append(f"restored {dest} (the previous site) after an interrupted write")
    # A stage a killed write left is deleted, not recycled: the spare is only ever a whole
    # site that a write replaced (a killed build costs the next one new inodes, nothing more).
    for path in (names["stage"], names["old"], names["new"], names["undo"],
                 *([] if keep_spare else [names["spare"]])):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
    for path in (names["ready"], names["journal"], Path(f"{names['journal']}.tmp")):
        path.unlink(missing_ok=True)
    try:
        siblings = list(os.scandir(dest.parent))
    except OSError:
        return notes
    # Earlier reblog versions named their stages and old trees at random: drop those too.
    stale = re.compile(rf"\.{re.escape(dest.name)}\.(reblog|old)-[A-Za-z0-9_]+")
    for entry in siblings:
        if stale.fullmatch(entry.name) and entry.name != names["spare"].name and entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
    return notes


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2(RENAME_EXCHANGE)``); False where unsupported."""
    if not hasattr(os, "uname") or os.uname().sysname != "Linux":
        return False
    import ctypes   # here: only a whole-site write needs it, and importing it costs a build

    libc = ctypes.CDLL(None, use_errno=True)   # the C library the interpreter already uses
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


class _Lock:
    """An advisory lock on the destination's parent folder for the length of one write."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.handle = -1
        self.handed_over = False   # a child process holds the lock on (``_delete_later``)

    def __enter__(self) -> _Lock:
        self.handle = os.open(self.folder, os.O_RDONLY | os.O_CLOEXEC)
        fcntl.flock(self.handle, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc: object) -> None:
        # flock belongs to the open file, which a child given it shares: unlocking here would
        # unlock it for the child too. Closing only this descriptor leaves the child's.
        if not self.handed_over:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
        os.close(self.handle)


def _umask() -> int:
    """The process's umask, read without changing it (other threads may be creating files)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    current = os.umask(0o022)
    os.umask(current)
    return current


@dataclass
class _TestHook:
    """``REBLOG_TEST_WRITE=crash-after=N[,no-exchange]``: the kill test's way in.

    ``crash-after=N`` ends the process (``os._exit``, as a kill would) after N file operations
    of the write; ``no-exchange`` takes the two-rename path a file system without
    ``RENAME_EXCHANGE`` takes. Unset (always, outside the test suite) it does nothing.
    """

    crash_after: int | None = None
    no_exchange: bool = False
    count: int = 0
    counting: threading.Lock = field(default_factory=threading.Lock)   # steps run on threads
    victim: int | None = None   # the early stage's helper kills the build instead, and goes on

    @classmethod
    def from_env(cls) -> _TestHook:
        """The hook the environment asks for (none normally)."""
        value = os.environ.get("REBLOG_TEST_WRITE")
        hook = cls()
        for part in (value or "").split(","):
            if part.startswith("crash-after="):
                hook.crash_after = int(part.partition("=")[2])
            elif part == "no-exchange":
                hook.no_exchange = True
        return hook

    def step(self) -> None:
        """One file operation done."""
        if self.crash_after is None:
            return
        with self.counting:
            self.count += 1
            if self.count < self.crash_after:
                return
            if self.victim is None:
                os._exit(86)
            os.kill(self.victim, signal.SIGKILL)
            self.crash_after = None


def dest_entries(output: Output, dest: Path) -> dict[str, DestEntry]:
    """What the destination holds for this output now (for a caller that did not keep the write's)."""
    entries: dict[str, DestEntry] = {}
    for rel, text, src in _items(output):
        info = (dest / rel).stat()
        signature = file_signature(text or "") if src is None else _copy_signature(src)
        entries[rel] = (signature, info.st_size, info.st_mtime_ns)
    return entries


def _copy_signature(src: Path) -> str:
    info = src.stat()
    return f"c:{src}:{info.st_size}:{info.st_mtime_ns}"


def _all_files(root: Path) -> list[str]:
    found: list[str] = []
    if not root.is_dir():
        return found
    for folder, _dirs, files in os.walk(root):
        for name in files:
            found.append((Path(folder) / name).relative_to(root).as_posix())
    return found
