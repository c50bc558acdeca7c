"""Tests for reblog.kramdown.tokens: markdown-it's states making tokens without Token.__init__."""

from __future__ import annotations

import dataclasses

import pytest

from markdown_it import MarkdownIt
from markdown_it.parser_inline import ParserInline
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from reblog.config.parse import kramdown_settings
from reblog.kramdown.converter import build_markdown_it
from reblog.kramdown.tokens import COPIED, BlockState, block_state, new_token, parse_inline


def test_new_token_is_the_token_init_makes() -> None:
    for args in (("text", "", 0, 0, False), ("paragraph_open", "p", 1, 3, True), ("link_close", "a", -1, 1, False)):
        made = new_token(*args)
        expected = Token(*args[:3], level=args[3], block=args[4])
        assert made == expected
        assert [getattr(made, f.name) for f in dataclasses.fields(Token)] == [
            getattr(expected, f.name) for f in dataclasses.fields(Token)
        ]
    first, second = new_token("a", "", 0, 0, False), new_token("a", "", 0, 0, False)
    first.attrs["x"] = "1"
    first.meta["y"] = 2
    assert second.attrs == {} and second.meta == {}  # each token its own dicts


def test_block_state_pushes_the_tokens_markdown_its_state_does() -> None:
    md = MarkdownIt()
    pushes = [
        ("blockquote_open", "blockquote", 1),
        ("paragraph_open", "p", 1),
        ("inline", "", 0),
        ("paragraph_close", "p", -1),
        ("blockquote_close", "blockquote", -1),
    ]
    ours, theirs = BlockState("", md, {}, []), StateBlock("", md, {}, [])
    for args in pushes:
        assert ours.push(*args) == theirs.push(*args)  # type: ignore[arg-type]
        assert ours.level == theirs.level
    assert ours.tokens == theirs.tokens


@pytest.mark.parametrize(
    "text",
    [
        'A *b* **c** [d *e*](f "g") ![h](i) `j` <span>k</span> &amp; l\nm ~~n~~ "o" {: .p}',
        "a [^none] b [^x] *c [^y] d*",  # undefined footnote markers: texts next to texts, joined
        "[*a* <b>c</b>](d) plain text: to the end - of it",
    ],
)
def test_parse_inline_gives_markdown_its_tokens(text: str) -> None:
    md = build_markdown_it(kramdown_settings({}))
    ours: list[Token] = []
    theirs: list[Token] = []
    parse_inline(text, md, {}, ours)
    md.inline.parse(text, md, {}, theirs)
    assert ours == theirs and len(ours) > 2
    assert [t.level for t in ours] == [t.level for t in theirs]


def test_with_another_markdown_it_its_own_states_are_used() -> None:
    # (``copied=False`` is what the module chooses for a markdown-it-py whose internals it has
    # not checked: its own states, whose tokens are the same here)
    md = build_markdown_it(kramdown_settings({}))
    assert type(block_state("", md, {}, [], copied=False)) is StateBlock
    assert type(block_state("", md, {}, [], copied=True)) is BlockState
    text = 'A *b* [c](d "e") `f` <span>g</span> "h"'
    theirs: list[Token] = []
    ours: list[Token] = []
    parse_inline(text, md, {}, theirs, copied=False)
    parse_inline(text, md, {}, ours, copied=True)
    assert ours == theirs and len(ours) > 5


def test_the_pinned_markdown_it_is_one_whose_states_were_checked() -> None:
    # constraints.txt pins markdown-it-py: a new major version must be checked against the
    # copied ``push`` methods before the fast states are used with it again.
    assert COPIED, "markdown-it-py changed: compare reblog.kramdown.tokens with its StateBlock/StateInline"

@pytest.mark.parametrize(
    "text",
    [
        "[*a* <b>c</b>](d) plain text: to the end - of it",
        "text, then a tail with no rule's character at all",
        "a `code` b\\ c\nd -- e... f's \"g\" <h> &amp; i_j_ k:l",
        "",
    ],
)
def test_parse_inline_gives_markdown_its_own_loops_tokens(text: str) -> None:
    """The converter installs its own inline tokenizer (``install_inline_dispatch``: only the
    rules that can start at a character are tried, a tail no rule starts in taken at once):
    markdown-it's own loop (``ParserInline.tokenize``, called past the installed one) gives the
    same tokens."""
    md = build_markdown_it(kramdown_settings({}))
    assert "tokenize" in vars(md.inline)   # (the dispatching tokenizer is installed)
    ours: list[Token] = []
    parse_inline(text, md, {}, ours)
    theirs: list[Token] = []
    state = StateInline(text, md, {}, theirs)
    ParserInline.tokenize(md.inline, state)
    for rule in md.inline.ruler2.getRules(""):
        rule(state)
    assert ours == theirs
    assert [t.level for t in ours] == [t.level for t in theirs]
