"""Languages without a Rouge-faithful lexer: Pygments' lexer, its classes renamed to Rouge's."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from types import MappingProxyType

from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.lexers.special import TextLexer
from pygments.token import STANDARD_TYPES, Text, Whitespace, _TokenType
from pygments.util import ClassNotFound

# Rouge tags whose Pygments lexer has a different name (or is the closest equivalent).
_PYGMENTS_NAME: Mapping[str, str] = MappingProxyType(
    {
        "plaintext": "text",
        "shell": "bash",
        "console": "console",
        "irb": "rbcon",
        "irb_output": "text",
        "jsonc": "json",
        "json-doc": "json",
        "conf": "text",
        "gradle": "groovy",
        "plist": "xml",
        "hack": "php",
        "plsql": "plpgsql",
        "eex": "html",
        "react": "jsx",
        "jsx": "jsx",
        "liquid": "liquid",
        "digdag": "yaml",
        "hocon": "text",
        "xojo": "vbnet",
    }
)

# (JavaScript, TypeScript, JSX, TSX, JSON, YAML, CSS and HTML do not go through Pygments: they
# have Rouge-faithful lexers in reblog.rouge.lexers.)
# Per-language renames of Pygments' short classes to the ones Rouge's lexer of that language
# uses for the same construct (Rouge and Pygments lexers mostly agree, these are the common
# systematic differences observed against Rouge 3.30).
_CLASS_RENAMES: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "python": {"kc": "bp", "s2": "s", "s1": "s", "sd": "s"},
        "go": {"nx": "n", "kn": "k", "kd": "k", "kt": "kt", "mi": "m", "mf": "m", "kc": "no", "p": "o"},
        "java": {"p": "o"},
        "rust": {"fm": "nd", "kd": "k", "kt": "nb", "cp": "nd"},
        "shell": {"c1": "c", "ch": "c"},
        "ruby": {"kp": "nb"},
    }
)

# Renames that only apply to one exact token text: (rouge tag, pygments class, text) -> class.
_VALUE_RENAMES: Mapping[tuple[str, str, str], str] = MappingProxyType(
    {
        ("python", "nb", "print"): "k",
    }
)

# Languages whose Rouge lexer wraps whitespace in ``w`` spans (Pygments' Text.Whitespace).
_KEEP_WHITESPACE: frozenset[str] = frozenset()

# Languages whose Rouge lexer leaves the newline that ends a line comment outside the span.
_COMMENT_NEWLINE_OUTSIDE: frozenset[str] = frozenset({"c", "cpp", "rust", "sql", "go", "shell", "java"})

# Languages whose Rouge lexer includes the newline ending a line comment in the comment span.
_COMMENT_NEWLINE_INSIDE: frozenset[str] = frozenset({"python"})

# Pygments token types that Rouge lexers (nearly always) emit as plain unstyled text.
_PLAIN_TYPES: frozenset[_TokenType] = frozenset({Text, Whitespace})


# A memo of a function of the tag alone, kept for the process as Pygments keeps the lexer
# classes themselves (finding one by alias scans all of Pygments' lexers, per block otherwise):
# bounded (Rouge has ~200 tags), and its entries are used, never changed (a Pygments lexer
# keeps a text's lexing state in get_tokens' locals, and its options are fixed when made).
@lru_cache(maxsize=256)
def _lexer_for_tag(tag: str) -> Lexer:
    """Build (once per tag) the Pygments lexer used to imitate Rouge's lexer ``tag``."""
    name = _PYGMENTS_NAME.get(tag, tag)
    options = {"stripnl": False, "stripall": False, "ensurenl": False}
    try:
        return get_lexer_by_name(name, **options)
    except ClassNotFound:
        # Rouge knows this language but Pygments does not: keep Rouge's wrapper markup, unstyled.
        return TextLexer(**options)


def _css_class(ttype: _TokenType) -> str:
    """Return the short CSS class Rouge uses for a token type ('' means no span)."""
    if ttype in _PLAIN_TYPES:
        return ""
    while ttype not in STANDARD_TYPES:
        ttype = ttype.parent
    css: str = STANDARD_TYPES[ttype]
    return css


def _classified(tokens: Iterable[tuple[_TokenType, str]], tag: str) -> Iterator[tuple[str, str]]:
    """Yield (Rouge css class, text) for Pygments tokens, applying the per-language fix-ups."""
    renames = _CLASS_RENAMES.get(tag, {})
    split_newline = tag in _COMMENT_NEWLINE_OUTSIDE
    keep_ws = tag in _KEEP_WHITESPACE
    newline_inside = tag in _COMMENT_NEWLINE_INSIDE
    held: str | None = None  # a line comment waiting to absorb the newline that follows it
    for ttype, value in tokens:
        if held is not None:
            if value.startswith("\n") and _css_class(ttype) == "":
                yield "c1", held + "\n"
                value = value[1:]
            else:
                yield "c1", held
            held = None
            if not value:
                continue
        cls = "w" if keep_ws and ttype in Whitespace else _css_class(ttype)
        cls = renames.get(cls, cls)
        cls = _VALUE_RENAMES.get((tag, cls, value), cls)
        if newline_inside and cls == "c1" and not value.endswith("\n"):
            held = value
        elif split_newline and cls.startswith("c") and value.endswith("\n") and len(value) > 1:
            yield cls, value[:-1]
            yield "", "\n"
        else:
            yield cls, value
    if held is not None:
        yield "c1", held


def _merged_tokens(tokens: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """Yield (css class, text) with adjacent same-class tokens merged, like Rouge's lexer does."""
    current_cls: str | None = None
    parts: list[str] = []
    for cls, value in tokens:
        if not value:
            continue
        if cls != current_cls and parts:
            yield current_cls or "", "".join(parts)
            parts = []
        current_cls = cls
        parts.append(value)
    if parts:
        yield current_cls or "", "".join(parts)


class PygmentsSource:
    """Pygments' lexer for a Rouge tag, with the per-language class fix-ups."""

    def __init__(self, tag: str) -> None:
        self.tag = tag

    def tokens(self, text: str) -> list[tuple[str, str]]:
        return list(_merged_tokens(_classified(_lexer_for_tag(self.tag).get_tokens(text), self.tag)))
