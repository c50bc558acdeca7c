"""The persistent build cache in ``.reblog-cache/build/``: what the last build read, rendered and wrote.

Files of JSON data (``encode_data``: a JSON text plus its long strings as raw UTF-8; loading
one can construct nothing but strings, numbers, lists and dicts, so a crafted cache cannot run
code), each written atomically (temp file + ``os.replace``),
stamped with the format, the cache key and the build's token, and validated field by field
before use:

- ``manifest.data``: the size and modification time of every source file, and of every file
  the build wrote into the destination. When neither changed, the build has nothing to do.
- ``snapshot.data``: per-document states (the ``reblog.incremental`` snapshot the dev server
  keeps in memory): a later build renders again only the outputs whose recorded inputs changed.
- ``markdown.data``: converted Markdown and highlighted code by content hash, so a document that
  has to render again (its layout changed, say) does not convert its Markdown again.
- ``times.data``: what each output derived from an unpinned ``site.time`` and where it printed
  it, and what reading the source derived from it: a build with nothing else changed checks
  these alone (``reblog.pipeline``).

The key is reblog's version and code, the whole merged configuration and the environment
variables that change output: a cache made by another reblog or with other settings is never
reused, and a cache file that is corrupt, foreign or from an older reblog is ignored with a
one-line note.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import secrets
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from . import __version__
from .errors import ReblogError
from .writer import check_destination, dest_path_ok, kept, recover

CACHE_ROOT = ".reblog-cache"
BUILD_CACHE = f"{CACHE_ROOT}/build"
# Folders whose files never affect a build (version control, caches of any generator).
_SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", CACHE_ROOT, ".jekyll-cache", ".sass-cache"})
_FORMAT = 5   # bumped when the layout of the cache files changes

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


def settings_key(config: Mapping[str, Any], strict: bool = False) -> str:
    """The cache key: reblog's code, the merged configuration, the environment that shapes output.

    ``strict`` (``--strict``) is part of it: under it a page's warnings are errors, so results made
    without it must not stand for a strict build (nor the other way round).
    """
    env = (os.environ.get("JEKYLL_ENV", ""), os.environ.get("TZ", ""))
    key = (code_version(), _stable_repr(config), env, ("strict", strict))
    return _hash(repr(key).encode("utf-8", "surrogatepass"))


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


class BuildCache:
    """Reads and writes one site's build cache; anything it cannot fully check means "no cache".

    The files are JSON data (``encode_data``), so loading one constructs nothing but strings,
    numbers, lists and dicts: a crafted cache in a checkout cannot run code. Each is validated field by field
    against the layout this reblog writes before any of it is used; a file that fails is
    ignored with one note, never trusted in part.
    """

    def __init__(self, source: Path, key: str, note: Callable[[str], None] | None = None) -> None:
        self.source = source.resolve()
        self.root = self.source / BUILD_CACHE
        self.key = key
        self._note = note
        self._noted = False

    def _ignore(self, why: str) -> None:
        if not self._noted and self._note is not None:
            self._note(f"Note: ignoring the build cache in {BUILD_CACHE}/ ({why}); it will be rebuilt")
        self._noted = True

    def _usable_root(self) -> bool:
        """The cache folder must be inside the source (a symlinked one could point anywhere)."""
        try:
            return not self.root.exists() or self.root.resolve().is_relative_to(self.source)
        except OSError:
            return False

    def _load(self, name: str, check: Callable[[Any], bool]) -> dict[str, Any] | None:
        path = self.root / f"{name}{_SUFFIX}"
        if not self._usable_root():
            self._ignore("it is a link to a folder outside the source")
            return None
        if not path.is_file():
            if any((self.root / f"{name}{suffix}").exists() for suffix in _OLD_SUFFIXES):
                self._ignore("it was written by an older reblog")
            return None
        try:
            data = decode_data(path.read_bytes())
        except (OSError, ValueError):
            self._ignore(f"{path.name} is damaged")
            return None
        if not isinstance(data, dict) or data.get("format") != _FORMAT or not isinstance(data.get("key"), str):
            self._ignore(f"{path.name} is not a cache of this reblog")
            return None
        if data["key"] != self.key:
            self._ignore("it was made by another reblog or with other settings")
            return None
        if not check(data):
            self._ignore(f"{path.name} does not have the expected layout")
            return None
        return data

    def load_manifest(self) -> dict[str, Any] | None:
        """The last build's manifest, if it was made with these settings."""
        data = self._load("manifest", _valid_manifest)
        if data is None:
            return None
        source, dest = data["source"], data["dest"]
        numbers = source["numbers"]
        data["source"] = dict(zip(source["names"], zip(numbers[0::2], numbers[1::2])))
        numbers = dest["numbers"]
        data["dest"] = dict(zip(dest["names"], zip(dest["signatures"], numbers[0::2], numbers[1::2])))
        return data

    def load_snapshot(self, token: str) -> dict[str, Any] | None:
        """The last build's document snapshot as plain data, if it belongs to the manifest's build.

        Documents come back with ``dependencies`` as a set, ready for ``DocState(**doc)``.
        """
        data = self._load("snapshot", _valid_snapshot)
        if data is None or data.get("token") != token:
            return None
        snapshot: dict[str, Any] = data["snapshot"]
        for doc in snapshot["docs"].values():
            doc["dependencies"] = set(doc["dependencies"])
        return snapshot

    def load_memo(self) -> ContentMemo:
        """Converted Markdown and code of earlier builds (any build with these settings)."""
        data = self._load("markdown", lambda d: _str_map(d.get("entries"), _is_str))
        return ContentMemo(data["entries"] if data else None)

    def load_times(self, token: str) -> dict[str, Any] | None:
        """What the last build's outputs derived from an unpinned ``site.time``, if it is that build's.

        ``{"clean": ..., "outside": [...], "outputs": {path: [observations, prints]}, "zone": ...}``
        (``reblog.incremental.time_record``).
        """
        data = self._load("times", _valid_times)
        if data is None or data.get("token") != token:
            return None
        times: dict[str, Any] = data["times"]
        return times

    def save(
        self, manifest: dict[str, Any], snapshot: Any, memo: ContentMemo | None,
        times: dict[str, Any] | None = None,
    ) -> None:
        """Write the files; the manifest last, so a crash leaves no manifest for new files."""
        if not self._usable_root():
            return
        token = secrets.token_hex(8)
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / f"manifest{_SUFFIX}").unlink(missing_ok=True)
        for old in ("manifest", "snapshot", "markdown"):   # an older reblog's files
            for suffix in _OLD_SUFFIXES:
                (self.root / f"{old}{suffix}").unlink(missing_ok=True)
        self._dump("snapshot", {"token": token, "snapshot": snapshot})
        if memo is not None:
            self._dump("markdown", {"entries": memo.used})
        if times is not None:
            self._dump("times", {"token": token, "times": times})
        else:
            (self.root / f"times{_SUFFIX}").unlink(missing_ok=True)
        self._dump_manifest(manifest, token)

    def save_times(self, manifest: dict[str, Any], times: dict[str, Any], token: str) -> None:
        """After a build that only printed site.time text anew: the outputs' new observations and
        the destination's new entries, for the same snapshot (``token``).

        The snapshot keeps the states of the build that made it: each is still what its inputs
        made (a later build re-checks what it derived from the time), only older.
        """
        if not self._usable_root():
            return
        (self.root / f"manifest{_SUFFIX}").unlink(missing_ok=True)
        self._dump("times", {"token": token, "times": times})
        self._dump_manifest(manifest, token)

    def _dump_manifest(self, manifest: dict[str, Any], token: str) -> None:
        # In columns: thousands of two- and three-item lists are slow to parse and to check.
        source: Mapping[str, Stat] = manifest["source"]
        dest: Mapping[str, DestEntry] = manifest["dest"]
        self._dump("manifest", {
            "token": token,
            "source": {"names": list(source), "numbers": [n for stat in source.values() for n in stat]},
            "dest": {"names": list(dest), "signatures": [e[0] for e in dest.values()],
                     "numbers": [n for e in dest.values() for n in e[1:]]},
        })

    def _dump(self, name: str, data: dict[str, Any]) -> None:
        body = encode_data({"format": _FORMAT, "key": self.key, **data})
        handle, temp = tempfile.mkstemp(prefix=f".{name}.", dir=self.root)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(body)
            os.replace(temp, self.root / f"{name}{_SUFFIX}")
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


