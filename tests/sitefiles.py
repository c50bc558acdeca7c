"""Helpers for tests that write small sites and compare output with Jekyll's (importable by name
from any test folder): the one markup normalizer the tests share."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from pathlib import Path

MARKUP_SUFFIXES = {".html", ".htm", ".xml", ".xhtml", ".svg", ".rss", ".atom"}
_PRE_RE = re.compile(r"(<pre\b.*?</pre>)", re.DOTALL | re.IGNORECASE)
_BETWEEN_TAGS_RE = re.compile(r">\s+<")
_TRAILING_RE = re.compile(r"[ \t]+$", re.MULTILINE)


def write_files(root: Path, files: Mapping[str, str | bytes]) -> None:
    """Create each file (parents included) under root."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def normalize_markup(text: str) -> str:
    """Collapse whitespace runs between tags and strip trailing blanks, outside ``<pre>``.

    Whitespace between ``>`` and ``<`` becomes a single newline (so diffs stay
    line-oriented); ``<pre>`` blocks are kept byte-exact.
    """
    parts = _PRE_RE.split(text)
    out: list[str] = []
    for index, part in enumerate(parts):
        if index % 2:  # a <pre> block
            out.append(part)
            continue
        part = _TRAILING_RE.sub("", part)
        part = _BETWEEN_TAGS_RE.sub(">\n<", part)
        out.append(part)
    return "".join(out).strip() + "\n"


def relative_files(root: Path) -> set[str]:
    """Paths (posix, relative to root) of every file under root."""
    # .nojekyll is reblog's documented addition for GitHub Pages; Jekyll does not write it.
    return {
        p.relative_to(root).as_posix() for p in root.rglob("*")
        if p.is_file() and p.name != ".nojekyll"
    }


def compare_file(rel: str, expected: Path, actual: Path) -> str | None:
    """A readable diff of one output file, or None when it matches."""
    want, got = expected.read_bytes(), actual.read_bytes()
    if want == got:
        return None
    if Path(rel).suffix.lower() in MARKUP_SUFFIXES:
        try:
            want_text = normalize_markup(want.decode("utf-8"))
            got_text = normalize_markup(got.decode("utf-8"))
        except UnicodeDecodeError:
            return f"{rel}: binary contents differ"
        if want_text == got_text:
            return None
    else:
        try:
            want_text, got_text = want.decode("utf-8"), got.decode("utf-8")
        except UnicodeDecodeError:
            return f"{rel}: binary contents differ ({len(want)} vs {len(got)} bytes)"
    diff = difflib.unified_diff(
        want_text.splitlines(keepends=True), got_text.splitlines(keepends=True),
        fromfile=f"jekyll/{rel}", tofile=f"reblog/{rel}",
    )
    return "".join(diff)
