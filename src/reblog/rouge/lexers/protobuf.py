"""Protocol Buffers, tokenized as Rouge 3.30's ``protobuf.rb`` does (rule for rule)."""

from __future__ import annotations

from ..engine import LexerSpec, Run, TokenSource, r

_KEYWORD = (
    r"(?:ctype|default|extensions|import|max|oneof|option|optional|packed|repeated|required"
    r"|returns|rpc|to)\b"
)
_DATATYPE = (
    r"(?:bool|bytes|double|fixed32|fixed64|float|int32|int64|sfixed32|sfixed64|sint32|sint64"
    r"|string|uint32|uint64)\b"
)


def _pop_now(run: Run) -> None:
    run.pop()


PROTOBUF = LexerSpec(
    "protobuf",
    {
        "root": [
            r(r"[\s]+", ""),
            r(r"[,;{}\[\]()]", "p"),
            r(r"/(?:\\\n)?/(?:$|(?:.|\n)*?[^\\]$)", "c1"),
            r(r"/(?:\\\n)?\*(?:.|\n)*?\*(?:\\\n)?/", "cm"),
            r(_KEYWORD, "k"),
            r(_DATATYPE, "kt"),
            r(r"true|false", "kc"),
            r(r"(package)(\s+)", ("kn", ""), "package"),
            r(r"(message|extend)(\s+)", ("kd", ""), "message"),
            r(r"(enum|group|service)(\s+)", ("kd", ""), "type"),
            r(r'".*?"', "s"),
            r(r"'.*?'", "s"),
            r(r"(?:\d+\.\d*|\.\d+|\d+)[eE][+-]?\d+[LlUu]*", "mf"),
            r(r"(?:\d+\.\d*|\.\d+|\d+[fF])[fF]?", "mf"),
            r(r"-?(?:inf|nan)\b", "mf"),
            r(r"0x[0-9a-fA-F]+[LlUu]*", "mh"),
            r(r"0[0-7]+[LlUu]*", "mo"),
            r(r"\d+[LlUu]*", "mi"),
            # Rouge's class: '+-=' is a range (+ , - . / 0-9 : ; < =)
            r(r"[+-=]", "o"),
            r(r"([a-zA-Z_][\w.]*)([ \t]*)(=)", ("na", "", "o")),
            r(r"[a-zA-Z_][\w.]*", "n"),
        ],
        "package": [r(r"[a-zA-Z_]\w*", "nn", "#pop"), r(r"", None, _pop_now)],
        "message": [r(r"[a-zA-Z_]\w*", "nc", "#pop"), r(r"", None, _pop_now)],
        "type": [r(r"[a-zA-Z_]\w*", "n", "#pop"), r(r"", None, _pop_now)],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"protobuf": PROTOBUF}
