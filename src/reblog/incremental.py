"""Re-render only what the recorded dependencies say changed: shared by ``reblog serve`` and the build cache.

Reading the whole source is cheap and rendering is what is slow, so a rebuild reads a fresh Site,
compares it with a snapshot of the last good build (kept in memory by the dev server, on disk by
the build cache), and renders only the outputs whose inputs changed; every other output (and every
other document's rendered content, which listing pages may show) is carried over from the
snapshot. The render loop keeps the full build's order so the result is the same as a full build
of the same sources.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model import SCALAR_TYPES, Document, Site
from .render import Rendered, Renderer
from .sitetime import OBSERVATION, TIME_INPUT, SiteTime, TimeCheck
from .writer import Output
from .templates.views import DocumentView, RenderRecord

# Site-wide values whose contents change whenever any document changes.
_LIST_KEYS = frozenset({
    "site.posts", "site.pages", "site.html_pages", "site.documents", "site.collections",
    "site.tags", "site.categories", "site.related_posts",
})
_STATIC_KEYS = frozenset({"site.static_files", "site.html_files", "site.collections"})
_SASS_EXTS = (".scss", ".sass")


@dataclass
class DocState:
    """What one document looked like when read, and what rendering it produced."""

    fingerprint: str
    content: str
    output: str | None
    dependencies: set[str]
    counters_in: dict[str, int]     # Liquid ``increment`` counters run on across documents
    counters_out: dict[str, int]
    excerpts: dict[str, str | None] = field(default_factory=dict)  # excerpts it rendered first
    # Its layouts, when one of them first derived something from site.time (``time_layers``).
    layers: list[list[Any]] = field(default_factory=list)
    source_map: str | None = None   # a Sass page's map, written beside its CSS
    # Where its output printed site.time text that may be re-derived in place, as
    # ``[offset, length, observation, in_content]`` (``reblog.sitetime.final_prints``).
    prints: list[list[Any]] = field(default_factory=list)


@dataclass
class Snapshot:
    """The last good build: per-document states and site-wide fingerprints."""

    docs: dict[str, DocState]
    site_prints: dict[str, str]
    layouts: dict[str, str]


@dataclass
class Plan:
    """What a change touches: documents changed at the source, and inputs others may have read."""

    changed_docs: set[str]
    inputs: set[str]
    list_keys: frozenset[str]
    sass_changed: bool


def _digest(value: Any) -> str:
    return hashlib.sha1(repr(value).encode("utf-8", "surrogatepass")).hexdigest()


def _text_digest(text: str, line: int) -> str:
    """A body's digest: its text's bytes, not its repr (which escapes every non-ASCII character:
    ~14 ms of Candid's cold build, before the render workers fork)."""
    digest = hashlib.sha1(b"%d\x00" % line)
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _stable(value: Any) -> Any:
    """A representation of front matter fit for comparing: documents become their identity."""
    if type(value) in SCALAR_TYPES:   # (kept as they are: the isinstance tests below are slower)
        return value
    if isinstance(value, SiteTime):
        # A dateless document's date: what pages derive from it is checked apart (sitetime).
        return "site.time"
    if isinstance(value, Document):
        return ("doc", value.relpath, value.url)
    if isinstance(value, DocumentView):  # plugins may hold views (the paginator's posts)
        return ("doc", value.doc.relpath, value.doc.url)
    if isinstance(value, Mapping):
        return [(str(k), _stable(v)) for k, v in value.items()]
    if isinstance(value, (list, tuple)):
        return [_stable(v) for v in value]
    return value


def plain_counters(counters: dict[Any, int]) -> dict[str, int]:
    """Liquid counters keyed by plain strings (python-liquid's names do not unpickle)."""
    return {str.__str__(name): value for name, value in counters.items()}


def time_layers(
    record: RenderRecord, key: Callable[[Document], str], before: Iterable[str] = (),
) -> list[list[Any]]:
    """Per layout of a render: ``[content it received, observations it made first, excerpts]``.

    ``excerpts``: the keys of the documents whose excerpt it rendered first. Empty when no
    layout made an observation of ``site.time`` that the content (or ``before``: layouts not
    rendered this time) had not made: then a new time can only mean rendering it all again.
    """
    marks = record.layers
    if not marks or not record.times:
        return []
    times = record.times
    seen = set(before)
    seen.update(times[:marks[0].times])
    layers: list[list[Any]] = []
    for index, mark in enumerate(marks):
        last = index + 1 == len(marks)
        end = len(times) if last else marks[index + 1].times
        first = []
        for observation in times[mark.times:end]:
            if observation not in seen:
                seen.add(observation)
                first.append(observation)
        excerpts = record.excerpts[mark.excerpts:None if last else marks[index + 1].excerpts]
        layers.append([mark.content, first, [key(doc) for doc in excerpts]])
    if not any(layer[1] for layer in layers):
        return []
    return layers


def doc_key(doc: Document) -> str:
    """A document's identity across builds (generated pages share their template's relpath)."""
    return f"{doc.relpath}\x00{doc.url}\x00{doc.generated}"


def _neighbours(site: Site) -> dict[int, tuple[str, str]]:
    """Each collection document's previous and next document, which its page may show."""
    found: dict[int, tuple[str, str]] = {}
    for coll in site.collections.values():
        docs = coll.docs
        for index, doc in enumerate(docs):
            before = docs[index - 1].relpath if index > 0 else ""
            after = docs[index + 1].relpath if index + 1 < len(docs) else ""
            found[id(doc)] = (before, after)
    return found


def _fingerprint(doc: Document, neighbours: tuple[str, str]) -> str:
    """``content:excerpt:meta``: the body, the excerpt source and everything else, hashed apart.

    A save that changes only the body leaves what listing pages sort and filter by alone, so
    only the outputs that read this document's content or excerpt need rendering again.
    """
    meta = _digest((
        doc.relpath, doc.url, doc.kind, doc.collection, doc.ext, doc.output_ext, _stable(doc.date),
        doc.draft, doc.name, doc.dir, _stable(doc.data), neighbours,
    ))
    return f"{_text_digest(doc.content, doc.body_line)}:{_digest(doc.raw_excerpt)}:{meta}"


def _body_only_change(old: str, new: str) -> bool:
    """Whether two fingerprints differ in the body (content, excerpt source) alone."""
    return old.rsplit(":", 1)[1] == new.rsplit(":", 1)[1]


def _excerpt_changed(old: str, new: str) -> bool:
    """Whether the excerpt's source text differs between two fingerprints."""
    return old.split(":")[1] != new.split(":")[1]


def _site_prints(site: Site) -> dict[str, str]:
    """Fingerprints of what documents do not own: config, data, static files, include folders."""
    statics = [
        (f.relpath, f.url, f.mtime, _stable(f.data)) for f in site.static_files
    ] + [
        (f.relpath, f.url, f.mtime, _stable(f.data))
        for c in site.collections.values() for f in c.files
    ]
    return {
        "config": _digest(_stable(site.config)),
        "structure": _digest((
            [str(p) for p in site.include_dirs], str(site.theme_dir), sorted(site.layouts),
            sorted(site.collections),
        )),
        "data": _digest(_stable(site.data)),
        "statics": _digest(statics),
    }


def _layout_prints(site: Site) -> dict[str, str]:
    return {
        layout.relpath: _digest((layout.content, layout.body_line, layout.engine, _stable(layout.data)))
        for layout in site.layouts.values()
    }


def _path_inputs(source: Path, paths: Iterable[Path]) -> set[str]:
    """The forms a changed file takes in dependency sets: source-relative and absolute."""
    inputs: set[str] = set()
    for path in paths:
        inputs.add(str(path))
        try:
            inputs.add(path.relative_to(source).as_posix())
        except ValueError:
            pass
    return inputs


def source_map_rel(rel: str, doc: Document) -> str:
    """Where a Sass page's map goes: ``<basename>.css.map`` in its CSS file's folder (Jekyll's
    SourceMapPage takes the page's dir and basename)."""
    folder = rel.rsplit("/", 1)[0] + "/" if "/" in rel else ""
    return f"{folder}{doc.basename_without_ext}.css.map"


def add_source_map(result: PassResult, rel: str, doc: Document, deps: set[str], fresh: bool) -> None:
    """Record a Sass page's map beside its CSS (Jekyll writes it as a page of its own)."""
    assert doc.source_map is not None
    map_rel = source_map_rel(rel, doc)
    if result.output.add_rendered(map_rel, doc.source_map, page=True):
        result.dependencies[map_rel] = deps
        if fresh:
            result.rendered.add(map_rel)


@dataclass
class Fingerprints:
    """Identities and fingerprints of one freshly read site, to compare with a snapshot."""

    keys: dict[int, str]            # id(doc) -> doc_key
    prints: dict[int, str]          # id(doc) -> body:meta fingerprint
    site_prints: dict[str, str]
    layouts: dict[str, str]
    # False while only the keys are taken (``take_fingerprints(site, prints=False)``).
    complete: bool = True


def take_fingerprints(site: Site, prints: bool = True) -> Fingerprints:
    """Fingerprint every renderable document, the site-wide values and the layouts.

    ``prints=False`` takes only the documents' keys, what rendering them needs: ``add_prints``
    adds the rest later, while the site is still as read (a parallel render does it while its
    workers render).
    """
    fp = Fingerprints({id(doc): doc_key(doc) for doc in site.renderables()}, {}, {}, {}, complete=False)
    if prints:
        add_prints(fp, site)
    return fp


def add_prints(fp: Fingerprints, site: Site) -> None:
    """Add what ``take_fingerprints(site, prints=False)`` left out (once; the site as read)."""
    if fp.complete:
        return
    neighbours = _neighbours(site)
    fp.prints.update(
        (id(doc), _fingerprint(doc, neighbours.get(id(doc), ("", "")))) for doc in site.renderables()
    )
    # (the site-wide values first, as take_fingerprints has them: a value set meanwhile follows)
    fp.site_prints = {**_site_prints(site), **fp.site_prints}
    fp.layouts.update(_layout_prints(site))
    fp.complete = True


def plan_changes(
    site: Site, old: Snapshot | None, changed: Iterable[Path] | None, fp: Fingerprints,
) -> Plan | None:
    """What changed since the snapshot, or None to render everything."""
    keys, prints, site_prints, layouts = fp.keys, fp.prints, fp.site_prints, fp.layouts
    if old is None or changed is None or len(set(keys.values())) != len(keys):
        return None  # (two documents sharing an identity would make carrying over ambiguous)
    if any(old.site_prints.get(k) != site_prints.get(k) for k in ("config", "structure", "plugins")):
        return None
    changed = list(changed)
    inputs = _path_inputs(site.source, changed)
    inputs |= {f"{path}#url" for path in inputs}   # what ``{% link %}`` to a changed file reads
    inputs |= {rel for rel, p in layouts.items() if old.layouts.get(rel) != p}
    if old.site_prints["data"] != site_prints["data"]:
        inputs.add("site.data")
    if old.site_prints["statics"] != site_prints["statics"]:
        inputs |= _STATIC_KEYS
    list_keys = _LIST_KEYS | {f"site.{label}" for label in site.collections}
    docs = {keys[id(d)]: d for d in site.renderables()}
    changed_docs = {
        key for key, doc in docs.items()
        if key not in old.docs or old.docs[key].fingerprint != prints[id(doc)]
    }
    # A document's own file is fully described by its fingerprint: a save that left it the
    # same (or a second event for one save) need not re-render its readers.
    same = {d.relpath for k, d in docs.items() if k not in changed_docs}
    same -= {docs[k].relpath for k in changed_docs}
    inputs -= same
    gone = set(old.docs) - set(docs)
    touched = changed_docs | gone
    body_only = {
        key for key in changed_docs
        if key in old.docs and _body_only_change(old.docs[key].fingerprint, prints[id(docs[key])])
    }
    for key in body_only:
        # Readers of its content or excerpt render again; lists of it and links to it do not.
        rel = docs[key].relpath
        inputs -= {rel, f"{rel}#url"}
        inputs |= {f"{rel}#content", f"{rel}#output"}
        if _excerpt_changed(old.docs[key].fingerprint, prints[id(docs[key])]):
            inputs.add(f"{rel}#excerpt")
    if touched - body_only:
        # A document changed at its source is seen changed by every reader, wherever it is.
        rels = {key.split("\x00", 1)[0] for key in touched - body_only}
        inputs |= rels | {f"{rel}#*" for rel in rels} | {f"{rel}#url" for rel in rels} | list_keys
    sass_changed = any(p.suffix.lower() in _SASS_EXTS for p in changed)
    return Plan(changed_docs, inputs, list_keys, sass_changed)


@dataclass
class PassResult:
    """The outcome of one render pass: outputs, per-document states, dependencies."""

    output: Output
    states: dict[str, DocState] = field(default_factory=dict)
    dependencies: dict[str, set[str]] = field(default_factory=dict)
    rendered: set[str] = field(default_factory=set)   # output paths rendered this time
    resumed: set[str] = field(default_factory=set)    # of those, rendered from a layout on
    spliced: set[str] = field(default_factory=set)    # of those, only their site.time text anew




def render_pass(
    site: Site, renderer: Renderer, fp: Fingerprints, snapshot: Snapshot | None,
    plan: Plan | None, on_output: Callable[[str, str], None] | None = None,
) -> PassResult:
    """Render in the full build's order, carrying over what need not be rendered again.

    ``on_output(rel, text)`` sees each output as it is made (images, timing).
    """
    run = _Pass(site, renderer, fp.keys, snapshot, plan)
    result = PassResult(Output())
    docs = list(site.renderables())
    # On a terminal, a render that runs for a while shows how far it is (the dev server's too).
    progress = renderer.log.progress_line("Rendered", len(docs))
    try:
        for doc in docs:
            written = site.writes(doc)
            rel = doc.output_rel() if written else None
            started = time.perf_counter()
            state, fresh = run.step(doc, written, fp.prints[id(doc)])
            resumed = fresh and bool(run.resumed)
            spliced = fresh and run.spliced
            result.states[fp.keys[id(doc)]] = state
            if rel is not None and fresh and renderer.profile is not None:
                renderer.profile.page(rel, time.perf_counter() - started)
            text = doc.output or ""
            if rel is not None and result.output.add_rendered(rel, text, page=doc.kind == "page"):
                result.dependencies[rel] = state.dependencies
                if fresh:
                    result.rendered.add(rel)
                if resumed:
                    result.resumed.add(rel)
                if spliced:
                    result.spliced.add(rel)
                if on_output is not None:
                    on_output(rel, text)
                if doc.source_map is not None:
                    add_source_map(result, rel, doc, state.dependencies, fresh)
            progress.advance()
    finally:
        progress.finish()   # an error then starts on a line of its own
    return result


class _Pass:
    """One forward pass over the documents: each is rendered again or carried over.

    A document sees the documents before it rendered and those after it as read, as in the full
    build, so a rendered result that differs only matters to documents later in the pass.
    """

    def __init__(
        self, site: Site, renderer: Renderer, keys: dict[int, str], snapshot: Snapshot | None,
        plan: Plan | None,
    ) -> None:
        self.renderer = renderer
        self.keys = keys
        self.old = snapshot.docs if snapshot is not None and plan is not None else None
        self.plan = plan
        self.docs = {keys[id(d)]: d for d in site.renderables()}
        self.old_excerpts = {
            k: v for state in (self.old or {}).values() for k, v in state.excerpts.items()
        }
        # Outputs that derived something from site.time: the same results now, or render again.
        self.time = TimeCheck(site.time, renderer.filters)
        self.resumed = False   # whether the last step rendered from a layout on
        self.spliced = False   # whether it only printed its site.time text anew

    def _excerpts_rendered(self, excerpts: list[Document]) -> dict[str, str | None]:
        """The excerpts a render rendered first (they are cached after), by document key."""
        first: dict[str, str | None] = {}
        for doc in excerpts:
            key = self._key(doc)
            first[key] = doc.excerpt
            # An excerpt that renders differently changes every page that lists it.
            if self.plan is not None and self.old_excerpts.get(key, doc.excerpt) != doc.excerpt:
                self._changed(doc, "excerpt")
        return first

    def _changed(self, doc: Document, *fields: str) -> None:
        """A rendered result differs from last time: its readers, later in the pass, render too.

        Only readers of those fields: a ``{% link %}`` to the document (its bare path) needs
        its URL, which its fingerprint covers.
        """
        assert self.plan is not None
        self.plan.inputs |= {f"{doc.relpath}#{name}" for name in fields}

    def _key(self, doc: Document) -> str:
        return self.keys.get(id(doc), doc.relpath)

    def _install_excerpts(self, state: DocState, skip: frozenset[str] | set[str] = frozenset()) -> None:
        """The excerpts a carried-over render rendered first, where later renders expect them."""
        for other_key, excerpt in state.excerpts.items():
            if other_key in skip:
                continue
            other = self.docs.get(other_key)
            if other is not None and other.excerpt is None:
                other.excerpt = excerpt

    def _must_render(self, key: str, doc: Document, counters: dict[str, int]) -> bool:
        """Whether an input other than ``site.time`` changed (or nothing is known)."""
        if self.old is None or self.plan is None:
            return True
        state = self.old.get(key)
        plan = self.plan
        return (
            state is None
            or key in plan.changed_docs
            or state.counters_in != counters
            or bool(state.dependencies & plan.inputs)
            or (plan.sass_changed and doc.ext.lower() in _SASS_EXTS)
            or (_lists_documents(doc) and bool(plan.inputs & plan.list_keys))
        )

    def _resume_at(self, state: DocState) -> int | None:
        """The first layout that derived from site.time something that differs now.

        Everything else the render read is as last time, so what came before that layout
        (the content, the inner layouts) would be made again as it was: the render can resume
        there with what that layout received. None: the content's own Liquid derived it, or
        Liquid counters moved (where is not known): render it all.
        """
        if not state.layers or state.counters_in != state.counters_out:
            return None
        failing = {
            key for key in state.dependencies
            if key.startswith(OBSERVATION) and not self.time.holds(key)
        }
        if not failing.issubset(o for layer in state.layers for o in layer[1]):
            return None   # (the content made it first)
        return next(i for i, layer in enumerate(state.layers) if failing.intersection(layer[1]))

    def step(self, doc: Document, written: bool, fingerprint: str) -> tuple[DocState, bool]:
        """Render or carry over one document; returns its new state and whether it was rendered."""
        key = self.keys[id(doc)]
        self.resumed = self.spliced = False
        counters = self.renderer.liquid.counters
        counters_in = plain_counters(counters)
        old = None if self._must_render(key, doc, counters_in) else self.old[key]  # type: ignore[index]
        start = None
        if old is not None:
            if self.time.unchanged(old.dependencies):
                # Install the last build's result where the full build would have rendered it.
                doc.content, doc.output, doc.rendered = old.content, old.output, True
                doc.source_map = old.source_map
                self._install_excerpts(old)
                counters.clear()
                counters.update(old.counters_out)
                return old, False
            state = self._splice(doc, old, fingerprint, counters_in)
            if state is not None:
                counters.clear()
                counters.update(old.counters_out)
                self._after(key, doc)
                return state, True
            start = self._resume_at(old)
        if old is not None and start is not None:
            # Excerpts the resumed layouts rendered first render there again (the time they
            # may derive something from is new).
            again = {k for layer in old.layers[start:] for k in layer[2]}
            self._install_excerpts(old, skip=again)
            self.resumed = True
            doc.source_map = old.source_map   # its content (the CSS) is not converted again
            rendered = self.renderer.resume(doc, old.content, start, old.layers[start][0])
            assert rendered.record is not None
            failing = {k for k in old.dependencies if k.startswith(OBSERVATION) and not self.time.holds(k)}
            deps = (old.dependencies - failing) | rendered.dependencies
            before = {k for k in old.dependencies if k.startswith(OBSERVATION)}
            before.difference_update(o for layer in old.layers[start:] for o in layer[1])
            tail = time_layers(rendered.record, self._key, before)
            state = DocState(
                fingerprint, doc.content, doc.output, deps, counters_in, plain_counters(counters),
                {**{k: v for k, v in old.excerpts.items() if k not in again},
                 **self._excerpts_rendered(rendered.excerpts)},
                old.layers[:start] + tail if tail else [], doc.source_map,
                # (an observation the layouts not rendered again made is not printed only)
                [p for p in rendered.prints if p[2] not in before],
            )
        else:
            rendered = _render_one(self.renderer, doc, written)
            assert rendered.record is not None
            state = DocState(
                fingerprint, doc.content, doc.output, set(rendered.dependencies), counters_in,
                plain_counters(counters), self._excerpts_rendered(rendered.excerpts),
                time_layers(rendered.record, self._key), doc.source_map, rendered.prints,
            )
        self._after(key, doc)
        return state, True

    def _after(self, key: str, doc: Document) -> None:
        """A document rendered again: if its result differs, its readers later in the pass render."""
        previous = self.old.get(key) if self.old is not None else None
        if self.plan is not None and (
            previous is None or (previous.content, previous.output) != (doc.content, doc.output)
        ):
            self._changed(doc, "content", "output")

    def _splice(self, doc: Document, old: DocState, fingerprint: str, counters_in: dict[str, int]) -> DocState | None:
        """``old`` with the site.time text it printed derived anew, when that is all that differs.

        Every observation that gives another result now was printed as it was derived, by the
        last template, and made nowhere else (``reblog.sitetime.final_prints``): the render would
        take the same path and differ only there. None: render (or resume) it.
        """
        if not old.prints or old.output is None:
            return None
        printed = {p[2] for p in old.prints}
        if not all(self.time.holds(k) or k in printed for k in old.dependencies if k.startswith(OBSERVATION)):
            return None
        spliced = self.time.splice(old.output, old.prints)
        if spliced is None:
            return None
        output, prints, renamed = spliced
        in_content = any(p[3] for p in old.prints)
        doc.content = output if in_content else old.content
        doc.output, doc.rendered, doc.source_map = output, True, old.source_map
        self._install_excerpts(old)
        self.spliced = True
        return DocState(
            fingerprint, doc.content, output, {renamed.get(k, k) for k in old.dependencies}, counters_in,
            dict(old.counters_out), dict(old.excerpts),
            [[received, [renamed.get(k, k) for k in first], excerpts] for received, first, excerpts in old.layers],
            old.source_map, prints,
        )


def _render_one(renderer: Renderer, doc: Document, written: bool) -> Rendered:
    """Render one document: its output, what it read, and the excerpts it rendered first."""
    # Jekyll renders every document, in its layouts, whether or not its collection is written:
    # `{{ doc.output }}` of a collection without `output: true` is the whole rendered page.
    del written
    return renderer.render(doc)


def _lists_documents(doc: Document) -> bool:
    """Generated pages (feeds, sitemaps, tag pages) and paginators list documents without site.*."""
    return doc.generated or "__paginator__" in doc.data


def time_record(site: Site, result: PassResult, keys: Mapping[int, str], clean: bool) -> dict[str, Any]:
    """What a build with nothing changed but an unpinned ``site.time`` needs to check (``times.data``).

    ``outputs``: every output that derived something from the time, with those observations and
    the prints it may re-derive in place; those are kept only when the file is the document's
    output as rendered and no output read its output (or its content, when the print is there
    too). ``outside``: what reading and generating derived from it. ``clean``: no plugin
    rewrites outputs on writing and no image pipeline rewrites pages, so a file is its output.
    ``zone``: the site's ``timezone``, which the date filters use.
    """
    made = {
        doc.output_rel(): (doc.relpath, result.states.get(keys.get(id(doc), "")))
        for doc in site.renderables() if site.writes(doc)
    }
    read = {dep for deps in result.dependencies.values() for dep in deps if dep.endswith(("#output", "#content"))}
    outputs: dict[str, list[Any]] = {}
    for rel, deps in result.dependencies.items():
        if TIME_INPUT not in deps:
            continue
        source, state = made.get(rel, ("", None))
        prints: list[list[Any]] = []
        if state is not None and state.output is not None and result.output.files.get(rel) == state.output:
            fields = ("#output", "#content") if any(p[3] for p in state.prints) else ("#output",)
            if not any(f"{source}{name}" in read for name in fields):
                prints = state.prints
        outputs[rel] = [sorted(k for k in deps if k.startswith(OBSERVATION)), prints]
    outside = sorted(site.time.outside) if isinstance(site.time, SiteTime) else []
    # (the zone the date filters printed in: a plugin's on_config may have changed it)
    return {"clean": clean, "outside": outside, "outputs": outputs, "zone": site.settings.timezone or ""}
