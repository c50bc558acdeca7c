"""The plugin API: the hooks a plugin implements, the context it is given, and how plugins are found.

A plugin is a subclass of ``Plugin`` that overrides the hooks it needs. reblog finds plugins the
way Jekyll does, by the names in ``plugins:`` (gem names such as ``jekyll-feed``), looked up in the
``reblog.plugins`` entry-point group: the built-ins are registered there like any third-party
package. Python files in the site's ``_plugins/`` folder (``plugins_dir``) are loaded as Jekyll
loads ``_plugins/*.rb``: every ``Plugin`` subclass they define runs, unless the build is safe
(``--safe``, GitHub Pages mode). See docs/plugin-api.md.
"""

from __future__ import annotations

import hashlib
import importlib.util
import pkgutil
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ..cache import Cache, DiskCaches
from ..config.model import Settings
from ..errors import ReblogError
from ..log import Logger
from ..model import Document, Site, StaticFile
from ..reader import EntryFilter
from ..sourcepaths import display_path
from ..site_services import SiteServices
from ..templates.filters.urls import SiteUrls
from ..templates.registry import TemplateRegistry
from ..templates.views import SiteViews
from ..writer import Output
from ._common import page_without_a_file

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

__all__ = [
    "ENTRY_POINT_GROUP", "Plugin", "PluginContext", "PluginSet", "TemplateRegistry", "load_plugins",
]

ENTRY_POINT_GROUP = "reblog.plugins"

# The built-in plugins, by the gem name a site lists under ``plugins:``. pyproject.toml declares
# the same table as entry points (tests/plugins/test_api.py keeps them equal); it is read from
# here too so a development checkout whose installed metadata is older still finds them.
BUILTINS: dict[str, str] = {
    "jekyll-paginate": "reblog.plugins.paginate:Paginate",
    "jekyll-feed": "reblog.plugins.feed:Feed",
    "jekyll-relative-links": "reblog.plugins.relative_links:RelativeLinks",
    "jekyll-sitemap": "reblog.plugins.sitemap:Sitemap",
    "jekyll-seo-tag": "reblog.plugins.seo:Seo",
    "jekyll-redirect-from": "reblog.plugins.redirect_from:RedirectFrom",
    "jekyll-optional-front-matter": "reblog.plugins.optional_front_matter:OptionalFrontMatter",
    "jekyll-readme-index": "reblog.plugins.readme_index:ReadmeIndex",
    "jekyll-titles-from-headings": "reblog.plugins.titles_from_headings:TitlesFromHeadings",
    "jekyll-default-layout": "reblog.plugins.default_layout:DefaultLayout",
    "jekyll-include-cache": "reblog.plugins.include_cache:IncludeCache",
    "jemoji": "reblog.plugins.jemoji:Jemoji",
    "jekyll-mentions": "reblog.plugins.mentions:Mentions",
    "jekyll-github-metadata": "reblog.plugins.github_metadata:GitHubMetadata",
    "jekyll-remote-theme": "reblog.plugins.remote_theme:RemoteTheme",
    "jekyll-avatar": "reblog.plugins.avatar:Avatar",
    "jekyll-gist": "reblog.plugins.gist:Gist",
    "jekyll-coffeescript": "reblog.plugins.coffeescript:CoffeeScript",
    "jekyll-toc": "reblog.plugins.toc:Toc",
    "jekyll-last-modified-at": "reblog.plugins.last_modified_at:LastModifiedAt",
    "jekyll-archives": "reblog.plugins.archives:Archives",
    "jekyll-paginate-v2": "reblog.plugins.paginate_v2:PaginateV2",
    "reblog-tag-pages": "reblog.plugins.tag_pages:TagPages",
}


