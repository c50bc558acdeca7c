"""More lexers that tokenize the way Rouge 3.30's do: Python, shell, console, Jinja, Markdown.

Written from Rouge's lexer sources (``lib/rouge/lexers/*.rb``), rule for rule, on the
:mod:`reblog.rouge.engine`.  Two Ruby details shape the translations:

* Rouge scans with ``StringScanner``, whose regexes see the text from the current position
  only: ``\\A`` and a leading ``\\b`` always hold there and look-behinds never see anything, so
  such guards are dropped here (Python's ``match(text, pos)`` would look back);
* Ruby's ``\\Z`` also matches before a final newline (Python: ``(?=\\n?\\Z)``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..engine import LexerSpec, Mixin, RuleMatch, Run, TokenSource, Words, merge, r, words
from ..names import rouge_tag
# The registry finds this module by name when a lexer is first asked for, never at import,
# so a fence's sub-language is looked up through it without an import cycle.
from ..registry import token_source
from .web import HTML, YAML


class _Feeder:
    """Adapts a :class:`TokenSource` to :meth:`Run.delegate` (which wants ``out`` and ``feed``).

    Each feed lexes afresh: only used for lexers that have no state worth keeping."""

    def __init__(self, source: TokenSource) -> None:
        self.source = source
        self.out: list[tuple[str, str]] = []

    def feed(self, text: str) -> None:
        self.out.extend(self.source.tokens(text))


def _fresh(spec: LexerSpec) -> Callable[[Run, RuleMatch], None]:
    """Rouge's ``delegate SomeLexerClass``: lex the match with a new instance."""

    def action(run: Run, m: RuleMatch) -> None:
        run.delegate(Run(spec))

    return action


def _pop(times: int) -> Callable[[Run], None]:
    def action(run: Run) -> None:
        run.pop(times)

    return action


def _push_two(first: str, second: str) -> Callable[[Run], None]:
    def action(run: Run) -> None:
        run.stack.extend((first, second))

    return action


# ---------------------------------------------------------------------------------------------
# Python (rouge/lexers/python.rb)
# ---------------------------------------------------------------------------------------------

_PY_KEYWORDS = words(
    "assert break continue del elif else except exec finally for global if lambda pass print "
    "raise return try while yield as with from import yield async await nonlocal"
)
_PY_BUILTINS = words(
    "__import__ abs all any apply ascii basestring bin bool buffer bytearray bytes callable chr "
    "classmethod cmp coerce compile complex delattr dict dir divmod enumerate eval execfile exit "
    "file filter float format frozenset getattr globals hasattr hash hex id input int intern "
    "isinstance issubclass iter len list locals long map max memoryview min next object oct open "
    "ord pow property range raw_input reduce reload repr reversed round set setattr slice sorted "
    "staticmethod str sum super tuple type unichr unicode vars xrange zip"
)
_PY_PSEUDO = words("self None Ellipsis NotImplemented False True")
_PY_EXCEPTIONS = words(
    "ArithmeticError AssertionError AttributeError BaseException BlockingIOError "
    "BrokenPipeError BufferError BytesWarning ChildProcessError ConnectionAbortedError "
    "ConnectionError ConnectionRefusedError ConnectionResetError DeprecationWarning EOFError "
    "EnvironmentError Exception FileExistsError FileNotFoundError FloatingPointError "
    "FutureWarning GeneratorExit IOError ImportError ImportWarning IndentationError IndexError "
    "InterruptedError IsADirectoryError KeyError KeyboardInterrupt LookupError MemoryError "
    "ModuleNotFoundError NameError NotADirectoryError NotImplemented NotImplementedError OSError "
    "OverflowError OverflowWarning PendingDeprecationWarning ProcessLookupError RecursionError "
    "ReferenceError ResourceWarning RuntimeError RuntimeWarning StandardError "
    "StopAsyncIteration StopIteration SyntaxError SyntaxWarning SystemError SystemExit TabError "
    "TimeoutError TypeError UnboundLocalError UnicodeDecodeError UnicodeEncodeError "
    "UnicodeError UnicodeTranslateError UnicodeWarning UserWarning ValueError VMSError Warning "
    "WindowsError ZeroDivisionError"
)

