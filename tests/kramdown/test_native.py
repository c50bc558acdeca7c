"""Tests for reblog.kramdown.native: html_to_native on table parts and cells outside a table.

The cases are tests/fixtures/kramdown_native_errors/NAME.md; regenerate.sh there records what
Jekyll's kramdown converter does with each: NAME.html when it converts, NAME.error when kramdown
stops (then ``jekyll build`` fails with a conversion error, and so must reblog, in one line).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reblog.config.parse import kramdown_settings
from reblog.errors import ReblogError
from reblog.kramdown.converter import MarkdownRenderer

CASES = Path(__file__).parents[1] / "fixtures" / "kramdown_native_errors"


@pytest.fixture(scope="module")
def renderer() -> MarkdownRenderer:
    """Jekyll's defaults with ``html_to_native``."""
    return MarkdownRenderer(kramdown_settings({"kramdown": {"html_to_native": True}}))


def _cases() -> list[str]:
    return sorted(p.stem for p in CASES.glob("*.md"))


@pytest.mark.parametrize("name", _cases())
def test_native_case_matches_kramdown(renderer: MarkdownRenderer, name: str) -> None:
    """kramdown's output where it converts; a ReblogError (never another exception) where it stops."""
    source = (CASES / f"{name}.md").read_text(encoding="utf-8")
    error = CASES / f"{name}.error"
    if error.exists():
        with pytest.raises(ReblogError, match="html_to_native cannot convert"):
            renderer.render(source)
    else:
        assert renderer.render(source) == (CASES / f"{name}.html").read_text(encoding="utf-8")


def test_cases_cover_both_outcomes() -> None:
    """The fixture set holds inputs kramdown stops on and inputs it converts."""
    names = _cases()
    assert any((CASES / f"{n}.error").exists() for n in names)
    assert any((CASES / f"{n}.html").exists() for n in names)


@pytest.mark.parametrize(("body", "line"), [
    ("Text\n\n<td>a</td>\n", 7),
    ("Text\n\n> quote\n>\n> <tr><td>a</td></tr>\n", 9),   # the line its HTML block starts on
])
def test_build_stops_with_one_line_naming_the_page(tmp_path: Path, body: str, line: int) -> None:
    """A page kramdown cannot convert fails the build like Jekyll's, without a traceback, in one
    line naming the file and the line in it."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "_config.yml").write_text("kramdown:\n  html_to_native: true\n", encoding="utf-8")
    (site / "ok.md").write_text("---\n---\n\nfine\n", encoding="utf-8")
    (site / "bad.md").write_text(f"---\ntitle: x\n---\n\n{body}", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-m", "reblog", "build"], cwd=site, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    errors = [line for line in (done.stdout + done.stderr).splitlines() if "html_to_native" in line]
    assert len(errors) == 1
    assert f"bad.md:{line}: " in errors[0] and "<td>" in errors[0]
