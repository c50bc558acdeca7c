"""The registry's index of lexer modules (which module defines a Rouge tag's lexer) matches what
the modules define: a lexer the index leaves out would never be used, one it names wrongly
would fail at its first code block."""

from __future__ import annotations

from reblog.rouge.registry import LEXER_MODULES, rouge_lexer, rouge_lexers


def test_index_names_every_lexer_and_its_module() -> None:
    found = rouge_lexers()  # every module of reblog.rouge.lexers, imported and read
    missing = sorted(set(found) - set(LEXER_MODULES))
    assert not missing, f"add to LEXER_MODULES in reblog/rouge/registry.py: {missing}"
    stale = sorted(set(LEXER_MODULES) - set(found))
    assert not stale, f"LEXER_MODULES names tags no module defines: {stale}"
    for tag, lexer in found.items():
        assert rouge_lexer(tag) is lexer, f"{tag}: LEXER_MODULES names {LEXER_MODULES[tag]!r}, not its module"


def test_unknown_tag_has_no_lexer() -> None:
    assert rouge_lexer("no-such-language") is None
