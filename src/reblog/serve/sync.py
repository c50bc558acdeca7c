"""Keep the served destination equal to the latest build, touching only files whose bytes changed."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..writer import Output, kept, prune_empty, replace_file

_Signature = tuple[str, int, int]  # for copies: source path, size, mtime in ns


@dataclass
class SyncResult:
    """Which destination files one sync wrote and deleted."""

    written: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)


def _encode(text: str | bytes) -> bytes:
    return text if isinstance(text, bytes) else text.encode("utf-8", "surrogateescape")


class DestinationSync:
    """Writes builds into one destination folder in place, remembering what it last wrote."""

    def __init__(self, dest: Path, keep_files: Iterable[str] = ()) -> None:
        self.dest = dest.resolve()
        self.keep = list(keep_files)
        self._digests: dict[str, str] = {}
        self._copies: dict[str, _Signature] = {}
        self._synced = False

    def sync(self, output: Output) -> SyncResult:
        """Make the destination hold exactly this output (plus ``keep_files``)."""
        result = SyncResult()
        first = not self._synced
        wanted: set[str] = set()
        for rel, text in output.files.items():
            wanted.add(rel)
            data = _encode(text)
            digest = hashlib.sha1(data).hexdigest()
            if self._digests.get(rel) == digest and not first:
                continue
            target = self.dest / rel
            # On the first sync the folder may hold an earlier build: compare with the disk.
            if first and _same_bytes(target, data):
                self._digests[rel] = digest
                continue
            replace_file(target, data)
            self._digests[rel] = digest
            self._copies.pop(rel, None)
            result.written.append(rel)
        for rel, source in output.copies.items():
            if rel in output.files:
                continue
            wanted.add(rel)
            signature = _signature(source)
            target = self.dest / rel
            if self._copies.get(rel) == signature and not first:
                continue
            if first and _same_static(target, source):
                self._copies[rel] = signature
                continue
            replace_file(target, None, source)
            self._copies[rel] = signature
            self._digests.pop(rel, None)
            result.written.append(rel)
        result.deleted = self._delete_others(wanted, first)
        self._synced = True
        return result

    def _delete_others(self, wanted: set[str], first: bool) -> list[str]:
        """Remove outputs that disappeared (on the first sync: anything a build would not write)."""
        if first:
            stale = [rel for rel in _all_files(self.dest) if rel not in wanted]
        else:
            stale = [rel for rel in set(self._digests) | set(self._copies) if rel not in wanted]
        deleted: list[str] = []
        for rel in sorted(stale):
            self._digests.pop(rel, None)
            self._copies.pop(rel, None)
            if kept(rel, self.keep):
                continue
            path = self.dest / rel
            if path.is_file() or path.is_symlink():
                path.unlink()
                deleted.append(rel)
                prune_empty(path.parent, self.dest)
        return deleted


def _signature(source: Path) -> _Signature:
    stat = source.stat()
    return (str(source), stat.st_size, stat.st_mtime_ns)


def _same_bytes(target: Path, data: bytes) -> bool:
    try:
        return not target.is_symlink() and target.stat().st_size == len(data) and target.read_bytes() == data
    except OSError:
        return False


def _same_static(target: Path, source: Path) -> bool:
    try:
        if target.is_symlink() or target.stat().st_size != source.stat().st_size:
            return False
        return target.read_bytes() == source.read_bytes()
    except OSError:
        return False


def _all_files(root: Path) -> list[str]:
    found: list[str] = []
    if not root.is_dir():
        return found
    for folder, _dirs, files in os.walk(root):
        for name in files:
            found.append((Path(folder) / name).relative_to(root).as_posix())
    return found
