"""PowerShell, tokenized the way Rouge 3.30's lexer does (rouge/lexers/powershell.rb), rule for
rule."""

from __future__ import annotations

import re

from ..engine import LexerSpec, Mixin, RuleMatch, Run, TokenSource, r, words

_ATTRIBUTES = words(
    "ConfirmImpact DefaultParameterSetName HelpURI PositionalBinding SupportsPaging "
    "SupportsShouldProcess"
)
# No boundary after these, as in Rouge: ``$_`` also starts ``$_foo``.
_AUTO_VARS = "|".join(
    re.escape(name)
    for name in (
        "$$ $? $^ $_ $args $ConsoleFileName $Error $Event $EventArgs $EventSubscriber "
        "$ExecutionContext $false $foreach $HOME $Host $input $IsCoreCLR $IsLinux $IsMacOS "
        "$IsWindows $LastExitCode $Matches $MyInvocation $NestedPromptLevel $null $PID $PROFILE "
        "$PSBoundParameters $PSCmdlet $PSCommandPath $PSCulture $PSDebugContext $PSHOME $PSItem "
        "$PSScriptRoot $PSSenderInfo $PSUICulture $PSVersionTable $PWD "
        "$REPORTERRORSHOWEXCEPTIONCLASS $REPORTERRORSHOWINNEREXCEPTION $REPORTERRORSHOWSOURCE "
        "$REPORTERRORSHOWSTACKTRACE $SENDER $ShellId $StackTrace $switch $this $true"
    ).split()
)
_KEYWORDS = "|".join(
    (
        "assembly exit process base filter public begin finally return break for sequence catch "
        "foreach static class from switch command function throw configuration hidden trap "
        "continue if try data in type define inlinescript until do interface using dynamicparam "
        "module var else namespace while elseif parallel workflow end param enum private"
    ).split()
)
_OPERATORS = "|".join(
    (
        "-split -isplit -csplit -join -is -isnot -as -eq -ieq -ceq -ne -ine -cne -gt -igt -cgt "
        "-ge -ige -cge -lt -ilt -clt -le -ile -cle -like -ilike -clike -notlike -inotlike "
        "-cnotlike -match -imatch -cmatch -notmatch -inotmatch -cnotmatch -contains -icontains "
        "-ccontains -notcontains -inotcontains -cnotcontains -replace -ireplace -creplace -shl "
        r"-shr -band -bor -bxor -and -or -xor -not \+= -= \*= /= %="
    ).split()
)
_MULTILINE_KEYWORDS = (
    "synopsis|description|parameter|example|inputs|outputs|notes|link|component|role|"
    "functionality|forwardhelptargetname|forwardhelpcategory|remotehelprunspace|externalhelp"
)


def _attribute(run: Run, m: RuleMatch) -> None:
    run.token("bp" if m.group(0) in _ATTRIBUTES else "n")


def _method(run: Run, m: RuleMatch) -> None:
    run.groups("o", "nf", "p", "w")
    if m.group(3) is not None:
        run.push("parameters")


