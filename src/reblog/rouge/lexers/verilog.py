"""Verilog and SystemVerilog, tokenized as Rouge 3.30's ``verilog.rb`` does."""

from __future__ import annotations

import re

from ..engine import LexerSpec, Mixin, RuleMatch, Run, TokenSource, r, words

_ID = r"[a-zA-Z_][a-zA-Z0-9_]*"
_KEYWORDS = words(
    "alias always always_comb always_ff always_latch assert assert_strobe assign assume "
    "automatic attribute before begin bind bins binsof break case casex casez clocking config "
    "constraint context continue cover covergroup coverpoint cross deassign defparam default "
    "design dist do else end endattribute endcase endclass endclocking endconfig endfunction "
    "endgenerate endgroup endinterface endmodule endpackage endprimitive endprogram "
    "endproperty endspecify endsequence endtable endtask expect export extends extern final "
    "first_match for force foreach fork forkjoin forever function generate genvar if iff "
    "ifnone ignore_bins illegal_bins import incdir include initial inside instance interface "
    "intersect join join_any join_none liblist library local localparam matches module "
    "modport new noshowcancelled null package parameter primitive priority program property "
    "protected pulsestyle_onevent pulsestyle_ondetect pure rand randc randcase randsequence "
    "release return sequence showcancelled solve specify super table task this throughout "
    "timeprecision timeunit type typedef unique use wait wait_order while wildcard with "
    "within"
)
_TYPES = words(
    "and bit buf bufif0 bufif1 byte cell chandle class cmos const disable edge enum event "
    "highz0 highz1 initial inout input int integer join logic longint macromodule medium nand "
    "negedge nmos nor not notif0 notif1 or output packed parameter pmos posedge pull0 pull1 "
    "pulldown pullup rcmos real realtime ref reg repeat rnmos rpmos rtran rtranif0 rtranif1 "
    "scalared shortint shortreal signed specparam static string strength strong0 strong1 "
    "struct supply0 supply1 tagged time tran tranif0 tranif1 tri tri0 tri1 triand trior "
    "trireg union unsigned uwire var vectored virtual void wait wand weak[01] wire wor xnor "
    "xor"
)
_SYSTEM_TASKS = words(
    "acos acosh asin asinh assertfailoff assertfailon assertkill assertnonvacuouson assertoff "
    "asserton assertpassoff assertpasson assertvacuousoff atan atan2 atanh bits bitstoreal "
    "bitstoshortreal cast ceil changed changed_gclk changing_gclk clog2 cos cosh countones "
    "coverage_control coverage_get coverage_get_max coverage_merge coverage_save dimensions "
    "display displayb displayh displayo dist_chi_square dist_erlang dist_exponential "
    "dist_normal dist_poisson dist_t dist_uniform dumpall dumpfile dumpflush dumplimit "
    "dumpoff dumpon dumpports dumpportsall dumpportsflush dumpportslimit dumpportsoff "
    "dumpportson dumpvars error exit exp falling_gclk fclose fdisplay fdisplayb fdisplayh "
    "fdisplayo fell fell_gclk feof ferror fflush fgetc fgets finish floor fmonitor fmonitorb "
    "fmonitorh fmonitoro fopen fread fscanf fseek fstrobe fstrobeb fstrobeh fstrobeo ftell "
    "future_gclk fwrite fwriteb fwriteh fwriteo get_coverage high hypot increment info "
    "isunbounded isunknown itor left ln load_coverage_db log10 low monitor monitorb monitorh "
    "monitoro monitoroff monitoron onehot onehot0 past past_gclk pow printtimescale q_add "
    "q_exam q_full q_initialize q_remove random readmemb readmemh realtime realtobits rewind "
    "right rising_gclk rose rose_gclk rtoi sampled set_coverage_db_name sformat sformatf "
    "shortrealtobits signed sin sinh size sqrt sscanf stable stable_gclk steady_gclk stime "
    "stop strobe strobeb strobeh strobeo swrite swriteb swriteh swriteo system tan tanh time "
    "timeformat typename ungetc unpacked_dimensions unsigned warning write writeb writeh "
    "writememb writememh writeo"
)


def _word(run: Run, m: RuleMatch) -> None:
    name = m.group(0)
    if name in _KEYWORDS:
        run.token("k")
    elif name in _TYPES:
        run.token("kt")
    elif name in _SYSTEM_TASKS:
        run.token("nb")
    else:
        run.token("n")


def _pop_now(run: Run) -> None:
    run.pop()


VERILOG = LexerSpec(
    "verilog",
    {
        "expr_bol": [
            Mixin("inline_whitespace"),
            r(r"`define", "cp", "macro"),
            r(r"", None, _pop_now),
        ],
        "bol": [r(rf"{_ID}:(?!:)", "nl"), Mixin("expr_bol")],
        "inline_whitespace": [
            r(r"[ \t\r]+", ""),
            r(r"\\\n", ""),
            r(r"/(?:\\\n)?[*].*?[*](?:\\\n)?/", "cm", flags=re.S),
        ],
        "whitespace": [
            r(r"\n+", "", "bol"),
            r(r"//(?:\\.|.)*?$", "c1", "bol"),
            Mixin("inline_whitespace"),
        ],
        "expr_whitespace": [r(r"\n+", "", "expr_bol"), Mixin("whitespace")],
        "string": [
            r(r'"', "s", "#pop"),
            r(r"""\\(?:[\\abfnrtv"']|x[a-fA-F0-9]{2,4}|[0-7]{1,3})""", "se"),
            r(r'[^\\"\n]+', "s"),
            r(r"\\\n", "s"),
            r(r"\\", "s"),
        ],
        "statement": [
            Mixin("whitespace"),
            r(r'L?"', "s", "string"),
            r(r"(?:[0-9_]+\.[0-9_]*|[0-9_]*\.[0-9_]+)(?:e[+-]?[0-9_]+)?", "mf", flags=re.I),
            r(r"[0-9_]+e[+-]?[0-9_]+", "mf", flags=re.I),
            r(r"[0-9]*'h[0-9a-fA-F_?]+", "mh"),
            r(r"[0-9]*'b?[01xz_?]+", "mb"),
            r(r"[0-9]*'d[0-9_?]+", "mi"),
            r(r"[0-9_]+[lu]*", "mi", flags=re.I),
            r(r"[-~!%^&*+=|?:<>/@{}]", "o"),
            r(r"[()\[\],.$#;]", "p"),
            r(r"`(?:\w+)", "cp"),
            r(_ID, _word),
        ],
        "root": [Mixin("expr_whitespace"), r(r"", None, "statement")],
        "macro": [
            r(r"\n", "cp", "#pop"),
            Mixin("inline_whitespace"),
            r(r";", "p"),
            r(r"=", "o"),
            r(r"\w+", ""),
        ],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"verilog": VERILOG}
