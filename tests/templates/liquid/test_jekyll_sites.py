"""Tiny sites whose page (or error line) must be what Debian's Jekyll 4.3.1 makes of them.

The expected values in ``jekyll_sites.json`` come from ``regenerate_jekyll_sites.py`` (real Jekyll).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reblog.errors import ReblogError

CASES = json.loads((Path(__file__).parent / "jekyll_sites.json").read_text(encoding="utf-8"))

# Cases reblog does not match yet, each with its reason (strict: a fix makes the test fail here).
KNOWN: dict[str, str] = {}


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_site_renders_as_jekyll(build_site, tmp_path: Path, case: dict[str, object]) -> None:
    if case["name"] in KNOWN:
        pytest.xfail(KNOWN[str(case["name"])])
    files = case["files"]
    jekyll = case["jekyll"]
    assert isinstance(files, dict) and isinstance(jekyll, dict)
    if "error" in jekyll:
        with pytest.raises(ReblogError) as info:
            build_site(files)
        # Jekyll names an include by its full path; the regenerate script took the site's folder out.
        assert info.value.message.replace(f"{(tmp_path / 'src').resolve()}/", "") == jekyll["error"]
    else:
        _, out = build_site(files)
        assert (out / str(case["page"])).read_text(encoding="utf-8") == jekyll["output"]
