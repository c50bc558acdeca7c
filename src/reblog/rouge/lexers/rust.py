"""Rust, tokenized as Rouge 3.30's ``rust.rb`` does (rule for rule)."""

from __future__ import annotations

import re

from ..engine import LexerSpec, Mixin, RuleDef, RuleMatch, Run, TokenSource, r, words

_KEYWORDS = (
    "as async await break const continue crate dyn else enum extern false fn for if impl in let "
    "log loop match mod move mut pub ref return self Self static struct super trait true type "
    "unsafe use where while abstract become box do final macro override priv typeof unsized "
    "virtual yield try union"
).split()
_BUILTINS = words(
    "Add BitAnd BitOr BitXor bool c_char c_double c_float char c_int clock_t c_long c_longlong "
    "Cons Const Copy c_schar c_short c_uchar c_uint c_ulong c_ulonglong c_ushort c_void dev_t DIR "
    "dirent Div Either Eq Err f32 f64 Failure FILE float fpos_t i16 i32 i64 i8 isize Index ino_t "
    "int intptr_t Left mode_t Modulo Mul Neg Nil None Num off_t Ok Option Ord Owned pid_t Ptr "
    "ptrdiff_t Right Send Shl Shr size_t Some ssize_t str Sub Success time_t u16 u32 u64 u8 usize "
    "uint uintptr_t Box Vec String Gc Rc Arc u128 i128 Result Sync Pin Unpin Sized Drop drop Fn "
    "FnMut FnOnce Clone PartialEq PartialOrd AsMut AsRef From Into Default DoubleEndedIterator "
    "ExactSizeIterator Extend IntoIterator Iterator"
)

# \p{XID_Start} / \p{XID_Continue}, approximated by Python's Unicode word classes.
_ID = r"(?u:(?:[^\W\d]|_)\w*)"
_HEX = r"[0-9a-fA-F]"
_ESCAPES = rf"\\(?:[nrt'\"\\0]|x{_HEX}{{2}}|u\{{(?:{_HEX}_*){{1,6}}\}})"
_SIZE = r"(?:8|16|32|64|128|size)"
_DELIMS = {"[": "]", "(": ")", "{": "}"}


def _start(run: Run) -> None:
    run.vars["delims"] = {"]": 0, ")": 0, "}": 0}
    run.push("bol")


def _open(run: Run, m: RuleMatch) -> None:
    run.vars["delims"][_DELIMS[m.group(0)]] += 1
    run.token("p")


def _close(run: Run, m: RuleMatch) -> None:
    delims = run.vars["delims"]
    delims[m.group(0)] -= 1
    if all(count == 0 for count in delims.values()):
        run.pop()
    run.token("p")


def _name(run: Run, m: RuleMatch) -> None:
    run.token("nb" if m.group(0) in _BUILTINS else "n")


def _nested(state: str, cls: str) -> list[RuleDef]:
    return [r(r"\*/", cls, "#pop"), r(r"/\*", cls, state), r(r"[^*/]+|[*/]", cls)]


_DOT = r"[.][0-9][0-9_]*"
_EXP = r"[eE][-+]?[0-9_]+"
_FLT = r"(?:f32|f64)"

RUST = LexerSpec(
    "rust",
    {
        "bol": [
            Mixin("whitespace"),
            r(r"#\s[^\n]*", "cs"),
            r(r"", None, "#pop"),
        ],
        "attribute": [
            Mixin("whitespace"),
            Mixin("has_literals"),
            r(r"[(,)=:]", "nd"),
            r(r"\]", "nd", "#pop"),
            r(_ID, "nd"),
        ],
        "whitespace": [r(r"\s+", ""), Mixin("comments")],
        "comments": [
            r(r"////+[^\n]*", "c1"),
            r(r"//[/!][^\n]*", "cd"),
            r(r"//[^\n]*", "c1"),
            r(r"/\*\*\*?/", "cm"),
            r(r"/\*\*\*+", "cm", "nested_plain_block"),
            r(r"/[*][*!]", "cd", "nested_doc_block"),
            r(r"/[*]", "cm", "nested_plain_block"),
        ],
        "nested_plain_block": _nested("nested_plain_block", "cm"),
        "nested_doc_block": _nested("nested_doc_block", "cd"),
        "root": [
            r(r"\n", "", "bol"),
            Mixin("whitespace"),
            r(r"#!?\[", "nd", "attribute"),
            r(rf"(?:{'|'.join(_KEYWORDS)})\b", "k"),
            Mixin("has_literals"),
            r(r"[=-]>", "k"),
            r(r"<->", "k"),
            r(r"[()\[\]{}|,:;]", "p"),
            r(r"[*/!@~&+%^<>=?-]|\.{2,3}", "o"),
            r(rf"(?:[.]\s*)?{_ID}(?=\s*[(])", "nf"),
            r(r"[.]\s*await\b", "k"),
            r(rf"[.]\s*{_ID}", "py"),
            r(r"[.]\s*\d+", "na"),
            r(rf"({_ID})(::)", ("nn", "p")),
            r(r"macro_rules!", "nd", "macro_rules"),
            r(rf"{_ID}!", "nd", "macro"),
            r(r"'static\b", "k"),
            r(rf"'{_ID}", "nv"),
            r(_ID, _name),
        ],
        "macro": [
            Mixin("has_literals"),
            r(r"[\[{(]", _open),
            r(r"[\]})]", _close),
            r(rf"{_ID}!", "nd"),
            Mixin("root"),
            r(r".", ""),
        ],
        "macro_rules": [
            r(rf"[$]{_ID}(?::{_ID})?", "nv"),
            r(r"[$]", "nv"),
            Mixin("macro"),
        ],
        "has_literals": [
            r(r"(?:true|false)\b", "kc"),
            r(rf"b?'(?:{_ESCAPES}|[^\\])'", "sc"),
            r(r'b?"', "s", "string"),
            r(r'b?r(#*)".*?"\1', "s", flags=re.S),
            r(
                rf"[0-9][0-9_]*(?:{_DOT}(?:{_EXP})?{_FLT}?|(?:{_DOT})?{_EXP}{_FLT}?"
                rf"|(?:{_DOT})?(?:{_EXP})?{_FLT}|[.](?![._]|(?u:[^\W\d])))",
                "mf",
            ),
            r(rf"(?:0b[10_]+|0x[0-9a-fA-F_]+|0o[0-7_]+|[0-9][0-9_]*)(?:u{_SIZE}?|i{_SIZE})?", "mi"),
        ],
        "string": [
            r(r'"', "s", "#pop"),
            r(_ESCAPES, "se"),
            r(r'[^"\\]+', "s"),
        ],
    },
    on_start=_start,
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"rust": RUST}
