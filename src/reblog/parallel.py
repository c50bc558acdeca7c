"""Render a site across worker processes, to exactly the output of the sequential build.

Workers are forked after ``prepare``, so they inherit the read site and its engines. Jekyll's
order matters, so the work runs in two rounds of workers:

1. every collection document, in the sequential order, from one queue that the workers take
   from: its content (Liquid, then Markdown), then its layouts; then, on the same queue, the
   pages. The parent installs the contents, outputs and the excerpts the workers rendered;
2. new workers, forked from the merged parent, render again the pages that read a document's
   content or output (a worker has only its own documents converted), or every page when a
   page moved the Liquid counters (below).

This matches the sequential build as long as no render can tell the order apart. Two things
can: Liquid ``increment``/``decrement`` counters (they run on across documents), and a template
reading another output's ``content`` or ``output`` that the sequential build would have seen in
another state (a layout showing a *later* post's content sees its source text in Jekyll). So:

- when sources, layouts or includes use ``increment``/``decrement`` (checked up front by scanning
  them), the parent renders every document's Liquid itself, in order, and hands each text to
  the queue as soon as it is made: the workers convert and lay out while it goes on. A
  document whose render moved a worker's counters (a layout using them) invalidates the
  parallel result; a page that moved them ran on the counters as they were at the fork, so
  the pages are rendered again, and in order here if they move them again;
- every render records what it read; a read whose answer depends on the order (see
  ``_order_effect``) discards the parallel result and the site is rendered sequentially. A
  view keeps the first value read of each field, so reading a later document's content (its
  source text) fixes it for every later reader too: only the worker would know. A layout
  reading an *earlier* document's content may not have seen it converted in its worker; the
  parent lays such a document out again once every document is in.

Excerpts render lazily and alike wherever they render first: the excerpts a document's render
made are passed on to the other workers (through the parent) as its result comes in, so a
topic or a page listing them converts only those still being made elsewhere. A worker's failure
(a Liquid error, say) also falls back to the sequential render, which reports the same error as
a plain build (the counters put back as they were).
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
import queue
import re
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .cache import ContentMemo
from .incremental import (
    DocState, Fingerprints, PassResult, add_source_map, output_rel, plain_counters, time_layers,
)
from .model import Document, Site
from .profiling import Profile
from .render import Renderer
from .sitetime import OBSERVATION
from .writer import Output

# Below this many renderables, forking costs more than it saves.
MIN_PARALLEL = 50
_COUNTERS = "Liquid counters (increment/decrement) were used"
_COUNTER_TAG = re.compile(r"{%-?\s*(?:increment|decrement)\b")
# How long the parent waits for a result before checking that every worker is still alive.
_POLL_SECONDS = 0.5


def worker_count(jobs: int | None) -> int:
    """How many render processes: ``--jobs``, else every core."""
    return max(1, jobs if jobs else (os.cpu_count() or 1))


def uses_counters(site: Site) -> bool:
    """Whether any document, layout or include uses Liquid's ``increment`` or ``decrement``."""
    texts: Iterable[str] = (doc.content for doc in site.renderables())
    if any(_COUNTER_TAG.search(text) for text in texts):
        return True
    if any(_COUNTER_TAG.search(layout.content) for layout in site.layouts.values()):
        return True
    for folder in site.include_dirs:
        for path in folder.rglob("*") if folder.is_dir() else ():
            try:
                if path.is_file() and _COUNTER_TAG.search(path.read_text("utf-8", "replace")):
                    return True
            except OSError:
                continue
    return False


def worth_it(site: Site, jobs: int | None) -> bool:
    """Whether to render in parallel: several cores, enough documents, a system that forks."""
    return (
        worker_count(jobs) > 1 and len(site.renderables()) >= MIN_PARALLEL
        and "fork" in multiprocessing.get_all_start_methods()
    )


