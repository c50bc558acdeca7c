"""A stand-in encoder that waits for the test's go-ahead (a file appearing), then encodes for real.

It lets a test look at what the dev server wrote while an encode is certainly still running,
without timing anything.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from reblog.images.worker import encode_image

GATE = "REBLOG_TEST_ENCODE_GATE"


def encode_when_allowed(source: str, jobs: list[tuple[Any, ...]], threads: int) -> Any:
    """Wait until the file named by $REBLOG_TEST_ENCODE_GATE exists (a minute at most), then encode.

    (A build that waited for its encodes would then see them finished, and the test fail.)
    """
    gate = Path(os.environ[GATE])
    deadline = time.monotonic() + 60
    while not gate.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    return encode_image(source, jobs, threads)
