"""Perl, tokenized the way Rouge 3.30's lexer does (rouge/lexers/perl.rb), rule for rule.

Ruby reads ``[^\\1]`` as "not the character \\x01" (an octal escape inside a class), written so
here; Rouge's ``((?<==~)|(?<=\\())\\s*/...`` rule never matches (its look-behinds cannot see the
text before the scan position) and is left out.
"""

from __future__ import annotations

import re

from ..engine import LexerSpec, Mixin, RuleDef, TokenSource, r

_KEYWORDS = (
    "case|continue|do|else|elsif|for|foreach|if|last|my|next|our|redo|reset|then|unless|until|"
    "while|use|print|new|BEGIN|CHECK|INIT|END|return"
)
_BUILTINS = "|".join(
    (
        "abs accept alarm atan2 bind binmode bless caller chdir chmod chomp chop chown chr chroot "
        "close closedir connect continue cos crypt dbmclose dbmopen defined delete die dump each "
        "endgrent endhostent endnetent endprotoent endpwent endservent eof eval exec exists exit "
        "exp fcntl fileno flock fork format formline getc getgrent getgrgid getgrnam gethostbyaddr "
        "gethostbyname gethostent getlogin getnetbyaddr getnetbyname getnetent getpeername getpgrp "
        "getppid getpriority getprotobyname getprotobynumber getprotoent getpwent getpwnam getpwuid "
        "getservbyname getservbyport getservent getsockname getsockopt glob gmtime goto grep hex "
        "import index int ioctl join keys kill last lc lcfirst length link listen local localtime "
        "log lstat map mkdir msgctl msgget msgrcv msgsnd my next no oct open opendir ord our pack "
        "package pipe pop pos printf prototype push quotemeta rand read readdir readline readlink "
        "readpipe recv redo ref rename require reverse rewinddir rindex rmdir scalar seek seekdir "
        "select semctl semget semop send setgrent sethostent setnetent setpgrp setpriority "
        "setprotoent setpwent setservent setsockopt shift shmctl shmget shmread shmwrite shutdown "
        "sin sleep socket socketpair sort splice split sprintf sqrt srand stat study substr symlink "
        "syscall sysopen sysread sysseek system syswrite tell telldir tie tied time times tr "
        "truncate uc ucfirst umask undef unlink unpack unshift untie utime values vec wait waitpid "
        "wantarray warn write"
    ).split()
)
_HEX = "[0-9A-Fa-f]"
# One part of s!...!...! / m!...! up to the delimiter matched as group 1, lazily.
_PART = r"((\\\\|\\\1)|[^\x01])*?\1"


def _delimited(open_: str, close: str) -> list[RuleDef]:
    """``q{...}``-style strings: nesting delimiters, backslash escapes."""
    return [
        r(rf"\\[{open_}{close}\\]", "sx"),
        r(r"\\", "sx"),
        r(open_, "sx", "#push"),
        r(close, "sx", "#pop"),
        r(rf"[^{open_}{close}\\]+", "sx"),
    ]


