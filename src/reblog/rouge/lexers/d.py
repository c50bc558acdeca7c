"""D, tokenized as Rouge 3.30's ``d.rb`` does (rule for rule)."""

from __future__ import annotations

import re

from ..engine import LexerSpec, Mixin, RuleDef, TokenSource, r

_KEYWORDS = (
    "abstract alias align asm assert auto body break case cast catch class const continue debug "
    "default delegate delete deprecated do else enum export extern finally final foreach_reverse "
    "foreach for function goto if immutable import interface invariant inout in is lazy mixin "
    "module new nothrow out override package pragma private protected public pure ref return "
    "scope shared static struct super switch synchronized template this throw try typedef typeid "
    "typeof union unittest version volatile while with __gshared __traits __vector __parameters"
).split()
_TYPES = (
    "bool byte cdouble cent cfloat char creal dchar double float idouble ifloat int ireal long "
    "real short ubyte ucent uint ulong ushort void wchar"
).split()
_PSEUDO = (
    "__FILE__ __FILE_FULL_PATH__ __MODULE__ __LINE__ __FUNCTION__ __PRETTY_FUNCTION__ __DATE__ "
    "__EOF__ __TIME__ __TIMESTAMP__ __VENDOR__ __VERSION__"
).split()
_PUNCTUATION = (
    r"(?:~=|\^=|%=|\*=|==|!>=|!<=|!<>=|!<>|!<|!>|!=|>>>=|>>>|>>=|>>|>=|<>=|<>|<<=|<<|<=|\+\+|\+="
    r"|--|-=|\|\||\|=|&&|&=|\.\.\.|\.\.|/=)|[/.&|\-+<>!()\[\]{}?,;:$=*%^~]"
)


def _delimited(opener: str, closer: str, name: str) -> dict[str, list[RuleDef]]:
    """Rouge's q"[...]" family: nesting delimiters, closed by the delimiter and a quote."""
    o, c = re.escape(opener), re.escape(closer)
    inside = f"delimited_inside_{name}"
    return {
        f"delimited_{name}": [
            r(rf"[^{o}{c}]+", "s"),
            r(o, "s", inside),
            r(rf'{c}"', "s", "#pop"),
        ],
        inside: [
            r(rf"[^{o}{c}]+", "s"),
            r(o, "s", "#push"),
            r(c, "s", "#pop"),
        ],
    }


D = LexerSpec(
    "d",
    {
        "whitespace": [r(r"\n", ""), r(r"\s+", "")],
        "root": [
            Mixin("whitespace"),
            r(r"//.*", "c1"),
            r(r"/(?:\\\n)?[*](?:.|\n)*?[*](?:\\\n)?/", "cm"),
            r(r"/\+", "cm", "nested_comment"),
            r(rf"(?:{'|'.join(_KEYWORDS)})\b", "k"),
            r(rf"(?:{'|'.join(_TYPES)})\b", "kt"),
            r(r"(?:false|true|null)\b", "kc"),
            r(rf"(?:{'|'.join(_PSEUDO)})\b", "kp"),
            r(r"macro\b", "kr"),
            r(r"(?:string|wstring|dstring|size_t|ptrdiff_t)\b", "nb"),
            r(r"0[xX](?:[0-9a-fA-F_]*\.[0-9a-fA-F_]+|[0-9a-fA-F_]+)[pP][+\-]?[0-9_]+[fFL]?[i]?", "mf"),
            r(r"[0-9_]+(?:\.[0-9_]+[eE][+\-]?[0-9_]+|\.[0-9_]*|[eE][+\-]?[0-9_]+)[fFL]?[i]?", "mf"),
            r(r"\.(?:0|[1-9][0-9_]*)(?:[eE][+\-]?[0-9_]+)?[fFL]?[i]?", "mf"),
            r(r"0[Bb][01_]+", "mb"),
            r(r"0[0-7_]+", "mo"),
            r(r"0[xX][0-9a-fA-F_]+", "mh"),
            r(r"(?:0|[1-9][0-9_]*)(?:[LUu]|Lu|LU|uL|UL)?", "mi"),
            r(
                r"""'(?:\\['"?\\abfnrtv]|\\x[0-9a-fA-F]{2}|\\[0-7]{1,3}|\\u[0-9a-fA-F]{4}"""
                r"""|\\U[0-9a-fA-F]{8}|\\&\w+;|.)'""",
                "sc",
            ),
            r(r'r"[^"]*"[cwd]?', "s"),
            r(r"`[^`]*`[cwd]?", "s"),
            r(r'"(?:\\\\|\\"|[^"])*"[cwd]?', "s"),
            r(r"""\\(?:['"?\\abfnrtv]|x[0-9a-fA-F]{2}|[0-7]{1,3}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|&\w+;)""", "s"),
            r(r'x"[0-9a-fA-F_\s]*"[cwd]?', "s"),
            r(r'q"\[', "s", "delimited_bracket"),
            r(r'q"\(', "s", "delimited_parenthesis"),
            r(r'q"<', "s", "delimited_angle"),
            r(r'q"\{', "s", "delimited_curly"),
            r(r'q"([a-zA-Z_]\w*)\n.*?\n\1"', "s"),
            r(r'q"(.).*?\1"', "s"),
            r(r"q\{", "s", "token_string"),
            r(r"@(?:[a-zA-Z_]\w*)?", "nd"),
            r(_PUNCTUATION, "p"),
            r(r"[a-zA-Z_]\w*", "n"),
            r(r"#line\s.*\n", "cs"),
        ],
        "nested_comment": [
            r(r"[^+/]+", "cm"),
            r(r"/\+", "cm", "#push"),
            r(r"\+/", "cm", "#pop"),
            r(r"[+/]", "cm"),
        ],
        "token_string": [
            r(r"\{", "p", "token_string_nest"),
            r(r"\}", "s", "#pop"),
            Mixin("root"),
        ],
        "token_string_nest": [
            r(r"\{", "p", "#push"),
            r(r"\}", "p", "#pop"),
            Mixin("root"),
        ],
        **_delimited("[", "]", "bracket"),
        **_delimited("(", ")", "parenthesis"),
        **_delimited("<", ">", "angle"),
        **_delimited("{", "}", "curly"),
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"d": D}