# What to do instead, for plugins people use that reblog does not have.
_MISSING_HINTS: dict[str, str] = {
    "jekyll-compose": "its commands are reblog post, reblog draft and reblog publish",
    "jekyll-commonmark-ghpages": "reblog converts Markdown as kramdown does",
    "jekyll-octicons": "{% octicon %} tags fail: put the icon's SVG from primer.style/octicons in an include",
    "jekyll-polyglot": "build one site per language (a config file each with --config), or build with Jekyll",
    "jekyll-minifier": "the output is not minified; minify _site/ after the build if you need it",
}
# Gems a site may list that are part of reblog itself: listing them changes nothing.
_PART_OF_REBLOG = frozenset({"jekyll-sass-converter", "kramdown-parser-gfm"})
# For any other plugin reblog does not have.
_GENERIC_HINT = ("docs/plugins.md lists the plugins reblog has; port this one to a Python plugin in "
                 "_plugins/ (docs/plugin-api.md) or build the site with Jekyll")


class PluginContext:
    """What a plugin may use: options, Markdown, logging, adding pages and files, the site."""

    def __init__(self, config: dict[str, Any], log: Logger, caches: DiskCaches | None = None) -> None:
        self.config = config
        self.log = log
        self.caches = caches if caches is not None else DiskCaches(None)
        self._site: Site | None = None
        self._services: SiteServices | None = None
        self._urls: SiteUrls | None = None

    @property
    def site(self) -> Site:
        """The site as read (from ``post_read`` on)."""
        if self._site is None:
            raise ReblogError("a plugin used the site before it was read (use post_read or later)")
        return self._site

    def option(self, section: str, key: str | None = None, default: Any = None) -> Any:
        """``config[section]`` or, for a mapping section, ``config[section][key]``."""
        value = self.config.get(section, default)
        if key is None:
            return value
        return value.get(key, default) if isinstance(value, dict) else default

    def markdownify(self, text: str) -> str:
        """Markdown to HTML with the site's kramdown settings (Jekyll's ``markdownify``)."""
        return self._site_services().markdownify(text)

    @property
    def urls(self) -> SiteUrls:
        """The site's ``relative_url`` and ``absolute_url`` (the filters' own, remembered for the
        build, from ``generate`` on; before it, in ``post_read``, URLs of their own rather than
        the filters' whole services made early)."""
        if self._services is not None:
            return self._services.urls
        if self._urls is None:
            self._urls = SiteUrls(self.site.settings.baseurl, self.site.settings.url)
        return self._urls

    def _site_services(self) -> SiteServices:
        if self._services is None:
            self._services = SiteServices(self.site)
        return self._services

    def cache(self, name: str) -> Cache:
        """The named cache ``name`` (Jekyll::Cache.new(name)), kept in ``<cache_dir>/Jekyll/Cache/``.

        Values are data (dicts, lists, strings, numbers, booleans, None); in safe mode and with
        ``--disable-disk-cache`` they are kept in memory only, and a change of configuration
        empties every cache, as in Jekyll.
        """
        return self.caches.named(name)

    def warn(self, message: str, file: str | None = None, line: int | None = None) -> None:
        """Print a warning (the build goes on)."""
        where = f"{file}:{line}: " if file and line else f"{file}: " if file else ""
        self.log.warn(where + message, kind="plugin", file=file, line=line)

    def add_page(self, url_path: str, content: str, data: dict[str, Any] | None = None) -> Document:
        """A generated page at ``url_path`` (``feed.xml``, ``tags/x/index.html``), rendered like any page."""
        page = page_without_a_file(self.site, url_path, content, dict(data or {}))
        self.site.pages.append(page)
        return page

    def add_static_file(self, path: Path, url_path: str) -> StaticFile:
        """Copy the file at ``path`` to ``url_path`` in the destination."""
        rel = url_path.lstrip("/")
        item = StaticFile(path=Path(path), relpath=rel, url="/" + rel, mtime=Path(path).stat().st_mtime)
        self.site.static_files.append(item)
        return item

    def included(self, relpath: str) -> bool:
        """Whether ``include:`` names this source path or its file name (Jekyll's ``included?``)."""
        return EntryFilter(self.site.source, self.site.settings).included(relpath)


