"""The first-character sets the lexer engine dispatches on must hold every character a match can
start with (else a rule would be skipped where it matches): checked against Python's ``re`` on
every rule of every Rouge-faithful lexer, over the real Rouge samples of all languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reblog.rouge.firstchar import first_chars
from reblog.rouge.registry import rouge_lexers

FIXTURES = Path(__file__).parents[1] / "fixtures" / "rouge"


# Characters every pattern is probed with, on top of the samples'.
_PROBE = "".join(chr(c) for c in range(0x20, 0x7F)) + "\t\n\r\f\v\u00e9\u03c0\u212a\u017f"


def _texts() -> list[str]:
    """The start of every Rouge sample (all languages: a rule must hold on any text), and the probe."""
    samples = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*/*")) if p.suffix != ".html"]
    return [sample[:400] for sample in samples] + [_PROBE, _PROBE[::-1]]


@pytest.mark.parametrize(
    ("pattern", "flags", "expected"),
    [
        (r"abc", 0, {"a"}),
        (r"(?:x|y)?z", 0, {"x", "y", "z"}),
        (r"\d+", re.ASCII, set("0123456789")),
        (r"(?u:\d)", re.ASCII, None),  # Unicode digits
        (r"[^a]", 0, None),
        (r"a*", 0, None),  # matches the empty string: possible anywhere
        (r"(?=b)\bc", 0, {"c"}),
        (r"(?i)k", re.ASCII, {"k", "K"}),
        (r"(?i)k", 0, None),  # the Kelvin sign folds to k
        (r"(a)\1", 0, {"a"}),
        (r"\1", 0, None),
    ],
)
def test_first_chars_examples(pattern: str, flags: int, expected: set[str] | None) -> None:
    found = first_chars(pattern, flags)
    assert (None if found is None else set(found)) == expected


def _matches_elsewhere(pattern: str, flags: int, chars: frozenset[str], text: str) -> str | None:
    """A character of ``text`` outside ``chars`` where ``pattern`` matches, if any."""
    others = "".join(re.escape(c) for c in sorted(chars))
    try:
        # One regex search in C instead of a match at every position from Python.
        check = re.compile(f"(?=[^{others}])(?:{pattern})", flags)
    except re.error:  # inline global flags cannot move inside the group: match position by position
        rx = re.compile(pattern, flags)
        return next((c for pos, c in enumerate(text) if c not in chars and rx.match(text, pos)), None)
    found = check.search(text)
    return text[found.start()] if found else None


def test_first_chars_hold_every_match_start() -> None:
    texts = _texts()
    patterns: set[tuple[str, int]] = set()
    for lexer in rouge_lexers().values():
        compiled = getattr(lexer, "compiled", None)
        if compiled is None:
            continue  # not a state-machine lexer (plain text)
        for rules in compiled().values():
            patterns.update((rx.pattern, rx.flags) for rx, _ in rules)
    assert len(patterns) > 1000  # the lexers' rules were found
    checked = 0
    for pattern, flags in sorted(patterns):
        chars = first_chars(pattern, flags)
        if chars is None:
            continue
        for text in texts:
            char = _matches_elsewhere(pattern, flags, chars, text)
            assert char is None, f"{pattern!r} matches at {char!r}, not in its first characters"
        checked += 1
    assert checked > 500
