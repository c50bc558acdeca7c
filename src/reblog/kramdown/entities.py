"""kramdown's entity table and its ``entity_output`` option: how entities, smart quotes and
typographic symbols are written (as characters, as in the input, numeric or symbolic)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from html.entities import codepoint2name, name2codepoint

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

# kramdown's table is HTML 4's with a few differences: ``apos`` and ``vellip`` added, and the
# names of U+2308/U+2309 and U+2329/U+232A swapped.
_NAME_DIFFERENCES = {"apos": 39, "vellip": 8942, "rceil": 8968, "lceil": 8969, "rang": 9001, "lang": 9002}
# Windows-1252 code points (0x80-0x9F) are read as the character cp1252 gives them.
_CP1252_UNDEFINED = frozenset({129, 141, 143, 144, 157})
# The characters kramdown's converter must escape (its ESCAPE_MAP).
_ESCAPE_NAMES = {"<": "lt", ">": "gt", "&": "amp", '"': "quot"}
# kramdown's HTML_ENTITY_RE.
ENTITY_RE = re.compile(r"&([\w:][\-\w.:]*);|&#(\d+);|&#x([0-9a-fA-F]+);")


def _tables() -> tuple[dict[str, int], dict[int, str]]:
    """kramdown's name -> code point and code point -> name maps."""
    by_name = {**name2codepoint, **_NAME_DIFFERENCES}
    by_code = {**codepoint2name, **{code: name for name, code in _NAME_DIFFERENCES.items()}}
    return by_name, by_code


_BY_NAME, _BY_CODE = _tables()


def entity_code(name_or_code: str | int) -> int | None:
    """The code point kramdown gives an entity name or number (None: not an entity it knows)."""
    if isinstance(name_or_code, str):
        if name_or_code.isdigit():
            return entity_code(int(name_or_code))
        return _BY_NAME.get(name_or_code)
    if 0x80 <= name_or_code <= 0x9F and name_or_code not in _CP1252_UNDEFINED:
        return ord(bytes([name_or_code]).decode("cp1252"))
    return name_or_code


def entity_html(code: int, mode: str, original: str | None = None) -> str:
    """kramdown's ``entity_to_str``: the entity ``code`` written as the ``entity_output`` mode says."""
    try:
        char = chr(code)
    except (ValueError, OverflowError):
        char = ""
    if mode == "as_char" and char and (char == '"' or char not in _ESCAPE_NAMES):
        return char
    if mode in ("as_input", "as_char") and original:
        return original
    name = _BY_CODE.get(code)
    if name is not None and (mode == "symbolic" or char in _ESCAPE_NAMES):
        return f"&{name};"
    return f"&#{code};"


def chars_html(text: str, mode: str) -> str:
    """Characters produced as entities (smart quotes, typographic symbols) in ``mode``."""
    return "".join(entity_html(ord(c), mode) for c in text)


def make_entity_rule(mode: str) -> Callable[[StateCore], None]:
    """Build the core rule writing the source's entities as kramdown does in ``mode``."""

    def entities(state: StateCore) -> None:
        if "&" not in state.src:
            return  # markdown-it's entity rule starts at an ``&``: no entity token to rewrite
        for inline in state.tokens:
            if inline.type != "inline" or not inline.children:
                continue
            for tok in inline.children:
                if tok.type == "text_special" and tok.info == "entity":
                    _kramdown_entity(tok, mode)

    return entities


def _kramdown_entity(tok: Token, mode: str) -> None:
    """Rewrite one entity token (markdown-it knows HTML5's names, kramdown fewer)."""
    m = ENTITY_RE.fullmatch(tok.markup)
    code = None
    if m is not None:
        code = entity_code(m[1]) if m[1] is not None else entity_code(int(m[2] or m[3], 16 if m[3] else 10))
    if code is None:  # kramdown: "&" and the rest as text
        tok.type, tok.content = "text", tok.markup
        return
    out = entity_html(code, mode, tok.markup)
    if mode == "as_char" and out != tok.markup:
        tok.content = out  # a character: text, escaped like text
    else:
        tok.type, tok.content = "html_inline", out


def split_entities(tok: Token, pieces: Sequence[tuple[str, bool]]) -> list[Token]:
    """Text token ``tok`` as text and raw-HTML tokens (``pieces``: text, is-HTML)."""
    out: list[Token] = []
    for text, is_html in pieces:
        if not text:
            continue
        if is_html:
            new = Token("html_inline", "", 0)
        else:
            new = Token("text", "", 0)
        new.content = text
        out.append(new)
    return out or [tok]
