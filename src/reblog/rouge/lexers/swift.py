"""Swift, tokenized as Rouge 3.30's ``swift.rb`` does (rule for rule)."""

from __future__ import annotations

import re

from ..engine import LexerSpec, Mixin, RuleMatch, Run, TokenSource, r, words

# \p{Alpha} / \p{Alnum} approximated by Python's Unicode classes; [[:upper:]] by ASCII and
# Latin-1 capitals.
_ID_HEAD = r"(?:_|(?u:[^\W\d_])|[^\x00-\uffff])"
_ID_REST = r"(?:(?u:\w)|[^\x00-\uffff])"
_ID = rf"{_ID_HEAD}{_ID_REST}*"
_UPPER = r"[A-Z\u00c0-\u00d6\u00d8-\u00de]"
_UPPER_START = re.compile(_UPPER)

_KEYWORDS = words(
    "await break case continue default do else fallthrough if in for return switch where while "
    "try catch throw guard defer repeat as dynamicType is new super self Self Type __COLUMN__ "
    "__FILE__ __FUNCTION__ __LINE__ associativity async didSet get infix inout isolated mutating "
    "none nonmutating operator override postfix precedence prefix set unowned weak willSet "
    "throws rethrows precedencegroup #available #colorLiteral #column #else #elseif #endif "
    "#error #file #fileLiteral #function #if #imageLiteral #line #selector #sourceLocation "
    "#warning"
)
_DECLARATIONS = words(
    "actor class deinit enum convenience extension final func import init internal lazy let "
    "nonisolated optional private protocol public required static struct subscript typealias "
    "var dynamic indirect associatedtype open fileprivate some"
)
_CONSTANTS = words("true false nil")


def _access(run: Run, m: RuleMatch) -> None:
    if m.group(3) == "set":
        run.token("kd")
    else:
        run.groups("kd", "kd", "err", "kd")


def _unowned(run: Run, m: RuleMatch) -> None:
    if m.group(2) in ("safe", "unsafe"):
        run.token("kd")
    else:
        run.groups("kd", "err", "kd")


def _call(run: Run, m: RuleMatch) -> None:
    run.token("kt" if _UPPER_START.match(m.group(0)) else "nf")


def _word(run: Run, m: RuleMatch) -> None:
    word = m.group(0)
    if word in _KEYWORDS:
        run.token("k")
    elif word in _DECLARATIONS:
        run.token("kd")
    elif word in _CONSTANTS:
        run.token("kc")
    elif _UPPER_START.match(word):
        run.token("kt")
    else:
        run.token("n")


def _push_bol(run: Run) -> None:
    run.push("bol")


def _pop_now(run: Run) -> None:
    run.pop()


SWIFT = LexerSpec(
    "swift",
    {
        "bol": [
            r(r"#.*", "cp"),
            Mixin("inline_whitespace"),
            r(r"", None, _pop_now),
        ],
        "inline_whitespace": [r(r"\s+", ""), Mixin("has_comments")],
        "whitespace": [
            r(r"\n+", "", "bol"),
            r(r"//.*?$", "c1", "bol"),
            Mixin("inline_whitespace"),
        ],
        "has_comments": [r(r"/[*]", "cm", "nested_comment")],
        "nested_comment": [
            Mixin("has_comments"),
            r(r"[*]/", "cm", "#pop"),
            r(r"[^*/]+", "cm"),
            r(r".", "cm"),
        ],
        "root": [
            Mixin("whitespace"),
            r(r"\$(?:(?:[1-9]\d*)?\d)", "nv"),
            r(r"[()\[\]{}:;,?\\]", "p"),
            r(r"[-/=+*%<>!&|^.~]+", "o"),
            r(r'@?"', "s", "dq"),
            r(r"'(?:\\.|.)'", "sc"),
            r(
                r"(?:\d+(?:_\d+)*\*|(?:\d+(?:_\d+)*)*\.\d+(?:_\d)*)(?:e[+-]?\d+(?:_\d)*)?",
                "mf",
                flags=re.I,
            ),
            r(r"\d+e[+-]?[0-9]+", "mf", flags=re.I),
            r(r"0o?[0-7]+(?:_[0-7]+)*", "mo"),
            r(r"0x[0-9A-Fa-f]+(?:_[0-9A-Fa-f]+)*(?:(?:\.[0-9A-F]+(?:_[0-9A-F]+)*)?p[+-]?\d+)?", "mh"),
            r(r"0b[01]+(?:_[01]+)*", "mb"),
            r(r"[\d]+(?:_\d+)*", "mi"),
            r(rf"@{_ID}", "kd"),
            r(r"(private|internal)(\([ ]*)(\w+)([ ]*\))", _access),
            r(r"(unowned\([ ]*)(\w+)([ ]*\))", _unowned),
            r(r"#available\([^)]+\)", "kd"),
            r(r"(#(?:selector|keyPath)\()([^)]+?(?:[(].*?[)])?)(\))", ("kd", "nf", "kd")),
            r(r"#(?:line|file|column|function|dsohandle)", "kd"),
            r(rf"(let|var)\b(\s*)({_ID})", ("k", "", "nv")),
            r(r"(let|var)\b(\s*)([(])", ("k", "", "p"), "tuple"),
            # Ruby's leading \b holds at the scan position when a (Unicode) word character follows.
            r(
                rf"(?!(?:if|while|for|private|internal|unowned|switch|case)\b)(?=(?u:\w)){_ID}"
                r"(?=(?:\?|!)?\s*[(])",
                _call,
            ),
            r(r"as[?!]?(?=\s)", "k"),
            r(r"try[!]?(?=\s)", "k"),
            r(rf"(#?(?!default)(?!{_UPPER}){_ID})(\s*)(:)", ("nv", "", "p")),
            r(_ID, _word),
            r(rf"(`)({_ID})(`)", ("p", "nv", "p")),
        ],
        "tuple": [
            r(_ID, "nv"),
            r(rf"(`)({_ID})(`)", ("p", "nv", "p")),
            r(r",", "p"),
            r(r"[(]", "p", "#push"),
            r(r"[)]", "p", "#pop"),
            Mixin("inline_whitespace"),
        ],
        "dq": [
            r(r"""\\[\\0tnr'"]""", "se"),
            r(r"\\[(]", "se", "interp"),
            r(r"\\u\{[0-9a-fA-F]{1,8}\}", "se"),
            r(r'[^\\"]+', "s"),
            r(r'"""', "s", "#pop"),
            r(r'"', "s", "#pop"),
        ],
        "interp": [
            r(r"[(]", "p", "interp_inner"),
            r(r"[)]", "se", "#pop"),
            Mixin("root"),
        ],
        "interp_inner": [
            r(r"[(]", "p", "#push"),
            r(r"[)]", "p", "#pop"),
            Mixin("root"),
        ],
    },
    on_start=_push_bol,
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"swift": SWIFT}
