"""The ``reblog`` program (``reblog`` and ``python -m reblog``)."""

from __future__ import annotations

import sys

from .lifetime import long_lived


def run() -> int:
    """Run the command line; a Ctrl-C while the program is still loading ends it quietly too.

    ``cli.main`` turns a Ctrl-C into exit code 130 once it runs, but importing it (and the
    engines it brings) takes a good part of a second, and an interrupt in that time would
    otherwise end the program with Python's traceback.
    """
    try:
        with long_lived():   # modules, classes and functions: they live as long as the program
            from .cli import main
    except KeyboardInterrupt:
        return 130
    return main()


if __name__ == "__main__":
    sys.exit(run())
