"""Remote themes (jekyll-remote-theme): ``remote_theme: OWNER/REPO@REF`` downloaded from GitHub.

As the plugin (0.4.3, the version GitHub Pages runs) does: the name is lower-cased, the ref
defaults to ``master``, the archive is ``https://github.com/OWNER/REPO/archive/REF.zip`` and its
top folder is dropped. reblog keeps the unpacked theme in ``<cache_dir>/reblog/themes/`` so later
builds need no network: a cached copy is used for a day (a commit SHA for good), then refreshed,
and used as it is whenever the download fails. Unpacking writes regular files only, each inside
the cache folder, within size and file-count limits.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO
from urllib.parse import urlsplit

from .errors import ReblogError
from .log import Logger

# The environment variable (or ``remote_theme_url:`` in the config) that points downloads at
# another server than https://github.com: a GitHub Enterprise host, or a test server.
BASE_URL_ENV = "REBLOG_REMOTE_THEME_URL"
DEFAULT_BASE_URL = "https://github.com"
DEFAULT_REF = "master"          # jekyll-remote-theme 0.4.3's Theme#git_ref
MAX_ARCHIVE_BYTES = 200 * 1024 * 1024
MAX_UNPACKED_BYTES = 500 * 1024 * 1024
MAX_FILES = 20_000
FRESH_SECONDS = 24 * 3600
TIMEOUT_SECONDS = 60
_MARKER = ".reblog-theme.json"
_USER_AGENT = "reblog (jekyll-remote-theme compatible)"

# jekyll-remote-theme's Theme::THEME_REGEX.
_THEME = re.compile(r"^(?P<owner>[a-z0-9\-]+)/(?P<name>[a-z0-9._\-]+)(?:@(?P<ref>[a-z0-9._\-]+))?$")
_SHA = re.compile(r"^[0-9a-f]{40}$")


@dataclass(frozen=True)
class RemoteTheme:
    """One ``remote_theme:`` value, parsed."""

    owner: str
    name: str
    ref: str
    base_url: str

    @property
    def nwo(self) -> str:
        """``owner/name``, as the plugin logs it."""
        return f"{self.owner}/{self.name}"

    @property
    def archive_url(self) -> str:
        """Where GitHub serves the ref's zip archive."""
        return f"{self.base_url}/{self.owner}/{self.name}/archive/{self.ref}.zip"

    def cache_dir(self, cache_root: Path) -> Path:
        """The folder the unpacked theme is kept in."""
        host = urlsplit(self.base_url).netloc.replace(":", "_") or "local"
        return cache_root / host / self.owner / self.name / self.ref


def _valid_hosts() -> set[str]:
    return {"github.com"} | {
        os.environ[k] for k in ("PAGES_GITHUB_HOSTNAME", "GITHUB_HOSTNAME") if os.environ.get(k)
    }


def parse_remote_theme(raw: str, base_url: str | None = None) -> RemoteTheme | None:
    """``OWNER/REPO``, ``OWNER/REPO@REF`` or ``https://HOST/OWNER/REPO[@REF]``; None if invalid.

    ``base_url``: ``remote_theme_url:`` (the environment's REBLOG_REMOTE_THEME_URL wins over it).
    """
    text = raw.strip().lower()
    base = str(os.environ.get(BASE_URL_ENV) or base_url or DEFAULT_BASE_URL)
    if "://" in text:
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or parts.hostname not in _valid_hosts():
            return None
        base, text = f"{parts.scheme}://{parts.netloc}", parts.path.strip("/")
    found = _THEME.match(text)
    if not found:
        return None
    owner, name, ref = found.group("owner"), found.group("name"), found.group("ref") or DEFAULT_REF
    if name.startswith(".") or ref.startswith("."):  # would name a folder outside the cache
        return None
    return RemoteTheme(owner, name, ref, base.rstrip("/"))


def fetch_remote_theme(
    theme: RemoteTheme, cache_root: Path, log: Logger, display: str = "_config.yml",
) -> Path:
    """The theme's unpacked folder: from the cache when fresh, else downloaded (and cached)."""
    folder = theme.cache_dir(cache_root)
    cached = (folder / _MARKER).is_file()
    if cached and _fresh(folder, theme.ref):
        return folder
    try:
        archive = _download(theme.archive_url)
    except (OSError, ValueError) as err:  # urllib's URLError and HTTPError are OSErrors
        reason = _reason(err)
        if cached:
            log.warn(f"remote_theme {theme.nwo}@{theme.ref}: could not refresh it from "
                     f"{theme.archive_url} ({reason}); using the cached copy", kind="theme")
            return folder
        raise ReblogError(
            f"remote_theme {theme.nwo}@{theme.ref}: could not download {theme.archive_url} "
            f"({reason}) and no copy is cached in {_shown(cache_root)}/; build once online",
            display,
        ) from err
    try:
        _install(archive, folder, theme)
    finally:
        archive.close()
    log.debug(f"Remote Theme: using theme {theme.nwo}@{theme.ref}")
    return folder


