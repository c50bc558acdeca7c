"""Themes: reblog's built-in theme, installed Ruby theme gems (``theme:``), and their config.

A gem theme is found as RubyGems' ``Gem::Specification.find_by_name`` finds it (the highest
version in any gem directory on the gem path, read from its ``specifications/*.gemspec``) without
running Ruby; Jekyll then uses the gem's ``_layouts``, ``_includes``, ``_sass``, ``assets`` and
``_data`` under the site's own, merges its ``_config.yml`` under the site's configuration and
loads the plugins its gemspec lists as runtime dependencies.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import DEFAULTS, deep_merge
from .config.model import Settings
from .errors import ReblogError
from .log import Logger
from .sourcepaths import in_source_dir
from .yamlio import load_yaml

THEMES_DIR = Path(__file__).parent / "themes"

# Names a site may use for the built-in theme.
BUILTIN_NAMES = {"reblog-default": "default", "default": "default", "reblog": "default"}

# Jekyll's Configuration::DEFAULTS keys: a theme's _config.yml may not set these.
_JEKYLL_DEFAULT_KEYS = frozenset(DEFAULTS) | {"detach"}

_GEMSPEC_NAME = re.compile(r"^(?P<name>.+)-(?P<version>\d[^-]*)(?:-(?P<platform>[^-]+))?\.gemspec$")
_RUNTIME_DEP = re.compile(r"add_runtime_dependency[ (]+%q<([^>]+)>")
_ANY_DEP = re.compile(r"add_dependency[ (]+%q<([^>]+)>")


@dataclass(frozen=True)
class Theme:
    """A theme found on disk: its folder, where it came from, and what it brings."""

    name: str
    root: Path
    plugins: tuple[str, ...] = ()           # runtime dependencies Jekyll requires with the theme
    version: str = ""
    origin: str = "builtin"                 # "builtin", "gem" or "remote"
    config: Mapping[str, Any] = field(default_factory=dict)


def gem_dirs(environ: Mapping[str, str] | None = None) -> list[Path]:
    """The gem directories RubyGems searches (``Gem.path``), Debian's included, in its order."""
    env = os.environ if environ is None else environ
    home = Path(env.get("HOME") or Path.home())
    dirs: list[Path] = []
    if env.get("GEM_PATH"):
        dirs += [Path(p) for p in env["GEM_PATH"].split(os.pathsep) if p]
    else:
        dirs += sorted(home.glob(".local/share/gem/ruby/*")) + sorted(home.glob(".gem/ruby/*"))
    if env.get("GEM_HOME"):
        dirs.append(Path(env["GEM_HOME"]))
    if not env.get("GEM_PATH"):
        for pattern in (
            "/var/lib/gems/*", "/usr/local/lib/ruby/gems/*", "/usr/lib/ruby/gems/*",
            "/usr/lib/*/ruby/gems/*", "/usr/share/rubygems-integration/*",
            "/usr/lib/*/rubygems-integration/*",
        ):
            dirs += sorted(Path("/").glob(pattern.lstrip("/")))
    seen: set[Path] = set()
    unique = []
    for folder in dirs:
        if folder not in seen:
            seen.add(folder)
            unique.append(folder)
    return unique


def _version_key(version: str) -> tuple[tuple[int, ...], int, tuple[tuple[int, int | str], ...]]:
    # Gem::Version: numeric segments compare as numbers (trailing zeros do not count); a letter
    # starts a prerelease, which sorts below the release it precedes.
    pieces = re.findall(r"\d+|[a-zA-Z]+", version)
    cut = next((i for i, p in enumerate(pieces) if not p.isdigit()), len(pieces))
    release = [int(p) for p in pieces[:cut]]
    while release and release[-1] == 0:
        release.pop()
    pre = tuple((1, int(p)) if p.isdigit() else (0, p) for p in pieces[cut:])
    return tuple(release), 0 if pre else 1, pre


def _gemspecs(name: str, dirs: list[Path]) -> Iterator[tuple[str, Path, Path]]:
    for folder in dirs:
        specs = folder / "specifications"
        try:
            entries = sorted(specs.glob(f"{name}-*.gemspec"))
        except OSError:
            continue
        for spec in entries:
            found = _GEMSPEC_NAME.match(spec.name)
            if found and found.group("name") == name:
                full = folder / "gems" / spec.name.removesuffix(".gemspec")
                yield found.group("version"), spec, full


