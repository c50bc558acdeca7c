"""Fortran (free form), tokenized as Rouge 3.30's ``fortran.rb`` does (words compared in
lower case, as Fortran is case-insensitive)."""

from __future__ import annotations

import re

from ..engine import LexerSpec, RuleMatch, Run, TokenSource, r, words

_NAME = r"(?i:[A-Z][_A-Z0-9]*)"
_KIND = rf"(?:\d+|{_NAME})"
_EXPONENT = r"(?i:[ED][+-]?\d+)"

_KEYWORDS = words(
    "abstract allocatable allocate assign assignment associate asynchronous backspace bind "
    "block blockdata call case class close codimension common concurrent contains contiguous "
    "continue critical cycle data deallocate deferred dimension do elemental else elseif "
    "elsewhere end endassociate endblock endblockdata enddo endenum endfile endforall "
    "endfunction endif endinterface endmodule endprogram endselect endsubmodule endsubroutine "
    "endtype endwhere endwhile entry enum enumerator equivalence exit extends external final "
    "flush forall format function generic goto if implicit import in include inout inquire "
    "intent interface intrinsic is lock module namelist non_overridable none nopass nullify "
    "only open operator optional out parameter pass pause pointer print private procedure "
    "program protected public pure read recursive result return rewind save select selectcase "
    "sequence stop submodule subroutine target then type unlock use value volatile wait where "
    "while write"
)
_TYPES = words("character complex doubleprecision integer logical real")
_INTRINSICS = words(
    "abs achar acos acosh adjustl adjustr aimag aint all allocated anint any asin asinh "
    "associated atan atan2 atanh atomic_define atomic_ref bessel_j0 bessel_j1 bessel_jn "
    "bessel_y0 bessel_y1 bessel_yn bge bgt bit_size ble blt btest c_associated c_f_pointer "
    "c_f_procpointer c_funloc c_loc c_sizeof ceiling char cmplx command_argument_count "
    "compiler_options compiler_version conjg cos cosh count cpu_time cshift date_and_time "
    "dble digits dim dot_product dprod dshiftl dshiftr eoshift epsilon erf erfc_scaled erfc "
    "execute_command_line exp exponent extends_type_of findloc floor fraction gamma "
    "get_command_argument get_command get_environment_variable huge hypot iachar iall iand "
    "iany ibclr ibits ibset ichar ieee_class ieee_copy_sign ieee_get_flag "
    "ieee_get_halting_mode ieee_get_rounding_mode ieee_get_status ieee_get_underflow_mode "
    "ieee_is_finite ieee_is_nan ieee_is_normal ieee_logb ieee_next_after ieee_rem ieee_rint "
    "ieee_scalb ieee_selected_real_kind ieee_set_flag ieee_set_halting_mode "
    "ieee_set_rounding_mode ieee_set_status ieee_set_underflow_mode ieee_support_datatype "
    "ieee_support_denormal ieee_support_divide ieee_support_flag ieee_support_halting "
    "ieee_support_inf ieee_support_io ieee_support_nan ieee_support_rounding "
    "ieee_support_sqrt ieee_support_standard ieee_support_underflow_control ieee_unordered "
    "ieee_value ieor image_index index int ior iparity is_contiguous is_iostat_end "
    "is_iostat_eor ishft ishftc kind lbound lcobound leadz len_trim len lge lgt lle llt "
    "log_gamma log log10 logical maskl maskr matmul max maxexponent maxloc maxval merge_bits "
    "merge min minexponent minloc minval mod modulo move_alloc mvbits nearest new_line nint "
    "norm2 not null num_images pack parity popcnt poppar present product radix random_number "
    "random_seed range real repeat reshape rrspacing same_type_as scale scan "
    "selected_char_kind selected_int_kind selected_real_kind set_exponent shape shifta shiftl "
    "shiftr sign sin sinh size spacing spread sqrt storage_size sum system_clock tan tanh "
    "this_image tiny trailz transfer transpose trim ubound ucobound unpack verify"
)


def _label(run: Run, m: RuleMatch) -> None:
    run.token("w", m.group(1))
    run.token("nl", m.group(2))


def _format(run: Run, m: RuleMatch) -> None:
    run.token("k", m.group(1))
    run.token("w", m.group(2))
    run.token("p", m.group(3))
    run.push("format_spec")


def _word(run: Run, m: RuleMatch) -> None:
    word = m.group(0).lower()
    if word in _KEYWORDS:
        run.token("k")
    elif word in _TYPES:
        run.token("kt")
    elif word in _INTRINSICS:
        run.token("nb")
    else:
        run.token("n")


FORTRAN = LexerSpec(
    "fortran",
    {
        "root": [
            r(r"[\s]+", "w"),
            r(r"!.*$", "c1"),
            r(r"^#.*$", "cp"),
            r(r"::|[()/;,:&\[\]]", "p"),
            r(r"^(\s*)([0-9]+)\b", _label),
            r(r"(FORMAT)(\s*)(\()", _format, flags=re.I),
            r(
                rf"[+-]?(?:(?:\d+[.]\d*|[.]\d+)(?:{_EXPONENT})?|\d+{_EXPONENT})(?:_{_KIND})?",
                "mf",
                flags=re.I,
            ),
            r(rf"[+-]?\d+(?:_{_KIND})?", "mi", flags=re.I),
            r(r"B'[01]+'|B\"[01]+\"", "mb", flags=re.I),
            r(r"O'[0-7]+'|O\"[0-7]+\"", "mo", flags=re.I),
            r(r"Z'[0-9A-F]+'|Z\"[0-9A-F]+\"", "mh", flags=re.I),
            r(rf"(?:{_KIND}_)?'", "s1", "string_single"),
            r(rf"(?:{_KIND}_)?\"", "s2", "string_double"),
            r(rf"[.](?:TRUE|FALSE)[.](?:_{_KIND})?", "kc", flags=re.I),
            r(r"\*\*|//|==|/=|<=|>=|=>|[-+*/<>=%]", "o"),
            r(r"\.(?:EQ|NE|LT|LE|GT|GE|NOT|AND|OR|EQV|NEQV|[A-Z]+)\.", "ow", flags=re.I),
            r(r"double\s+precision\b", "kt", flags=re.I),
            r(r"go\s+to\b", "k", flags=re.I),
            r(r"sync\s+(?:all|images|memory)\b", "k", flags=re.I),
            r(r"error\s+stop\b", "k", flags=re.I),
            r(_NAME, _word),
        ],
        "string_single": [
            r(r"[^']+", "s1"),
            r(r"''", "se"),
            r(r"'", "s1", "#pop"),
        ],
        "string_double": [
            r(r'[^"]+', "s2"),
            r(r'""', "se"),
            r(r'"', "s2", "#pop"),
        ],
        "format_spec": [
            r(r"'", "s1", "string_single"),
            r(r'"', "s2", "string_double"),
            r(r"\(", "p", "format_spec"),
            r(r"\)", "p", "#pop"),
            r(r",", "p"),
            r(r"[\s]+", "w"),
            r(r"[^\s'\"(),]+", "l"),
        ],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"fortran": FORTRAN}
