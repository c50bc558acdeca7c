"""The disk cache in the site's ``cache_dir`` (``.jekyll-cache``), laid out as Jekyll::Cache's.

Jekyll keeps its named caches in ``<cache_dir>/Jekyll/Cache/<Name>/``, one file per key at
``<sha256[:2]>/<sha256[2:]>`` (``Name`` with every character other than letters, digits, ``_``,
``-`` and spaces made ``-``: ``Jekyll::Cache`` is ``Jekyll--Cache``). reblog does the same
(``Cache``, ``DiskCaches``), with its own values in them:

- ``Jekyll--Cache``: the key ``config`` holds the cache key (below). When it differs, every named
  cache is emptied first, as Jekyll's ``Cache.clear_if_config_changed`` does.
- ``Reblog--Build``: the incremental record, three entries. ``manifest``: the size and modification
  time of every source file, and of every file the build wrote into the destination (when
  neither changed, the build has nothing to do). ``snapshot``: per-document states (the
  ``reblog.incremental`` snapshot the dev server keeps in memory): a later build renders again
  only the outputs whose recorded inputs changed. ``times``: what each output derived from an
  unpinned ``site.time`` and where it printed it, and what reading the source derived from it: a
  build with nothing else changed checks these alone (``reblog.pipeline``). With
  ``-I``/``incremental: true`` the record goes to ``.jekyll-metadata`` instead, where Jekyll keeps
  its own (``METADATA``).
- ``Reblog--Markdown``: converted Markdown and highlighted code by content hash, so a document
  that has to render again (its layout changed, say) does not convert its Markdown again.
- plugins' own caches (``PluginContext.cache(name)``), as Jekyll plugins use Jekyll::Cache.

Safe mode and ``disable_disk_cache`` (``--disable-disk-cache``) write none of it and read none
of it, as in Jekyll: the caches are then in memory only. Every file is JSON data
(``encode_data``: a JSON text plus its long strings as raw UTF-8; loading one can construct
nothing but strings, numbers, lists and dicts, so a crafted cache cannot run code), written
atomically (temp file + ``os.replace``); the build's files are stamped with the format, the
cache key and the build's token, and validated field by field before use.

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
import re
import secrets
import shutil
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from . import __version__
from .atomicfile import replace_atomically
from .config.model import Settings
from .errors import ReblogError
from .sourcepaths import in_source_dir
from .writer import check_destination, dest_path_ok, kept, recover

NAMED_CACHES = "Jekyll/Cache"      # Jekyll::Cache.cache_dir, inside cache_dir
METADATA = ".jekyll-metadata"      # Jekyll's regenerator's record (written with -I only)
# What Jekyll's Site#hide_cache_dir_from_git writes into the cache folder.
GITIGNORE = "# ignore everything in this directory\n*\n"
BUILD = "Reblog::Build"
MARKDOWN = "Reblog::Markdown"
# Folders whose files never affect a build (version control, caches of any generator).
_SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", ".jekyll-cache", ".sass-cache", ".reblog-cache"})
_FORMAT = 7   # bumped when the layout of the cache files (or what a fingerprint hashes) changes

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
    """Size and mtime of every file a build could read: the source tree (minus outputs, caches, ``.jekyll-metadata``).

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
            if folder == root and entry.name == METADATA:
                continue   # the incremental record itself (-I)
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


def cache_folder(settings: Settings) -> Path | None:
    """``<source>/<cache_dir>`` as Jekyll's ``in_source_dir`` makes it; None when the disk cache is
    off (safe mode, ``disable_disk_cache``) or the setting names the source itself."""
    if not settings.disk_cache:
        return None
    folder = in_source_dir(settings.source, settings.cache_dir)
    return None if folder == in_source_dir(settings.source) else folder


def _file_name(name: str) -> str:
    """Jekyll::Cache's folder name for a cache name: ``Jekyll::Cache`` -> ``Jekyll--Cache``."""
    return re.sub(r"[^\w\s-]", "-", name, flags=re.ASCII)


