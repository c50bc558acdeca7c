"""Erlang, tokenized the way Rouge 3.30's lexer does (rouge/lexers/erlang.rb), rule for rule.

Rouge's function-call rule is guarded by ``(?:^|(?<=:))``, which always holds at the scan
position (the scanner's text starts there), so it is dropped.
"""

from __future__ import annotations

from ..engine import LexerSpec, TokenSource, r

_KEYWORDS = "after|begin|case|catch|cond|end|fun|if|let|of|query|receive|try|when"
_BUILTINS = "|".join(
    (
        "abs append_element apply atom_to_list binary_to_list bitstring_to_list binary_to_term "
        "bit_size bump_reductions byte_size cancel_timer check_process_code delete_module "
        "demonitor disconnect_node display element erase exit float float_to_list fun_info "
        "fun_to_list function_exported garbage_collect get get_keys group_leader hash hd "
        "integer_to_list iolist_to_binary iolist_size is_atom is_binary is_bitstring is_boolean "
        "is_builtin is_float is_function is_integer is_list is_number is_pid is_port "
        "is_process_alive is_record is_reference is_tuple length link list_to_atom "
        "list_to_binary list_to_bitstring list_to_existing_atom list_to_float list_to_integer "
        "list_to_pid list_to_tuple load_module localtime_to_universaltime make_tuple md5 "
        "md5_final md5_update memory module_loaded monitor monitor_node node nodes open_port "
        "phash phash2 pid_to_list port_close port_command port_connect port_control port_call "
        "port_info port_to_list process_display process_flag process_info purge_module put "
        "read_timer ref_to_list register resume_process round send send_after send_nosuspend "
        "set_cookie setelement size spawn spawn_link spawn_monitor spawn_opt split_binary "
        "start_timer statistics suspend_process system_flag system_info system_monitor "
        "system_profile term_to_binary tl trace trace_delivered trace_info trace_pattern trunc "
        "tuple_size tuple_to_list universaltime_to_localtime unlink unregister whereis"
    ).split()
)
_WORD_OPERATORS = "and|andalso|band|bnot|bor|bsl|bsr|bxor|div|not|or|orelse|rem|xor"
_ATOM = r"(?:[a-z][a-zA-Z0-9_]*|'[^\n']*[^\\]')"
_VARIABLE = r"(?:[A-Z_][a-zA-Z0-9_]*)"
_ESCAPE = r"""(?:\\(?:[bdefnrstv'"\\/]|[0-7][0-7]?[0-7]?|\^[a-zA-Z]))"""
_MACRO = rf"(?:{_VARIABLE}|{_ATOM})"
_BASE = r"(?:[2-9]|[12][0-9]|3[0-6])"

ERLANG = LexerSpec(
    "erlang",
    {
        "root": [
            r(r"\s+", ""),
            r(r"%.*\n", "c"),
            r(rf"({_KEYWORDS})\b", "k"),
            r(rf"({_BUILTINS})\b", "nb"),
            r(rf"({_WORD_OPERATORS})\b", "ow"),
            r(r"^-", "p", "directive"),
            r(r"(\+\+?|--?|\*|/|<|>|/=|=:=|=/=|=<|>=|==?|<-|!|\?)", "o"),
            r(r'"', "s", "string"),
            r(r"<<", "nl"),
            r(r">>", "nl"),
            r(rf"({_ATOM})(:)", ("nn", "p")),
            r(rf"({_ATOM})(\s*)(\()", ("nf", "", "p")),
            r(rf"[+-]?{_BASE}#[0-9a-zA-Z]+", "mi"),
            r(r"[+-]?\d+", "mi"),
            r(r"[+-]?\d+.\d+", "mf"),
            r(r'[\]\[:_@".{}()|;,]', "p"),
            r(_VARIABLE, "nv"),
            r(_ATOM, "n"),
            r(rf"\?{_MACRO}", "no"),
            r(rf"\$(?:{_ESCAPE}|\\[ %]|[^\\])", "sc"),
            r(rf"#{_ATOM}(:?\.{_ATOM})?", "nl"),
        ],
        "string": [
            r(_ESCAPE, "se"),
            r(r'"', "s", "#pop"),
            r(r"~[0-9.*]*[~#+bBcdefginpPswWxX]", "si"),
            r(r'[^"\\~]+', "s"),
            r(r"~", "s"),
        ],
        "directive": [
            r(rf"(define)(\s*)(\()({_MACRO})", ("ni", "", "p", "no"), "#pop"),
            r(rf"(record)(\s*)(\()({_MACRO})", ("ni", "", "p", "nl"), "#pop"),
            r(_ATOM, "ni", "#pop"),
        ],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"erlang": ERLANG}
