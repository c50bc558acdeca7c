"""Render one document: Liquid, then the converter (Markdown, Sass), then its layout chain.

The renderer receives narrow inputs (the site's views, engines, indexes) and returns the output
together with every input file it used, so a later build can tell what a change affects.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .config.defaults import JEKYLL_VERSION, deep_merge, jekyll_environment
from .errors import ReblogError, did_you_mean
from .log import Logger
from .model import Document, Layout, Site
from .profiling import Profile
from .sitetime import final_prints
from .templates.liquid import JekyllEnvironment, make_environment, render_liquid
from .templates.liquid.state import PrintLog, RenderState
from .templates.registry import TemplateRegistry
from .templates.views import ExcerptView, LayerMark, RenderingPageView, RenderRecord, SiteViews

# Jinja2 is imported when a layout is a Jinja2 one: a Liquid site never needs it.
if TYPE_CHECKING:
    import jinja2

    from .templates.jinja import RecordingEnvironment

_LIQUID_CONSTRUCT = re.compile(r"\{[{%]")
_LIQUID_BLOCK_TAG = re.compile(r"{%-?\s*(\w+)\s*.*?-?%}", re.S)
_LINK_REFERENCE = re.compile(r"^ {0,3}(?:(\[[^\]]+\])(:.+))$", re.M)
_BLOCK_TAGS = frozenset({
    "if", "unless", "case", "for", "tablerow", "capture", "comment", "raw", "highlight",
})


@dataclass
class Rendered:
    """A document's final output and the source files it was made from."""

    output: str
    dependencies: set[str] = field(default_factory=set)
    excerpts: list[Document] = field(default_factory=list)   # excerpts first rendered by it
    record: RenderRecord | None = None   # the whole render's record (``render``, ``resume``)
    # Where its last template printed site.time text a later build may re-derive in place
    # (``reblog.sitetime.final_prints``).
    prints: list[list[Any]] = field(default_factory=list)


@dataclass
class Converters:
    """Content converters by kind, chosen from the site config."""

    markdown: Callable[[str], str]
    sass: Callable[[str, str, str, int], str]   # text, syntax, file, first line
    sass_page: Callable[[str, str, str, int], tuple[str, str | None]]  # also the source map
    highlight_tag: Callable[[str, str, bool], str]


DocumentHook = Callable[[Document], None]


@dataclass
class RenderOptions:
    """What rendering needs beyond the site: decided by the pipeline, not looked up here."""

    link_baseurl: str = ""           # what ``link``/``post_url`` prefix (none in GitHub Pages mode)
    templates: TemplateRegistry = field(default_factory=TemplateRegistry)  # plugins' tags, filters
    pre_render: DocumentHook | None = None    # plugins' hooks around each document
    post_render: DocumentHook | None = None
    strict: bool = False             # --strict: an unknown layout or filter with a close match fails


