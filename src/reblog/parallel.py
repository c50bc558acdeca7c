"""Render a site across worker processes, to exactly the output of the sequential build.

Workers are forked after ``prepare``, so they inherit the read site and its engines. Jekyll's
order matters, so the work runs in two phases:

1. every collection document's content (Liquid, then Markdown) is rendered in the workers; the
   parent installs the converted contents (and any excerpts the workers rendered);
2. new workers, forked from the merged parent, place documents in their layouts and render pages.

This matches the sequential build as long as no render can tell the order apart. Two things
can: Liquid ``increment``/``decrement`` counters (they run on across documents), and a template
reading another output's ``content`` or ``output`` that the sequential build would have seen in
another state (a layout showing a *later* post's content sees its source text in Jekyll). So:

- sources, layouts and includes that use ``increment``/``decrement`` make the whole render
  sequential (checked up front by scanning them, and again afterwards: a worker whose counters
  moved invalidates the parallel result);
- every render records what it read; a read whose answer depends on the order (see
  ``_order_dependent``) discards the parallel result and the site is rendered sequentially.

Excerpts render lazily and alike wherever they render first; a worker's failure (a Liquid error,
say) also falls back to the sequential render, which reports the same error as a plain build.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
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
    """What a worker sends back for one renderable."""

    index: int
    content: str
    output: str | None
    dependencies: set[str]
    reads: set[str]
    layers: list[list[Any]] = field(default_factory=list)   # ``incremental.time_layers``
    source_map: str | None = None   # a Sass page's map (made where it was converted)


@dataclass
class _WorkerEnd:
    """A worker's last message: excerpts it rendered, memo entries it made, counters, times."""

    excerpts: dict[int, str] = field(default_factory=dict)
    memo: dict[str, str] = field(default_factory=dict)
    counters_moved: bool = False
    profile: Profile | None = None
    error: str | None = None


class ParallelUnsafe(Exception):
    """The parallel render could differ from the sequential one: render sequentially instead."""


class _CountersMoved(ParallelUnsafe):
    """A worker's renders used ``increment``/``decrement``."""


@dataclass
class _Pristine:
    """The renderables as read, to put back if the parallel result is discarded."""

    saved: list[tuple[str, str | None, str | None, bool]]

    @classmethod
    def of(cls, docs: list[Document]) -> _Pristine:
        return cls([(d.content, d.excerpt, d.output, d.rendered) for d in docs])

    def restore(self, docs: list[Document]) -> None:
        for doc, (content, excerpt, output, rendered) in zip(docs, self.saved):
            doc.content, doc.excerpt, doc.output, doc.rendered = content, excerpt, output, rendered


