"""The scheduling half of a parallel render: one queue of tasks, forked workers, their results.

It exists apart from ``merge`` because it is the only code that knows about processes: what a
worker renders for a task, what it sends back (``Item``, ``WorkerEnd``), and how a round ends or
fails. What the results mean for the output (order effects, installing, rendering again) is
``merge``'s business.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue
import time
import traceback
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..cache import ContentMemo
from ..incremental import time_layers
from ..log import Progress
from ..model import Document, Site
from ..profiling import Profile
from ..render import Renderer

COUNTERS = "Liquid counters (increment/decrement) were used"
# How long the parent waits for a result before checking that every worker is still alive.
_POLL_SECONDS = 0.5

# A task: a renderable's index and, when the parent rendered its Liquid, the text to convert.
Task = tuple[int, str | None]


class ParallelUnsafe(Exception):
    """The parallel render could differ from the sequential one: render sequentially instead."""


class CountersMoved(ParallelUnsafe):
    """A worker's renders used ``increment``/``decrement``."""


@dataclass
class Item:
    """One renderable's render: its content and output, what it used, what it read.

    ``reads`` are the content's reads (empty when the parent rendered the Liquid), ``layout_reads``
    a document's layouts' reads (a page's whole render is in ``reads``).
    """

    index: int
    content: str
    output: str | None
    dependencies: set[str]
    reads: set[str]
    layout_reads: set[str] = field(default_factory=set)
    layers: list[list[Any]] = field(default_factory=list)   # ``incremental.time_layers``
    source_map: str | None = None   # a Sass page's map (made where it was converted)
    prints: list[list[Any]] = field(default_factory=list)   # ``Rendered.prints``
    excerpts: dict[int, str] = field(default_factory=dict)   # the excerpts its render made first


@dataclass
class WorkerEnd:
    """A worker's last message: memo entries it made, counters, times.

    The excerpts a render made go with its item (``Item.excerpts``): the parent keeps a
    document's, and a page's only if the page is kept (a page rendered again must not
    leave its excerpts behind). A page that moved the counters in the documents' round ran on
    the counters as they were at the fork (``pages_moved``).
    """

    memo: dict[str, str] = field(default_factory=dict)
    counters_moved: bool = False     # a document's render moved Liquid counters
    pages_moved: bool = False        # a page's render moved them
    profile: Profile | None = None
    error: str | None = None


class Renderables(Protocol):
    """The renderables a parallel render works through, as their one owner (``merge.Merge``)
    lists, finds and names them."""

    @property
    def docs(self) -> list[Document]:
        """``site.renderables()``, in the sequential order: a task is an index into it."""

    @property
    def index_of(self) -> Mapping[int, int]:
        """A renderable's index by its id."""

    def key(self, doc: Document) -> str:
        """A renderable's key in the build cache."""


