"""Jekyll's ``include`` and ``include_relative`` tags: ``key=value`` parameters as ``include.*``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from liquid.ast import Node
from liquid.exceptions import LiquidError
from liquid.tag import Tag

from ....errors import did_you_mean
from ....frontmatter import decode
from ....sourcepaths import display_path
from ..errors import MissingIncludeError, error_line, mark_include
from ..state import RenderState
from .markup import read_markup, render_markup, state_of

if TYPE_CHECKING:
    from liquid import BoundTemplate
    from liquid.context import RenderContext
    from liquid.stream import TokenStream
    from liquid.token import Token

# Jekyll's include-tag grammar (tags/include.rb), re-expressed.
_VARIABLE_FILE = re.compile(r"(?P<variable>[^{]*(\{\{\s*[\w\-.]+\s*(\|.*)?\}\}[^\s{}]*)+)(?P<params>.*)", re.S)
_PARAM = re.compile(
    r"([\w-]+)\s*=\s*(?:\"([^\"\\]*(?:\\.[^\"\\]*)*)\"|'([^'\\]*(?:\\.[^'\\]*)*)'|([\w.-]+))"
)
_VALID_NAME = re.compile(r"^[\w/.\-()+~#@]+$")
_INVALID_SEQUENCE = re.compile(r"[./]{2,}")
# Ruby Liquid allows 99 nested includes from a page (its Context stops at 100 scopes,
# Liquid::Block::MAX_DEPTH, with "Nesting too deep"); a file may include itself (recursion
# over data) within that depth.
MAX_INCLUDE_DEPTH = 99


def split_markup(markup: str) -> tuple[str, str]:
    """Split include markup into the file part and the parameters part."""
    markup = markup.strip()
    parts = markup.split(None, 1)
    # (the grammar's pattern only when the first word holds a ``{{``: matched against every
    # include's markup, it cost more than the rest of parsing the tag)
    match = _VARIABLE_FILE.fullmatch(markup) if parts and "{{" in parts[0] else None
    if match:
        return match.group("variable").strip(), match.group("params")
    return (parts[0] if parts else ""), (parts[1] if len(parts) > 1 else "")


class IncludeNode(Node):
    """Render a file from the includes folders with ``include`` bound to its parameters."""

    __slots__ = ("file", "params", "relative", "arguments", "valid_name")

    def __init__(self, token: Token, file: str, params: str, relative: bool) -> None:
        super().__init__(token)
        self.blank = False  # it writes output, so a block holding only this is not blank
        self.file = file
        self.params = params
        self.relative = relative
        # The parameters read once: (name, text, whether the text is a quoted string's value).
        self.arguments = _arguments(params) if params.strip() else None
        # A file name without ``{{ }}`` that is valid; None: the name is worked out, and checked,
        # where the include renders (Jekyll refuses an invalid name only there).
        name = file.strip()
        self.valid_name = name if "{{" not in file and _is_valid_name(name) else None

    def __str__(self) -> str:
        name = "include_relative" if self.relative else "include"
        return f"{{% {name} {self.file} {self.params} %}}"

    def _params(self, context: RenderContext) -> dict[str, object]:
        values: dict[str, object] = {}
        for key, text, quoted in self.arguments or ():
            values[key] = text if quoted else _unquoted_value(context, text, self.token)
        return values

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        """Render the include into the buffer."""
        state = state_of(context)
        name = self.valid_name
        if name is None:
            name = render_markup(context, self.file).strip()
            if not _is_valid_name(name):
                raise LiquidError(
                    # Jekyll's wording: names with `..`, `./`, `//` or other characters are refused.
                    f"Invalid syntax for include tag. File contains invalid characters or sequences: {name}",
                    token=self.token,
                )
        found = context.env.reblog_include_paths  # type: ignore[attr-defined]
        where = (self.relative, tuple(state.include_dirs), state.doc_dir if self.relative else None, name)
        path = found.get(where)
        if path is None:
            path = found[where] = self._locate(state, name)
        key = str(path)
        if state.include_stack and state.include_stack[-1] == key and not self.params:
            raise LiquidError(f"include {name!r} includes itself", token=self.token)
        if len(state.include_stack) >= MAX_INCLUDE_DEPTH:
            raise LiquidError(
                f"Nesting too deep: more than {MAX_INCLUDE_DEPTH} nested includes",
                token=self.token,
            )
        state.record(key)
        template = _load(context, path, name)
        namespace: dict[str, object] = {}
        if self.arguments is not None:
            namespace["include"] = self._params(context)
        state.include_stack.append(key)
        try:
            with context.extend(namespace, template=template):
                try:
                    template.render_with_context(context, buffer, partial=True)
                except LiquidError as err:
                    # A failure while rendering the include is at its line in the include (Jekyll:
                    # "Liquid error (.../_includes/x.html line 1): ... included in index.html").
                    mark_include(err, str(template.name), key)
                    raise
        finally:
            state.include_stack.pop()
        return True

    def _locate(self, state: object, name: str) -> Path:
        assert isinstance(state, RenderState)
        if self.relative:
            folders = [state.doc_dir] if state.doc_dir else []
        else:
            folders = state.include_dirs
        for folder in folders:
            candidate = folder / name.lstrip("/")  # Jekyll joins the paths: "/a.html" is a.html
            if candidate.is_file() and _inside(candidate, folder):
                return candidate
        # Next to the page only that folder's files: a page at the site's root would list the whole site.
        known = [p.relative_to(folder).as_posix() for folder in folders if folder.is_dir()
                 for p in (folder.iterdir() if self.relative else folder.rglob("*")) if p.is_file()]
        shown = [display_path(folder, state.source) for folder in folders]
        raise MissingIncludeError(name, shown, did_you_mean(name.lstrip("/"), known), token=self.token)


def _is_valid_name(name: str) -> bool:
    """Whether Jekyll takes ``name`` as an include's file name (validate_file_name)."""
    return _VALID_NAME.match(name) is not None and _INVALID_SEQUENCE.search(name) is None


