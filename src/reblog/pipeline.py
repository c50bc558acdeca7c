"""The build pipeline, on one screen: configure, read, generate, render, images, write.

``reblog build``, ``reblog serve`` and ``reblog deploy`` all drive one ``Pipeline``. Its first run
compares the source with what the last build read (the build cache, in ``.jekyll-cache/``):
nothing changed means nothing to do; otherwise only the outputs whose recorded inputs changed are
rendered again (``reblog.incremental``). With nothing cached the site renders in parallel when
that pays (``reblog.parallel``), to the same bytes as the sequential render. Later runs (the dev
server's rebuilds) compare with the last good run, kept in memory.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cache import (
    METADATA, BuildCache, ContentMemo, DestEntry, DiskCaches, cache_folder, changed_files, dest_intact, scan_source,
    settings_key,
)
from .config import load_config
from .config.model import Settings
from .config.parse import parse_settings
from .log import Logger
from .lifetime import long_lived
from .model import Site
from .profiling import Profile
from .theme import Theme, resolve_theme, theme_folders
from .writer import (
    EarlyStage, Expected, Output, begin_write, check_destination, dest_entries, note_origins, recover,
    rewrite_rendered, write_output,
)

# The engines (Liquid, Markdown, Sass, plugins, images) are imported where they are first used:
# a build that finds nothing changed never needs them, and importing them costs more than the
# check. (The layering test reads these imports too: they go down the layers like the others.)
if TYPE_CHECKING:
    from .images import BackgroundEncodes, ImagePipeline, ImageStats
    from .incremental import Fingerprints, PassResult, Snapshot
    from .plugins.api import PluginSet
    from .render import Renderer
    from .site_services import SiteServices
    from .templates.views import SiteViews

__all__ = [
    "BuildOptions", "BuildResult", "Pipeline", "build", "configure", "finish", "prepare", "read_site",
]

NOJEKYLL = ".nojekyll"
CNAME = "CNAME"


@dataclass
class BuildOptions:
    """What the command line asks of a build."""

    source: Path = Path(".")
    destination: str | None = None
    config_files: list[str] | None = None
    drafts: bool = False
    future: bool = False
    unpublished: bool = False
    baseurl: str | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    jobs: int | None = None          # render and image processes (None: the config's, else all cores)
    strict: bool = False             # image problems fail the build instead of warning
    cache: bool = True               # use and update the build cache in cache_dir (--no-cache: neither)
    profile: bool = False            # measure phases, templates and pages (--profile)
    safe: bool = False               # Jekyll's --safe: no plugins from the site's _plugins/
    incremental: bool = False        # Jekyll's -I: the incremental record in .jekyll-metadata
    disable_disk_cache: bool = False  # Jekyll's --disable-disk-cache: nothing in cache_dir
    # ``site.time`` when neither ``time:`` nor SOURCE_DATE_EPOCH pins it (None: now, at each
    # build). ``reblog serve`` fixes it at the server's start.
    time: datetime | None = None
    # ``site.serving``: Jekyll's serve command sets it true, build false (over any config's value).
    serving: bool = False
    # The process ends after this build (``reblog build`` run as the program): the old site a
    # whole-site write replaced is deleted by a child process, off the build's time.
    exits_after: bool = False

    @classmethod
    def from_flags(cls, flags: Any) -> BuildOptions:
        """The options a command's parsed flags ask for (flags a command lacks keep their default)."""
        config = getattr(flags, "config", None)
        return cls(
            source=Path(flags.source),
            destination=getattr(flags, "destination", None),
            config_files=[c.strip() for c in config.split(",")] if config else None,
            drafts=getattr(flags, "drafts", False),
            future=getattr(flags, "future", False),
            unpublished=getattr(flags, "unpublished", False),
            baseurl=getattr(flags, "baseurl", None),
            jobs=getattr(flags, "jobs", None),
            strict=getattr(flags, "strict", False),
            cache=not getattr(flags, "no_cache", False),
            profile=getattr(flags, "profile", False),
            safe=getattr(flags, "safe", False),
            incremental=getattr(flags, "incremental", False),
            disable_disk_cache=getattr(flags, "disable_disk_cache", False),
            exits_after=getattr(flags, "exits_after", False),
        )


