"""AWK, tokenized as Rouge 3.30's ``awk.rb`` does (a ``/`` where an expression starts opens
a regex)."""

from __future__ import annotations

from ..engine import Callback, LexerSpec, Mixin, RuleMatch, Run, TokenSource, r, words

_KEYWORDS = words(
    "if else while for do break continue return next nextfile delete exit print printf getline"
)
_DECLARATIONS = words("function")
_RESERVED = words("BEGIN END")
_CONSTANTS = words("CONVFMT FS NF NR FNR FILENAME RS OFS ORS OFMT SUBSEP ARGC ARGV ENVIRON")
_BUILTINS = words(
    "exp log sqrt sin cos atan2 length rand srand int substr index match split sub gsub sprintf "
    "system tolower toupper"
)


def _word(run: Run, m: RuleMatch) -> None:
    word = m.group(0)
    if word in _KEYWORDS:
        run.token("k")
        run.push("expr_start")
    elif word in _DECLARATIONS:
        run.token("kd")
        run.push("expr_start")
    elif word in _RESERVED:
        run.token("kr")
    elif word in _CONSTANTS:
        run.token("kc")
    elif word in _BUILTINS:
        run.token("nb")
    elif word.startswith("$"):
        run.token("nv")
    else:
        run.token("nx")


def _goto(state: str, cls: str) -> Callback:
    def action(run: Run, m: RuleMatch) -> None:
        run.token(cls)
        run.goto(state)

    return action


def _group_error(run: Run, m: RuleMatch) -> None:
    run.token("err")
    run.pop(2)


def _ternary(run: Run, m: RuleMatch) -> None:
    run.token("p")
    run.push("ternary")
    run.push("expr_start")


def _pop_now(run: Run) -> None:
    run.pop()


AWK = LexerSpec(
    "awk",
    {
        "comments_and_whitespace": [r(r"\s+", ""), r(r"#.*?$", "c1")],
        "expr_start": [
            Mixin("comments_and_whitespace"),
            r(r"/", _goto("regex", "sr")),
            r(r"", "", "#pop"),
        ],
        "regex": [
            r(r"/", _goto("regex_end", "sr")),
            r(r"[^/]\n", "err", "#pop"),
            r(r"\n", "err", "#pop"),
            r(r"\[\^", "se", "regex_group"),
            r(r"\[", "se", "regex_group"),
            r(r"\\.", "se"),
            r(r"[(][?][:=<!]", "se"),
            r(r"[{][\d,]+[}]", "se"),
            r(r"[()?]", "se"),
            r(r".", "sr"),
        ],
        "regex_end": [r(r"", None, _pop_now)],
        "regex_group": [
            r(r"/", "se"),
            r(r"[^/]\n", _group_error),
            r(r"\]", "se", "#pop"),
            r(r"\\.", "se"),
            r(r".", "sr"),
        ],
        "bad_regex": [r(r"[^\n]+", "err", "#pop")],
        "root": [
            Mixin("comments_and_whitespace"),
            # Rouge's next rule starts with (?<=\n), which never sees the text before the scan
            # position: it cannot match, so it is left out.
            r(r"[-<>+*/%^!=]=?|in\b|\+\+|--|\|", "o", "expr_start"),
            r(r"&&|\|\||~!?", "o", "expr_start"),
            r(r"[(\[,]", "p", "expr_start"),
            r(r";", "p", "statement"),
            r(r"[)\].]", "p"),
            r(r"[?]", _ternary),
            r(r"[{}]", "p", "statement"),
            r(r"[$a-zA-Z_][a-zA-Z0-9_]*", _word),
            r(r"[0-9]+\.[0-9]+", "mf"),
            r(r"[0-9]+", "mi"),
            r(r'"(?:\\[\\"]|[^"])*"', "s2"),
            r(r":", "p"),
        ],
        "statement": [r(r"[{}]", "p"), Mixin("expr_start")],
        "ternary": [r(r":", _goto("expr_start", "p")), Mixin("root")],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"awk": AWK}