class Plugin:
    """Base class of reblog plugins: override the hooks you need; each does nothing by default.

    The hooks run in this order: ``on_config`` (before reading; may change the configuration),
    ``post_read``, ``generate`` (Jekyll's generators, by ``priority``), ``register_templates``
    (Liquid tags and filters, Jinja2 filters), ``prepare_views``, then for each rendered document
    ``pre_render`` and ``post_render``, and ``on_write`` with every output before it is written.
    """

    name: str = ""
    # Jekyll runs generators by priority, highest first; equal priorities keep the order of
    # ``plugins:``. 0 is :normal, -10 :low, -20 :lowest.
    priority: int = 0

    def on_config(self, config: dict[str, Any], context: PluginContext) -> None:
        """The merged configuration, before the source is read."""

    def post_read(self, site: Site, context: PluginContext) -> None:
        """The site as read: every document, data file and static file."""

    def generate(self, site: Site, context: PluginContext) -> None:
        """Add or change pages and documents before anything renders."""

    def register_templates(self, templates: TemplateRegistry, context: PluginContext) -> None:
        """Add Liquid tags and filters and Jinja2 filters."""

    def prepare_views(self, site: Site, views: SiteViews, context: PluginContext) -> None:
        """Present documents held in template variables (a paginator) as views."""

    def pre_render(self, doc: Document, context: PluginContext) -> None:
        """A document about to render (its Liquid has not run)."""

    def post_render(self, doc: Document, context: PluginContext) -> None:
        """A document rendered into its layouts: ``doc.output`` may be changed."""

    def on_write(self, site: Site, output: Output, context: PluginContext) -> None:
        """Every output file, before the destination is written: may add or change files."""


def _overrides(plugin: Plugin, hook: Callable[..., None]) -> bool:
    return getattr(type(plugin), hook.__name__) is not hook


@dataclass
class PluginSet:
    """The plugins one build runs, in order, with the context they share."""

    plugins: list[Plugin]
    context: PluginContext
    templates: TemplateRegistry = field(default_factory=TemplateRegistry)

    def fingerprint(self) -> str:
        """What the plugins' code is: a build made with other plugin code renders everything again.

        reblog's own plugins are part of reblog's version (the cache key); a site's ``_plugins``
        file or an installed package is read here.
        """
        digest = hashlib.sha1()
        for plugin in self.plugins:
            cls = type(plugin)
            digest.update(f"{cls.__module__}.{cls.__qualname__}\0".encode())
            module = sys.modules.get(cls.__module__)
            path = getattr(module, "__file__", None)
            if path and not cls.__module__.startswith("reblog."):
                try:
                    digest.update(Path(path).read_bytes())
                except OSError:
                    pass
        return digest.hexdigest()

    def on_config(self, config: dict[str, Any]) -> bool:
        """Run every ``on_config``; whether any plugin has one (and so may have changed ``config``)."""
        for plugin in self.plugins:
            plugin.on_config(config, self.context)
        return any(type(plugin).on_config is not Plugin.on_config for plugin in self.plugins)

    def post_read(self, site: Site) -> None:
        """Run every ``post_read``."""
        self.context._site = site
        for plugin in self.plugins:
            plugin.post_read(site, self.context)

    def generate(self, site: Site, services: SiteServices) -> None:
        """Run the generators, then let plugins register their template extensions."""
        self.context._site = site
        self.context._services = services
        for plugin in self.plugins:
            plugin.generate(site, self.context)
        for plugin in self.plugins:
            plugin.register_templates(self.templates, self.context)

    def prepare_views(self, site: Site, views: SiteViews) -> None:
        """Run every ``prepare_views``."""
        for plugin in self.plugins:
            plugin.prepare_views(site, views, self.context)

    def document_hooks(self) -> tuple[Callable[[Document], None] | None, Callable[[Document], None] | None]:
        """The per-document hooks for the renderer (None where no plugin has one)."""
        pre = [p for p in self.plugins if _overrides(p, Plugin.pre_render)]
        post = [p for p in self.plugins if _overrides(p, Plugin.post_render)]

        def run_pre(doc: Document) -> None:
            for plugin in pre:
                plugin.pre_render(doc, self.context)

        def run_post(doc: Document) -> None:
            for plugin in post:
                plugin.post_render(doc, self.context)

        return (run_pre if pre else None), (run_post if post else None)

    def rewrites_outputs(self) -> bool:
        """Whether a plugin has an ``on_write`` (which may change or add outputs) or a ``post_render``."""
        return any(_overrides(p, Plugin.on_write) or _overrides(p, Plugin.post_render) for p in self.plugins)

    def on_write(self, site: Site, output: Output) -> None:
        """Run every ``on_write``."""
        for plugin in self.plugins:
            plugin.on_write(site, output, self.context)


