"""Replacing a file so that a reader sees the old bytes or the new, never half (temp file + rename).

The build cache, the encoded image variants and the drawn social cards are written this way: a
build killed mid-write must leave a file that the next build can trust or ignore, not a torn one.
(Outputs under the destination are written by ``writer``, which stages a whole new site instead.)
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def replace_atomically(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Make ``path`` hold what ``write`` writes to the stream it is given, or what it held before.

    The temp file is in ``path``'s folder (a rename across filesystems would not be atomic) and
    starts with a dot, so a half-written one left by a killed process is never taken for content.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