# [[:alpha:]_][[:alnum:]_]* and its dotted variant, Unicode-aware as Ruby's POSIX classes are.
_PY_ID = r"(?u:(?:[^\W\d]|_)\w*)"
_PY_DOTTED = r"(?u:(?:[^\W\d]|[_.])[\w.]*)"
_PY_DIGITS = r"[0-9](?:_?[0-9])*"
_PY_DECIMAL = rf"(?:(?:{_PY_DIGITS})?\.{_PY_DIGITS}|{_PY_DIGITS}\.)"
_PY_EXPONENT = rf"e[+-]?{_PY_DIGITS}"


def _py_name(run: Run, m: RuleMatch) -> None:
    word = m.group(0)
    if word in _PY_KEYWORDS:
        run.token("k")
    elif word in _PY_EXCEPTIONS or word in _PY_BUILTINS:
        run.token("nb")
    elif word in _PY_PSEUDO:
        run.token("bp")
    else:
        run.token("n")


def _py_string_start(run: Run, m: RuleMatch) -> None:
    run.groups("sa", "s")
    run.vars.setdefault("strings", []).append((m.group(1).lower(), m.group(2)))
    run.push("generic_string")


def _py_string_quote(run: Run, m: RuleMatch) -> None:
    run.token("s")
    strings = run.vars["strings"]
    if strings[-1][1] == m.group(0):
        strings.pop()
        run.pop()


def _py_string_brace(run: Run, m: RuleMatch) -> None:
    if "f" in run.vars["strings"][-1][0]:
        run.token("si")
        run.push("generic_interpol")
    else:
        run.token("s")


def _py_escape(run: Run, m: RuleMatch) -> None:
    run.token("s" if "r" in run.vars["strings"][-1][0] else "se")
    run.pop()


def _py_recurse(run: Run, m: RuleMatch) -> None:
    run.delegate(Run(PYTHON))


PYTHON = LexerSpec(
    "python",
    {
        "root": [
            r(r"\n+", ""),
            r(r'^(:)(\s*)([ru]{,2}""".*?""")', ("p", "", "sd"), flags=re.S | re.I),
            r(r"[^\S\n]+", ""),
            r(r"#(.*)?\n?", "c1"),
            r(r"[\[\]{}:(),;.]", "p"),
            r(r"\\\n", ""),
            r(r"\\", ""),
            r(r"(in|is|and|or|not)\b", "ow"),
            r(r"(<<|>>|//|\*\*)=?", "o"),
            r(r"[-~+/*%=<>&^|@]=?|!=", "o"),
            r(
                rf"(from)((?:\\\s|\s)+)({_PY_DOTTED})((?:\\\s|\s)+)(import)",
                ("kn", "", "nn", "", "kn"),
            ),
            r(rf"(import)(\s+)({_PY_DOTTED})", ("kn", "", "nn")),
            r(r"(def)((?:\s|\\\s)+)", ("k", ""), "funcname"),
            r(r"(class)((?:\s|\\\s)+)", ("k", ""), "classname"),
            r(r"`.*?`", "sb"),
            r(r"""([rfbu]{0,2})('''|\"\"\"|['"])""", _py_string_start, flags=re.I),
            r(rf"@{_PY_DOTTED}", "nd", flags=re.I),
            # Rouge guards this with (?<!\.), which never sees the text before the scan position.
            r(_PY_ID, _py_name),
            r(rf"{_PY_DECIMAL}(?:{_PY_EXPONENT})?j?", "mf", flags=re.I),
            r(rf"{_PY_DIGITS}{_PY_EXPONENT}j?", "mf", flags=re.I),
            r(rf"{_PY_DIGITS}j", "mf", flags=re.I),
            r(r"0b(?:_?[0-1])+", "mb", flags=re.I),
            r(r"0o(?:_?[0-7])+", "mo", flags=re.I),
            r(r"0x(?:_?[a-f0-9])+", "mh", flags=re.I),
            r(r"\d+L", "il"),
            r(r"(?:[1-9](?:_?[0-9])*|0(?:_?0)*)", "mi"),
        ],
        "funcname": [r(_PY_ID, "nf", "#pop")],
        "classname": [r(_PY_ID, "nc", "#pop")],
        "generic_string": [
            r(r"""[^'"\\{]+""", "s"),
            r(r"\{\{", "s"),
            r(r"""'''|\"\"\"|['"]""", _py_string_quote),
            r(r"(?=\\)", "s", "generic_escape"),
            r(r"\{", _py_string_brace),
        ],
        "generic_escape": [
            r(
                r"""\\(?:[\\abfnrtv"']|\n|newline|N\{[a-zA-Z][a-zA-Z ]+[a-zA-Z]\}"""
                r"|u[a-fA-F0-9]{4}|U[a-fA-F0-9]{8}|x[a-fA-F0-9]{2}|[0-7]{1,3})",
                _py_escape,
            ),
            r(r"\\.", "s", "#pop"),
        ],
        "generic_interpol": [
            r(r"[^{}!:]+", _py_recurse),
            r(r"![asr]", "si"),
            r(r":", "si"),
            r(r"\{", "si", "generic_interpol"),
            r(r"\}", "si", "#pop"),
        ],
    },
)

