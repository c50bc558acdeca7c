"""Finding themes: built-in names, gem directories as RubyGems orders them, missing themes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sitefiles import write_files

from reblog.pipeline import BuildOptions, build
from reblog.log import Logger
from reblog.theme import find_theme, gem_dirs, runtime_dependencies


def _gem(root: Path, name: str, version: str, spec: str = "") -> Path:
    (root / "specifications").mkdir(parents=True, exist_ok=True)
    (root / "specifications" / f"{name}-{version}.gemspec").write_text(spec, encoding="utf-8")
    folder = root / "gems" / f"{name}-{version}"
    (folder / "_layouts").mkdir(parents=True)
    return folder


def test_gem_path_replaces_the_default_dirs(tmp_path: Path) -> None:
    """GEM_PATH (then GEM_HOME) is the whole search path, as in RubyGems."""
    env = {"GEM_PATH": f"{tmp_path}/a:{tmp_path}/b", "GEM_HOME": f"{tmp_path}/h", "HOME": "/x"}
    assert gem_dirs(env) == [tmp_path / "a", tmp_path / "b", tmp_path / "h"]


def test_default_dirs_include_debians(tmp_path: Path) -> None:
    """Without GEM_PATH, the user's gems come first and Debian's rubygems-integration is searched."""
    user = tmp_path / ".gem" / "ruby" / "3.1.0"
    user.mkdir(parents=True)
    dirs = gem_dirs({"HOME": str(tmp_path)})
    assert dirs[0] == user
    if Path("/usr/share/rubygems-integration/all").is_dir():
        assert Path("/usr/share/rubygems-integration/all") in dirs


def test_highest_version_across_dirs(tmp_path: Path) -> None:
    """2.10.0 beats 2.9.1 (numeric segments), and a prerelease loses to its release."""
    _gem(tmp_path / "a", "my-theme", "2.9.1")
    best = _gem(tmp_path / "b", "my-theme", "2.10.0")
    _gem(tmp_path / "b", "my-theme", "2.10.0.pre.1")
    _gem(tmp_path / "a", "my-theme-extra", "9.0.0")  # another gem whose name starts the same
    theme = find_theme("My-Theme", {"GEM_PATH": f"{tmp_path}/a:{tmp_path}/b"})
    assert theme is not None and theme.root == best.resolve() and theme.version == "2.10.0"


def test_runtime_dependencies_old_and_new_gemspecs(tmp_path: Path) -> None:
    """Both gemspec styles RubyGems writes: add_runtime_dependency, or add_dependency alone."""
    new = tmp_path / "new.gemspec"
    new.write_text('s.add_runtime_dependency(%q<jekyll-feed>.freeze, ["~> 0.9"])\n'
                   's.add_development_dependency(%q<bundler>.freeze, [">= 1"])\n', "utf-8")
    old = tmp_path / "old.gemspec"
    old.write_text('s.add_dependency(%q<jekyll-seo-tag>, [">= 0"])\n', "utf-8")
    assert runtime_dependencies(new) == ("jekyll-feed",)
    assert runtime_dependencies(old) == ("jekyll-seo-tag",)


def _build(tmp_path: Path, files: dict[str, str]) -> tuple[Path, Logger]:
    write_files(tmp_path / "src", files)
    log = Logger(quiet=True)
    out = tmp_path / "out"
    build(BuildOptions(source=tmp_path / "src", destination=str(out), cache=False), log)
    return out, log


def test_missing_theme_warns_with_what_to_do(tmp_path: Path) -> None:
    """A theme that is not installed is one warning that says how to get it; the build goes on."""
    out, log = _build(tmp_path, {
        "_config.yml": "theme: no-such-theme-anywhere\n",
        "index.html": "---\n---\nhi\n",
    })
    assert (out / "index.html").read_text(encoding="utf-8") == "hi\n"
    [warning] = log.warnings
    assert "gem install no-such-theme-anywhere" in warning and "remote_theme" in warning


def _config_theme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gems = tmp_path / "gems"
    folder = _gem(gems, "cfg-theme", "1.0.0")
    (folder / "_config.yml").write_text("greeting: from the theme\n", encoding="utf-8")
    monkeypatch.setenv("GEM_PATH", str(gems))


def test_theme_config_under_the_sites(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The theme's _config.yml fills site.* keys the site does not set."""
    _config_theme(tmp_path, monkeypatch)
    out, _ = _build(tmp_path, {
        "_config.yml": "theme: cfg-theme\n", "index.html": "---\n---\n[{{ site.greeting }}]\n",
    })
    assert (out / "index.html").read_text(encoding="utf-8") == "[from the theme]\n"


def test_ignore_theme_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``ignore_theme_config: true`` keeps the theme's _config.yml out of site.*."""
    _config_theme(tmp_path, monkeypatch)
    out, _ = _build(tmp_path, {
        "_config.yml": "theme: cfg-theme\nignore_theme_config: true\n",
        "index.html": "---\n---\n[{{ site.greeting }}]\n",
    })
    assert (out / "index.html").read_text(encoding="utf-8") == "[]\n"


def test_edited_theme_file_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the build cache on, an edit inside the theme gem is noticed: the pages re-render."""
    gems = tmp_path / "gems"
    folder = _gem(gems, "edit-theme", "1.0.0")
    layout = folder / "_layouts" / "default.html"
    layout.write_text("<main>{{ content }}</main>\n", encoding="utf-8")
    monkeypatch.setenv("GEM_PATH", str(gems))
    write_files(tmp_path / "src", {"_config.yml": "theme: edit-theme\ntime: 2024-01-01\n",
                                   "index.md": "---\nlayout: default\n---\nhi\n"})
    for path in [*(tmp_path / "src").rglob("*"), layout]:  # old files: no same-second doubt
        os.utime(path, (1_600_000_000, 1_600_000_000))
    options = BuildOptions(source=tmp_path / "src", destination=str(tmp_path / "out"))
    build(options, Logger(quiet=True))
    assert build(options, Logger(quiet=True)).how == "up to date"
    layout.write_text("<main class=\"new\">{{ content }}</main>\n", encoding="utf-8")
    build(options, Logger(quiet=True))
    assert (tmp_path / "out" / "index.html").read_text(encoding="utf-8") == \
        '<main class="new"><p>hi</p>\n</main>\n'