def available_plugins() -> dict[str, EntryPoint]:
    """Every plugin that can be named in ``plugins:``: the built-ins, then installed packages'."""
    # Here, not at the top: importlib.metadata (and the email package it loads) costs a build
    # whose plugins are all built in 10 ms, and load_plugins then never calls this.
    from importlib.metadata import EntryPoint, entry_points

    found = {name: EntryPoint(name, value, ENTRY_POINT_GROUP) for name, value in BUILTINS.items()}
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        if entry.value.startswith("reblog.plugins."):
            continue  # reblog's own (possibly stale) metadata: the table above is the truth
        found.setdefault(entry.name, entry)
    return found


@dataclass(frozen=True)
class _Builtin:
    """A built-in plugin's ``module:attribute``, loaded as its entry point would load it."""

    value: str

    def load(self) -> Any:
        """The plugin class."""
        return pkgutil.resolve_name(self.value)


def _instantiate(factory: Any, where: str) -> Plugin:
    plugin = factory() if callable(factory) else factory
    if not isinstance(plugin, Plugin):
        raise ReblogError(f"{where} is not a reblog plugin (a subclass of reblog.plugins.api.Plugin)")
    return plugin


def load_plugins(
    settings: Settings, config: dict[str, Any], log: Logger, theme_plugins: Sequence[str] = (),
    caches: DiskCaches | None = None,
) -> PluginSet:
    """The plugins this site asks for (``plugins:``, ``_plugins/``); warns on unknown names.

    ``theme_plugins`` (a theme gem's runtime dependencies) come first, as Jekyll requires them
    before the site's gems, and only those safe mode allows.
    """
    from_theme = [name for name in theme_plugins if _allowed(settings, name)]
    names = from_theme + list(settings.plugins)
    # Installed packages' entry points are read only when a name the build loads is not a
    # built-in (which comes first anyway) nor part of reblog: reading them means importing
    # importlib.metadata and scanning every installed distribution.
    available: dict[str, Any] = (
        {name: _Builtin(value) for name, value in BUILTINS.items()}
        if all(n in BUILTINS or n in _PART_OF_REBLOG for n in names) else available_plugins())
    plugins: list[Plugin] = []
    loaded: set[str] = set()
    for name in names:
        if name in _PART_OF_REBLOG:
            continue   # (reblog does their work itself)
        entry = available.get(name)
        if entry is None:
            needed = " (the theme needs it)" if name in from_theme else ""
            hint = _MISSING_HINTS.get(name, _GENERIC_HINT)
            log.warn(f"plugin {name!r}{needed} is not available in reblog; building without it ({hint})",
                     kind="plugin")
            continue
        if name in loaded:  # a plugin listed twice still runs once
            continue
        loaded.add(name)
        try:
            factory = entry.load()
        except Exception as err:  # a broken third-party package: one line, not a traceback
            raise ReblogError(f"plugin {name!r} ({entry.value}) failed to load: {type(err).__name__}: {err}") from err
        plugins.append(_instantiate(factory, f"plugin {name!r} ({entry.value})"))
    if config.get("paginate") and "jekyll-paginate" not in loaded:
        # Jekyll's PluginManager#deprecation_checks, word for word; `gems:` is a likely cause.
        old_key = " (`gems:` is not read by Jekyll 4)" if config.get("gems") else ""
        log.warn("Deprecation: You appear to have pagination turned on, but you haven't included the "
                 "`jekyll-paginate` gem. Ensure you have `plugins: [jekyll-paginate]` in your "
                 f"configuration file{old_key}.", kind="plugin")
    plugins += site_plugins(settings, log)
    # Jekyll runs generators by priority; sorting is stable, so equal priorities keep their order.
    plugins.sort(key=lambda plugin: -plugin.priority)
    if settings.tag_pages and "reblog-tag-pages" not in loaded:
        # reblog's own, for its built-in theme: after the others (its pages are in no sitemap).
        plugins.append(_instantiate(available["reblog-tag-pages"].load(), "reblog-tag-pages"))
    return PluginSet(plugins, PluginContext(config, log, caches))