POWERSHELL = LexerSpec(
    "powershell",
    {
        "variable": [
            r(_AUTO_VARS, "bp"),
            r(r"(\$)(?:(\w+)(:))?(\w+|\{(?:[^`]|`.)+?\})", ("nv", "nn", "p", "nv")),
            r(r"\$\w+", "nv"),
            r(r"\$\{(?:[^`]|`.)+?\}", "nv"),
        ],
        "multiline": [
            r(rf"\.(?:{_MULTILINE_KEYWORDS})", "cs", flags=re.I),
            r(r"#>", "cm", "#pop"),
            r(r"[^#.]+?", "cm", flags=re.S),
            r(r"[#.]+", "cm"),
        ],
        "interpol": [r(r"\)", "si", "#pop"), Mixin("root")],
        "dq": [
            r(r'(?:\$#?)?"', "s2", "#pop"),
            r(r"\$\(", "si", "interpol"),
            r(r"`$", "se"),
            r(r"`.", "se"),
            r(r'[^"`$]+', "s2"),
            Mixin("variable"),
        ],
        "sq": [r(r"'", "s1", "#pop"), r(r"[^']+", "s1")],
        "heredoc": [
            r(r'(?:\$#?)?"@', "sh", "#pop"),
            r(r"\$\(", "si", "interpol"),
            r(r"`$", "se"),
            r(r"`.", "se"),
            r(r'[^"`$]+?', "sh", flags=re.S),
            r(r'"+', "sh"),
            Mixin("variable"),
        ],
        "class": [
            r(r"\{", "p", "#pop"),
            r(r"\s+", "w"),
            r(r"\w+", "nc"),
            r(r"[:,]", "p"),
        ],
        "expr": [
            Mixin("comments"),
            r(r'"', "s2", "dq"),
            r(r"'", "s1", "sq"),
            r(r'@"', "sh", "heredoc"),
            r(r"@'.*?'@", "sh", flags=re.S),
            r(r"\d*\.\d+", "mf"),
            r(r"\d+", "mi"),
            r(r"@\{", "p", "hasht"),
            r(r"@\(", "p", "array"),
            r(r"\{", "p", "brace"),
            r(r"\[", "p", "bracket"),
        ],
        "hasht": [
            r(r"\}", "p", "#pop"),
            r(r"=", "o"),
            r(r"[,;]", "p"),
            Mixin("expr"),
            r(r"\w+", "nx"),
            Mixin("variable"),
        ],
        "array": [
            r(r"\s+", "w"),
            r(r"\)", "p", "#pop"),
            r(r"[,;]", "p"),
            Mixin("expr"),
            Mixin("variable"),
        ],
        "brace": [r(r"[}]", "p", "#pop"), Mixin("root")],
        "bracket": [
            r(r"\]", "p", "#pop"),
            r(r"[A-Za-z]\w+\.", "n"),
            r(r"([A-Za-z]\w+)", _attribute),
            Mixin("root"),
        ],
        "parameters": [
            r(r"`.", "se", flags=re.S),
            r(r"\s*?\n", "w", "#pop"),
            r(r"[;(){}\]]", "p", "#pop"),
            r(r"[|=]", "o", "#pop"),
            r(r"[/\\~\w][-.:/\\~\w]*", "nx"),
            r(r"\w[-\w]+", "nx"),
            Mixin("root"),
        ],
        "comments": [
            r(r"\s+", "w"),
            r(r"#.*", "c"),
            r(r"<#", "cm", "multiline"),
        ],
        "root": [
            Mixin("comments"),
            r(r"#requires\s-version \d(?:\.\d+)?", "cp"),
            r(r"\.\.(?=\.?\d)", "o"),
            r(rf"(?:{_OPERATORS})\b", "o", flags=re.I),
            r(r"(class)(\s+)(\w+)", ("kr", "w", "nc"), "class", flags=re.I),
            r(r"(function)(\s+)(?:(\w+)(:))?(\w[-\w]+)", ("kr", "w", "nn", "p", "nf"), flags=re.I),
            r(rf"(?:{_KEYWORDS})\b(?![-.])", "kr", flags=re.I),
            r(r"-{1,2}\w+", "nt"),
            r(r"(\.)?([-\w]+)(\[)", ("o", "n", "p"), "bracket"),
            r(r"([/\\~a-z][-.:/\\~\w]*)(\n)?", ("n", "w"), "parameters", flags=re.I),
            r(r"(\.)([-\w]+)(?:(\()|(\n))?", _method),
            r(r"\?", "nf", "parameters"),
            Mixin("expr"),
            Mixin("variable"),
            r(r"[-+*/%=!.&|]", "o"),
            r(r"[{}(),:;]", "p"),
        ],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"powershell": POWERSHELL}
