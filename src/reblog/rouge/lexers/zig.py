"""Zig, tokenized as Rouge 3.30's ``zig.rb`` does (rule for rule)."""

from __future__ import annotations

import re

from ..engine import LexerSpec, Mixin, RuleMatch, Run, TokenSource, r, words

_KEYWORDS = words(
    "align linksection threadlocal struct enum union error break return anyframe fn c_longlong "
    "c_ulonglong c_longdouble c_void comptime_float c_short c_ushort c_int c_uint c_long c_ulong "
    "continue asm defer errdefer const var extern packed export pub if else switch and or orelse "
    "while for bool unreachable try catch async suspend nosuspend await resume undefined "
    "usingnamespace test void noreturn type anyerror usize noalias inline noinline comptime "
    "callconv volatile allowzero"
)
_BUILTINS = words(
    "@addWithOverflow @as @atomicLoad @atomicStore @bitCast @breakpoint @alignCast @alignOf "
    "@cDefine @cImport @cInclude @bitOffsetOf @atomicRmw @bytesToSlice @byteOffsetOf @OpaqueType "
    "@panic @ptrCast @bitReverse @Vector @sin @cUndef @canImplicitCast @clz @cmpxchgWeak "
    "@cmpxchgStrong @compileError @compileLog @ctz @popCount @divExact @divFloor @cos @divTrunc "
    "@embedFile @export @tagName @TagType @errorName @call @errorReturnTrace @fence "
    "@fieldParentPtr @field @unionInit @errorToInt @intToEnum @enumToInt @setAlignStack @frame "
    "@Frame @exp @exp2 @log @log2 @log10 @fabs @floor @ceil @trunc @round @floatCast "
    "@intToFloat @floatToInt @boolToInt @errSetCast @intToError @frameAddress @import "
    "@newStackCall @asyncCall @intToPtr @intCast @frameSize @memcpy @memset @mod "
    "@mulWithOverflow @splat @ptrToInt @rem @returnAddress @setCold @Type @shuffle "
    "@setGlobalLinkage @setGlobalSection @shlExact @This @hasDecl @hasField @setRuntimeSafety "
    "@setEvalBranchQuota @setFloatMode @shlWithOverflow @shrExact @sizeOf @bitSizeOf @sqrt "
    "@byteSwap @subWithOverflow @sliceToBytes comptime_int @truncate @typeInfo @typeName @TypeOf"
)
_ID = r"[a-zA-Z_]\w*"
_HEX = r"[0-9a-fA-F]"
_ESCAPES = rf"""\\(?:[nrt'"\\0]|x{_HEX}{{2}}|u{_HEX}{{4}}|U{_HEX}{{8}})"""
_DOT = r"[.][0-9_]+"
_EXP = r"e[-+]?[0-9_]+"


def _name(run: Run, m: RuleMatch) -> None:
    name = m.group(3)
    if name in _KEYWORDS:
        cls = "k"
    elif name in _BUILTINS:
        cls = "nb"
    elif m.group(1) and m.group(5):
        cls = "nf"
    elif m.group(1):
        cls = "py"
    else:
        cls = "n"
    run.groups("p", "", cls, "", "p")


def _pop_now(run: Run) -> None:
    run.pop()


ZIG = LexerSpec(
    "zig",
    {
        "bol": [
            Mixin("whitespace"),
            r(r"#\s[^\n]*", "cs"),
            r(r"", None, _pop_now),
        ],
        "attribute": [
            Mixin("whitespace"),
            Mixin("literals"),
            r(r"[(,)=:]", "nd"),
            r(r"\]", "nd", "#pop"),
            r(_ID, "nd"),
        ],
        "whitespace": [r(r"\s+", ""), r(r"//[^\n]*", "c")],
        "root": [
            r(r"\n", "", "bol"),
            Mixin("whitespace"),
            r(r"(?:(?:i|u)[0-9]+)\b", "kt"),
            r(r"(?:f(?:16|32|64|128))\b", "kt"),
            r(r"(?:isize|usize)\b", "kt"),
            Mixin("literals"),
            r(rf"'{_ID}", "nv"),
            r(rf"([.]?)(\s*)(@?{_ID})(\s*)([(]?)", _name),
            r(r"[()\[\]{}|,:;]", "p"),
            r(r"[*/!@~&+%^<>=?-]|\.{1,3}", "o"),
        ],
        "literals": [
            r(r"(?:true|false|null)\b", "kc"),
            r(rf"'(?:{_ESCAPES}|[^\\])'", "sc"),
            r(r'"', "s", "string"),
            r(r'r(#*)".*?"\1', "s", flags=re.S),
            r(rf"[0-9]+(?:{_DOT}(?:{_EXP})?|(?:{_DOT})?{_EXP})", "mf"),
            r(r"(?:0b[10_]+|0x[0-9a-fA-F_]+|[0-9_]+)", "mi"),
        ],
        "string": [
            r(r'"', "s", "#pop"),
            r(_ESCAPES, "se"),
            r(r'[^"\\]+', "s"),
        ],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"zig": ZIG}
