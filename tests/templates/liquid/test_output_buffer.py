"""The output limit counts UTF-8 bytes as python-liquid does, measuring non-ASCII text only when
the four-bytes-a-character bound passes the limit or the size is asked for: it must stop at
the very write that passes the limit, and report the exact size whenever asked."""

from __future__ import annotations

import random

import pytest
from liquid.exceptions import OutputStreamLimitError

from reblog.templates.liquid import _OutputBuffer


@pytest.mark.parametrize("seed", range(5))
def test_stops_at_the_write_that_passes_the_limit(seed: int) -> None:
    chosen = random.Random(seed)
    for _ in range(500):
        limit = chosen.randint(0, 80)
        buffer, size = _OutputBuffer(limit), 0
        for _ in range(15):
            text = "".join(chosen.choice("ab\r\n\u00e9\u4e2d\U0001f600") for _ in range(chosen.randint(0, 7)))
            size += len(text.encode("utf-8"))
            if size > limit:
                with pytest.raises(OutputStreamLimitError):
                    buffer.write(text)
                break
            buffer.write(text)
            if chosen.random() < 0.3:
                assert buffer.size == size
        else:
            assert buffer.size == size and len(buffer.getvalue().encode("utf-8")) == size
