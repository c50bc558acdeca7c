"""The merging half of a parallel render: the workers' results made into the sequential result.

It exists apart from ``schedule`` because it is where the parallel render is proved equal to the
sequential one: each read a render made is checked against the order (``order_effect``), a
document whose layouts saw earlier documents in another state is laid out again here, and the
items become the ``PassResult`` a sequential pass returns. It knows nothing about processes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..incremental import (
    DocState, Fingerprints, PassResult, add_source_map, time_layers,
)
from ..model import Document, Site
from ..render import Renderer
from ..sitetime import OBSERVATION
from ..writer import Output
from .schedule import Item, ParallelUnsafe

# What reading another renderable's field in a parallel render means (``order_effect``).
SAME, AGAIN, DIFFERS = range(3)


@dataclass
class Pristine:
    """The renderables as read and the Liquid counters, to put back if the parallel result is
    discarded (the sequential render then counts from where a plain build starts, not from
    where this process's in-order Liquid left the counters)."""

    saved: list[tuple[str, str | None, str | None, bool]]
    counters: dict[Any, int]

    @classmethod
    def of(cls, docs: list[Document], counters: dict[Any, int]) -> Pristine:
        """What to put back: each renderable's fields a render changes, and the counters."""
        return cls([(d.content, d.excerpt, d.output, d.rendered) for d in docs], dict(counters))

    def restore(self, docs: list[Document], counters: dict[Any, int]) -> None:
        """Put the renderables and the counters back as they were."""
        for doc, (content, excerpt, output, rendered) in zip(docs, self.saved):
            doc.content, doc.excerpt, doc.output, doc.rendered = content, excerpt, output, rendered
        counters.clear()
        counters.update(self.counters)


class Merge:
    """The workers' items checked against the order and installed as the sequential pass would."""

    def __init__(self, site: Site, docs: list[Document], renderer: Renderer, fp: Fingerprints) -> None:
        self.site = site
        self.renderer = renderer
        self.fp = fp
        self.docs = docs   # ``site.renderables()``
        # Counters before and after each renderable that ran here in order (the rest move none).
        self.counter_log: dict[int, tuple[dict[str, int], dict[str, int]]] = {}
        # What each document's Liquid, rendered here in order, depended on and read.
        self.liquid: dict[int, tuple[set[str], set[str]]] = {}
        self.positions: dict[str, list[int]] = {}
        for index, doc in enumerate(self.docs):
            self.positions.setdefault(doc.relpath, []).append(index)
        # A renderable's index by its id (the excerpts a render made are documents).
        self.index_of = {id(doc): index for index, doc in enumerate(self.docs)}
        for css, page in renderer.views.source_map_pages:
            # A source map page's content is made when its Sass page converts: reading it is
            # reading that page's converted content.
            if id(css) in self.index_of:
                self.positions.setdefault(page.relpath, []).append(self.index_of[id(css)])

    def key(self, doc: Document) -> str:
        """A renderable's key in the build cache (its path when it has none)."""
        return self.fp.keys.get(id(doc), doc.relpath)

    def check(self, index: int, reads: Iterable[str], step: str) -> bool:
        """Raise ParallelUnsafe if a read could have had another answer in the sequential build;
        True if the document must be laid out again here (a page: rendered again)."""
        again = False
        for read in reads:
            rel, _, key = read.partition("#")
            if key not in ("content", "output"):
                continue
            for other in self.positions.get(rel, ()):
                effect = order_effect(step, index, other, key, self.docs[other].kind)
                if effect == DIFFERS:
                    raise ParallelUnsafe(
                        f"{self.docs[index].relpath} reads {read} (depends on render order)"
                    )
                again = again or effect == AGAIN
        return again

    def keep_excerpts(self, item: Item) -> None:
        """Keep the excerpts an item's render made, for the renderables that have none here yet
        (an excerpt renders alike wherever it renders first)."""
        for index, excerpt in item.excerpts.items():
            if self.docs[index].excerpt is None:
                self.docs[index].excerpt = excerpt

    def lay_out_again(self, item: Item) -> None:
        """Lay a document out again here, every document converted (as the sequential build
        has the earlier ones; a later one read in that state cannot be matched)."""
        doc = self.docs[item.index]
        rendered, record = self.renderer.render_recorded(self.renderer.place_in_layouts, doc)
        item.layout_reads = set(record.inputs)
        item.layers = time_layers(record, self.key)
        item.prints = rendered.prints = self.renderer.final_prints(record, rendered.output)
        self.check(item.index, item.layout_reads, "again")
        item.output = doc.output = rendered.output
        item.dependencies |= rendered.dependencies

    def result(self, items: dict[int, Item]) -> PassResult:
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
                rel = doc.output_rel()
                if not result.output.add_rendered(rel, doc.output or "", page=doc.kind == "page"):
                    continue
                result.dependencies[rel] = deps
                result.rendered.add(rel)
                if doc.source_map is not None:
                    add_source_map(result, rel, doc, deps, fresh=True)
        return result


def order_effect(step: str, index: int, other: int, key: str, kind: str) -> int:
    """Whether reading ``key`` (content or output) of renderable ``other`` while rendering
    ``index`` saw what the sequential build sees (SAME), may not have (AGAIN: lay the document
    out again in the parent), or cannot be matched (DIFFERS).

    Sequentially, everything before ``index`` is converted and has its output; everything after
    is as read. A view keeps the first value read of each field, so a read also fixes what every
    later reader sees: a read is only safe when the value is the final one or the reader's
    process is the only one that will read it. ``step`` is "content" (a document's Liquid,
    here or in a worker), "layouts" (a document's layouts in a worker, which took the documents
    before it in order but may not have converted them), "again" (its layouts in the parent,
    every document converted and laid out), "early pages" (a page in the documents' round:
    AGAIN, render it again, when it read a document) or "pages" (every document done, pages
    as read).
    """
    if step == "content":
        return DIFFERS
    if step == "pages":
        return DIFFERS if kind != "document" and other < index else SAME
    if step == "early pages":   # a page in the documents' round: documents in its worker's state
        return AGAIN if kind == "document" else DIFFERS if other < index else SAME
    if other == index:   # its own content is converted; its output is not made yet
        return SAME if key == "content" else DIFFERS
    if kind == "document" and other < index:
        return AGAIN if step == "layouts" else SAME
    return DIFFERS


def _after_content(layers: list[list[Any]], content_reads: set[str]) -> list[list[Any]]:
    """A document's time layers without what its content (rendered apart, before) observed first."""
    content = {read for read in content_reads if read.startswith(OBSERVATION)}
    if not layers or not content:
        return layers
    layers = [[received, [o for o in first if o not in content], excerpts]
              for received, first, excerpts in layers]
    return layers if any(layer[1] for layer in layers) else []