PERL = LexerSpec(
    "perl",
    {
        "balanced_regex": [
            r(r"/(\\[\\/]|[^/])*/[egimosx]*", "sr", "#pop", flags=re.S),
            r(r"!(\\[\\!]|[^!])*![egimosx]*", "sr", "#pop", flags=re.S),
            r(r"\\(\\\\|[^\\])*\\[egimosx]*", "sr", "#pop", flags=re.S),
            r(r"\{(\\[\\}]|[^}])*\}[egimosx]*", "sr", "#pop"),
            r(r"<(\\[\\>]|[^>])*>[egimosx]*", "sr", "#pop"),
            r(r"\[(\\[\\\]]|[^\]])*\][egimosx]*", "sr", "#pop"),
            r(r"\((\\[\\\)]|[^\)])*\)[egimosx]*", "sr", "#pop"),
            r(r"@(\\[\\@]|[^@])*@[egimosx]*", "sr", "#pop"),
            r(r"%(\\[\\%]|[^%])*%[egimosx]*", "sr", "#pop"),
            r(r"\$(\\[\\\$]|[^\$])*\$[egimosx]*", "sr", "#pop"),
        ],
        "root": [
            r(r"#.*", "c1"),
            r(r"^=[a-zA-Z0-9]+\s+.*?\n=cut", "cm", flags=re.S),
            r(rf"(?:{_KEYWORDS})\b", "k"),
            r(r"(format)(\s+)([a-zA-Z0-9_]+)(\s*)(=)(\s*\n)", ("k", "", "n", "", "p", ""), "format"),
            r(r"(?:eq|lt|gt|le|ge|ne|not|and|or|cmp)\b", "ow"),
            r(r"(?:s|tr|y)\{(\\\\|\\\}|[^}])*\}\s*", "sr", "balanced_regex"),
            r(r"(?:s|tr|y)<(\\\\|\\>|[^>])*>\s*", "sr", "balanced_regex"),
            r(r"(?:s|tr|y)\[(\\\\|\\\]|[^\]])*\]\s*", "sr", "balanced_regex"),
            r(r"(?:s|tr|y)\((\\\\|\\\)|[^\)])*\)\s*", "sr", "balanced_regex"),
            r(rf"(?:s|tr|y)\s*([^\w\s]){_PART}{_PART}[msixpodualngcr]*", "sr", flags=re.S),
            r(rf"(?:s|tr|y)\s+(\w){_PART}{_PART}[msixpodualngcr]*", "sr", flags=re.S),
            r(r"m?/(\\\\|\\/|[^/\n])*/[msixpodualngc]*", "sr"),
            r(r"m(?=[/!\\{<\[(@%$])", "sr", "balanced_regex"),
            r(rf"m\s*([^\w\s]){_PART}[msixpodualngc]*", "sr", flags=re.S),
            r(rf"m\s+(\w){_PART}[msixpodualngc]*", "sr", flags=re.S),
            r(r"\s+", ""),
            r(r"(?=[a-z_]\w*(\s*#.*\n)*\s*=>)", None, "fat_comma", flags=re.I),
            r(rf"(?:{_BUILTINS})\b", "nb"),
            r(r"((__(DIE|WARN)__)|(DATA|STD(IN|OUT|ERR)))\b", "bp"),
            r(r"""<<(['"]?)([a-zA-Z_][a-zA-Z0-9_]*)\1;?\n.*?\n\2\n""", "s", flags=re.S),
            r(r"(__(END|DATA)__)\b", "cp", "end_part"),
            r(r"\$\^[ADEFHILMOPSTWX]", "vg"),
            r(r"""\$[\\"'\[\]&`+*.,;=%~?@$!<>(^|/_-](?!\w)""", "vg"),
            r(r"[$@%&*][$@%&*#_]*(?=[a-z{\[;])", "nv", "varname", flags=re.I),
            r(r"[-+/*%=<>&^|!\\~]=?", "o"),
            r(r"0_?[0-7]+(_[0-7]+)*", "mo"),
            r(rf"0x{_HEX}+(_{_HEX}+)*", "mh"),
            r(r"0b[01]+(_[01]+)*", "mb"),
            r(r"(\d*(_\d*)*\.\d+(_\d*)*|\d+(_\d*)*\.\d+(_\d*)*)(e[+-]?\d+)?", "mf", flags=re.I),
            r(r"\d+(_\d*)*e[+-]?\d+(_\d*)*", "mf", flags=re.I),
            r(r"\d+(_\d+)*", "mi"),
            r(r"'", "p", "sq"),
            r(r'"', "p", "dq"),
            r(r"`", "p", "bq"),
            r(r"<([^\s>]+)>", "sr"),
            r(r"(q|qq|qw|qr|qx)\{", "sx", "cb_string"),
            r(r"(q|qq|qw|qr|qx)\(", "sx", "rb_string"),
            r(r"(q|qq|qw|qr|qx)\[", "sx", "sb_string"),
            r(r"(q|qq|qw|qr|qx)<", "sx", "lt_string"),
            r(r"(q|qq|qw|qr|qx)(\W)(.|\n)*?\2", "sx"),
            r(r"package\s+", "k", "modulename"),
            r(r"sub\s+", "k", "funcname"),
            r(r"\[\]|\*\*|::|<<|>>|>=|<=|<=>|={3}|!=|=~|!~|&&?|\|\||\.{1,3}", "o"),
            r(r"[()\[\]:;,<>/?{}]", "p"),
            r(r"(?=\w)", None, "name"),
        ],
        "format": [
            r(r"\.\n", "si", "#pop"),
            r(r".*?\n", "si"),
        ],
        "fat_comma": [
            r(r"#.*", "c1"),
            r(r"\w+", "s"),
            r(r"\s+", ""),
            r(r"=>", "o", "#pop"),
        ],
        "name_common": [
            r(r"\w+::", "nn"),
            r(r"[\w:]+", "nv", "#pop"),
        ],
        "varname": [
            r(r"\s+", ""),
            r(r"[{\[]", "p", "#pop"),
            r(r"[),]", "p", "#pop"),
            r(r"[;]", "p", "#pop"),
            Mixin("name_common"),
        ],
        "name": [
            Mixin("name_common"),
            r(r"[A-Z_]+(?=[^a-zA-Z0-9_])", "no", "#pop"),
            r(r"(?=\W)", None, "#pop"),
        ],
        "modulename": [r(r"[a-z_]\w*", "nn", "#pop", flags=re.I)],
        "funcname": [
            r(r"[a-zA-Z_]\w*[!?]?", "nf"),
            r(r"\s+", ""),
            r(r"(\([$@%]*\))(\s*)", ("p", "")),
            r(r".*?\{", "p", "#pop"),
            r(r";", "p", "#pop"),
        ],
        "sq": [
            r(r"\\[\\']", "se"),
            r(r"[^\\']+", "s1"),
            r(r"'", "p", "#pop"),
            r(r"\\", "s1"),
        ],
        "dq": [
            Mixin("string_intp"),
            r(r'\\[\\tnrabefluLUE"$@]', "se"),
            r(r"\\0\d{2}", "se"),
            r(r"\\o\{\d+\}", "se"),
            r(rf"\\x{_HEX}{{2}}", "se"),
            r(rf"\\x\{{{_HEX}+\}}", "se"),
            r(r"\\c.", "se"),
            r(r"\\N\{[^}]+\}", "se"),
            r(r'[^\\"]+?', "s2"),
            r(r'"', "p", "#pop"),
            r(r"\\", "se"),
        ],
        "bq": [
            Mixin("string_intp"),
            r(r"\\[\\tnr`]", "se"),
            r(r"[^\\`]+?", "sb"),
            r(r"`", "p", "#pop"),
        ],
        "cb_string": _delimited(r"\{", r"\}"),
        "rb_string": _delimited(r"\(", r"\)"),
        "sb_string": _delimited(r"\[", r"\]"),
        "lt_string": _delimited("<", ">"),
        "in_interp": [
            r(r"\}", "si", "#pop"),
            r(r"\s+", ""),
            r(r"[a-z_]\w*", "si", flags=re.I),
        ],
        "string_intp": [
            r(r"[$@][{]", "si", "in_interp"),
            r(r"[$@][a-z_]\w*", "si", flags=re.I),
        ],
        "end_part": [r(r".+", "cp", "#pop", flags=re.S)],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"perl": PERL}