def write_atomically(path: Path, body: bytes) -> None:
    """``path`` holds ``body`` or what it held before, never half of it."""
    replace_atomically(path, lambda stream: stream.write(body))


class DiskCaches:
    """Every named cache of one site: in memory, and on disk in ``<cache_dir>/Jekyll/Cache/``.

    ``folder`` is the site's cache folder (``cache_folder``); None keeps everything in memory
    (Jekyll's ``disable_disk_cache!``). One instance lives as long as the build or the dev server,
    as Jekyll's class-wide ``base_cache`` does.
    """

    def __init__(self, folder: Path | None, source: Path | None = None) -> None:
        self.folder = folder
        self.root = folder / NAMED_CACHES if folder is not None else None
        self._memory: dict[str, dict[str, Any]] = {}
        if folder is not None and source is not None and not _inside_real(folder, source):
            # A cache folder that is a link out of the source: nothing is read or written there.
            self.folder = self.root = None

    @property
    def on_disk(self) -> bool:
        """Whether values are written to (and read from) the disk."""
        return self.root is not None

    def named(self, name: str) -> Cache:
        """The cache called ``name`` (Jekyll::Cache.new(name)); the same name shares its memory."""
        return Cache(self, name, self._memory.setdefault(name, {}))

    def clear(self) -> None:
        """Empty every named cache, in memory and on disk (Jekyll's ``Cache.clear``)."""
        for memory in self._memory.values():
            memory.clear()
        if self.root is not None and self.root.is_dir() and not self.root.is_symlink():
            shutil.rmtree(self.root)

    def clear_if_config_changed(self, key: str) -> None:
        """Empty every cache when the cache key differs from the one recorded (Jekyll's
        ``Cache.clear_if_config_changed``: there the key is the configuration's ``inspect``).

        The record is the one file both Jekyll and reblog read, so it is a Ruby Marshal string,
        as Jekyll writes it: either tool finds the other's key, unequal to its own, and empties
        the caches instead of failing on a file it cannot read.
        """
        if self.root is None or self.folder is None:
            return
        _hide_from_git(self.folder)
        path = self.named("Jekyll::Cache").path_to("config")
        assert path is not None
        try:
            recorded = unmarshal_string(path.read_bytes())
        except (OSError, ValueError):
            recorded = None
        if recorded == key:
            return
        self.clear()
        write_atomically(path, marshal_string(key))


def marshal_string(text: str) -> bytes:
    """``Marshal.dump(text)`` of a UTF-8 Ruby String (version 4.8, the encoding as ivar ``E``)."""
    data = text.encode("utf-8", "surrogatepass")
    return b"\x04\x08I\"" + _marshal_int(len(data)) + data + b"\x06:\x06ET"


def unmarshal_string(raw: bytes) -> str:
    """The String of a ``marshal_string``; ValueError for anything else (another Ruby object)."""
    if not raw.startswith(b"\x04\x08I\"") or len(raw) < 6:
        raise ValueError("not a marshalled string")
    first = raw[4]
    if first == 0:
        size, start = 0, 5
    elif 5 < first < 128:
        size, start = first - 5, 5
    elif 1 <= first <= 3:
        size, start = int.from_bytes(raw[5:5 + first], "little"), 5 + first
    else:
        raise ValueError("not a marshalled string")
    if raw[start + size:] != b"\x06:\x06ET":
        raise ValueError("not a marshalled UTF-8 string")
    return raw[start:start + size].decode("utf-8")


def _marshal_int(number: int) -> bytes:
    """Marshal's integer: 1..122 in one byte (plus 5), larger as a byte count and little-endian bytes."""
    if 0 < number < 123:
        return bytes([number + 5])
    size = (number.bit_length() + 7) // 8
    return bytes([size]) + number.to_bytes(size, "little")