# The file format: a magic line, the length of a JSON text, the JSON text, then a blob of UTF-8.
# Strings of _BLOB_MIN characters or more (rendered pages, converted Markdown) are kept out of
# the JSON text, in the blob, and the JSON holds {_BLOB_REF: [start, end]} in their place:
# decoding them is a slice, not JSON's character-by-character unescaping (which made a JSON-only
# cache several times slower to load than the pickle it replaces). Still data only: decoding
# makes nothing but strings, numbers, lists and dicts.
_MAGIC = b"reblog cache\n"
_SUFFIX = ".data"
_OLD_SUFFIXES = (".pickle", ".json")
_BLOB_MIN = 512
_BLOB_REF = "\x00blob"


def encode_data(value: Any) -> bytes:
    """Data in the cache's file format: dicts, lists, strings, numbers, None.

    Dataclasses are written as dicts of their fields, sets and tuples as lists (the snapshot).
    A long string that occurs twice (a page whose output is its content) is stored once.
    """
    chunks: list[bytes] = []
    stored: dict[str, list[int]] = {}
    size = 0

    def out(item: Any) -> Any:
        nonlocal size
        kind = type(item)
        if kind is str:
            if len(item) < _BLOB_MIN:
                return item
            ref = stored.get(item)
            if ref is None:
                data = item.encode("utf-8", "surrogatepass")
                chunks.append(data)
                size += len(data)
                ref = stored[item] = [size - len(data), size]
            return {_BLOB_REF: ref}
        if kind is dict:
            # Short strings (most values) are taken as they are, without a call each.
            return {str(k): v if type(v) is str and len(v) < _BLOB_MIN else out(v) for k, v in item.items()}
        if kind in (list, tuple, set, frozenset):
            return [v if type(v) is str and len(v) < _BLOB_MIN else out(v) for v in item]
        if dataclasses.is_dataclass(item) and not isinstance(item, type):
            return out({f.name: getattr(item, f.name) for f in dataclasses.fields(item)})
        return item

    text = json.dumps(out(value), ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
    return b"".join([_MAGIC, b"%d\n" % len(text), text, *chunks])


def decode_data(raw: bytes) -> Any:
    """What ``encode_data`` wrote; ValueError for anything else (damaged, foreign, truncated)."""
    if not raw.startswith(_MAGIC):
        raise ValueError("not a reblog cache file")
    newline = raw.find(b"\n", len(_MAGIC))
    head = raw[len(_MAGIC):newline]
    if newline < 0 or not head.isdigit() or newline + 1 + int(head) > len(raw):
        raise ValueError("damaged header")
    base = newline + 1 + int(head)
    view, limit = memoryview(raw), len(raw) - base
    strings: dict[tuple[int, int], str] = {}

    def text(ref: Any) -> str:
        if (type(ref) is not list or len(ref) != 2 or type(ref[0]) is not int
                or type(ref[1]) is not int or not 0 <= ref[0] <= ref[1] <= limit):
            raise ValueError("damaged string reference")
        key = (ref[0], ref[1])
        found = strings.get(key)
        if found is None:   # decoded from the file's buffer, without copying it first
            found = strings[key] = str(view[base + ref[0]:base + ref[1]], "utf-8", "surrogatepass")
        return found

    def back(item: Any) -> Any:
        if type(item) is dict:
            if len(item) == 1 and _BLOB_REF in item:
                return text(item[_BLOB_REF])
            return {k: v if type(v) is str else back(v) for k, v in item.items()}
        if type(item) is list:
            return [v if type(v) is str else back(v) for v in item]
        return item

    data = json.loads(str(view[newline + 1:base], "utf-8", "surrogatepass"))
    return back(data) if limit else data   # no long strings (the manifest): nothing to resolve


def _is_str(value: Any) -> bool:
    return isinstance(value, str)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _str_map(value: Any, check: Callable[[Any], bool]) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) and check(v) for k, v in value.items())


