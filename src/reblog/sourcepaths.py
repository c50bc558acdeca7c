"""Paths the reader may read: Jekyll's ``in_source_dir`` and the rule that no symlink leads out.

Jekyll confines every ``*_dir`` setting to the source with ``Jekyll.sanitized_path``: the value
is expanded against ``/`` (so ``..`` cannot climb), kept when it already names a place inside
the source, and otherwise re-rooted under it (``/etc`` becomes ``SOURCE/etc``). Its safe mode
also skips symlinks whose target lies outside the source; reblog applies that rule always.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

_SLASHES = re.compile(r"/{2,}")


def in_source_dir(source: Path, *parts: object) -> Path:
    """``source`` joined with each part the way Jekyll's ``Site#in_source_dir`` does."""
    base = str(source)
    for part in parts:
        base = _sanitized(base, None if part is None else str(part))
    return Path(base)


def _sanitized(base: str, questionable: str | None) -> str:
    """Jekyll's PathManager.sanitized_path: the path inside ``base``, never above it."""
    if questionable is None or questionable == base:
        return base
    clean = "/" + questionable if questionable.startswith("~") else questionable
    # File.expand_path(clean, "/"): lexical, against the root, ".." stops at "/".
    clean = _SLASHES.sub("/", posixpath.normpath(posixpath.join("/", clean)))
    if clean == base or clean.startswith(base.rstrip("/") + "/"):
        return clean
    clean = re.sub(r"\A\w:/", "/", clean)
    return base.rstrip("/") + clean if clean != "/" else base


def display_path(path: Path, source: Path) -> str:
    """A path as messages name it: from the site's folder when inside it, else in full."""
    try:
        return path.relative_to(source).as_posix()
    except ValueError:
        return str(path)


def real_path(path: Path) -> Path | None:
    """The path with every symlink resolved; None when that fails (a loop, no permission)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None


def is_within(real: Path, real_root: Path) -> bool:
    """Whether a resolved path is ``real_root`` or inside it."""
    return real == real_root or real_root in real.parents


def leads_outside(path: Path, real_root: Path) -> bool:
    """Whether following ``path`` (a file or folder, symlinks included) leaves ``real_root``."""
    real = real_path(path)
    return real is None or not is_within(real, real_root)
