"""Which lexer highlights a Rouge tag: a Rouge-faithful one from :mod:`reblog.rouge.lexers`,
else Pygments' lexer with Rouge's class names."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

from . import lexer_index, lexers
from .engine import LexerSpec, TokenSource


def gather_lexers() -> dict[str, tuple[str, LexerSpec | TokenSource]]:
    """Rouge tag -> (module, lexer) for every module of :mod:`reblog.rouge.lexers`, each one's
    ``LEXERS``: what :mod:`reblog.rouge.lexer_index` is generated from.

    Modules are found on disk rather than listed, so that a new one is found. This imports all
    of them (~11 ms); a build imports only the modules of the languages it highlights.
    """
    found: dict[str, tuple[str, LexerSpec | TokenSource]] = {}
    for info in sorted(pkgutil.iter_modules(lexers.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{lexers.__name__}.{info.name}")
        for tag, lexer in getattr(module, "LEXERS", {}).items():
            if tag in found:
                raise RuntimeError(f"two lexers for Rouge tag {tag!r} (second in {module.__name__})")
            found[tag] = (info.name, lexer)
    return found


def index_source() -> str:
    """The text of :mod:`reblog.rouge.lexer_index` for the lexer modules as they are."""
    rows = [f'        "{tag}": "{module}",\n' for tag, (module, _) in sorted(gather_lexers().items())]
    return (
        f'{_INDEX_HEADER}\n\nfrom __future__ import annotations\n\n'
        "from collections.abc import Mapping\nfrom types import MappingProxyType\n\n"
        "LEXER_MODULES: Mapping[str, str] = MappingProxyType(\n    {\n"
        + "".join(rows) + "    }\n)\n"
    )


_INDEX_HEADER = (
    '"""Rouge tag -> the module of :mod:`reblog.rouge.lexers` that defines its lexer, so that a\n'
    "language costs the import of its own module only. Generated from every module's ``LEXERS``\n"
    'by ``python -m reblog.rouge.registry``: do not edit."""'
)


def rouge_lexer(tag: str) -> LexerSpec | TokenSource | None:
    """The Rouge-faithful lexer for ``tag``, or None when reblog has none (its module is
    imported on first use, so that building a site without code blocks pays nothing)."""
    name = lexer_index.LEXER_MODULES.get(tag)
    if name is None:
        return None
    # Called per code block and span: an imported module is taken from sys.modules, which
    # importlib.import_module would look up too after several calls of its own.
    module_name = f"{lexers.__name__}.{name}"
    module = sys.modules.get(module_name) or importlib.import_module(module_name)
    lexer: LexerSpec | TokenSource = module.LEXERS[tag]
    return lexer


def token_source(tag: str) -> LexerSpec | TokenSource:
    """The lexer reblog uses for Rouge tag ``tag``: Rouge-faithful where there is one."""
    from .pygments_fallback import PygmentsSource  # loaded only when a language needs it

    return rouge_lexer(tag) or PygmentsSource(tag)


if __name__ == "__main__":
    # Regenerate the index after adding or changing a lexer module's LEXERS.
    Path(lexer_index.__file__).write_text(index_source(), "utf-8")
