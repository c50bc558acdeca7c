"""HTTP requests and responses, tokenized as Rouge 3.30's ``http.rb`` does: request or
status line, headers, then the body lexed by the language its Content-Type names."""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from ..engine import LexerSpec, RuleMatch, Run, TokenSource, r

_METHODS = "GET|POST|PUT|DELETE|HEAD|OPTIONS|TRACE|PATCH"

# Rouge's Lexer.guess_by_mimetype over every mimetype its lexers declare (obtained from Rouge
# 3.30); any other Content-Type gets plain text, as there.
_MIMETYPES = """
application/atom+xml xml
application/bat batchfile
application/fsharp-script fsharp
application/graphql graphql
application/hal+json json
application/javascript javascript
application/json json
application/postscript postscript
application/problem+json json
application/rss+xml xml
application/schema+json json
application/sparql-query sparql
application/trig turtle
application/vnd.api+json json
application/vnd.wolfram.mathematica.package mathematica
application/vnd.wolfram.wl mathematica
application/x-actionscript actionscript
application/x-applescript applescript
application/x-awk awk
application/x-bat batchfile
application/x-clojure clojure
application/x-crystal crystal
application/x-cypher-query cypher
application/x-cython cython
application/x-digdag digdag
application/x-django-templating jinja
application/x-dsrc d
application/x-ecl ecl
application/x-elixir elixir
application/x-erlang erlang
application/x-gdscript gdscript
application/x-go go
application/x-httpd-lasso lasso
application/x-hy hylang
application/x-janet janet
application/x-javascript javascript
application/x-jinja jinja
application/x-jsp jsp
application/x-jsx jsx
application/x-julia julia
application/x-lua lua
application/x-magik magik
application/x-mason mason
application/x-matlab matlab
application/x-moonscript moonscript
application/x-msdos-program batchfile
application/x-objective-c++ objective_cpp
application/x-objective_c objective_c
application/x-perl perl
application/x-plist plist
application/x-prometheus prometheus
application/x-python python
application/x-q q
application/x-qml qml
application/x-r r
application/x-racket racket
application/x-ruby ruby
application/x-sas sas
application/x-sas-syntax sas
application/x-scala scala
application/x-scheme scheme
application/x-sh shell
application/x-shellscript shell
application/x-smarty smarty
application/x-standardml sml
application/x-stat-sas sas
application/x-stata stata
application/x-tap tap
application/x-tcl tcl
application/x-tulip tulip
application/x-twig twig
application/x-visualbasic vb
application/x-vue vue
application/xhtml+xml html
application/xml xml
application/xquery xquery
application/xv+xml mxml
application/yang yang
image/svg+xml xml
message/rfc822 email
text/coffeescript coffeescript
text/css css
text/haxe haxe
text/html html
text/html+django jinja
text/html+jinja jinja
text/html+lasso lasso
text/html+twig twig
text/html+velocity velocity
text/javascript javascript
text/livescript livescript
text/minizinc minizinc
text/plain plaintext
text/slice slice
text/turtle turtle
text/typescript typescript
text/vnd.apiblueprint apiblueprint
text/vnd.graphviz dot
text/x-R r
text/x-abap abap
text/x-ada ada
text/x-apache-conf apache
text/x-apex apex
text/x-augeas augeas
text/x-brainfuck brainfuck
text/x-c++hdr cpp
text/x-c++src cpp
text/x-ceylon ceylon
text/x-chdr c
text/x-clojure clojure
text/x-cmake cmake
text/x-common-lisp common_lisp
text/x-coq coq
text/x-crystal crystal
text/x-csharp csharp
text/x-csrc c
text/x-cython cython
text/x-dafny dafny
text/x-dart dart
text/x-datastudio datastudio
text/x-diff diff
text/x-dockerfile-config docker
text/x-dsrc d
text/x-eiffel eiffel
text/x-elixir elixir
text/x-elm elm
text/x-erlang erlang
text/x-factor factor
text/x-ffhdr freefem
text/x-ffsrc freefem
text/x-fortran fortran
text/x-fsharp fsharp
text/x-fsi fsharp
text/x-gdscript gdscript
text/x-gherkin gherkin
text/x-go go
text/x-gradle gradle
text/x-groovy groovy
text/x-haml haml
text/x-handlebars handlebars
text/x-haskell haskell
text/x-haxe haxe
text/x-hlsl hlsl
text/x-httpd-conf apache
text/x-hx haxe
text/x-hy hylang
text/x-idris idris
text/x-igorpro igorpro
text/x-ini ini
text/x-iosrc io
text/x-isabelle isabelle
text/x-janet janet
text/x-java java
text/x-java-properties properties
text/x-javascript javascript
text/x-jsonnet jsonnet
text/x-jsp jsp
text/x-jsx jsx
text/x-julia julia
text/x-kotlin kotlin
text/x-lasso lasso
text/x-latex tex
text/x-literate-haskell literate_haskell
text/x-llvm llvm
text/x-lua lua
text/x-lustre lustre
text/x-lutin lutin
text/x-magik magik
text/x-makefile make
text/x-markdown markdown
text/x-mason mason
text/x-matlab matlab
text/x-meson meson
text/x-moonscript moonscript
text/x-mosel mosel
text/x-mustache handlebars
text/x-nasm nasm
text/x-nginx-conf nginx
text/x-objective-c++ objective_cpp
text/x-objective_c objective_c
text/x-ocaml ocaml
text/x-ocl ocl
text/x-openedge openedge
text/x-pascal pascal
text/x-patch diff
text/x-perl perl
text/x-php php
text/x-plist plist
text/x-plsql plsql
text/x-powershell powershell
text/x-prolog prolog
text/x-prometheus prometheus
text/x-proto protobuf
text/x-python python
text/x-q q
text/x-qml qml
text/x-r r
text/x-r-source r
text/x-racket racket
text/x-reasonml reasonml
text/x-rescript rescript
text/x-robot robot_framework
text/x-ruby ruby
text/x-rust rust
text/x-sass sass
text/x-scala scala
text/x-scheme scheme
text/x-script.tcl tcl
text/x-scss scss
text/x-sed sed
text/x-sh shell
text/x-shellscript shell
text/x-smalltalk smalltalk
text/x-smarty smarty
text/x-solidity solidity
text/x-sql sql
text/x-standardml sml
text/x-stata stata
text/x-systemd-unit systemd
text/x-systemverilog verilog
text/x-tap tap
text/x-tcl tcl
text/x-tex tex
text/x-toml toml
text/x-ttcn ttcn3
text/x-ttcn3 ttcn3
text/x-tulip tulip
text/x-vala vala
text/x-varnish vcl
text/x-vcl vcl
text/x-verilog verilog
text/x-vhdl vhdl
text/x-vim viml
text/x-visualbasic vb
text/x-vue vue
text/x-yaml yaml
text/x-zig zig
text/xml xml
x-shader/x-fragment glsl
x-shader/x-geometry glsl
x-shader/x-vertex glsl
"""