@dataclass
class BuildResult:
    """What a build made, for the CLI and for callers such as the dev server."""

    site: Site
    written: int
    seconds: float
    dependencies: dict[str, set[str]] = field(default_factory=dict)
    images: ImageStats | None = None
    rendered: int = 0                # outputs rendered (the rest came from the cache)
    resumed: int = 0                 # of those, rendered from a layout on (only site.time changed)
    spliced: int = 0                 # of those, only their printed site.time text derived anew
    changed: int = 0                 # destination files written (the rest were up to date)
    profile: Profile | None = None
    how: str = "sequential"          # "up to date", "cached", "parallel" or "sequential"


def configure(options: BuildOptions) -> dict[str, Any]:
    """The merged configuration for these options."""
    overrides = dict(options.overrides)
    if options.destination:
        overrides["destination"] = options.destination
    if options.baseurl is not None:
        overrides["baseurl"] = options.baseurl
    for flag in ("future", "unpublished", "safe", "incremental", "disable_disk_cache"):
        if getattr(options, flag):
            overrides[flag] = True
    if options.drafts:
        overrides["show_drafts"] = True
    overrides["serving"] = options.serving
    return load_config(options.source, options.config_files, overrides)


def read_site(
    options: BuildOptions, log: Logger, config: dict[str, Any] | None = None,
    memo: dict[str, Any] | None = None, theme: Theme | None = None,
    settings: Settings | None = None,
) -> Site:
    """Configure (unless given the configuration, and then its theme) and read the whole source.

    ``settings``: the configuration already parsed (else it is parsed here, once).
    """
    from .reader import Reader, ReadOptions

    if config is None:
        config = configure(options)
        theme, settings = configure_theme(config, log)
    site = Site.configured(config, settings, options.time)
    settings = site.settings
    check_destination(site.source, site.dest, settings, theme.root if theme else None)
    site.theme_dir = theme.root if theme else None
    if memo is not None:
        site.memo = memo
    read_options = ReadOptions(
        drafts=settings.show_drafts, future=settings.future, unpublished=settings.unpublished,
    )
    Reader(site, read_options, log).read()
    return site


def configure_theme(config: dict[str, Any], log: Logger) -> tuple[Theme | None, Settings]:
    """The site's theme and the settings of ``config`` once the theme has changed it."""
    early = parse_settings(config)
    theme = resolve_theme(early, config, log)
    # A theme's _config.yml is merged under the site's, and a remote theme names itself.
    return theme, (early if theme is None else parse_settings(config))


@dataclass
class Prepared:
    """A site read and generated, with the engines ready to render it."""

    site: Site
    plugins: PluginSet
    views: SiteViews
    renderer: Renderer
    images: ImagePipeline | None
    services: SiteServices


def prepare(
    options: BuildOptions, log: Logger, profile: Profile | None = None,
    config: dict[str, Any] | None = None, images: bool = True, memo: dict[str, Any] | None = None,
    content_memo: ContentMemo | None = None, caches: DiskCaches | None = None,
) -> Prepared:
    """Every step before rendering: read, generate, excerpts, views and engines, image workers.

    ``images=False`` leaves the image pipeline to be started later (``start_image_pipeline``):
    render workers are forked from this process, which must not have image workers yet.
    ``content_memo`` (the build cache's) keeps converted Markdown and code across builds;
    ``caches`` are the named caches plugins use (default: in memory only).
    """
    from .config.pages_mode import link_baseurl
    from .plugins.api import load_plugins
    from .render import Renderer, RenderOptions
    from .sass import source_map_pages
    from .site_services import SiteServices, make_converters
    from .templates.filters import jekyll_filters
    from .templates.views import SiteViews

    profile = profile or Profile()
    with profile.phase("read"):
        config = config if config is not None else configure(options)
        # As Jekyll's Site#config=: the theme is found and its _config.yml merged first, and its
        # gem's runtime dependencies load before the site's plugins.
        theme, settings = configure_theme(config, log)
        plugins = load_plugins(settings, config, log, theme.plugins if theme else (), caches or DiskCaches(None))
        # A plugin's on_config may change the configuration: then it is parsed again.
        changed = plugins.on_config(config)
        site = read_site(options, log, config, memo, theme, None if changed else settings)
        plugins.post_read(site)
    with profile.phase("generate"):
        services = SiteServices(site, content_memo, log)
        # Generators run after reading (they list what was read) and before rendering.
        plugins.generate(site, services)
        _prepare_excerpts(site)
        # jekyll-sass-converter's map pages join site.pages as their Sass pages render. (Asked
        # only with Sass pages: the question loads libsass, which most sites do not need.)
        maps = source_map_pages(site)
        views = SiteViews(site, maps if maps and services.sass.writes_maps else None)
        # Plugins that put documents in template variables (the paginator) present them as views.
        plugins.prepare_views(site, views)
        pre_render, post_render = plugins.document_hooks()
        render_options = RenderOptions(
            link_baseurl(site.settings), plugins.templates, pre_render, post_render, strict=options.strict,
        )
        renderer = Renderer(
            site, views, make_converters(services, content_memo), jekyll_filters(services), log,
            render_options,
        )
        views.render_excerpt = renderer.render_excerpt
    prepared = Prepared(site, plugins, views, renderer, None, services)
    if images:
        start_image_pipeline(prepared, options, log)
    return prepared


