"""The responsive-image pipeline: find images in rendered pages, encode variants in parallel, rewrite markup."""

from __future__ import annotations

import multiprocessing
import os
import re
import sys
import weakref
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit

from PIL import features

from ..ci import source_line
from ..config.images import DEFAULT_CACHE, ImageSettings
from ..errors import ReblogError
from ..log import Logger
from ..model import Site
from ..writer import Output
from . import card_image
from . import worker as worker_module
from .cards import CardSettings, CardSpec, card_settings, card_spec
from .markup import ImgTag, SourceSet, eligible, find_images, near_top, picture, replace_ranges
from .plan import Variant, mime, plan_variants
from .source import RASTER_EXTS, SourceImage, Unusable, inspect_source

_PAGE_EXTS = (".html", ".htm")


@dataclass
class ImageStats:
    """What the pipeline did in one build (tests and benchmarks read ``encoded``)."""

    pages: int = 0            # pages whose markup was rewritten
    images: int = 0           # distinct source images given variants
    variants: int = 0         # variant files published
    encoded: int = 0          # variants encoded in this build
    cached: int = 0           # variants taken from the cache
    problems: int = 0         # images kept as plain <img> because of a problem
    original_bytes: int = 0   # the originals of the images given variants
    bytes_saved: int = 0      # originals less their smallest full-width variant (what a browser is spared)
    workers: int = 0          # worker processes the pool may use
    cards: int = 0            # social cards published
    cards_drawn: int = 0      # social cards drawn in this build (the rest came from the cache)
    worker_peak_rss_kib: int = 0
    formats: tuple[str, ...] = ()
    responsive: bool = True   # False: no ``images:`` key, the pipeline only makes social cards
    deferred: int = 0         # images still encoding in the background (the dev server's)


@dataclass
class _Use:
    """An <img> on a page that points at a source image."""

    tag: ImgTag
    image_rel: str


@dataclass
class _Page:
    text: str
    uses: list[_Use]


@dataclass
class _Job:
    """Variants of one source image being encoded by a worker."""

    image: SourceImage
    future: Future[Any] | None
    keys: frozenset[str] = frozenset()   # the variants this job encodes (the rest are cached)
    error: str | None = None


@dataclass
class _Card:
    """A social card an output refers to: drawn by a worker unless the cache has it."""

    spec: CardSpec
    cache_path: Path
    future: Future[Any] | None
    error: str | None = None


@dataclass
class _Problem:
    image_rel: str
    src: str
    reason: str
    pages: list[str] = field(default_factory=list)


def default_workers() -> int:
    """Every core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _pool_context() -> Any:
    """Forkserver (or spawn): forking a process that runs threads, as the pool's own, is unsafe."""
    methods = multiprocessing.get_all_start_methods()
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    if main_file and not os.path.exists(main_file) and "fork" in methods:
        # A main program read from stdin cannot be re-imported by a fresh worker; fork copies it.
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


class BackgroundEncodes:
    """Encodes that outlive the build that started them: ``reblog serve`` does not wait for them.

    A page showing a new photo is written at once with the original ``<img>`` (the original is
    copied as a static file, so it is there); when its variants are in the cache, the next
    build gives the page its ``<picture>``. One worker pool serves every rebuild, and an image
    already encoding is not submitted again.
    """

    def __init__(self) -> None:
        self.running: dict[str, tuple[Future[Any], SourceImage]] = {}
        self.pool: ProcessPoolExecutor | None = None

    def pending(self) -> list[Future[Any]]:
        """The encodes not finished yet."""
        return [future for future, _image in self.running.values() if not future.done()]

    def sources(self) -> list[Path]:
        """The source images of the encodes not finished yet."""
        return [image.path for future, image in self.running.values() if not future.done()]

    def close(self) -> None:
        """Stop the pool (the server is stopping); unfinished encodes are dropped."""
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None