def _valid_manifest(data: dict[str, Any]) -> bool:
    source, dest = data.get("source"), data.get("dest")
    if not _is_str(data.get("token")) or not isinstance(source, dict) or not isinstance(dest, dict):
        return False
    names: Any = source.get("names")
    numbers: Any = source.get("numbers")
    if not _strings(names) or not _ints(numbers) or len(numbers) != 2 * len(names):
        return False
    names, numbers = dest.get("names"), dest.get("numbers")
    signatures: Any = dest.get("signatures")
    return (_strings(names) and _strings(signatures) and _ints(numbers)
            and len(signatures) == len(names) and len(numbers) == 2 * len(names)
            and all(dest_path_ok(name) for name in names))


def _strings(value: Any) -> bool:
    return type(value) is list and all(type(v) is str for v in value)


def _ints(value: Any) -> bool:
    return type(value) is list and all(type(v) is int for v in value)


def _valid_snapshot(data: dict[str, Any]) -> bool:
    snapshot = data.get("snapshot")
    if not _is_str(data.get("token")) or not isinstance(snapshot, dict):
        return False
    if not _str_map(snapshot.get("site_prints"), _is_str) or not _str_map(snapshot.get("layouts"), _is_str):
        return False
    return _str_map(snapshot.get("docs"), _valid_doc)