class Renderer:
    """Renders the documents of one site; holds the engines so templates are parsed once."""

    def __init__(
        self, site: Site, views: SiteViews, converters: Converters, filters: Mapping[str, Any],
        log: Logger, options: RenderOptions | None = None,
    ) -> None:
        self.site = site
        self.views = views
        self.converters = converters
        self.filters = filters           # (what site.time observations are checked again with)
        self.log = log
        self.options = options = options or RenderOptions()
        self.liquid: JekyllEnvironment = make_environment(
            site.settings, filters, options.templates.apply_liquid
        )
        self.liquid.warn = log.warn
        self.liquid.strict_hints = options.strict
        self._jinja: RecordingEnvironment | None = None
        self._jinja_layouts: dict[str, jinja2.Template] = {}
        self.url_index, self.post_index, self.post_index_deprecated = _indexes(site)
        self.baseurl = options.link_baseurl
        self.jekyll = {"version": JEKYLL_VERSION, "environment": jekyll_environment()}
        self._excerpting: set[int] = set()
        # The ``page`` of each page being rendered: its hash as Jekyll takes it before the render.
        self._rendering_pages: dict[int, RenderingPageView] = {}
        # ``reblog build --profile``: template and page times (None: not measured).
        self.profile: Profile | None = None

    # -- state ---------------------------------------------------------------------------------
    def _state(self, doc: Document) -> RenderState:
        return RenderState(
            source=self.site.source,
            include_dirs=self.site.include_dirs,
            url_index=self.url_index,
            post_index=self.post_index,
            post_index_deprecated=self.post_index_deprecated,
            baseurl=self.baseurl,
            highlight_tag=self.converters.highlight_tag,
            doc_relpath=doc.relpath,
            doc_dir=doc.path.parent if doc.path else None,
            # Liquid's tags note what they read in the render in progress.
            dependencies=record.inputs if (record := self.views.recorder.current) else set(),
        )

    def _variables(self, doc: Document, page: Any = None) -> dict[str, Any]:
        variables: dict[str, Any] = {
            "site": self.views.site_view(),
            "page": page if page is not None else self._page_variable(doc),
            "paginator": doc.data.get("__paginator__"),
            "jekyll": self.jekyll,
        }
        if doc.is_markdown:
            # Jekyll's payload holds the converter's highlighter prefix and suffix (Markdown's is
            # "\n"), which {% highlight %} puts around its output: the block stands on its own
            # lines, so kramdown reads it as an HTML block even when the tag sits mid-paragraph.
            variables["highlighter_prefix"] = variables["highlighter_suffix"] = "\n"
        return variables

    def _page_variable(self, doc: Document) -> Any:
        if doc.kind == "page":
            view = self._rendering_pages.get(id(doc))
            if view is not None:
                return view
        return self.views.doc(doc)

    # -- the three steps ---------------------------------------------------------------------
    def render_content(self, doc: Document) -> set[str]:
        """Liquid then conversion; the document's ``content`` becomes the converted HTML."""
        text, dependencies = self.content_liquid(doc)
        doc.content = self.convert(doc, text)
        doc.rendered = True
        return dependencies

    def content_liquid(self, doc: Document) -> tuple[str, set[str]]:
        """The first half of ``render_content``: the content's Liquid, not yet converted."""
        if self.options.pre_render is not None:
            self.options.pre_render(doc)
        state = self._state(doc)
        state.record(doc.relpath)
        text = doc.content
        if doc.kind == "page":
            self._rendering_pages[id(doc)] = RenderingPageView(doc, self.views, text)
        # (a document whose content another render reads before its own converts within that
        # render: only the record's own document's templates are its last)
        record = self.views.recorder.current
        if record is not None and record.document is not doc:
            record = None
        if record is not None:
            record.final = None
        if self._uses_liquid(doc, text):
            variables = self._variables(doc)
            variables["layout"] = self._first_layout_data(doc)
            started = time.perf_counter()
            log = PrintLog(record.times) if record is not None else None
            text = render_liquid(self.liquid, text, doc.relpath, variables, state, doc.body_line, prints=log)
            if record is not None:
                record.final = (text, log)
            self._timed(doc.relpath, started, text)
        return text, state.dependencies

    def convert(self, doc: Document, text: str) -> str:
        """The second half of ``render_content``: Markdown or Sass (pure: any process may run it)."""
        return self._convert(doc, text)

    def render_excerpt(self, doc: Document) -> None:
        """Render a document's excerpt the way Jekyll does: Liquid and Markdown, no layout."""
        if doc.raw_excerpt is None or doc.excerpt is not None or id(doc) in self._excerpting:
            return  # (an excerpt that reads itself, e.g. through jsonify, sees its source text)
        text = doc.raw_excerpt
        self._excerpting.add(id(doc))
        # Its reads count for the render that shows it; site.related_posts is nil inside it.
        with self.views.recorder.render(None, excerpt=True) as record:
            try:
                if self._uses_liquid(doc, text):
                    variables = self._variables(doc, page=ExcerptView(doc, self.views))
                    text = render_liquid(
                        self.liquid, text, doc.relpath, variables, self._state(doc), doc.body_line
                    )
            finally:
                self._excerpting.discard(id(doc))
            doc.excerpt = self._convert(doc, text)
            record.excerpts.append(doc)

    def place_in_layouts(self, doc: Document) -> Rendered:
        """Wrap the converted content in its chain of layouts (then the plugins' post_render)."""
        try:
            return self._post_render(doc, self._layouts(doc))
        finally:
            self._rendering_pages.pop(id(doc), None)

    def _layouts(self, doc: Document, start: int = 0, content: str | None = None) -> Rendered:
        """The layout chain; from layout ``start`` on, given the ``content`` it received then."""
        output = doc.content if content is None else content
        deps: set[str] = {doc.relpath}
        name = doc.data.get("layout")
        if not self._wants_layout(doc):
            return Rendered(output, deps)
        layout_data: dict[str, Any] = {}
        used: set[str] = set()
        record = self.views.recorder.current
        while name:
            layout = self.site.layouts.get(str(name))
            if layout is None:
                self._missing_layout(doc, str(name))
                break
            if layout.name in used:
                break
            used.add(layout.name)
            deps.add(layout.relpath)
            layout_data = _merge_layout_data(layout.data, layout_data)
            if len(used) > start:
                if record is not None:
                    # Which layout first derives what from site.time (``Renderer.resume``).
                    record.layers.append(LayerMark(len(record.times), len(record.excerpts), output))
                output = self._render_layout(layout, doc, output, layout_data, deps)
            name = layout.data.get("layout")
        return Rendered(output, deps)

    def resume(self, doc: Document, content: str, start: int, received: str) -> Rendered:
        """Render a document again from layout ``start`` on, as ``render`` would have.

        For an output whose only changed input is something layout ``start`` or a later one
        derived from ``site.time`` (a feed's or page's date to the second in the outermost
        layout): ``content`` is the document's converted content and ``received`` what layout
        ``start`` received, both as the last build made them from the same inputs.
        """
        with self.views.recorder.render(doc) as record:
            if self.options.pre_render is not None:
                self.options.pre_render(doc)
            if doc.kind == "page":   # its layouts see its source text, as in ``content_liquid``
                self._rendering_pages[id(doc)] = RenderingPageView(doc, self.views, doc.content)
            doc.content, doc.rendered = content, True
            try:
                rendered = self._post_render(doc, self._layouts(doc, start, received))
            finally:
                self._rendering_pages.pop(id(doc), None)
        rendered.dependencies |= record.inputs
        rendered.excerpts = record.excerpts
        rendered.record = record
        rendered.prints = self.final_prints(record, rendered.output)
        doc.output = rendered.output
        return rendered

    def _missing_layout(self, doc: Document, name: str) -> None:
        """Jekyll's warning for an unknown layout, or with the closest layout's name; an error under --strict."""
        hint = did_you_mean(name, self.site.layouts)
        if not hint:
            self.log.warn(f"Layout '{name}' requested in {doc.relpath} does not exist.",
                          kind="layout", file=doc.relpath)
            return
        line = _front_matter_line(doc, "layout")
        if self.options.strict:
            raise ReblogError(f"layout {name!r} not found{hint}", doc.relpath, line)
        where = f"{doc.relpath}:{line}" if line else doc.relpath
        self.log.warn(f"{where}: layout {name!r} not found{hint}", kind="layout", file=doc.relpath, line=line)

    def _post_render(self, doc: Document, rendered: Rendered) -> Rendered:
        """The plugins' last word on a document's output."""
        if self.options.post_render is not None:
            doc.output = rendered.output
            self.options.post_render(doc)
            rendered.output = doc.output or ""
        return rendered

    def render(self, doc: Document) -> Rendered:
        """The whole pipeline for one document, with every input it read as it read it."""
        # Jekyll's --verbose names each document it renders (and so, in an incremental build,
        # shows which ones it carried over).
        self.log.debug(f"Rendering: {doc.relpath}")
        with self.views.recorder.render(doc) as record:
            self.render_content(doc)
            rendered = self.place_in_layouts(doc)
        rendered.dependencies |= record.inputs
        rendered.excerpts = record.excerpts
        rendered.record = record
        rendered.prints = self.final_prints(record, rendered.output)
        doc.output = rendered.output
        return rendered

    def final_prints(self, record: RenderRecord, output: str) -> list[list[Any]]:
        """The site.time prints of a render's last template, when that template's output is the
        document's output as it stands (no conversion or plugin hook after it)."""
        final = record.final
        if final is None or final[0] is not output or final[1] is None or self.options.post_render is not None:
            return []
        return final_prints(record.times, final[1].found, output, not record.layers)

    def render_recorded(self, step: Callable[[Document], Any], doc: Document) -> tuple[Any, RenderRecord]:
        """Run one step (``render_content``, ``place_in_layouts``...) as a recorded render."""
        with self.views.recorder.render(doc) as record:
            return step(doc), record

    @property
    def jinja(self) -> RecordingEnvironment:
        """The Jinja2 environment, made when a Jinja2 layout first renders."""
        if self._jinja is None:
            from .templates.jinja import make_jinja_environment

            self._jinja = make_jinja_environment(self.site.include_dirs, self.filters)
            self.options.templates.apply_jinja(self._jinja)
        return self._jinja

    def _jinja_layout(self, layout: Layout) -> jinja2.Template:
        """A Jinja2 layout compiled once."""
        cached = self._jinja_layouts.get(layout.name)
        if cached is None:
            import jinja2

            try:
                cached = self.jinja.from_string(layout.content)
            except jinja2.TemplateSyntaxError as err:
                raise _jinja_template_error(err, layout) from err
            self._jinja_layouts[layout.name] = cached
        return cached

    # -- helpers -----------------------------------------------------------------------------
    def _uses_liquid(self, doc: Document, text: str) -> bool:
        if doc.data.get("render_with_liquid") is False:
            return False
        # Jekyll's Document#render_with_liquid? skips YAML and CoffeeScript files of collections;
        # a page's (Convertible#render_with_liquid?) has no such exception: admin/config.yml with
        # front matter is rendered with Liquid.
        if doc.kind == "document" and doc.ext in (".yml", ".yaml", ".coffee"):
            return False
        return bool(_LIQUID_CONSTRUCT.search(text))

    def _wants_layout(self, doc: Document) -> bool:
        name = doc.data.get("layout")
        if not name or name == "none":
            return False
        if doc.kind == "document" and doc.ext in (".yml", ".yaml"):
            return False  # Document#place_in_layout?: not a YAML file of a collection
        return doc.output_ext not in (".css",) and doc.ext.lower() not in (".scss", ".sass", ".coffee")

    def _first_layout_data(self, doc: Document) -> dict[str, Any] | None:
        layout = self.site.layouts.get(str(doc.data.get("layout") or ""))
        return dict(layout.data) if layout else None

    def _convert(self, doc: Document, text: str) -> str:
        ext = doc.ext.lower()
        if doc.is_markdown:
            try:
                return self.converters.markdown(text)
            except ReblogError as err:
                # Markdown kramdown stops on (Jekyll's "Conversion error"): the user gets the file,
                # and the line the converter named, counted in the file (the text is the body after
                # Liquid: exact unless Liquid above that line changed the number of lines).
                if err.file is None and err.line is not None:
                    raise ReblogError(err.message, doc.relpath, err.line + doc.body_line - 1) from None
                raise err.at(doc.relpath) from None
            except RecursionError as err:
                # Hundreds of nested HTML elements or blocks exhaust Python's stack in the
                # recursive parsers; the user gets the file, not a traceback.
                raise ReblogError(
                    "Markdown nests too deeply to convert (hundreds of nested elements?)",
                    doc.relpath,
                ) from err
        if ext in (".scss", ".sass") and doc.kind == "page":
            # jekyll-sass-converter makes a source map for pages only (its hook is on pages).
            css, doc.source_map = self.converters.sass_page(text, ext[1:], doc.relpath, doc.body_line)
            return css
        if ext in (".scss", ".sass"):
            return self.converters.sass(text, ext[1:], doc.relpath, doc.body_line)
        return text

    def _render_layout(
        self, layout: Layout, doc: Document, content: str, layout_data: dict[str, Any],
        deps: set[str],
    ) -> str:
        variables = self._variables(doc)
        variables["content"] = content
        variables["layout"] = layout_data
        record = self.views.recorder.current
        if record is not None and record.document is not doc:
            record = None
        if record is not None:
            record.final = None
        if layout.engine == "jinja":
            template = self._jinja_layout(layout)
            # Every file the render loads (computed include names too) is an input.
            with self.jinja.recording(deps):
                return _render_jinja_template(template, variables, layout)
        state = self._state(doc)
        started = time.perf_counter()
        log = PrintLog(record.times) if record is not None else None
        output = render_liquid(
            self.liquid, layout.content, layout.relpath, variables, state, layout.body_line,
            layout=True, prints=log,
        )
        if record is not None:
            record.final = (output, log)
        self._timed(layout.relpath, started, output)
        deps |= state.dependencies
        return output

    def _timed(self, name: str, started: float, output: str) -> None:
        if self.profile is not None:
            self.profile.template(name, time.perf_counter() - started, len(output))


