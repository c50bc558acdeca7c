"""A file replaced atomically holds the old bytes or the new ones, and no temp file is left."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import pytest

from reblog.atomicfile import replace_atomically


def test_new_file_and_folder_are_made(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "file.bin"
    replace_atomically(target, lambda stream: stream.write(b"new"))
    assert target.read_bytes() == b"new"
    assert [p.name for p in target.parent.iterdir()] == ["file.bin"]


def test_a_failed_write_keeps_the_old_bytes_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "file.bin"
    target.write_bytes(b"old")

    def half(stream: BinaryIO) -> None:
        stream.write(b"ne")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        replace_atomically(target, half)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["file.bin"]


def test_an_interrupt_is_cleaned_up_too(tmp_path: Path) -> None:
    target = tmp_path / "file.bin"

    def interrupted(stream: BinaryIO) -> None:
        stream.write(b"x")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        replace_atomically(target, interrupted)
    assert list(tmp_path.iterdir()) == []
