"""The lexer engine runs a state's rules as Rouge does, tried in order, although it compiles a
state into one alternation: each case here is a rule list where a careless combination would
answer differently (expected tokens follow from Rouge's RegexLexer rules, worked out by hand)."""

from __future__ import annotations

import dataclasses
import re

import pytest

from reblog.rouge.engine import LexerSpec, RuleMatch, Run, Words, _RuleMemo, r


def test_first_rule_wins_over_a_longer_later_match() -> None:
    spec = LexerSpec("t", {"root": [r(r"a", "k"), r(r"ab+", "s"), r(r"b", "p")]})
    assert spec.tokens("abb") == [("k", "a"), ("p", "bb")]


def test_a_rule_with_alternatives_of_its_own_stays_one_rule() -> None:
    spec = LexerSpec("t", {"root": [r(r"x|y", "k"), r(r"z", "s")]})
    assert spec.tokens("xyz") == [("k", "xy"), ("s", "z")]


def test_rule_flags_apply_to_that_rule_only() -> None:
    spec = LexerSpec(
        "t",
        {
            "root": [
                r(r"select", "k", flags=re.IGNORECASE),
                r(r"<.*>", "c", flags=re.DOTALL),
                r(r"abc  # a comment (in a verbose rule)", "nv", flags=re.VERBOSE),
                r(r"[A-Z]+", "n"),
                r(r".", ""),
                r(r"\n", "w"),
            ]
        },
    )
    assert spec.tokens("SELECT<a\nb>abcWHERE<c\n") == [
        ("k", "SELECT"),
        ("c", "<a\nb>"),
        ("nv", "abc"),
        ("n", "WHERE"),
        ("", "<c"),
        ("w", "\n"),
    ]


def test_group_classes_and_callbacks_see_their_own_groups() -> None:
    seen: list[tuple[str, ...]] = []

    def callback(run: Run, m: RuleMatch) -> None:
        seen.append((m.group(1), m.group(2)))
        run.groups("nf", "o")

    spec = LexerSpec(
        "t",
        {
            "root": [
                r(r"(\d+)(px)", ("m", "k")),
                r(r"(\w+)(=)", callback),
                r(r"(;)(\s*)", ("p", "")),
                r(r"\s+", ""),
            ]
        },
    )
    assert spec.tokens("12px a=; b=") == [
        ("m", "12"),
        ("k", "px"),
        ("", " "),
        ("nf", "a"),
        ("o", "="),
        ("p", ";"),
        ("", " "),
        ("nf", "b"),
        ("o", "="),
    ]
    assert seen == [("a", "="), ("b", "=")]


def test_a_callback_has_only_its_own_groups() -> None:
    """Past its rule's groups a callback's match raises, as its own regex's would: in the
    alternation the next groups are the next rule's (here ``(c)``'s)."""
    seen: list[object] = []

    def callback(run: Run, m: RuleMatch) -> None:
        seen.append(m.group(1))
        for index in (2, -1):
            try:
                seen.append(m.group(index))
            except IndexError:
                seen.append(IndexError)
        run.token("k")

    spec = LexerSpec("t", {"root": [r(r"(a)", "n"), r(r"(b)", callback), r(r"(c)", "s")]})
    assert spec.tokens("b") == [("k", "b")]
    assert seen == ["b", IndexError, IndexError]


def test_a_callback_has_only_its_own_groups_first_or_without_groups() -> None:
    """The first rule of an alternation (its groups do start at 1, but the marker and the other
    rules' groups follow them) and a later rule with no groups at all raise past their groups too."""
    seen: list[object] = []

    def callback(run: Run, m: RuleMatch) -> None:
        for index in (1, 2):
            try:
                seen.append(m.group(index))
            except IndexError:
                seen.append(IndexError)
        run.token("k" if m.group(0) == "a" else "n")

    spec = LexerSpec("t", {"root": [r(r"(a)", callback), r(r"(c)", "s"), r(r"b", callback), r(r"(d)", "n")]})
    assert spec.tokens("ab") == [("k", "a"), ("n", "b")]
    assert seen == ["a", IndexError, IndexError, IndexError]


