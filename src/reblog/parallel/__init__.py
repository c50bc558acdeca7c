"""Render a site across worker processes, to exactly the output of the sequential build.

Workers are forked after ``prepare``, so they inherit the read site and its engines. Jekyll's
order matters, so the work runs in two rounds of workers:

1. every collection document, in the sequential order, from one queue that the workers take
   from: its content (Liquid, then Markdown), then its layouts; then, on the same queue, the
   pages. The parent installs the contents, outputs and the excerpts the workers rendered (a
   page's only if it is not rendered again);
2. new workers, forked from the merged parent, render again the pages that read a document's
   content or output (a worker has only its own documents converted), or every page when a
   page moved the Liquid counters (below). Candid and most sites need no second round.

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
  ``merge.order_effect``) discards the parallel result and the site is rendered sequentially.
  A view keeps the first value read of each field, so reading a later document's content (its
  source text) fixes it for every later reader too: only the worker would know. A layout
  reading an *earlier* document's content may not have seen it converted in its worker; the
  parent lays such a document out again once every document is in.

Excerpts render lazily and alike wherever they render first, so each worker makes those its
renders need. A worker's failure (a Liquid error, say) also falls back to the sequential render,
which reports the same error as a plain build (the counters put back as they were).

This module holds the plan (``ParallelRender``: which tasks, in which rounds, and when the
result is void); ``schedule`` runs the workers and ``merge`` turns their results into the
sequential result.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import re
from collections.abc import Iterable, Iterator, Sequence

from ..cache import ContentMemo
from ..incremental import Fingerprints, PassResult, add_prints, plain_counters
from ..model import Document, Site
from ..render import Renderer
from .merge import Merge, Pristine
from .schedule import (
    COUNTERS, CountersMoved, Item, ParallelUnsafe, Task, Workers, render_task,
)

# Below this many renderables, forking costs more than it saves.
MIN_PARALLEL = 50
_COUNTER_TAG = re.compile(r"{%-?\s*(?:increment|decrement)\b")

__all__ = ["MIN_PARALLEL", "ParallelRender", "ParallelUnsafe", "uses_counters", "worker_count", "worth_it"]


def worker_count(jobs: int | None) -> int:
    """How many render processes: ``--jobs``, else every core."""
    return max(1, jobs if jobs else (os.cpu_count() or 1))


def uses_counters(site: Site, docs: Sequence[Document]) -> bool:
    """Whether any of the site's renderables (``docs``), layouts or includes uses Liquid's
    ``increment`` or ``decrement``."""
    texts: Iterable[str] = (doc.content for doc in docs)
    if any(_has_counter_tag(text) for text in texts):
        return True
    if any(_has_counter_tag(layout.content) for layout in site.layouts.values()):
        return True
    for folder in site.include_dirs:
        for path in folder.rglob("*") if folder.is_dir() else ():
            try:
                if path.is_file() and _has_counter_tag(path.read_text("utf-8", "replace")):
                    return True
            except OSError:
                continue
    return False


def _has_counter_tag(text: str) -> bool:
    # Both tag names hold "crement": a plain substring search rules out most texts many times
    # faster than the pattern, which stops at every "{" (Candid: ~1.3 ms before the fork).
    return "crement" in text and _COUNTER_TAG.search(text) is not None


def worth_it(site: Site, jobs: int | None) -> bool:
    """Whether to render in parallel: several cores, enough documents, a system that forks."""
    return (
        worker_count(jobs) > 1 and len(site.renderables()) >= MIN_PARALLEL
        and "fork" in multiprocessing.get_all_start_methods()
    )


class ParallelRender:
    """Renders one prepared site with two rounds of forked workers."""

    def __init__(
        self, site: Site, renderer: Renderer, fp: Fingerprints, jobs: int | None,
        memo: ContentMemo | None = None, keep_frozen: bool = False,
    ) -> None:
        """``keep_frozen``: what is frozen to fork the workers stays frozen in this process.

        The program says so: it keeps what it froze (its imports, frozen by ``__main__``; a
        one-shot build's site, ``lifetime.long_lived``), and unfreezing would hand all of it back
        to the collector (``reblog serve`` unfreezes at its first full collection,
        ``DevServer._collect``). A build called from Python undoes it, unless something was frozen
        already (the calling application's own objects, which ``gc.unfreeze`` would thaw too).
        """
        self.site = site
        self.renderer = renderer
        # The keys at least (what the workers need): the prints are added while they render.
        self.fp = fp
        # Made once: the merge, the workers and the counters' scan all go by this list.
        self.docs = site.renderables()
        # Liquid counters run on across documents: such sites render document Liquid in order.
        self.counters = uses_counters(site, self.docs)
        self.merge = Merge(site, self.docs, renderer, fp)
        # On a terminal, a long render shows its steps: each document's content, then every
        # renderable's layouts (a page is one step).
        self.progress = renderer.log.progress_line(
            "Rendered", sum(2 if doc.kind == "document" else 1 for doc in self.docs), what="steps")
        # The merge owns the renderables' order, index and keys: the workers go by the same.
        self.workers = Workers(site, self.merge, renderer, worker_count(jobs), memo, self.progress, keep_frozen)

    def run(self) -> PassResult:
        """Render everything; raises ParallelUnsafe (with the site as read) when order shows."""
        pristine = Pristine.of(self.docs, self.renderer.liquid.counters)
        try:
            return self._run()
        except ParallelUnsafe:
            pristine.restore(self.docs, self.renderer.liquid.counters)
            add_prints(self.fp, self.site)   # the sequential render compares them
            raise
        finally:
            self.progress.finish()   # the sequential fallback's line, or an error, starts afresh

    def _run(self) -> PassResult:
        merge, workers = self.merge, self.workers
        docs = [i for i, d in enumerate(self.docs) if d.kind == "document"]
        pages = [i for i, d in enumerate(self.docs) if d.kind != "document"]
        # The pages follow the documents on the same queue: a worker that finds no document
        # left renders pages while the others finish theirs (no barrier, no second fork). A
        # page that read a document's content or output saw its worker's state of it: that
        # page is rendered again once every document is in. A page that moved the counters
        # ran on them as they were at the fork: then every page is rendered again.
        tail = ((i, None) for i in pages)
        feed = self._liquid_in_order(docs) if self.counters else ((i, None) for i in docs)
        # The site's fingerprints are of the site as read: this process takes them while the
        # workers render, once its tasks are queued. With counters it renders each document's
        # Liquid first, which changes no document unless a plugin's pre_render hook runs: then
        # the prints are taken before.
        if self.counters and self.renderer.options.pre_render is not None:
            add_prints(self.fp, self.site)
        items = workers.round(
            itertools.chain(feed, tail), len(docs) + len(pages), meanwhile=lambda: add_prints(self.fp, self.site),
        )
        early = [] if workers.pages_moved else pages
        again = []
        for index in docs:
            item = items[index]
            merge.check(index, item.reads, "content")
            if merge.check(index, item.layout_reads, "layouts"):
                again.append(index)
            self.docs[index].content, self.docs[index].output = item.content, item.output
            self.docs[index].rendered = True
            merge.keep_excerpts(item)
        for index in again:
            merge.lay_out_again(items[index])
        later = [i for i in early if merge.check(i, items[i].reads, "early pages")] if early else pages
        for index in set(early) - set(later):
            merge.keep_excerpts(items[index])
        self.progress.total += len(later)
        try:
            page_items = workers.round(((i, None) for i in later), len(later))
            if workers.pages_moved:
                raise CountersMoved(COUNTERS)
            for item in page_items.values():
                merge.keep_excerpts(item)
        except CountersMoved:
            # Pages come after every document (and the pages kept from the first round moved
            # no counter): rendering them in order continues the counters exactly where the
            # sequential build would.
            page_items = self._pages_in_order(later)
        for index in later:
            merge.check(index, page_items[index].reads, "pages")
        items.update(page_items)
        return merge.result(items)

    def _liquid_in_order(self, indexes: list[int]) -> Iterator[Task]:
        """Sites with counters: each document's Liquid here, in order, as the workers convert."""
        renderer = self.renderer
        for index in indexes:
            counters_in = plain_counters(renderer.liquid.counters)
            (text, deps), record = renderer.render_recorded(renderer.content_liquid, self.docs[index])
            self.merge.counter_log[index] = (counters_in, plain_counters(renderer.liquid.counters))
            self.merge.liquid[index] = (set(deps), set(record.inputs))
            yield index, text

    def _pages_in_order(self, indexes: list[int]) -> dict[int, Item]:
        items: dict[int, Item] = {}
        for index in indexes:
            counters_in = plain_counters(self.renderer.liquid.counters)
            items[index] = render_task(self.renderer, self.merge.key, self.merge.index_of, index, self.docs[index], None)
            self.merge.counter_log[index] = (counters_in, plain_counters(self.renderer.liquid.counters))
            self.progress.advance()
        return items
