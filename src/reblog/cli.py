"""The ``reblog`` command line: commands and flags only; the work happens in build and serve."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .build import BuildOptions, build
from .errors import ReblogError
from .log import Logger


def _add_site_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-s", "--source", default=".", help="source folder (default: .)")
    parser.add_argument("-d", "--destination", help="output folder (default: ./_site)")
    parser.add_argument("--config", help="config files, comma-separated, merged in order")
    parser.add_argument("-D", "--drafts", action="store_true", help="render posts in _drafts")
    parser.add_argument("--future", action="store_true", help="publish posts dated in the future")
    parser.add_argument("--unpublished", action="store_true", help="render published: false posts")
    parser.add_argument("-b", "--baseurl", help="serve the site from this base path")
    parser.add_argument("--trace", action="store_true", help="show a full traceback on errors")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only warnings and errors")
    parser.add_argument("-V", "--verbose", action="store_true", help="print every step")


def make_parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    parser = argparse.ArgumentParser(prog="reblog", description="Build Jekyll blogs, fast.")
    parser.add_argument("--version", action="version", version=f"reblog {__version__}")
    commands = parser.add_subparsers(dest="command")
    build_cmd = commands.add_parser("build", aliases=["b"], help="build the site into _site/")
    _add_site_flags(build_cmd)
    build_cmd.set_defaults(func=run_build)
    # Each further command adds its parser here and sets ``func`` to its run function.
    return parser


def _options(args: argparse.Namespace) -> BuildOptions:
    return BuildOptions(
        source=Path(args.source),
        destination=args.destination,
        config_files=[c.strip() for c in args.config.split(",")] if args.config else None,
        drafts=args.drafts,
        future=args.future,
        unpublished=args.unpublished,
        baseurl=args.baseurl,
    )


def run_build(args: argparse.Namespace, log: Logger) -> int:
    """``reblog build``."""
    options = _options(args)
    log.info(f"Source: {options.source.resolve()}")
    result = build(options, log)
    log.info(f"Destination: {result.site.dest}")
    log.info(f"Built {result.written} files in {result.seconds:.2f} s.")
    return 0


def _command_names(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: run a command and turn failures into one clear line and exit code 1."""
    parser = make_parser()
    raw = list(sys.argv[1:] if argv is None else argv)
    if not raw or (raw[0] not in _command_names(parser) and raw[0] not in ("-h", "--help", "--version")):
        raw.insert(0, "build")  # ``reblog`` alone builds, like ``jekyll`` with no command
    args = parser.parse_args(raw)
    log = Logger(quiet=getattr(args, "quiet", False), verbose=getattr(args, "verbose", False))
    trace = getattr(args, "trace", False)
    try:
        return int(args.func(args, log))
    except ReblogError as err:
        if trace:
            raise
        print(f"Error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # an unexpected failure: still one line unless --trace
        if trace:
            raise
        print(f"Error: {type(err).__name__}: {err} (run with --trace for details)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