def test_back_references_keep_their_meaning() -> None:
    spec = LexerSpec("t", {"root": [r(r"(\w)", "n"), r(r"(['\"]).*?\1", "s"), r(r".", "err")]})
    assert spec.tokens("a'x\"y'\"") == [("n", "a"), ("s", "'x\"y'"), ("err", '"')]


def test_state_changes_and_no_match() -> None:
    spec = LexerSpec(
        "t",
        {
            "root": [r(r"\(", "p", "inner"), r(r"\w+", "n")],
            "inner": [r(r"\)", "p", "#pop"), r(r"\(", "p", "#push"), r(r"\w+", "s")],
        },
    )
    # "!" matches no rule of root: one error character, then lexing goes on.
    assert spec.tokens("f(a(b))!g") == [
        ("n", "f"),
        ("p", "("),
        ("s", "a"),
        ("p", "("),
        ("s", "b"),
        ("p", "))"),
        ("err", "!"),
        ("n", "g"),
    ]


def test_words_classify_by_the_lexers_sets() -> None:
    identifier = Words((("keywords", "k", "after"), ("builtins", "nb", None)), ("n", None))
    base = LexerSpec(
        "t",
        {
            "root": [r(r"\w+", identifier), r(r"\s+", "")],
            "after": [r(r"\s+", ""), r(r"\d+", "m", "#pop"), r(r"", None, "#pop")],
        },
        attrs={"keywords": {"if", "len"}, "builtins": {"len", "print"}},
    )
    # The first set holding a word wins ("len" is a keyword here); a keyword pushes "after".
    assert base.tokens("if 1 len print x") == [
        ("k", "if"),
        ("", " "),
        ("m", "1"),
        ("", " "),
        ("k", "len"),
        ("", " "),
        ("nb", "print"),
        ("", " "),
        ("n", "x"),
    ]
    derived = base.derive("u", attrs={"keywords": {"print"}})
    assert derived.tokens("len print 2") == [("nb", "len"), ("", " "), ("k", "print"), ("", " "), ("m", "2")]


def test_rules_made_while_lexing_leave_the_lexers_tables_as_they_were() -> None:
    """A heredoc's rules embed its delimiter: lexing ever new ones must not grow what the
    lexer keeps for all its runs (each rule's alternative, each word table)."""

    def heredoc(run: Run, m: RuleMatch) -> None:
        run.token("k")
        delimiter = re.escape(m.group(1))
        # (the last rule, empty, makes the state work out its rules' first characters too)
        run.push_rules([r(rf"^{delimiter}$", "k", "#pop"), r(r"(?x) [^\n]* \n  # a line", "s"), r(r"", "", "#pop")])

    spec = LexerSpec("t", {"root": [r(r"<<(\w+)\n", heredoc), r(r"[^\n]*\n", "")]})
    tables = spec.tables()

    def kept() -> tuple[int, int, int]:
        return len(tables._alternatives), len(tables._words), len(tables._first_chars)

    assert spec.tokens("<<A\nx\nA\n") == [("k", "<<A\n"), ("s", "x\n"), ("k", "A"), ("", "\n")]
    before = kept()
    for name in ("B", "C", "D"):
        assert spec.tokens(f"<<{name}\ny\n{name}\n")[-2] == ("k", name)
    assert kept() == before


