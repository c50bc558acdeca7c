"""Helpers for the dev-server tests: a small site with every kind of input, and tree comparison."""

from __future__ import annotations

from pathlib import Path

import pytest


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``browser`` marker (tests that drive headless Chromium)."""
    config.addinivalue_line("markers", "browser: end-to-end test in headless Chromium (Playwright)")


SMALL_SITE: dict[str, str] = {
    "_config.yml": (
        "title: Incremental\ntimezone: UTC\ntime: 2024-06-01 12:00:00 +0000\n"
        "permalink: /:year/:month/:title/\nexclude: [notes.txt]\n"
    ),
    "_layouts/default.html": (
        "<!doctype html><html><head><title>{{ page.title }} | {{ site.title }}</title>"
        '<link rel="stylesheet" href="{{ "/assets/style.css" | relative_url }}"></head>'
        "<body>{% include header.html %}<main>{{ content }}</main>"
        "<footer>{{ site.posts | size }} posts</footer></body></html>\n"
    ),
    "_layouts/post.html": (
        "---\nlayout: default\n---\n<article><h1>{{ page.title }}</h1>{{ content }}</article>"
        '{% if page.previous %}<a rel="prev" href="{{ page.previous.url }}">{{ page.previous.title }}</a>{% endif %}'
        '{% if page.next %}<a rel="next" href="{{ page.next.url }}">{{ page.next.title }}</a>{% endif %}\n'
    ),
    "_includes/header.html": (
        "<nav>{% for item in site.data.nav %}<a href=\"{{ item.url }}\">{{ item.title }}</a>"
        "{% endfor %}</nav>\n"
    ),
    "_includes/figure.html": (
        '{% capture n %}{% increment figure_counter %}{% endcapture %}'
        '<figure id="fig-{{ n }}">{{ include.caption }}</figure>\n'
    ),
    "_data/nav.yml": "- title: Home\n  url: /\n- title: About\n  url: /about/\n",
    "index.html": (
        "---\nlayout: default\ntitle: Home\n---\n<ul>{% for post in site.posts %}"
        '<li><a href="{{ post.url }}">{{ post.title }}</a>{{ post.excerpt }}</li>{% endfor %}</ul>\n'
    ),
    "archive.html": (
        "---\nlayout: default\ntitle: Archive\n---\n{% for post in site.posts %}"
        "<section>{{ post.content }}</section>{% endfor %}\n"
    ),
    "tags.html": (
        "---\nlayout: default\ntitle: Tags\n---\n{% for tag in site.tags %}<h2>{{ tag[0] }}</h2>"
        "{% for post in tag[1] %}<p>{{ post.title }}</p>{% endfor %}{% endfor %}\n"
    ),
    "about.md": "---\nlayout: default\ntitle: About\n---\nAbout [first]({% link _posts/2024-01-01-first.md %}).\n",
    "assets/style.css": "body { color: black; }\n",
    "assets/main.scss": "---\n---\n@import \"vars\";\nbody { color: $ink; }\n",
    "_sass/_vars.scss": "$ink: #111;\n",
    "_posts/2024-01-01-first.md": (
        "---\nlayout: post\ntitle: First\ntags: [a]\n---\nFirst post.\n\n"
        "{% include figure.html caption=\"one\" %}\n\nMore.\n"
    ),
    "_posts/2024-02-01-second.md": (
        "---\nlayout: post\ntitle: Second\ntags: [a, b]\n---\nSecond post.\n\n"
        "{% include figure.html caption=\"two\" %}\n"
    ),
    "_posts/2024-03-01-third.md": "---\nlayout: post\ntitle: Third\ntags: [b]\n---\nThird post.\n",
    "notes.txt": "not part of the site\n",
}


def write_site(root: Path, files: dict[str, str]) -> None:
    """Write each file of a site under root."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root, by relative path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture
def small_site(tmp_path: Path) -> Path:
    """The small site written to tmp_path/src."""
    source = tmp_path / "src"
    write_site(source, SMALL_SITE)
    return source
