"""The package's imports form no cycle and follow the documented layers.

Every ``import`` is read with ``ast``: at module level, inside functions (a late import can hide a
cycle as well as it hides a cost) and under ``if TYPE_CHECKING:`` (a type-only import still says
which layer knows which). A module may import modules of a lower layer, and modules of its own
package; nothing else. The layers, top to bottom (also in the README's Development section):
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "reblog"

# Top first. A name is a module or a package (its modules share the layer). Within one layer
# only a package's own modules import each other.
LAYERS: list[tuple[str, ...]] = [
    ("__main__",),
    ("cli",),
    ("serve", "deploy", "check", "scaffold", "report"),   # commands; what a build did, for CI
    ("pipeline",),                              # configure, read, generate, render, images, write
    ("parallel",),                              # render strategies: forked workers...
    ("incremental",),                           # ...and the recorded-dependency pass they share
    ("plugins",),                               # the plugin API and the built-in plugins
    ("site_services",),                         # Markdown, Sass and highlighting bound to a site
    ("render",),                                # one document through Liquid/Jinja2, Markdown, layouts
    ("templates", "kramdown"),                  # template engines; kramdown's Markdown
    ("rouge", "images", "sass"),                # highlighting; responsive images; Sass
    ("reader", "cache", "theme"),               # reading the source; the build cache; themes
    ("frontmatter", "writer"),                  # front matter; the destination
    ("model",),                                 # plain data (the site holds its typed settings)
    ("config",),                                # configuration: defaults, loading, typed settings
    ("yamlio",),                                # the safe YAML loader
    ("urls", "dates", "sitetime", "remote_theme", "sourcepaths"),  # paths, URLs; dates; site.time; theme downloads; confinement
    ("errors", "log", "profiling", "atomicfile", "lifetime"),  # the one error type; output; timing; replacing a file whole; long-lived objects
    ("ci",),                                    # GitHub Actions' workflow commands and job summary
]
__doc__ = (__doc__ or "") + "\n".join("    " + ", ".join(layer) for layer in LAYERS)


def _modules() -> dict[str, Path]:
    """Every module of the package by dotted name (``reblog.templates.liquid``)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _resolve(name: str) -> str | None:
    """The package module an imported name belongs to (a name inside a module: that module)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str, path: Path) -> set[str]:
    """The package modules ``module`` imports, wherever in the file the import is."""
    is_package = path.name == "__init__.py"
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == "reblog"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            if origin.split(".")[0] != "reblog":
                continue
            for alias in node.names:
                # ``from . import worker`` imports the submodule when there is one.
                submodule = f"{origin}.{alias.name}"
                found.add(submodule if submodule in MODULES else origin)
    return {r for r in (_resolve(name) for name in found) if r and r != module}


GRAPH = {module: _imports(module, path) for module, path in MODULES.items()}


def _component(module: str) -> str:
    """The top-level module or package a module belongs to (``templates`` for templates.views)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _layer(module: str) -> int:
    component = _component(module)
    if not component:
        return len(LAYERS)  # the package's __init__ (its version): below everything
    for index, layer in enumerate(LAYERS):
        if component in layer:
            return index
    raise AssertionError(f"{module} is in no layer: add it to LAYERS in {Path(__file__).name}")


def test_every_module_has_a_layer() -> None:
    for module in MODULES:
        _layer(module)


def test_imports_go_down_the_layers() -> None:
    wrong = []
    for module, imported in sorted(GRAPH.items()):
        for other in sorted(imported):
            same_package = _component(module) == _component(other)
            if not same_package and _layer(other) <= _layer(module):
                wrong.append(f"{module} imports {other} (layer {_component(other)!r} is not below "
                             f"{_component(module)!r})")
    assert not wrong, "imports against the layering:\n" + "\n".join(wrong)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles() -> None:
    assert _cycles(GRAPH) == []


@pytest.mark.parametrize("graph, expected", [
    ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
    ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
])
def test_the_cycle_finder_finds_cycles(graph: dict[str, set[str]], expected: list[list[str]]) -> None:
    assert _cycles(graph) == expected


def test_late_and_type_only_imports_are_read(tmp_path: Path) -> None:
    source = tmp_path / "probe.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from reblog.render import Renderer\n"
        "def f():\n    from reblog.pipeline import build\n    import reblog.cli\n",
        encoding="utf-8",
    )
    assert _imports("reblog.probe", source) == {"reblog.render", "reblog.pipeline", "reblog.cli"}