@dataclass
class _Item:
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
class _WorkerEnd:
    """A worker's last message: memo entries it made, counters, times.

    The excerpts a render made go with its item (``_Item.excerpts``): a document's are
    installed as they come; a page's only if the page is kept (a page rendered again must not
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
    items: dict[int, _Item] = field(default_factory=dict)
    ended: int = 0
    problem: str | None = None


class ParallelUnsafe(Exception):
    """The parallel render could differ from the sequential one: render sequentially instead."""


class _CountersMoved(ParallelUnsafe):
    """A worker's renders used ``increment``/``decrement``."""


@dataclass
class _Pristine:
    """The renderables as read and the Liquid counters, to put back if the parallel result is
    discarded (the sequential render then counts from where a plain build starts, not from
    where this process's in-order Liquid left the counters)."""

    saved: list[tuple[str, str | None, str | None, bool]]
    counters: dict[Any, int]

    @classmethod
    def of(cls, docs: list[Document], counters: dict[Any, int]) -> _Pristine:
        return cls([(d.content, d.excerpt, d.output, d.rendered) for d in docs], dict(counters))

    def restore(self, docs: list[Document], counters: dict[Any, int]) -> None:
        for doc, (content, excerpt, output, rendered) in zip(docs, self.saved):
            doc.content, doc.excerpt, doc.output, doc.rendered = content, excerpt, output, rendered
        counters.clear()
        counters.update(self.counters)


# A task: a renderable's index and, when the parent rendered its Liquid, the text to convert.
_Task = tuple[int, str | None]


