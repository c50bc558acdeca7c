"""The one error type every user-facing failure uses: a message with a file and a line."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass
class ReblogError(Exception):
    """A build failure the user can act on: printed as one ``file:line: message`` line."""

    message: str
    file: str | None = None
    line: int | None = None

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        where = self.file or ""
        if self.file and self.line:
            where += f":{self.line}"
        return f"{where}: {self.message}" if where else self.message

    def at(self, file: str, line: int | None = None) -> ReblogError:
        """Return this error located in ``file`` unless it already names one."""
        if self.file is None:
            self.file = file
            if self.line is None:
                self.line = line
        return self


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """``; did you mean 'post'?`` for the closest of ``choices`` to a misspelt ``name``, else ``""``."""
    close = difflib.get_close_matches(name, sorted(set(choices)), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""
