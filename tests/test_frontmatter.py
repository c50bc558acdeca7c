"""Front matter split as Jekyll splits it (expected output from Jekyll 4.3.1's own regexp and
YAML loader: tests/fixtures/frontmatter/regenerate.rb)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reblog.errors import ReblogError
from reblog.frontmatter import parse_source

HERE = Path(__file__).parent / "fixtures" / "frontmatter"
INPUTS: dict[str, str] = json.loads((HERE / "inputs.json").read_text(encoding="utf-8"))
EXPECTED: dict[str, dict[str, Any]] = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_split_matches_jekyll(name: str) -> None:
    text, want = INPUTS[name], EXPECTED[name]
    got = parse_source(text, f"{name}.md")
    assert got.data == want["data"]
    assert got.body == want["body"]
    # The body's first line, for errors in the body: every line before it belongs to the fence.
    assert got.body_line == text.count("\n") - want["body"].count("\n") + 1


def test_yaml_error_names_its_line_in_the_file() -> None:
    with pytest.raises(ReblogError) as caught:
        parse_source("---\ntitle: ok\nbad: [unclosed\n---\nbody\n", "post.md")
    assert (caught.value.file, caught.value.line) == ("post.md", 4)


def test_front_matter_that_is_not_a_mapping_is_one_error_at_line_2() -> None:
    with pytest.raises(ReblogError) as caught:
        parse_source("---\n- a\n- b\n---\nbody\n", "page.md")
    assert "mapping" in caught.value.message
    assert (caught.value.file, caught.value.line) == ("page.md", 2)