# Made when the module is imported (that is, when an HTTP block is highlighted) and never changed.
_MIMETYPE_TAGS: Mapping[str, str] = MappingProxyType(
    {mimetype: tag for mimetype, tag in (line.split() for line in _MIMETYPES.strip().splitlines())}
)


def _start(run: Run) -> None:
    run.vars["content_type"] = "text/plain"


def _header(run: Run, m: RuleMatch) -> None:
    if m.group(1).strip().lower() == "content-type":
        run.vars["content_type"] = m.group(5).split(";")[0].lower()
    run.groups("na", "", "p", "", "s", "")


def _content(run: Run, m: RuleMatch) -> None:
    from ..registry import token_source  # late: the registry imports the lexer modules

    tag = _MIMETYPE_TAGS.get(run.vars["content_type"], "plaintext")
    source = token_source(tag)
    if isinstance(source, LexerSpec):
        run.delegate(Run(source))
    else:
        run.out.extend(source.tokens(m.group(0)))


HTTP = LexerSpec(
    "http",
    {
        "root": [
            r(
                rf"({_METHODS})([ ]+)([^ ]+)([ ]+)(HTTPS?)(/)(\d(?:\.\d)?)(\r?\n|$)",
                ("nf", "", "nn", "", "k", "o", "m", ""),
                "headers",
            ),
            r(
                r"(HTTPS?)(/)(\d(?:\.\d))([ ]+)(\d{3})([ ]+)?([^\r\n]*)?(\r?\n|$)",
                ("k", "o", "m", "", "m", "", "ne", ""),
                "headers",
            ),
        ],
        "headers": [
            r(r"([^\s:]+)( *)(:)( *)([^\r\n]+)(\r?\n|$)", _header),
            r(r"([^\r\n]+)(\r?\n|$)", ("s", "")),
            r(r"\r?\n", "", "content"),
        ],
        "content": [r(r".+", _content, flags=re.S)],
    },
    on_start=_start,
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"http": HTTP}
