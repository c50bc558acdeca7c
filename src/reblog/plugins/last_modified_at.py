"""jekyll-last-modified-at 1.3: ``page.last_modified_at`` and ``{% last_modified_at [FORMAT] %}``.

A file's time is its last commit's (``git log -n 1 --format=%ct -- FILE``) when the site is in a
git work tree and the file is committed, else its modification time, in the site's zone (Jekyll
sets the process zone from ``timezone:``). As in the gem: every page gets the value (over its
front matter), a post or collection document keeps a ``last_modified_at`` of its own front
matter; the tag prints the time with ``last-modified-at: date-format`` (default ``%d-%b-%y``)
or its own format, and the first format used for a file is the one it keeps for the build.
"""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

from liquid.context import RenderContext

from ..dates import site_timezone, to_site_zone
from ..model import Document, Site
from ..templates.filters.dates import strftime
from ..templates.registry import TemplateRegistry
from .api import Plugin, PluginContext

DEFAULT_FORMAT = "%d-%b-%y"


def _git(args: list[str], cwd: Path) -> str | None:
    # core.fsmonitor off: a checkout's git config must not get to run a command.
    try:
        result = subprocess.run(["git", "-c", "core.fsmonitor=false", *args], cwd=cwd,
                                capture_output=True, text=True, check=False, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def git_commit_times(source: Path) -> dict[Path, int]:
    """Every committed file's last commit time (absolute path -> Unix time); empty outside git."""
    if (_git(["rev-parse", "--is-inside-work-tree"], source) or "").strip() != "true":
        return {}
    top = (_git(["rev-parse", "--show-toplevel"], source) or "").strip()
    log = _git(["log", "--format=%x00%ct", "--name-only", "--no-renames"], source) if top else None
    times: dict[Path, int] = {}
    when = 0
    for line in (log or "").splitlines():
        if line.startswith("\0"):
            when = int(line[1:])
        elif line:
            times.setdefault(Path(top, line), when)  # newest first: keep the first seen
    return times


class LastModifiedAt(Plugin):
    """The jekyll-last-modified-at plugin."""

    name = "jekyll-last-modified-at"

    def __init__(self) -> None:
        self.times: dict[Path, datetime] = {}
        self.formatted: dict[str, str] = {}

    def post_read(self, site: Site, context: PluginContext) -> None:
        """Give every page and document its ``last_modified_at``."""
        commits = git_commit_times(site.source)
        zone = site_timezone(site.settings.timezone)
        docs: list[Document] = list(site.pages) + site.documents()
        for doc in docs:
            path = Path(doc.path)
            if not path.is_file():
                continue
            key = path.resolve()
            unix = commits.get(key)
            if unix is None:
                unix = int(path.stat().st_mtime)
            when = to_site_zone(datetime.fromtimestamp(unix, UTC), zone)
            self.times[key] = when
            if doc.kind == "page" or "last_modified_at" not in doc.data:
                doc.data["last_modified_at"] = when

    def register_templates(self, templates: TemplateRegistry, context: PluginContext) -> None:
        """Add ``{% last_modified_at %}``."""
        options = context.config.get("last-modified-at")
        configured = options.get("date-format") if isinstance(options, dict) else None

        def tag(ctx: RenderContext, markup: str) -> str:
            rel = str(ctx.get(["page", "path"], token=None, default="") or "")
            if rel in self.formatted:
                return self.formatted[rel]
            when = self.times.get((context.site.source / rel).resolve())
            if when is None:
                context.warn(f"last_modified_at: {rel or 'this page'} is not a file of the site")
                return ""
            fmt = markup.strip() or str(configured or DEFAULT_FORMAT)
            self.formatted[rel] = strftime(when, fmt)
            return self.formatted[rel]

        templates.liquid_inline_tag("last_modified_at", tag)
