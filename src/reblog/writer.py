"""Write a build into the destination: staged beside it, then swapped in, so a failure keeps the old site."""

from __future__ import annotations

import fnmatch
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ReblogError


@dataclass
class Output:
    """What a build writes: rendered files by path and static files to copy."""

    files: dict[str, str | bytes] = field(default_factory=dict)    # dest-relative path -> text
    copies: dict[str, Path] = field(default_factory=dict)          # dest-relative path -> source


def check_destination(source: Path, dest: Path) -> None:
    """Refuse a destination that would overwrite the sources: the source itself or a folder above it."""
    src = source.resolve()
    dst = dest.resolve()
    if dst == src or src.is_relative_to(dst):
        raise ReblogError(
            f"destination {dest} is the source folder or contains it; refusing to overwrite sources",
            "_config.yml",
        )
    if dst == Path(dst.anchor):
        raise ReblogError("destination is the root of the file system; refusing", "_config.yml")


def kept(rel: str, keep: Iterable[str]) -> bool:
    """Whether a destination path is covered by ``keep_files``."""
    return any(rel == k.rstrip("/") or rel.startswith(k.rstrip("/") + "/") or fnmatch.fnmatch(rel, k)
               for k in keep)


_kept = kept


def _same_file(old: Path, src: Path) -> bool:
    try:
        a, b = old.stat(), src.stat()
    except OSError:
        return False
    return a.st_size == b.st_size and int(a.st_mtime) == int(b.st_mtime)


def write_site(output: Output, dest: Path, keep_files: Iterable[str]) -> int:
    """Build the new tree beside ``dest`` and swap it in; returns the number of files written."""
    keep = list(keep_files)
    dest = dest.resolve()
    dest.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{dest.name}.reblog-", dir=dest.parent))
    try:
        count = _fill_stage(output, stage, dest)
        if dest.is_dir():
            _carry_kept_files(dest, stage, keep, output)
        _swap(stage, dest)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return count


def _fill_stage(output: Output, stage: Path, dest: Path) -> int:
    count = 0
    for rel, text in output.files.items():
        target = stage / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            with target.open("w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        count += 1
    for rel, src in output.copies.items():
        if rel in output.files:
            continue
        target = stage / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        old = dest / rel
        # An unchanged static file from the previous build is linked, not copied again.
        if _same_file(old, src) and not old.is_symlink():
            try:
                os.link(old, target)
                count += 1
                continue
            except OSError:
                pass
        shutil.copy2(src, target)
        count += 1
    return count


def _carry_kept_files(dest: Path, stage: Path, keep: list[str], output: Output) -> None:
    """Move ``keep_files`` entries of the old destination into the new tree."""
    if not keep:
        return
    for root, dirs, files in os.walk(dest):
        rel_root = Path(root).relative_to(dest).as_posix()
        for name in list(dirs) + files:
            rel = f"{rel_root}/{name}" if rel_root != "." else name
            if _kept(rel, keep) and rel not in output.files and rel not in output.copies:
                target = stage / rel
                if target.exists():
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(Path(root) / name, target)
                if name in dirs:
                    dirs.remove(name)


def _swap(stage: Path, dest: Path) -> None:
    """Put the staged tree in place of the destination, then delete the old tree."""
    if dest.exists() or dest.is_symlink():
        if dest.is_symlink() or not dest.is_dir():
            raise ReblogError(f"destination {dest} exists and is not a folder; refusing to replace it")
        trash = Path(tempfile.mkdtemp(prefix=f".{dest.name}.old-", dir=dest.parent))
        os.replace(dest, trash / dest.name)
        os.replace(stage, dest)
        shutil.rmtree(trash, ignore_errors=True)
    else:
        os.replace(stage, dest)


# What the destination holds for one path: the signature of what was written, size, mtime (ns).
DestEntry = tuple[str, int, int]


def file_signature(text: str | bytes) -> str:
    """The signature of a rendered file: a hash of its bytes."""
    data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogateescape")
    return "h:" + hashlib.blake2b(data, digest_size=16).hexdigest()


def copy_signature(src: Path) -> str:
    """The signature of a static file: its source path, size and mtime."""
    stat = src.stat()
    return f"c:{src}:{stat.st_size}:{stat.st_mtime_ns}"


def _signature(text: str | bytes | None, src: Path | None) -> str:
    """The signature of one ``_items`` entry: its text's, or (for a copy) its source's."""
    if src is None:
        assert text is not None  # _items pairs every file without a source with its text
        return file_signature(text)
    return copy_signature(src)


def _items(output: Output) -> Iterator[tuple[str, str | bytes | None, Path | None]]:
    yield from ((rel, text, None) for rel, text in output.files.items())
    yield from ((rel, None, src) for rel, src in output.copies.items() if rel not in output.files)


def sync_site(
    output: Output, dest: Path, keep_files: Iterable[str], previous: Mapping[str, DestEntry],
) -> tuple[int, int, dict[str, DestEntry]]:
    """Update a destination the last build wrote, in place: only files whose signature changed.

    ``previous`` is what the last build wrote (checked against the disk by the caller). Each
    file is replaced atomically (temp file + rename); paths no longer built are deleted. Returns
    the number of files in the site, the number written, and the new entries.
    """
    keep = list(keep_files)
    dest = dest.resolve()
    entries: dict[str, DestEntry] = {}
    written = 0
    for rel, text, src in _items(output):
        signature = _signature(text, src)
        old = previous.get(rel)
        target = dest / rel
        if old is not None and old[0] == signature:
            entries[rel] = old
            continue
        replace_file(target, text, src)
        stat = target.stat()
        entries[rel] = (signature, stat.st_size, stat.st_mtime_ns)
        written += 1
    for rel in set(previous) - set(entries):
        if not kept(rel, keep):
            (dest / rel).unlink(missing_ok=True)
            prune_empty((dest / rel).parent, dest)
    return len(entries), written, entries


def replace_file(target: Path, text: str | bytes | None, src: Path | None = None) -> None:
    """Write text (or copy ``src``) beside ``target`` and rename it over, never half-written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=".reblog-", dir=target.parent)
    try:
        if src is not None:
            os.close(handle)
            shutil.copy2(src, temp)
        else:
            data = text if isinstance(text, bytes) else str(text).encode("utf-8", "surrogateescape")
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def prune_empty(folder: Path, root: Path) -> None:
    """Remove folders a deletion left empty, up to (not including) the destination."""
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def dest_entries(output: Output, dest: Path) -> dict[str, DestEntry]:
    """What a full write put in the destination, for the next build's in-place update."""
    entries: dict[str, DestEntry] = {}
    for rel, text, src in _items(output):
        stat = (dest / rel).stat()
        signature = _signature(text, src)
        entries[rel] = (signature, stat.st_size, stat.st_mtime_ns)
    return entries


def output_map(pairs: Mapping[str, str]) -> Output:
    """An Output of rendered files only (for tests and generators)."""
    return Output(files=dict(pairs))
