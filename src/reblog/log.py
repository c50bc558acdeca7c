"""Console messages with Jekyll's levels (quiet, normal, verbose), no global state."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TextIO


@dataclass
class Logger:
    """Writes warnings and information to a stream, honouring quiet and verbose."""

    quiet: bool = False
    verbose: bool = False
    stream: TextIO = field(default_factory=lambda: sys.stderr)
    warnings: list[str] = field(default_factory=list)

    def info(self, message: str) -> None:
        """Print a normal progress message unless quiet."""
        if not self.quiet:
            print(message, file=self.stream)

    def debug(self, message: str) -> None:
        """Print a detail only in verbose mode."""
        if self.verbose:
            print(message, file=self.stream)

    def warn(self, message: str) -> None:
        """Print and remember a warning (warnings are shown even when quiet)."""
        self.warnings.append(message)
        print(f"Warning: {message}", file=self.stream)
