"""The built-in theme's HTML: social cards, JSON-LD, favicon, header links, archive and the TOC hook."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from reblog.log import Logger
from reblog.pipeline import BuildOptions, build

CONFIG = """title: Notes
url: "https://example.org"
author: Ann
theme: reblog-default
tag_pages: true
plugins: [jekyll-feed]
timezone: UTC
"""


def _site(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    files = {
        "_config.yml": CONFIG,
        "_posts/2023-01-02-with-image.md": "---\nlayout: post\ntitle: With image\ntags: [a]\n---\n"
                                           "Intro.\n\n![A chart](/assets/chart.png)\n\n## One\n\n## Two\n\n## Three\n",
        "_posts/2024-03-04-own-card.md": "---\nlayout: post\ntitle: Own card\nimage: /assets/card.png\n---\nHi.\n",
        "_posts/2024-05-06-no-image.md": "---\nlayout: post\ntitle: Words only\n---\nJust text.\n",
        "archive.md": "---\nlayout: archive\ntitle: Archive\npermalink: /archive/\n---\n",
        "index.md": "---\nlayout: home\n---\n",
    }
    for rel, text in files.items():
        path = src / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    build(BuildOptions(source=src, destination=str(tmp_path / "out")), Logger(quiet=True, stream=io.StringIO()))
    return tmp_path / "out"


def _meta(html: str, key: str) -> str | None:
    found = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', html)
    return found.group(1) if found else None


def test_posts_share_with_their_first_image_or_their_own_card(tmp_path: Path) -> None:
    out = _site(tmp_path)
    first = (out / "2023/01/02/with-image.html").read_text()
    assert _meta(first, "og:image") == "https://example.org/assets/chart.png"
    assert _meta(first, "twitter:card") == "summary_large_image"
    own = (out / "2024/03/04/own-card.html").read_text()
    assert _meta(own, "og:image") == "https://example.org/assets/card.png"
    home = (out / "index.html").read_text()
    assert _meta(home, "og:image") is None and _meta(home, "twitter:card") == "summary"
    # A post with no picture shares the card reblog drew for it, a file the build wrote.
    plain = (out / "2024/05/06/no-image.html").read_text()
    card = _meta(plain, "og:image")
    assert card and card.startswith("https://example.org/assets/cards/words-only-") and card.endswith(".png")
    assert _meta(plain, "twitter:image") == card and _meta(plain, "twitter:card") == "summary_large_image"
    assert (_meta(plain, "og:image:width"), _meta(plain, "og:image:height")) == ("1200", "630")
    assert (out / card.removeprefix("https://example.org/")).is_file()
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', plain, re.DOTALL)
    assert found and json.loads(found.group(1))["image"] == card


def test_posts_carry_blogposting_json_ld(tmp_path: Path) -> None:
    html = (_site(tmp_path) / "2023/01/02/with-image.html").read_text()
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert found
    data = json.loads(found.group(1))
    assert data["@type"] == "BlogPosting" and data["headline"] == "With image"
    assert data["datePublished"].startswith("2023-01-02") and data["author"]["name"] == "Ann"
    assert data["image"] == "https://example.org/assets/chart.png"


def test_favicon_script_header_links_and_toc(tmp_path: Path) -> None:
    out = _site(tmp_path)
    html = (out / "2023/01/02/with-image.html").read_text()
    assert '<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">' in html
    assert (out / "assets/favicon.svg").read_text().startswith("<svg")
    assert '<script src="/assets/js/reblog.js" defer></script>' in html and (out / "assets/js/reblog.js").exists()
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.DOTALL)
    assert nav
    assert re.findall(r'href="([^"]+)"', nav.group(0)) == ["/tags/", "/archive/", "/feed.xml"]
    assert 'id="theme-toggle"' in nav.group(0)
    # The TOC is written into the page (no layout shift), from the post's three h2.
    toc = re.search(r'<nav class="toc".*?</nav>', html, re.DOTALL)
    assert toc and re.findall(r'href="#([^"]+)"', toc.group(0)) == ["one", "two", "three"]
    short = (out / "2024/03/04/own-card.html").read_text()
    assert 'class="toc"' not in short


def test_archive_lists_every_post_under_its_year(tmp_path: Path) -> None:
    html = (_site(tmp_path) / "archive/index.html").read_text()
    years = re.findall(r'<h2 class="archive-year-title" id="year-(\d+)">', html)
    assert years == ["2024", "2023"]
    assert html.index("Own card") < html.index('id="year-2023"') < html.index("With image")
