"""Whitespace-only block bodies: Liquid 5 strips them only for if/unless/case/for, all branches
together, and never for capture, tablerow or ifchanged (``tags/blank.py``).

Expected values are Ruby Liquid 5.4's (Debian's, the one Jekyll 4.3.1 uses), written into
``blank_bodies.json`` by ``regenerate_blank_bodies.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reblog.templates.liquid import JekyllEnvironment

CASES = json.loads((Path(__file__).parent / "blank_bodies.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["source"][:40] for c in CASES])
def test_blank_body_renders_as_ruby_liquid(case: dict[str, str]) -> None:
    """Each source renders exactly as Ruby Liquid renders it."""
    assert JekyllEnvironment().from_string(case["source"]).render() == case["ruby"]