def runtime_dependencies(gemspec: Path) -> tuple[str, ...]:
    """The gem names a gemspec lists as runtime dependencies (``add_runtime_dependency``)."""
    try:
        text = gemspec.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ()
    names = _RUNTIME_DEP.findall(text)
    if not names:
        # Older gemspecs put runtime dependencies in add_dependency; development ones use
        # add_development_dependency, which this pattern does not match.
        names = _ANY_DEP.findall(text)
    return tuple(dict.fromkeys(names))


def find_gem(name: str, environ: Mapping[str, str] | None = None) -> Theme | None:
    """The installed gem ``name`` with the highest version, as ``find_by_name`` picks it."""
    best: tuple[str, Path, Path] | None = None
    for version, spec, full in _gemspecs(name, gem_dirs(environ)):
        if not full.is_dir():
            continue
        if best is None or _version_key(version) > _version_key(best[0]):
            best = (version, spec, full)
    if best is None:
        return None
    version, spec, full = best
    deps = tuple(d for d in runtime_dependencies(spec) if d != "jekyll")
    return Theme(name, full.resolve(), deps, version, "gem")


def find_theme(name: str, environ: Mapping[str, str] | None = None) -> Theme | None:
    """The theme ``name``: reblog's built-in one, else an installed gem; None when neither."""
    name = name.strip().lower()
    folder = BUILTIN_NAMES.get(name)
    if folder is not None:
        path = THEMES_DIR / folder
        return Theme(name, path) if path.is_dir() else None
    if not name or "/" in name or name.startswith("."):
        return None
    return find_gem(name, environ)


def theme_config(theme: Theme) -> dict[str, Any]:
    """The theme's ``_config.yml`` without the keys Jekyll's defaults hold (Jekyll 4.3)."""
    path = theme.root / "_config.yml"
    if not path.is_file() or path.is_symlink():
        return {}
    try:
        data = load_yaml(path.read_text(encoding="utf-8"), str(path))
    except UnicodeDecodeError as err:
        raise ReblogError("theme configuration is not valid UTF-8", str(path)) from err
    if not isinstance(data, Mapping):
        return {}
    return {str(k): v for k, v in data.items() if str(k) not in _JEKYLL_DEFAULT_KEYS}


def merge_theme_config(config: dict[str, Any], theme: Theme) -> None:
    """Put the theme's configuration under the site's, in place (``load_theme_configuration``)."""
    merged = deep_merge(theme_config(theme), config)
    config.clear()
    config.update(merged)


def missing_theme_hint(name: str) -> str:
    """What to tell a user whose theme is not installed."""
    return (
        f"theme {name!r} could not be found; building without it. Install the gem "
        f"(`gem install {name}` or Debian's package), use `remote_theme: OWNER/REPO` "
        f"for a theme on GitHub, or copy its _layouts, _includes and _sass into the site"
    )


# GitHub Pages' supported themes (github-pages 232's GitHubPages::Plugins::THEMES) and the
# public repository and tag of the version it pins.
PAGES_THEMES: Mapping[str, tuple[str, str]] = {
    "minima": ("jekyll/minima", "v2.5.1"),
    "jekyll-swiss": ("broccolini/swiss", "v1.0.0"),
    "jekyll-theme-primer": ("pages-themes/primer", "v0.6.0"),
    **{f"jekyll-theme-{name}": (f"pages-themes/{name}", "v0.2.0") for name in (
        "architect", "cayman", "dinky", "hacker", "leap-day", "merlot", "midnight", "minimal",
        "modernist", "slate", "tactile", "time-machine",
    )},
}
# The theme the github-pages gem sets when a site names none: used when installed or cached,
# never downloaded unasked.
PAGES_DEFAULT_THEME = "jekyll-theme-primer"
# jekyll-remote-theme's MockGemspec reads dependencies from the theme's own gemspec.
_MOCK_DEP = re.compile(r"""(?m)^\s*[a-z]+\.add_(?:runtime_)?dependency\(?\s*["']([a-z_-]+)["']""")


def _mock_gemspec_deps(root: Path, name: str) -> tuple[str, ...]:
    for filename in (f"{name}.gemspec", f"jekyll-theme-{name}.gemspec"):
        path = root / filename
        if path.is_file() and not path.is_symlink():
            text = path.read_text(encoding="utf-8", errors="replace")
            return tuple(d for d in dict.fromkeys(_MOCK_DEP.findall(text)) if d != "jekyll")
    return ()