class ImagePipeline:
    """One build's image work; created before rendering, finished before writing."""

    def __init__(self, site: Site, settings: ImageSettings | None, log: Logger, *, jobs: int | None = None,
                 strict: bool = False, worker: Callable[..., Any] | None = None,
                 cards: CardSettings | None = None, background: BackgroundEncodes | None = None) -> None:
        self.site = site
        # Without ``images:`` only cards are made; the defaults still say where the cache is.
        self.responsive = settings is not None
        self.settings = settings or ImageSettings(cache=site.source / DEFAULT_CACHE)
        self.log = log
        self.strict = strict
        self.workers = jobs or self.settings.workers or default_workers()
        self.formats = _supported(self.settings.formats, log) if self.responsive else ()
        self.baseurl = site.settings.baseurl.rstrip("/")
        self.site_url = site.settings.url.rstrip("/")
        self.stats = ImageStats(workers=self.workers, formats=self.formats, responsive=self.responsive)
        self._worker = worker or worker_module.encode_image
        self._static = _static_files(site)
        self._page_sources = _page_sources(site)
        self._sources: dict[str, SourceImage | Unusable | None] = {}
        self._jobs: dict[str, _Job] = {}
        self._pages: dict[str, _Page] = {}
        self._problems: dict[tuple[str, str], _Problem] = {}
        self._card_settings = cards
        self._card_cache = self.settings.cache / "cards"
        self._card_refs = re.compile(re.escape(f"/{cards.output}/") + r"([A-Za-z0-9_-]+\.png)") if cards else None
        self._card_specs: dict[str, CardSpec] | None = None
        self._cards: dict[str, _Card] = {}
        self._pool: ProcessPoolExecutor | None = None
        self._closer: weakref.finalize[[ProcessPoolExecutor], ImagePipeline] | None = None
        self._background = background
        self._deferred: set[str] = set()   # images whose variants are not ready: plain <img>

    # -- hooks the build calls ----------------------------------------------------------------
    def page_rendered(self, rel: str, text: str) -> None:
        """Scan a freshly rendered page and start encoding what it shows (overlaps rendering)."""
        if self.responsive and rel.lower().endswith(_PAGE_EXTS):
            self._pages[rel] = self._scan(rel, text)
        self._find_cards(text)

    def finish(self, output: Output) -> ImageStats:
        """Wait for the encoders, rewrite every page's <img> tags and add the variants to ``output``."""
        try:
            pages = self._final_pages(output)
            for text in output.files.values():
                if isinstance(text, str):
                    self._find_cards(text)
            self._collect()
            published: dict[str, Path] = {}
            for rel, page in pages.items():
                new_text = self._rewrite(rel, page, published)
                if new_text is not None:
                    output.files[rel] = new_text
            for out_rel, cache_path in published.items():
                output.copies.setdefault(out_rel, cache_path)
            self.stats.variants = len(published)
            self._count_savings(published)
            self._publish_cards(output)
        finally:
            self.close()
        self._report(output)
        return self.stats

    def close(self) -> None:
        """Stop the worker pool and wait for its processes (pending encodes are cancelled)."""
        if self._background is not None:
            return   # the dev server's pool runs on, with the encodes it was not waited for
        if self._closer is not None and self._closer.detach() is not None and self._pool is not None:
            # Joining here, while the interpreter is healthy, keeps exit from waiting on the pool.
            self._pool.shutdown(wait=True, cancel_futures=True)

    # -- scanning -----------------------------------------------------------------------------
    def _final_pages(self, output: Output) -> dict[str, _Page]:
        """Every HTML output as it will be written; pages a plugin changed after rendering are rescanned."""
        pages: dict[str, _Page] = {}
        if not self.responsive:
            return pages
        for rel, text in output.files.items():
            if not isinstance(text, str) or not rel.lower().endswith(_PAGE_EXTS):
                continue
            page = self._pages.get(rel)
            if page is None or (page.text is not text and page.text != text):
                page = self._scan(rel, text)
            if page.uses:
                pages[rel] = page
        return pages

    def _scan(self, rel: str, text: str) -> _Page:
        uses: list[_Use] = []
        for tag in find_images(text):
            if not eligible(tag):
                continue
            src = tag.get("src") or ""
            image_rel = self._resolve(rel, src)
            if image_rel is None or PurePosixPath(image_rel).suffix.lower() not in RASTER_EXTS:
                continue
            image = self._source(image_rel)
            if isinstance(image, Unusable):
                self._problem(rel, image_rel, src, image.reason)
            elif image is not None:
                uses.append(_Use(tag, image_rel))
        return _Page(text, uses)

    def _resolve(self, page_rel: str, src: str) -> str | None:
        """The dest-relative path a src points at, or None when it is not on this site."""
        src = src.strip()
        if self.site_url and src.startswith(self.site_url + "/"):
            src = src[len(self.site_url):]
        parts = urlsplit(src)
        if parts.scheme or parts.netloc or not parts.path:
            return None
        page_url = f"{self.baseurl}/{page_rel}"
        path = unquote(urljoin(page_url, parts.path))
        if self.baseurl and (path == self.baseurl or path.startswith(self.baseurl + "/")):
            path = path[len(self.baseurl):]
        return path.lstrip("/") or None

    def _source(self, image_rel: str) -> SourceImage | Unusable | None:
        """The inspected image, once per build; start its encoding as soon as it is known."""
        if image_rel not in self._sources:
            path = self._static.get(image_rel)
            if path is None:
                found: SourceImage | Unusable | None = Unusable(image_rel, "is referenced but missing")
            else:
                inspected = inspect_source(image_rel, path)
                found = inspected if isinstance(inspected, (SourceImage, Unusable)) else None
            self._sources[image_rel] = found
            if isinstance(found, SourceImage):
                self._start(found)
        return self._sources[image_rel]

    # -- encoding -----------------------------------------------------------------------------
    def _variants(self, image: SourceImage) -> list[Variant]:
        return plan_variants(image, self.settings, self.formats)

    def _start(self, image: SourceImage) -> None:
        """Submit the variants the cache does not have yet."""
        missing = [v for v in self._variants(image) if not v.cache_path.is_file()]
        if not missing:
            return
        keys = frozenset(v.key for v in missing)
        running = self._background.running.get(str(sorted(keys))) if self._background else None
        if running is not None and (not running[0].done() or _failed(running[0])):
            # Started by an earlier rebuild (a failed one is reported, not tried on every save).
            self._jobs[image.rel] = _Job(image, running[0], keys)
            return
        jobs = [(v.key, v.width, v.height, v.format, v.quality, str(v.cache_path)) for v in missing]
        try:
            # One encoder thread per worker: ``--jobs N`` then means N cores, no more.
            future = self._executor().submit(self._worker, str(image.path), jobs, 1)
        except (BrokenProcessPool, RuntimeError) as err:
            self._jobs[image.rel] = _Job(image, None, error=f"the encoder pool failed ({err})")
            return
        self._jobs[image.rel] = _Job(image, future, keys)
        if self._background is not None:
            self._background.running[str(sorted(keys))] = (future, image)

    def _executor(self) -> ProcessPoolExecutor:
        """The worker pool, started on the first image that needs encoding (a warm build starts none)."""
        if self._background is not None:
            if self._background.pool is None:
                self._background.pool = ProcessPoolExecutor(
                    max_workers=self.workers, mp_context=_pool_context())
            return self._background.pool
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=_pool_context())
            # A build that fails while rendering never reaches finish(): stop the pool when dropped.
            self._closer = weakref.finalize(self, _shutdown, self._pool)
        return self._pool

    def _collect(self) -> None:
        """Wait for every encode, with a progress line on a terminal when it takes a while.

        In the background mode nothing is waited for: images still encoding keep their plain
        ``<img>`` in this build.
        """
        if self._background is not None:
            for job in self._jobs.values():
                if job.future is not None and not job.future.done():
                    self._deferred.add(job.image.rel)
                    job.future = None
            self.stats.deferred = len(self._deferred)
        pending = {job.future for job in self._jobs.values() if job.future is not None}
        pending |= {card.future for card in self._cards.values() if card.future is not None}
        total = len(pending)
        progress = self.log.progress_line("Images", total, what="encoded")
        try:
            while pending:
                _done, pending = wait(pending, timeout=0.25, return_when=FIRST_COMPLETED)
                progress.update(total - len(pending))
        finally:
            progress.finish()
        for job in self._jobs.values():
            self._settle(job)
        for card in self._cards.values():
            self._settle_card(card)

    def _settle(self, job: _Job) -> None:
        if job.future is None:
            return
        try:
            results, peak = job.future.result()
        except BrokenProcessPool:
            job.error = "an encoder process crashed"
            return
        except Exception as err:  # the worker function itself failed (it normally reports instead)
            job.error = f"encoding failed ({type(err).__name__}: {err})"
            return
        self.stats.worker_peak_rss_kib = max(self.stats.worker_peak_rss_kib, int(peak))
        errors = [message for _key, message in results if message]
        self.stats.encoded += len(results) - len(errors)
        if errors:
            job.error = errors[0]

    # -- social cards -------------------------------------------------------------------------
    def _find_cards(self, text: str) -> None:
        """Start drawing every card ``text`` refers to (by the name ``social_card`` gave it)."""
        if self._card_refs is None or self._card_settings is None or f"/{self._card_settings.output}/" not in text:
            return
        for match in self._card_refs.finditer(text):
            name = match.group(1)
            spec = self._specs().get(name)
            if spec is not None and name not in self._cards:
                self._start_card(spec)

    def _specs(self) -> dict[str, CardSpec]:
        """Every card the site's pages could ask for, by file name (worked out once per build)."""
        if self._card_specs is None:
            assert self._card_settings is not None
            self._card_specs = {}
            for doc in self.site.renderables():
                # The values a template's ``page.title`` and ``page.date`` give.
                when = doc.date if doc.kind == "document" else doc.data.get("date")
                spec = card_spec(doc.data.get("title"), when, self._card_settings)
                if spec is not None:
                    self._card_specs.setdefault(spec.name, spec)
        return self._card_specs

    def _start_card(self, spec: CardSpec) -> None:
        assert self._card_settings is not None
        path = spec.cache_path(self._card_cache)
        if path.is_file():
            self._cards[spec.name] = _Card(spec, path, None)
            return
        settings = self._card_settings
        try:
            future = self._executor().submit(card_image.make_card, spec.title, spec.date,
                                             settings.site_name, settings.colours, str(path))
        except (BrokenProcessPool, RuntimeError) as err:
            self._cards[spec.name] = _Card(spec, path, None, error=f"the image pool failed ({err})")
            return
        self._cards[spec.name] = _Card(spec, path, future)

    def _settle_card(self, card: _Card) -> None:
        if card.future is None:
            return
        try:
            card.error = card.future.result()
        except BrokenProcessPool:
            card.error = "an image process crashed"
        except Exception as err:  # make_card reports its own failures; this is the pool's
            card.error = f"{type(err).__name__}: {err}"
        if card.error is None:
            self.stats.cards_drawn += 1

    def _publish_cards(self, output: Output) -> None:
        """Add the drawn cards to the output; a card that failed is a warning (the page still builds)."""
        if self._card_settings is None:
            return
        for card in self._cards.values():
            if card.error is None and card.cache_path.is_file():
                output.copies.setdefault(card.spec.out_rel(self._card_settings), card.cache_path)
                self.stats.cards += 1
            else:
                self.log.warn(f"social card for {card.spec.title!r} could not be drawn: "
                              f"{card.error or 'the file is missing'}", kind="image")

    # -- rewriting ----------------------------------------------------------------------------
    def _rewrite(self, rel: str, page: _Page, published: dict[str, Path]) -> str | None:
        replacements: list[tuple[int, int, str]] = []
        for use in page.uses:
            image = self._sources.get(use.image_rel)
            if not isinstance(image, SourceImage):
                continue
            if image.rel in self._deferred:
                continue
            job = self._jobs.get(image.rel)
            if job is not None and job.error:
                self._problem(rel, image.rel, use.tag.get("src") or "", f"could not be encoded: {job.error}")
                continue
            variants = self._variants(image)
            replacements.append((use.tag.start, use.tag.end,
                                 self._picture(use.tag, image, variants,
                                               first=not replacements and near_top(page.text, use.tag))))
            for variant in variants:
                if variant.out_rel not in published:
                    published[variant.out_rel] = variant.cache_path
                    if job is None or variant.key not in job.keys:
                        self.stats.cached += 1
        if not replacements:
            return None
        self.stats.pages += 1
        return replace_ranges(page.text, replacements)

    def _count_savings(self, published: dict[str, Path]) -> None:
        """Bytes the published variants spare: per image, its original less its smallest full-width variant."""
        for image in self._sources.values():
            if not isinstance(image, SourceImage):
                continue
            variants = [v for v in self._variants(image) if v.out_rel in published]
            if not variants:
                continue
            top = max(v.width for v in variants)
            sizes = [_size(v.cache_path) for v in variants if v.width == top]
            original = _size(image.path)
            self.stats.original_bytes += original
            self.stats.bytes_saved += max(0, original - min(sizes))

    def _picture(self, tag: ImgTag, image: SourceImage, variants: list[Variant], first: bool) -> str:
        by_format: dict[str, list[Variant]] = {}
        for variant in variants:
            by_format.setdefault(variant.format, []).append(variant)
        sources = [SourceSet(mime(fmt), self._srcset(by_format[fmt]))
                   for fmt in self.formats if fmt in by_format and fmt != image.format]
        fallback = self._srcset(by_format.get(image.format, []))
        if image.width <= max(self.settings.widths):
            # The original is the top step: the file itself serves it (no re-encode, no loss).
            original = f"{self._url(image.rel)} {image.width}w"
            fallback = f"{fallback}, {original}" if fallback else original
        return picture(tag, sources, fallback, self.settings.sizes, image.width, image.height, first)

    def _srcset(self, variants: Iterable[Variant]) -> str:
        return ", ".join(f"{self._url(v.out_rel)} {v.width}w" for v in sorted(variants, key=lambda v: v.width))

    def _url(self, rel: str) -> str:
        return f"{self.baseurl}/{quote(rel)}"

    # -- problems -----------------------------------------------------------------------------
    def _problem(self, page_rel: str, image_rel: str, src: str, reason: str) -> None:
        problem = self._problems.setdefault((image_rel, reason), _Problem(image_rel, src, reason))
        page = self._page_sources.get(page_rel, page_rel)
        if page not in problem.pages:
            problem.pages.append(page)

    def _report(self, output: Output) -> None:
        """Warn about every image kept as a plain <img> (or fail under --strict)."""
        problems = [p for p in self._problems.values()
                    if not (p.reason == "is referenced but missing"
                            and (p.image_rel in output.files or p.image_rel in output.copies))]
        self.stats.problems = len(problems)
        self.stats.images = sum(
            1 for rel, image in self._sources.items()
            if isinstance(image, SourceImage) and not (rel in self._jobs and self._jobs[rel].error)
        )
        for problem in problems:
            message = (f"image {problem.src!r} ({problem.image_rel}) {problem.reason}; "
                       f"used by {', '.join(problem.pages)}; kept the original <img>")
            line = self._line(problem)
            if self.strict:
                others = f" (and {len(problems) - 1} more image problems)" if len(problems) > 1 else ""
                raise ReblogError(
                    f"image {problem.src!r} {problem.reason}{others}", problem.pages[0], line
                )
            self.log.warn(message, kind="image", file=problem.pages[0], line=line)

    def _line(self, problem: _Problem) -> int | None:
        """The line of the first page's source that shows the image (its src, or its file name)."""
        src = problem.src.strip()
        path = urlsplit(src).path
        if self.baseurl and path.startswith(self.baseurl + "/"):
            path = path[len(self.baseurl):]
        return source_line(self.site.source / problem.pages[0], [src, path, PurePosixPath(path).name])


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _failed(future: Future[Any]) -> bool:
    """Whether a finished encode failed (what ``_settle`` reports as a problem)."""
    if future.exception() is not None:
        return True
    results, _peak = future.result()
    return any(message for _key, message in results)


