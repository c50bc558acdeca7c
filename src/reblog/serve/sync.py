"""Keep the served destination equal to the latest build, through the build's own writer.

The dev server writes exactly as ``reblog build`` does (``reblog.writer.write_output``: every
path confined to the destination, the new site staged beside it and swapped in whole); all it
adds is memory of what it last wrote, so a save re-writes only the files whose bytes changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..writer import DestEntry, Output, write_output


@dataclass
class SyncResult:
    """Which destination files one sync wrote and deleted."""

    written: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)


class DestinationSync:
    """Writes builds into one destination folder, remembering what it last wrote."""

    def __init__(self, dest: Path, keep_files: Iterable[str] = ()) -> None:
        self.dest = dest.resolve()
        self.keep = list(keep_files)
        self._entries: dict[str, DestEntry] | None = None

    def sync(self, output: Output) -> SyncResult:
        """Make the destination hold exactly this output (plus ``keep_files``)."""
        # The first sync compares with what an earlier build left on disk, so an unchanged
        # file keeps its modification time (and browsers their caches).
        result = write_output(output, self.dest, self.keep, self._entries,
                              reuse_identical=self._entries is None)
        self._entries = result.entries
        return SyncResult(result.written, result.deleted)
