"""jekyll-relative-links: links to source files rewritten to their URLs before Markdown runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_site import assert_same, build_fixture

from reblog.plugins.relative_links import path_from_root

PAGES = [
    "index.html", "docs/intro.html", "leaf/index.html", "docs/plain.html",
    "2023/01/01/first.html", "2023/02/01/second.html", "guides/start.html", "excerpts.html",
]


@pytest.fixture(scope="module")
def links_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture, built once."""
    return build_fixture("relative_links", tmp_path_factory.mktemp("links"))


@pytest.mark.parametrize("rel", PAGES)
def test_pages(links_site: Path, rel: str) -> None:
    """Inline links, reference definitions, images, fragments, titles; code too, as the plugin does."""
    assert_same("relative_links", links_site, rel)


@pytest.mark.parametrize(("link", "base", "found"), [
    ("a.md", ".", "a.md"),
    ("../a.md", "docs", "a.md"),
    ("/docs/a.md", "_posts", "docs/a.md"),
    ("./b/../c.md", "x", "x/c.md"),
])
def test_path_from_root(link: str, base: str, found: str) -> None:
    """Relative links resolve from the document's folder; a leading slash means the source."""
    assert path_from_root(link, base) == found


def test_disabled(tmp_path: Path) -> None:
    """enabled: false leaves links alone."""
    from reblog.pipeline import BuildOptions, build
    from reblog.log import Logger

    (tmp_path / "src").mkdir()
    (tmp_path / "src/_config.yml").write_text(
        "plugins: [jekyll-relative-links]\nrelative_links:\n  enabled: false\n")
    (tmp_path / "src/a.md").write_text("---\n---\n[b](b.md)\n")
    (tmp_path / "src/b.md").write_text("---\n---\nB\n")
    build(BuildOptions(source=tmp_path / "src", destination=str(tmp_path / "out")),
          Logger(quiet=True))
    assert 'href="b.md"' in (tmp_path / "out/a.html").read_text()


def test_rewritten_text_is_reused_only_while_its_inputs_are_the_same(tmp_path) -> None:
    """serve keeps Site.memo between builds: a changed target URL must still be rewritten."""
    from pathlib import Path as _Path

    from reblog.pipeline import BuildOptions, prepare
    from reblog.log import Logger

    src = _Path(tmp_path) / "src"
    (src / "docs").mkdir(parents=True)
    (src / "_config.yml").write_text("timezone: UTC\nplugins: [jekyll-relative-links]\n")
    (src / "index.md").write_text("---\n---\n[x](docs/a.md)\n")
    (src / "docs/a.md").write_text("---\n---\nA\n")
    memo: dict = {}
    options = BuildOptions(source=src, destination=str(_Path(tmp_path) / "out"), cache=False)
    first = prepare(options, Logger(quiet=True), memo=memo, images=False)
    page = next(p for p in first.site.pages if p.relpath == "index.md")
    assert "(/docs/a.html)" in page.content
    (src / "docs/a.md").write_text("---\npermalink: /moved/\n---\nA\n")
    second = prepare(options, Logger(quiet=True), memo=memo, images=False)
    page = next(p for p in second.site.pages if p.relpath == "index.md")
    assert "(/moved/)" in page.content


def test_inline_only_pattern_matches_as_the_full_one() -> None:
    """A text without "]: " has no reference definition: the faster inline-only pattern finds the
    same links, with the same groups, as the plugin's full pattern (quirks included)."""
    from reblog.plugins import relative_links

    fixture = Path(__file__).resolve().parents[1] / "fixtures/plugins/relative_links/site"
    texts = [p.read_text("utf-8") for p in sorted(fixture.rglob("*.md"))] + [
        '[a](b.md "t") [c](d.md#e) [[x]](y.md) ![i](p.png)\n  [r]:x.md\n[s](t.md \'u\')',
        "[a]\n(b.md) [c](d e.md) [f](g.md#) \\[h](i.md) [j](k.md \"l\\\"m\")",
    ]
    texts = [t.replace("]: ", "]:") for t in texts]
    assert any("](" in t for t in texts)
    for text in texts:
        full = [(m.span(), m.groups()[:5]) for m in relative_links.LINK.finditer(text)]
        fast = [(m.span(), m.groups()) for m in relative_links._INLINE_LINK.finditer(text)]
        assert fast == full


