"""XML, tokenized as Rouge 3.30's ``xml.rb`` does."""

from __future__ import annotations

import re

from ..engine import LexerSpec, TokenSource, r

# [\p{L}:_][\p{Word}\p{Cf}:.·-]* with Python's Unicode classes (\p{Cf} left out).
_NAME = r"(?u:[^\W\d]|:)(?u:[\w:.\u00b7-])*"

XML = LexerSpec(
    "xml",
    {
        "root": [
            r(r"[^<&]+", ""),
            r(r"&\S*?;", "ni"),
            r(r"<!\[CDATA\[.*?\]\]>", "cp"),
            r(r"<!--", "c", "comment"),
            r(r"<\?.*?\?>", "cp"),
            r(r"<![^>]*>", "cp"),
            r(rf"<\s*{_NAME}", "nt", "tag"),
            r(rf"<\s*/\s*{_NAME}\s*>", "nt"),
        ],
        "comment": [
            r(r"[^-]+", "c"),
            r(r"-->", "c", "#pop"),
            r(r"-", "c"),
        ],
        "tag": [
            r(r"\s+", ""),
            r(rf"{_NAME}\s*=", "na", "attr"),
            r(r"/?\s*>", "nt", "#pop"),
        ],
        "attr": [
            r(r"\s+", ""),
            r(r"\".*?\"|'.*?'|[^\s>]+", "s", "#pop", flags=re.S),
        ],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"xml": XML}
