"""python-liquid's dependencies that reblog never calls: loaded on first use, not at import.

python-liquid imports ``asyncio`` at module level for its async loaders (reblog renders
synchronously) and ``dateutil.parser`` for filters that reblog replaces with Jekyll's. Importing
them costs ~25 ms of every build's start (asyncio brings ``ssl``, ``socket``, ``subprocess`` and
``concurrent.futures``), on the serial path before the render workers fork. ``defer`` puts a
placeholder module in ``sys.modules`` that runs the real module the first time any of its
attributes is read, so anything that does use them still gets the whole module.

The standard ``importlib.util.LazyLoader`` would not do: on Python 3.11, ``import asyncio`` reads
the module's ``__spec__`` (to see whether it is still initializing), which loads it at once. The
placeholder answers the import system's own questions (``__spec__``, ``__path__``) without
loading, and loads under a lock, so two threads reading it at once run the module once.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
import types
from typing import Any

# What python-liquid imports and a build never uses (see the module's docstring).
UNUSED = ("asyncio", "dateutil.parser")

# The attributes the import machinery reads from a module it finds in ``sys.modules``.
_IMPORT_SYSTEM = frozenset({"__spec__", "__path__", "__name__", "__class__", "__dict__"})
# Kept in a placeholder's namespace until its module has run (then deleted).
_LOCK, _LOADING = "_reblog_deferred_lock", "_reblog_deferred_loading"


class _Deferred(types.ModuleType):
    """A module whose code runs when one of its attributes is first read."""

    def __getattribute__(self, attr: str) -> Any:
        if attr in _IMPORT_SYSTEM:
            return object.__getattribute__(self, attr)
        namespace = object.__getattribute__(self, "__dict__")
        lock = namespace.get(_LOCK)
        if lock is not None:
            # Other threads wait until the module has run; the loading thread itself (the
            # module's own code importing itself, say) sees it part-made, as a circular import.
            with lock:
                if namespace.get(_LOCK) is lock and _LOADING not in namespace:
                    namespace[_LOADING] = True
                    try:
                        object.__getattribute__(self, "__spec__").loader.exec_module(self)
                    finally:
                        del namespace[_LOCK], namespace[_LOADING]
                        object.__setattr__(self, "__class__", types.ModuleType)
        return object.__getattribute__(self, attr)

    def __delattr__(self, attr: str) -> None:
        getattr(self, attr)   # loads it first (a missing name raises, as it would loaded)
        delattr(self, attr)


def defer(names: tuple[str, ...] = UNUSED) -> None:
    """Put placeholders for these modules in ``sys.modules``; one already imported (or not
    installed) is left as it is."""
    for name in names:
        if name in sys.modules:
            continue
        try:
            spec = importlib.util.find_spec(name)   # imports a submodule's parent package
        except (ImportError, ValueError):
            continue
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            continue
        module = importlib.util.module_from_spec(spec)
        module.__dict__[_LOCK] = threading.RLock()
        module.__class__ = _Deferred
        sys.modules[name] = module
        parent, _, child = name.rpartition(".")
        if parent:
            # As an import does: ``import dateutil.parser`` then ``dateutil.parser.parse``.
            setattr(sys.modules[parent], child, module)


# On import: ``templates/liquid/__init__`` imports this module just before python-liquid.
defer()