def _hide_from_git(folder: Path) -> None:
    """Jekyll's ``hide_cache_dir_from_git``: the cache folder has a ``.gitignore`` of ``*``."""
    ignore = folder / ".gitignore"
    if not ignore.exists():
        folder.mkdir(parents=True, exist_ok=True)
        ignore.write_text(GITIGNORE, encoding="utf-8")


def _inside_real(folder: Path, source: Path) -> bool:
    """``folder`` (existing or not) resolves to a place inside ``source``."""
    try:
        return folder.resolve().is_relative_to(source.resolve())
    except OSError:
        return False


class Cache:
    """A named cache for plugins and for reblog itself, as Jekyll::Cache: string keys, JSON-like values.

    Values live in memory and, unless the disk cache is off, in one file per key at
    ``<cache_dir>/Jekyll/Cache/<Name>/<sha256[:2]>/<sha256[2:]>``. Jekyll marshals Ruby objects;
    reblog writes data (``encode_data``: dicts, lists, strings, numbers, booleans, None), so a
    cache in a checkout cannot run code. A value that is not data stays in memory only.
    """

    def __init__(self, caches: DiskCaches, name: str, memory: dict[str, Any]) -> None:
        self.caches = caches
        self.name = name
        self._memory = memory

    def path_to(self, key: str) -> Path | None:
        """The file that holds ``key``'s value (None: the disk cache is off)."""
        if self.caches.root is None:
            return None
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
        return self.caches.root / _file_name(self.name) / digest[:2] / digest[2:]

    def __getitem__(self, key: str) -> Any:
        if key in self._memory:
            return self._memory[key]
        path = self.path_to(key)
        if path is None or not path.is_file():
            raise KeyError(key)
        try:
            value = decode_data(path.read_bytes())
        except (OSError, ValueError) as err:
            raise KeyError(key) from err
        self._memory[key] = value
        return value

    def get(self, key: str, default: Any = None) -> Any:
        """The value of ``key``, or ``default`` when it is not cached (or its file is damaged)."""
        try:
            return self[key]
        except KeyError:
            return default

    def __setitem__(self, key: str, value: Any) -> None:
        self._memory[key] = value
        path = self.path_to(key)
        if path is None:
            return
        try:
            body = encode_data(value)
        except (TypeError, ValueError):
            return   # not data (Jekyll: "Cannot dump object"): kept in memory only
        write_atomically(path, body)

    def __contains__(self, key: str) -> bool:
        if key in self._memory:
            return True
        path = self.path_to(key)
        return path is not None and path.is_file()

    def getset(self, key: str, make: Callable[[], Any]) -> Any:
        """The cached value of ``key``; else ``make()``, cached and returned (Jekyll's ``getset``)."""
        try:
            return self[key]
        except KeyError:
            value = make()
            self[key] = value
            return value

    def delete(self, key: str) -> None:
        """Forget ``key``, in memory and on disk."""
        self._memory.pop(key, None)
        path = self.path_to(key)
        if path is not None:
            path.unlink(missing_ok=True)

    def clear(self) -> None:
        """Empty this cache, in memory and on disk."""
        self._memory.clear()
        if self.caches.root is not None:
            folder = self.caches.root / _file_name(self.name)
            if folder.is_dir() and not folder.is_symlink():
                shutil.rmtree(folder)


