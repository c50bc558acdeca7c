"""Pygments-based syntax highlighting that emits Rouge-compatible HTML, as Jekyll/kramdown do."""

from __future__ import annotations

import html
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Iterable, Iterator, Mapping

from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.lexers.special import TextLexer
from pygments.token import STANDARD_TYPES, Text, Whitespace, _TokenType
from pygments.util import ClassNotFound

from .md_rouge import LexerSpec, LexerStackError
from .md_rouge_langs import LANG_LEXERS, TokenSource
from .md_rouge_lexers import LEXERS as _SPEC_LEXERS

# Rouge tag -> reblog's Rouge-faithful lexer for it.
ROUGE_LEXERS: Mapping[str, LexerSpec | TokenSource] = MappingProxyType({**_SPEC_LEXERS, **LANG_LEXERS})

# Every language name Rouge 3.30 recognises: one lexer per line, its tag first then its aliases.
# Rouge looks names up case-sensitively and exactly, so this decides "known language or not",
# which changes the markup kramdown produces (highlighted <div> vs. plain <pre><code>).
_ROUGE_LEXERS = """
abap
actionscript as as3
ada
apache
apex
apiblueprint apib
applescript
armasm
augeas aug
awk
batchfile bat batch dosbatch winbatch
bbcbasic
bibtex bib
biml
bpf
brainfuck
brightscript bs brs
bsl
c
ceylon
cfscript cfc
clean
clojure clj cljs
cmake
cmhg
coffeescript coffee coffee-script
common_lisp cl common-lisp elisp emacs-lisp lisp
conf config configuration
console terminal shell_session shell-session
coq
cpp c++
crystal cr
csharp c# cs
css
csvs
cuda
cypher
cython pyx pyrex
d dlang
dafny
dart
datastudio
diff patch udiff
digdag
docker dockerfile Dockerfile
dot
ecl
eex leex heex
eiffel
elixir exs
elm
email eml e-mail
epp
erb eruby rhtml
erlang erl
escape esc
factor
fluent ftl
fortran
freefem ff
fsharp
gdscript gd
ghc-cmm cmm
ghc-core
gherkin cucumber behat
glsl
go golang
gradle
graphql
groovy
hack hh
haml HAML
handlebars hbs mustache
haskell hs
haxe hx
hcl
hlsl
hocon
hql
html
http
hylang hy
idlang
idris idr
igorpro
ini
io
irb pry
irb_output
isabelle isa Isabelle
isbl
j
janet jdn
java
javascript js
jinja django
jsl
json
json-doc jsonc
jsonnet
jsp
jsx react
julia jl
kotlin
lasso lassoscript
lean
liquid
literate_coffeescript litcoffee
literate_haskell lithaskell lhaskell lhs
livescript ls
llvm
lua
lustre
lutin
m68k
magik
make makefile mf gnumake bsdmake
markdown md mkd
mason
mathematica wl
matlab m
meson
minizinc
moonscript moon
mosel
msgtrans
mxml
nasm
nesasm nes
nginx
nial
nim nimrod
nix nixos
objective_c objc obj-c obj_c objectivec
objective_cpp objcpp obj-cpp obj_cpp objectivecpp objc++ obj-c++ obj_c++ objectivec++
ocaml
ocl OCL
openedge
opentype_feature_file fea opentype opentypefeature
pascal
perl pl
php php3 php4 php5
plaintext text
plist
plsql
pony
postscript postscr ps eps
powershell posh microsoftshell msshell
praat
prolog
prometheus
properties
protobuf proto
puppet pp
python py
q kdb+
qml
r R s S
racket
reasonml
rego
rescript
robot_framework robot robot-framework
ruby rb
rust rs rust,no_run rs,no_run rust,ignore rs,ignore rust,should_panic rs,should_panic
sas
sass
scala
scheme
scss
sed
shell bash zsh ksh sh
sieve
slice
slim
smalltalk st squeak
smarty
sml ml
solidity
sparql
sqf
sql
ssh
stan
stata
supercollider
swift
systemd unit-file
syzlang
syzprog
tap
tcl
terraform tf
tex TeX LaTeX latex
toml
tsx
ttcn3
tulip
turtle
twig
typescript ts
vala
vb visualbasic
vcl varnishconf varnish
velocity
verilog
vhdl
viml vim vimscript ex
vue vuejs
wollok
xml
xojo realbasic
xpath
xquery
yaml yml
yang
zig zir
"""


