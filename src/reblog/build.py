"""The build pipeline, on one screen: configure, read, generate, render, write.

With the build cache on (the default), a build first compares the source with what the last build
read: nothing changed (and the destination untouched) means nothing to do; otherwise only the
outputs whose recorded inputs changed are rendered again (``reblog.incremental``, shared with
``reblog serve``). A build with nothing cached renders in parallel when that pays
(``reblog.parallel``), to the same bytes as the sequential render.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cache import BuildCache, ContentMemo, cached_call, changed_files, dest_intact, scan_source, settings_key
from .config import load_config
from .dates import parse_date, site_timezone, to_site_zone
from .errors import ReblogError
from .log import Logger
from .model import Document, Site
from .profiling import Profile
from .writer import Output, check_destination, dest_entries, sync_site, write_site

# The engines (Liquid, Markdown, Sass, plugins) are imported where they are first used: a build
# that finds nothing changed never needs them, and importing them costs more than the check.
if TYPE_CHECKING:
    from .images import ImagePipeline, ImageStats
    from .incremental import Fingerprints, PassResult
    from .render import Renderer
    from .site_services import SiteServices
    from .templates.views import SiteViews

__all__ = ["BuildOptions", "BuildResult", "build", "document_written", "finish", "prepare"]


def document_written(site: Site, doc: Document) -> bool:
    """Whether a document gets an output file (pages always; collections when ``output``)."""
    if doc.kind == "page":
        return True
    coll = site.collections.get(doc.collection or "")
    return bool(coll and coll.output)


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
    cache: bool = True               # use and update .reblog-cache/build/ (--no-cache: neither)
    profile: bool = False            # measure phases, templates and pages (--profile)


@dataclass
class BuildResult:
    """What a build made, for the CLI and for callers such as the dev server."""

    site: Site
    written: int
    seconds: float
    dependencies: dict[str, set[str]] = field(default_factory=dict)
    images: ImageStats | None = None
    rendered: int = 0                # outputs rendered (the rest came from the cache)
    changed: int = 0                 # destination files written (the rest were up to date)
    profile: Profile | None = None
    how: str = "sequential"          # "up to date", "cached", "parallel" or "sequential"


def _site_time(config: dict[str, Any]) -> datetime:
    """``site.time``: pinned by ``time:``, else ``SOURCE_DATE_EPOCH``, else now; in the site's zone.

    ``time:`` is read like Jekyll's ``Utils.parse_date(config["time"].to_s)``. Jekyll 4.3
    ignores ``SOURCE_DATE_EPOCH``; reblog honours it (only when ``time:`` is absent) so that
    reproducible-build tooling gets byte-identical output without editing ``_config.yml``.
    """
    import os  # local: this function is the only user

    tz = site_timezone(config.get("timezone"))
    pinned = config.get("time")
    if pinned is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        if not epoch:
            return to_site_zone(datetime.now().astimezone(), tz)
        if not epoch.isdigit():
            raise ReblogError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {epoch!r}")
        return to_site_zone(datetime.fromtimestamp(int(epoch)).astimezone(), tz)
    if isinstance(pinned, (int, float)) and not isinstance(pinned, bool):
        return to_site_zone(datetime.fromtimestamp(pinned).astimezone(), tz)
    try:
        return parse_date(pinned, tz)
    except ValueError as err:
        raise ReblogError(f"invalid time: {pinned!r}", "_config.yml") from err


def configure(options: BuildOptions) -> dict[str, Any]:
    """The merged configuration for these options."""
    overrides = dict(options.overrides)
    if options.destination:
        overrides["destination"] = options.destination
    if options.baseurl is not None:
        overrides["baseurl"] = options.baseurl
    for flag in ("future", "unpublished"):
        if getattr(options, flag):
            overrides[flag] = True
    if options.drafts:
        overrides["show_drafts"] = True
    return load_config(options.source, options.config_files, overrides)


def read_site(
    options: BuildOptions, log: Logger, config: dict[str, Any] | None = None,
    memo: dict[str, Any] | None = None,
) -> Site:
    """Configure (unless given the configuration) and read the whole source into a Site."""
    from .reader import Reader, ReadOptions

    config = config if config is not None else configure(options)
    source = Path(config["source"])
    dest = Path(config["destination"])
    check_destination(source, dest)
    site = Site(config=config, source=source, dest=dest, time=_site_time(config))
    if memo is not None:
        site.memo = memo
    read_options = ReadOptions(
        drafts=bool(config.get("show_drafts")),
        future=bool(config.get("future")),
        unpublished=bool(config.get("unpublished")),
    )
    Reader(site, read_options, log).read()
    return site



@dataclass
class Prepared:
    """A site read and generated, with the engines ready to render it."""

    site: Site
    plugins: list[Any]
    views: SiteViews
    renderer: Renderer
    images: ImagePipeline | None
    services: SiteServices | None = None


def prepare(
    options: BuildOptions, log: Logger, profile: Profile | None = None,
    config: dict[str, Any] | None = None, images: bool = True, memo: dict[str, Any] | None = None,
) -> Prepared:
    """Every step before rendering: read, generate, excerpts, views and engines, image workers.

    ``images=False`` leaves the image pipeline to be started later (``start_image_pipeline``):
    render workers are forked from this process, which must not have image workers yet.
    """
    from .plugins import call_hook, enabled_plugins
    from .render import Renderer
    from .site_services import SiteServices, make_converters, make_filters
    from .templates.views import SiteViews

    profile = profile or Profile()
    with profile.phase("read"):
        site = read_site(options, log, config, memo)
    with profile.phase("generate"):
        plugins = enabled_plugins(site, log)
        # Generators run after reading (they list what was read) and before rendering.
        call_hook(plugins, "generate", site, log)
        _prepare_excerpts(site)
        views = SiteViews(site)
        # Plugins that put documents in template variables (the paginator) present them as views.
        call_hook(plugins, "prepare_views", site, views)
        services = SiteServices(site)
        renderer = Renderer(
            site, views, make_converters(services), make_filters(services), log,
            register_liquid=lambda env: call_hook(plugins, "register_liquid", env, site),
        )
        views.render_excerpt = renderer.render_excerpt
    prepared = Prepared(site, plugins, views, renderer, None, services)
    if images:
        start_image_pipeline(prepared, options, log)
    return prepared


def start_images(site: Site, log: Logger, jobs: int | None, strict: bool) -> ImagePipeline | None:
    """The image pipeline's ``start_images``, imported on first use (one name to patch in tests)."""
    from .images import start_images as start

    return start(site, log, jobs, strict)


