"""Measure reblog's Markdown against kramdown's own conformance suites, with local kramdown as the oracle.

Usage:
    PYTHONPATH=src python benchmarks/kramdown_conformance.py KRAMDOWN_CHECKOUT [GFM_CHECKOUT] [-v] [--only SUBSTR]

KRAMDOWN_CHECKOUT is a checkout of github.com/gettalong/kramdown (tag REL_2_4_0), GFM_CHECKOUT one of
github.com/kramdown/parser-gfm (tag REL_1_1_0); nothing is downloaded and nothing of them is kept.
Each ``X.text`` with an ``X.html`` is converted by reblog and by the installed kramdown 2.4
(``Kramdown::Document.new(text, options).to_html``; input ``kramdown`` for kramdown's suite, ``GFM`` for
parser-gfm's) with the options of ``X.options`` (or the folder's ``options`` file, else the suites'
default ``{auto_ids: false, footnote_nr: 1}``). The installed kramdown is the oracle because the
``.html`` files in a checkout can differ slightly from what the installed version writes.
Only trailing whitespace is normalised.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from reblog.config.parse import kramdown_settings
from reblog.kramdown.converter import MarkdownRenderer

_DEFAULT_OPTIONS = ":auto_ids: false\n:footnote_nr: 1\n"

_ORACLE = r"""
require "kramdown"
require "kramdown-parser-gfm"
require "json"
require "yaml"
cases = JSON.parse(STDIN.read)
out = cases.map do |c|
  begin
    opts = YAML.unsafe_load(c["options"]) || {}
    opts = opts.merge(input: c["input"])
    {"html" => Kramdown::Document.new(c["text"], opts).to_html}
  rescue StandardError, ScriptError => e
    {"error" => "#{e.class}: #{e.message.lines.first.to_s.strip}"}
  end
end
print JSON.generate(out)
"""


@dataclasses.dataclass
class Case:
    """One ``X.text`` of a suite."""

    suite: str
    name: str
    text: str
    options: str
    input: str
    na_reason: str | None = None
    expected: str = ""


def _collect(root: Path, suite: str, input_name: str) -> list[Case]:
    """Every ``*.text`` under ``root/test/testcases`` with its options (or why it does not apply)."""
    base = root / "test" / "testcases"
    cases = []
    for text_file in sorted(base.rglob("*.text")):
        stem = text_file.with_suffix("")
        name = str(stem.relative_to(base))
        opts_file = stem.with_suffix(".options")
        if not opts_file.exists():
            opts_file = text_file.parent / "options"
        options = opts_file.read_text(encoding="utf-8") if opts_file.exists() else _DEFAULT_OPTIONS
        text = text_file.read_text(encoding="utf-8")
        reason = None
        if not stem.with_suffix(".html").exists():
            others = sorted(p.suffix for p in text_file.parent.glob(stem.name + ".*") if p.suffix not in (".text", ".options"))
            reason = "no HTML expected output (only " + (", ".join(others) or "none") + ")"
        cases.append(Case(suite, name, text, options, input_name, reason))
    return cases


def _oracle(cases: list[Case]) -> list[dict[str, str]]:
    """Run the installed kramdown on every case in one Ruby process."""
    payload = json.dumps([{"text": c.text, "options": c.options, "input": c.input} for c in cases])
    proc = subprocess.run(["ruby", "-e", _ORACLE], input=payload, capture_output=True, text=True, check=True)
    result: list[dict[str, str]] = json.loads(proc.stdout)
    return result


def _plain(value: Any) -> Any:
    """YAML written for Ruby (``:key: :value``) as plain Jekyll-config data."""
    if isinstance(value, dict):
        return {str(k).lstrip(":"): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str) and value.startswith(":"):
        return value[1:]
    return value


def _reblog(case: Case) -> str:
    """reblog's HTML for a case, with the case's kramdown options as a site's ``kramdown:`` config."""
    kd = _plain(yaml.safe_load(case.options) or {})
    kd["input"] = case.input
    if "syntax_highlighter" in kd and kd["syntax_highlighter"] is None:
        # kramdown's ``syntax_highlighter: nil`` (no highlighting) is ``none`` in a Jekyll config.
        kd["syntax_highlighter"] = "none"
    # Jekyll (whose defaults kramdown_settings assumes) copies its top-level guess_lang (default true)
    # into Rouge's options and sets default_lang to plaintext; plain kramdown, the oracle here,
    # takes guess_lang from syntax_highlighter_opts (default off) and has no default language.
    hl = kd.get("syntax_highlighter_opts") or {}
    kd["guess_lang"] = bool(hl.get("guess_lang", False))
    # kramdown-parser-gfm's own default is hard_wrap: true (Jekyll's configuration sets false).
    if case.input == "GFM":
        kd.setdefault("hard_wrap", True)
    options = kramdown_settings({"kramdown": kd})
    if "default_lang" not in hl:
        options = dataclasses.replace(options, default_lang="")
    return MarkdownRenderer(options).render(case.text)


def _norm(text: str) -> str:
    """Trailing whitespace (of lines and of the document) is the only difference ignored."""
    return "\n".join(line.rstrip() for line in text.rstrip().split("\n"))


def main() -> int:
    """Run the suites and print per-case results and totals."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kramdown", type=Path)
    parser.add_argument("gfm", type=Path, nargs="?")
    parser.add_argument("-v", "--verbose", action="store_true", help="show the first differing line")
    parser.add_argument("--only", default="", help="only cases whose name contains this")
    args = parser.parse_args()
    cases = _collect(args.kramdown, "kramdown", "kramdown")
    if args.gfm:
        cases += _collect(args.gfm, "gfm", "GFM")
    cases = [c for c in cases if args.only in c.name]
    runnable = [c for c in cases if c.na_reason is None]
    for case, res in zip(runnable, _oracle(runnable)):
        if "error" in res:
            case.na_reason = "kramdown itself fails: " + res["error"]
        else:
            case.expected = res["html"]
    totals: dict[str, list[int]] = {}
    for case in cases:
        tally = totals.setdefault(case.suite, [0, 0, 0])
        if case.na_reason is not None:
            tally[2] += 1
            print(f"N/A  {case.suite}:{case.name}: {case.na_reason}")
            continue
        expected = case.expected
        try:
            got = _reblog(case)
        except Exception as exc:  # a crash is a failure of that case, reported, not fatal
            got = f"<reblog raised {type(exc).__name__}: {exc}>"
        ok = _norm(got) == _norm(expected)
        tally[0 if ok else 1] += 1
        print(f"{'PASS' if ok else 'FAIL'} {case.suite}:{case.name}")
        if not ok and args.verbose:
            exp_lines, got_lines = _norm(expected).split("\n"), _norm(got).split("\n")
            for i in range(max(len(exp_lines), len(got_lines))):
                e = exp_lines[i] if i < len(exp_lines) else "<end>"
                g = got_lines[i] if i < len(got_lines) else "<end>"
                if e != g:
                    print(f"     line {i + 1}\n       kramdown: {e[:160]!r}\n       reblog:   {g[:160]!r}")
                    break
    for suite, (passed, failed, na) in totals.items():
        print(f"{suite}: {passed} of {passed + failed} applicable cases exact ({na} not applicable)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
