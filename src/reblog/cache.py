"""The persistent build cache in ``.reblog-cache/build/``: what the last build read, rendered and wrote.

Three files, each a pickle written atomically (temp file + ``os.replace``) and stamped with the
cache key and the build's token:

- ``manifest.pickle``: the size and modification time of every source file, and of every file
  the build wrote into the destination. When neither changed, the build has nothing to do.
- ``snapshot.pickle``: per-document states (the ``reblog.incremental`` snapshot the dev server
  keeps in memory): a later build renders again only the outputs whose recorded inputs changed.
- ``markdown.pickle``: converted Markdown and highlighted code by content hash, so a document that
  has to render again (its layout changed, say) does not convert its Markdown again.

The key is reblog's version and code, the whole merged configuration and the environment
variables that change output: a cache made by another reblog or with other settings is never
reused, and a cache file that cannot be read is ignored.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import secrets
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .errors import ReblogError

CACHE_ROOT = ".reblog-cache"
BUILD_CACHE = f"{CACHE_ROOT}/build"
# Folders whose files never affect a build (version control, caches of any generator).
_SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", CACHE_ROOT, ".jekyll-cache", ".sass-cache"})
_FORMAT = 1   # bumped when the layout of the cache files changes

Stat = tuple[int, int]                      # size, mtime in ns
DestEntry = tuple[str, int, int]            # signature of what was written, size, mtime in ns


def _hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def code_version() -> str:
    """reblog's version and a fingerprint of its code: a development checkout changes without a bump."""
    package = Path(__file__).parent
    entries = []
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".yml", ".html", ".scss", ".css", ".json") and path.is_file():
            stat = path.stat()
            entries.append(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}")
    return f"{__version__}:{_FORMAT}:{_hash(chr(10).join(entries).encode())}"


def settings_key(config: Mapping[str, Any]) -> str:
    """The cache key: reblog's code, the merged configuration, the environment that shapes output."""
    env = (os.environ.get("JEKYLL_ENV", ""), os.environ.get("TZ", ""))
    return _hash(repr((code_version(), _stable_repr(config), env)).encode("utf-8", "surrogatepass"))