class ParallelRender:
    """Renders one prepared site with two rounds of forked workers."""

    def __init__(
        self, site: Site, renderer: Renderer, fp: Fingerprints, jobs: int | None,
        memo: ContentMemo | None = None,
    ) -> None:
        self.site = site
        self.renderer = renderer
        self.fp = fp
        self.workers = worker_count(jobs)
        self.memo = memo      # the persistent ContentMemo, if the cache is on
        self.docs = site.renderables()
        # Liquid counters run on across documents: such sites render document Liquid in order.
        self.counters = uses_counters(site)
        # Counters before and after each renderable that ran here in order (the rest move none).
        self.counter_log: dict[int, tuple[dict[str, int], dict[str, int]]] = {}
        # What each document's Liquid, rendered here in order, depended on and read.
        self.liquid: dict[int, tuple[set[str], set[str]]] = {}
        self.positions: dict[str, list[int]] = {}
        # Whether a page moved Liquid counters in the last round of workers (``_WorkerEnd``).
        self.pages_moved = False
        for index, doc in enumerate(self.docs):
            self.positions.setdefault(doc.relpath, []).append(index)
        index_of = {id(doc): index for index, doc in enumerate(self.docs)}
        for css, page in renderer.views.source_map_pages:
            # A source map page's content is made when its Sass page converts: reading it is
            # reading that page's converted content.
            if id(css) in index_of:
                self.positions.setdefault(page.relpath, []).append(index_of[id(css)])
        # On a terminal, a long render shows its steps: each document's content, then every
        # renderable's layouts (a page is one step).
        self.progress = renderer.log.progress_line(
            "Rendered", sum(2 if doc.kind == "document" else 1 for doc in self.docs), what="steps")

    def run(self) -> PassResult:
        """Render everything; raises ParallelUnsafe (with the site as read) when order shows."""
        pristine = _Pristine.of(self.docs, self.renderer.liquid.counters)
        try:
            return self._run()
        except ParallelUnsafe:
            pristine.restore(self.docs, self.renderer.liquid.counters)
            raise
        finally:
            self.progress.finish()   # the sequential fallback's line, or an error, starts afresh

    def _run(self) -> PassResult:
        docs = [i for i, d in enumerate(self.docs) if d.kind == "document"]
        pages = [i for i, d in enumerate(self.docs) if d.kind != "document"]
        # The pages follow the documents on the same queue: a worker that finds no document
        # left renders pages while the others finish theirs (no barrier, no second fork). A
        # page that read a document's content or output saw its worker's state of it: that
        # page is rendered again once every document is in. A page that moved the counters
        # ran on them as they were at the fork: then every page is rendered again.
        tail = ((i, None) for i in pages)
        feed = self._liquid_in_order(docs) if self.counters else ((i, None) for i in docs)
        items = self._round(itertools.chain(feed, tail), len(docs) + len(pages))
        early = [] if self.pages_moved else pages
        again = []
        for index in docs:
            item = items[index]
            self._check(index, item.reads, "content")
            if self._check(index, item.layout_reads, "layouts"):
                again.append(index)
            self.docs[index].content, self.docs[index].output = item.content, item.output
            self.docs[index].rendered = True
        for index in again:
            self._lay_out_again(items[index])
        later = [i for i in early if self._check(i, items[i].reads, "early pages")] if early else pages
        for index in set(early) - set(later):
            self._install(items[index].excerpts)
        self.progress.total += len(later)
        try:
            page_items = self._round(((i, None) for i in later), len(later))
            if self.pages_moved:
                raise _CountersMoved(_COUNTERS)
            for item in page_items.values():
                self._install(item.excerpts)
        except _CountersMoved:
            # Pages come after every document (and the pages kept from the first round moved
            # no counter): rendering them in order continues the counters exactly where the
            # sequential build would.
            page_items = self._pages_in_order(later)
        for index in later:
            self._check(index, page_items[index].reads, "pages")
        items.update(page_items)
        return self._result(items)

    def _liquid_in_order(self, indexes: list[int]) -> Iterator[_Task]:
        """Sites with counters: each document's Liquid here, in order, as the workers convert."""
        renderer = self.renderer
        for index in indexes:
            counters_in = plain_counters(renderer.liquid.counters)
            (text, deps), record = renderer.render_recorded(renderer.content_liquid, self.docs[index])
            self.counter_log[index] = (counters_in, plain_counters(renderer.liquid.counters))
            self.liquid[index] = (set(deps), set(record.inputs))
            yield index, text

    def _pages_in_order(self, indexes: list[int]) -> dict[int, _Item]:
        items: dict[int, _Item] = {}
        for index in indexes:
            counters_in = plain_counters(self.renderer.liquid.counters)
            items[index] = _render_task(self, self.docs[index], index, None)
            self.counter_log[index] = (counters_in, plain_counters(self.renderer.liquid.counters))
            self.progress.advance()
        return items

    def _lay_out_again(self, item: _Item) -> None:
        """Lay a document out again here, every document converted (as the sequential build
        has the earlier ones; a later one read in that state cannot be matched)."""
        doc = self.docs[item.index]
        rendered, record = self.renderer.render_recorded(self.renderer.place_in_layouts, doc)
        item.layout_reads = set(record.inputs)
        item.layers = time_layers(record, self.key)
        item.prints = rendered.prints = self.renderer.final_prints(record, rendered.output)
        self._check(item.index, item.layout_reads, "again")
        item.output = doc.output = rendered.output
        item.dependencies |= rendered.dependencies

    def _result(self, items: dict[int, _Item]) -> PassResult:
        """The result a sequential pass returns."""
        result = PassResult(Output())
        running: dict[str, int] = {}
        for index, doc in enumerate(self.docs):
            counters_in, running = self.counter_log.get(index, (running, running))
            item = items[index]
            content_reads = item.reads
            if index in self.liquid:
                content_reads = content_reads | self.liquid[index][0] | self.liquid[index][1]
            deps = item.dependencies | content_reads | item.layout_reads
            # A page's one recorded render made its layers; a document's content was apart.
            layers = _after_content(item.layers, content_reads) if doc.kind == "document" else item.layers
            # (and its prints are of observations its content did not make)
            prints = [p for p in item.prints if p[2] not in content_reads] if doc.kind == "document" else item.prints
            doc.content, doc.output, doc.rendered = item.content, item.output, True
            doc.source_map = item.source_map
            key = self.fp.keys[id(doc)]
            result.states[key] = DocState(
                self.fp.prints[id(doc)], doc.content, doc.output, deps, dict(counters_in), dict(running),
                {key: doc.excerpt} if doc.excerpt is not None else {}, layers, doc.source_map, prints,
            )
            if self.site.writes(doc):
                rel = output_rel(self.site, doc)
                if not result.output.add_rendered(rel, doc.output or "", page=doc.kind == "page"):
                    continue
                result.dependencies[rel] = deps
                result.rendered.add(rel)
                if doc.source_map is not None:
                    add_source_map(result, rel, doc, deps, fresh=True)
        return result

    def key(self, doc: Document) -> str:
        """A renderable's key in the build cache (its path when it has none)."""
        return self.fp.keys.get(id(doc), doc.relpath)

    # -- one round of workers ----------------------------------------------------------------
    def _round(self, feed: Iterable[_Task], count: int) -> dict[int, _Item]:
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

    def _gather(self, results: Any, gathering: _Gathering) -> dict[int, _Item]:
        """Every result and every worker's last message."""
        while gathering.ended < len(gathering.processes) and self._take(gathering, results, wait=True):
            pass
        problem = gathering.problem
        if problem == _COUNTERS:
            raise _CountersMoved(problem)
        if problem:
            raise ParallelUnsafe(problem)
        return gathering.items

    def _take(self, gathering: _Gathering, results: Any, wait: bool) -> bool:
        """Take one message from the workers (False: none waiting, or a worker is lost).

        A document's excerpts are installed here and passed on to the other workers at once.
        """
        if wait:
            message = self._next(results, gathering.processes, gathering.ended)
            if message is None:
                gathering.problem = gathering.problem or "a render worker ended without reporting"
                return False
        else:
            try:
                message = results.get_nowait()
            except queue.Empty:
                return False
        if isinstance(message, _Item):
            gathering.items[message.index] = message
            if self.docs[message.index].kind == "document":
                self.progress.advance(2)
                if message.excerpts:
                    self._install(message.excerpts)
                    for number, inbox in enumerate(gathering.inboxes):
                        if number != message.worker:
                            inbox.put(message.excerpts)
            else:
                self.progress.advance(1)
            return True
        gathering.ended += 1
        gathering.problem = gathering.problem or self._worker_end(message)
        return True

    @staticmethod
    def _next(results: Any, processes: list[Any], ended: int) -> _Item | _WorkerEnd | None:
        """The next message, or None when a worker is gone without its last one."""
        while True:
            try:
                message: _Item | _WorkerEnd = results.get(timeout=_POLL_SECONDS)
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

    def _worker_end(self, end: _WorkerEnd) -> str | None:
        if end.error:
            return end.error
        if end.counters_moved:
            return _COUNTERS
        self.pages_moved = self.pages_moved or end.pages_moved
        if self.memo is not None:
            self.memo.used.update(end.memo)
        if end.profile is not None and self.renderer.profile is not None:
            self.renderer.profile.merge(end.profile)
        return None

    def _install(self, excerpts: dict[int, str]) -> None:
        """Excerpts the workers rendered, for the documents that have none here yet."""
        for index, excerpt in excerpts.items():
            if self.docs[index].excerpt is None:
                self.docs[index].excerpt = excerpt

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
        end = _WorkerEnd()
        try:
            while (task := tasks.get()) is not None:
                pending.difference_update(_take_excerpts(inbox, self.docs))
                index, text = task
                doc = self.docs[index]
                started = time.perf_counter()
                counters = dict(renderer.liquid.counters)
                item = _render_task(self, doc, index, text)
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
            end = _WorkerEnd(error=f"{type(err).__name__}: {err}\n{traceback.format_exc()}")
        try:
            results.put(end)
            results.close()
            results.join_thread()   # every message sent before the process ends
            while inbox.get() is not None:   # (the parent's feeder thread must not block)
                pass
        finally:
            os._exit(0)  # skip the parent's atexit handlers and buffers in the forked child

    # -- order checks ------------------------------------------------------------------------
    def _check(self, index: int, reads: Iterable[str], step: str) -> bool:
        """Raise ParallelUnsafe if a read could have had another answer in the sequential build;
        True if the document must be laid out again here (a page: rendered again)."""
        again = False
        for read in reads:
            rel, _, key = read.partition("#")
            if key not in ("content", "output"):
                continue
            for other in self.positions.get(rel, ()):
                effect = _order_effect(step, index, other, key, self.docs[other].kind)
                if effect == _DIFFERS:
                    raise ParallelUnsafe(
                        f"{self.docs[index].relpath} reads {read} (depends on render order)"
                    )
                again = again or effect == _AGAIN
        return again