def start_images(
    site: Site, log: Logger, jobs: int | None, strict: bool, background: BackgroundEncodes | None = None,
) -> ImagePipeline | None:
    """The image pipeline's ``start_images``, imported on first use (one name to patch in tests)."""
    from .images import start_images as start

    return start(site, log, jobs, strict, background)


def start_image_pipeline(
    prepared: Prepared, options: BuildOptions, log: Logger, background: BackgroundEncodes | None = None,
) -> None:
    """Start the image workers (none unless _config.yml has ``images:``); encoding overlaps rendering.

    ``background``: the dev server's encodes, which the build does not wait for.
    """
    if prepared.images is None:
        prepared.images = start_images(prepared.site, log, options.jobs, options.strict, background)


def finish(prepared: Prepared, output: Output) -> ImageStats | None:
    """Every step after rendering, before writing: plugin outputs, static files, images."""
    site = prepared.site
    prepared.plugins.on_write(site, output)
    _add_static_files(site, output)
    # GitHub Pages serves the output as is (.nojekyll) at its custom domain (CNAME).
    ensure_pages_files(output, site)
    # Every output path is traced to the file that asked for it: a path the writer refuses is
    # reported there, and two files sharing one get Jekyll's conflict warning.
    written = [d for d in site.renderables() if site.writes(d)]
    note_origins(output, site, written, prepared.renderer.log)
    return prepared.images.finish(output) if prepared.images else None


def ensure_pages_files(output: Output, site: Site) -> None:
    """Add ``.nojekyll`` (so GitHub Pages serves the files as they are).

    ``CNAME`` is copied as Jekyll copies it: as a static file, unless ``exclude:`` lists it;
    ``reblog deploy`` adds it to what it publishes either way (``write_pages_files``).
    """
    del site
    if NOJEKYLL not in output.files and NOJEKYLL not in output.copies:
        output.files[NOJEKYLL] = ""


@dataclass
class _Previous:
    """What the cache knows of the last build, checked against the source and destination."""

    cache: BuildCache
    scan: dict[str, tuple[int, int]]
    manifest: dict[str, Any] | None
    dest_ok: bool

    @property
    def up_to_date(self) -> bool:
        """Same settings, same source files, destination as written: nothing to do."""
        return self.manifest is not None and self.dest_ok and self.manifest["source"] == self.scan


def _previous(
    options: BuildOptions, config: dict[str, Any], settings: Settings, log: Logger, caches: DiskCaches,
) -> _Previous | None:
    """What the last build recorded (None: no record is kept: the disk cache is off and no ``-I``)."""
    source, dest = settings.source, settings.destination
    metadata = source / METADATA if settings.incremental else None
    if metadata is None and not caches.on_disk:
        return None
    cache = BuildCache(caches, settings_key(config, options.strict), log.info, metadata)
    extra = [Path(f) for f in options.config_files or [] if not _inside(Path(source, f), source)]
    extra += theme_folders(settings)  # a theme gem edited or upgraded is a change too
    skip = [dest] + ([caches.folder] if caches.folder is not None else [])
    scan = scan_source(source, skip=skip, extra=extra)
    manifest = cache.load_manifest()
    dest_ok = bool(manifest) and dest_intact(
        dest.resolve(), manifest["dest"], list(settings.keep_files)
    ) if manifest else False
    return _Previous(cache, scan, manifest, dest_ok)


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


