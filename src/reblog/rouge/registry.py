"""Which lexer highlights a Rouge tag: a Rouge-faithful one from :mod:`reblog.rouge.lexers`,
else Pygments' lexer with Rouge's class names."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from . import lexers
from .engine import LexerSpec, TokenSource


@lru_cache(maxsize=1)
def rouge_lexers() -> Mapping[str, LexerSpec | TokenSource]:
    """Rouge tag -> reblog's Rouge-faithful lexer, gathered from every module of
    :mod:`reblog.rouge.lexers` (each one's ``LEXERS``).

    Modules are found on disk rather than listed so that a language is added by adding its
    module, and imported on first use so that building a site without code blocks pays nothing.
    """
    found: dict[str, LexerSpec | TokenSource] = {}
    for info in sorted(pkgutil.iter_modules(lexers.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{lexers.__name__}.{info.name}")
        for tag, lexer in getattr(module, "LEXERS", {}).items():
            if tag in found:
                raise RuntimeError(f"two lexers for Rouge tag {tag!r} (second in {module.__name__})")
            found[tag] = lexer
    return MappingProxyType(found)


def rouge_lexer(tag: str) -> LexerSpec | TokenSource | None:
    """The Rouge-faithful lexer for ``tag``, or None when reblog has none."""
    return rouge_lexers().get(tag)


def token_source(tag: str) -> LexerSpec | TokenSource:
    """The lexer reblog uses for Rouge tag ``tag``: Rouge-faithful where there is one."""
    from .pygments_fallback import PygmentsSource  # loaded only when a language needs it

    return rouge_lexer(tag) or PygmentsSource(tag)
