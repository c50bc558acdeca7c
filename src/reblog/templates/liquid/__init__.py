"""Jekyll's dialect of Liquid on python-liquid: the environment, its tags and its filters."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import partial
from io import StringIO
from types import MappingProxyType
from typing import Any, TextIO

from . import deferred  # noqa: F401 - first: python-liquid imports what it defers

import liquid
from liquid import Environment, Mode
from liquid.exceptions import (
    ContextDepthError, FilterArgumentError, LiquidError, LiquidInterrupt, LiquidSyntaxError,
    LiquidTypeError, OutputStreamLimitError, StopRender, UnknownFilterError,
)
from liquid.ast import BlockNode, Node
from liquid.builtin.content import ContentNode
from liquid.builtin.expressions import BooleanExpression, Filter, Path
from liquid.builtin.expressions.logical import EqExpression, NeExpression, is_truthy
from liquid.builtin.expressions.logical import _eq as liquid_equal
from liquid.expression import Expression
from liquid.output import LimitedStringIO
from liquid.parser import get_parser
from liquid.template import BoundTemplate
from liquid.undefined import UNDEFINED
from liquid.utils import ReadOnlyChainMap
from liquid.lex import get_lexer
from liquid.token import (
    TOKEN_COMMENT, TOKEN_CONTENT, TOKEN_DOC, TOKEN_EOF, TOKEN_EXPRESSION, TOKEN_OUTPUT, TOKEN_TAG, Token,
)

from ...config.model import Settings
from ...errors import ReblogError, did_you_mean

from .errors import liquid_error
from .exp_filters import register_exp_filters
from .keywords import keyword_expression
from .state import STATE_KEY, PrintLog, RenderState
from .stream import HeadStream
from .tags import register as register_tags

# Limits no real site reaches, so that a runaway template stops with its file and line instead
# of running for hours or filling memory (Jekyll has none; ``liquid:`` in _config.yml can raise
# them). Loop iterations count as python-liquid counts them: the product of the lengths of the
# loops nested around (and including) a loop, checked when it starts.
MAX_LOOP_ITERATIONS = 10_000_000
MAX_OUTPUT_BYTES = 256 * 1024 * 1024  # per template render: one page's content or one layout
# Ruby Liquid stops at 100 scopes (Liquid::Block::MAX_DEPTH, "Nesting too deep"); python-liquid
# pushes two scopes per include where Ruby pushes one, so its own check is set above twice that
# and the include tag applies Ruby's depth itself (tags/include.py).
CONTEXT_DEPTH_LIMIT = 2 * 100 + 10

# The last segment of python-liquid's "page.nosuch is undefined" hint: what Ruby Liquid names.
_LAST_SEGMENT = re.compile(r"""(?:^|\.)([^.\[\]'"]+)$|\[(['"])(.*?)\2\]$|\[([^\]]*)\]$""")


class RubyStrictUndefined(liquid.StrictUndefined):
    """``strict_variables: true``: using an undefined variable fails with Ruby Liquid's message.

    Ruby says ``undefined variable nosuch`` for ``{{ nosuch }}`` and for ``{{ page.nosuch }}``
    alike: the name of the key that was missing.
    """

    __slots__ = ()

    def __init__(
        self, name: str, *, token: Any = None, obj: object = liquid.undefined.UNDEFINED,
        hint: str | None = None,
    ) -> None:
        super().__init__(name, token=token, obj=obj, hint=hint)
        path = (hint or name).removesuffix(" is undefined").strip("'")
        match = _LAST_SEGMENT.search(path)
        key = next((g for g in (match.group(1), match.group(3), match.group(4)) if g), path) \
            if match else path
        self.msg = f"undefined variable {key}"


class _OutputBuffer(LimitedStringIO):
    """python-liquid's size-limited buffer, keeping ``\r\n`` as written (its own translates it).

    Sizes are counted in UTF-8 bytes as python-liquid counts them, without encoding text that
    is ASCII (CPython knows that at no cost), which is nearly all of a page's writes. Other text
    is measured as it is written: encoding it is also what stops a render at a lone surrogate
    (from a JSON or YAML escape, say), as python-liquid's own buffer does (measuring it later
    saved ~0.5% of the Liquid part of a build, and let such text through).
    """

    # The top-level buffer of a render that notes its site.time prints (``PrintLog``); captures
    # and other inner buffers have none: what is written there is not the output as it stands.
    prints: PrintLog | None = None

    def __init__(self, limit: int) -> None:
        # (LimitedStringIO's own __init__ does no more than this; a page makes one buffer per
        # capture, thousands in a build)
        StringIO.__init__(self, None, "\n")
        self.limit = limit
        self.size = 0

    def write(self, text: str, /) -> int:
        """Append ``text``; past the limit, stop the render."""
        size = self.size = self.size + (len(text) if text.isascii() else len(text.encode("utf-8")))
        if size > self.limit:
            raise OutputStreamLimitError("output stream limit reached", token=None)
        return _write(self, text)


_write = StringIO.write


class _Scope(ReadOnlyChainMap):
    """python-liquid's chain of namespaces, looking a name up without raising KeyError in each
    namespace that lacks it (a name inside a loop in an include misses four or five)."""

    def find(self, key: str) -> object:
        """The value of ``key`` in the first namespace that has it; ``_MISSING`` if none has."""
        for mapping in self._maps:
            if type(mapping) is dict:
                if key in mapping:   # (an operator, not a method call, for each namespace)
                    return mapping[key]
                continue
            try:
                return mapping[key]
            except KeyError:
                pass
        return _MISSING

    def __getitem__(self, key: str) -> object:
        value = self.find(key)
        if value is _MISSING:
            raise KeyError(key)
        return value


class _PlainPath(Path):
    """A variable with no variable inside it (``page.title``, not ``site.data[page.lang]``):
    its segments go to the context as they are, without python-liquid's pass over them for
    nested variables (a page reads tens of thousands of variables)."""

    __slots__ = ()

    def evaluate(self, context: liquid.RenderContext) -> object:
        """The variable's value."""
        return _resolve(context, self.path, self.token)  # type: ignore[arg-type]


def _resolve(
    context: liquid.RenderContext, path: list[object], token: Token | None, default: object = UNDEFINED,
) -> object:
    """``path`` resolved in the current scope: python-liquid's ``RenderContext.get``, with the
    common case (names and plain keys that are all there) done without its per-segment checks
    (a page reads tens of thousands of variables)."""
    root = path[0]
    scope = context.scope
    if type(root) is str and type(scope) is _Scope:
        obj: Any = _MISSING
        for mapping in scope._maps:   # (_Scope.find, written out: a call less per variable)
            if type(mapping) is dict:
                if root in mapping:
                    obj = mapping[root]
                    break
                continue
            try:
                obj = mapping[root]
                break
            except KeyError:
                pass
        if obj is not _MISSING:
            if len(path) == 1:
                return obj   # (a name alone, nearly half of them: no list of further segments made)
            try:
                for segment in path[1:]:
                    if type(segment) is not str or segment in _SPECIAL_SEGMENTS:
                        obj = context.get_item(obj, segment)
                    else:
                        obj = obj[segment]   # (all that get_item does with such a segment)
            except (KeyError, TypeError, IndexError):
                pass
            else:
                return obj
        if default is not UNDEFINED:
            return default
        if context.env.undefined is liquid.Undefined:
            # (python-liquid also writes a hint saying what was missing, which a plain
            # Undefined never shows: a layout asks for thousands of absent fields)
            return liquid.Undefined(root, token=token)
        # (strict variables: python-liquid says what; reading again has no effect)
    return liquid.RenderContext.get(context, path, token=token, default=default)


class _Text(ContentNode):
    """Template text, written without python-liquid's check for a disabled tag (text is none)."""

    __slots__ = ()

    def render(self, context: liquid.RenderContext, buffer: TextIO) -> int:
        """Write the text."""
        return buffer.write(self.text)


class _Block(BlockNode):
    """A block's statements rendered in a loop rather than by ``sum`` over a generator."""

    __slots__ = ()

    def render(self, context: liquid.RenderContext, buffer: TextIO) -> int:
        """Render the statements (a blank block as python-liquid renders it).

        Text is written here, and with no disabled tags a statement whose ``render`` is
        python-liquid's (which checks for them, then calls ``render_to_output``) is rendered
        by its ``render_to_output``: a call less for each of a page's thousands of statements.
        """
        disabled = context.disabled_tags
        if disabled:
            self.raise_for_disabled(disabled)
        if self.blank and context.env.suppress_blank_control_flow_blocks:
            return int(self.render_to_output(context, buffer))
        written = 0
        write = buffer.write
        node: Any
        for node in self.nodes:
            kind = type(node)
            if kind is _Text:
                written += write(node.text)
            elif kind.render is _NODE_RENDER and not disabled:
                written += node.render_to_output(context, buffer)
            else:
                written += node.render(context, buffer)
        return written


_NODE_RENDER = Node.render


class _Filter(Filter):
    """A filter in an expression, calling a plain filter function (one that takes neither the
    context nor the environment) without python-liquid's look-up of how to call it each time,
    and with no argument list to build when it has none."""

    __slots__ = ()

    def evaluate(self, left: object, context: liquid.RenderContext) -> object:
        """The filter applied to ``left`` (an unknown or context-bound filter as python-liquid applies it)."""
        name = self.name
        func: Callable[..., object] | None = context.env.filters.get(name)
        # (asked at each call: remembering which filters are plain, by name, cost more than this)
        if func is None or getattr(func, "with_context", False) or getattr(func, "with_environment", False):
            return super().evaluate(left, context)
        positional: Sequence[object] = _NO_ARGUMENTS
        keywords: Mapping[str, object] = _NO_KEYWORDS
        if self.args:
            positional, keywords = self.evaluate_args(context)
        try:
            return func(left, *positional, **keywords)
        except TypeError as err:
            raise LiquidTypeError(f"{name}: {err}", token=self.token) from err
        except (LiquidTypeError, FilterArgumentError) as err:
            err.token = self.token
            raise err


class _Condition(BooleanExpression):
    """An ``if``/``unless`` condition whose value, when of a plain type, is tested without
    python-liquid's checks for drops and undefined values (a page tests thousands)."""

    __slots__ = ()

    def evaluate(self, context: liquid.RenderContext) -> bool:
        """Whether the condition holds (Liquid: all but false and nil)."""
        value = self.expression.evaluate(context)
        if type(value) in _PLAIN_VALUES:
            return value is not False and value is not None
        return is_truthy(value)


class _Equal(EqExpression):
    """``a == b`` comparing two strings as they are, without python-liquid's checks for
    undefined values, drops, ``blank``/``empty`` and booleans (none of which is a ``str``)."""

    __slots__ = ()

    def evaluate(self, context: liquid.RenderContext) -> object:
        """Whether the sides are equal, as Liquid compares them."""
        left = self.left.evaluate(context)
        right = self.right.evaluate(context)
        if type(left) is str and type(right) is str:
            return left == right
        return liquid_equal(left, right)


class _NotEqual(NeExpression):
    """``a != b``, as ``_Equal``."""

    __slots__ = ()

    def evaluate(self, context: liquid.RenderContext) -> object:
        """Whether the sides differ, as Liquid compares them."""
        left = self.left.evaluate(context)
        right = self.right.evaluate(context)
        if type(left) is str and type(right) is str:
            return left != right
        return not liquid_equal(left, right)


_QUICKER_COMPARISONS: dict[type, type] = {EqExpression: _Equal, NeExpression: _NotEqual}


# Types whose values have no ``__liquid__`` and are never undefined.
_PLAIN_VALUES = frozenset({str, int, float, bool, type(None), list, dict})
_NO_ARGUMENTS: tuple[object, ...] = ()
_NO_KEYWORDS: Mapping[str, object] = MappingProxyType({})


def quickened(nodes: list[Any]) -> list[Any]:
    """The parsed template with python-liquid's objects given quicker classes: each variable
    that holds no other becomes a ``_PlainPath``, text a ``_Text``, a block a ``_Block``, a
    filter a ``_Filter``, a condition a ``_Condition``, ``==``/``!=`` an ``_Equal``/``_NotEqual``
    (the same objects with quicker rendering: the subclasses add no fields).

    The tree is walked through python-liquid's own ``children``/``expressions`` (what its
    static analysis uses); a node that cannot list them keeps what it holds as it is.
    """
    pending: list[Any] = list(nodes)
    expressions: list[Any] = []
    while pending:
        node = pending.pop()
        kind = type(node)
        if kind is ContentNode:
            node.__class__ = _Text
            continue   # (text holds neither: a third of a page's nodes)
        if kind is BlockNode:
            node.__class__ = _Block
        try:
            expressions.extend(node.expressions())
            pending.extend(node.children(None, include_partials=False))
        except Exception:  # noqa: BLE001 - an optimisation only: such a node is left alone
            continue
    while expressions:
        expression = expressions.pop()
        for step in getattr(expression, "filters", None) or ():
            if type(step) is Filter:
                step.__class__ = _Filter
        kind = type(expression)
        if kind is BooleanExpression:
            expression.__class__ = _Condition
        elif kind in _QUICKER_COMPARISONS:
            expression.__class__ = _QUICKER_COMPARISONS[kind]
        elif kind is Path:
            for segment in expression.path:
                if isinstance(segment, Path):
                    break
            else:
                expression.__class__ = _PlainPath
                continue
        if isinstance(expression, Expression):
            expressions.extend(expression.children())
    return nodes


_MISSING = object()
# Path segments python-liquid's ``get_item`` gives a meaning of its own.
_SPECIAL_SEGMENTS = frozenset({"size", "first", "last"})


class _RenderContext(liquid.RenderContext):
    """A render context whose capture buffers keep line endings and the output limit."""

    first_line = 1   # the file line of the template's first line, for messages

    def __init__(self, template: Any, **kwargs: Any) -> None:
        super().__init__(template, **kwargs)
        self.scope = _Scope(*self.scope._maps)

    def assign(self, key: str, val: Any) -> None:
        """Set a local variable under a plain ``str`` name: python-liquid names it with its
        ``Identifier`` (a ``str`` subclass comparing in Python), which every lookup of the
        variable would then call."""
        super().assign(str(key), val)

    def get(self, path: list[object], *, token: Token | None, default: object = UNDEFINED) -> object:
        """``path`` resolved in the current scope (``_resolve``)."""
        return _resolve(self, path, token, default)

    def extend(self, namespace: Mapping[str, object], template: Any = None) -> _Extension:  # type: ignore[override]
        """python-liquid's ``extend``: ``namespace`` in front of the scope (and ``template`` the
        current template) until the ``with`` block ends; past the depth limit, an error."""
        if len(self.scope._maps) > self.env.context_depth_limit:
            raise ContextDepthError("maximum context depth reached, possible recursive include", token=None)
        previous = self.template
        if template:
            self.template = template
        self.scope._maps.appendleft(namespace)
        return _Extension(self, template, previous, False)

    def loop(self, namespace: Mapping[str, object], forloop: Any) -> _Extension:  # type: ignore[override]
        """python-liquid's ``loop``: ``extend`` with ``forloop`` on the loop stack meanwhile."""
        self.raise_for_loop_limit(forloop.length)
        self.loops.append(forloop)
        extension = self.extend(namespace)
        extension.loop = True
        return extension

    def filter(self, name: str, token: Token | None) -> Callable[..., object]:  # noqa: A003 - liquid's name
        """A filter by name; an unknown one (ignored, as Jekyll does) warns with the closest name."""
        env = self.env
        if name not in env.filters and not env.strict_filters and isinstance(env, JekyllEnvironment):
            env.unknown_filter(UnknownFilterError(f"unknown filter '{name}'", token=token),
                               name, self.template.name, self.first_line)
        return super().filter(name, token)

    def get_buffer(self, buf: TextIO | None = None) -> StringIO:
        """A buffer for captured output, limited by what the enclosing output has used."""
        limit = self.env.output_stream_limit or MAX_OUTPUT_BYTES
        carry = buf.size if isinstance(buf, LimitedStringIO) else 0
        return _OutputBuffer(limit - carry)


class _Extension:
    """What ``_RenderContext.extend`` and ``loop`` return: a context manager that undoes them.

    (python-liquid's are generator-based context managers, several thousand instructions each
    time a page enters an include, a loop or a template; this one undoes the same steps.)
    """

    __slots__ = ("context", "template", "previous", "loop")

    def __init__(self, context: _RenderContext, template: Any, previous: Any, loop: bool) -> None:
        self.context = context
        self.template = template
        self.previous = previous
        self.loop = loop

    def __enter__(self) -> _RenderContext:
        return self.context

    def __exit__(self, *_: object) -> None:
        context = self.context
        if self.loop:
            context.loops.pop()
        if self.template:
            context.template = self.previous
        context.scope._maps.popleft()


class _Template(BoundTemplate):
    """python-liquid's template, its top-level statements rendered as ``_Block`` renders a
    block's (text written here, a statement whose ``render`` is python-liquid's rendered by its
    ``render_to_output``): a call less for each of a layout's hundreds of statements."""

    def make_partial_namespace(self, partial: bool, render_args: Mapping[str, object]) -> Mapping[str, object]:
        """The template's own variables: the render's arguments alone. (python-liquid adds a
        ``partial`` variable, which Ruby Liquid has not: ``{{ partial }}`` printed ``false``,
        and hid a variable assigned that name.)"""
        return render_args

    def render_with_context(
        self, context: liquid.RenderContext, buffer: TextIO, *args: Any, partial: bool = False,
        block_scope: bool = False, **kwargs: Any,
    ) -> None:
        """python-liquid's ``render_with_context``, statement for statement."""
        namespace = self.make_partial_namespace(partial, dict(*args, **kwargs))
        with context.extend(namespace=namespace):
            disabled = context.disabled_tags
            node: Any
            for node in self.nodes:
                try:
                    kind = type(node)
                    if kind is _Text:
                        buffer.write(node.text)
                    elif kind.render is _NODE_RENDER and not disabled:
                        node.render_to_output(context, buffer)
                    else:
                        node.render(context, buffer)
                except LiquidInterrupt as err:
                    # (an include's break/continue belongs to a loop around the include)
                    if not partial or block_scope:
                        self.env.error(LiquidSyntaxError(f"unexpected '{err}'", token=node.token))
                    else:
                        raise
                except StopRender:
                    break
                except LiquidError as err:
                    self.env.error(err, token=node.token)


class JekyllEnvironment(Environment):
    """python-liquid set up the way Jekyll configures Ruby Liquid (``liquid:`` in the config).

    ``error_mode``: with ``lax``, markup Ruby's strict parser rejects is read the way Ruby's
    lax parser reads it (``{{ page.title foo }}`` prints the title, ``{{ x | upcase | }}``
    drops the empty filter, ``{{ }}`` prints nothing, ``{% if {{x}} %}`` tests ``x``).
    Jekyll's default, ``warn``, renders the same lax output and warns (one line naming the
    file and line); ``strict: true`` in the config (``--strict``) turns that warning into an
    error. ``strict`` fails, as in Jekyll.
    """

    # Ruby Liquid allows these; python-liquid keeps them behind switches.
    shorthand_indexes = True
    string_first_and_last = False
    template_class = _Template

    def setup_tags_and_filters(self, *, extra: bool = False) -> None:
        """python-liquid's standard tags and filters, then reblog's tags (``tags.register``)."""
        super().setup_tags_and_filters(extra=extra)
        register_tags(self)

    def __init__(
        self, *, strict_variables: bool = False, strict_filters: bool = False,
        error_mode: str = "warn", max_loop_iterations: int = MAX_LOOP_ITERATIONS,
        max_output_bytes: int = MAX_OUTPUT_BYTES,
    ) -> None:
        super().__init__(
            tolerance=Mode.STRICT,
            strict_filters=strict_filters,
            undefined=RubyStrictUndefined if strict_variables else liquid.Undefined,
        )
        self.reblog_includes: dict[str, Any] = {}
        # Where each include name was found in this build (finding one resolves paths).
        self.reblog_include_paths: dict[tuple[Any, ...], Any] = {}
        # --strict: a likely misspelt filter fails instead of warning; warned (template, filter)s.
        self.strict_hints = False
        self._filters_warned: set[tuple[str, str]] = set()
        self.counters: dict[str, int] = {}
        self.error_mode = error_mode if error_mode in ("warn", "strict", "lax") else "warn"
        # Where ``warn`` mode reports a lax reading (the build's logger); None: stay silent.
        self.warn: Callable[[str], None] | None = None
        self._parsing = ""
        # The file line of the template's first line (a document's body starts after its
        # front matter); set for one ``from_string`` call by ``render_liquid``.
        self.next_first_line = 1
        self._first_line = 1
        # Layouts parsed in this build, by name, first line and text: a layout renders once per
        # page, and Jekyll parses each once too. Lax readings are parsed again (they warn).
        self._layouts: dict[tuple[str, int, str], list[Any]] = {}
        # Other templates parsed once so far, by name, first line and the text's hash: one that
        # renders again (each page of a paginated listing, an include's computed name) is kept
        # from then on, as layouts are; the rest (a post's text) are not kept alive.
        self._parsed_once: set[tuple[str, int, int]] = set()
        self._tokenizer: tuple[tuple[str, ...], Callable[[str], Iterator[Token]]] | None = None
        self._lax_parses = 0
        # python-liquid reads its limits from these (class-level defaults: no limits).
        self.loop_iteration_limit = max_loop_iterations  # type: ignore[misc]
        self.output_stream_limit = max_output_bytes  # type: ignore[misc]
        self.context_depth_limit = CONTEXT_DEPTH_LIMIT  # type: ignore[misc]

    def from_string(
        self, source: str, name: str = "", path: Any = None, globals: Any = None,  # noqa: A002
        matter: Any = None,
    ) -> Any:
        """Parse a template, remembering its name for the warnings of a lax reading."""
        self._parsing = str(path or name or "")
        self._first_line, self.next_first_line = self.next_first_line, 1
        return super().from_string(source, name=name, path=path, globals=globals, matter=matter)

    def reusable_template(
        self, source: str, name: str, globals: Mapping[str, Any] | None,  # noqa: A002
        *, again: bool = True,
    ) -> Any:
        """``from_string`` for a text that may render more than once in this build, bound to
        each render's variables: a layout (``again``: parsed on its first render and kept),
        or a page's text or the ``{{ }}`` markup of a tag such as ``{% include {{ x }} %}``
        (``again=False``: such a text may well render only once, so its parse is kept only
        once it renders a second time)."""
        key = (name, self.next_first_line, source)
        nodes = self._layouts.get(key)
        if nodes is None:
            if not again:
                mark = (name, key[1], hash(source))
                if mark not in self._parsed_once:
                    self._parsed_once.add(mark)
                    return self.from_string(source, name=name, globals=globals)
            lax = self._lax_parses
            template = self.from_string(source, name=name, globals=globals)
            if self._lax_parses == lax:
                self._layouts[key] = template.nodes
            return template
        self._parsing, self._first_line, self.next_first_line = name, key[1], 1
        return self.template_class(self, nodes, name=name, globals=self.make_globals(globals))

    def tokenizer(self) -> Callable[[str], Iterator[Token]]:
        """python-liquid's lexer with text running to the very end of the template, and block
        end tags read as Ruby reads them (their markup ignored); made again only when the set
        of tags has changed."""
        names = tuple(self.tags)
        if self._tokenizer is None or self._tokenizer[0] != names:
            self._tokenizer = (names, self._ruby_tokenizer())
        return self._tokenizer[1]

    def _ruby_tokenizer(self) -> Callable[[str], Iterator[Token]]:
        """The lexer ``tokenizer`` returns.

        Its text rule ends at ``$``, which in Python also matches before a final newline, so
        text after a ``-%}`` is cut in two there and the lone ``\n`` is stripped as well:
        ``{%- endif -%}\n</head>\n`` lost the newline Ruby Liquid keeps (``\\Z`` does not).
        """
        lexer = super().tokenizer()
        if isinstance(lexer, partial):
            rules = lexer.keywords.get("rules")
            if isinstance(rules, re.Pattern) and "|$)" in rules.pattern:
                pattern = rules.pattern.replace("|$)", r"|\Z)")
                # Ruby's Raw ends at the first tag named endraw, whatever markup follows the name.
                pattern = pattern.replace(r"endraw\s*(?P<rsr_e>", r"endraw(?!\w)(?:\s.*?)??\s*(?P<rsr_e>")
                # Text runs to the next `{{` or `{%`: the same match as the lazy `.+?` followed by
                # a look-ahead at every character, found a run of characters at a time (the
                # look-ahead made lexing a long post cost more than parsing it).
                pattern = pattern.replace(_LAZY_TEXT, _TEXT_RUN)
                # A tag's or output's markup runs to the first `%}`/`-%}` (`}}`/`-}}`): the
                # same match, with the same backtracking, as a look-ahead at each of its
                # characters, which cost hundreds of instructions a character (an include's
                # parameters are long).
                pattern = pattern.replace(_TAG_MARKUP, _TAG_MARKUP_RUN).replace(_OUTPUT_MARKUP, _OUTPUT_MARKUP_RUN)
                compiled = re.compile(pattern, rules.flags)
                # (python-liquid's own lexer function only: another's tokens are its own business)
                if lexer.func is getattr(get_lexer(), "func", None):
                    return partial(_lex_runs, rules=compiled, ends=self.block_ends())
                lexer = partial(lexer.func, rules=compiled)
        return partial(_ruby_tokens, lexer, self.block_ends())

    def block_ends(self) -> frozenset[str]:
        """The names of the tags that end a block (``endif``...): no tag has one of these."""
        return frozenset(f"end{name}" for name in self.tags) - self.tags.keys()

    def _parse(self, source: str) -> list[Any]:
        """The template's nodes, with the quicker node classes put in (``quickened``)."""
        return quickened(self._parse_source(source))

    def _parse_tokens(self, source: str) -> list[Any]:
        """python-liquid's ``Environment._parse``, over a ``HeadStream``."""
        return get_parser(self).parse(HeadStream(self.tokenizer()(source)))

    def _parse_source(self, source: str) -> list[Any]:
        """Parse strictly; in lax and warn modes retry with Ruby's lax reading of bad markup."""
        source = prepared_markup(source)
        try:
            return self._parse_tokens(source)
        except LiquidSyntaxError as first:
            if self.error_mode == "strict":
                raise
            self._lax_parses += 1
            error: LiquidSyntaxError = first
            text = source
            # Each round rewrites one statement; a template has finitely many.
            for _ in range(text.count("{{") + text.count("{%") + 1):
                rewritten = lax_rewrite(self, text, error)
                if rewritten is None:
                    raise first from None
                self._warn_lax(text, error)
                text = rewritten
                try:
                    return self._parse_tokens(text)
                except LiquidSyntaxError as again:
                    error = again
            raise first from None

    def unknown_filter(self, error: UnknownFilterError, name: str, template: str, first_line: int) -> None:
        """Warn once per template about a filter that does not exist, naming the closest one.

        Jekyll renders the value unfiltered (Liquid's ``strict_filters`` is off); only a likely
        misspelling is reported, and under ``--strict`` (``strict_hints``) it fails the build.
        """
        hint = did_you_mean(name, self.filters)
        if not hint or (template, name) in self._filters_warned:
            return
        self._filters_warned.add((template, name))
        located = liquid_error(error, template, first_line)
        message = f"filter {name!r} not found{hint} (Jekyll ignores unknown filters and prints the value)"
        if self.strict_hints:
            raise ReblogError(f"filter {name!r} not found{hint}", located.file, located.line)
        if self.warn is not None:
            where = f"{located.file}:{located.line}" if located.line else str(located.file)
            self.warn(f"{where}: {message}")

    def _warn_lax(self, source: str, error: LiquidSyntaxError) -> None:
        # Jekyll: "Liquid Warning: Liquid syntax error (line N): ... in FILE" (warn mode only).
        if self.error_mode != "warn" or self.warn is None:
            return
        message = str(error.message if error.message is not None else error).strip()
        start = error.token.start_index if error.token is not None else -1
        where = self._parsing
        if start >= 0:
            where += f":{source.count(chr(10), 0, start) + self._first_line}"
        self.warn(f"{where}: Liquid syntax error: {message} (Jekyll renders it as Liquid's lax "
                  "parser reads it; `liquid: {error_mode: strict}` or `strict: true` make it an error)")


# python-liquid's text rule (before the look-ahead for the next markup) and the same match written
# as runs: one character, then any characters but `{`, or a `{` that does not open markup.
_LAZY_TEXT = r"(?P<content>.+?(?=((\{%|\{\{)"
_TEXT_RUN = r"(?P<content>.[^{]*(?:\{(?![{%])[^{]*)*(?=((\{%|\{\{)"
# python-liquid's markup of a tag and of an output statement, and the same written as runs of
# characters that cannot start the closing delimiter, each such character checked on its own.
_TAG_MARKUP = r"(?P<expr>(?:(?!-?%\})[\s\S])*(?<!\s))"
_TAG_MARKUP_RUN = r"(?P<expr>[^%-]*(?:(?:-(?!%\})|%(?!\}))[^%-]*)*(?<!\s))"
_OUTPUT_MARKUP = r"(?P<stmt>(?:(?!-?\}\})[\s\S])*(?<!\s))"
_OUTPUT_MARKUP_RUN = r"(?P<stmt>[^}-]*(?:(?:-(?!\}\})|\}(?!\}))[^}-]*)*(?<!\s))"


def _lex_runs(
    source: str, rules: re.Pattern[str], ends: frozenset[str] | None = None,
) -> Iterator[Token]:
    """python-liquid's template lexer (``liquid.lex._tokenize_template``), token for token, with
    text found by ``str.find`` and most markup read by ``_markup`` (the rest by ``rules``);
    given ``ends``, its tokens as ``_ruby_tokens`` gives them (read here: a pass less).

    ``rules`` matches at every position (its last rule, text, takes any character), so its
    matches follow one another; text that does not start with ``{{``/``{%`` runs to the next
    ``{{``/``{%`` after its first character (or the end), which is what its text rule matches,
    ``rstrip`` being the ``-`` right after that delimiter. Running the pattern along a post's
    prose cost more than the rest of lexing it.
    """
    tokens: list[Token] = []
    append = tokens.append
    new = tuple.__new__
    find = source.find
    length = len(source)
    lstrip = False
    comment_index = 0
    comment_text: list[str] = []
    comment_depth = 0
    pos = 0
    while pos < length:
        # The next `{{` or `{%` at or after pos.
        start = find("{", pos)
        while start >= 0 and source[start + 1:start + 2] not in _OPENERS:
            start = find("{", start + 1)
        if start != pos:
            end = length if start < 0 else start
            kind, value, name, at, text = TOKEN_CONTENT, source[pos:end], "", 0, ""
            strip = source[end + 2:end + 3] == "-"
        else:
            read = _markup(source, pos)
            if read is None:
                match = rules.match(source, pos)
                assert match is not None
                read = _matched(match)
            kind, end, name, at, text, strip = read
            value = source[pos:end]
        if comment_depth:
            if kind == "TAG":
                if name == "endcomment":
                    comment_depth -= 1
                    if not comment_depth:
                        append(new(Token, (TOKEN_COMMENT, "".join(comment_text), comment_index, source)))
                        comment_index = 0
                        comment_text.clear()
                        append(new(Token, (TOKEN_TAG, name, at, source)))
                        lstrip = strip
                        pos = end
                        continue
                elif name == "comment":
                    comment_depth += 1
            comment_text.append(value)
            pos = end
            continue
        if kind == TOKEN_CONTENT:
            if lstrip:
                value = value.lstrip()
            if strip:
                value = value.rstrip()
            if value:
                if value.startswith(("{{", "{%")):
                    raise LiquidSyntaxError(
                        "expected '}}', found end of file" if value.startswith("{{")
                        else "missing tag name or closing delimiter",
                        token=Token(TOKEN_EOF, value=source[pos:end], start_index=pos, source=source),
                    )
                append(new(Token, (TOKEN_CONTENT, value, pos, source)))
        elif kind == TOKEN_OUTPUT:
            append(new(Token, (TOKEN_OUTPUT, value, pos, source)))
            if ends is not None:
                text = _ruby_expression(text, TOKEN_OUTPUT)
            append(new(Token, (TOKEN_EXPRESSION, text, at, source)))
            lstrip = strip
        elif kind == "TAG":
            append(new(Token, (TOKEN_TAG, name, at, source)))
            lstrip = strip
            if text and ends is not None:
                if name in ends:
                    text = ""
                elif name in _EXPRESSION_TAGS:
                    text = _ruby_expression(text, name)
            if text:
                append(new(Token, (TOKEN_EXPRESSION, text, _expression_start(source, at + len(name)), source)))
            if name == "comment":
                comment_index = end
                comment_depth += 1
        elif kind == "RAW" or kind == "DOC":
            lstrip = strip
            append(new(Token, (TOKEN_CONTENT if kind == "RAW" else TOKEN_DOC, text, pos, source)))
        else:   # (a rule this lexer does not know: as python-liquid, its whole match)
            append(new(Token, (kind, value, pos, source)))
        pos = end
    return iter(tokens)


_TAG_NAME = re.compile(r"#|\w+")


def _markup(source: str, pos: int) -> tuple[str, int, str, int, str, bool] | None:
    """The output statement or tag at ``pos`` as the lexer's rules read it: its kind, end, tag
    name and the name's position (the expression's, for output), its expression (trailing
    ``-`` and surrounding white space off) and whether it ends with ``-``; None for what only
    the rules read (no closing delimiter, no tag name, ``raw``/``doc`` blocks).

    The markup runs to the first ``}}``/``%}``, which its rule's markup cannot hold; a ``-``
    right before that delimiter is the rule's ``-?``, as its markup cannot end with one there.
    """
    output = source[pos + 1] == "{"
    close = source.find("}}" if output else "%}", pos + 2)
    if close < 0:
        return None
    inner = source[pos + 2:close]
    lead = 1 if inner[:1] == "-" else 0
    body = inner[lead:] if lead else inner
    strip = body[-1:] == "-"
    if output:
        text = (body[:-1] if strip else body).strip()
        at = pos + 2 + lead + ((len(body) - len(body.lstrip())) if text else 0)
        return TOKEN_OUTPUT, close + 2, "", at, text, strip
    named = _TAG_NAME.match(body, len(body) - len(body.lstrip()))
    if named is None:
        return None
    name = named.group()
    if name == "raw" or name == "doc":
        return None
    rest = body[named.end():-1] if strip else body[named.end():]
    return "TAG", close + 2, name, pos + 2 + lead + named.start(), rest.strip(), strip


def _expression_start(source: str, after_name: int) -> int:
    """Where a tag's expression starts: past the white space after its name."""
    index = after_name
    while source[index].isspace():
        index += 1
    return index


def _matched(match: re.Match[str]) -> tuple[str, int, str, int, str, bool]:
    """What ``_markup`` returns, from a match of the lexer's rules."""
    kind = match.lastgroup
    assert kind is not None
    end = match.end()
    if kind == TOKEN_OUTPUT:
        return kind, end, "", match.start("stmt"), match.group("stmt"), bool(match.group("rss"))
    if kind == "TAG":
        return kind, end, match.group("name"), match.start("name"), match.group("expr"), bool(match.group("rst"))
    if kind == "RAW":
        return kind, end, "", 0, match.group("raw"), bool(match.group("rsr"))
    if kind == "DOC":
        return kind, end, "", 0, match.group("doc"), bool(match.group("rsd"))
    if kind == TOKEN_CONTENT:
        return kind, end, "", 0, "", bool(match.group("rstrip"))
    return kind, end, "", 0, "", False


def _ruby_tokens(
    lexer: Callable[[str], Iterator[Token]], ends: frozenset[str], source: str,
) -> Iterator[Token]:
    """The lexer's tokens as Ruby Liquid reads the markup.

    A block end tag's markup is dropped (``{% endhighlight ruby %}``): Ruby closes a block at
    the first tag named ``end<block>`` whatever follows the name (Block#parse_body), in every
    error mode. In expressions, names python-liquid takes for keywords are written as
    bracket lookups (see ``keyword_names``).
    """
    after_end = False
    tag = TOKEN_OUTPUT
    for token in lexer(source):
        kind = token.kind
        if kind == TOKEN_EXPRESSION:
            if after_end:
                after_end = False
                continue
            if tag in _EXPRESSION_TAGS:
                value = _ruby_expression(token.value, tag)
                if value != token.value:
                    token = Token(kind, value, token.start_index, token.source)
        else:
            # Only the expression right after an end tag is that tag's markup.
            after_end = kind == TOKEN_TAG and token.value in ends
            if kind == TOKEN_TAG or kind == TOKEN_OUTPUT:
                tag = token.value if kind == TOKEN_TAG else TOKEN_OUTPUT
        yield token


def _ruby_expression(value: str, tag: str) -> str:
    """The expression of a ``tag`` (or output) in ``_EXPRESSION_TAGS`` as Ruby reads its names."""
    if _KEYWORD_HINT.search(value):
        value = keyword_names(value, tag)
    first = _FIRST_KEYWORD.match(value)
    if first and tag not in _LOOP_TAGS and (first.group(1) or tag == "assign"):
        value = f'["{first.group(1) or first.group(2)}"]' + value[first.end():]
    return value


# Tags whose markup python-liquid reads as expressions (and the output statement).
_EXPRESSION_TAGS = frozenset({
    TOKEN_OUTPUT, "if", "elsif", "unless", "case", "when", "assign", "echo", "for", "tablerow",
})
_LOOP_TAGS = frozenset({"for", "tablerow"})
# Words python-liquid reads as operators or literals wherever they are. First in an output or a tag's
# expression Ruby reads `in`, `for`, `contains`, `and`, `or` as variables (`{{ in }}`, `{% assign
# for = 1 %}`, `{% if contains == "X" %}`), and `assign` sets any name (`{% assign nil = 1 %}`,
# which `{{ nil }}`, the literal, never reads).
_FIRST_KEYWORD = re.compile(r"\s*(?:(in|for|contains|and|or)|(nil|null|empty|blank|true|false))(?![\w?-])")
# Bare words python-liquid's expression lexer takes as keywords that Ruby's expressions never
# treat as syntax (`.keyword` lookups and variables named limit/offset/cols were already written
# as lookups by ``prepared_markup``, before the lexer).
_BARE_KEYWORDS = "offset|limit|reversed|cols|with|as|required"
_KEYWORD_HINT = re.compile(rf"\b(?:{_BARE_KEYWORDS})\b")
_KEYWORD_NAME = re.compile(
    rf"""("[^"]*"|'[^']*')"""                                   # a string: left alone
    rf"|(?<![\w.\]?-])({_BARE_KEYWORDS})(?![\w?-])(?!\s*:(?!\s*:))"  # limit (not `limit:`)
)


def keyword_names(markup: str, tag: str) -> str:
    """``markup`` with the bare names python-liquid would read as keywords written as lookups.

    A variable ``reversed`` becomes ``["reversed"]``, which python-liquid reads as the lookup
    Ruby makes (and as the name an ``assign`` or a loop sets). In ``for``/``tablerow`` markup
    the bare words are the loop's options (``reversed``, ``limit: 3``) except first, after
    ``in`` and after ``:``.
    """
    loop = tag in ("for", "tablerow")

    def named(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            return match.group(0)
        before = markup[: match.start()].rstrip()
        if loop and before and not (before.endswith(":") or re.search(r"\bin$", before)):
            return match.group(0)
        return f'["{match.group(2)}"]'

    return _KEYWORD_NAME.sub(named, markup)


class MethodLiteral:
    """Ruby Liquid's ``blank``/``empty`` passed to a filter (``where: "x", blank``): prints "".

    python-liquid takes them only in conditions, so in filter arguments they are read as these
    variables; Jekyll's ``where``/``find`` match them against empty values.
    """

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __str__(self) -> str:
        return ""


BLANK_ARGUMENT = "__liquid_blank__"
EMPTY_ARGUMENT = "__liquid_empty__"
_BLANK_COMPARISON = re.compile(r"((?:==|!=|<>)\s*)blank\b(?!\s*[.\[:\w?])")
_BLANK_COMPARED = re.compile(r"(?<![\w.\]])blank(\s*(?:==|!=|<>))")
_LITERAL_ARGUMENT = re.compile(r"(?<=[:,])(\s*)(blank|empty)\b(?!\s*[.\[:\w?])")


def _literal_markup(text: str) -> str:
    """One markup span with ``blank``/``empty`` filter arguments and comparisons named as
    variables python-liquid reads."""
    if "blank" not in text and "empty" not in text:
        return text
    # `x == blank` is never true in Jekyll: plain Ruby has no `blank?` (no ActiveSupport).
    text = _BLANK_COMPARISON.sub(lambda m: m.group(1) + BLANK_ARGUMENT, text)
    text = _BLANK_COMPARED.sub(lambda m: BLANK_ARGUMENT + m.group(1), text)
    if "|" not in text:
        return text
    head, bar, tail = text.partition("|")
    return head + bar + _LITERAL_ARGUMENT.sub(
        lambda m: m.group(1) + (BLANK_ARGUMENT if m.group(2) == "blank" else EMPTY_ARGUMENT), tail)


# Raw and comment blocks, whose text is left as it is.
_VERBATIM = re.compile(r"{%-?\s*(raw|comment)\s*-?%}.*?{%-?\s*end\1\s*-?%}", re.S)
# The characters after a "{" that open a markup span ("{{" output, "{%" tag).
_OPENERS = frozenset({"{", "%"})


def prepared_markup(source: str) -> str:
    """The template with every markup's ``.keyword`` lookups written ``["keyword"]`` and its
    ``blank``/``empty`` arguments named as variables, in one pass over the source.

    (Only markup can hold either: searching each markup span, as each rewriting does before
    anything else, is much quicker than searching a post's whole text, whose prose is most of
    it. The keyword rewriting writes or removes no brace or percent sign and keeps every
    ``blank`` and ``empty``, so both see the same spans.) The text of {% raw %} and
    {% comment %} blocks is left as written: it is printed or dropped as it is.

    Each ``{`` is looked at once, in order: a ``{%`` that opens such a block is passed over
    with its block, a span rewritten (``_prepared_spans``). A span with a ``{`` inside may hold
    the start of such a block, which ends the text the span is looked for in
    (``_prepared_pieces``): a template with one is prepared that way.
    """
    prepared = _prepared_spans(source, blocks=True)
    return _prepared_pieces(source) if prepared is None else prepared


def _prepared_pieces(source: str) -> str:
    """``prepared_markup``, the text between {% raw %} and {% comment %} blocks (wherever
    their opening tags are) prepared piece by piece."""
    pieces: list[str] = []
    last = 0
    for verbatim in _VERBATIM.finditer(source):
        pieces += [_prepared_spans(source[last:verbatim.start()]) or "", verbatim.group(0)]
        last = verbatim.end()
    pieces.append(_prepared_spans(source[last:]) or "")
    return "".join(pieces)


def _prepared_spans(text: str, blocks: bool = False) -> str | None:
    """``text`` with each markup span rewritten: from a ``{{`` to the first ``}}`` after it, from
    a ``{%`` to the first ``%}``, each span looked for from the end of the one before.

    With ``blocks``, a {% raw %} or {% comment %} block is passed over whole, and a span with a
    ``{`` inside answers None (it may hold such a block's start: see ``prepared_markup``).

    (The spans are found with ``str.find``, which runs along the text many times quicker than
    the pattern ``{(?:{.*?}}|%.*?%})`` that finds the same spans; a post is mostly prose.)
    """
    pieces: list[str] = []
    last = 0
    find = text.find
    start = find("{")
    while start >= 0:
        opener = text[start + 1:start + 2]
        if opener not in _OPENERS:
            start = find("{", start + 1)
            continue
        if blocks and opener == "%":
            verbatim = _VERBATIM.match(text, start)
            if verbatim is not None:
                start = find("{", verbatim.end())
                continue
        end = find("}}" if opener == "{" else "%}", start + 2)
        if end < 0:
            start = find("{", start + 1)
            continue
        if blocks and find("{", start + 1, end) >= 0:
            return None
        end += 2
        span = text[start:end]
        rewritten = _literal_markup(keyword_expression(span))
        if rewritten != span:
            pieces += [text[last:start], rewritten]
            last = end
        start = find("{", end)
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


_OUTPUT = re.compile(r"({{-?)(.*?)(-?}})", re.S)
# Ruby Liquid's lax Variable parser, regex for regex (lib/liquid.rb, variable.rb).
_QUOTED_STRING = r"\"[^\"]*\"|'[^']*'"
_QUOTED_FRAGMENT = rf"(?:{_QUOTED_STRING}|(?:[^\s,|'\"]|{_QUOTED_STRING})+)"
_MARKUP_WITH_FRAGMENT = re.compile(rf"({_QUOTED_FRAGMENT})(.*)", re.S)
_FILTER_MARKUP = re.compile(r"\|\s*(.*)", re.S)
_FILTER_PARSER = re.compile(rf"(?:\s+|{_QUOTED_FRAGMENT}|,)+")
_FILTER_ARGS = re.compile(rf"(?::|,)\s*((?:\w+\s*:\s*)?{_QUOTED_FRAGMENT})")


_LITERAL = re.compile(r"\A(?:nil|null|true|false|blank|empty|-?\d+|-?\d[\d.]+|\(\S+\.\.\S+\)|"
                      + _QUOTED_STRING + r")\Z")
# Words python-liquid reads as operators; as a variable name in Ruby they name nothing (nil).
_OPERATOR_WORDS = frozenset({"with", "and", "or", "not", "in", "contains", "if", "else", "for", "as"})


def _lax_expression(fragment: str) -> str:
    """Ruby's Expression.parse of a fragment: a literal, or a variable lookup of its name parts."""
    if _LITERAL.match(fragment):
        return fragment
    parts = _VARIABLE_PARTS.findall(fragment)
    if not parts or parts[0] in _OPERATOR_WORDS or parts[0].startswith("["):
        return "nil"
    return "".join(p if p.startswith("[") or i == 0 else "." + p for i, p in enumerate(parts))


def _lax_argument(argument: str) -> str:
    keyword = re.match(r"(\w+\s*:\s*)(.*)", argument, re.S)
    if keyword and not _LITERAL.match(argument):
        return keyword.group(1) + _lax_expression(keyword.group(2))
    return _lax_expression(argument)


def lax_output(markup: str) -> str:
    """Ruby Liquid's lax reading of ``{{ markup }}``, written as markup the strict parser takes."""
    match = _MARKUP_WITH_FRAGMENT.search(markup)
    if not match:
        return ""
    parts = [_lax_expression(match.group(1))]
    filters = _FILTER_MARKUP.search(match.group(2))
    if filters:
        for chunk in _FILTER_PARSER.findall(filters.group(1)):
            name = re.search(r"\w+", chunk)
            if not name:
                continue
            args = [_lax_argument(a) for a in _FILTER_ARGS.findall(chunk)]
            parts.append(f"{name.group(0)}: {', '.join(args)}" if args else name.group(0))
    return " | ".join(parts)


def lax_rewrite(env: Environment, source: str, error: LiquidSyntaxError) -> str | None:
    """The source with the output statement that caused ``error`` read the lax way.

    None when the error is not in an output statement (Ruby's lax tags are not emulated) or
    the lax reading changes nothing.
    """
    skip = [m.span() for m in _VERBATIM.finditer(source)]
    position = error.token.start_index if error.token is not None else -1
    if error.token is not None and error.token.source and error.token.source != source:
        position = -1  # the error belongs to another template (an include)
    tag = _lax_tag(env, source, error, position, skip)
    if tag is not None:
        return tag
    for match in _OUTPUT.finditer(source):
        if any(start <= match.start() < end for start, end in skip):
            continue
        if position >= 0:
            if not match.start() <= position < match.end():
                continue
        else:
            try:
                Environment._parse(env, match.group(0))
                continue
            except LiquidSyntaxError as alone:
                if alone.message != error.message:
                    continue
        # An empty output prints nothing in Ruby; python-liquid rejects it, so it becomes nil.
        lax = lax_output(match.group(2)) or "nil"
        if lax.strip() == match.group(2).strip():
            return None
        opener, _, closer = match.groups()
        replaced = f"{opener} {lax} {closer}"
        return source[: match.start()] + replaced + source[match.end():]
    return None


_TAG = re.compile(r"{%-?.*?-?%}", re.S)
_ASSIGN = re.compile(r"({%-?\s*assign\s+[^=]+?\s*=\s*)(.*?)(\s*-?%})\Z", re.S)
# `{{x}}` (no spaces) inside a tag's markup: Ruby's lax parser reads the fragment as a variable.
_BRACED_FRAGMENT = re.compile(r"{{([^\s{}]+)}}")
_VARIABLE_PARTS = re.compile(r"\[[^\]]+\]|[\w-]+\??")


def _lax_fragment(match: re.Match[str]) -> str:
    # Liquid's VariableLookup keeps only the name and lookup parts of the fragment.
    parts = _VARIABLE_PARTS.findall(match.group(1))
    return "".join(p if p.startswith("[") or i == 0 else "." + p for i, p in enumerate(parts)) or "nil"


_CONDITION_TAG = re.compile(r"({%-?\s*(?:if|elsif|unless)\b)(.*?)(-?%})\Z", re.S)
# Ruby Liquid's lax If parser (tags/if.rb): conditions split at and/or, each read by Syntax.
_CONDITION_SYNTAX = re.compile(rf"({_QUOTED_FRAGMENT})\s*([=!<>a-z_]+)?\s*({_QUOTED_FRAGMENT})?", re.S)
_AND_OR = r"\b(?:\s?and\s?|\s?or\s?)\b"
_EXPRESSIONS_AND_OPERATORS = re.compile(
    rf"(?:{_AND_OR}|(?:\s*(?!{_AND_OR})(?:{_QUOTED_FRAGMENT}|\S+)\s*)+)", re.S)
_COMPARISONS = frozenset({"==", "!=", "<>", "<", ">", ">=", "<=", "contains"})


def lax_condition(markup: str) -> str | None:
    """Ruby's lax reading of an ``if``/``unless`` condition, as markup the strict parser takes.

    Each condition is ``left [operator right]``; what follows a fragment that is not an
    operator is dropped (``a && b`` tests ``a``). None when Ruby's lax parser fails too or an
    operator is one Ruby rejects when it renders.
    """
    parts = _EXPRESSIONS_AND_OPERATORS.findall(markup)
    if not parts:
        return None
    pieces: list[str] = []
    for index, part in enumerate(parts):
        if index % 2:  # an operator (Ruby pops them from the end, pairing the same way)
            operator = part.strip()
            if operator not in ("and", "or"):
                return None
            pieces.append(operator)
            continue
        syntax = _CONDITION_SYNTAX.search(part)
        if syntax is None:
            return None
        left, operator, right = syntax.groups()
        if operator is None:
            pieces.append(_lax_expression(left))
        elif operator in _COMPARISONS and right is not None:
            pieces.append(f"{_lax_expression(left)} {operator} {_lax_expression(right)}")
        else:
            return None
    return " ".join(pieces) if len(parts) % 2 else None


_FOR_TAG = re.compile(r"({%-?\s*for\b)(.*?)(-?%})\Z", re.S)
# Ruby Liquid's lax For parser (tags/for.rb): Syntax, then every `key: value` (TagAttributes).
_FOR_SYNTAX = re.compile(rf"\A\s*([\w-]+)\s+in\s+((?:{_QUOTED_FRAGMENT})+)\s*(reversed)?", re.S)
_TAG_ATTRIBUTES = re.compile(rf"(\w[\w-]*)\s*:\s*({_QUOTED_FRAGMENT})", re.S)


def lax_for(markup: str) -> str | None:
    """Ruby's lax reading of a ``for`` tag's markup (``x in list | sort`` loops over ``list``),
    as markup the strict parser takes; None when Ruby's lax parser fails too."""
    syntax = _FOR_SYNTAX.match(markup)
    if syntax is None:
        return None
    name, collection, reversed_ = syntax.groups()
    options: dict[str, str] = {}
    for key, value in _TAG_ATTRIBUTES.findall(markup):
        if key == "offset" and value == "continue":
            options[key] = value
        elif key in ("limit", "offset"):
            options[key] = _lax_expression(value)
    reading = f"{name} in {_lax_expression(collection)}" + (" reversed" if reversed_ else "")
    return reading + "".join(f" {key}: {value}" for key, value in options.items())


def _lax_tag(
    env: Environment, source: str, error: LiquidSyntaxError, position: int,
    skip: list[tuple[int, int]],
) -> str | None:
    """The source with the tag that caused ``error`` read the lax way, if a lax reading differs."""
    for match in _TAG.finditer(source):
        if any(start <= match.start() < end for start, end in skip):
            continue
        if position >= 0 and not match.start() <= position < match.end():
            continue
        lax = _BRACED_FRAGMENT.sub(_lax_fragment, match.group(0))
        assign = _ASSIGN.match(lax)
        if assign:
            # Ruby's lax Assign reads its right side as a lax Variable (`x | f }` is `x | f`).
            head, rhs, tail = assign.groups()
            lax = head + (lax_output(rhs) or "nil") + tail
        condition = _CONDITION_TAG.match(lax)
        loop = _FOR_TAG.match(lax)
        if lax == match.group(0) and (condition or loop):
            head, markup, tail = (condition or loop).groups()  # type: ignore[union-attr]
            reading = lax_condition(markup) if condition else lax_for(markup)
            if reading is not None:
                lax = f"{head} {reading} {tail}"
        if lax == match.group(0):
            continue
        if position < 0:
            tag = re.match(r"{%-?\s*(\w+)", match.group(0))
            end = getattr(env.tags.get(tag.group(1)), "end", None) if tag else None
            # (a tag without a block, such as assign, has the end name "")
            closing = "{% " + end + " %}" if isinstance(end, str) and end else ""
            try:
                Environment._parse(env, match.group(0) + closing)
                continue
            except LiquidSyntaxError as alone:
                if alone.message != error.message:
                    continue
        return source[: match.start()] + lax + source[match.end():]
    return None


# Filters python-liquid has and Ruby Liquid 5.4 (the one Jekyll 4.3 runs on) does not.
_NOT_IN_RUBY_LIQUID = frozenset({
    "escapejs", "find", "find_index", "has", "reject", "safe", "squish", "sum",
})


def make_environment(
    settings: Settings, filters: Mapping[str, Callable[..., Any]],
    register_extra: Callable[[Environment], None] | None = None,
) -> JekyllEnvironment:
    """A Liquid environment with Jekyll's tags and filters, configured from ``liquid:``."""
    opts = settings.liquid
    env = JekyllEnvironment(
        strict_variables=opts.strict_variables,
        strict_filters=opts.strict_filters,
        error_mode=opts.error_mode,
        max_loop_iterations=opts.max_loop_iterations or MAX_LOOP_ITERATIONS,
        max_output_bytes=opts.max_output_bytes or MAX_OUTPUT_BYTES,
    )
    if settings.strict and env.error_mode == "warn":
        env.error_mode = "strict"  # `strict: true`: every Jekyll warning is an error
    env.globals = {**env.globals, BLANK_ARGUMENT: MethodLiteral("blank"),
                   EMPTY_ARGUMENT: MethodLiteral("empty")}
    # python-liquid's own extras are unknown filters to Jekyll's Ruby Liquid 5.4, where an
    # unknown filter passes its input through (``"1,2" | split: "," | sum`` prints "12").
    for name in _NOT_IN_RUBY_LIQUID:
        env.filters.pop(name, None)
    env.filters.update(filters)
    register_exp_filters(env)
    if register_extra:
        register_extra(env)
    return env


def render_liquid(
    env: JekyllEnvironment, source: str, name: str, variables: Mapping[str, Any],
    state: RenderState, first_line: int = 1, layout: bool = False, prints: PrintLog | None = None,
) -> str:
    """Render Liquid source; any Liquid failure becomes a ReblogError at the file and line.

    ``layout``: the source renders again and again in this build (parsed once; another source
    is parsed once when it renders again, a paginated page's text). ``prints``: where to note
    the statements of its own output that printed something of ``site.time``.
    """
    try:
        env.next_first_line = first_line
        bound = {**variables, STATE_KEY: state}
        template = env.reusable_template(source, name, bound, again=layout)
        context = _RenderContext(template, globals=template.globals)
        context.first_line = first_line
        # Ruby Liquid keeps increment counters in the site payload, so they run on across pages.
        context.counters.update(env.counters)
        buffer = _OutputBuffer(env.output_stream_limit or MAX_OUTPUT_BYTES)
        buffer.prints = prints
        template.render_with_context(context, buffer)
        env.counters.update(context.counters)
        return buffer.getvalue()
    except LiquidError as err:
        raise liquid_error(err, name, first_line, env, source) from err
    except ValueError as err:
        # A filter's own argument error (Jekyll's ArgumentError, InvalidDateError, Integer()):
        # it stops Jekyll's build too; one line naming the file, not a Python traceback.
        raise ReblogError(f"Liquid error: {err}", name) from err
    except RecursionError as err:
        raise ReblogError(
            "Liquid error: nesting too deep for Python's stack (an include that includes itself?)",
            name,
        ) from err


__all__ = ["JekyllEnvironment", "PrintLog", "RenderState", "make_environment", "render_liquid"]
