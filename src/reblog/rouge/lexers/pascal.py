"""Pascal, tokenized the way Rouge 3.30's lexer does (rouge/lexers/pascal.rb), rule for rule.

A leading ``\\b`` in Rouge holds where a word character follows (the scanner sees nothing before
its position), written ``(?=\\w)``.
"""

from __future__ import annotations

import re

from ..engine import LexerSpec, Mixin, TokenSource, r

_KEYWORDS = "|".join(
    (
        "absolute abstract all and and_then array as asm assembler attribute begin bindable case "
        "class const constructor delay destructor div do downto else end except exit export "
        "exports external far file finalization finally for forward function goto if "
        "implementation import in inc index inherited initialization inline interface interrupt "
        "is label library message mod module near nil not object of on only operator or or_else "
        "otherwise out overload override packed pascal pow private procedure program property "
        "protected public published qualified raise read record register repeat resident "
        "resourcestring restricted safecall segment set shl shr stdcall stored string then "
        "threadvar to try type unit until uses value var view virtual while with write writeln "
        "xor"
    ).split()
)
_TYPES = "|".join(
    (
        "ansichar ansistring bool boolean byte bytebool cardinal char comp currency double dword "
        "extended int64 integer iunknown longbool longint longword pansichar pansistring pbool "
        "pboolean pbyte pbytearray pcardinal pchar pcomp pcurrency pdate pdatetime pdouble pdword "
        "pextended phandle pint64 pinteger plongint plongword pointer ppointer pshortint "
        "pshortstring psingle psmallint pstring pvariant pwidechar pwidestring pword pwordarray "
        "pwordbool real real48 shortint shortstring single smallint string tclass tdate tdatetime "
        "textfile thandle tobject ttime variant widechar widestring word wordbool"
    ).split()
)

PASCAL = LexerSpec(
    "pascal",
    {
        "whitespace": [
            r(r"\s+", ""),
            r(r"(//).*$\n?", "c1"),
            r(r"(--).*$\n?", "c1"),
            r(r"\(\*.*?\*\)", "cm", flags=re.S),
            r(r"\{.*?\}", "cm", flags=re.S),
        ],
        "root": [
            Mixin("whitespace"),
            r(
                r"((0(x|X)[0-9a-fA-F]*)|(([0-9]+\.?[0-9]*)|(\.[0-9]+))((e|E)(\+|-)?[0-9]+)?)"
                r"(L|l|UL|ul|u|U|F|f|ll|LL|ull|ULL)?",
                "m",
            ),
            r(r"\$[0-9A-Fa-f]+", "mh"),
            r(r"[~!@#$%^&*()+`\-={}\[\]:;<>?,./|\\]", "p"),
            r(r"'([^']|'')*'", "s"),
            r(r"(true|false|nil)\b", "nb", flags=re.I),
            r(rf"(?=\w)({_KEYWORDS})\b", "k", flags=re.I),
            r(rf"(?=\w)({_TYPES})\b", "kt", flags=re.I),
            r(r"@?[_a-z]\w*", "n", flags=re.I),
        ],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"pascal": PASCAL}
