"""No module outside config/ reads a setting from the raw configuration mapping: each key has
one rule, in config/parse.py, and the code reads the typed settings (site.settings)."""

from __future__ import annotations

import ast
from pathlib import Path

from reblog.config.defaults import DEFAULTS

SRC = Path(__file__).resolve().parents[2] / "src" / "reblog"


def _parsed_keys() -> set[str]:
    """Jekyll's default keys and every top-level key config/parse.py reads (``top.text("url")``...)."""
    keys = set(DEFAULTS) | {"images", "social_cards"}   # (read by config/images.py, _social_cards)
    tree = ast.parse((SRC / "config" / "parse.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "top"
                and node.args and isinstance(node.args[0], ast.Constant)):
            keys.add(str(node.args[0].value))
    return keys


PARSED = _parsed_keys()


def _raw_reads(source: str, where: str, plugin: bool) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
            owner, key = node.func.value, node.args[0] if node.args else None
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
            owner, key = node.value, node.slice
        else:
            continue
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str) and key.value in PARSED):
            continue
        # The configuration mapping as the code names it: ``site.config``, ``self.config``, and
        # ``config`` outside plugins (where that name is also a plugin's own merged options).
        attribute = isinstance(owner, ast.Attribute) and owner.attr == "config"
        if attribute or (not plugin and isinstance(owner, ast.Name) and owner.id == "config"):
            found.append(f"{where}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_settings_are_read_typed_outside_the_config_package() -> None:
    assert {"url", "theme", "markdown_ext", "paginate", "social_cards"} <= PARSED
    reads = []
    for path in sorted(SRC.rglob("*.py")):
        package = path.relative_to(SRC).parts[0]
        if package != "config":
            text = path.read_text(encoding="utf-8")
            reads += _raw_reads(text, str(path.relative_to(SRC)), plugin=package == "plugins")
    assert reads == [], "\n".join(reads)


def test_raw_reads_are_seen_and_site_variables_and_writes_are_not() -> None:
    code = (
        "a = site.config.get('baseurl')\nb = config['theme']\nc = self.config.get('title')\n"
        "config['theme'] = 'x'\nd = options.get('url')\n"
    )
    assert _raw_reads(code, "m.py", plugin=False) == [
        "m.py:1: site.config.get('baseurl')", "m.py:2: config['theme']"]
    # In a plugin, ``config`` may be its own merged options (paginate-v2's ``permalink``).
    assert _raw_reads(code, "p.py", plugin=True) == ["p.py:1: site.config.get('baseurl')"]
