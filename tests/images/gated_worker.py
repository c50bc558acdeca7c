"""A stand-in encoder that waits for the test's go-ahead (a file appearing), then encodes for real.

It lets a test look at what the dev server wrote while an encode is certainly still running,
without timing anything. The go-ahead is a file ``go`` beside the site's folder (the worker
processes may have started before the test, so an environment variable would not reach them).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from reblog.images.worker import encode_image


def gate_for(source_image: Path) -> Path:
    """The go-ahead file for an image at the top of a site's folder."""
    return source_image.parent.parent / "go"


def encode_when_allowed(source: str, jobs: list[tuple[Any, ...]], threads: int) -> Any:
    """Wait until the go-ahead file exists (a minute at most), then encode.

    (A build that waited for its encodes would then see them finished, and the test fail.)
    """
    gate = gate_for(Path(source))
    deadline = time.monotonic() + 60
    while not gate.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    return encode_image(source, jobs, threads)
