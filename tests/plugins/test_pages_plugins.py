"""GitHub Pages plugins and Sass against real Jekyll 4.3 output (fixtures built by regenerate.sh).

jemoji's fixture was built with the real jemoji 0.13 and gemoji 4 sources (see regenerate.sh);
every other fixture with the Debian-packaged plugins.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_site import FIXTURES, assert_same, build_fixture

from reblog.pipeline import BuildOptions, build
from reblog.errors import ReblogError
from reblog.log import Logger

FIXTURE_NAMES = [
    "redirect_from", "redirect_from_own", "include_cache", "pages_plugins", "github_metadata",
    "github_metadata_edit_link", "mentions", "jemoji", "sass_basic", "sass_compressed", "sass_dirs",
]


def _expected_files(name: str) -> list[str]:
    root = FIXTURES / name / "expected"
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


CASES = [(name, rel) for name in FIXTURE_NAMES for rel in _expected_files(name)]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every fixture, built once."""
    return {name: build_fixture(name, tmp_path_factory.mktemp(name)) for name in FIXTURE_NAMES}


@pytest.mark.parametrize(("name", "rel"), CASES, ids=[f"{n}:{r}" for n, r in CASES])
def test_same_as_jekyll(built: dict[str, Path], name: str, rel: str) -> None:
    """Each file Jekyll wrote, reblog writes the same (up to whitespace between tags)."""
    assert_same(name, built[name], rel)


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_no_extra_pages(built: dict[str, Path], name: str) -> None:
    """reblog writes no page Jekyll did not (reblog's own .nojekyll aside)."""
    ours = {p.relative_to(built[name]).as_posix() for p in built[name].rglob("*") if p.is_file()}
    assert ours - set(_expected_files(name)) - {".nojekyll"} == set()


def _site(tmp_path: Path, files: dict[str, str]) -> Path:
    src = tmp_path / "src"
    for rel, text in files.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(text)
    return src


def _build(src: Path, tmp_path: Path) -> Path:
    build(BuildOptions(source=src, destination=str(tmp_path / "out")), Logger(quiet=True))
    return tmp_path / "out"


def test_sass_error_names_file_and_line(tmp_path: Path) -> None:
    """A Sass error stops the build and names the file and the line."""
    src = _site(tmp_path, {"_config.yml": "", "css/bad.scss": "---\n---\n.a {\n  color: $nope;\n}\n"})
    with pytest.raises(ReblogError) as info:
        _build(src, tmp_path)
    assert info.value.file == "css/bad.scss"
    assert info.value.line is not None
    assert "nope" in info.value.message


def test_unknown_plugin_warns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A plugin reblog lacks is a warning; the build goes on."""
    src = _site(tmp_path, {"_config.yml": "plugins: [jekyll-nonexistent]\n", "a.md": "---\n---\nA\n"})
    build(BuildOptions(source=src, destination=str(tmp_path / "out")), Logger())
    assert (tmp_path / "out/a.html").is_file()
    assert "jekyll-nonexistent" in capsys.readouterr().err


def test_gems_key_enables_no_plugins(tmp_path: Path) -> None:
    """The old ``gems:`` key loads nothing in Jekyll 4.3 (its `jekyll build` of this site copies
    plain.md as a static file)."""
    src = _site(tmp_path, {"_config.yml": "gems: [jekyll-optional-front-matter]\n", "plain.md": "Hi\n"})
    out = _build(src, tmp_path)
    assert (out / "plain.md").is_file() and not (out / "plain.html").exists()


def test_github_metadata_from_git_remote(tmp_path: Path) -> None:
    """Without ``repository:``, the origin remote in .git/config names the repository."""
    src = _site(tmp_path, {
        "_config.yml": "plugins: [jekyll-github-metadata]\n",
        ".git/config": '[remote "origin"]\n\turl = git@github.com:someone/site-repo.git\n',
        "index.html": "---\n---\n{{ site.github.repository_nwo }} {{ site.github.repository_url }} {{ site.title }}\n",
    })
    text = (_build(src, tmp_path) / "index.html").read_text()
    assert text.strip() == "someone/site-repo https://github.com/someone/site-repo site-repo"


def test_github_metadata_config_overrides(tmp_path: Path) -> None:
    """``github:`` in the config is merged over the computed values."""
    src = _site(tmp_path, {
        "_config.yml": "plugins: [jekyll-github-metadata]\nrepository: a/b\ngithub:\n  project_title: Mine\n",
        "index.html": "---\n---\n{{ site.github.project_title }} {{ site.github.owner_name }}\n",
    })
    assert (_build(src, tmp_path) / "index.html").read_text().strip() == "Mine a"


def test_optional_front_matter_remove_originals(tmp_path: Path) -> None:
    """``remove_originals: true`` drops the copied Markdown source."""
    src = _site(tmp_path, {
        "_config.yml": "plugins: [jekyll-optional-front-matter]\noptional_front_matter:\n  remove_originals: true\n",
        "plain.md": "Hi\n",
    })
    out = _build(src, tmp_path)
    assert (out / "plain.html").is_file() and not (out / "plain.md").exists()


def test_readme_index_with_frontmatter(tmp_path: Path) -> None:
    """``with_frontmatter: true`` moves README pages that have front matter to the folder."""
    src = _site(tmp_path, {
        "_config.yml": "plugins: [jekyll-readme-index]\nreadme_index:\n  with_frontmatter: true\n",
        "docs/README.md": "---\n---\nDocs\n",
    })
    assert (_build(src, tmp_path) / "docs/index.html").is_file()


def test_titles_strip_title_config(tmp_path: Path) -> None:
    """``strip_title: true`` in the config removes the heading the title came from."""
    src = _site(tmp_path, {
        "_config.yml": "plugins: [jekyll-titles-from-headings]\ntitles_from_headings:\n  strip_title: true\n",
        "_layouts/default.html": "<t>{{ page.title }}</t>{{ content }}",
        "a.md": "---\nlayout: default\n---\n# Top\n\nBody\n",
    })
    text = (_build(src, tmp_path) / "a.html").read_text()
    assert text.startswith("<t>Top</t>") and "<h1" not in text
