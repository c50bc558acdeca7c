"""Scheme, tokenized as Rouge 3.30's ``scheme.rb`` does."""

from __future__ import annotations

import re

from ..engine import LexerSpec, RuleMatch, Run, TokenSource, r, words

_KEYWORDS = words(
    "lambda define if else cond and or case let let* letrec begin do delay set! => quote "
    "quasiquote unquote unquote-splicing define-syntax let-syntax letrec-syntax syntax-rules"
)
_BUILTINS = words(
    "* + - / < <= = > >= abs acos angle append apply asin assoc assq assv atan boolean? "
    "caaaar caaadr caaar caadar caaddr caadr caar cadaar cadadr cadar caddar cadddr caddr "
    "cadr call-with-current-continuation call-with-input-file call-with-output-file "
    "call-with-values call/cc car cdaaar cdaadr cdaar cdadar cdaddr cdadr cdar cddaar cddadr "
    "cddar cdddar cddddr cdddr cddr cdr ceiling char->integer char-alphabetic? char-ci<=? "
    "char-ci<? char-ci=? char-ci>=? char-ci>? char-downcase char-lower-case? char-numeric? "
    "char-ready? char-upcase char-upper-case? char-whitespace? char<=? char<? char=? char>=? "
    "char>? char? close-input-port close-output-port complex? cons cos current-input-port "
    "current-output-port denominator display dynamic-wind eof-object? eq? equal? eqv? eval "
    "even? exact->inexact exact? exp expt floor for-each force gcd imag-part inexact->exact "
    "inexact? input-port? integer->char integer? interaction-environment lcm length list "
    "list->string list->vector list-ref list-tail list? load log magnitude make-polar "
    "make-rectangular make-string make-vector map max member memq memv min modulo negative? "
    "newline not null-environment null? number->string number? numerator odd? "
    "open-input-file open-output-file output-port? pair? peek-char port? positive? "
    "procedure? quotient rational? rationalize read read-char real-part real? remainder "
    "reverse round scheme-report-environment set-car! set-cdr! sin sqrt string string->list "
    "string->number string->symbol string-append string-ci<=? string-ci<? string-ci=? "
    "string-ci>=? string-ci>? string-copy string-fill! string-length string-ref string-set! "
    "string<=? string<? string=? string>=? string>? string? substring symbol->string symbol? "
    "tan transcript-off transcript-on truncate values vector vector->list vector-fill! "
    "vector-length vector-ref vector-set! vector? with-input-from-file with-output-to-file "
    "write write-char zero?"
)
_ID = r"[a-zA-Z0-9!$%&*+,/:<=>?@^_~|-]+"


def _command(run: Run, m: RuleMatch) -> None:
    word = m.group(0)
    run.token("k" if word in _KEYWORDS else "nb" if word in _BUILTINS else "nf")
    run.pop()


def _pop_now(run: Run) -> None:
    run.pop()


SCHEME = LexerSpec(
    "scheme",
    {
        "root": [
            r(r";.*$", "c1"),
            r(r"\s+", ""),
            r(r"-?\d+\.\d+", "mf"),
            r(r"-?\d+", "mi"),
            r(r"[+-]inf[.][f0]", "m"),
            r(r"#b[01]+", "mb"),
            r(r"#o[0-7]+", "mo"),
            r(r"#d[0-9]+", "mi"),
            r(r"#x[0-9a-f]+", "mh", flags=re.I),
            r(r"#[ei][\d.]+", "mx"),
            r(r'"(?:\\\\|\\"|[^"])*"', "s"),
            r(rf"'{_ID}", "ss"),
            r(r"""#\\(?:[()/'"._!$%& ?=+-]{1}|[a-z0-9]+)""", "sc", flags=re.I),
            r(r"#t|#f", "no"),
            r(r"(?:'|#|`|,@|,|\.)", "o"),
            r(r"(['#])(\s*)(\()", ("ss", "", "p")),
            r(r"\(|\[", "p", "command"),
            r(r"\)|\]", "p"),
            r(_ID, "nv"),
        ],
        "command": [
            r(_ID, _command),
            r(r"", None, _pop_now),
        ],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"scheme": SCHEME}
