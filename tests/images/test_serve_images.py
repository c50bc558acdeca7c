"""reblog serve and a new photo: the page shows the original at once, the variants follow."""

from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import wait
from pathlib import Path

import pytest
from images_helpers import image_bytes, page, tree, write_site

import reblog.images.worker
from reblog.log import Logger
from reblog.pipeline import BuildOptions, build
from reblog.serve.app import SiteRebuilder

_URL = re.compile(r'(?:src|srcset)="([^"]+)"')


def referenced(html: str) -> set[str]:
    """Every local file a page's src and srcset attributes name."""
    urls: set[str] = set()
    for value in _URL.findall(html):
        for candidate in value.split(","):
            url = candidate.strip().split(" ")[0]
            if url.startswith("/"):
                urls.add(url.lstrip("/"))
    return urls


@pytest.fixture
def rebuilder(tmp_path: Path) -> Iterator[SiteRebuilder]:
    write_site(tmp_path / "src", {"index.md": page("Home.")})
    rebuild = SiteRebuilder(
        BuildOptions(source=tmp_path / "src", destination=str(tmp_path / "served")),
        Logger(quiet=True), background_images=True,
    )
    try:
        yield rebuild
    finally:
        rebuild.close()


def test_a_new_photo_is_shown_at_once_and_its_variants_follow(
    rebuilder: SiteRebuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gated_worker

    gate = gated_worker.gate_for(tmp_path / "src" / "photo.png")
    monkeypatch.setattr(reblog.images.worker, "encode_image", gated_worker.encode_when_allowed)
    src, served = tmp_path / "src", tmp_path / "served"
    rebuilder(None)
    (src / "photo.png").write_bytes(image_bytes(1200, 800))
    (src / "post.md").write_text(page("![A photo](/photo.png)", "Post"), encoding="utf-8")
    report = rebuilder({src / "photo.png", src / "post.md"})
    # Written at once, while the encode is held back: the original, which is there.
    assert report.encoding and report.encoding_sources == [src / "photo.png"]
    html = (served / "post.html").read_text(encoding="utf-8")
    assert "<picture" not in html and referenced(html) == {"photo.png"}
    assert (served / "photo.png").read_bytes() == (src / "photo.png").read_bytes()
    # A save meanwhile does not start the encode again.
    again = rebuilder({src / "post.md"})
    assert again.encoding == report.encoding
    gate.touch()
    wait(report.encoding)
    final = rebuilder(set(report.encoding_sources))
    assert not final.encoding and "post.html" in final.written
    html = (served / "post.html").read_text(encoding="utf-8")
    assert "<picture" in html and len(referenced(html)) > 1
    assert all((served / rel).is_file() for rel in referenced(html))
    full = tmp_path / "full"
    build(BuildOptions(source=src, destination=str(full), cache=False), Logger(quiet=True))
    assert tree(served) == tree(full)
