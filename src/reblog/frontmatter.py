"""Split a source file into YAML front matter and body, as Jekyll does, with line numbers.

The split runs through python-frontmatter (``frontmatter.parse``) with :class:`JekyllHandler`,
a handler that keeps Jekyll's fence rule (``Document::YAML_FRONT_MATTER_REGEXP``, anchored at
the start of the file) and loads the YAML with reblog's safe loader (``yamlio.load_yaml``:
Psych's semantics, alias-bomb limits, errors at file:line).
"""

from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import frontmatter
from frontmatter.default_handlers import BaseHandler

from .errors import ReblogError
from .yamlio import load_yaml

# Jekyll's Document::YAML_FRONT_MATTER_REGEXP.
_FRONT_MATTER = re.compile(r"\A(---\s*\n.*?\n?)^((---|\.\.\.)\s*$\n?)", re.S | re.M)
_HEADER = re.compile(rb"\A---\s*\r?\n")
_PEEK = 64


@dataclass(frozen=True)
class SourceText:
    """A source file's front matter and body."""

    data: dict[str, Any]
    body: str
    body_line: int


class JekyllHandler(BaseHandler):
    """python-frontmatter's handler for one file: Jekyll's fence, reblog's safe YAML loader.

    ``frontmatter.parse`` hands ``split`` a copy of the text that it has stripped and whose CRLF
    line ends it has made LF; Jekyll splits the file as it is (a CRLF body stays CRLF, a body's
    leading indentation and trailing blank lines stay). So the handler is made for one file's
    text and splits that: the body it keeps is Jekyll's ``post_match``, byte for byte.
    """

    FM_BOUNDARY = _FRONT_MATTER
    START_DELIMITER = "---"
    END_DELIMITER = "---"

    def __init__(self, text: str, file: str) -> None:
        super().__init__()
        self.text = text
        self.file = file
        self.match = _FRONT_MATTER.match(text)

    def detect(self, text: str) -> bool:
        """Whether Jekyll finds front matter: its fence regexp matches at the very start."""
        return _FRONT_MATTER.match(text) is not None

    def split(self, text: str) -> tuple[str, str]:
        """The YAML (after the opening fence line) and the body of this handler's file."""
        if self.match is None:
            raise ValueError("no front matter")   # frontmatter.parse: "cannot split"
        yaml_text = self.match.group(1)
        return (yaml_text.split("\n", 1)[1] if "\n" in yaml_text else ""), self.body

    @property
    def body(self) -> str:
        """Everything after the closing fence (and the blank lines Jekyll's regexp takes)."""
        return self.text[self.match.end():] if self.match else self.text

    @property
    def body_line(self) -> int:
        """The line the body starts on."""
        return self.text[: self.match.end()].count("\n") + 1 if self.match else 1

    def load(self, fm: str) -> dict[str, Any]:
        """The front matter mapping; the YAML starts on line 2 (after the opening ``---``)."""
        data = load_yaml(fm, self.file, 2)
        if data is None:
            return {}
        if not isinstance(data, dict):
            raise ReblogError("front matter must be a mapping of keys to values", self.file, 2)
        return {str(k): v for k, v in data.items()}


def has_front_matter(path: Path) -> bool:
    """Whether the file starts with ``---`` (Jekyll's has_yaml_header?)."""
    try:
        # Every file of the source is asked, most of them images: a few bytes settle it for
        # all but a first line of ``---`` and blanks longer than the peek. They are read with
        # the system calls alone: a file object costs more, and its opening asks the file's
        # status too (a folder's read fails here instead, as its opening does there).
        descriptor = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        try:
            head = os.read(descriptor, _PEEK)
        finally:
            os.close(descriptor)
        if not head.startswith(b"---"):
            return False
        end = head.find(b"\n")
        if end >= 0:
            return bool(_HEADER.match(head[:end + 1]))
        if head[3:].strip():
            return False   # something other than blanks follows on the first line
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
    handler = JekyllHandler(text, file)
    if handler.match is None:
        # Checked first: parse would strip the text and so find a fence after blank lines.
        return SourceText({}, text, 1)
    data, _ = frontmatter.parse(text, handler=handler)
    return SourceText(dict(data), handler.body, handler.body_line)


def read_source(
    path: Path, relpath: str, memo: SourceMemo | None = None,
) -> SourceText:
    """Read and split one source file; with a ``SourceMemo``, text parsed before is not parsed again."""
    text = decode(path.read_bytes(), relpath)
    if memo is None:
        return parse_source(text, relpath)
    return memo.parse(text, relpath)


class SourceMemo:
    """Front matter parsed in the last run, by file and text (``reblog serve`` keeps one).

    A rebuild reads every file again but parses only those whose text changed. Callers change
    the data they get in place, so each gets a copy. Only what the latest run used is kept.
    """

    def __init__(self) -> None:
        self._last: dict[tuple[str, str], SourceText] = {}
        self._used: dict[tuple[str, str], SourceText] = {}

    def parse(self, text: str, relpath: str) -> SourceText:
        """``parse_source(text, relpath)``, from the last run when it parsed the same text."""
        key = (relpath, text)
        found = self._used.get(key) or self._last.get(key)
        if found is None:
            found = parse_source(text, relpath)
        self._used[key] = found
        return SourceText(copy.deepcopy(found.data), found.body, found.body_line)

    def next_run(self) -> None:
        """Forget what the run just ended did not use."""
        self._last, self._used = self._used, {}
