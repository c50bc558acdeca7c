"""The build pipeline, on one screen: configure, read, generate, render, write."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .config import load_config
from .deploy import ensure_pages_files
from .dates import parse_date, site_timezone, to_site_zone
from .errors import ReblogError
from .images import ImagePipeline, ImageStats, start_images
from .log import Logger
from .model import Document, Site
from .plugins import call_hook, enabled_plugins
from .reader import Reader, ReadOptions
from .render import Renderer, extract_excerpt
from .site_services import SiteServices, make_converters, make_filters
from .templates.views import SiteViews
from .writer import Output, check_destination, write_site


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
    jobs: int | None = None          # image encoder processes (None: the config's, else all cores)
    strict: bool = False             # image problems fail the build instead of warning


@dataclass
class BuildResult:
    """What a build made, for the CLI and for callers such as the dev server."""

    site: Site
    written: int
    seconds: float
    dependencies: dict[str, set[str]] = field(default_factory=dict)
    images: ImageStats | None = None


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


def read_site(options: BuildOptions, log: Logger) -> Site:
    """Configure and read the whole source into a Site."""
    config = configure(options)
    source = Path(config["source"])
    dest = Path(config["destination"])
    check_destination(source, dest)
    site = Site(config=config, source=source, dest=dest, time=_site_time(config))
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


def prepare(options: BuildOptions, log: Logger) -> Prepared:
    """Every step before rendering: read, generate, excerpts, views and engines, image workers."""
    site = read_site(options, log)
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
    # None unless _config.yml has ``images:``; then encoding overlaps rendering.
    images = start_images(site, log, options.jobs, options.strict)
    return Prepared(site, plugins, views, renderer, images)


def finish(prepared: Prepared, output: Output) -> ImageStats | None:
    """Every step after rendering, before writing: plugin outputs, static files, images."""
    site = prepared.site
    call_hook(prepared.plugins, "post_render", site, output)
    _add_static_files(site, output)
    # GitHub Pages serves the output as is (.nojekyll) at its custom domain (CNAME).
    ensure_pages_files(output, site)
    return prepared.images.finish(output) if prepared.images else None


def build(options: BuildOptions, log: Logger) -> BuildResult:
    """Build the site: every step runs before the destination is touched, so errors lose nothing."""
    started = time.perf_counter()
    prepared = prepare(options, log)
    site, renderer, images = prepared.site, prepared.renderer, prepared.images
    output = Output()
    dependencies: dict[str, set[str]] = {}
    # Jekyll's order: every collection document, then pages (which may list the documents).
    for doc in site.renderables():
        if not document_written(site, doc):
            if doc.kind == "document":
                renderer.render_content(doc)
            continue
        rendered = renderer.render(doc)
        rel = doc.output_path(site.dest).relative_to(site.dest).as_posix()
        output.files[rel] = rendered.output
        dependencies[rel] = rendered.dependencies
        if images:
            images.page_rendered(rel, rendered.output)
    image_stats = finish(prepared, output)
    written = write_site(output, site.dest, site.config.get("keep_files") or [])
    return BuildResult(site, written, time.perf_counter() - started, dependencies, image_stats)


def document_written(site: Site, doc: Document) -> bool:
    """Whether a document gets an output file (pages always; collections when ``output``)."""
    if doc.kind == "page":
        return True
    coll = site.collections.get(doc.collection or "")
    return bool(coll and coll.output)


def _prepare_excerpts(site: Site) -> None:
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
