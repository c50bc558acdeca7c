"""Watch the source with watchfiles, ignoring the output, caches, VCS folders and editor temp files."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

import watchfiles
from watchfiles import Change, DefaultFilter

IGNORED_DIRS = (*DefaultFilter.ignore_dirs, ".jekyll-cache", ".sass-cache")
IGNORED_NAMES = (
    *DefaultFilter.ignore_entity_patterns,
    r"~$",                        # Emacs and others: backup files
    r"^\.#",                      # Emacs: lock files
    r"\.sw[a-p]$",                # Vim: swap files
    r"^4913$",                    # Vim: its probe file for a writable folder
    r"^\.jekyll-metadata$",
    r"^\.reblog-",                # the dev server's own half-written files
)

# ``reblog build``'s staged and discarded trees (``._site.reblog-*``, ``._site.old-*``).
_STAGED_TREE = re.compile(r"^\..+\.(reblog|old)-")


class SourceFilter(DefaultFilter):
    """watchfiles' default filter plus reblog's ignores and the destination folder(s)."""

    def __init__(self, ignored_roots: Iterable[Path], only: Iterable[Path] | None = None) -> None:
        super().__init__(ignore_dirs=IGNORED_DIRS, ignore_entity_patterns=IGNORED_NAMES)
        self.ignored_roots = [Path(p).resolve() for p in ignored_roots]
        self.only = {Path(p).resolve() for p in only} if only is not None else None

    def __call__(self, change: Change, path: str) -> bool:
        """Whether a change to this path should trigger a rebuild."""
        candidate = Path(path)
        if self.only is not None and candidate not in self.only:
            return False
        if any(candidate == root or root in candidate.parents for root in self.ignored_roots):
            return False
        if any(_STAGED_TREE.match(part) for part in candidate.parts):
            return False
        return super().__call__(change, path)


class SourceWatcher:
    """A background thread that calls ``on_change`` with each debounced batch of changed paths."""

    def __init__(
        self, source: Path, ignored_roots: Iterable[Path],
        on_change: Callable[[set[Path]], None], debounce_ms: int = 1600, step_ms: int = 10,
        only: Iterable[Path] | None = None,
    ) -> None:
        self.source = source.resolve()
        # ``only``: watch just these files of the folder (a config file outside the source).
        self.recursive = only is None
        self.filter = SourceFilter(ignored_roots, only)
        self.on_change = on_change
        self.debounce_ms = debounce_ms
        # A batch is handed over once no event came for step_ms: an editor's save (write, or
        # write and rename) is one burst of events well under 10 ms, and every ms here is a ms
        # between saving and seeing the page.
        self.step_ms = step_ms
        self.stop_event = threading.Event()
        self.ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="reblog-watcher", daemon=True)

    def start(self) -> None:
        """Start watching."""
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop watching and wait for the thread (a rebuild in progress finishes first)."""
        self.stop_event.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        changes = watchfiles.watch(
            self.source, watch_filter=self.filter, stop_event=self.stop_event,
            debounce=self.debounce_ms, step=self.step_ms, rust_timeout=500,
            yield_on_timeout=True, raise_interrupt=False, recursive=self.recursive,
        )
        for batch in changes:
            # The first (timeout) yield means the OS watch is in place.
            self.ready.set()
            if self.stop_event.is_set():
                break
            if batch:
                self.on_change({Path(path) for _change, path in batch})