# ---------------------------------------------------------------------------------------------
# Shell (rouge/lexers/shell.rb)
# ---------------------------------------------------------------------------------------------

_SH_KEYWORDS = "if|fi|else|while|do|done|for|then|return|function|select|continue|until|esac|elif|in"
_SH_BUILTINS = "|".join(
    (
        "alias bg bind break builtin caller cd command compgen complete declare dirs disown enable "
        "eval exec exit export false fc fg getopts hash help history jobs let local logout mapfile "
        "popd pushd pwd read readonly set shift shopt source suspend test time times trap true "
        "type typeset ulimit umask unalias unset wait "
        "cat tac nl od base32 base64 fmt pr fold head tail split csplit wc sum cksum b2sum md5sum "
        "sha1sum sha224sum sha256sum sha384sum sha512sum sort shuf uniq comm ptx tsort cut paste "
        "join tr expand unexpand ls dir vdir dircolors cp dd install mv rm shred link ln mkdir "
        "mkfifo mknod readlink rmdir unlink chown chgrp chmod touch df du stat sync truncate echo "
        "printf yes expr tee basename dirname pathchk mktemp realpath pwd stty printenv tty id "
        "logname whoami groups users who date arch nproc uname hostname hostid uptime chcon runcon "
        "chroot env nice nohup stdbuf timeout kill sleep factor numfmt seq tar grep sudo awk sed "
        "gzip gunzip"
    ).split()
)


def _sh_heredoc(run: Run, m: RuleMatch) -> None:
    run.groups("o", "", "sh", "sh", "no", "sh")
    run.vars["heredoc"] = m.group(5)
    run.push("heredoc")


def _sh_heredoc_end(run: Run, m: RuleMatch) -> None:
    if m.group(1) == run.vars.get("heredoc"):
        run.token("no")
        run.pop(2)
    else:
        run.token("sh")


SHELL = LexerSpec(
    "shell",
    {
        "basic": [
            r(r"#.*$", "c"),
            r(rf"(?:{_SH_KEYWORDS})\s*\b", "k"),
            r(r"case\b", "k", "case"),
            r(rf"(?:{_SH_BUILTINS})\s*\b(?!(\.|-))", "nb"),
            r(r"[.](?=\s)", "nb"),
            r(r"(\w+)(=)", ("nv", "o")),
            r(r"[\[\]{}()!=>]", "o"),
            r(r"&&|\|\|", "o"),
            r(r"<<<", "o"),
            r(r"""(<<-?)(\s*)(['"]?)(\\?)(\w+)(\3)""", _sh_heredoc),
        ],
        "heredoc": [
            r(r"\n", "sh", "heredoc_nl"),
            r(r"[^$\n\\]+", "sh"),
            Mixin("interp"),
            r(r"[$]", "sh"),
        ],
        "heredoc_nl": [
            r(r"\s*(\w+)\s*\n", _sh_heredoc_end),
            r(r"", None, "#pop"),
        ],
        "double_quotes": [
            r(r'(?:\$#?)?"', "s2", "#pop"),
            Mixin("interp"),
            r(r'[^"`\\$]+', "s2"),
        ],
        "ansi_string": [
            r(r"\\.", "se"),
            r(r"[^\\']+", "s1"),
            Mixin("single_quotes"),
        ],
        "single_quotes": [
            r(r"'", "s1", "#pop"),
            r(r"[^']+", "s1"),
        ],
        "data": [
            r(r"\s+", ""),
            r(r"\\.", "se"),
            r(r'\$?"', "s2", "double_quotes"),
            r(r"\$'", "s1", "ansi_string"),
            r(r"'", "s1", "single_quotes"),
            r(r"\*", "k"),
            r(r";", "p"),
            r(r"--?[\w-]+", "nt"),
            r(r"""[^=*\s{}()$"'`;\\<]+""", ""),
            r(r"\d+(?= |\n?\Z)", "m"),
            r(r"<", ""),
            Mixin("interp"),
        ],
        "curly": [
            r(r"\}", "k", "#pop"),
            r(r":-", "k"),
            r(r"[a-zA-Z0-9_]+", "nv"),
            r(r"""[^}:"`'$]+""", "p"),
            Mixin("root"),
        ],
        "paren_interp": [
            r(r"\)", "si", "#pop"),
            r(r"\(", "o", "paren_inner"),
            Mixin("root"),
        ],
        "paren_inner": [
            r(r"\(", "o", "#push"),
            r(r"\)", "o", "#pop"),
            Mixin("root"),
        ],
        "math": [
            r(r"\)\)", "k", "#pop"),
            r(r"[-+*/%^|&!]|\*\*|\|\|", "o"),
            r(r"\d+(?:#\w+)?", "m"),
            Mixin("root"),
        ],
        "case": [
            r(r"esac\b", "k", "#pop"),
            r(r"\|", "p"),
            r(r"\)", "p", "case_stanza"),
            Mixin("root"),
        ],
        "case_stanza": [
            r(r";;", "p", "#pop"),
            Mixin("root"),
        ],
        "backticks": [
            r(r"`", "sb", "#pop"),
            Mixin("root"),
        ],
        "interp": [
            r(r"\\$", "se"),
            r(r"\\.", "se"),
            r(r"\$\(\(", "k", "math"),
            r(r"\$\(", "si", "paren_interp"),
            r(r"\$\{#?", "k", "curly"),
            r(r"`", "sb", "backticks"),
            r(r"\$#?(?:\w+|.)", "nv"),
            r(r"\$[*@]", "nv"),
        ],
        "root": [Mixin("basic"), Mixin("data")],
    },
)

