"""Every Rouge-faithful lexer against the real Rouge, byte for byte.

Each sample under ``tests/fixtures/rouge/<tag>/`` was highlighted by ``rougify`` 3.30
(``regenerate.sh`` there); reblog's lexer for ``<tag>`` must produce the same markup.  A tag
folder whose language still goes through Pygments fails here, so a sample is only added together
with its lexer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reblog.rouge.highlight import format_tokens
from reblog.rouge.registry import rouge_lexer

FIXTURES = Path(__file__).parents[1] / "fixtures" / "rouge"

SAMPLES = sorted(
    p for p in FIXTURES.glob("*/*") if p.is_file() and p.suffix != ".html"
)


def test_every_sample_has_expected_output() -> None:
    """A sample without Rouge's output would be silently skipped: refuse that."""
    missing = [str(p.relative_to(FIXTURES)) for p in SAMPLES if not Path(f"{p}.html").is_file()]
    assert not missing, f"run tests/fixtures/rouge/regenerate.sh for: {missing}"


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_lexer_matches_rouge(sample: Path) -> None:
    tag = sample.parent.name
    assert rouge_lexer(tag) is not None, f"no Rouge-faithful lexer for {tag!r}"
    code = sample.read_text(encoding="utf-8")
    expected = Path(f"{sample}.html").read_text(encoding="utf-8")
    assert format_tokens(code, tag) == expected
