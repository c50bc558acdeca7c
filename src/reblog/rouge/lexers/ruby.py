"""Ruby and ERB, tokenized the way Rouge 3.30's lexers do (rouge/lexers/ruby.rb, erb.rb).

Translated rule for rule; the Ruby-versus-Python regex notes at the top of
:mod:`reblog.rouge.lexers.scripting` apply (Rouge's ``(?<!\\w)``/``(?<!\\.)`` guards and leading
``\\b`` never see the text before the scan position, so they are dropped here).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..engine import LexerSpec, Mixin, Rule, RuleDef, RuleMatch, Run, TokenSource, r
from .web import HTML

_KEYWORDS = (
    r"BEGIN|END|alias|begin|break|case|defined\?|do|else|elsif|end|ensure|for|if|in|next|redo|"
    r"rescue|raise|retry|return|super|then|undef|unless|until|when|while|yield"
)
_KEYWORDS_PSEUDO = (
    "loop|include|extend|raise|alias_method|attr|catch|throw|private|module_function|public|"
    "protected|true|false|nil|__FILE__|__LINE__"
)
_BUILTINS_G = "|".join(
    (
        "attr_reader attr_writer attr_accessor __id__ __send__ abort ancestors at_exit autoload "
        "binding callcc caller catch chomp chop class_eval class_variables clone "
        r"const_defined\? const_get const_missing const_set constants display dup eval exec exit "
        "extend fail fork format freeze getc gets global_variables gsub hash id included_modules "
        "inspect instance_eval instance_method instance_methods instance_variable_get "
        "instance_variable_set instance_variables lambda load local_variables loop method "
        "method_missing methods module_eval name object_id open p print printf "
        "private_class_method private_instance_methods private_methods proc "
        "protected_instance_methods protected_methods public_class_method "
        "public_instance_methods public_methods putc puts raise rand readline readlines require "
        "require_relative scan select self send set_trace_func singleton_methods sleep split "
        "sprintf srand sub syscall system taint test throw to_a to_s trace_var trap untaint "
        "untrace_var warn"
    ).split()
)
_BUILTINS_Q = "|".join(
    (
        "autoload block_given const_defined eql equal frozen include instance_of is_a iterator "
        "kind_of method_defined nil private_method_defined protected_method_defined "
        "public_method_defined respond_to tainted"
    ).split()
)
_BUILTINS_B = "chomp|chop|exit|gsub|sub"

_DELIMITERS = {"{": "}", "[": "]", "(": ")", "<": ">"}
_DECIMAL = r"[\d]+(?:_\d+)*"
_EXP = r"[eE][+-]?\d+"


def _start(run: Run) -> None:
    run.push("expr_start")
    run.vars["heredocs"] = []


def _sigil(run: Run, m: RuleMatch) -> None:
    """``%w(...)``, ``%r{...}`` ...: a state made for this delimiter (Rouge's ``push do``)."""
    kind, opener = m.group(1), m.group(2)
    closer = _DELIMITERS.get(opener, opener)
    open_rx, close_rx = re.escape(opener), re.escape(closer)
    interp = kind is not None and kind in "rQWxI"
    cls = "sx"
    if kind == "r":
        cls = "sr"
        run.push("regex_flags")
    run.token(cls)
    specials = "" if opener == closer == "#" else open_rx + close_rx
    rules: list[Rule] = [r(rf"\\[#{specials}\\]", "se")]
    if opener != closer:
        rules.append(r(open_rx, cls, "#push"))
    rules.append(r(close_rx, cls, "#pop"))
    if interp:
        rules.extend(_STRING_INTP_ESCAPED)
        rules.append(r(r"#", cls))
    else:
        rules.append(r(r"[\\#]", cls))
    rules.append(r(rf"[^#{specials}\\]+", cls, flags=re.S))
    run.push_rules(rules)


def _heredoc(run: Run, m: RuleMatch) -> None:
    run.token("o", m.group(1))
    run.token("no", f"{m.group(2)}{m.group(3)}{m.group(4)}")
    run.vars["heredocs"].append((m.group(1) in ("<<-", "<<~"), m.group(3)))
    if run.state() != "heredoc_queue":
        run.push("heredoc_queue")


def _heredoc_empty(run: Run, m: RuleMatch) -> None:
    run.token("o", m.group(1))
    run.token("no", f"{m.group(2)}{m.group(3)}")
    run.vars["heredocs"].append((m.group(1) in ("<<-", "<<~"), ""))
    if run.state() != "heredoc_queue":
        run.push("heredoc_queue")


def _test_heredoc(run: Run, m: RuleMatch) -> None:
    queue = run.vars["heredocs"]
    tolerant, name = queue[0]
    line = m.group(0)
    check = line.strip() if tolerant else line.rstrip()
    if check == name:
        queue.pop(0)
        if not queue:
            run.pop()
        run.token("no")
    else:
        run.token("sh")
    run.pop()


def _to(state: str) -> Callable[[Run], None]:
    """Rouge's ``goto``."""

    def action(run: Run) -> None:
        run.goto(state)

    return action


def _ternary(run: Run, m: RuleMatch) -> None:
    run.token("p")
    run.push("ternary")
    run.push("expr_start")


def _push2(first: str, second: str) -> Callable[[Run], None]:
    def action(run: Run) -> None:
        run.push(first)
        run.push(second)

    return action


_STRING_INTP = [
    r(r"[#][{]", "si", "in_interp"),
    r(r"#(?:@@?|\$)[a-z_]\w*", "si", flags=re.I),
]
_STRING_INTP_ESCAPED = [
    *_STRING_INTP,
    r(r"""\\(?:[\\abefnrstv#"']|x[a-fA-F0-9]{1,2}|[0-7]{1,3})""", "se"),
    r(r"\\.", "se"),
]


def _simple(cls: str, fin: str) -> list[RuleDef]:
    return [
        Mixin("string_intp_escaped"),
        r(rf"[^\\{fin}#]+", cls, flags=re.S),
        r(r"[\\#]", cls),
        r(fin, cls, "#pop"),
    ]


RUBY = LexerSpec(
    "ruby",
    {
        "symbols": [
            r(r":@{0,2}[a-z_]\w*[!?]?", "ss", flags=re.I),
            r(r":(?:\*\*|[-+]@|[/%&|^`~]|\[\]=?|<<|>>|<=?>|<=?|===?)", "ss"),
            r(r":'(?:\\\\|\\'|[^'])*'", "ss"),
            r(r':"', "ss", "simple_sym"),
        ],
        "sigil_strings": [r(r"%([rqswQWxiI])?([^\w\s])", _sigil)],
        "strings": [
            Mixin("symbols"),
            r(r"[a-z_]\w*?[?!]?:\s+", "ss", "expr_start"),
            r(r"'(?:\\\\|\\'|[^'])*'", "s1"),
            r(r'"', "s2", "simple_string"),
            r(r"`", "sb", "simple_backtick"),
        ],
        "regex_flags": [r(r"[mixounse]*", "sr", "#pop")],
        "simple_string": _simple("s2", '"'),
        "simple_sym": _simple("ss", '"'),
        "simple_backtick": _simple("sb", "`"),
        "whitespace": [
            Mixin("inline_whitespace"),
            r(r"\n\s*", "", "expr_start"),
            r(r"#.*$", "c1"),
            r(r"=begin\b.*?\n=end\b", "cm", flags=re.S),
        ],
        "inline_whitespace": [r(r"[ \t\r]+", "")],
        "root": [
            Mixin("whitespace"),
            r(r"__END__", "cp", "end_part"),
            r(r"0_?[0-7]+(?:_[0-7]+)*", "mo"),
            r(r"0x[0-9A-Fa-f]+(?:_[0-9A-Fa-f]+)*", "mh"),
            r(r"0b[01]+(?:_[01]+)*", "mb"),
            r(rf"{_DECIMAL}(?:\.{_DECIMAL}(?:{_EXP})?|{_EXP})", "mf"),
            r(_DECIMAL, "mi"),
            r(r"@@[a-z_]\w*", "vc", flags=re.I),
            r(r"@[a-z_]\w*", "vi", flags=re.I),
            r(r"\$\w+", "vg"),
            r(r"""\$[!@&`'+~=/\\,;.<>_*$?:"]""", "vg"),
            r(r"\$-[0adFiIlpvw]", "vg"),
            r(r"::", "o"),
            Mixin("strings"),
            r(rf"(?:{_KEYWORDS})(?=\W|$)", "k", "expr_start"),
            r(rf"(?:{_KEYWORDS_PSEUDO})\b", "kp", "expr_start"),
            r(
                r"(module)(\s+)([a-zA-Z_][a-zA-Z0-9_]*(?:::[a-zA-Z_][a-zA-Z0-9_]*)*)",
                ("k", "", "nn"),
            ),
            r(r"(def\b)(\s*)", ("k", ""), "funcname"),
            r(r"(class\b)(\s*)", ("k", ""), "classname"),
            r(rf"(?:{_BUILTINS_Q})[?]", "nb", "expr_start"),
            r(rf"(?:{_BUILTINS_B})!", "nb", "expr_start"),
            r(rf"(?:{_BUILTINS_G})\b", "nb", "method_call"),
            Mixin("has_heredocs"),
            r(r"\.{2,3}", "o", "expr_start"),
            r(r"[A-Z][a-zA-Z0-9_]*", "no", "method_call"),
            r(r"(\.|::)(\s*)([a-z_]\w*[!?]?|[*%&^`~+-/\[<>=])", ("p", "", "nf"), "method_call"),
            r(r"[a-zA-Z_]\w*[?!]", "n", "expr_start"),
            r(r"[a-zA-Z_]\w*", "n", "method_call"),
            r(r"\*\*|<<?|>>?|>=|<=|<=>|=~|={3}|!~|&&?|\|\||\.", "o", "expr_start"),
            r(r"[-+/*%=<>&!^|~]=?", "o", "expr_start"),
            r(r"[?]", _ternary),
            r(r"[\[({,:\\;/]", "p", "expr_start"),
            r(r"[\])}]", "p"),
        ],
        "has_heredocs": [
            r(r"""(<<[-~]?)(["`']?)([a-zA-Z_]\w*)(\2)""", _heredoc),
            r(r"""(<<[-~]?)(["'])(\2)""", _heredoc_empty),
        ],
        "heredoc_queue": [
            r(r"(?=\n)", None, _to("resolve_heredocs")),
            Mixin("root"),
        ],
        "resolve_heredocs": [
            Mixin("string_intp_escaped"),
            r(r"\n", "sh", "test_heredoc"),
            r(r"[#\\\n]", "sh"),
            r(r"[^#\\\n]+", "sh"),
        ],
        "test_heredoc": [
            r(r"[^#\\\n]*$", _test_heredoc),
            r(r"", None, "#pop"),
        ],
        "funcname": [
            r(r"\s+", ""),
            r(r"\(", "p", "defexpr"),
            r(
                r"(?:([a-zA-Z_]\w*)(\.))?([a-zA-Z_]\w*[!?]?|\*\*?|[-+]@?|[/%&|^`~]|\[\]=?|"
                r"<<?|>>?|<=>?|>=|===?)",
                ("nc", "o", "nf"),
                "#pop",
            ),
            r(r"", None, "#pop"),
        ],
        "classname": [
            r(r"\s+", ""),
            r(r"\w+(?:::\w+)+", "nc"),
            r(r"\(", "p", _push2("defexpr", "expr_start")),
            r(r"<<", "o", _to("expr_start")),
            r(r"[A-Z_]\w*", "nc", "#pop"),
            r(r"", None, "#pop"),
        ],
        "ternary": [
            r(r"(:)(\s+)", ("p", ""), _to("expr_start")),
            r(r":(?![^#\n]*?[:\\])", "p", _to("expr_start")),
            Mixin("root"),
        ],
        "defexpr": [
            r(r"(\))(\.|::)?", ("p", "o"), "#pop"),
            r(r"\(", "p", _push2("defexpr", "expr_start")),
            Mixin("root"),
        ],
        "in_interp": [r(r"\}", "si", "#pop"), Mixin("root")],
        "string_intp": list(_STRING_INTP),
        "string_intp_escaped": list(_STRING_INTP_ESCAPED),
        "method_call": [
            r(r"/|%", "o", _to("expr_start")),
            r(r"(?=\n)", None, "#pop"),
            r(r"", None, _to("method_call_spaced")),
        ],
        "method_call_spaced": [
            Mixin("whitespace"),
            r(r"[%/]=", "o", _to("expr_start")),
            r(r"(/)(?=\S|\s*/)", "sr", _to("slash_regex")),
            Mixin("sigil_strings"),
            r(r"(?=\s*/)", None, "#pop"),
            r(r"\s+", "", _to("expr_start")),
            r(r"", None, "#pop"),
        ],
        "expr_start": [
            Mixin("inline_whitespace"),
            r(r"/", "sr", _to("slash_regex")),
            r(
                r"""[?](?:\\[MC]-)*(?:\\(?:[\\abefnrstv#"']|x[a-fA-F0-9]{1,2}|[0-7]{1,3})|\S)(?!\w)""",
                "sc",
                "#pop",
            ),
            r(r"(\s*)(%[rqswQWxiI]? \S* )", ("", "sx"), "#pop"),
            Mixin("sigil_strings"),
            r(r"", None, "#pop"),
        ],
        "slash_regex": [
            Mixin("string_intp"),
            r(r"\\\\", "sr"),
            r(r"\\/", "sr"),
            r(r"[\\#]", "sr"),
            r(r"[^\\/#]+", "sr", flags=re.S),
            r(r"/", "sr", _to("regex_flags")),
        ],
        "end_part": [r(r".+", "cp", "#pop", flags=re.S)],
    },
    on_start=_start,
)

# ---------------------------------------------------------------------------------------------
# ERB (rouge/lexers/erb.rb): Ruby inside <% %>, HTML around it; both lexers keep their state
# ---------------------------------------------------------------------------------------------

_ERB_OPEN = r"<%%|<%=|<%#|<%-|<%"
_ERB_CLOSE = r"%%>|-%>|%>"


def _erb_start(run: Run) -> None:
    run.vars["parent"] = Run(HTML)
    run.vars["ruby"] = Run(RUBY)


def _erb_parent(run: Run, m: RuleMatch) -> None:
    run.delegate(run.vars["parent"])


def _erb_ruby(run: Run, m: RuleMatch) -> None:
    run.delegate(run.vars["ruby"])


ERB = LexerSpec(
    "erb",
    {
        "root": [
            r(r"<%#", "c", "comment"),
            r(_ERB_OPEN, "cp", "ruby"),
            r(rf".+?(?={_ERB_OPEN})|.+", _erb_parent, flags=re.S),
        ],
        "comment": [
            r(_ERB_CLOSE, "c", "#pop"),
            r(rf".+?(?={_ERB_CLOSE})|.+", "c", flags=re.S),
        ],
        "ruby": [
            r(_ERB_CLOSE, "cp", "#pop"),
            r(rf".+?(?={_ERB_CLOSE})|.+", _erb_ruby, flags=re.S),
        ],
    },
    on_start=_erb_start,
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"ruby": RUBY, "erb": ERB}