def _build_rouge_names(table: str) -> Mapping[str, str]:
    """Map every Rouge lexer name and alias to the lexer's canonical tag."""
    names: dict[str, str] = {}
    for line in table.strip().splitlines():
        tag, *aliases = line.split()
        for name in (tag, *aliases):
            names.setdefault(name, tag)
    return MappingProxyType(names)


ROUGE_NAMES: Mapping[str, str] = _build_rouge_names(_ROUGE_LEXERS)

# Rouge tags whose Pygments lexer has a different name (or is the closest equivalent).
_PYGMENTS_NAME: Mapping[str, str] = MappingProxyType(
    {
        "plaintext": "text",
        "shell": "bash",
        "console": "console",
        "irb": "rbcon",
        "irb_output": "text",
        "jsonc": "json",
        "json-doc": "json",
        "conf": "text",
        "gradle": "groovy",
        "plist": "xml",
        "hack": "php",
        "plsql": "plpgsql",
        "eex": "html",
        "react": "jsx",
        "jsx": "jsx",
        "liquid": "liquid",
        "digdag": "yaml",
        "hocon": "text",
        "xojo": "vbnet",
    }
)

# (JavaScript, TypeScript, JSX, TSX, JSON, YAML, CSS and HTML do not go through Pygments: they
# have Rouge-faithful lexers in reblog.md_rouge_lexers.)
# Per-language renames of Pygments' short classes to the ones Rouge's lexer of that language
# uses for the same construct (Rouge and Pygments lexers mostly agree, these are the common
# systematic differences observed against Rouge 3.30).
_CLASS_RENAMES: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "python": {"kc": "bp", "s2": "s", "s1": "s", "sd": "s"},
        "go": {"nx": "n", "kn": "k", "kd": "k", "kt": "kt", "mi": "m", "mf": "m", "kc": "no", "p": "o"},
        "java": {"p": "o"},
        "rust": {"fm": "nd", "kd": "k", "kt": "nb", "cp": "nd"},
        "shell": {"c1": "c", "ch": "c"},
        "ruby": {"kp": "nb"},
    }
)

# Renames that only apply to one exact token text: (rouge tag, pygments class, text) -> class.
_VALUE_RENAMES: Mapping[tuple[str, str, str], str] = MappingProxyType(
    {
        ("python", "nb", "print"): "k",
    }
)

# Languages whose Rouge lexer wraps whitespace in ``w`` spans (Pygments' Text.Whitespace).
_KEEP_WHITESPACE: frozenset[str] = frozenset()

# Languages whose Rouge lexer leaves the newline that ends a line comment outside the span.
_COMMENT_NEWLINE_OUTSIDE: frozenset[str] = frozenset({"c", "cpp", "rust", "sql", "go", "shell", "java"})

# Languages whose Rouge lexer includes the newline ending a line comment in the comment span.
_COMMENT_NEWLINE_INSIDE: frozenset[str] = frozenset({"python"})

# Pygments token types that Rouge lexers (nearly always) emit as plain unstyled text.
_PLAIN_TYPES: frozenset[_TokenType] = frozenset({Text, Whitespace})


def rouge_tag(lang: str) -> str | None:
    """Return Rouge's canonical lexer tag for ``lang``, or None if Rouge does not know it."""
    return ROUGE_NAMES.get(lang)