# ---------------------------------------------------------------------------------------------
# Console (rouge/lexers/console.rb, default options): prompts, then shell; other lines output
# ---------------------------------------------------------------------------------------------

_CONSOLE_LINE = re.compile(r"(.*?)(\n|$)", re.M)
_CONSOLE_SNIP = re.compile(r"\A\s*(?:<[.]+>|[.]+)\s*\Z")
_CONSOLE_PROMPT = re.compile(r"^.*?(?:\$|#|>|;)", re.M | re.S)
_CONSOLE_COMMENT = re.compile(r"\A\s*?#")


class ConsoleLexer:
    """Rouge's ConsoleLexer: a line up to the first ``$ # > ;`` is a prompt (``gp``) and the
    rest continues the shell lexer; other lines are output (``go``).

    Rouge's IRB lexer is the same loop with its own prompt, Ruby as the language and a lexer
    for the output lines, hence the parameters (each instance keeps its lexers between lines,
    as Rouge's does)."""

    def __init__(
        self,
        name: str = "console",
        prompt: re.Pattern[str] = _CONSOLE_PROMPT,
        lang: LexerSpec | None = None,
        output: LexerSpec | None = None,
    ) -> None:
        self.name = name
        self.prompt = prompt
        self.lang = lang or SHELL
        self.output = output

    def tokens(self, text: str) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        lang = Run(self.lang, out)
        output = Run(self.output, out) if self.output is not None else None
        pos = 0
        while pos < len(text):
            m = _CONSOLE_LINE.match(text, pos)
            assert m is not None
            line = m.group(0)
            if not line:  # only at the very end ("$" matched without consuming)
                break
            pos = m.end()
            prompt = self.prompt.match(line)
            if _CONSOLE_SNIP.match(line):
                if output is not None:
                    output.reset()
                lang.reset()
                out.append(("c", line))
            elif prompt:
                if output is not None:
                    output.reset()
                out.append(("gp", prompt.group(0)))
                rest = line[prompt.end() :]
                space = len(rest) - len(rest.lstrip())
                if space:
                    out.append(("w", rest[:space]))
                lang.feed(rest[space:])
            elif _CONSOLE_COMMENT.match(line.strip()):
                if output is not None:
                    output.reset()
                lang.reset()
                out.append(("c", line))
            else:
                lang.reset()
                if output is not None:
                    output.feed(line)
                else:
                    out.append(("go", line))
        return merge(out)


CONSOLE = ConsoleLexer()

# ---------------------------------------------------------------------------------------------
# Jinja / Django (rouge/lexers/jinja.rb); the templated language is HTML
# ---------------------------------------------------------------------------------------------

_JINJA_KEYWORDS = words(
    "as context do else extends from ignore missing import include reversed recursive scoped "
    "autoescape endautoescape block endblock call endcall filter endfilter for endfor if endif "
    "macro endmacro set endset trans endtrans with endwith without"
)
_JINJA_TESTS = words(
    "callable defined divisibleby equalto escaped even iterable lower mapping none number odd "
    "sameas sequence string undefined upper"
)
_JINJA_PSEUDO = words("true false none True False None")
_JINJA_WORD_OPS = words("is in and or not")


