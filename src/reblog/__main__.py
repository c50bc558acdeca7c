"""The ``reblog`` program (``reblog`` and ``python -m reblog``)."""

from __future__ import annotations

import gc
import sys


def run() -> int:
    """Run the command line; a Ctrl-C while the program is still loading ends it quietly too.

    ``cli.main`` turns a Ctrl-C into exit code 130 once it runs, but importing it (and the
    engines it brings) takes a good part of a second, and an interrupt in that time would
    otherwise end the program with Python's traceback.
    """
    # What the import makes (modules, classes, functions) lives as long as the program: the
    # cyclic collector, which would walk it again and again as it grows (18 times, ~2 ms),
    # is paused meanwhile and then never walks it (``gc.freeze``).
    gc.disable()
    try:
        from .cli import main
    except KeyboardInterrupt:
        return 130
    finally:
        gc.freeze()
        gc.enable()
    return main()


if __name__ == "__main__":
    sys.exit(run())