_DOC_FIELDS = frozenset({"fingerprint", "content", "output", "dependencies", "counters_in",
                         "counters_out", "excerpts", "layers", "source_map", "prints"})


def _valid_doc(doc: Any) -> bool:
    return (
        isinstance(doc, dict) and set(doc) == _DOC_FIELDS
        and _is_str(doc["fingerprint"]) and _is_str(doc["content"])
        and (doc["output"] is None or _is_str(doc["output"]))
        and (doc["source_map"] is None or _is_str(doc["source_map"]))
        and isinstance(doc["dependencies"], list) and all(_is_str(d) for d in doc["dependencies"])
        and _str_map(doc["counters_in"], _is_int) and _str_map(doc["counters_out"], _is_int)
        and _str_map(doc["excerpts"], lambda v: v is None or _is_str(v))
        and isinstance(doc["layers"], list) and all(_valid_layer(layer) for layer in doc["layers"])
        and _valid_prints(doc["prints"])
    )


def _valid_times(data: dict[str, Any]) -> bool:
    times = data.get("times")
    if (not _is_str(data.get("token")) or not isinstance(times, dict)
            or set(times) != {"clean", "outside", "outputs", "zone"} or not _is_str(times["zone"])):
        return False
    outputs = times["outputs"]
    return (
        isinstance(times["clean"], bool) and _strings(times["outside"]) and isinstance(outputs, dict)
        and all(
            dest_path_ok(rel) and isinstance(entry, list) and len(entry) == 2 and _strings(entry[0])
            and _valid_prints(entry[1])
            for rel, entry in outputs.items()
        )
    )


def _valid_prints(prints: Any) -> bool:
    """``[[offset, length, observation, in_content], ...]`` (``reblog.sitetime.final_prints``)."""
    return isinstance(prints, list) and all(
        isinstance(p, list) and len(p) == 4 and _is_int(p[0]) and _is_int(p[1]) and p[0] >= 0
        and p[1] >= 0 and _is_str(p[2]) and isinstance(p[3], bool)
        for p in prints
    )


def _valid_layer(layer: Any) -> bool:
    """``[content received, observations made first, excerpts]`` (``reblog.incremental.time_layers``)."""
    return (
        isinstance(layer, list) and len(layer) == 3 and _is_str(layer[0]) and _strings(layer[1])
        and _strings(layer[2])
    )


def clean(source: Path, dest: Path) -> list[Path]:
    """``reblog clean``: remove the destination and the build cache, nothing else.

    The destination is refused when it is the source or a folder above it (as the build does).
    """
    check_destination(source, dest)
    recover(dest)   # an interrupted write's leftovers beside the destination go too
    removed: list[Path] = []
    for path in (dest, source / CACHE_ROOT):
        if path.is_symlink():
            raise ReblogError(f"{path} is a symbolic link; refusing to delete through it")
        if path.is_dir():
            shutil.rmtree(path)
            removed.append(path)
    return removed