class Workers:
    """Rounds of forked workers over one prepared site: each round takes tasks from one queue."""

    def __init__(
        self, site: Site, renderables: Renderables, renderer: Renderer, workers: int,
        memo: ContentMemo | None, progress: Progress, keep_frozen: bool = False,
    ) -> None:
        self.site = site
        self.renderer = renderer
        self.renderables = renderables
        self.workers = workers
        self.memo = memo      # the persistent ContentMemo, if the cache is on
        self.progress = progress
        # Whether what a round freezes for its workers stays frozen here (``ParallelRender``).
        self.keep_frozen = keep_frozen
        # Whether a page moved Liquid counters in the last round (``WorkerEnd``).
        self.pages_moved = False

    def round(
        self, feed: Iterable[Task], count: int, meanwhile: Callable[[], None] | None = None,
    ) -> dict[int, Item]:
        """Fork the workers, put every task on their queue (in order) and gather the results.

        ``meanwhile`` is called once every task is queued, while the workers render.
        """
        self.pages_moved = False
        if not count:
            if meanwhile is not None:
                meanwhile()
            return {}
        context = multiprocessing.get_context("fork")
        tasks: Any = context.Queue()
        results: Any = context.Queue()
        processes = []
        # Frozen objects are left alone by the workers' collector: it does not copy the
        # parent's pages into each worker by touching them. The freeze is undone afterwards
        # unless the caller keeps it (``keep_frozen``), or unless something was frozen before
        # it (an application that calls the build and froze its own objects): ``gc.unfreeze``
        # would thaw those too, so then everything stays frozen.
        thaw = not self.keep_frozen and gc.get_freeze_count() == 0
        gc.freeze()
        try:
            for _ in range(min(self.workers, count)):
                process = context.Process(target=self._work, args=(tasks, results), daemon=True)
                process.start()
                processes.append(process)
        finally:
            if thaw:
                gc.unfreeze()
        done = False
        try:
            for task in feed:
                tasks.put(task)
            for _ in processes:
                tasks.put(None)
            if meanwhile is not None:
                meanwhile()
            items = self._gather(results, processes)
            done = True
            return items
        finally:
            if not done:
                # An error here (a Liquid error in the parent) or a lost worker: the others
                # may wait for tasks that will not come.
                tasks.cancel_join_thread()
                for process in processes:
                    process.kill()
            tasks.close()
            for process in processes:
                process.join(timeout=5)
                if process.is_alive():
                    process.kill()
            if done:
                tasks.join_thread()   # before anything forks again: no feeder thread left

    def _gather(self, results: Any, processes: list[Any]) -> dict[int, Item]:
        """Every result and every worker's last message."""
        items: dict[int, Item] = {}
        ended = 0
        problem: str | None = None
        while ended < len(processes):
            message = _next(results, processes, ended)
            if message is None:
                problem = problem or "a render worker ended without reporting"
                break
            if isinstance(message, Item):
                items[message.index] = message
                self.progress.advance(2 if self.renderables.docs[message.index].kind == "document" else 1)
                continue
            ended += 1
            problem = problem or self._worker_end(message)
        if problem == COUNTERS:
            raise CountersMoved(problem)
        if problem:
            raise ParallelUnsafe(problem)
        return items

    def _worker_end(self, end: WorkerEnd) -> str | None:
        if end.error:
            return end.error
        if end.counters_moved:
            return COUNTERS
        self.pages_moved = self.pages_moved or end.pages_moved
        if self.memo is not None:
            self.memo.used.update(end.memo)
        if end.profile is not None and self.renderer.profile is not None:
            self.renderer.profile.merge(end.profile)
        return None

    def _work(self, tasks: Any, results: Any) -> None:
        """The worker process: render tasks until the end mark, send each result, then its report.

        An excerpt renders alike wherever it renders first, so each worker makes those its
        renders need (one that moves Liquid counters counts as its render's doing: a document's
        voids the parallel render, a page's has the pages rendered again); each item lists those
        its render made first (``render_task``).
        """
        renderer, renderables = self.renderer, self.renderables
        if renderer.profile is not None:
            renderer.profile = Profile()
        end = WorkerEnd()
        try:
            while (task := tasks.get()) is not None:
                index, text = task
                doc = renderables.docs[index]
                started = time.perf_counter()
                counters = dict(renderer.liquid.counters)
                item = render_task(renderer, renderables.key, renderables.index_of, index, doc, text)
                moved = renderer.liquid.counters != counters
                if renderer.profile is not None:
                    renderer.profile.page(doc.output_rel(), time.perf_counter() - started)
                if doc.kind == "document":
                    end.counters_moved = end.counters_moved or moved
                else:
                    end.pages_moved = end.pages_moved or moved
                results.put(item)
            end.memo = dict(self.memo.used) if self.memo is not None else {}
            end.profile = renderer.profile
        except BaseException as err:  # noqa: BLE001 - reported; the parent renders sequentially
            end = WorkerEnd(error=f"{type(err).__name__}: {err}\n{traceback.format_exc()}")
        try:
            results.put(end)
            results.close()
            results.join_thread()   # every message sent before the process ends
        finally:
            os._exit(0)  # skip the parent's atexit handlers and buffers in the forked child


def _next(results: Any, processes: list[Any], ended: int) -> Item | WorkerEnd | None:
    """The next message, or None when a worker is gone without its last one."""
    while True:
        try:
            message: Item | WorkerEnd = results.get(timeout=_POLL_SECONDS)
            return message
        except queue.Empty:
            if sum(process.exitcode is not None for process in processes) <= ended:
                continue
        # A worker is gone: its last message, sent before it ended, is read now or never.
        try:
            message = results.get(timeout=_POLL_SECONDS)
            return message
        except queue.Empty:
            return None


def render_task(
    renderer: Renderer, key: Callable[[Document], str], index_of: Mapping[int, int], index: int, doc: Document,
    text: str | None,
) -> Item:
    """Renderable ``index`` (``doc``): a document's content (or the Liquid-rendered ``text``'s
    conversion), then its layouts; a page's content and layouts as one recorded render. The item
    lists the excerpts of renderables (``index_of``: index by id) that its renders made first."""
    if doc.kind != "document":
        rendered, record = renderer.render_recorded(_page_render(renderer), doc)
        doc.output = rendered.output
        return Item(index, doc.content, rendered.output, set(rendered.dependencies), set(record.inputs),
                    layers=time_layers(record, key), source_map=doc.source_map,
                    prints=renderer.final_prints(record, rendered.output),
                    excerpts=_excerpts(record.excerpts, index_of))
    deps: set[str] = set()
    reads: set[str] = set()
    made: list[Document] = []
    if text is None:
        found, record = renderer.render_recorded(renderer.render_content, doc)
        deps, reads, made = set(found), set(record.inputs), record.excerpts
    else:
        doc.content, doc.rendered = renderer.convert(doc, text), True
    rendered, record = renderer.render_recorded(renderer.place_in_layouts, doc)
    doc.output = rendered.output
    return Item(index, doc.content, rendered.output, deps | rendered.dependencies, reads, set(record.inputs),
                time_layers(record, key), doc.source_map, renderer.final_prints(record, rendered.output),
                _excerpts(made + record.excerpts, index_of))


def _excerpts(made: list[Document], index_of: Mapping[int, int]) -> dict[int, str]:
    """The excerpts a render made first (its record's), by renderable index."""
    return {
        index_of[id(doc)]: doc.excerpt for doc in made if id(doc) in index_of and doc.excerpt is not None
    }


def _page_render(renderer: Renderer) -> Callable[[Document], Any]:
    def render(doc: Document) -> Any:
        deps = renderer.render_content(doc)
        rendered = renderer.place_in_layouts(doc)
        rendered.dependencies |= deps
        return rendered
    return render