def test_a_last_rule_matching_nothing_is_taken_where_no_other_rule_can_start() -> None:
    """Where no other rule's match can start (by its first characters), the scanner takes the
    state's last, empty rule without asking the regex: the same tokens, state changes and
    count of empty matches (the sixth in a row gives up the character) as the regex gives."""
    spec = LexerSpec(
        "t",
        {
            "root": [r(r"a", "k", "expr"), r(r"b", "n"), r(r"[ ]", "")],
            "expr": [r(r"\s+", ""), r(r"/", "sr"), r(r"", "", "#pop")],
            "grow": [r(r"x", "k"), r(r"", "", "#push")],
        },
    )
    known = spec.tables()["expr"].known
    assert known is not None and known["a"].width == 0 and "/" in known and " " not in known
    assert spec.tokens("a b a/b") == [("k", "a"), ("", " "), ("n", "b"), ("", " "), ("k", "a"), ("sr", "/"), ("n", "b")]
    run = Run(spec)
    run.stack[:] = ["grow"]
    run.feed("yx")
    assert run.out == [("err", "y"), ("k", "x")]
    assert run.stack == ["grow"] * 7


def test_rules_that_can_never_match_first_are_left_out() -> None:
    """A rule whose regex an earlier rule has, or one after an empty regex, never matches
    first: the state's alternation leaves it out (one marker group per rule kept)."""
    spec = LexerSpec(
        "t",
        {"root": [r(r"a", "k"), r(r"b", "n"), r(r"a", "s"), r(r"", "", "x"), r(r"c", "err")], "x": [r(r"\w", "nx", "#pop")]},
    )
    assert spec.tables()["root"].segments[0][0].groups == 3
    assert spec.tokens("abac") == [("k", "a"), ("n", "b"), ("k", "a"), ("nx", "c")]


def test_a_rule_of_one_character_is_taken_without_its_regex_where_it_is_first() -> None:
    """Where the first rule whose match can start with the character is one character or class
    of characters the character is one of, the scanner takes it without asking the regex: the
    same tokens and state changes as the regex gives; a character the class may not match, or
    one an earlier rule can start with, goes to the regex."""
    spec = LexerSpec(
        "t",
        {
            "root": [r(r"\(\(", "o"), r(r"[(\[,]", "p", "inner"), r(r"[^\W\d]", "n"), r(r"\w+", "m"), r(r".", "err")],
            "inner": [r(r"\]", "p", "#pop"), r(r"[^\]]", "s")],
        },
    )
    known = spec.tables()["root"].known
    assert known is not None
    assert known["["].width == 1 and known["["].target == "inner" and known["x"].action == "n"
    assert "(" not in known and "5" not in known  # "((" can start there; \d is not [^\W\d]
    assert spec.tokens("((x[a]5,b]") == [
        ("o", "(("), ("n", "x"), ("p", "["), ("s", "a"), ("p", "]"), ("m", "5"), ("p", ","), ("s", "b"), ("p", "]"),
    ]
    assert spec.tokens("(é") == [("p", "("), ("s", "é")]


def test_states_compiled_from_their_text_lex_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where regex_join cannot put an alternation together (a later Python's regex internals,
    say), the state's alternation is compiled from its text: the same tokens."""
    from reblog.rouge import regex_join
    from reblog.rouge.registry import gather_lexers

    samples = {"javascript": "let a = [1, 2]; if (a.b) { f(`x${y}`) } // c\n", "ruby": "def f(x) = x&.y || :z # c\n",
               "python": "@d\ndef f(a: int = 1) -> str:\n    return f'{a!r}' # c\n", "css": "a > b:hover { color: #fff; }\n"}
    lexers = gather_lexers()
    specs = {name: lexers[name][1] for name in samples}
    joined = {name: spec.tokens(samples[name]) for name, spec in specs.items()}
    monkeypatch.setattr(regex_join, "join", lambda pieces, flags: None)
    for name, spec in specs.items():
        assert isinstance(spec, LexerSpec)
        # (a copy with empty tables and memo: the lexer's own keep what they compiled)
        fresh = dataclasses.replace(spec, _flat=None, _tables=None, _memo=_RuleMemo())
        assert fresh.tokens(samples[name]) == joined[name] and len(joined[name]) > 8, name
        segments = [segment for rules in fresh.tables().values() for segment in rules.segments]
        assert segments and all(rx.pattern is not None for rx, _, _ in segments)   # (compiled from text)