class ParallelRender:
    """Renders one prepared site in two forked phases."""

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
        self.texts: dict[int, str] = {}
        # Counters before and after each renderable that ran here in order (the rest move none).
        self.counter_log: dict[int, tuple[dict[str, int], dict[str, int]]] = {}
        self._index = {id(doc): i for i, doc in enumerate(self.docs)}
        self.positions: dict[str, list[int]] = {}
        for index, doc in enumerate(self.docs):
            self.positions.setdefault(doc.relpath, []).append(index)
        # On a terminal, a long render shows its steps: each document's content, then every
        # renderable's layouts (a page is one step).
        self.progress = renderer.log.progress_line(
            "Rendered", sum(2 if doc.kind == "document" else 1 for doc in self.docs), what="steps")

    def run(self) -> PassResult:
        """Render everything; raises ParallelUnsafe (with the site as read) when order shows."""
        pristine = _Pristine.of(self.docs)
        try:
            return self._run()
        except ParallelUnsafe:
            pristine.restore(self.docs)
            raise
        finally:
            self.progress.finish()   # the sequential fallback's line, or an error, starts afresh

    def _run(self) -> PassResult:
        docs = [i for i, d in enumerate(self.docs) if d.kind == "document"]
        if self.counters:
            contents = self._contents_in_order(docs)
        else:
            contents = self._phase(docs, _content_step)
        for index, item in contents.items():
            self._check(item, phase=1)
            self.docs[index].content, self.docs[index].rendered = item.content, True
        # Every document goes into its layouts, written or not (Jekyll sets `output` for all).
        outputs = self._phase(docs, _layout_step)   # counters must not move here
        for index, item in outputs.items():
            self._check(item, phase=2)
            self.docs[index].output = item.output
        pages = [i for i, d in enumerate(self.docs) if d.kind != "document"]
        try:
            outputs.update(self._phase(pages, _layout_step))
        except _CountersMoved:
            # Pages come after every document: rendering them in order continues the counters
            # exactly where the sequential build would.
            outputs.update(self._pages_in_order(pages))
        return self._result(contents, outputs)

    def _contents_in_order(self, indexes: list[int]) -> dict[int, _Item]:
        """Sites with counters: each document's Liquid in order here, the Markdown in the workers."""
        texts: dict[int, str] = {}
        items: dict[int, _Item] = {}
        for index in indexes:
            counters_in = plain_counters(self.renderer.liquid.counters)
            (text, deps), record = self.renderer.render_recorded(self.renderer.content_liquid, self.docs[index])
            self.counter_log[index] = (counters_in, plain_counters(self.renderer.liquid.counters))
            texts[index] = text
            items[index] = _Item(index, "", None, set(deps), set(record.inputs))
        self.texts = texts
        converted = self._phase(indexes, _convert_step)
        for index, item in converted.items():
            items[index].content = item.content
        return items

    def _pages_in_order(self, indexes: list[int]) -> dict[int, _Item]:
        items: dict[int, _Item] = {}
        for index in indexes:
            doc = self.docs[index]
            counters_in = plain_counters(self.renderer.liquid.counters)
            content, output, deps, reads, layers = _layout_step(self.renderer, doc, self)
            self.counter_log[index] = (counters_in, plain_counters(self.renderer.liquid.counters))
            items[index] = _Item(index, content, output, deps, reads, layers, doc.source_map)
            self.progress.advance()
        return items

    def _result(self, contents: dict[int, _Item], outputs: dict[int, _Item]) -> PassResult:
        """Merge both phases into the result a sequential pass returns."""
        result = PassResult(Output())
        running: dict[str, int] = {}
        for index, doc in enumerate(self.docs):
            counters_in, running = self.counter_log.get(index, (running, running))
            item = outputs.get(index)
            deps = set(contents[index].dependencies | contents[index].reads) if index in contents else set()
            layers = _after_content(item.layers, deps) if item is not None else []
            if item is not None:
                if doc.kind != "document":
                    self._check(item, phase=3)
                doc.content, doc.output, doc.rendered = item.content, item.output, True
                doc.source_map = item.source_map
                deps |= item.dependencies | item.reads
            key = self.fp.keys[id(doc)]
            result.states[key] = DocState(
                self.fp.prints[id(doc)], doc.content, doc.output, deps, dict(counters_in), dict(running),
                {key: doc.excerpt} if doc.excerpt is not None else {}, layers, doc.source_map,
            )
            if item is not None and self.site.writes(doc):
                rel = output_rel(self.site, doc)
                if not result.output.add_rendered(rel, doc.output or "", page=doc.kind == "page"):
                    continue
                result.dependencies[rel] = deps
                result.rendered.add(rel)
                if doc.source_map is not None:
                    add_source_map(result, rel, doc, deps, fresh=True)
        return result

    # -- one phase ---------------------------------------------------------------------------
    def _phase(self, indexes: list[int], step: _Step) -> dict[int, _Item]:
        """Fork the workers, each taking every n-th index, and gather their results."""
        context = multiprocessing.get_context("fork")
        count = min(self.workers, max(1, len(indexes)))
        pipes: list[Connection] = []
        processes = []
        for number in range(count):
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(
                target=self._work, args=(sender, indexes[number::count], step), daemon=True,
            )
            process.start()
            sender.close()
            pipes.append(receiver)
            processes.append(process)
        try:
            return self._gather(pipes)
        finally:
            for process in processes:
                process.join(timeout=5)
                if process.is_alive():
                    process.kill()

    def _gather(self, pipes: list[Connection]) -> dict[int, _Item]:
        items: dict[int, _Item] = {}
        open_pipes = list(pipes)
        problem: str | None = None
        while open_pipes:
            for pipe in wait(open_pipes):
                assert isinstance(pipe, Connection)  # wait() returns some of open_pipes
                try:
                    message = pipe.recv()
                except EOFError:
                    open_pipes.remove(pipe)
                    problem = problem or "a render worker ended without reporting"
                    continue
                if isinstance(message, _Item):
                    items[message.index] = message
                    self.progress.advance()
                    continue
                open_pipes.remove(pipe)
                problem = problem or self._worker_end(message)
        if problem == _COUNTERS:
            raise _CountersMoved(problem)
        if problem:
            raise ParallelUnsafe(problem)
        return items

    def _worker_end(self, end: _WorkerEnd) -> str | None:
        if end.error:
            return end.error
        if end.counters_moved:
            return _COUNTERS
        for index, excerpt in end.excerpts.items():
            if self.docs[index].excerpt is None:
                self.docs[index].excerpt = excerpt
        if self.memo is not None:
            self.memo.used.update(end.memo)
        if end.profile is not None and self.renderer.profile is not None:
            self.renderer.profile.merge(end.profile)
        return None

    def _work(
        self, pipe: Connection, indexes: list[int],
        step: _Step,
    ) -> None:
        """The worker process: render its share, send each result, then its end report."""
        renderer = self.renderer
        if renderer.profile is not None:
            renderer.profile = Profile()
        before = {i for i, d in enumerate(self.docs) if d.excerpt is None}
        counters = dict(renderer.liquid.counters)
        end = _WorkerEnd()
        try:
            for index in indexes:
                doc = self.docs[index]
                started = time.perf_counter()
                content, output, deps, reads, layers = step(renderer, doc, self)
                if renderer.profile is not None and output is not None:
                    renderer.profile.page(output_rel(self.site, doc), time.perf_counter() - started)
                pipe.send(_Item(index, content, output, deps, reads, layers, doc.source_map))
            end.excerpts = {
                i: self.docs[i].excerpt for i in before if self.docs[i].excerpt is not None  # type: ignore[misc]
            }
            end.counters_moved = renderer.liquid.counters != counters
            end.memo = dict(self.memo.used) if self.memo is not None else {}
            end.profile = renderer.profile
        except BaseException as err:  # noqa: BLE001 - reported; the parent renders sequentially
            end = _WorkerEnd(error=f"{type(err).__name__}: {err}\n{traceback.format_exc()}")
        try:
            pipe.send(end)
        finally:
            pipe.close()
            os._exit(0)  # skip the parent's atexit handlers and buffers in the forked child

    def index_of(self, doc: Document) -> int:
        """A renderable's position in the sequential order."""
        return self._index[id(doc)]

    # -- order checks ------------------------------------------------------------------------
    def _check(self, item: _Item, phase: int) -> None:
        """Raise ParallelUnsafe if a read could have had another answer in the sequential build."""
        for read in item.reads:
            rel, _, key = read.partition("#")
            if key not in ("content", "output"):
                continue
            for other in self.positions.get(rel, ()):
                if _order_dependent(phase, item.index, other, key, self.docs[other].kind):
                    raise ParallelUnsafe(
                        f"{self.docs[item.index].relpath} reads {read} (depends on render order)"
                    )


