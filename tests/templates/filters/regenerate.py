"""Build tiny Jekyll sites from filter_cases.py and record real Jekyll output in expected.json.

Usage: python tests/templates/filters/regenerate.py   (needs `jekyll` on PATH)
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
EXPECTED = HERE / "expected.json"


def load_cases() -> ModuleType:
    """Import filter_cases.py by path (the tests directory is not a package)."""
    spec = importlib.util.spec_from_file_location("filter_cases", HERE / "filter_cases.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def case_key(config: str, template: str) -> str:
    """Key of one case in expected.json."""
    return f"{config}::{template}"


def write_site(root: Path, config: dict[str, object], cases: ModuleType,
               templates: list[str]) -> None:
    """Write a Jekyll source tree with one page per template."""
    root.mkdir(parents=True)
    (root / "_config.yml").write_text(json.dumps(config), encoding="utf-8")
    data_dir = root / "_data"
    data_dir.mkdir()
    for name, value in cases.DATA.items():
        (data_dir / f"{name}.json").write_text(json.dumps(value), encoding="utf-8")
    for index, template in enumerate(templates):
        page = f"---\n{cases.PAGE_YAML}---\n{template}"
        (root / f"case{index:04d}.html").write_text(page, encoding="utf-8")


def build(root: Path) -> bool:
    """Run `jekyll build`; True when it succeeded."""
    result = subprocess.run(
        ["jekyll", "build", "-q", "-s", str(root), "-d", str(root / "_site")],
        capture_output=True, text=True, check=False,
    )
    return result.returncode == 0


def render_all(config_name: str, templates: list[str], cases: ModuleType,
               workdir: Path) -> dict[str, str]:
    """Render every template with one site config; returns key -> output."""
    root = workdir / config_name
    write_site(root, cases.CONFIGS[config_name], cases, templates)
    if not build(root):
        failing = [t for t in templates if check_error(config_name, t, cases, workdir)]
        raise SystemExit(f"jekyll build failed for config {config_name!r}: {failing}")
    site = root / "_site"
    return {
        case_key(config_name, template): (site / f"case{index:04d}.html").read_text("utf-8")
        for index, template in enumerate(templates)
    }


def check_error(config_name: str, template: str, cases: ModuleType, workdir: Path) -> bool:
    """True when Jekyll fails to build a page holding only this template."""
    root = workdir / f"err-{abs(hash(template))}"
    write_site(root, cases.CONFIGS[config_name], cases, [template])
    return not build(root)


def main() -> None:
    """Regenerate expected.json."""
    if not shutil.which("jekyll"):
        sys.exit("jekyll is not installed")
    cases = load_cases()
    by_config: dict[str, list[str]] = {}
    for group in cases.CASES.values():
        for config_name, template in group:
            by_config.setdefault(config_name, []).append(template)
    for config_name, _, template in cases.JINJA_CASES:
        by_config.setdefault(config_name, []).append(template)
    expected: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for config_name, templates in by_config.items():
            expected.update(render_all(config_name, sorted(set(templates)), cases, workdir))
        errors = {case_key(c, t): check_error(c, t, cases, workdir) for c, t in cases.ERROR_CASES}
    expected["__errors__"] = errors
    EXPECTED.write_text(json.dumps(expected, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
                        encoding="utf-8")
    print(f"wrote {len(expected) - 1} outputs and {len(errors)} error checks to {EXPECTED}")


if __name__ == "__main__":
    main()
