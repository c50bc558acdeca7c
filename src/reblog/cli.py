"""The ``reblog`` command line: commands and flags only; the work happens in build and serve."""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import os
import sys
from collections.abc import Callable, Sequence

from . import __version__
from .ci import GitHubActions, in_ci
from .config.parse import parse_settings
from .pipeline import BuildOptions, build, configure
from .errors import ReblogError
from .log import Logger, counted


def _lazy(module: str, name: str) -> Callable[[argparse.Namespace, Logger], int]:
    """A command's run function, imported when the command runs (a build does not need them)."""
    def run(args: argparse.Namespace, log: Logger) -> int:
        from importlib import import_module

        return int(getattr(import_module(f"reblog.{module}"), name)(args, log))
    return run


def _command(commands: argparse._SubParsersAction[argparse.ArgumentParser], name: str, summary: str, description: str, examples: str,
             aliases: Sequence[str] = ()) -> argparse.ArgumentParser:
    """A subcommand whose ``--help`` says what it does and shows examples (kept as written)."""
    parser: argparse.ArgumentParser = commands.add_parser(
        name, aliases=list(aliases), help=summary, description=description,
        epilog="examples:\n" + "\n".join(f"  {line}" for line in examples.strip().splitlines()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser


def _add_common_flags(parser: argparse.ArgumentParser) -> None:
    """Where the site is and how much to print: every command that reads the site's configuration."""
    parser.add_argument("-s", "--source", default=".", help="source folder (default: .)")
    parser.add_argument("-d", "--destination", help="output folder (default: ./_site)")
    parser.add_argument("--config", help="config files, comma-separated, merged in order")
    parser.add_argument("--trace", action="store_true", help="show a full traceback on errors")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only warnings and errors")
    parser.add_argument("-V", "--verbose", action="store_true", help="print every step")


def _add_site_flags(parser: argparse.ArgumentParser) -> None:
    """What a build renders and how: the same on build, serve and deploy."""
    _add_common_flags(parser)
    parser.add_argument("-D", "--drafts", action="store_true", help="render posts in _drafts")
    parser.add_argument("--future", action="store_true", help="publish posts dated in the future")
    parser.add_argument("--unpublished", action="store_true", help="render published: false posts")
    parser.add_argument("-b", "--baseurl", help="serve the site from this base path")
    parser.add_argument("--safe", action="store_true",
                        help="safe mode (Jekyll's): no plugins from the site's _plugins/ folder, no disk cache")
    parser.add_argument("-j", "--jobs", type=int, help="render and image processes (default: all cores)")
    parser.add_argument("--strict", action="store_true",
                        help="fail instead of warning on image problems and on a misspelt layout or "
                             "filter (one with a close match)")
    parser.add_argument("--no-cache", action="store_true",
                        help="neither use nor update the build cache (cache_dir, .jekyll-metadata)")
    # reblog is always incremental; -I (Jekyll's) puts the record where Jekyll keeps its own.
    parser.add_argument("-I", "--incremental", action="store_true",
                        help="keep the incremental record in .jekyll-metadata, as Jekyll does "
                             "(reblog always builds incrementally)")
    parser.add_argument("--disable-disk-cache", action="store_true",
                        help="write nothing to cache_dir (.jekyll-cache), as Jekyll")


def _add_scaffold_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    new_cmd = _command(commands, "new", "create a new blog in PATH",
                       "Create a blog that builds at once: _config.yml, a first post, an about page, "
                       "a .gitignore\nand a GitHub Actions workflow that publishes it on GitHub Pages.",
                       "reblog new my-blog\nreblog new my-blog --theme-copy   # layouts to edit in the site")
    new_cmd.add_argument("path", help="folder to create the site in")
    new_cmd.add_argument("--theme-copy", action="store_true",
                         help="copy the built-in theme's layouts, includes and assets to edit")
    new_cmd.add_argument("--force", action="store_true", help="create the site in a non-empty folder")
    new_cmd.add_argument("--blank", action="store_true",
                         help="Jekyll's blank scaffold: the folders, a layout, a stylesheet and a page")
    new_cmd.add_argument("--trace", action="store_true", help="show a full traceback on errors")
    new_cmd.set_defaults(func=_lazy("scaffold", "run_new"))
    theme_cmd = _command(commands, "new-theme", "create a new theme gem scaffold in NAME",
                         "Create the scaffold of a gem theme, as `jekyll new-theme` does: _layouts, _includes,\n"
                         "_sass, assets and _data, a gemspec, a README and a LICENSE, in a new git repository.",
                         "reblog new-theme my-theme\nreblog new-theme my-theme --code-of-conduct")
    theme_cmd.add_argument("name", nargs="+", help="the theme's name (words are joined with _)")
    theme_cmd.add_argument("-c", "--code-of-conduct", action="store_true", help="add a CODE_OF_CONDUCT.md")
    theme_cmd.add_argument("--trace", action="store_true", help="show a full traceback on errors")
    theme_cmd.set_defaults(func=_lazy("scaffold", "run_new_theme"))
    for name, draft, what, example in (
            ("post", False, "_posts/YYYY-MM-DD-slug.md", 'reblog post "My first trip"'),
            ("draft", True, "_drafts/slug.md", 'reblog draft "An idea for later"')):
        cmd = _command(commands, name, f"start a new {name} in {what}",
                       f"Start a new {name} in {what}, with its title{'' if draft else ' and date'} "
                       f"in the front matter.\nRefuses to overwrite a file that is there.",
                       example)
        cmd.add_argument("title", help="the title (the file name is made from it)")
        cmd.add_argument("-s", "--source", default=".", help="source folder (default: .)")
        cmd.set_defaults(func=_lazy("scaffold", "run_post"), draft=draft)
    publish_cmd = _command(commands, "publish", "move a draft into _posts/, dated today",
                           "Move a draft into _posts/ with today's date in its file name and front matter.",
                           "reblog publish _drafts/an-idea-for-later.md")
    publish_cmd.add_argument("draft", help="the draft, e.g. _drafts/my-idea.md")
    publish_cmd.add_argument("-s", "--source", default=".", help="source folder (default: .)")
    publish_cmd.set_defaults(func=_lazy("scaffold", "run_publish"))


def _add_deploy_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmd = _command(commands, "deploy", "build and push the site to the gh-pages branch",
                   "Build the site and commit it to the gh-pages branch, then push that branch.\n"
                   "For GitHub Pages with Actions instead, push the sources: the workflow that\n"
                   "`reblog new` wrote (.github/workflows/pages.yml) builds and publishes them.",
                   "reblog deploy\nreblog deploy --remote upstream -m \"Publish the May posts\"\n"
                   "reblog deploy --no-push        # commit to gh-pages only")
    _add_site_flags(cmd)   # the build flags, as the README says
    cmd.add_argument("--remote", default="origin", help="remote to push to (default: origin)")
    cmd.add_argument("--branch", default="gh-pages", help="branch to commit to (default: gh-pages)")
    cmd.add_argument("-m", "--message", help="commit message (default: Deploy <sha> from <branch>)")
    cmd.add_argument("--force", action="store_true", help="force the push (the remote branch diverged)")
    cmd.add_argument("--no-push", action="store_true", help="commit to the branch but do not push")
    cmd.add_argument("--allow-dirty", action="store_true",
                     help="deploy even with uncommitted changes to the sources")
    cmd.set_defaults(func=_lazy("deploy", "run_deploy"))


def _add_check_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmd = _command(commands, "check", "find broken links, anchors and images in the built site",
                   "Read every page of the built site and report links, anchors, images, stylesheets\n"
                   "and scripts that lead nowhere, as page:line: problem. Exit code 1 when a problem\n"
                   "of a kind in --fail-on is found, 2 when the check cannot run.",
                   "reblog build && reblog check\nreblog check --baseurl /blog --fail-on broken-links\n"
                   "reblog check --external --ignore 'https://twitter.com/*'")
    cmd.add_argument("-d", "--destination", help="the built site (default: ./_site)")
    cmd.add_argument("-s", "--source", default=".", help="source folder, for _config.yml (default: .)")
    cmd.add_argument("--config", help="config files, comma-separated, merged in order")
    cmd.add_argument("-b", "--baseurl", help="the base path the site was built with")
    cmd.add_argument("--external", action="store_true", help="also check http(s) links (slow)")
    cmd.add_argument("--timeout", type=float, default=10.0, help="seconds per external link (default 10)")
    cmd.add_argument("--fail-on", metavar="KINDS",
                     help="comma-separated kinds that fail the check (exit 1): broken-links, missing-anchors, "
                          "images, stylesheets, scripts, media, css-urls, titles, external-links; "
                          "all (default) or none")
    cmd.add_argument("--ignore", action="append", metavar="PATTERN",
                     help="skip URLs starting with PATTERN, or matching it as a glob (* ? [); repeatable")
    cmd.add_argument("--format", choices=("text", "json"), default="text",
                     help="json: print the result as JSON on stdout (for CI systems)")
    cmd.add_argument("-q", "--quiet", action="store_true", help="print only the problems")
    cmd.set_defaults(func=_lazy("check", "run_check"))


def _add_serve_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmd = _command(commands, "serve", "build, serve on localhost, rebuild and reload on changes",
                   "Build the site, serve it on localhost, and rebuild and reload the browser when a\n"
                   "source changes. The port is taken before the first build.",
                   "reblog serve\nreblog serve --drafts --future -P 4001\nreblog serve -o   # open a browser",
                   aliases=["s", "server"])
    _add_site_flags(cmd)
    cmd.add_argument("-H", "--host", default="127.0.0.1", help="host to bind to (default: 127.0.0.1)")
    cmd.add_argument("-P", "--port", type=int, default=4000, help="port to listen on (default: 4000)")
    cmd.add_argument("-o", "--open-url", action="store_true", help="open the site in a browser")
    cmd.add_argument("-l", "--livereload", action=argparse.BooleanOptionalAction, default=True,
                     help="reload pages after each rebuild (default: on)")
    cmd.add_argument("-w", "--watch", action=argparse.BooleanOptionalAction, default=True,
                     help="rebuild when sources change (default: on)")
    cmd.set_defaults(func=run_serve)


def make_parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    parser = argparse.ArgumentParser(prog="reblog", description="Build Jekyll blogs, fast.")
    parser.add_argument("--version", action="version", version=f"reblog {__version__}")
    commands = parser.add_subparsers(dest="command")
    build_cmd = _command(commands, "build", "build the site into _site/",
                         "Build the site into the destination folder (./_site), as Jekyll 4.3 would.\n"
                         "Unchanged pages come from the build cache in cache_dir (.jekyll-cache/).",
                         "reblog build\nreblog build --drafts --baseurl /blog\n"
                         "reblog build --strict --profile", aliases=["b"])
    _add_site_flags(build_cmd)
    build_cmd.add_argument("--profile", action="store_true",
                           help="print where the time went: phases, templates, pages")
    build_cmd.add_argument("--format", choices=("text", "json"), default="text",
                           help="json: print what was built (or the error) as JSON on stdout")
    build_cmd.set_defaults(func=run_build)
    clean_cmd = _command(commands, "clean", "remove the built site and the build cache",
                         "Remove the destination folder, cache_dir (.jekyll-cache/) and .jekyll-metadata,\n"
                         "as jekyll clean does; nothing else is touched.",
                         "reblog clean\nreblog clean -d public")
    _add_common_flags(clean_cmd)
    clean_cmd.set_defaults(func=run_clean)
    _add_scaffold_commands(commands)
    _add_deploy_command(commands)
    _add_check_command(commands)
    _add_serve_command(commands)
    # Each further command adds its parser here and sets ``func`` to its run function.
    return parser


def _options(args: argparse.Namespace) -> BuildOptions:
    return BuildOptions.from_flags(args)


def run_build(args: argparse.Namespace, log: Logger) -> int:
    """``reblog build``; on GitHub Actions it also writes the job summary, with ``--format json`` JSON."""
    from .report import build_facts, build_markdown, failed_facts

    options = _options(args)
    log.source = options.source
    as_json = getattr(args, "format", "text") == "json"
    log.info(f"Source: {options.source.resolve()}")
    try:
        result = build(options, log)
    except ReblogError as err:
        facts = failed_facts(err, log)
        if as_json:
            print(json.dumps(facts, indent=2))
        if log.github is not None:
            log.github.append_summary(build_markdown(facts))
        raise
    log.info(f"Destination: {result.site.dest}")
    log.info(f"Built {counted(result.written, 'file')} in {result.seconds:.2f} s "
             f"({result.how}; {result.rendered} rendered, {result.changed} written).")
    if result.resumed:
        log.debug(f"{result.resumed} of the rendered outputs changed only in what a layout derived "
                    "from site.time; they rendered from that layout on.")
    if result.spliced:
        log.debug(f"{result.spliced} of the rendered outputs changed only in the site.time text they "
                  "printed; only that text was derived anew.")
    if options.profile and result.profile is not None:
        print(result.profile.table(), file=sys.stderr if as_json else sys.stdout)
    if as_json or log.github is not None:
        facts = build_facts(result, log)
        if as_json:
            print(json.dumps(facts, indent=2))
        if log.github is not None:
            log.github.append_summary(build_markdown(facts))
    return 0


def run_clean(args: argparse.Namespace, log: Logger) -> int:
    """``reblog clean``: remove the destination, ``cache_dir`` and ``.jekyll-metadata``, nothing else."""
    from .cache import clean

    settings = parse_settings(configure(_options(args)))
    for path in clean(settings):
        log.info(f"Removed {path}")
    return 0


def run_serve(args: argparse.Namespace, log: Logger) -> int:
    """``reblog serve``."""
    from .serve import ServeOptions, serve  # imported here: ``reblog build`` does not need it

    serve_options = ServeOptions(
        host=args.host, port=args.port, livereload=args.livereload, watch=args.watch,
        open_url=args.open_url,
    )
    return serve(dataclasses.replace(_options(args), serving=True), serve_options, log)


def _command_names(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: run a command and turn failures into one clear line and exit code 1."""
    # A build keeps most of what it reads and renders until it ends; with Python's default
    # thresholds the collector scans those objects again hundreds of times (about 6% of a
    # cold build's time). A young collection's cost grows with the containers it walks (a
    # document's tokens, a template's context), not only with their number: at 10,000 a
    # Candid build still spent 20-40 ms in a dozen of them; at 100,000 it needs none, and
    # the garbage cycles awaiting one stay bounded (10,000 posts: peak RSS 155.6 -> 156.6 MiB).
    gc.set_threshold(100_000, 20, 20)
    try:
        return _run(argv)
    finally:
        if argv is None:
            # Called as the program (``reblog``, ``python -m reblog``): the process ends now.
            # What the command kept is left to the operating system: otherwise the collector's
            # last pass at exit walks and frees every object the build made, which took longer
            # than writing the site (Candid: 0.2-1 s after the build was done).
            gc.freeze()


def _run(argv: Sequence[str] | None) -> int:
    """Parse the command line and run the command (``main`` without the process concerns)."""
    parser = make_parser()
    raw = list(sys.argv[1:] if argv is None else argv)
    if not raw or (raw[0] not in _command_names(parser) and raw[0] not in ("-h", "--help", "--version")):
        raw.insert(0, "build")  # ``reblog`` alone builds, like ``jekyll`` with no command
    args = parser.parse_args(raw)
    # Run as the program, a build's process ends with the command: what is left to do after
    # the site is written (deleting the old one) can outlive it (``BuildOptions.exits_after``).
    args.exits_after = argv is None
    log = Logger(quiet=getattr(args, "quiet", False), verbose=getattr(args, "verbose", False),
                 github=GitHubActions.from_env(os.environ), ci=in_ci(os.environ))
    trace = getattr(args, "trace", False)
    try:
        return int(args.func(args, log))
    except ReblogError as err:
        if trace:
            raise
        log.error(err)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # an unexpected failure: still one line unless --trace
        if trace:
            raise
        message = f"{type(err).__name__}: {err} (run with --trace for details)"
        print(f"Error: {message}", file=sys.stderr)
        log.annotate("error", message)
        return 1


if __name__ == "__main__":
    sys.exit(main())
