"""The plain data of a build: what a document's URL makes of its output path."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from reblog.model import Document

_URLS = [
    "/", "", "/a/", "/a/b.html", "a/b", "/a//b/", "//a", "/./a", "/a/./b", "/a/../b", "/../a", "/..",
    "/.", "/.well-known/x", "/a/.hidden/", "/a.b/c.", "/%20a%2Fb/", "/a/b.xml", "/feed", "/tags/c%23/",
    "/a/.", "/a/..", "./a", ".", "..", "/a/b/../../..", "/ü/ñ.html",
]


def _doc(url: str, kind: str = "page", output_ext: str = ".html") -> Document:
    return Document(Path("/src/x.md"), "x.md", kind, None if kind == "page" else "posts", {}, "",
                    url=url, output_ext=output_ext)  # type: ignore[arg-type]


def _by_path(doc: Document, dest: Path) -> str:
    return doc.output_path(dest).relative_to(dest).as_posix()


@pytest.mark.parametrize("kind", ["page", "document"])
@pytest.mark.parametrize("output_ext", [".html", ".xml", ""])
def test_output_rel_is_the_output_path_relative_to_the_destination(kind: str, output_ext: str) -> None:
    dest = Path("/site/_site")
    for url in _URLS:
        doc = _doc(url, kind, output_ext)
        assert doc.output_rel() == _by_path(doc, dest), url


def test_output_rel_agrees_with_paths_on_random_urls() -> None:
    rng = random.Random(7)
    dest = Path("/d")
    for _ in range(20000):
        # (pieces, not characters: "%2e", "..", a decomposed "ü" and a space come whole)
        url = "".join(rng.choice(["/", ".", "..", "a", "b%2F", "%2e", "%5C", "\\", " ", "ü", "u\u0308", "//", "x.html"])
                      for _ in range(rng.randrange(0, 12)))
        doc = _doc(url, rng.choice(["page", "document"]), rng.choice([".html", "", ".xml", "."]))
        assert doc.output_rel() == _by_path(doc, dest), url