def _arguments(params: str) -> list[tuple[str, str, bool]]:
    """Each ``key=value`` parameter: its name, its value's text (a quoted string's unescaped)
    and whether it was quoted (an unquoted one is read when the include renders)."""
    arguments: list[tuple[str, str, bool]] = []
    for match in _PARAM.finditer(params):
        key, double, single, variable = match.groups()
        if double is not None:
            arguments.append((key, double.replace('\\"', '"'), True))
        elif single is not None:
            arguments.append((key, single.replace("\\'", "'"), True))
        else:
            arguments.append((key, variable, False))
    return arguments


_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_LITERALS = {"true": True, "false": False, "nil": None, "null": None}


def _unquoted_value(context: RenderContext, text: str, token: Token) -> object:
    """An unquoted parameter is a Liquid expression: a number, a literal, or a variable path."""
    if _NUMBER.match(text):
        return float(text) if "." in text else int(text)
    if text in _LITERALS:
        return _LITERALS[text]
    path: list[object] = list(text.split("."))
    return context.get(path, token=token, default=None)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _load(context: RenderContext, path: Path, name: str) -> BoundTemplate:
    cache = context.env.reblog_includes  # type: ignore[attr-defined]
    key = str(path)
    template: BoundTemplate | None = cache.get(key)
    if template is None:
        display = f"_includes/{name}"
        text = decode(path.read_bytes(), display)
        try:
            template = cache[key] = context.env.from_string(text, name=display)
        except LiquidError as err:
            # Reported where the include is used (Jekyll: "... included in index.html").
            err.template_name = None
            mark_include(err, display, key, error_line(err, context.env, text))
            raise
    return template


class IncludeTag(Tag):
    """``{% include file.html key="value" other=variable %}``."""

    name = "include"
    block = False
    relative = False

    def parse(self, stream: TokenStream) -> Node:
        """Read the file name and the raw parameters."""
        token, markup = read_markup(stream)
        file, params = split_markup(markup)
        if not file:
            raise LiquidError("include tag needs a file name", token=token)
        return IncludeNode(token, file, params, self.relative)


class IncludeRelativeTag(IncludeTag):
    """``{% include_relative file.md %}``: a file next to the page that includes it."""

    name = "include_relative"
    relative = True