def _jinja_template_error(err: jinja2.TemplateSyntaxError, layout: Layout) -> ReblogError:
    if err.filename:  # the error is in an include the layout loads
        return ReblogError(f"Jinja2 syntax error: {err.message}", err.filename, err.lineno)
    return ReblogError(
        f"Jinja2 syntax error: {err.message}", layout.relpath,
        (err.lineno or 1) + layout.body_line - 1,
    )


def _render_jinja_template(
    template: jinja2.Template, variables: Mapping[str, Any], layout: Layout
) -> str:
    import jinja2

    try:
        return template.render(**variables)
    except ReblogError:
        raise
    except jinja2.TemplateSyntaxError as err:  # in an include, loaded as the layout renders
        raise _jinja_template_error(err, layout) from err
    except jinja2.TemplateError as err:
        raise ReblogError(f"Jinja2 error: {err}", layout.relpath) from err
    except Exception as err:  # a filter or attribute failed inside the template
        line = _jinja_line(err)
        raise ReblogError(
            f"Jinja2 error: {type(err).__name__}: {err}", layout.relpath,
            line + layout.body_line - 1 if line else None,
        ) from err


def _jinja_line(err: BaseException) -> int | None:
    tb = err.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _front_matter_line(doc: Document, key: str) -> int | None:
    """The line of ``key:`` in the document's source, for messages (None when it cannot be read)."""
    try:
        lines = doc.path.read_text(encoding="utf-8", errors="replace").splitlines()
    except (OSError, AttributeError, TypeError):
        return None
    found = next((i for i, text in enumerate(lines, 1) if re.match(rf"{re.escape(key)}\s*:", text)), None)
    return found


