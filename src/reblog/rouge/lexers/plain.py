"""Plain text, as Rouge 3.30's ``plain_text.rb``: the whole text as one unstyled token."""

from __future__ import annotations

from ..engine import LexerSpec, TokenSource


class PlainText:
    """Rouge's PlainText lexer (default token: Text, which has no class)."""

    name = "plaintext"

    def tokens(self, text: str) -> list[tuple[str, str]]:
        """The text itself, unhighlighted."""
        return [("", text)] if text else []


LEXERS: dict[str, LexerSpec | TokenSource] = {"plaintext": PlainText()}