class BuildCache:
    """Reads and writes one site's build cache; anything it cannot fully check means "no cache".

    The incremental record (``manifest``, ``snapshot``) is in the ``Reblog::Build`` named cache,
    or in ``.jekyll-metadata`` when ``metadata`` is given (``-I``); converted Markdown in
    ``Reblog::Markdown``. The files are JSON data, so loading one constructs nothing but strings,
    numbers, lists and dicts: a crafted cache in a checkout cannot run code. Each is validated
    field by field against the layout this reblog writes before any of it is used; a file that
    fails is ignored with one note, never trusted in part.
    """

    def __init__(
        self, caches: DiskCaches, key: str, note: Callable[[str], None] | None = None,
        metadata: Path | None = None,
    ) -> None:
        self.caches = caches
        self.key = key
        self.metadata = metadata
        self._note = note
        self._noted = False
        self._record: dict[str, Any] | None = None
        self.build = caches.named(BUILD)
        self.markdown = caches.named(MARKDOWN)
        caches.clear_if_config_changed(key)

    @property
    def where(self) -> str:
        """Where the incremental record is, for notes."""
        if self.metadata is not None:
            return METADATA
        folder = self.caches.folder
        return f"{folder.name}/" if folder is not None else "memory"

    def _ignore(self, why: str) -> None:
        if not self._noted and self._note is not None:
            self._note(f"Note: ignoring the build cache in {self.where} ({why}); it will be rebuilt")
        self._noted = True

    def _raw(self, name: str) -> bytes | None:
        """The stored bytes of one entry (None: none stored)."""
        path = self.markdown.path_to("memo") if name == "markdown" else self.build.path_to(name)
        if path is None or not path.is_file():
            return None
        try:
            return path.read_bytes()
        except OSError:
            return b""

    def _load(self, name: str, check: Callable[[Any], bool]) -> dict[str, Any] | None:
        if self.metadata is not None and name != "markdown":
            return self._from_metadata(name, check)
        raw = self._raw(name)
        if raw is None:
            return None
        try:
            data = decode_data(raw)
        except ValueError:
            self._ignore(f"its {name} is damaged")
            return None
        return self._checked(name, data, check)

    def _checked(self, name: str, data: Any, check: Callable[[Any], bool]) -> dict[str, Any] | None:
        if not isinstance(data, dict) or data.get("format") != _FORMAT or not isinstance(data.get("key"), str):
            self._ignore(f"its {name} is not a cache of this reblog")
            return None
        if data["key"] != self.key:
            self._ignore("it was made by another reblog or with other settings")
            return None
        if not check(data):
            self._ignore(f"its {name} does not have the expected layout")
            return None
        return data

    def _from_metadata(self, name: str, check: Callable[[Any], bool]) -> dict[str, Any] | None:
        """One part of the record in ``.jekyll-metadata`` (read once)."""
        if self._record is None:
            self._record = {}
            path = self.metadata
            if path is None or not path.is_file() or path.is_symlink():
                return None
            try:
                whole = json.loads(path.read_bytes())
            except (OSError, ValueError):
                whole = None
            record = whole.get("reblog") if isinstance(whole, dict) else None
            if not isinstance(record, dict):
                # Jekyll's own (Marshal) record, or a damaged file: ours is written next.
                self._ignore("it is not reblog's record")
                return None
            self._record = record
        part = self._record.get(name)
        if part is None:
            return None
        return self._checked(name, {"format": self._record.get("format"), "key": self._record.get("key"), **part}, check)

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
        """Write the record and the memo; the manifest last, so a crash leaves no manifest for new files."""
        token = secrets.token_hex(8)
        if memo is not None and self.caches.on_disk:
            self.markdown["memo"] = {"format": _FORMAT, "key": self.key, "entries": memo.used}
        parts: dict[str, dict[str, Any]] = {"snapshot": {"token": token, "snapshot": snapshot}}
        if times is not None:
            parts["times"] = {"token": token, "times": times}
        self._write_record(parts, manifest, token)

    def save_times(self, manifest: dict[str, Any], times: dict[str, Any], token: str) -> None:
        """After a build that only printed site.time text anew: the outputs' new observations and
        the destination's new entries, for the same snapshot (``token``).

        The snapshot keeps the states of the build that made it: each is still what its inputs
        made (a later build re-checks what it derived from the time), only older.
        """
        self._write_record({"times": {"token": token, "times": times}}, manifest, token, keep_snapshot=True)

    def _write_record(
        self, parts: dict[str, dict[str, Any]], manifest: dict[str, Any], token: str, keep_snapshot: bool = False,
    ) -> None:
        """The incremental record: ``parts`` (snapshot, times), then the manifest naming ``token``."""
        # In columns: thousands of two- and three-item lists are slow to parse and to check.
        source: Mapping[str, Stat] = manifest["source"]
        dest: Mapping[str, DestEntry] = manifest["dest"]
        columns = {
            "token": token,
            "source": {"names": list(source), "numbers": [n for stat in source.values() for n in stat]},
            "dest": {"names": list(dest), "signatures": [e[0] for e in dest.values()],
                     "numbers": [n for e in dest.values() for n in e[1:]]},
        }
        if self.metadata is not None:
            kept = {"snapshot": (self._record or {}).get("snapshot")} if keep_snapshot else {}
            write_atomically(self.metadata, metadata_text({
                "format": _FORMAT, "key": self.key, **kept, **parts, "manifest": columns}))
            return
        if not self.caches.on_disk:
            return
        self.build.delete("manifest")
        if "times" not in parts:
            self.build.delete("times")
        for name, part in parts.items():
            self.build[name] = {"format": _FORMAT, "key": self.key, **part}
        self.build["manifest"] = {"format": _FORMAT, "key": self.key, **columns}