def _merge_layout_data(outer: Mapping[str, Any], inner: Mapping[str, Any]) -> dict[str, Any]:
    """Jekyll merges each outer layout's front matter under what inner layouts set."""
    return deep_merge(outer, inner)


def _indexes(site: Site) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """URLs by source path (for ``link``), source paths by post name (for ``post_url``), and by the
    names only Jekyll's deprecated matching finds (a post in ``dir/_posts`` named without ``dir/``)."""
    urls: dict[str, str] = {}
    posts: dict[str, str] = {}
    deprecated: dict[str, str] = {}
    for doc in site.pages + site.documents():
        if not doc.generated:
            urls[doc.relpath] = doc.url
    for coll in site.collections.values():
        for item in coll.files:
            urls[item.relpath] = item.url
    for item in site.static_files:
        urls[item.relpath] = item.url
    for doc in site.posts:
        rel = doc.relpath
        stem = rel[: len(rel) - len(doc.ext)] if doc.ext else rel
        if "/_posts/" in "/" + stem:
            before, after = ("/" + stem).split("/_posts/", 1)
            key = (before.strip("/") + "/" + after) if before.strip("/") else after
            posts.setdefault(key, rel)
            deprecated.setdefault(after, rel)
    return urls, posts, deprecated


def extract_excerpt(content: str, separator: str) -> str:
    """The excerpt source: text before the separator, closing cut-off Liquid blocks (Jekyll)."""
    head, sep, tail = content.partition(separator)
    if not sep or not tail:
        return head
    if "{%" in head:
        for tag in reversed(_LIQUID_BLOCK_TAG.findall(head)):
            if tag in _BLOCK_TAGS and not re.search(r"{%-?\s*end" + tag + r".*?\s*-?%}", head, re.S):
                head += "\n{% end" + tag + " %}"
    # (a definition holds "]:": the pattern, tried at every line of the tail, is skipped without)
    definitions = [
        "".join(m) for m in _LINK_REFERENCE.findall(tail) if m[0] in head
    ] if "]:" in tail else []
    if definitions:
        head += "\n\n" + "\n".join(definitions)
    return head