def _stable_repr(value: Any) -> Any:
    """Mapping order does not matter to the config's meaning; sort it so the key is stable."""
    if isinstance(value, Mapping):
        return sorted((str(k), _stable_repr(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [_stable_repr(v) for v in value]
    return repr(value)


def scan_source(source: Path, skip: Iterable[Path], extra: Iterable[Path] = ()) -> dict[str, Stat]:
    """Size and mtime of every file a build could read: the source tree (minus outputs and caches).

    ``extra`` adds files outside the source (config files given with ``--config``, a theme).
    """
    skipped = {p.resolve() for p in skip}
    found: dict[str, Stat] = {}
    root = source.resolve()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            path = Path(entry.path)
            if entry.is_dir(follow_symlinks=True):
                if entry.name in _SKIPPED_DIRS or path in skipped or _is_stage(entry.name):
                    continue
                stack.append(path)
                continue
            try:
                stat = entry.stat()
            except OSError:
                continue
            found[path.relative_to(root).as_posix()] = (stat.st_size, stat.st_mtime_ns)
    for item in extra:
        for path in ([item] if item.is_file() else sorted(p for p in item.rglob("*") if p.is_file())):
            stat = path.stat()
            found[str(path.resolve())] = (stat.st_size, stat.st_mtime_ns)
    return found


def _is_stage(name: str) -> bool:
    """The writer's staging folders beside the destination (a destination inside the source)."""
    return name.startswith(".") and (".reblog-" in name or ".old-" in name)


def changed_files(old: Mapping[str, Stat], new: Mapping[str, Stat], source: Path) -> list[Path]:
    """Files added, removed or modified between two scans, as absolute paths."""
    names = {k for k in new if old.get(k) != new[k]} | (set(old) - set(new))
    return [Path(k) if Path(k).is_absolute() else source / k for k in sorted(names)]


def dest_intact(dest: Path, entries: Mapping[str, DestEntry], keep: Iterable[str]) -> bool:
    """Whether the destination holds exactly what the last build wrote, untouched since."""
    from .writer import kept  # local: the writer imports nothing from here, keep it that way

    keep = list(keep)
    seen = 0
    for folder, _dirs, files in os.walk(dest):
        for name in files:
            path = Path(folder) / name
            rel = path.relative_to(dest).as_posix()
            entry = entries.get(rel)
            if entry is None:
                if kept(rel, keep):
                    continue
                return False
            try:
                stat = path.stat()
            except OSError:
                return False
            if (stat.st_size, stat.st_mtime_ns) != entry[1:]:
                return False
            seen += 1
    return seen == len(entries)


class ContentMemo:
    """Converted text by the hash of its source: Markdown or highlighted code, kept across builds.

    Behaves like the ``dict`` memo the site services keep (``get`` and item assignment); only the
    entries this build used are saved, so the cache does not grow without end.
    """

    def __init__(self, entries: dict[str, str] | None = None) -> None:
        self.entries = entries or {}
        self.used: dict[str, str] = {}

    def get(self, text: str, default: str | None = None) -> str | None:
        """The converted form of ``text``, or ``default``."""
        key = _hash(text.encode("utf-8", "surrogatepass"))
        found = self.used.get(key)
        if found is None:
            found = self.entries.get(key)
            if found is not None:
                self.used[key] = found
        return default if found is None else found

    def __setitem__(self, text: str, html: str) -> None:
        self.used[_hash(text.encode("utf-8", "surrogatepass"))] = html


def cached_call(memo: ContentMemo, func: Callable[..., str], label: str) -> Callable[..., str]:
    """``func`` with its results memoised by the repr of its arguments (the highlight tag)."""
    def call(*args: Any) -> str:
        key = f"{label}\x00{args!r}"
        found = memo.get(key)
        if found is None:
            found = func(*args)
            memo[key] = found
        return found
    return call


@dataclass
class CacheFiles:
    """What a previous build left in the cache, all of it made by the same build (one token)."""

    manifest: dict[str, Any] = field(default_factory=dict)
    snapshot: Any = None
    memo: ContentMemo = field(default_factory=ContentMemo)


class BuildCache:
    """Reads and writes one site's build cache; every failure to read means "no cache"."""

    def __init__(self, source: Path, key: str) -> None:
        self.root = source.resolve() / BUILD_CACHE
        self.key = key

    def _load(self, name: str) -> dict[str, Any] | None:
        try:
            with (self.root / name).open("rb") as handle:
                data = pickle.load(handle)
        except Exception:  # noqa: BLE001 - a missing, truncated or foreign file is no cache
            return None
        if not isinstance(data, dict) or data.get("key") != self.key:
            return None
        return data

    def load_manifest(self) -> dict[str, Any] | None:
        """The last build's manifest, if it was made with these settings."""
        return self._load("manifest.pickle")

    def load_snapshot(self, token: str) -> Any:
        """The last build's document snapshot, if it belongs to the manifest's build."""
        data = self._load("snapshot.pickle")
        return data["snapshot"] if data and data.get("token") == token else None

    def load_memo(self) -> ContentMemo:
        """Converted Markdown and code of earlier builds (any build with these settings)."""
        data = self._load("markdown.pickle")
        entries = data.get("entries") if data else None
        return ContentMemo(entries if isinstance(entries, dict) else None)

    def save(self, manifest: dict[str, Any], snapshot: Any, memo: ContentMemo | None) -> None:
        """Write the three files; the manifest last, so a crash leaves no manifest for new files."""
        token = secrets.token_hex(8)
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "manifest.pickle").unlink(missing_ok=True)
        self._dump("snapshot.pickle", {"key": self.key, "token": token, "snapshot": snapshot})
        if memo is not None:
            self._dump("markdown.pickle", {"key": self.key, "entries": memo.used})
        self._dump("manifest.pickle", {"key": self.key, "token": token, **manifest})

    def _dump(self, name: str, data: dict[str, Any]) -> None:
        handle, temp = tempfile.mkstemp(prefix=f".{name}.", dir=self.root)
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(data, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, self.root / name)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


def clean(source: Path, dest: Path) -> list[Path]:
    """``reblog clean``: remove the destination and the build cache, nothing else.

    The destination is refused when it is the source or a folder above it (as the build does).
    """
    from .writer import check_destination

    check_destination(source, dest)
    removed: list[Path] = []
    for path in (dest, source / CACHE_ROOT):
        if path.is_symlink():
            raise ReblogError(f"{path} is a symbolic link; refusing to delete through it")
        if path.is_dir():
            shutil.rmtree(path)
            removed.append(path)
    return removed