@lru_cache(maxsize=256)
def _lexer_for_tag(tag: str) -> Lexer:
    """Build (once per tag) the Pygments lexer used to imitate Rouge's lexer ``tag``."""
    name = _PYGMENTS_NAME.get(tag, tag)
    options = {"stripnl": False, "stripall": False, "ensurenl": False}
    try:
        return get_lexer_by_name(name, **options)
    except ClassNotFound:
        # Rouge knows this language but Pygments does not: keep Rouge's wrapper markup, unstyled.
        return TextLexer(**options)


def _css_class(ttype: _TokenType) -> str:
    """Return the short CSS class Rouge uses for a token type ('' means no span)."""
    if ttype in _PLAIN_TYPES:
        return ""
    while ttype not in STANDARD_TYPES:
        ttype = ttype.parent
    css: str = STANDARD_TYPES[ttype]
    return css


def _classified(tokens: Iterable[tuple[_TokenType, str]], tag: str) -> Iterator[tuple[str, str]]:
    """Yield (Rouge css class, text) for Pygments tokens, applying the per-language fix-ups."""
    renames = _CLASS_RENAMES.get(tag, {})
    split_newline = tag in _COMMENT_NEWLINE_OUTSIDE
    keep_ws = tag in _KEEP_WHITESPACE
    newline_inside = tag in _COMMENT_NEWLINE_INSIDE
    held: str | None = None  # a line comment waiting to absorb the newline that follows it
    for ttype, value in tokens:
        if held is not None:
            if value.startswith("\n") and _css_class(ttype) == "":
                yield "c1", held + "\n"
                value = value[1:]
            else:
                yield "c1", held
            held = None
            if not value:
                continue
        cls = "w" if keep_ws and ttype in Whitespace else _css_class(ttype)
        cls = renames.get(cls, cls)
        cls = _VALUE_RENAMES.get((tag, cls, value), cls)
        if newline_inside and cls == "c1" and not value.endswith("\n"):
            held = value
        elif split_newline and cls.startswith("c") and value.endswith("\n") and len(value) > 1:
            yield cls, value[:-1]
            yield "", "\n"
        else:
            yield cls, value
    if held is not None:
        yield "c1", held


