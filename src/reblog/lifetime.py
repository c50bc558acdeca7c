"""Objects that live as long as the program: kept out of the cyclic garbage collector's walks."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def long_lived(made: bool = True) -> Iterator[None]:
    """When ``made``, what is made inside lives to the end of the process.

    The cyclic collector would walk it again and again as it grows (the imports: 18 collections;
    Candid's site read and generated: ~15 ms before the render workers fork), so it is paused
    meanwhile, and afterwards it never walks what was made (``gc.freeze``; forked render workers
    inherit that too). Nothing changes when ``made`` is false or the collector is already off.
    """
    if not made or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
        gc.freeze()
    finally:
        gc.enable()
