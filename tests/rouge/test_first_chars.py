"""first_chars answers which ASCII characters a regex's match can start with: never too few
(checked against the regex itself on every lexer rule and the Rouge samples among the fixtures),
and nothing for patterns it cannot read or that match the empty string."""

from __future__ import annotations

import re
from pathlib import Path

from reblog.rouge.engine import _FLAGS, LexerSpec, _unicode_word_boundaries
from reblog.rouge.first_chars import ASCII, first_chars
from reblog.rouge.registry import gather_lexers

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "rouge"


def test_what_it_reads() -> None:
    assert first_chars(r"/\*", _FLAGS) == {"/"}
    assert first_chars(r"\s+", _FLAGS) == set(" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f")
    assert first_chars(r"(?=x)y|z?w", _FLAGS) == {"y", "z", "w"}
    assert first_chars(r"[^\W\d]\w*", _FLAGS) == set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
    assert first_chars(r"[^a-y]", _FLAGS) == ASCII - set("abcdefghijklmnopqrstuvwxy")
    assert first_chars(r"\u00e9t\u00e9", _FLAGS) == set()  # starts with no ASCII character


def test_no_answer_when_the_match_can_be_empty_or_the_reading_does_not_know() -> None:
    for pattern in ("", r"\s*", r"a|", r"(?=x)", r"x{0}y?", r"^$"):
        assert first_chars(pattern, _FLAGS) is None, pattern
    # case-insensitive matching folds non-ASCII letters onto ASCII ones (K, the Kelvin sign)
    assert first_chars(r"(?i:\u212a)", _FLAGS) is None
    assert first_chars(r"k", _FLAGS | re.IGNORECASE) is None
    assert first_chars(r"(a)?(?(1)b|c)", _FLAGS) is None


def test_never_too_few_on_the_lexers_rules() -> None:
    """At every place of the samples where a rule matches something, the first character (if
    ASCII) is among the rule's first characters."""
    texts = [path.read_text("utf-8", errors="replace") for path in sorted(FIXTURES.rglob("*")) if path.is_file()]
    assert texts
    # (a slice of every fixture, so that each language's rules find their constructs)
    text = "\n".join(text[:300] for text in texts)   # (~65,000 characters, as many as one slice was)
    patterns = {
        (rule.pattern, int(rule.flags))
        for _, lexer in gather_lexers().values()
        if isinstance(lexer, LexerSpec)
        for rules in lexer.flattened().values()
        for rule in rules
    }
    checked = 0
    for pattern, flags in sorted(patterns):
        chars = first_chars(_unicode_word_boundaries(pattern), _FLAGS | flags)
        if chars is None:
            continue
        regex = re.compile(_unicode_word_boundaries(pattern), _FLAGS | flags)
        # Up to 20 places where the rule matches, each found by searching from after the last.
        start = 0
        for _ in range(20):
            m = regex.search(text, start)
            if m is None:
                break
            start = m.start()
            if m.end() > start and text[start] < "\x80":
                assert text[start] in chars, (pattern, text[start])
                checked += 1
            start += 1
    assert checked > 5_000