def _merged_tokens(tokens: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """Yield (css class, text) with adjacent same-class tokens merged, like Rouge's lexer does."""
    current_cls: str | None = None
    parts: list[str] = []
    for cls, value in tokens:
        if not value:
            continue
        if cls != current_cls and parts:
            yield current_cls or "", "".join(parts)
            parts = []
        current_cls = cls
        parts.append(value)
    if parts:
        yield current_cls or "", "".join(parts)


def _escape(text: str) -> str:
    """Escape text the way Rouge's HTML formatter does (quotes are left alone)."""
    return html.escape(text, quote=False)


class _PygmentsSource:
    """Pygments' lexer for a Rouge tag, with the per-language class fix-ups."""

    def __init__(self, tag: str) -> None:
        self.tag = tag

    def tokens(self, text: str) -> list[tuple[str, str]]:
        return list(_merged_tokens(_classified(_lexer_for_tag(self.tag).get_tokens(text), self.tag)))


def token_source(tag: str) -> LexerSpec | TokenSource:
    """The lexer reblog uses for Rouge tag ``tag``: Rouge-faithful where there is one."""
    return ROUGE_LEXERS.get(tag) or _PygmentsSource(tag)


def _rouge_tokens(code: str, tag: str) -> list[tuple[str, str]] | Iterator[tuple[str, str]]:
    """(css class, text) tokens for ``code``: a Rouge-faithful lexer where reblog has one,
    otherwise Pygments' lexer with the per-language class fix-ups."""
    spec = ROUGE_LEXERS.get(tag)
    if spec is not None:
        try:
            return spec.tokens(code)
        except LexerStackError:
            pass  # Rouge itself would fail here; fall back to Pygments' reading
    return _merged_tokens(_classified(_lexer_for_tag(tag).get_tokens(code), tag))


def format_tokens(code: str, tag: str) -> str:
    """Highlight ``code`` with the lexer for Rouge tag ``tag`` into Rouge's span markup."""
    out: list[str] = []
    for cls, value in _rouge_tokens(code, tag):
        if cls:
            out.append(f'<span class="{cls}">{_escape(value)}</span>')
        else:
            out.append(_escape(value))
    return "".join(out)


def highlight_fenced(
    code: str,
    lang: str | None,
    *,
    attrs: Mapping[str, Any] | None = None,
    css_class: str = "highlight",
    line_numbers: bool = False,
    start_line: int = 1,
) -> str:
    """Return the block kramdown (Jekyll defaults, Rouge) emits for a fenced code block.

    ``code`` is the block body including its final newline.  Without a language kramdown uses
    Jekyll's ``default_lang`` (plaintext); a language Rouge does not know is left unhighlighted.
    """
    shown = lang or "plaintext"
    tag = rouge_tag(shown)
    if tag is None:
        return plain_fenced(code, shown, attrs=attrs)
    div_attrs = dict(attrs or {})
    # kramdown: own classes keep their place after language-X, "highlighter-rouge" comes last.
    own = f"{div_attrs.get('class', '')} highlighter-rouge".lstrip()
    div_attrs["class"] = f"language-{shown} {own}"
    body = format_tokens(code, tag)
    if line_numbers:  # Rouge's HTMLTable with its default classes, as kramdown calls it
        body = _linenos_table(body, "rouge-gutter gl", "rouge-code", start_line)
    return (
        f"<div{_attributes(div_attrs)}>"
        f'<div class="highlight"><pre class="{html.escape(css_class)}"><code>{body}</code></pre></div></div>\n'
    )


def plain_fenced(code: str, lang: str | None, *, attrs: Mapping[str, Any] | None = None) -> str:
    """Return kramdown's unhighlighted code block markup (unknown language, ``highlighter: none``)."""
    code_attrs = {"class": f"language-{lang}"} if lang else {}
    body = _escape(code)
    body = body[:-1] if body.endswith("\n") else body
    return f"<pre{_attributes(attrs or {})}><code{_attributes(code_attrs)}>{body}\n</code></pre>\n"


def _attributes(attrs: Mapping[str, Any]) -> str:
    """Serialize HTML attributes in insertion order."""
    return "".join(f' {key}="{html.escape(str(value))}"' for key, value in attrs.items())


def _strip_line_terminators(code: str) -> str:
    """Drop leading/trailing newlines like Jekyll's highlight tag does before lexing."""
    return code.strip("\r\n")


def _linenos_table(body: str, gutter: str = "gutter gl", code_class: str = "code", start: int = 1) -> str:
    """Wrap highlighted ``body`` in Rouge's HTMLTable markup (gutter with line numbers);
    Jekyll's highlight tag names the cells ``gutter gl``/``code``, Rouge's defaults are
    ``rouge-gutter gl``/``rouge-code`` (what kramdown gets)."""
    if not body.endswith("\n"):
        body += "\n"
    count = body.count("\n")
    numbers = "".join(f"{n}\n" for n in range(start, start + count))
    return (
        '<table class="rouge-table"><tbody><tr>'
        f'<td class="{gutter}"><pre class="lineno">{numbers}</pre></td>'
        f'<td class="{code_class}"><pre>{body}</pre></td>'
        "</tr></tbody></table>"
    )


def highlight_tag(code: str, lang: str, *, linenos: bool = False) -> str:
    """Return what Jekyll's ``{% highlight lang %}`` tag emits (Rouge, optional line numbers)."""
    code = _strip_line_terminators(code)
    body = format_tokens(code, rouge_tag(lang) or "plaintext")
    if linenos:
        body = _linenos_table(body)
    body = body[:-1] if body.endswith("\n") else body
    attrs = f'class="language-{html.escape(lang.replace("+", "-"))}" data-lang="{html.escape(lang)}"'
    return f'<figure class="highlight"><pre><code {attrs}>{body}</code></pre></figure>'
