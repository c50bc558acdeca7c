"""Go, tokenized as Rouge 3.30's ``go.rb`` does (its named patterns, rule for rule)."""

from __future__ import annotations

from ..engine import LexerSpec, Mixin, TokenSource, r

# Rouge writes these with a leading \b, which always holds at the scan position in Ruby's
# StringScanner when a word follows; it is dropped here (Python's \b would look back).
_KEYWORD = (
    r"(?:break|default|func|interface|select|case|defer|go|map|struct|chan|else|goto|package"
    r"|switch|const|fallthrough|if|range|type|continue|for|import|return|var)\b"
)
_LETTER = r"(?:(?u:[^\W\d_])|_)"
_IDENTIFIER = rf"(?!{_KEYWORD}){_LETTER}(?:{_LETTER}|(?u:\d))*"
_OPERATOR = (
    r"\+=|\+\+|\+|&\^=|&\^|&=|&&|&|==|=|!=|!|-=|--|-|\|=|\|\||\||<=|<-|<<=|<<|<|\*=|\*"
    r"|\^=|\^|>>=|>>|>=|>|/|/=|:=|%|%=|\.\.\.|\.|:"
)
_SEPARATOR = r"[()\[\]{},;]"
_INT = r"(?:0[xX][0-9A-Fa-f]+|[0-9][0-9]*|0[0-7]*)"
_DECIMALS = r"[0-9]+"
_EXPONENT = rf"[eE][+\-]?{_DECIMALS}"
_FLOAT = rf"(?:{_DECIMALS}\.(?:{_DECIMALS})?(?:{_EXPONENT})?|{_DECIMALS}{_EXPONENT}|\.{_DECIMALS}(?:{_EXPONENT})?)"
_IMAGINARY = rf"(?:{_DECIMALS}|{_FLOAT})i"
_ESCAPED_CHAR = r"""\\[abfnrtv\\'"]"""
_LITTLE_U = r"\\u[0-9A-Fa-f]{4}"
_BIG_U = r"\\U[0-9A-Fa-f]{8}"
_UNICODE_VALUE = rf"(?:[^\n]|{_LITTLE_U}|{_BIG_U}|{_ESCAPED_CHAR})"
_HEX_BYTE = r"\\x[0-9A-Fa-f]{2}"
_BYTE_VALUE = rf"(?:\\[0-7]{{3}}|{_HEX_BYTE})"
_CHAR = rf"'(?:{_UNICODE_VALUE}|{_BYTE_VALUE})'"
_ESCAPE_SEQUENCE = rf"(?:{_ESCAPED_CHAR}|{_LITTLE_U}|{_BIG_U}|{_HEX_BYTE})"
_TYPES = (
    r"(?:bool|byte|complex64|complex128|error|float32|float64|int8|int16|int32|int64|int|rune"
    r"|string|uint8|uint16|uint32|uint64|uintptr|uint)\b"
)
_CONSTANTS = r"(?:true|false|iota|nil)\b"
_FUNCTIONS = (
    r"(?:append|cap|close|complex|copy|delete|imag|len|make|new|panic|print|println|real"
    r"|recover)\b"
)

GO = LexerSpec(
    "go",
    {
        "simple_tokens": [
            r(r"//(?:(?!\n).)*|(?s:/\*(?:(?!\*/).)*\*/)", "c"),
            r(_KEYWORD, "k"),
            r(_TYPES, "kt"),
            r(_FUNCTIONS, "nb"),
            r(_CONSTANTS, "no"),
            r(_IMAGINARY, "m"),
            r(_FLOAT, "m"),
            r(_INT, "m"),
            r(_CHAR, "sc"),
            r(_OPERATOR, "o"),
            r(_SEPARATOR, "p"),
            r(_IDENTIFIER, "n"),
            r(r"\s+", ""),
        ],
        "root": [
            Mixin("simple_tokens"),
            r(r"`", "s", "raw_string"),
            r(r'"', "s", "interpreted_string"),
        ],
        "interpreted_string": [
            r(_ESCAPE_SEQUENCE, "se"),
            r(r"\\.", "err"),
            r(r'"', "s", "#pop"),
            r(r'[^"\\]+', "s"),
        ],
        "raw_string": [
            r(r"`", "s", "#pop"),
            r(r"[^`]+", "s"),
        ],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"go": GO}
