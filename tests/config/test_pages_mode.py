"""GitHub Pages mode: the github-pages gem's defaults and overrides, and Jekyll 3's link tags.

No github-pages gem is installable here, so these are spec tests written from the gem's
configuration.rb and plugins.rb (github-pages 232, Jekyll 3.10.0).
"""

from __future__ import annotations

from pathlib import Path

from reblog.pipeline import BuildOptions, build
from reblog.config import load_config
from reblog.log import Logger
from reblog.config.pages_mode import link_baseurl, pages_config
from reblog.config.parse import parse_settings


def _config(tmp_path: Path, text: str) -> dict[str, object]:
    (tmp_path / "_config.yml").write_text(text)
    return load_config(tmp_path)


def test_defaults_and_overrides(tmp_path: Path) -> None:
    """Default plugins on, future posts, safe, rouge, kramdown options forced, primer theme."""
    config = _config(tmp_path, "github_pages: true\nsafe: false\nhighlighter: pygments\n"
                               "kramdown:\n  math_engine: katex\n  hard_wrap: true\n")
    assert config["future"] is True
    assert config["safe"] is True
    assert config["highlighter"] == "rouge"
    kramdown = config["kramdown"]
    assert isinstance(kramdown, dict)
    assert kramdown["math_engine"] == "mathjax" and kramdown["syntax_highlighter"] == "rouge"
    assert kramdown["hard_wrap"] is True  # a default, so the user's value stands
    assert kramdown["gfm_quirks"] == "paragraph_end"
    assert config["theme"] == "jekyll-theme-primer"
    assert config["sass"] == {"style": "compressed"}
    for plugin in ("jekyll-optional-front-matter", "jekyll-readme-index", "jekyll-default-layout",
                   "jekyll-titles-from-headings", "jekyll-relative-links", "jekyll-paginate",
                   "jekyll-github-metadata"):
        assert plugin in config["plugins"]  # type: ignore[operator]
    assert "CNAME" in config["exclude"]  # type: ignore[operator]


def test_whitelist_and_user_values(tmp_path: Path) -> None:
    """Plugins outside the whitelist are dropped; user defaults (theme, future) stand."""
    config = _config(tmp_path, "github_pages: true\nplugins: [jekyll-feed, jekyll-archives]\n"
                               "theme: null\nexclude: [drafts]\nmarkdown: redcarpet\n")
    plugins = config["plugins"]
    assert isinstance(plugins, list)
    assert plugins[0] == "jekyll-feed" and "jekyll-archives" not in plugins
    assert config["theme"] is None
    assert config["exclude"][:1] == ["drafts"]  # type: ignore[index]
    assert "CNAME" not in config["exclude"]  # type: ignore[operator]
    assert config["markdown"] == "kramdown"


def test_off_by_default(tmp_path: Path) -> None:
    """Without ``github_pages: true`` nothing changes."""
    config = _config(tmp_path, "title: x\n")
    assert config["future"] is False and config["plugins"] == []
    assert pages_config({"plugins": []})["future"] is True


def test_link_tags_without_baseurl(tmp_path: Path) -> None:
    """Jekyll 3's link and post_url do not prepend baseurl; Jekyll 4's do."""
    assert link_baseurl(parse_settings({"baseurl": "/b", "github_pages": True})) == ""
    assert link_baseurl(parse_settings({"baseurl": "/b"})) == "/b"
    src = tmp_path / "src"
    (src / "_posts").mkdir(parents=True)
    (src / "_config.yml").write_text(
        "github_pages: true\ntheme: null\nbaseurl: /proj\nrepository: me/proj\n")
    (src / "_posts/2023-01-02-p.md").write_text("---\n---\nP\n")
    (src / "about.md").write_text("---\n---\nA\n")
    (src / "index.html").write_text(
        "---\n---\n{% link about.md %} {% post_url 2023-01-02-p %} {{ '/x' | relative_url }}\n")
    build(BuildOptions(source=src, destination=str(tmp_path / "out")), Logger(quiet=True))
    text = (tmp_path / "out/index.html").read_text().strip()
    assert text == "/about.html /2023/01/02/p.html /proj/x"


def test_plain_markdown_becomes_page_in_pages_mode(tmp_path: Path) -> None:
    """The default plugins make a Markdown file without front matter a titled page."""
    src = tmp_path / "src"
    (src / "_layouts").mkdir(parents=True)
    (src / "_config.yml").write_text("github_pages: true\ntheme: null\nrepository: me/proj\n")
    (src / "_layouts/default.html").write_text("<title>{{ page.title }}</title>{{ content }}")
    (src / "notes.md").write_text("# My Notes\n\nText.\n")
    build(BuildOptions(source=src, destination=str(tmp_path / "out")), Logger(quiet=True))
    assert (tmp_path / "out/notes.html").read_text().startswith("<title>My Notes</title>")