# What reading another renderable's field in a parallel render means (``_order_effect``).
_SAME, _AGAIN, _DIFFERS = range(3)


def _order_effect(step: str, index: int, other: int, key: str, kind: str) -> int:
    """Whether reading ``key`` (content or output) of renderable ``other`` while rendering
    ``index`` saw what the sequential build sees (_SAME), may not have (_AGAIN: lay the document
    out again in the parent), or cannot be matched (_DIFFERS).

    Sequentially, everything before ``index`` is converted and has its output; everything after
    is as read. A view keeps the first value read of each field, so a read also fixes what every
    later reader sees: a read is only safe when the value is the final one or the reader's
    process is the only one that will read it. ``step`` is "content" (a document's Liquid,
    here or in a worker), "layouts" (a document's layouts in a worker, which took the documents
    before it in order but may not have converted them), "again" (its layouts in the parent,
    every document converted and laid out), "early pages" (a page in the documents' round:
    _AGAIN, render it again, when it read a document) or "pages" (every document done, pages
    as read).
    """
    if step == "content":
        return _DIFFERS
    if step == "pages":
        return _DIFFERS if kind != "document" and other < index else _SAME
    if step == "early pages":   # a page in the documents' round: documents in its worker's state
        return _AGAIN if kind == "document" else _DIFFERS if other < index else _SAME
    if other == index:   # its own content is converted; its output is not made yet
        return _SAME if key == "content" else _DIFFERS
    if kind == "document" and other < index:
        return _AGAIN if step == "layouts" else _SAME
    return _DIFFERS


