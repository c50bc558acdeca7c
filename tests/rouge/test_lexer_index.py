"""The generated index of lexer modules (which module defines a Rouge tag's lexer) is what the
modules define now: a lexer the index leaves out would never be used, one it names wrongly
would fail at its first code block."""

from __future__ import annotations

from pathlib import Path

from reblog.rouge import lexer_index
from reblog.rouge.registry import gather_lexers, index_source, rouge_lexer


def test_index_is_generated_from_the_modules() -> None:
    current = Path(lexer_index.__file__).read_text("utf-8")
    assert current == index_source(), "regenerate it: python -m reblog.rouge.registry"


def test_each_tag_finds_its_modules_lexer() -> None:
    for tag, (_module, lexer) in gather_lexers().items():
        assert rouge_lexer(tag) is lexer, tag


def test_unknown_tag_has_no_lexer() -> None:
    assert rouge_lexer("no-such-language") is None
