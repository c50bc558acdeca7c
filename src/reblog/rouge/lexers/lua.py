"""Lua, tokenized the way Rouge 3.30's lexer does (rouge/lexers/lua.rb), rule for rule, with
its default options (built-in functions highlighted).

Rouge's float rule ends in a stray ``'``, so only a number followed by a quote is a float; kept.
"""

from __future__ import annotations

import re

from ..engine import LexerSpec, Mixin, RuleMatch, Run, TokenSource, r

# Lua's standard library as Rouge lists it (lua/keywords.rb, lower-cased like ``_g``).
_BUILTINS = frozenset(
    (
        "_g _version assert collectgarbage coroutine.create coroutine.isyieldable coroutine.resume "
        "coroutine.running coroutine.status coroutine.wrap coroutine.yield debug.debug "
        "debug.gethook debug.getinfo debug.getlocal debug.getmetatable debug.getregistry "
        "debug.getupvalue debug.getuservalue debug.sethook debug.setlocal debug.setmetatable "
        "debug.setupvalue debug.setuservalue debug.traceback debug.upvalueid debug.upvaluejoin "
        "dofile error file:close file:flush file:lines file:read file:seek file:setvbuf file:write "
        "getmetatable io.close io.flush io.input io.lines io.open io.output io.popen io.read "
        "io.stderr io.stdin io.stdout io.tmpfile io.type io.write ipairs load loadfile lua_cpath "
        "lua_cpath_5_3 lua_errerr lua_errfile lua_errgcmm lua_errmem lua_errrun lua_errsyntax "
        "lua_hookcall lua_hookcount lua_hookline lua_hookret lua_hooktailcall lua_init lua_init_5_3 "
        "lua_maskcall lua_maskcount lua_maskline lua_maskret lua_maxinteger lua_mininteger "
        "lua_minstack lua_multret lua_noref lua_ok lua_opadd lua_opband lua_opbnot lua_opbor "
        "lua_opbxor lua_opdiv lua_opeq lua_opidiv lua_ople lua_oplt lua_opmod lua_opmul lua_oppow "
        "lua_opshl lua_opshr lua_opsub lua_opunm lua_path lua_path_5_3 lua_refnil lua_registryindex "
        "lua_ridx_globals lua_ridx_mainthread lua_tboolean lua_tfunction lua_tlightuserdata "
        "lua_tnil lua_tnone lua_tnumber lua_tstring lua_ttable lua_tthread lua_tuserdata "
        "lua_use_apicheck lua_yield lual_buffersize luaopen_base luaopen_coroutine luaopen_debug "
        "luaopen_io luaopen_math luaopen_os luaopen_package luaopen_string luaopen_table "
        "luaopen_utf8 math.abs math.acos math.asin math.atan math.ceil math.cos math.deg math.exp "
        "math.floor math.fmod math.huge math.log math.max math.maxinteger math.min math.mininteger "
        "math.modf math.pi math.rad math.random math.randomseed math.sin math.sqrt math.tan "
        "math.tointeger math.type math.ult next os.clock os.date os.difftime os.execute os.exit "
        "os.getenv os.remove os.rename os.setlocale os.time os.tmpname package.config package.cpath "
        "package.loaded package.loadlib package.path package.preload package.searchers "
        "package.searchpath pairs pcall print rawequal rawget rawlen rawset require select "
        "setmetatable string.byte string.char string.dump string.find string.format string.gmatch "
        "string.gsub string.len string.lower string.match string.pack string.packsize string.rep "
        "string.reverse string.sub string.unpack string.upper table.concat table.insert table.move "
        "table.pack table.remove table.sort table.unpack tonumber tostring type utf8.char "
        "utf8.charpattern utf8.codepoint utf8.codes utf8.len utf8.offset xpcall"
    ).split()
)


def _name(run: Run, m: RuleMatch) -> None:
    name = m.group(0)
    if name == "gsub":
        run.token("nb")
        run.push("gsub")
    elif name in _BUILTINS:
        run.token("nb")
    elif "." in name:
        first, second = name.split(".", 1)
        run.token("n", first)
        run.token("p", ".")
        run.token("n", second)
    else:
        run.token("n")


def _regex_end(run: Run) -> None:
    run.goto("regex_end")


LUA = LexerSpec(
    "lua",
    {
        "root": [
            r(r"#!(.*?)$", "cp"),
            r(r"", "", "base"),
        ],
        "base": [
            r(r"--\[(=*)\[.*?\]\1\]", "cm", flags=re.S),
            r(r"--.*$", "c1"),
            r(r"(\d*\.\d+|\d+\.\d*)(e[+-]?\d+)?'", "mf", flags=re.I),
            r(r"\d+e[+-]?\d+", "mf", flags=re.I),
            r(r"0x[0-9a-f]*", "mh", flags=re.I),
            r(r"\d+", "mi"),
            r(r"\n", ""),
            r(r"[^\S\n]", ""),
            r(r"\[(=*)\[.*?\]\1\]", "s", flags=re.S),
            r(r"(==|~=|<=|>=|\.\.\.|\.\.|[=+\-*/%^<>#])", "o"),
            r(r"[\[\]{}().,:;]", "p"),
            r(r"(and|or|not)\b", "ow"),
            r(r"(break|do|else|elseif|end|for|if|in|repeat|return|then|until|while)\b", "k"),
            r(r"(local)\b", "kd"),
            r(r"(true|false|nil)\b", "kc"),
            r(r"(function)\b", "k", "function_name"),
            r(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?", _name),
            r(r"'", "s1", "escape_sqs"),
            r(r'"', "s2", "escape_dqs"),
        ],
        "function_name": [
            r(r"\s+", ""),
            r(r"(?:([A-Za-z_][A-Za-z0-9_]*)(\.))?([A-Za-z_][A-Za-z0-9_]*)", ("nc", "p", "nf"), "#pop"),
            r(r"\(", "p", "#pop"),
        ],
        "gsub": [
            r(r"\)", "p", "#pop"),
            r(r"[(,]", "p"),
            r(r"\s+", ""),
            r(r'"', "sr", "regex"),
        ],
        "regex": [
            r(r'"', "sr", _regex_end),
            r(r"\[\^?", "se", "regex_group"),
            r(r"\\.", "se"),
            r(r"[(][?][:=<!]", "se"),
            r(r"[{][\d,]+[}]", "se"),
            r(r"[()?]", "se"),
            r(r".", "sr"),
        ],
        "regex_end": [
            r(r"[$]+", "sr", "#pop"),
            r(r"", None, "#pop"),
        ],
        "regex_group": [
            r(r"/", "se"),
            r(r"\]", "se", "#pop"),
            r(r"(\\)(.)", ("se", "sr")),
            r(r".", "sr"),
        ],
        "escape_sqs": [Mixin("string_escape"), Mixin("sqs")],
        "escape_dqs": [Mixin("string_escape"), Mixin("dqs")],
        "string_escape": [r(r"""\\([abfnrtv\\"']|\d{1,3})""", "se")],
        "sqs": [r(r"'", "s1", "#pop"), r(r"[^']+", "s1")],
        "dqs": [r(r'"', "s2", "#pop"), r(r'[^"]+', "s2")],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"lua": LUA}