def _render_task(run: ParallelRender, doc: Document, index: int, text: str | None) -> _Item:
    """One renderable: a document's content (or the Liquid-rendered ``text``'s conversion), then
    its layouts; a page's content and layouts as one recorded render."""
    renderer = run.renderer
    if doc.kind != "document":
        rendered, record = renderer.render_recorded(_page_render(renderer), doc)
        doc.output = rendered.output
        return _Item(index, doc.content, rendered.output, set(rendered.dependencies), set(record.inputs),
                     layers=time_layers(record, run.key), source_map=doc.source_map,
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
    return _Item(index, doc.content, rendered.output, deps | rendered.dependencies, reads, set(record.inputs),
                 time_layers(record, run.key), doc.source_map, renderer.final_prints(record, rendered.output))


def _take_excerpts(inbox: Any, docs: list[Document]) -> set[int]:
    """Install the excerpts waiting in a worker's inbox (without waiting for more); their indexes."""
    taken: set[int] = set()
    while True:
        try:
            excerpts: dict[int, str] | None = inbox.get_nowait()
        except queue.Empty:
            return taken
        for index, excerpt in (excerpts or {}).items():
            if docs[index].excerpt is None:
                docs[index].excerpt = excerpt
                taken.add(index)


def _after_content(layers: list[list[Any]], content_reads: set[str]) -> list[list[Any]]:
    """A document's time layers without what its content (rendered apart, before) observed first."""
    content = {read for read in content_reads if read.startswith(OBSERVATION)}
    if not layers or not content:
        return layers
    layers = [[received, [o for o in first if o not in content], excerpts]
              for received, first, excerpts in layers]
    return layers if any(layer[1] for layer in layers) else []


def _page_render(renderer: Renderer) -> Callable[[Document], Any]:
    def render(doc: Document) -> Any:
        deps = renderer.render_content(doc)
        rendered = renderer.place_in_layouts(doc)
        rendered.dependencies |= deps
        return rendered
    return render
