"""regex_join puts a state's alternation together from its rules' parses: the regex engine's
code must be what ``re`` compiles the alternation's text to, for every state of every lexer."""

from __future__ import annotations

import re
from re import _compiler, _parser  # type: ignore[attr-defined]

from reblog.rouge import regex_join
from reblog.rouge.engine import _FLAGS, LexerSpec, _alternative, _reachable
from reblog.rouge.registry import gather_lexers

_INT_FLAGS = int(_FLAGS)


def _text_code(alternatives: list[str]) -> tuple[list[int], int, list[int]]:
    source = "|".join(f"{alternative}(?P<_{index}>)" for index, alternative in enumerate(alternatives))
    parsed = _parser.parse(source, _INT_FLAGS)
    groups = parsed.state.groups - 1
    return _compiler._code(parsed, _INT_FLAGS), groups, [parsed.state.groupdict[f"_{i}"] for i in range(len(alternatives))]


def test_every_states_alternation_is_the_code_of_its_text() -> None:
    compared = 0
    for _, lexer in gather_lexers().values():
        if not isinstance(lexer, LexerSpec):
            continue
        for rules in lexer.flattened().values():
            run: list[str] = []
            for rule in [*_reachable(rules), None]:
                alternative = None if rule is None else _alternative(rule.pattern, rule.flags)
                parsed = None if alternative is None else regex_join.parse(alternative, _FLAGS)
                if parsed is not None:
                    run.append(alternative)  # type: ignore[arg-type]
                    continue
                if run:
                    parses = [regex_join.parse(a, _FLAGS) for a in run]
                    assert regex_join.join_code(parses, _INT_FLAGS) == _text_code(run), run  # type: ignore[arg-type]
                    assert regex_join._tree_code(parses, _INT_FLAGS) == _text_code(run), run  # type: ignore[arg-type]
                    compared += 1
                run = []
    assert compared > 500


def test_a_joined_alternation_matches_as_the_text_does() -> None:
    # (a rule's own "|" comes wrapped, as the engine's ``_alternative`` writes it; the lookahead
    # rule comes before the word rule, which would take "c" and "d" first)
    alternatives = [r"(a)(b)?", r"\s+", r"(?i:x(y))", r"(?:(?=c)(c)|d)", r"[^\W\d]\w*"]
    joined = regex_join.join([regex_join.parse(a, _FLAGS) for a in alternatives], _FLAGS)  # type: ignore[misc]
    assert joined is not None
    rx, markers = joined
    text = re.compile("|".join(f"{a}(?P<_{i}>)" for i, a in enumerate(alternatives)), _FLAGS)
    assert markers == [text.groupindex[f"_{i}"] for i in range(len(alternatives))]
    for sample in ("ab", "a", "  x", "XY", "word9", "c", "d", "?"):
        m1, m2 = rx.match(sample), text.match(sample)
        assert (m1 and (m1.span(), m1.lastindex, m1.groups())) == (m2 and (m2.span(), m2.lastindex, m2.groups()))


def test_alternatives_that_start_alike_are_joined_as_python_parses_them() -> None:
    """Python's parser moves what every alternative starts with before the branch."""
    run = [r"\$[a-z]\w*", r"\$\{[^}]+\}", r"\$(!)"]
    parses = [regex_join.parse(a, _FLAGS) for a in run]
    assert regex_join.join_code(parses, _INT_FLAGS) == _text_code(run)  # type: ignore[arg-type]
    joined = regex_join.join(parses, _FLAGS)  # type: ignore[arg-type]
    assert joined is not None and joined[0].match("$!").lastindex == joined[1][2] == 4


def test_what_cannot_be_renumbered_is_not_parsed_for_joining() -> None:
    assert regex_join.parse(r"(a)\1", _FLAGS) is None
    assert regex_join.parse(r"(a)", _FLAGS) is not None
    assert regex_join.parse(r"(?P<x>a)", _FLAGS) is None
    assert regex_join.parse(r"(a)(?(1)b|c)", _FLAGS) is None
    assert regex_join.parse(r"[", _FLAGS) is None


def test_code_made_for_other_flags_is_made_again() -> None:
    piece = regex_join.parse(r"(a)b", _FLAGS)
    assert piece is not None
    ascii_code, _ = piece.code(_INT_FLAGS)
    other, _ = piece.code(_INT_FLAGS | re.IGNORECASE)
    assert other != ascii_code and piece.code(_INT_FLAGS)[0] == ascii_code
