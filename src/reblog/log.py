"""Console messages with Jekyll's levels (quiet, normal, verbose), no global state.

On GitHub Actions (``Logger.github`` set) every warning and error is also printed as a workflow
command, so it shows on the file and line it names in a pull request, and phases are grouped.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TextIO

from .ci import GitHubActions, workflow_command


class Located(Protocol):
    """An error that knows where it is (``reblog.errors.ReblogError``; log sits below errors)."""

    message: str
    file: str | None
    line: int | None


def counted(count: int, noun: str) -> str:
    """``1 file``, ``2 files``: a count with its noun in messages."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class Message:
    """One warning or error, with what kind of problem it is and where (relative to the site)."""

    level: str                 # "warning" or "error"
    text: str
    kind: str = "other"
    file: str | None = None    # relative to the site's source folder (or absolute)
    line: int | None = None

    def as_dict(self) -> dict[str, str | int | None]:
        """For ``--format json``."""
        return {"level": self.level, "kind": self.kind, "file": self.file, "line": self.line,
                "message": self.text}


@dataclass
class Logger:
    """Writes warnings and information to a stream, honouring quiet and verbose."""

    quiet: bool = False
    verbose: bool = False
    stream: TextIO = field(default_factory=lambda: sys.stderr)
    warnings: list[str] = field(default_factory=list)
    github: GitHubActions | None = None   # set on GitHub Actions: annotations and groups
    ci: bool = False                      # on a CI service (CI=true): no progress line
    source: Path = Path(".")              # the site's folder, which message files are relative to
    messages: list[Message] = field(default_factory=list)
    progress_after: float = 2.0           # seconds a phase runs before its progress line appears
    _groups: int = field(default=0, init=False, repr=False)
    _pending: str | None = field(default=None, init=False, repr=False)   # a group not shown yet

    def info(self, message: str) -> None:
        """Print a normal progress message unless quiet."""
        if not self.quiet:
            self._print(message)

    def debug(self, message: str) -> None:
        """Print a detail only in verbose mode."""
        if self.verbose:
            self._print(message)

    def _print(self, text: str) -> None:
        if self._pending is not None:
            # A group opens with its first line: phases that print nothing leave no empty fold.
            print(workflow_command("group", self._pending, {}), file=self.stream)
            self._pending = None
        print(text, file=self.stream, flush=self.github is not None)

    def warn(self, message: str, *, kind: str = "other", file: str | None = None,
             line: int | None = None) -> None:
        """Print and remember a warning (warnings are shown even when quiet)."""
        self.warnings.append(message)
        self.messages.append(Message("warning", message, kind, file, line))
        self._print(f"Warning: {message}")
        self.annotate("warning", message, file, line)

    def error(self, err: Located, kind: str = "error") -> None:
        """Print an error that stops the command as one ``Error: file:line: message`` line."""
        self.messages.append(Message("error", err.message, kind, err.file, err.line))
        self._print(f"Error: {err}")
        self.annotate("error", err.message, err.file, err.line)

    def annotate(self, level: str, message: str, file: str | None = None, line: int | None = None) -> None:
        """On GitHub Actions, print ``message`` as an ``::error``/``::warning`` on ``file`` (site-relative)."""
        if self.github is not None:
            path = self.source / file if file is not None else None
            self._print(self.github.annotation(level, message, path, line))

    @contextmanager
    def group(self, title: str) -> Iterator[None]:
        """A folded section of the Actions log around what is printed inside (GitHub does not nest them)."""
        outer = self.github is not None and self._groups == 0
        self._groups += 1
        if outer:
            self._pending = title
        try:
            yield
        finally:
            self._groups -= 1
            if outer:
                if self._pending is None:   # it was opened: close it
                    print(workflow_command("endgroup", "", {}), file=self.stream, flush=True)
                self._pending = None

    @property
    def progress(self) -> bool:
        """Whether a progress line that rewrites itself may be shown: on a terminal, not in CI logs."""
        return (not self.quiet and self.github is None and not self.ci
                and bool(getattr(self.stream, "isatty", lambda: False)()))

    def show_progress(self, label: str, done: int, total: int, started: float, *, last: bool = False,
                      what: str = "") -> None:
        """Rewrite the progress line: ``Images: 40/120 encoded (33%, about 12 s left)``; only when ``progress``."""
        if not self.progress or total <= 0:
            return
        elapsed = time.perf_counter() - started
        left = f", about {elapsed / done * (total - done):.0f} s left" if 0 < done < total else ""
        print(f"\r{label}: {done}/{total}{' ' + what if what else ''} ({done * 100 // total}%{left})\033[K",
              end="\n" if last else "", file=self.stream, flush=True)

    def progress_line(self, label: str, total: int, what: str = "") -> Progress:
        """A progress line for one phase of ``total`` steps (shown only on a terminal, after ``progress_after``)."""
        return Progress(self, label, total, what)

    def counts(self) -> dict[str, int]:
        """Warnings by kind, most frequent first."""
        found: dict[str, int] = {}
        for message in self.messages:
            if message.level == "warning":
                found[message.kind] = found.get(message.kind, 0) + 1
        return dict(sorted(found.items(), key=lambda item: (-item[1], item[0])))


class Progress:
    """One phase's progress line: silent for its first ``Logger.progress_after`` seconds, then rewritten.

    Short phases print nothing, so a quick build's output stays as it was; quiet, piped and CI
    runs never print one (``Logger.progress``).
    """

    _EVERY = 0.1   # seconds between redraws: a fast phase must not spend its time printing

    def __init__(self, log: Logger, label: str, total: int, what: str = "") -> None:
        self.log = log
        self.label = label
        self.total = total
        self.what = what
        self.done = 0
        self.started = time.perf_counter()
        self.shown = False
        self._drawn = 0.0

    def update(self, done: int) -> None:
        """``done`` of ``total`` steps are finished."""
        self.done = done
        if self.total <= 0 or not self.log.progress:
            return
        now = time.perf_counter()
        if now - self.started < self.log.progress_after:
            return
        if self.shown and now - self._drawn < self._EVERY:
            return
        self.log.show_progress(self.label, done, self.total, self.started, what=self.what)
        self.shown, self._drawn = True, now

    def advance(self, count: int = 1) -> None:
        """``count`` more steps are finished."""
        self.update(self.done + count)

    def finish(self) -> None:
        """End the line (with the final count) if it was shown; nothing otherwise."""
        if self.shown:
            self.log.show_progress(self.label, self.done, self.total, self.started, last=True,
                                   what=self.what)
            self.shown = False