def theme_cache(settings: Settings) -> Path:
    """Where downloaded remote themes are kept: ``<cache_dir>/reblog/themes``.

    Kept even in safe mode (GitHub Pages mode is safe): a build must not need the network each time.
    """
    return in_source_dir(settings.source, settings.cache_dir, "reblog/themes")


def _remote_theme(
    raw: str, settings: Settings, log: Logger, offline_only: bool = False,
) -> Theme | None:
    # Imported here, as in theme_folders: most sites have no remote theme.
    from .remote_theme import fetch_remote_theme, parse_remote_theme

    remote = parse_remote_theme(raw, settings.theme.remote_url)
    if remote is None:
        log.warn(f"remote_theme {raw!r} is not a valid remote theme (OWNER/REPO or OWNER/REPO@REF)",
                 kind="theme")
        return None
    cache = theme_cache(settings)
    if offline_only and not (remote.cache_dir(cache) / ".reblog-theme.json").is_file():
        return None
    root = fetch_remote_theme(remote, cache, log)
    return Theme(remote.name, root, _mock_gemspec_deps(root, remote.name), remote.ref, "remote")


def _pages_theme(name: str, settings: Settings, log: Logger) -> Theme | None:
    """A GitHub Pages theme that is not installed, from its repository at Pages' version."""
    repo, tag = PAGES_THEMES[name]
    remote = _remote_theme(f"{repo}@{tag}", settings, log,
                           offline_only=(name == PAGES_DEFAULT_THEME))
    if remote is None:
        return None
    # Pages has these as gems: the gem's name, its gemspec's dependencies and its _config.yml.
    gemspec = remote.root / f"{name}.gemspec"
    deps = tuple(d for d in runtime_dependencies(gemspec) if d != "jekyll") or remote.plugins
    return Theme(name, remote.root, deps, tag.removeprefix("v"), "gem")


def resolve_theme(settings: Settings, config: dict[str, Any], log: Logger) -> Theme | None:
    """The site's theme, with a gem theme's configuration merged into ``config``.

    ``settings`` are ``config``'s, parsed before the theme is known; when a theme is found the
    configuration may change (its _config.yml, the name a remote theme sets), so the caller
    parses it again. ``remote_theme:`` wins when jekyll-remote-theme is on (``plugins``, or
    GitHub Pages mode); otherwise ``theme:`` names a built-in theme or an installed gem, and in
    GitHub Pages mode a supported Pages theme that is not installed comes from its repository.
    A missing theme is a warning that says what to do, and the site is built without it.
    """
    wanted = settings.theme
    if wanted.remote:
        if "jekyll-remote-theme" in settings.plugins or settings.github_pages:
            theme = _remote_theme(wanted.remote, settings, log)
            if theme is not None:
                config["theme"] = theme.name  # as the plugin sets it
                return theme
        else:
            log.warn("remote_theme is set but jekyll-remote-theme is not in plugins: add it "
                     "to plugins: to use the theme", kind="theme")
    if wanted.wrong_kind is not None:
        log.warn("value of 'theme' in config should be String to use gem-based themes, "
                 f"but got {wanted.wrong_kind}", kind="theme")
        return None
    name = wanted.name
    if name is None:
        return None
    theme = find_theme(name)
    if theme is None and settings.github_pages and name.strip().lower() in PAGES_THEMES:
        theme = _pages_theme(name.strip().lower(), settings, log)
    if theme is None:
        log.warn(missing_theme_hint(name), kind="theme")
        return None
    if theme.origin == "gem" and not wanted.ignore_config:
        merge_theme_config(config, theme)
    return theme


def theme_folders(settings: Settings) -> list[Path]:
    """The folders of the site's theme as far as they are known without downloading (for the
    build cache's check that nothing changed): an installed gem's, a cached remote theme's."""
    folders = []
    name = settings.theme.name
    if name is not None and name.strip():
        theme = find_theme(name)
        if theme is not None and theme.origin == "gem":
            folders.append(theme.root)
    raw = settings.theme.remote
    if not raw:
        return folders
    from .remote_theme import parse_remote_theme  # (a remote theme: see _remote_theme)

    remote = parse_remote_theme(raw, settings.theme.remote_url)
    if remote is not None:
        cached = remote.cache_dir(theme_cache(settings))
        if cached.is_dir():
            folders.append(cached)
    return folders