def _shutdown(pool: ProcessPoolExecutor) -> None:
    pool.shutdown(wait=False, cancel_futures=True)


def _supported(formats: tuple[str, ...], log: Logger) -> tuple[str, ...]:
    """The configured formats this Pillow can write; a missing AVIF encoder is a warning, not a failure."""
    kept = tuple(fmt for fmt in formats if features.check(fmt))
    for fmt in formats:
        if fmt not in kept:
            log.warn(f"images: this Pillow cannot write {fmt.upper()}; making the other formats only",
                     kind="image")
    return kept


def _static_files(site: Site) -> dict[str, Path]:
    """Dest-relative path -> source file, for every file the build copies."""
    files = {item.url.lstrip("/"): item.path for item in site.static_files}
    for coll in site.collections.values():
        if coll.output:
            files.update({item.url.lstrip("/"): item.path for item in coll.files})
    return files


def _page_sources(site: Site) -> dict[str, str]:
    """Dest-relative output path -> the source file a message should name."""
    sources: dict[str, str] = {}
    for doc in site.renderables():
        if not doc.generated:
            sources[doc.output_rel()] = doc.relpath
    return sources


def start_images(
    site: Site, log: Logger, jobs: int | None = None, strict: bool = False,
    background: BackgroundEncodes | None = None,
) -> ImagePipeline | None:
    """The pipeline when ``_config.yml`` asks for images or social cards, else None (the build is then exactly as before)."""
    settings = site.settings.images
    cards = card_settings(site.settings, site.config)
    if settings is None and cards is None:
        return None
    if jobs is not None and jobs < 1:
        raise ReblogError(f"--jobs must be at least 1, not {jobs}")
    return ImagePipeline(site, settings, log, jobs=jobs, strict=strict, cards=cards, background=background)


