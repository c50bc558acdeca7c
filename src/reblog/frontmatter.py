"""Split a source file into YAML front matter and body, as Jekyll does, with line numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ReblogError
from .yamlio import load_yaml

# Jekyll's Document::YAML_FRONT_MATTER_REGEXP.
_FRONT_MATTER = re.compile(r"\A(---\s*\n.*?\n?)^((---|\.\.\.)\s*$\n?)", re.S | re.M)
_HEADER = re.compile(rb"\A---\s*\r?\n")


@dataclass(frozen=True)
class SourceText:
    """A source file's front matter and body."""

    data: dict[str, Any]
    body: str
    body_line: int


def has_front_matter(path: Path) -> bool:
    """Whether the file starts with ``---`` (Jekyll's has_yaml_header?)."""
    try:
        with path.open("rb") as handle:
            return bool(_HEADER.match(handle.readline()))
    except OSError:
        return False


def decode(raw: bytes, file: str) -> str:
    """Decode UTF-8 strictly (dropping a BOM); bad bytes are an error naming the line."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise ReblogError(f"invalid UTF-8 (byte 0x{raw[err.start]:02x})", file, line) from err
    return text


def parse_source(text: str, file: str) -> SourceText:
    """Split text into front matter data and body; a file without front matter is all body."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return SourceText({}, text, 1)
    yaml_text = match.group(1)
    # The YAML starts on line 2 (after the opening ---).
    data = load_yaml(yaml_text.split("\n", 1)[1] if "\n" in yaml_text else "", file, 2)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ReblogError("front matter must be a mapping of keys to values", file, 2)
    body_line = text[: match.end()].count("\n") + 1
    return SourceText({str(k): v for k, v in data.items()}, text[match.end():], body_line)


def read_source(path: Path, relpath: str) -> SourceText:
    """Read and split one source file."""
    return parse_source(decode(path.read_bytes(), relpath), relpath)