def _allowed(settings: Settings, name: str) -> bool:
    """Jekyll's ``plugin_allowed?``: in safe mode only whitelisted plugins load."""
    if not settings.safe:
        return True
    if settings.github_pages:  # the github-pages gem sets whitelist to its own list
        from ..config.pages_mode import PLUGIN_WHITELIST

        return name in PLUGIN_WHITELIST
    return name in settings.whitelist


def site_plugins(settings: Settings, log: Logger) -> list[Plugin]:
    """The plugins in the site's ``_plugins/*.py``: none in safe mode (``--safe``, GitHub Pages)."""
    if settings.safe:
        return []
    found: list[Plugin] = []
    ruby: list[str] = []
    # plugins_dir: one folder or a list, relative to the source.
    for folder in (settings.source / name for name in settings.plugins_dirs):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.rb")):
            ruby.append(path.relative_to(folder.parent).as_posix())
        for path in sorted(folder.rglob("*.py")):
            module = _load_file(path, settings.source)
            found += [_instantiate(cls, f"{path.name}: {cls.__name__}") for cls in _plugin_classes(module)]
    if ruby:
        log.warn(
            f"Ruby plugins do not run in reblog: {', '.join(ruby)}; port them to a Python plugin "
            "(see docs/plugin-api.md)", kind="plugin",
        )
    return found


def _plugin_classes(module: ModuleType) -> Iterable[type[Plugin]]:
    """The Plugin subclasses a file defines (not those it imports), in the order written."""
    for value in vars(module).values():
        if isinstance(value, type) and issubclass(value, Plugin) and value is not Plugin \
                and value.__module__ == module.__name__:
            yield value


def _load_file(path: Path, source: Path) -> ModuleType:
    """Import one ``_plugins`` file; any failure is one error naming the file and line."""
    rel = display_path(path, source)
    name = "reblog_site_plugins." + rel.removesuffix(".py").replace("/", ".").replace("-", "_")
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ReblogError("cannot load this plugin file", rel)
    module = importlib.util.module_from_spec(spec)
    # Registered while it runs (dataclasses and pickling look modules up by name).
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except SyntaxError as err:
        sys.modules.pop(name, None)
        raise ReblogError(f"plugin syntax error: {err.msg}", rel, err.lineno) from err
    except Exception as err:
        sys.modules.pop(name, None)
        raise ReblogError(f"plugin failed: {type(err).__name__}: {err}", rel, _line_in(err, path)) from err
    return module


def _line_in(err: BaseException, path: Path) -> int | None:
    """The last line of ``path`` the exception's traceback passed through."""
    import traceback  # imported here: only a failing plugin needs it

    line = None
    for frame in traceback.extract_tb(err.__traceback__):
        if Path(frame.filename) == path:
            line = frame.lineno
    return line
