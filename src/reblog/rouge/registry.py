"""Which lexer highlights a Rouge tag: a Rouge-faithful one from :mod:`reblog.rouge.lexers`,
else Pygments' lexer with Rouge's class names."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from functools import cache, lru_cache
from types import MappingProxyType

from . import lexers
from .engine import LexerSpec, TokenSource

# Rouge tag -> the module of :mod:`reblog.rouge.lexers` that defines its lexer, so that a
# language costs the import of its own module only (all of them take ~15 ms).  A new lexer
# module adds its tags here; tests/rouge/test_lexer_index.py checks this against every
# module's ``LEXERS``.
LEXER_MODULES: Mapping[str, str] = MappingProxyType(
    {
        "apache": "apache", "applescript": "applescript", "awk": "awk", "batchfile": "batchfile",
        "c": "c", "clojure": "clojure", "cmake": "cmake", "conf": "ini", "console": "scripting",
        "coq": "coq", "cpp": "c", "csharp": "csharp", "css": "web", "cuda": "c", "d": "d",
        "dart": "dart", "diff": "diff", "docker": "docker", "elixir": "elixir", "elm": "elm",
        "erb": "ruby", "erlang": "erlang", "fortran": "fortran", "fsharp": "fsharp", "glsl": "c",
        "go": "go", "gradle": "groovy", "graphql": "graphql", "groovy": "groovy",
        "handlebars": "templates", "haskell": "haskell", "hcl": "hcl", "html": "web", "http": "http",
        "ini": "ini", "irb": "irb", "irb_output": "irb", "java": "java", "javascript": "web",
        "jinja": "scripting", "json": "web", "jsx": "web", "julia": "julia", "kotlin": "kotlin",
        "liquid": "liquid", "llvm": "llvm", "lua": "lua", "make": "make", "markdown": "scripting",
        "matlab": "matlab", "nasm": "nasm", "nginx": "nginx", "nix": "nix", "objective_c": "c",
        "objective_cpp": "c", "ocaml": "ocaml", "pascal": "pascal", "perl": "perl", "php": "php",
        "plaintext": "plain", "plist": "plist", "plsql": "plsql", "powershell": "powershell",
        "prolog": "prolog", "properties": "ini", "protobuf": "protobuf", "puppet": "puppet",
        "python": "scripting", "r": "r", "ruby": "ruby", "rust": "rust", "sass": "sass",
        "scala": "scala", "scheme": "scheme", "scss": "sass", "sed": "sed", "shell": "scripting",
        "solidity": "solidity", "sql": "sql", "swift": "swift", "terraform": "hcl", "tex": "tex",
        "toml": "toml", "tsx": "web", "twig": "templates", "typescript": "web", "verilog": "verilog",
        "vhdl": "vhdl", "viml": "viml", "vue": "vue", "xml": "xml", "yaml": "web", "zig": "zig",
    }
)


@lru_cache(maxsize=1)
def rouge_lexers() -> Mapping[str, LexerSpec | TokenSource]:
    """Rouge tag -> reblog's Rouge-faithful lexer, gathered from every module of
    :mod:`reblog.rouge.lexers` (each one's ``LEXERS``): what :data:`LEXER_MODULES` indexes.

    Modules are found on disk rather than listed, so that a module missing from the index
    is found by its test.
    """
    found: dict[str, LexerSpec | TokenSource] = {}
    for info in sorted(pkgutil.iter_modules(lexers.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{lexers.__name__}.{info.name}")
        for tag, lexer in getattr(module, "LEXERS", {}).items():
            if tag in found:
                raise RuntimeError(f"two lexers for Rouge tag {tag!r} (second in {module.__name__})")
            found[tag] = lexer
    return MappingProxyType(found)


@cache
def rouge_lexer(tag: str) -> LexerSpec | TokenSource | None:
    """The Rouge-faithful lexer for ``tag``, or None when reblog has none (its module is
    imported on first use, so that building a site without code blocks pays nothing)."""
    name = LEXER_MODULES.get(tag)
    if name is None:
        return None
    lexer: LexerSpec | TokenSource = importlib.import_module(f"{lexers.__name__}.{name}").LEXERS[tag]
    return lexer


def token_source(tag: str) -> LexerSpec | TokenSource:
    """The lexer reblog uses for Rouge tag ``tag``: Rouge-faithful where there is one."""
    from .pygments_fallback import PygmentsSource  # loaded only when a language needs it

    return rouge_lexer(tag) or PygmentsSource(tag)