def _jinja_start(run: Run) -> None:
    run.vars["parent"] = Run(HTML)


def _jinja_parent(run: Run, m: RuleMatch) -> None:
    run.delegate(run.vars["parent"])


def _jinja_raw(run: Run, m: RuleMatch) -> None:
    run.groups("cp", "", "k", "", "cp")
    run.push(m.group(3))


# A word's class by the lexer's own word lists (Twig derives Jinja with other lists).
_JINJA_WORD = Words(
    (("keywords", "k", None), ("pseudo_keywords", "kp", None), ("word_operators", "ow", None), ("tests", "nb", None)),
    ("nv", None),
)


def _jinja_end_raw(word: str) -> list[Any]:
    return [
        r(rf"(\{{%-?)(\s*)({word})(\s*)(-?%\}})", ("cp", "", "k", "", "cp"), "#pop"),
        r(r"[^{]+", ""),
        r(r"\{", ""),
    ]


JINJA = LexerSpec(
    "jinja",
    {
        "root": [
            r(r"\{#", "c", "comment"),
            r(r"##.*", "c"),
            r(r"(\{%-?)(\s*)(raw|verbatim)(\s*)(-?%\})", _jinja_raw),
            r(r"\{%", "cp", "statement"),
            r(r"\{\{", "cp", "expression"),
            r(r"(.+?)(?=\\|\{\{|\{%|\{#|##)", _jinja_parent, flags=re.S),
            r(r".+", _jinja_parent, flags=re.S),
        ],
        "filter": [r(r"(\|\s*)(\w+)", ("o", "nf"))],
        "function": [r(r"(\w+)(\()", ("nf", "p"))],
        "text": [r(r"\s+", "")],
        "literal": [
            r(r'"(?:\\.|.)*?"', "s2"),
            r(r"'(?:\\.|.)*?'", "s1"),
            r(r"\d+(?=\}\s)", "m"),
            r(r"(?:\+|-|\*|//?|\*\*?|=)", "o"),
            r(r"(?:<=?|>=?|===?|!=)", "o"),
            r(r",", "p"),
            r(r"\[", "p"),
            r(r"\]", "p"),
            r(r"\(", "p"),
            r(r"\)", "p"),
        ],
        "comment": [
            r(r"[^#]+", "c"),
            r(r"#\}", "c", "#pop"),
            r(r"#", "c"),
        ],
        "expression": [
            r(r"\w+\.?", "nv"),
            Mixin("filter"),
            Mixin("function"),
            Mixin("literal"),
            Mixin("text"),
            r(r"%\}|\}\}", "cp", "#pop"),
        ],
        "statement": [
            r(r"\w+\.?", _JINJA_WORD),
            Mixin("filter"),
            Mixin("function"),
            Mixin("literal"),
            Mixin("text"),
            r(r"%\}", "cp", "#pop"),
        ],
        "raw": _jinja_end_raw("endraw"),
        "verbatim": _jinja_end_raw("endverbatim"),
    },
    on_start=_jinja_start,
    attrs={
        "keywords": _JINJA_KEYWORDS,
        "tests": _JINJA_TESTS,
        "pseudo_keywords": _JINJA_PSEUDO,
        "word_operators": _JINJA_WORD_OPS,
    },
)

# ---------------------------------------------------------------------------------------------
# Markdown (rouge/lexers/markdown.rb)
# ---------------------------------------------------------------------------------------------

_EDOT = r"(?:\\.|[^\\\n])"


def _md_start(run: Run) -> None:
    run.vars["html"] = Run(HTML)


def _md_html(run: Run, m: RuleMatch) -> None:
    run.delegate(run.vars["html"])


def _md_sublexer(name: str) -> Any:
    """The lexer Rouge's ``Lexer.find_fancy`` picks for a fence's info string, as a feeder.

    An empty name makes Rouge guess from the code; that is approximated by plain text."""
    tag = rouge_tag(name.split("?", 1)[0]) if name else "plaintext"
    if tag is None:
        return _Feeder(_PlainText("sb"))
    source = token_source(tag)
    return Run(source) if isinstance(source, LexerSpec) else _Feeder(source)


