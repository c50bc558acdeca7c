"""Every language name Rouge 3.30 knows, and the canonical tag each name stands for."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

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


def rouge_tag(lang: str) -> str | None:
    """Return Rouge's canonical lexer tag for ``lang``, or None if Rouge does not know it."""
    return ROUGE_NAMES.get(lang)
