"""Coq, tokenized as Rouge 3.30's ``coq.rb`` does (rule for rule)."""

from __future__ import annotations

import re

from ..engine import LexerSpec, Mixin, RuleMatch, Run, TokenSource, r, words

_GALLINA = words("as fun if in let match then else return end Type Set Prop forall")
_COQ = words(
    "Definition Theorem Lemma Remark Example Fixpoint CoFixpoint Record Inductive CoInductive "
    "Corollary Goal Proof Ltac Require Import Export Module Section End Variable Context "
    "Polymorphic Monomorphic Universe Universes Variables Class Instance Global Local Include "
    "Printing Notation Infix Arguments Hint Rewrite Immediate Qed Defined Opaque Transparent "
    "Existing Compute Eval Print SearchAbout Search About Check"
)
_LTAC = words(
    "apply eapply auto eauto rewrite setoid_rewrite with in as at destruct split inversion "
    "injection intro intros unfold fold cbv cbn lazy subst clear symmetry transitivity "
    "etransitivity erewrite edestruct constructor econstructor eexists exists f_equal refine "
    "instantiate revert simpl specialize generalize dependent red induction beta iota zeta "
    "delta exfalso autorewrite setoid_rewrite compute vm_compute native_compute"
)
_TACTICALS = words("repeat first try")
_TERMINATORS = words("omega solve congruence reflexivity exact assumption eassumption")
_KEYOPTS = words(r":= => -> /\ \/ _ ; :> : ⇒ → ↔ ⇔ ≔ ≡ ∀ ∃ ∧ ∨ ¬ ⊤ ⊥ ⊢ ⊨ ∈")
_OPERATOR = re.compile(r"[\[\];,{}_()!$%&*+./:<=>?@^|~#-]+")
_ID = r"(?i:(?:[a-z][\w']*)|(?:[_a-z][\w']+))"
_END_SENTENCE = "pi"


def _classify(name: str) -> str:
    if name in _COQ:
        return "k"
    if name in _GALLINA:
        return "kr"
    if name in _LTAC:
        return "kp"
    if name in _TERMINATORS:
        return "ne"
    if name in _TACTICALS:
        return "kp"
    return "no"


def _module_type(run: Run, m: RuleMatch) -> None:
    run.token("k", "Module")
    run.token("w", m.group(1))
    run.token("k", "Type")
    run.token("w", m.group(2))


def _set_options(run: Run, m: RuleMatch) -> None:
    run.token("k", m.group(1))
    # Rouge walks (space, word) pairs while the space is non-empty; the regex has three.
    for i in (2, 4, 6):
        if not m.group(i):
            break
        run.token("w", m.group(i))
        if i + 1 <= 5:
            run.token("k", m.group(i + 1))
    run.token(_END_SENTENCE, ".")


def _id_start(run: Run, m: RuleMatch) -> None:
    run.vars["name"] = m.group(0)
    run.vars["continue"] = False
    run.push("continue_id")


def _single(run: Run, m: RuleMatch) -> None:
    char = m.group(0)
    if char in _KEYOPTS:
        run.token("p")
    elif _OPERATOR.search(char):
        run.token("o")
    else:
        run.token("err")


def _finish_name(run: Run) -> None:
    name = run.vars["name"]
    run.token("no" if run.vars["continue"] else _classify(name), name)


def _dot_id(run: Run, m: RuleMatch) -> None:
    run.token("nn", run.vars["name"])
    run.token("p", ".")
    run.vars["continue"] = True
    run.vars["name"] = m.group(1)


def _dot_space(run: Run, m: RuleMatch) -> None:
    _finish_name(run)
    run.token(_END_SENTENCE, ".")
    run.token("w", m.group(1))
    run.vars["continue"] = False
    run.pop()


def _end_id(run: Run, m: RuleMatch) -> None:
    _finish_name(run)
    run.vars["continue"] = False
    run.pop()


def _push_same(run: Run) -> None:
    run.push()


COQ = LexerSpec(
    "coq",
    {
        "root": [
            r(r"[(][*](?![)])", "c", "comment"),
            r(r"\s+", "w"),
            r(r"Module(\s+)Type(\s+)", _module_type),
            r(
                r"(Set|Unset)(\s+)(Universe|Printing|Implicit|Strict)(\s+)"
                r"(Polymorphism|All|Notations|Arguments|Universes|Implicit)(\s*)\.",
                _set_options,
            ),
            r(_ID, _id_start),
            r(r"/\\", "o"),
            r(r"\\/", "o"),
            r(r"-?\d[\d_]*(?:.[\d_]*)?(?:e[+-]?\d[\d_]*)", "mf", flags=re.I),
            r(r"\d[\d_]*", "mi"),
            r(r"""'(?:(?:\\[\\"'ntbr ])|(?:\\[0-9]{3})|(?:\\x[0-9a-fA-F]{2}))'""", "sc"),
            r(r"'", "k"),
            r(r'"', "s2", "string"),
            r(rf"[~?]{_ID}", "nv"),
            r(r".", _single),
        ],
        "comment": [
            r(r"[^(*)]+", "c"),
            r(r"[(][*]", "c", _push_same),
            r(r"[*][)]", "c", "#pop"),
            r(r"[(*)]", "c"),
        ],
        "string": [
            r(r'(?:\\")+|[^"]', "s2"),
            Mixin("escape_sequence"),
            r(r"\\\n", "s2"),
            r(r'"', "s2", "#pop"),
        ],
        "escape_sequence": [r(r"""\\[\\"'ntbr]""", "se")],
        "continue_id": [
            r(rf"\.({_ID})", _dot_id),
            r(r"\.(\s+)", _dot_space),
            r(r"", _end_id),
        ],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"coq": COQ}
