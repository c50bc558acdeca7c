"""Front matter split as Jekyll splits it (expected output from Jekyll 4.3.1's own regexp and
YAML loader: tests/fixtures/frontmatter/regenerate.rb)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reblog.errors import ReblogError
from reblog.frontmatter import SourceMemo, has_front_matter, parse_source, read_source

HERE = Path(__file__).parent / "fixtures" / "frontmatter"
INPUTS: dict[str, str] = json.loads((HERE / "inputs.json").read_text(encoding="utf-8"))
EXPECTED: dict[str, dict[str, Any]] = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))
# Files' first bytes, and whether Jekyll's Utils.has_yaml_header? finds front matter in them
# (tests/fixtures/frontmatter/regenerate_headers.rb).
HEADERS: dict[str, str] = json.loads((HERE / "headers.json").read_text(encoding="utf-8"))
HEADERS_EXPECTED: dict[str, bool] = json.loads((HERE / "headers_expected.json").read_text(encoding="utf-8"))


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


# The dev server's memo of parsed front matter: same results as parsing, never shared state.
TEXT = "---\ntitle: One\ntags: [a, b]\nnested: {x: [1]}\n---\nBody.\n"


def test_a_memo_gives_what_parsing_gives_and_a_fresh_copy_each_time(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(TEXT, encoding="utf-8")
    memo = SourceMemo()
    first = read_source(path, "a.md", memo)
    assert first == read_source(path, "a.md")
    first.data["tags"].append("changed by a reader")
    first.data["nested"]["x"].append(2)
    memo.next_run()
    again = read_source(path, "a.md", memo)
    assert again == read_source(path, "a.md")
    assert again.data["tags"] == ["a", "b"] and again.data["nested"] == {"x": [1]}


def test_a_changed_file_is_parsed_again(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(TEXT, encoding="utf-8")
    memo = SourceMemo()
    read_source(path, "a.md", memo)
    memo.next_run()
    path.write_text(TEXT.replace("One", "Two"), encoding="utf-8")
    assert read_source(path, "a.md", memo).data["title"] == "Two"
    memo.next_run()
    path.write_text(TEXT, encoding="utf-8")
    assert read_source(path, "a.md", memo).data["title"] == "One"


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_front_matter_found_as_jekyll_finds_it(name: str, tmp_path: Path) -> None:
    """A page or a static file: first lines of blanks longer than the few bytes peeked at first,
    no newline, carriage returns, text after the fence, binary files."""
    path = tmp_path / "file"
    path.write_bytes(HEADERS[name].encode("utf-8"))
    assert has_front_matter(path) is HEADERS_EXPECTED[name]