# Characters YAML does not allow unescaped (JSON leaves them as they are with ensure_ascii off).
# Compiled when first used (``re``'s cache): only ``-I`` writes the file, and the class's ranges
# above U+00FF make it one of the slower patterns to compile (~4 M instructions at every start).
_NOT_YAML = "[\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"


def metadata_text(record: dict[str, Any]) -> bytes:
    """``.jekyll-metadata`` as reblog writes it: ``{"reblog": record}`` in JSON.

    Jekyll's regenerator reads the file with Marshal and, failing that, as YAML: JSON written
    this way is YAML, so Jekyll finds a mapping that names none of its files and regenerates
    everything (then writes its own record), instead of failing on a file it cannot read.
    """
    text = json.dumps({"reblog": _plain(record)}, ensure_ascii=False, separators=(",", ":"))
    text = re.sub(_NOT_YAML, lambda m: f"\\u{ord(m.group()):04x}", text)
    return text.encode("utf-8", "surrogatepass")


def _plain(value: Any) -> Any:
    """Dataclasses as dicts, sets and tuples as lists: what ``json.dumps`` takes."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


# The file format: a magic line, the length of a JSON text, the JSON text, then a blob of UTF-8.
# Strings of _BLOB_MIN characters or more (rendered pages, converted Markdown) are kept out of
# the JSON text, in the blob, and the JSON holds {_BLOB_REF: [start, end]} in their place:
# decoding them is a slice, not JSON's character-by-character unescaping (which made a JSON-only
# cache several times slower to load than the pickle it replaces). Still data only: decoding
# makes nothing but strings, numbers, lists and dicts.
_MAGIC = b"reblog cache\n"
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


def clean(settings: Settings) -> list[Path]:
    """``reblog clean``, as ``jekyll clean``: remove the destination, ``cache_dir`` and ``.jekyll-metadata``.

    The destination is refused when it is the source or a folder above it (as the build does).
    The cache folder is removed whether or not this build would use it (safe mode), as Jekyll does.
    """
    source, dest = settings.source, settings.destination
    check_destination(source, dest)
    recover(dest, keep_spare=False)   # an interrupted write's leftovers and the spare go too
    removed: list[Path] = []
    folder = in_source_dir(source, settings.cache_dir)
    for path in (dest, folder if folder != in_source_dir(source) else None, in_source_dir(source, METADATA)):
        if path is None:
            continue
        if path.is_symlink():
            raise ReblogError(f"{path} is a symbolic link; refusing to delete through it")
        if path.is_dir():
            shutil.rmtree(path)
            removed.append(path)
        elif path.is_file() and path.name == METADATA:
            path.unlink()
            removed.append(path)
    return removed