def test_texts_skipped_unscanned_have_no_replaceable_link() -> None:
    """``_may_rewrite`` says no only for texts where the plugin's pattern finds no link it could
    rewrite: checked on the fixture's texts and on edge cases where a ")", "#" or a space cuts
    a path short of what looks like a scheme."""
    from reblog.plugins import relative_links as rl

    fixture = Path(__file__).resolve().parents[1] / "fixtures/plugins/relative_links/site"
    texts = [p.read_text("utf-8") for p in sorted(fixture.rglob("*.md"))] + [
        "[a](https://x.org/b.md) [c](#d) [e](mailto:f@g.h)\n[i]: http://j.k/l.md\n",
        "[a](b) c:d)", "[a](b#c:d)", "[a](b \"t\" x:y)", "[a](b\n\"t\":)", "[a]: b c:d\n",
        "[a](b.md) [c](http://d)", "[x](http://y) and [a]: b.md", "[a](./b.md:c)",
    ]
    skipped = 0
    for text in texts:
        replaceable = [m for m in rl.LINK.finditer(text) if rl._replaceable(rl._link(m).path)]
        if not rl._may_rewrite(text):
            skipped += 1
            assert not replaceable, text
    assert skipped >= 1
    assert all(rl._may_rewrite(t) for t in texts[-8:])  # the edge cases are scanned


def test_link_pattern_matches_as_the_plugins_own() -> None:
    """The link patterns (their paths written to be tried only where they can end) find the
    same links, with the same groups, as the plugin's LINK_REGEX written as in its source
    (generator.rb), on the fixture's texts and on random texts of the characters that matter."""
    import random
    import re

    from reblog.plugins import relative_links as rl

    text_, fragment = r"(.*?)", r"(#.+?|)?"
    title = r"""(\s+"(?:\\"|[^"])*(?<!\\)"|\s+"(?:\\'|[^'])*(?<!\\)')?"""
    inline = rf"\[{text_}\]\(([^)]+?){fragment}{title}\)"
    reference = rf"^\s*?\[{text_}\]: (.+?){fragment}{title}\s*?$"
    plugin = re.compile(rf"({inline}|{reference})", re.MULTILINE | re.ASCII)
    plugin_inline = re.compile(rf"({inline})", re.MULTILINE | re.ASCII)
    fixture = Path(__file__).resolve().parents[1] / "fixtures/plugins/relative_links/site"
    texts = [p.read_text("utf-8") for p in sorted(fixture.rglob("*.md"))]
    pieces = ["[", "]", "(", ")", "#", " ", "\n", "\t", "\r", "\x0b", "\x0c", '"', "'", "\\", "a", "é",
              ":", "/", "](", "]: ", ".md"]
    rng = random.Random(17)
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 40))) for _ in range(20000)]
    found = 0
    for text in texts:
        for mine, theirs in ((rl.LINK, plugin), (rl._INLINE_LINK, plugin_inline)):
            expected = [(m.span(), m.groups()) for m in theirs.finditer(text)]
            assert [(m.span(), m.groups()) for m in mine.finditer(text)] == expected, repr(text)
            found += len(expected)
        # (and LINK tried only where a match can start finds the same)
        expected = [(m.span(), m.groups()) for m in plugin.finditer(text)]
        assert [(m.span(), m.groups()) for m in rl.links(text)] == expected, repr(text)
    assert found > 1000


@pytest.mark.parametrize("body", [
    "Some prose, a [link](b.md) and a [reference][r] to it.\n\n" * 40 + "[r]: b.md \"Title\"\n",
    "[r]: b.md\n" + "- [x] task [1] see [b](b.md)\n" * 200,
])
def test_both_ways_of_finding_links_rewrite_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> None:
    """A text with few places a link may start is scanned from place to place, a dense one by
    the pattern along the whole text: the rewritten text is the same either way."""
    from reblog.log import Logger
    from reblog.pipeline import BuildOptions, prepare
    from reblog.plugins import relative_links

    src = tmp_path / "src"
    src.mkdir()
    (src / "_config.yml").write_text("timezone: UTC\nplugins: [jekyll-relative-links]\n")
    (src / "a.md").write_text("---\n---\n" + body)
    (src / "b.md").write_text("---\npermalink: /bee/\n---\nB\n")
    rewritten = []
    for few in (True, False):
        monkeypatch.setattr(relative_links, "_few_starts", lambda text, few=few: few)
        options = BuildOptions(source=src, destination=str(tmp_path / "out"), cache=False)
        site = prepare(options, Logger(quiet=True), memo={}, images=False).site
        rewritten.append(next(p for p in site.pages if p.relpath == "a.md").content)
    assert rewritten[0] == rewritten[1]
    assert "(/bee/)" in rewritten[0] and "[r]: /bee/" in rewritten[0] and "(b.md)" not in rewritten[0]