def start_image_pipeline(prepared: Prepared, options: BuildOptions, log: Logger) -> None:
    """Start the image workers (none unless _config.yml has ``images:``); encoding overlaps rendering."""
    prepared.images = start_images(prepared.site, log, options.jobs, options.strict)


def finish(prepared: Prepared, output: Output) -> ImageStats | None:
    """Every step after rendering, before writing: plugin outputs, static files, images."""
    from .deploy import ensure_pages_files
    from .plugins import call_hook

    site = prepared.site
    call_hook(prepared.plugins, "post_render", site, output)
    _add_static_files(site, output)
    # GitHub Pages serves the output as is (.nojekyll) at its custom domain (CNAME).
    ensure_pages_files(output, site)
    return prepared.images.finish(output) if prepared.images else None


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


def _previous(options: BuildOptions, config: dict[str, Any]) -> _Previous:
    source, dest = Path(config["source"]), Path(config["destination"])
    cache = BuildCache(source, settings_key(config))
    extra = [Path(f) for f in options.config_files or [] if not _inside(Path(source, f), source)]
    scan = scan_source(source, skip=[dest], extra=extra)
    manifest = cache.load_manifest()
    dest_ok = bool(manifest) and dest_intact(
        dest.resolve(), manifest["dest"], config.get("keep_files") or []
    ) if manifest else False
    return _Previous(cache, scan, manifest, dest_ok)


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def build(options: BuildOptions, log: Logger) -> BuildResult:
    """Build the site: every step runs before the destination is touched, so errors lose nothing."""
    started = time.perf_counter()
    profile = Profile()
    with profile.phase("cache check"):
        config = configure(options)
        previous = _previous(options, config) if options.cache else None
    # A pinned site.time (``time:``, SOURCE_DATE_EPOCH) is part of the key; "now" never repeats.
    if previous is not None and previous.up_to_date and "time" in config:
        site = Site(config=config, source=Path(config["source"]), dest=Path(config["destination"]),
                    time=_site_time(config))
        return BuildResult(site, len(previous.manifest["dest"]), time.perf_counter() - started,  # type: ignore[index]
                           profile=profile, how="up to date")
    check_destination(Path(config["source"]), Path(config["destination"]))
    prepared = prepare(options, log, profile, config, images=False)
    site, renderer = prepared.site, prepared.renderer
    renderer.profile = profile if options.profile else None
    memo = _install_memo(prepared, previous)
    with profile.phase("render"):
        result, how, fp = _render(prepared, options, log, previous)
    with profile.phase("images, plugins, static files"):
        if prepared.images is None:
            start_image_pipeline(prepared, options, log)
        if prepared.images and how == "parallel":
            for rel, text in result.output.files.items():
                prepared.images.page_rendered(rel, str(text))
        image_stats = finish(prepared, result.output)
    with profile.phase("write"):
        keep = site.config.get("keep_files") or []
        if previous is not None and previous.dest_ok and previous.manifest is not None:
            total, changed, entries = sync_site(result.output, site.dest, keep, previous.manifest["dest"])
        else:
            total = changed = write_site(result.output, site.dest, keep)
            entries = dest_entries(result.output, site.dest.resolve()) if previous else {}
    if previous is not None:
        with profile.phase("cache save"):
            from .incremental import Snapshot

            snapshot = Snapshot(result.states, fp.site_prints, fp.layouts)
            previous.cache.save({"source": previous.scan, "dest": entries}, snapshot, memo)
    return BuildResult(
        site, total, time.perf_counter() - started, result.dependencies, image_stats,
        rendered=len(result.rendered), changed=changed, profile=profile, how=how,
    )