class _PlainText:
    """Rouge's PlainText lexer with a ``token`` option: all text as one token."""

    def __init__(self, cls: str) -> None:
        self.cls = cls

    def tokens(self, text: str) -> list[tuple[str, str]]:
        return [(self.cls, text)] if text else []


def _md_fence(run: Run, m: RuleMatch) -> None:
    sub = _md_sublexer(m.group(3).strip())
    run.token("", m.group(1))
    run.token("p", m.group(2))
    run.token("nl", m.group(3))
    if m.group(5) is not None:
        run.delegate(sub, m.group(5))
    run.token("", m.group(6) or "")
    if m.group(7):
        run.token("p", m.group(7))
        return

    def close(inner: Run, mb: RuleMatch) -> None:
        inner.pop()
        inner.groups("", "p")

    def line(inner: Run, mb: RuleMatch) -> None:
        inner.delegate(sub)

    run.push_rules([r(rf"^([ \t]*)({re.escape(m.group(2))})", close), r(r"^.*\n", line)])


MARKDOWN = LexerSpec(
    "markdown",
    {
        "root": [
            # Rouge anchors this with \A, which holds at every scan position.
            r(r"(---\s*\n.*?\n?)^(---\s*$\n?)", _fresh(YAML), flags=re.S),
            r(r"\\.", "se"),
            r(r"^[\S ]+\n(?:---*)\n", "gh"),
            r(r"^[\S ]+\n(?:===*)\n", "gu"),
            r(r"^#(?=[^#]).*?$", "gh"),
            r(r"^##*.*?$", "gu"),
            r(r"^([ \t]*)(`{3,}|~{3,})([^\n]*\n)((.*?)(\n\1)(\2))?", _md_fence, flags=re.S),
            r(r"\n\n(?:(?:    |\t).*?\n|\n)+", "sb"),
            r(rf"(`+)(?:{_EDOT}|\n)+?\1", "sb"),
            r(r"^(?:\s*[*]){3,}\s*$", "p"),
            r(r"^(?:\s*[-]){3,}\s*$", "p"),
            r(r"^\s*[*+-](?=\s)", "p"),
            r(r"^\s*\d+\.", "p"),
            r(r"^\s*>.*?$", "gt"),
            r(rf"^(\s*)(\[)({_EDOT}+?)(\])(\s*)(:)", ("", "p", "ss", "p", "", "p"), _push_two("title", "url")),
            r(rf"(!?\[)({_EDOT}*?|[^\]]*?)(\])(?=[\[(])", ("p", "nv", "p"), "link"),
            r(rf"[*][*]{_EDOT}*?[*][*]", "gs"),
            r(rf"__{_EDOT}*?__", "gs"),
            r(rf"[*]{_EDOT}*?[*]", "ge"),
            r(rf"_{_EDOT}*?_", "ge"),
            r(r"<.*?@.+[.].+>", "nv"),
            r(rf"<(?:https?|mailto|ftp)://{_EDOT}*?>", "nv"),
            r(r"[^\\`\[*\n&<]+", ""),
            r(r"&\S*;", _md_html),
            r(rf"<{_EDOT}*?>", _md_html),
            r(r"[&<]", ""),
            r(r"\[", ""),
            r(r"\n", ""),
        ],
        "link": [
            r(rf"(\[)({_EDOT}*?)(\])", ("p", "ss", "p"), "#pop"),
            r(r"[(]", "p", _push_two("inline_title", "inline_url")),
            r(r"[ \t]+", ""),
            r(r"", None, "#pop"),
        ],
        "url": [
            r(r"[ \t]+", ""),
            r(rf"(<)({_EDOT}*?)(>)", ("nt", "sx", "nt"), "#pop"),
            r(r"\S+", "sx", "#pop"),
        ],
        "title": [
            r(rf'"{_EDOT}*?"', "nn"),
            r(rf"'{_EDOT}*?'", "nn"),
            r(rf"[(]{_EDOT}*?[)]", "nn"),
            r(r"""\s*(?=["'()])""", ""),
            r(r"", None, "#pop"),
        ],
        "inline_title": [
            r(r"[)]", "p", "#pop"),
            Mixin("title"),
        ],
        "inline_url": [
            r(r"[^<\s)]+", "sx", "#pop"),
            r(r"\s+", ""),
            Mixin("url"),
        ],
    },
    on_start=_md_start,
)


LEXERS: dict[str, LexerSpec | TokenSource] = {
    "python": PYTHON,
    "shell": SHELL,
    "console": CONSOLE,
    "jinja": JINJA,
    "markdown": MARKDOWN,
}
