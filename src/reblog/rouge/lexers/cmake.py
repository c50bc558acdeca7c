"""CMake, tokenized as Rouge 3.30's ``cmake.rb`` does: plain characters take the class of the
state they are in (text, string, comment, variable)."""

from __future__ import annotations

from ..engine import LexerSpec, Mixin, RuleMatch, Run, TokenSource, r, words

_SPACE = r"[ \t]"
_BRACKET_OPEN = r"\[=*\["
_STATE_CLASS = {
    "root": "",
    "bracket_string": "s2",
    "quoted_argument": "s2",
    "bracket_comment": "cm",
    "variable_reference": "nv",
}
_BUILTIN_COMMANDS = words(
    "add_compile_definitions add_compile_options add_custom_command add_custom_target "
    "add_definitions add_dependencies add_executable add_library add_link_options "
    "add_subdirectory add_test aux_source_directory break build_command build_name "
    "cmake_host_system_information cmake_language cmake_minimum_required "
    "cmake_parse_arguments cmake_policy configure_file create_test_sourcelist "
    "define_property else elseif enable_language enable_testing endforeach endfunction endif "
    "endmacro endwhile exec_program execute_process export export_library_dependencies file "
    "find_file find_library find_package find_path find_program fltk_wrap_ui foreach "
    "function get_cmake_property get_directory_property get_filename_component get_property "
    "get_source_file_property get_target_property get_test_property if include "
    "include_directories include_external_msproject include_guard include_regular_expression "
    "install install_files install_programs install_targets link_directories link_libraries "
    "list load_cache load_command macro make_directory mark_as_advanced math message option "
    "output_required_files project qt_wrap_cpp qt_wrap_ui remove remove_definitions return "
    "separate_arguments set set_directory_properties set_property "
    "set_source_files_properties set_target_properties set_tests_properties site_name "
    "source_group string subdir_depends subdirs target_compile_definitions "
    "target_compile_features target_compile_options target_include_directories "
    "target_link_directories target_link_libraries target_link_options "
    "target_precompile_headers target_sources try_compile try_run unset use_mangled_mesa "
    "utility_source variable_requires variable_watch while write_file"
)


def _state_token(run: Run, m: RuleMatch) -> None:
    run.token(_STATE_CLASS[run.state()])


def _bracket_close(run: Run, m: RuleMatch) -> None:
    run.token(_STATE_CLASS[run.state()])
    if len(m.group(0)) == run.vars.get("bracket_len"):
        run.goto("root")


def _bracket_comment(run: Run, m: RuleMatch) -> None:
    run.token("cm")
    run.vars["bracket_len"] = len(m.group(0)) - 1  # without the '#'
    run.goto("bracket_comment")


def _bracket_string(run: Run, m: RuleMatch) -> None:
    run.token("s2")
    run.vars["bracket_len"] = len(m.group(0))
    run.goto("bracket_string")


def _command(run: Run, m: RuleMatch) -> None:
    run.groups("nb" if m.group(1) in _BUILTIN_COMMANDS else "nf", "", "p")


CMAKE = LexerSpec(
    "cmake",
    {
        "default": [r(r"\r\n?|\n", _state_token), r(r".", _state_token)],
        "variable_interpolation": [r(r"\$\{", "si", "variable_reference")],
        "bracket_close": [r(r"\]=*\]", _bracket_close)],
        "root": [
            Mixin("variable_interpolation"),
            r(_SPACE, ""),
            r(r"[()]", "p"),
            r(rf"#{_BRACKET_OPEN}", _bracket_comment),
            r(_BRACKET_OPEN, _bracket_string),
            r(r'\\"', ""),
            r(r'"', "s2", "quoted_argument"),
            r(rf"([A-Za-z_][A-Za-z0-9_]*)({_SPACE}*)(\()", _command),
            r(r"#.*", "c1"),
            Mixin("default"),
        ],
        "bracket_string": [Mixin("bracket_close"), Mixin("variable_interpolation"), Mixin("default")],
        "bracket_comment": [Mixin("bracket_close"), Mixin("default")],
        "variable_reference": [
            Mixin("variable_interpolation"),
            r(r"}", "si", "#pop"),
            Mixin("default"),
        ],
        "quoted_argument": [
            Mixin("variable_interpolation"),
            # Rouge pushes :root here rather than popping, so the stack grows by one per string.
            r(r'"', "s2", "root"),
            r(r"\\[()#\" \\$@^trn;]", "se"),
            Mixin("default"),
        ],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"cmake": CMAKE}
