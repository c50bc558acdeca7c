"""Elixir, tokenized the way Rouge 3.30's lexer does (rouge/lexers/elixir.rb), rule for rule.

Rouge's look-behinds (``(?<!\\.)``, ``(?<!:)``, ``(?<!\\w)``) never see the text before the scan
position, so they always hold and are dropped, and ``(?<=[\\s])!+`` never matches; a leading
``\\b`` holds exactly when a word character follows, written ``(?=\\w)``.
"""

from __future__ import annotations

import re

from ..engine import LexerSpec, Mixin, Rule, RuleMatch, Run, TokenSource, r

_DELIMITERS = {"{": "}", "[": "]", "(": ")", "<": ">"}
_HEX = "[0-9A-Fa-f]"


def _sigil(run: Run, m: RuleMatch) -> None:
    """``~r/.../``, ``~w(...)``: a state made for this delimiter (Rouge's ``push do``)."""
    kind, opener = m.group(1), m.group(2)
    if kind is None:
        # Rouge's ``'Rr'.include? nil`` raises here; an error token keeps going instead.
        run.token("err")
        return
    closer = _DELIMITERS.get(opener, opener)
    cls = "sx"
    if kind in "Rr":
        cls = "sr"
        run.push("regex_flags")
    if kind in "Ww":
        run.push("list_flags")
    run.token(cls)
    rules: list[Rule] = [r(re.escape(closer), cls, "#pop")]
    if kind in "SRCW":
        rules.append(r(r"#\{", "si", "interpoling_string"))
        rules.append(r(r"#", cls))
    else:
        rules.append(r(r"[\\#]", cls))
    rules.append(r(rf"[^#{re.escape(opener)}{re.escape(closer)}\\]+", cls, flags=re.S))
    run.push_rules(rules)


ELIXIR = LexerSpec(
    "elixir",
    {
        "root": [
            r(r"\s+", ""),
            r(r"#.*$", "c1"),
            r(
                r"(?=\w)(case|cond|end|bc|lc|if|unless|try|loop|receive|fn|defmodule|"
                r"defp?|defprotocol|defimpl|defrecord|defmacrop?|defdelegate|"
                r"defexception|defguardp?|defstruct|exit|raise|throw|after|rescue|catch|else)\b(?![?!])|"
                r"(?=\w)(do|->)\b",
                "k",
            ),
            r(r"(?=\w)(import|require|use|recur|quote|unquote|super|refer)\b(?![?!])", "kn"),
            r(r"(?=\w)(and|not|or|when|xor|in)\b", "ow"),
            r(
                r"%=|\*=|\*\*=|\+=|-=|\^=|\|\|=|<=>|<(?!<|=)|>(?!<|=|>)|<=|>=|===|==|=~|!=|!~|"
                r"(?=[\s])\?|&(&&?|(?!\d))|\|\||\^|\*|\+|-|/|\||\+\+|--|\*\*|//|<-|<>|<<|>>|=|\.|~~~",
                "o",
            ),
            # Not extended: the line breaks and indentation of Rouge's source are in the pattern.
            r(
                r"(:)([a-zA-Z_]\w*([?!]|=(?![>=]))?|<>|===?|>=?|<=?|"
                "\n             "
                r"<=>|&&?|%\(\)|%\[\]|%\{\}|\+\+?|--?|\|\|?|!|//|[%&`/|]|"
                "\n             "
                r"\*\*?|=?~|<-)|([a-zA-Z_]\w*([?!])?)(:)(?!:)",
                "ss",
            ),
            r(r':"', "ss", "interpoling_symbol"),
            r(r"(?=\w)(nil|true|false)\b(?![?!])|(?=\w)[A-Z]\w*\b", "no"),
            r(r"(?=\w)(__(FILE|LINE|MODULE|MAIN|FUNCTION)__)\b(?![?!])", "bp"),
            r(r"[a-zA-Z_!]\w*[!?]?", "n"),
            r(r"::|[%(){};,/|:\\\[\]]", "p"),
            r(r"@[a-zA-Z_]\w*|&\d", "nv"),
            r(r"(?=\w)\d(_?\d)*(\.(?![^\d\s])(_?\d)+)([eE][-+]?\d(_?\d)*)?\b", "mf"),
            r(rf"(?=\w)0x{_HEX}(_?{_HEX})*\b", "mh"),
            r(r"(?=\w)0o[0-7](_?[0-7])*\b", "mo"),
            r(r"(?=\w)0b[01](_?[01])*\b", "mb"),
            r(r"(?=\w)\d(_?\d)*\b", "mi"),
            Mixin("strings"),
            Mixin("sigil_strings"),
        ],
        "strings": [
            r(r'(%[A-Ba-z])?"""(?:.|\n)*?"""', "sd"),
            r(r"'''(?:.|\n)*?'''", "sd"),
            r(r'"', "s2", "dqs"),
            r(r"'", "s1", "sqs"),
            r(
                rf"\?(\\(x\d{{1,2}}|{_HEX}{{1,2}}(?!{_HEX})\b|0[0-7]{{0,2}}(?![0-7])\b[^x0MC])|(\\[MC]-)+\w|[^\s\\])",
                "sx",
            ),
        ],
        "dqs": [
            Mixin("escapes"),
            Mixin("interpoling"),
            r(r'[^#"\\]+', "s2"),
            r(r'"', "s2", "#pop"),
            r(r"[#\\]", "s2"),
        ],
        "sqs": [
            Mixin("escapes"),
            Mixin("interpoling"),
            r(r"[^#'\\]+", "s1"),
            r(r"'", "s1", "#pop"),
            r(r"[#\\]", "s1"),
        ],
        "interpoling": [r(r"#\{", "si", "interpoling_string")],
        "interpoling_string": [r(r"\}", "si", "#pop"), Mixin("root")],
        "escapes": [
            r(rf"\\x{_HEX}{{2}}", "se"),
            r(r"\\u\{?\d+\}?", "se"),
            r(r"""\\[\\abdefnrstv0"']""", "se"),
        ],
        "interpoling_symbol": [
            r(r'"', "ss", "#pop"),
            Mixin("interpoling"),
            r(r'[^#"]+', "ss"),
        ],
        "sigil_strings": [r(r"""~([A-Za-z])?(\{|\[|\(|<|\||/|'|")""", _sigil)],
        "regex_flags": [r(r"[fgimrsux]*", "sr", "#pop")],
        "list_flags": [r(r"[csa]?", "sx", "#pop")],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"elixir": ELIXIR}