def _install_memo(prepared: Prepared, previous: _Previous | None) -> ContentMemo | None:
    """Convert Markdown and highlight code through the persistent memo (cache on only)."""
    if previous is None or prepared.services is None:
        return None
    memo = previous.cache.load_memo()
    # SiteServices memoises Markdown in a dict; the persistent memo takes its place.
    prepared.services._markdown_memo = memo  # type: ignore[assignment]
    converters = prepared.renderer.converters
    converters.highlight_tag = cached_call(memo, converters.highlight_tag, "highlight")
    return memo


def _render(
    prepared: Prepared, options: BuildOptions, log: Logger, previous: _Previous | None,
) -> tuple[PassResult, str, Fingerprints]:
    """Render what must be: in parallel when nothing is cached and it pays, else in order."""
    from . import parallel
    from .incremental import plan_changes, render_pass, take_fingerprints

    site, renderer = prepared.site, prepared.renderer
    fp = take_fingerprints(site)
    snapshot = plan = None
    if previous is not None and previous.manifest is not None:
        snapshot = previous.cache.load_snapshot(previous.manifest["token"])
        if snapshot is not None:
            changed = changed_files(previous.manifest["source"], previous.scan, site.source)
            plan = plan_changes(site, snapshot, changed, fp)
    if plan is not None and "time" not in site.config:
        plan.inputs.add("site.time")   # unpinned: every output that shows it renders again
    if plan is None and parallel.worth_it(site, options.jobs):
        memo = getattr(prepared.services, "_markdown_memo", None)
        try:
            result = parallel.ParallelRender(
                site, renderer, fp, options.jobs, memo if isinstance(memo, ContentMemo) else None,
            ).run()
            return result, "parallel", fp
        except parallel.ParallelUnsafe as why:
            log.info(f"Rendering in order: {why}".splitlines()[0])
    if prepared.images is None:
        start_image_pipeline(prepared, options, log)
    result = render_pass(site, renderer, fp, snapshot, plan, _on_output(prepared))
    return result, "cached" if plan is not None else "sequential", fp


def _on_output(prepared: Prepared) -> Callable[[str, str], None] | None:
    images = prepared.images
    return images.page_rendered if images is not None else None


def _prepare_excerpts(site: Site) -> None:
    from .render import extract_excerpt

    separator_default = str(site.config.get("excerpt_separator", "\n\n"))
    for doc in site.documents():
        if "excerpt" in doc.data:
            continue
        separator = str(doc.data.get("excerpt_separator", separator_default))
        if separator:
            doc.raw_excerpt = extract_excerpt(doc.content, separator)


def _add_static_files(site: Site, output: Output) -> None:
    for item in site.static_files:
        output.copies[item.url.lstrip("/")] = item.path
    for coll in site.collections.values():
        if coll.output:
            for item in coll.files:
                output.copies[item.url.lstrip("/")] = item.path
