"""Windows batch files, tokenized the way Rouge 3.30's lexer does (rouge/lexers/batchfile.rb),
rule for rule.

Rouge's last test for a word is ``"set".casecmp word``, which Ruby always finds true (0 and -1 are
truthy), so every word outside its lists is a ``kd``; word lists are compared case-sensitively.
"""

from __future__ import annotations

import re

from ..engine import LexerSpec, Mixin, RuleMatch, Run, TokenSource, r, words

_KEYWORDS = words("if else for in do goto call exit")
_OPERATOR_WORDS = words("exist defined errorlevel cmdextversion not equ neq lss leq gtr geq")
_DEVICES = words(
    "con prn aux nul com1 com2 com3 com4 com5 com6 com7 com8 com9 lpt1 lpt2 lpt3 lpt4 lpt5 lpt6 "
    "lpt7 lpt8 lpt9"
)
_COMMANDS = words(
    # built-in commands
    "assoc attrib break bcdedit cacls cd chcp chdir chkdsk chkntfs choice cls cmd color comp "
    "compact convert copy date del dir diskpart doskey dpath driverquery echo endlocal erase fc "
    "find findstr format fsutil ftype gpresult graftabl help icacls label md mkdir mklink mode "
    "more move openfiles path pause popd print prompt pushd rd recover ren rename replace rmdir "
    "robocopy setlocal sc schtasks shift shutdown sort start subst systeminfo takeown tasklist "
    "taskkill time timeout title tree type ver verify vol xcopy waitfor wmic",
    # other commands
    "addusers admodcmd ansicon arp at bcdboot bitsadmin browstat certreq certutil change cidiag "
    "cipher cleanmgr clip cmdkey compress convertcp coreinfo csccmd csvde cscript curl debug "
    "defrag delprof deltree devcon diamond dirquota diruse diskshadow diskuse dism dnscmd dsacls "
    "dsadd dsget dsquery dsmod dsmove dsrm dsmgmt dsregcmd edlin eventcreate expand extract fdisk "
    "fltmc forfiles freedisk ftp getmac gpupdate hostname ifmember inuse ipconfig kill lgpo "
    "lodctr logman logoff logtime makecab mapisend mbsacli mem mountvol moveuser msg mshta "
    "msiexec msinfo32 mstsc nbtstat net net1 netdom netsh netstat nlsinfo nltest now nslookup "
    "ntbackup ntdsutil ntoskrnl ntrights nvspbind pathping perms ping portqry powercfg pngout "
    "pnputil printbrm prncnfg prnmngr procdump psexec psfile psgetsid psinfo pskill pslist "
    "psloggedon psloglist pspasswd psping psservice psshutdown pssuspend qbasic qgrep qprocess "
    "query quser qwinsta rasdial reg reg1 regdump regedt32 regsvr32 regini reset restore "
    "rundll32 rmtshare route rpcping run runas scandisk setspn setx sfc share shellrunas "
    "shortcut sigcheck sleep slmgr strings subinacl sysmon telnet tftp tlist touch tracerpt "
    "tracert tscon tsdiscon tskill tttracer typeperf tzutil undelete unformat verifier vmconnect "
    "vssadmin w32tm wbadmin wecutil wevtutil wget where whoami windiff winrm winrs wpeutil wpr "
    "wusa wuauclt wscript",
)
_ATTRIBUTES = words("on off disable enableextensions enabledelayedexpansion")


def _word(run: Run, m: RuleMatch) -> None:
    word = m.group(1)
    if word in _DEVICES:
        run.groups("kr", "err")
    elif word in _KEYWORDS:
        run.groups("k", "err")
    elif word in _OPERATOR_WORDS:
        run.groups("ow", "err")
    elif word in _COMMANDS:
        run.token("nb")
    elif word in _ATTRIBUTES:
        run.groups("na", "err")
    else:
        run.groups("kd", "err")


BATCHFILE = LexerSpec(
    "batchfile",
    {
        "basic": [
            r(r"@?rem\b.*$", "c", flags=re.I),
            r(r"^::.*$", "c"),
            r(r":[a-z]+", "nl", flags=re.I),
            r(r"([a-z]\w*)(\.exe|com|bat|cmd|msi)?", _word, flags=re.I),
            r(r"((?:[/+]|--?)[a-z]+)\s*", "na", flags=re.I),
            Mixin("expansions"),
            r(r"[<>&|(){}\[\]\-+=;,~?*]", "o"),
        ],
        "escape": [r(r"\^.", "se", flags=re.S)],
        "expansions": [
            r(r"[%!]+([a-z_$@#]+)[%!]+", "nv", flags=re.I),
            r(r"(%+~?[a-z]+\d?)", "vm", flags=re.I),
        ],
        "double_quotes": [
            Mixin("escape"),
            r(r'["]', "s2", "#pop"),
            Mixin("expansions"),
            r(r'[^\^"%!]+', "s2"),
        ],
        "single_quotes": [
            Mixin("escape"),
            r(r"[']", "s1", "#pop"),
            Mixin("expansions"),
            r(r"[^\^'%!]+", "s1"),
        ],
        "backtick": [
            Mixin("escape"),
            r(r"[`]", "sb", "#pop"),
            Mixin("expansions"),
            r(r"[^\^`%!]+", "sb"),
        ],
        "data": [
            r(r"\s+", ""),
            r(r"0x[0-9a-f]+", "mh", flags=re.I),
            r(r"[0-9]", "m"),
            r(r'["]', "s2", "double_quotes"),
            r(r"[']", "s1", "single_quotes"),
            r(r"[`]", "sb", "backtick"),
            r(r"""[^\s&|()\[\]{}\^=;!%+\-,"'`~?*]+""", ""),
            Mixin("escape"),
        ],
        "root": [Mixin("basic"), Mixin("data")],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"batchfile": BATCHFILE}