def _order_dependent(phase: int, index: int, other: int, key: str, kind: str) -> bool:
    """Whether reading ``key`` of renderable ``other`` while rendering ``index`` sees another state.

    Sequentially, everything before ``index`` is converted and has its output; everything after
    is as read. Phase 1 (document contents) sees everything as read; phase 2 (documents'
    layouts) sees every document converted, no outputs and pages as read; phase 3 (pages) sees
    every document done and pages as read.
    """
    if other == index:
        return False
    if phase == 1:
        return other < index
    if phase == 3:   # pages: every document done, as in the sequential build; pages as read
        return kind != "document" and other < index
    if key == "output":
        return other < index
    return (kind == "document" and other > index) or (kind == "page" and other < index)


# A step's result: content, output, dependencies, reads, and its layouts' time layers.
_StepResult = tuple[str, str | None, set[str], set[str], list[list[Any]]]
_Step = Callable[[Renderer, Document, "ParallelRender"], _StepResult]


def _convert_step(renderer: Renderer, doc: Document, run: ParallelRender) -> _StepResult:
    return renderer.convert(doc, run.texts[run.index_of(doc)]), None, set(), set(), []


def _content_step(renderer: Renderer, doc: Document, run: ParallelRender) -> _StepResult:
    deps, record = renderer.render_recorded(renderer.render_content, doc)
    return doc.content, None, set(deps), set(record.inputs), []


def _layout_step(renderer: Renderer, doc: Document, run: ParallelRender) -> _StepResult:
    def key(other: Document) -> str:
        return run.fp.keys.get(id(other), other.relpath)

    if doc.kind == "document":
        rendered, record = renderer.render_recorded(renderer.place_in_layouts, doc)
        doc.output = rendered.output
        return (doc.content, rendered.output, set(rendered.dependencies), set(record.inputs),
                time_layers(record, key))
    # A page: its content, then its layouts, as one recorded render.
    rendered, record = renderer.render_recorded(_page_render(renderer), doc)
    doc.output = rendered.output
    return (doc.content, rendered.output, set(rendered.dependencies), set(record.inputs),
            time_layers(record, key))


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