def _shown(folder: Path) -> str:
    """The cache folder as the user knows it: from the cache folder's name on."""
    parts = folder.parts
    return "/".join(parts[-3:]) if len(parts) >= 3 else str(folder)


def _reason(err: BaseException) -> str:
    import urllib.error  # only on a failed download: urllib costs ~15 ms of every build's start

    if isinstance(err, urllib.error.HTTPError):
        return f"HTTP {err.code} {err.reason}"
    if isinstance(err, urllib.error.URLError):
        return str(err.reason)
    return str(err) or type(err).__name__


def _fresh(folder: Path, ref: str) -> bool:
    if _SHA.match(ref):
        return True  # a commit never changes
    try:
        fetched = float(json.loads((folder / _MARKER).read_text(encoding="utf-8"))["fetched"])
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return time.time() - fetched < FRESH_SECONDS


def _download(url: str) -> IO[bytes]:
    import tempfile
    import urllib.request  # only when a theme is downloaded: ~15 ms of every build's start otherwise

    parts = urlsplit(url)
    loopback = parts.hostname in ("127.0.0.1", "localhost", "::1")
    if parts.scheme != "https" and not (parts.scheme == "http" and loopback):
        raise ValueError(f"refusing to download over {parts.scheme or 'no scheme'}")
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
    spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > MAX_ARCHIVE_BYTES:
                raise ValueError(f"archive larger than {MAX_ARCHIVE_BYTES} bytes")
            total = 0
            while chunk := response.read(1 << 16):
                total += len(chunk)
                if total > MAX_ARCHIVE_BYTES:
                    raise ValueError(f"archive larger than {MAX_ARCHIVE_BYTES} bytes")
                spool.write(chunk)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool


def _inner_path(name: str) -> PurePosixPath | None:
    """The archive member's path without its top folder (``REPO-REF/``), or None to skip it."""
    parts = PurePosixPath(name.replace("\\", "/")).parts[1:]
    if not parts or any(p in ("", ".", "..") or ":" in p for p in parts) or name.startswith("/"):
        return None
    return PurePosixPath(*parts)


def _zip_members(data: IO[bytes]) -> Iterator[tuple[PurePosixPath, IO[bytes]]]:
    import zipfile

    with zipfile.ZipFile(data) as archive:
        for info in archive.infolist():
            kind = stat.S_IFMT(info.external_attr >> 16)  # 0 when the zip gives no type
            if info.is_dir() or kind not in (0, stat.S_IFREG):
                continue  # folders are made as needed; symlinks and devices are never written
            path = _inner_path(info.filename)
            if path is not None:
                with archive.open(info) as member:
                    yield path, member


def _tar_members(data: IO[bytes]) -> Iterator[tuple[PurePosixPath, IO[bytes]]]:
    import tarfile

    with tarfile.open(fileobj=data, mode="r:*") as archive:
        for info in archive:
            if not info.isfile():
                continue  # links, devices and folders are never written
            path = _inner_path(info.name)
            member = archive.extractfile(info)
            if path is not None and member is not None:
                yield path, member


def _install(data: IO[bytes], folder: Path, theme: RemoteTheme) -> None:
    """Unpack the archive into a new folder beside ``folder``, then swap it in."""
    # (the archive modules load only when a theme is unpacked: ~12 ms of every build's start)
    import tarfile
    import tempfile
    import zipfile

    head = data.read(4)
    data.seek(0)
    members = _zip_members(data) if head.startswith(b"PK") else _tar_members(data)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".unpack-", dir=folder.parent))
    try:
        _unpack(members, staging)
        (staging / _MARKER).write_text(json.dumps({
            "url": theme.archive_url, "fetched": time.time(),
        }), encoding="utf-8")
        old = folder.with_name(folder.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if folder.exists():
            folder.rename(old)
        staging.rename(folder)
        shutil.rmtree(old, ignore_errors=True)
    except (zipfile.BadZipFile, tarfile.TarError, EOFError) as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise ReblogError(f"remote_theme {theme.nwo}@{theme.ref}: {theme.archive_url} "
                          f"is not a zip or tar archive ({err})") from err
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _unpack(members: Iterator[tuple[PurePosixPath, IO[bytes]]], staging: Path) -> None:
    count = total = 0
    root = staging.resolve()
    for path, member in members:
        count += 1
        if count > MAX_FILES:
            raise ReblogError(f"remote theme archive has more than {MAX_FILES} files")
        target = staging.joinpath(*path.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        # A file's folder is one this loop made (no links are ever written), but check anyway.
        if not target.parent.resolve().is_relative_to(root):
            raise ReblogError(f"remote theme archive member escapes its folder: {path}")
        with open(target, "wb") as out:
            while chunk := member.read(1 << 16):
                total += len(chunk)
                if total > MAX_UNPACKED_BYTES:
                    raise ReblogError(
                        f"remote theme archive unpacks to more than {MAX_UNPACKED_BYTES} bytes")
                out.write(chunk)
