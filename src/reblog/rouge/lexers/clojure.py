"""Clojure, tokenized as Rouge 3.30's ``clojure.rb`` does."""

from __future__ import annotations

import re

from ..engine import LexerSpec, RuleMatch, Run, TokenSource, r, words

_KEYWORDS = words("fn def defn defmacro defmethod defmulti defn- defstruct if cond let for")
# Rouge's list, quirks included (its last entry is "zipper'").
_BUILTINS = words(
    ". .. * + - -> / < <= = == > >= accessor agent agent-errors aget alength all-ns alter "
    "and append-child apply array-map aset aset-boolean aset-byte aset-char aset-double "
    "aset-float aset-int aset-long aset-short assert assoc await await-for bean binding "
    "bit-and bit-not bit-or bit-shift-left bit-shift-right bit-xor boolean branch? butlast "
    "byte cast char children class clear-agent-errors comment commute comp comparator "
    "complement concat conj cons constantly construct-proxy contains? count create-ns "
    "create-struct cycle dec deref difference disj dissoc distinct doall doc dorun doseq "
    "dosync dotimes doto double down drop drop-while edit end? ensure eval every? false? "
    "ffirst file-seq filter find find-doc find-ns find-var first float flush fnseq frest "
    "gensym get-proxy-class get hash-map hash-set identical? identity if-let import in-ns "
    "inc index insert-child insert-left insert-right inspect-table inspect-tree instance? "
    "int interleave intersection into into-array iterate join key keys keyword keyword? last "
    "lazy-cat lazy-cons left lefts line-seq list* list load load-file locking long loop "
    "macroexpand macroexpand-1 make-array make-node map map-invert map? mapcat max max-key "
    "memfn merge merge-with meta min min-key name namespace neg? new newline next nil? node "
    "not not-any? not-every? not= ns-imports ns-interns ns-map ns-name ns-publics ns-refers "
    "ns-resolve ns-unmap nth nthrest or parse partial path peek pop pos? pr pr-str print "
    "print-str println println-str prn prn-str project proxy proxy-mappings quot rand "
    "rand-int range re-find re-groups re-matcher re-matches re-pattern re-seq read read-line "
    "reduce ref ref-set refer rem remove remove-method remove-ns rename rename-keys repeat "
    "replace replicate resolve rest resultset-seq reverse rfirst right rights root rrest "
    "rseq second select select-keys send send-off seq seq-zip seq? set short slurp some sort "
    "sort-by sorted-map sorted-map-by sorted-set special-symbol? split-at split-with str "
    "string? struct struct-map subs subvec symbol symbol? sync take take-nth take-while test "
    "time to-array to-array-2d tree-seq true? union up update-proxy val vals var-get var-set "
    "var? vector vector-zip vector? when when-first when-let when-not with-local-vars "
    "with-meta with-open with-out-str xml-seq xml-zip zero? zipmap zipper'"
)
_IDENTIFIER = r"[\w!$%*+,<=>?/.-]+"
_KEYWORD = r"[\w!#$%*+,<=>?/.-]+"


def _name_class(name: str) -> str | None:
    if name in _KEYWORDS:
        return "k"
    if name in _BUILTINS:
        return "nb"
    return None


def _call(run: Run, m: RuleMatch) -> None:
    run.token("p", m.group(1))
    run.token("w", m.group(2))
    run.token(_name_class(m.group(3)) or "nf", m.group(3))


def _identifier(run: Run, m: RuleMatch) -> None:
    run.token(_name_class(m.group(0)) or "n")


CLOJURE = LexerSpec(
    "clojure",
    {
        "root": [
            r(r";.*?$", "c1"),
            r(r"\s+", "w"),
            r(r"-?\d+\.\d+", "mf"),
            r(r"-?\d+", "mi"),
            r(r"0x-?[0-9a-fA-F]+", "mh"),
            r(r'"(?:\\.|[^"])*"', "s"),
            r(rf"'{_KEYWORD}", "ss"),
            r(rf"::?{_KEYWORD}", "no"),
            r(r"\\(?:.|[a-z]+)", "sc", flags=re.I),
            r(r"~@|[`'#^~&@]", "o"),
            r(rf"(\()(\s*)({_IDENTIFIER})", _call),
            r(_IDENTIFIER, _identifier),
            r(r"[\[\]]", "p"),
            r(r"[{}]", "p"),
            r(r"[()]", "p"),
        ],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"clojure": CLOJURE}
