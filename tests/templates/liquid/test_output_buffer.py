"""The output limit counts UTF-8 bytes as python-liquid does: it must stop at the very write that
passes the limit, report the exact size whenever asked, and refuse text that UTF-8 cannot hold."""

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



@pytest.mark.parametrize("before", ["", "ascii ", "\u00e9 "])
def test_a_lone_surrogate_is_refused_where_it_is_written(before: str) -> None:
    """As python-liquid's own buffer refuses it: text UTF-8 cannot encode (a JSON or YAML
    "\\ud800") stops the render at its write, not later or never (the page written with it)."""
    from liquid.output import LimitedStringIO

    for buffer in (_OutputBuffer(1000), LimitedStringIO(1000)):
        buffer.write(before)
        with pytest.raises(UnicodeEncodeError):
            buffer.write("x\ud800")
