"""The scheduling half of a parallel render: one queue of tasks, forked workers, their results.

It exists apart from ``merge`` because it is the only code that knows about processes: what a
worker renders for a task, what it sends back (``Item``, ``WorkerEnd``), the inboxes that pass
the excerpts one worker made on to the others, and how a round ends or fails. What the results
mean for the output (order effects, installing, rendering again) is ``merge``'s business.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..cache import ContentMemo
from ..incremental import output_rel, time_layers
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
    worker: int = 0     # the number of the worker that rendered it


@dataclass
class WorkerEnd:
    """A worker's last message: memo entries it made, counters, times.

    The excerpts a render made go with its item (``Item.excerpts``): a document's are kept by
    the parent as they come; a page's only if the page is kept (a page rendered again must not
    leave its excerpts behind). A page that moved the counters in the documents' round ran on
    the counters as they were at the fork (``pages_moved``).
    """

    memo: dict[str, str] = field(default_factory=dict)
    counters_moved: bool = False     # a document's render moved Liquid counters
    pages_moved: bool = False        # a page's render moved them
    profile: Profile | None = None
    error: str | None = None


@dataclass
class _Gathering:
    """One round's results so far: the items, the workers ended, the first problem."""

    processes: list[Any]
    inboxes: list[Any]
    items: dict[int, Item] = field(default_factory=dict)
    ended: int = 0
    problem: str | None = None


class Workers:
    """Rounds of forked workers over one prepared site: each round takes tasks from one queue."""

    def __init__(
        self, site: Site, renderer: Renderer, workers: int, memo: ContentMemo | None,
        key: Callable[[Document], str], progress: Progress,
    ) -> None:
        self.site = site
        self.renderer = renderer
        self.docs = site.renderables()
        self.workers = workers
        self.memo = memo      # the persistent ContentMemo, if the cache is on
        self.key = key
        self.progress = progress
        # Whether a page moved Liquid counters in the last round (``WorkerEnd``).
        self.pages_moved = False

    def round(self, feed: Iterable[Task], count: int) -> dict[int, Item]:
        """Fork the workers, put every task on their queue (in order) and gather the results."""
        self.pages_moved = False
        if not count:
            return {}
        context = multiprocessing.get_context("fork")
        tasks: Any = context.Queue()
        results: Any = context.Queue()
        # Each worker's inbox: the excerpts the other workers' documents made (``_work``),
        # passed on by this process as their results come in; None ends it.
        inboxes: list[Any] = [context.Queue() for _ in range(min(self.workers, count))]
        processes = []
        # Frozen objects are left alone by the workers' collector: it does not copy the
        # parent's pages into each worker by touching them.
        gc.freeze()
        try:
            for number in range(len(inboxes)):
                process = context.Process(
                    target=self._work, args=(tasks, results, inboxes[number], number), daemon=True)
                process.start()
                processes.append(process)
        finally:
            gc.unfreeze()
        gathering = _Gathering(processes, inboxes)
        done = False
        try:
            for task in feed:
                tasks.put(task)
                # (a parent rendering Liquid in order passes excerpts on between documents)
                while self._take(gathering, results, wait=False):
                    pass
            for _ in processes:
                tasks.put(None)
            items = self._gather(results, gathering)
            for inbox in inboxes:
                inbox.put(None)
            done = True
            return items
        finally:
            if not done:
                # An error here (a Liquid error in the parent) or a lost worker: the others
                # may wait for tasks that will not come.
                for channel in (tasks, *inboxes):
                    channel.cancel_join_thread()
                for process in processes:
                    process.kill()
            for channel in (tasks, *inboxes):
                channel.close()
            for process in processes:
                process.join(timeout=5)
                if process.is_alive():
                    process.kill()
            if done:
                # before anything forks again: no feeder thread left (each worker reads its
                # inbox to the end before it ends)
                for channel in (tasks, *inboxes):
                    channel.join_thread()

    def _gather(self, results: Any, gathering: _Gathering) -> dict[int, Item]:
        """Every result and every worker's last message."""
        while gathering.ended < len(gathering.processes) and self._take(gathering, results, wait=True):
            pass
        problem = gathering.problem
        if problem == COUNTERS:
            raise CountersMoved(problem)
        if problem:
            raise ParallelUnsafe(problem)
        return gathering.items

    def _take(self, gathering: _Gathering, results: Any, wait: bool) -> bool:
        """Take one message from the workers (False: none waiting, or a worker is lost).

        A document's excerpts are kept here and passed on to the other workers at once.
        """
        if wait:
            message = _next(results, gathering.processes, gathering.ended)
            if message is None:
                gathering.problem = gathering.problem or "a render worker ended without reporting"
                return False
        else:
            try:
                message = results.get_nowait()
            except queue.Empty:
                return False
        if isinstance(message, Item):
            gathering.items[message.index] = message
            if self.docs[message.index].kind == "document":
                self.progress.advance(2)
                if message.excerpts:
                    install_excerpts(self.docs, message.excerpts)
                    for number, inbox in enumerate(gathering.inboxes):
                        if number != message.worker:
                            inbox.put(message.excerpts)
            else:
                self.progress.advance(1)
            return True
        gathering.ended += 1
        gathering.problem = gathering.problem or self._worker_end(message)
        return True

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

    def _work(self, tasks: Any, results: Any, inbox: Any, number: int) -> None:
        """The worker process: render tasks until the end mark, send each result, then its report.

        Before each task it installs the excerpts its inbox holds, which the other workers'
        documents made: a page listing excerpts (a blog index, a topic) finds those made
        instead of converting them again. An excerpt renders alike wherever it renders (one
        that moves Liquid counters voids the parallel render), so no output changes; and each
        counts as made by its own document, as in the sequential build, where a document that
        shows its excerpt makes it before any page.
        """
        renderer = self.renderer
        if renderer.profile is not None:
            renderer.profile = Profile()
        pending = {i for i, d in enumerate(self.docs) if d.excerpt is None}
        end = WorkerEnd()
        try:
            while (task := tasks.get()) is not None:
                pending.difference_update(_take_excerpts(inbox, self.docs))
                index, text = task
                doc = self.docs[index]
                started = time.perf_counter()
                counters = dict(renderer.liquid.counters)
                item = render_task(renderer, self.key, doc, index, text)
                moved = renderer.liquid.counters != counters
                if renderer.profile is not None:
                    renderer.profile.page(output_rel(self.site, doc), time.perf_counter() - started)
                # The excerpts this render made first: a document's are the worker's, a page's
                # go with the page.
                made = {i: excerpt for i in pending if (excerpt := self.docs[i].excerpt) is not None}
                pending.difference_update(made)
                if doc.kind == "document":
                    end.counters_moved = end.counters_moved or moved
                else:
                    end.pages_moved = end.pages_moved or moved
                item.excerpts, item.worker = made, number
                results.put(item)
            end.memo = dict(self.memo.used) if self.memo is not None else {}
            end.profile = renderer.profile
        except BaseException as err:  # noqa: BLE001 - reported; the parent renders sequentially
            end = WorkerEnd(error=f"{type(err).__name__}: {err}\n{traceback.format_exc()}")
        try:
            results.put(end)
            results.close()
            results.join_thread()   # every message sent before the process ends
            while inbox.get() is not None:   # (the parent's feeder thread must not block)
                pass
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