@dataclass
class Made:
    """One run of the pipeline up to writing: the site, its output and how it was rendered."""

    prepared: Prepared
    result: PassResult
    fingerprints: Fingerprints
    how: str                         # "cached", "parallel" or "sequential"
    full: bool                       # rendered without a plan (nothing to compare with)
    images: ImageStats | None
    previous: _Previous | None
    content_memo: ContentMemo | None
    profile: Profile
    started: float

    @property
    def site(self) -> Site:
        """The site this run read."""
        return self.prepared.site

    @property
    def output(self) -> Output:
        """Every file the destination must hold."""
        return self.result.output


class Pipeline:
    """One site built again and again: ``reblog build`` runs it once, ``reblog serve`` on each change."""

    def __init__(self, options: BuildOptions, log: Logger) -> None:
        self.options = options
        self.log = log
        self.snapshot: Snapshot | None = None   # the last good run (None: none yet)
        self.memo: dict[str, Any] = {}          # Site.memo, kept from one run to the next
        # reblog serve's image encodes, which a rebuild does not wait for (None: wait for all).
        self.background_images: BackgroundEncodes | None = None
        # The named caches (Jekyll::Cache's), kept in memory from one run to the next as Jekyll does.
        self.caches: DiskCaches | None = None

    def disk_caches(self, settings: Settings) -> DiskCaches:
        """The site's named caches, in its ``cache_dir`` unless the disk cache is off."""
        folder = cache_folder(settings) if self.options.cache else None
        if self.caches is None or self.caches.folder != folder:
            self.caches = DiskCaches(folder, settings.source)
        return self.caches

    def build(self) -> BuildResult:
        """``reblog build``: every step runs before the destination is touched, so errors lose nothing."""
        started = time.perf_counter()
        # On GitHub Actions each phase that prints something is a folded group of the log.
        profile = Profile(around=lambda phase: self.log.group(f"reblog build: {phase}"))
        with profile.phase("cache check"):
            config = configure(self.options)
            # Before anything reads or writes the destination: is it allowed, and is it whole?
            # (The site's own settings are parsed again once its theme and plugins had their say.)
            early = parse_settings(config)
            check_destination(early.source, early.destination, early)
            for note in recover(early.destination):
                self.log.info(note)
            caches = self.disk_caches(early)
            previous = _previous(self.options, config, early, self.log, caches) if self.options.cache else None
        # A pinned site.time (``time:``, SOURCE_DATE_EPOCH) is part of the key; "now" never repeats.
        if previous is not None and previous.up_to_date and early.time is not None:
            site = Site.configured(config)
            return BuildResult(site, len(previous.manifest["dest"]), time.perf_counter() - started,  # type: ignore[index]
                               profile=profile, how="up to date")
        if previous is not None and previous.up_to_date:
            quick = self._time_only(previous, config, early, profile, started)
            if quick is not None:
                return quick
        last = previous.manifest["dest"] if previous and previous.dest_ok and previous.manifest else None
        # A whole-site write (nothing known of the destination) starts making the new site's
        # folders and static files beside it while the site renders (``writer.begin_write``).
        begun: EarlyStage | None = None

        def begin(prepared: Prepared) -> None:
            nonlocal begun
            begun = begin_write(prepared.site.dest, lambda: expected_output(prepared.site))

        try:
            made = self.make(None, config, previous, profile, started, before_render=begin if last is None else None)
            with profile.phase("write"):
                site, output = made.site, made.output
                keep = list(site.settings.keep_files)
                written = write_output(output, site.dest, keep, last, delete_later=self.options.exits_after,
                                       early=begun, signed=previous is not None)
                total, changed, entries = written.total, len(written.written), written.entries
        finally:
            if begun is not None:
                begun.abandon()   # a failed build: the helper stops and its stage is deleted
        self.keep(made, entries)
        return BuildResult(
            site, total, time.perf_counter() - started, made.result.dependencies, made.images,
            rendered=len(made.result.rendered), changed=changed, profile=profile, how=made.how,
            resumed=len(made.result.resumed), spliced=len(made.result.spliced),
        )

    def _time_only(
        self, previous: _Previous, config: dict[str, Any], settings: Settings, profile: Profile,
        started: float,
    ) -> BuildResult | None:
        """Nothing changed but an unpinned ``site.time``: check only what was derived from it.

        What reading the source derived from the time (which posts are published yet) must be
        the same, and each output's observations too, or be site.time text its last template
        printed as a date filter gave it (``reblog.sitetime.final_prints``): that text is
        derived anew in the file, nothing is read or rendered. None: build as usual.
        """
        from .sitetime import TimeCheck
        from .templates.filters import date_filters

        manifest = previous.manifest
        assert manifest is not None
        with profile.phase("cache check"):
            record = previous.cache.load_times(manifest["token"])
            if record is None or not record["clean"] or record["zone"] != (settings.timezone or ""):
                return None
            site = Site.configured(config, settings, self.options.time)
            check = TimeCheck(site.time, date_filters(settings))
            if not all(check.holds(key) for key in record["outside"]):
                return None
            outputs: dict[str, list[Any]] = dict(record["outputs"])
            files: dict[str, str] = {}
            for rel, (keys, prints) in record["outputs"].items():
                if all(check.holds(key) for key in keys):
                    continue
                printed = {p[2] for p in prints}
                if not all(key in printed or check.holds(key) for key in keys):
                    return None
                try:
                    text = (site.dest / rel).read_bytes().decode("utf-8", "surrogateescape")
                except OSError:
                    return None
                spliced = check.splice(text, prints)
                if spliced is None:
                    return None
                files[rel], fresh, renamed = spliced
                outputs[rel] = [sorted(renamed.get(key, key) for key in keys), fresh]
        with profile.phase("write"):
            entries, written = rewrite_rendered(site.dest, files, manifest["dest"])
        with profile.phase("cache save"):
            previous.cache.save_times(
                {"source": previous.scan, "dest": entries}, {**record, "outputs": outputs}, manifest["token"],
            )
        return BuildResult(site, len(entries), time.perf_counter() - started, rendered=len(files),
                           spliced=len(files), changed=len(written), profile=profile, how="cached")

    def make(
        self, changed: Iterable[Path] | None = None, config: dict[str, Any] | None = None,
        previous: _Previous | None = None, profile: Profile | None = None,
        started: float | None = None, before_render: Callable[[Prepared], None] | None = None,
    ) -> Made:
        """Everything but writing. ``changed``: the files changed since the last good run.

        The first run (nothing in memory) compares with the build cache; later runs with the
        last good run. ``before_render``: called once the site is read and generated.
        """
        started = time.perf_counter() if started is None else started
        profile = profile or Profile()
        first = self.snapshot is None
        if config is None:
            with profile.phase("cache check"):
                config = configure(self.options)
                if first and self.options.cache:
                    early = parse_settings(config)
                    previous = _previous(self.options, config, early, self.log, self.disk_caches(early))
        content_memo = previous.cache.load_memo() if previous is not None else None
        # (``reblog serve`` builds again and again: its objects do not live to the end)
        with long_lived(first and self.options.exits_after and not self.options.serving):
            prepared = prepare(
                self.options, self.log, profile, config, images=False, memo=self.memo,
                content_memo=content_memo,
                caches=self.caches if self.caches is not None else self.disk_caches(parse_settings(config)),
            )
        prepared.renderer.profile = profile if self.options.profile else None
        if before_render is not None:
            before_render(prepared)
        with profile.phase("render"):
            result, how, fp, full = self._render(prepared, changed, previous, first, content_memo)
        with profile.phase("images, plugins, static files"):
            start_image_pipeline(prepared, self.options, self.log, self.background_images)
            if prepared.images is not None and how == "parallel":
                # The parallel render ran before the image workers could start (they must not
                # be forked into the render workers): they see the pages now.
                for rel, text in result.output.files.items():
                    prepared.images.page_rendered(rel, str(text))
            image_stats = finish(prepared, result.output)
        return Made(prepared, result, fp, how, full, image_stats, previous, content_memo, profile, started)

    def keep(self, made: Made, entries: dict[str, DestEntry] | None = None) -> None:
        """Remember a run as the last good one: in memory and, when the cache is on, on disk.

        ``entries``: what the write left in the destination, if the writer knows (else read).
        """
        from .incremental import Snapshot, time_record

        fp = made.fingerprints
        self.snapshot = Snapshot(made.result.states, fp.site_prints, fp.layouts)
        previous = made.previous
        if previous is None:
            return
        with made.profile.phase("cache save"):
            if entries is None:
                entries = dest_entries(made.output, made.site.dest.resolve())
            prepared = made.prepared
            clean = prepared.images is None and not prepared.plugins.rewrites_outputs()
            times = time_record(made.site, made.result, fp.keys, clean)
            previous.cache.save({"source": previous.scan, "dest": entries}, self.snapshot, made.content_memo, times)

    def _render(
        self, prepared: Prepared, changed: Iterable[Path] | None, previous: _Previous | None,
        first: bool, content_memo: ContentMemo | None,
    ) -> tuple[PassResult, str, Fingerprints, bool]:
        """Render what must be: in parallel when nothing is known and it pays, else in order."""
        from .incremental import DocState, Snapshot, add_prints, plan_changes, render_pass, take_fingerprints
        from .sass import sass_pages

        site, renderer, options = prepared.site, prepared.renderer, self.options
        # The documents' keys; their prints are added before anything compares them (a parallel
        # render adds them while its workers render).
        fp = take_fingerprints(site, prints=False)
        # Other plugin code (a _plugins/ file edited, a package upgraded): render everything.
        fp.site_prints["plugins"] = prepared.plugins.fingerprint()
        snapshot, plan = self.snapshot, None
        if snapshot is not None:
            add_prints(fp, site)
            plan = plan_changes(site, snapshot, changed, fp)
        elif previous is not None and previous.manifest is not None:
            data = previous.cache.load_snapshot(previous.manifest["token"])
            if data is not None:
                docs = {key: DocState(**doc) for key, doc in data["docs"].items()}
                snapshot = Snapshot(docs, data["site_prints"], data["layouts"])
                files = changed_files(previous.manifest["source"], previous.scan, site.source)
                # An unpinned site.time differs from the cached build's: what each output
                # derived from it is checked again in the pass (reblog.sitetime).
                add_prints(fp, site)
                plan = plan_changes(site, snapshot, files, fp)
        # Only the first run forks render workers: later ones run beside the dev server's
        # threads, and forking a process with running threads is unsafe. With one job (-j 1)
        # the parallel renderer is not even imported (multiprocessing and the workers' code).
        if plan is None and first and options.jobs != 1:
            from . import parallel

            if parallel.worth_it(site, options.jobs):
                if sass_pages(site):
                    # Their compiler loads once here, not in each worker that renders one.
                    prepared.services.sass.load_page_compiler()
                try:
                    # Run as the program (``exits_after``), the process keeps what is frozen.
                    result = parallel.ParallelRender(
                        site, renderer, fp, options.jobs, content_memo, keep_frozen=options.exits_after,
                    ).run()
                    return result, "parallel", fp, True
                except parallel.ParallelUnsafe as why:
                    self.log.info(f"Rendering in order: {why}".splitlines()[0])
        add_prints(fp, site)
        start_image_pipeline(prepared, options, self.log, self.background_images)
        images = prepared.images
        on_output: Callable[[str, str], None] | None = images.page_rendered if images else None
        result = render_pass(site, renderer, fp, snapshot, plan, on_output)
        return result, "cached" if plan is not None else "sequential", fp, plan is None


def build(options: BuildOptions, log: Logger) -> BuildResult:
    """Build the site once (``reblog build``)."""
    return Pipeline(options, log).build()


def _prepare_excerpts(site: Site) -> None:
    from .render import extract_excerpt

    separator_default = site.settings.excerpt_separator
    for doc in site.documents():
        if "excerpt" in doc.data:
            continue
        separator = str(doc.data.get("excerpt_separator", separator_default))
        if separator:
            doc.raw_excerpt = extract_excerpt(doc.content, separator)


def expected_output(site: Site) -> Expected:
    """The output paths a site's render will write, and its static files, as known before it.

    (Plugins' outputs, source maps and image variants come later: the write adds them.)
    """
    statics = Output()
    _add_static_files(site, statics)
    rendered = [doc.output_rel() for doc in site.renderables() if site.writes(doc)]
    return [*rendered, NOJEKYLL], statics.copies


def _add_static_files(site: Site, output: Output) -> None:
    for item in site.static_files:
        output.add_static(item.url.lstrip("/"), item.path)
    for coll in site.collections.values():
        if coll.output:
            for item in coll.files:
                output.add_static(item.url.lstrip("/"), item.path)