def install_excerpts(docs: list[Document], excerpts: dict[int, str]) -> set[int]:
    """Excerpts rendered elsewhere, for the documents that have none here yet; their indexes."""
    installed: set[int] = set()
    for index, excerpt in excerpts.items():
        if docs[index].excerpt is None:
            docs[index].excerpt = excerpt
            installed.add(index)
    return installed


def _take_excerpts(inbox: Any, docs: list[Document]) -> set[int]:
    """Install the excerpts waiting in a worker's inbox (without waiting for more); their indexes."""
    taken: set[int] = set()
    while True:
        try:
            excerpts: dict[int, str] | None = inbox.get_nowait()
        except queue.Empty:
            return taken
        taken |= install_excerpts(docs, excerpts or {})


def render_task(
    renderer: Renderer, key: Callable[[Document], str], doc: Document, index: int, text: str | None,
) -> Item:
    """One renderable: a document's content (or the Liquid-rendered ``text``'s conversion), then
    its layouts; a page's content and layouts as one recorded render."""
    if doc.kind != "document":
        rendered, record = renderer.render_recorded(_page_render(renderer), doc)
        doc.output = rendered.output
        return Item(index, doc.content, rendered.output, set(rendered.dependencies), set(record.inputs),
                    layers=time_layers(record, key), source_map=doc.source_map,
                    prints=renderer.final_prints(record, rendered.output))
    deps: set[str] = set()
    reads: set[str] = set()
    if text is None:
        found, record = renderer.render_recorded(renderer.render_content, doc)
        deps, reads = set(found), set(record.inputs)
    else:
        doc.content, doc.rendered = renderer.convert(doc, text), True
    rendered, record = renderer.render_recorded(renderer.place_in_layouts, doc)
    doc.output = rendered.output
    return Item(index, doc.content, rendered.output, deps | rendered.dependencies, reads, set(record.inputs),
                time_layers(record, key), doc.source_map, renderer.final_prints(record, rendered.output))


def _page_render(renderer: Renderer) -> Callable[[Document], Any]:
    def render(doc: Document) -> Any:
        deps = renderer.render_content(doc)
        rendered = renderer.place_in_layouts(doc)
        rendered.dependencies |= deps
        return rendered
    return render
