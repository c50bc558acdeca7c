"""Run Jekyll's own Cucumber features with Debian's Jekyll and with reblog, and print a table per feature.

    python benchmarks/cucumber.py [--jekyll-src DIR] [--reblog-src DIR] [--only FEATURE ...] [-j N]
                                  [--json FILE] [--tool jekyll|reblog|both] [--scenario TEXT] [-v]

DIR for --jekyll-src is a local checkout of jekyll/jekyll at tag v4.3.1 (default /tmp/jekyll-v431; this
script never downloads it and copies none of its files into this repository, only reads its
`features/*.feature` and, for "I have fixture collections", copies `test/source/_methods` & co. into
the scenario's temporary folder). --reblog-src is the source tree whose `src/` is measured (default:
this checkout).

The Gherkin files are parsed here (Feature, Background, Scenario, Scenario Outline + Examples, data
tables, doc strings), and the step definitions of Jekyll's `features/step_definitions.rb` and
`features/support/helpers.rb` are reimplemented in Python, step for step, with Ruby's regular
expressions translated to Python's. Every scenario runs in a fresh temporary folder once with
Debian's `jekyll` (which validates this runner: a scenario that fails there is not counted against
reblog) and once with `python -m reblog` from --reblog-src, with Jekyll's command line passed through
`reblog_command` (reblog accepts Jekyll's flags under the same names). A scenario using a step this
runner does not implement is "runner-unsupported" and listed. Scenarios that write Ruby code
(`*.rb`, a hook or plugin) are marked "ruby" in the listing: reblog cannot run them by design.

The table per feature: scenarios, passing under Jekyll, passing under reblog among those, and the names
of the scenarios that pass under Jekyll and fail under reblog. Then those failures by cause: the
exceptions issue #13 allows (Ruby code; an error's wording where reblog's `file:line` names the same
file and line), each with its reason (`EXCEPTIONS`), and any other failure as UNEXPECTED.
--json FILE writes every scenario's outcome, failure message and exception.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

REPO = Path(__file__).resolve().parent.parent
STEP_TIMEOUT = 120  # seconds for one command; a hung build is a failure, not a hung run


# ---------------------------------------------------------------------------------------------------
# Gherkin


@dataclass
class Step:
    """One step: its keyword, its text and its optional data table or doc string."""

    keyword: str
    text: str
    line: int
    table: list[list[str]] | None = None
    doc: str | None = None


@dataclass
class Scenario:
    """One scenario (an Outline gives one per Examples row), with the Background steps in front."""

    feature: str
    name: str
    line: int
    steps: list[Step] = field(default_factory=list)


def _cells(line: str) -> list[str]:
    """The cells of a table row `| a | b |`, with Cucumber's escapes `\\|`, `\\\\` and `\\n` undone."""
    body = line.strip()[1:]
    cells: list[str] = []
    cur = ""
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            cur += {"|": "|", "\\": "\\", "n": "\n"}.get(nxt, "\\" + nxt)
            i += 2
            continue
        if ch == "|":
            cells.append(cur.strip())
            cur = ""
        else:
            cur += ch
        i += 1
    return cells


def parse_feature(path: Path) -> list[Scenario]:
    """Parse one .feature file into its scenarios (Outlines expanded, Background prepended)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    feature = path.stem
    background: list[Step] = []
    scenarios: list[Scenario] = []
    current: list[Step] | None = None
    outline: Scenario | None = None
    in_examples = False
    example_rows: list[list[str]] = []
    pending: list[tuple[Scenario, list[list[str]]]] = []
    i = 0

    def close_examples() -> None:
        nonlocal example_rows
        if outline is not None and example_rows:
            pending.append((outline, example_rows))
        example_rows = []

    while i < len(lines):
        raw = lines[i]
        s = raw.strip()
        i += 1
        if not s or s.startswith("#") or s.startswith("@"):
            continue
        head = s.split(":", 1)[0]
        if head in ("Feature", "Rule"):
            continue
        if head == "Background":
            close_examples()
            current = background
            outline = None
            in_examples = False
            continue
        if head in ("Scenario", "Example"):
            close_examples()
            sc = Scenario(feature, s.split(":", 1)[1].strip(), i)
            scenarios.append(sc)
            current = sc.steps
            outline = None
            in_examples = False
            continue
        if head in ("Scenario Outline", "Scenario Template"):
            close_examples()
            outline = Scenario(feature, s.split(":", 1)[1].strip(), i)
            current = outline.steps
            in_examples = False
            continue
        if head in ("Examples", "Scenarios"):
            close_examples()
            in_examples = True
            continue
        if s.startswith("|"):
            rows = [_cells(s)]
            while i < len(lines) and lines[i].strip().startswith("|"):
                rows.append(_cells(lines[i]))
                i += 1
            if in_examples:
                example_rows = rows
            elif current:
                current[-1].table = rows
            continue
        if s.startswith('"""') or s.startswith("```"):
            fence = s[:3]
            indent = len(raw) - len(raw.lstrip())
            body: list[str] = []
            while i < len(lines) and lines[i].strip() != fence:
                text = lines[i]
                # Cucumber removes the doc string's opening indentation from every line, no more.
                lead = len(text) - len(text.lstrip(" "))
                body.append(text[min(lead, indent):])
                i += 1
            i += 1
            if current:
                current[-1].doc = "\n".join(body).replace('\\"\\"\\"', '"""')
            continue
        word = s.split(" ", 1)[0]
        if word in ("Given", "When", "Then", "And", "But", "*") and current is not None:
            current.append(Step(word, s[len(word):].strip(), i))
            continue
        # Free text under Feature: (the user story) is a description, not a step.
    close_examples()
    for sc in scenarios:
        sc.steps = background + sc.steps
    for ol, rows in pending:
        header, *values = rows
        for n, row in enumerate(values, 1):
            sub = dict(zip(header, row))

            def fill(text: str, sub: dict[str, str] = sub) -> str:
                return re.sub(r"<([^<>]+)>", lambda m: sub.get(m.group(1), m.group(0)), text)

            steps = [Step(st.keyword, fill(st.text), st.line,
                          [[fill(c) for c in r] for r in st.table] if st.table else None,
                          fill(st.doc) if st.doc is not None else None) for st in ol.steps]
            scenarios.append(Scenario(feature, f"{ol.name} (example {n})", ol.line, background + steps))
    scenarios.sort(key=lambda sc: sc.line)
    return scenarios


# ---------------------------------------------------------------------------------------------------
# Ruby helpers the steps rely on


def ruby_regexp(text: str, multiline: bool) -> re.Pattern[str]:
    """Compile a Ruby regular expression as Python: Ruby's ^ and $ always match at line ends, and
    Regexp::MULTILINE is Python's DOTALL."""
    out = ""
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt == "h":
                out += "[0-9a-fA-F]"
            elif nxt == "z":
                out += r"\Z"
            elif nxt == "Z":
                out += r"(?=\n?\Z)"
            elif nxt.isalnum() and nxt not in "dDsSwWbBAntr0123456789xu":
                out += re.escape(nxt)  # Ruby ignores an unknown escape of a letter
            else:
                out += ch + nxt
            i += 2
            continue
        out += ch
        i += 1
    return re.compile(out, re.M | (re.S if multiline else 0))


def slug(title: str | None) -> str:
    """Jekyll's helpers.rb `slug`: lower case, non-word characters to spaces, spaces to dashes (no title:
    the time in nanoseconds)."""
    if title is None:
        return str(time.time_ns())
    return re.sub(r"\s+", "-", re.sub(r"[^\w]", " ", title.lower(), flags=re.ASCII).strip())


def tzinfo(tz: str | None) -> dt.tzinfo:
    """The zone Ruby's Time uses in the cucumber process: ENV['TZ'] or the machine's zone."""
    if tz:
        try:
            return ZoneInfo(tz)
        except Exception:
            return dt.UTC
    local = dt.datetime.now().astimezone().tzinfo
    return local if local is not None else dt.UTC


def ruby_time(text: str, tz: str | None) -> dt.datetime:
    """`Time.xmlschema(text) rescue Time.parse(text)` for the date forms the features use."""
    text = text.strip()
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d)(?::(\d\d))?)?\s*([+-]\d\d:?\d\d|Z|UTC)?", text)
    if not m:
        raise ValueError(f"unparsed date {text!r}")
    y, mo, d, h, mi, sec, zone = m.groups()
    naive = dt.datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(sec or 0))
    if zone:
        if zone in ("Z", "UTC"):
            return naive.replace(tzinfo=dt.UTC)
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        off = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        return naive.replace(tzinfo=dt.timezone(sign * off))
    return naive.replace(tzinfo=tzinfo(tz))


def ruby_time_to_s(t: dt.datetime) -> str:
    """Ruby's Time#to_s: `2009-03-27 00:00:00 +0100` (UTC prints as `UTC` only for UTC Times)."""
    return t.strftime("%Y-%m-%d %H:%M:%S %z")


def file_content_from_hash(row: dict[str, str]) -> str:
    """helpers.rb `file_content_from_hash`: every column but `content` as front matter."""
    matter = "".join(f"{k}: {v}\n" for k, v in row.items() if k != "content").rstrip("\n")
    if row.get("input") and row.get("filter"):
        content = "{{ " + row["input"] + " | " + row["filter"] + " }}"
    else:
        content = row.get("content", "")
    return f"---\n{matter}\n---\n\n{content}\n"


# ---------------------------------------------------------------------------------------------------
# Running one scenario


class Unsupported(Exception):
    """A step this runner does not implement."""


class StepFailed(Exception):
    """A Then-assertion (or a setup step) that did not hold."""


def reblog_command(args: list[str]) -> list[str]:
    """Jekyll's command line as reblog's: reblog takes Jekyll's subcommands and flags by the same names."""
    renamed = {"--verbose": "--verbose", "-I": "--incremental"}
    return [sys.executable, "-m", "reblog", *[renamed.get(a, a) for a in args]]


def prepare_theme_gems(jekyll_src: Path, into: Path) -> str:
    """Install Jekyll's fixture theme gems (test/fixtures/test-theme & co.) into ``into`` as RubyGems
    lays gems out, and return the GEM_PATH that adds them to the system's gems.

    Under Cucumber they come from Jekyll's Gemfile as `path:` gems (the folder is the gem); here
    each folder is copied to ``gems/NAME-VERSION`` with its gemspec in ``specifications/``, which
    both Jekyll (RubyGems) and reblog find through GEM_PATH.
    """
    (into / "specifications").mkdir(parents=True, exist_ok=True)
    (into / "gems").mkdir(exist_ok=True)
    for spec in sorted((jekyll_src / "test" / "fixtures").glob("test-*/*.gemspec")):
        found = re.search(r'\.version\s*=\s*"([^"]+)"', spec.read_text(encoding="utf-8"))
        version = found.group(1) if found else "0.1.0"
        name = spec.stem
        shutil.copytree(spec.parent, into / "gems" / f"{name}-{version}", symlinks=True, dirs_exist_ok=True)
        shutil.copy(spec, into / "specifications" / f"{name}-{version}.gemspec")
    try:
        system = subprocess.run(["ruby", "-e", 'puts Gem.path.join(":")'], capture_output=True, text=True,
                                check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        system = ""
    return f"{into}:{system}" if system else str(into)


@dataclass
class World:
    """The state of one scenario run: its folder, the current directory, TZ and the last output."""

    root: Path
    tool: str
    jekyll_src: Path
    reblog_src: Path
    gem_path: str = ""
    cwd: Path = field(init=False)
    tz: str | None = None

    def __post_init__(self) -> None:
        self.cwd = self.root

    def p(self, rel: str) -> Path:
        return self.cwd / rel

    def write(self, rel: str, text: str) -> None:
        # Ruby's File.write needs the folder to exist; a step that writes into a missing folder fails.
        path = self.p(rel)
        if not path.parent.is_dir():
            raise StepFailed(f"No such file or directory @ rb_sysopen - {rel}")
        path.write_text(text, encoding="utf-8")

    def output(self) -> str:
        f = self.root / "jekyll_output.txt"
        return f.read_text(encoding="utf-8", errors="replace") if f.is_file() else ""

    def run(self, argv: list[str], shown: list[str]) -> None:
        env = dict(os.environ)
        env.pop("JEKYLL_ENV", None)
        # Under Cucumber, Jekyll runs inside Jekyll's own bundle; a site's Gemfile is not resolved.
        env["JEKYLL_NO_BUNDLER_REQUIRE"] = "true"
        if self.tz:
            env["TZ"] = self.tz
        if self.gem_path:
            env["GEM_PATH"] = self.gem_path
        if argv and argv[0] == "REBLOG":
            argv = reblog_command(argv[1:])
            env["PYTHONPATH"] = str(self.reblog_src / "src")
        try:
            proc = subprocess.run(argv, cwd=self.cwd, env=env, capture_output=True, timeout=STEP_TIMEOUT,
                                  stdin=subprocess.DEVNULL)
            out = proc.stdout.decode("utf-8", "replace").strip() + proc.stderr.decode("utf-8", "replace").strip()
            code = proc.returncode
        except subprocess.TimeoutExpired:
            out, code = "TIMEOUT", 124
        # helpers.rb `run_in_shell`: the output and status files live in the scenario's folder, so later
        # builds of the same scenario see them as site files, as under Cucumber.
        (self.root / "jekyll_status.txt").write_text(str(code), encoding="utf-8")
        (self.root / "jekyll_output.txt").write_text(
            f"$ {' '.join(shown)}\n{out}\nEXIT STATUS: {code}\n", encoding="utf-8")

    def see(self, negative: bool, text: str, file: str, multiline: bool = True) -> None:
        self.exists(file, False)
        body = self.p(file).read_text(encoding="utf-8", errors="replace")
        found = ruby_regexp(text, multiline).search(body) is not None
        if found == negative:
            raise StepFailed(f"expected {'not ' if negative else ''}to find /{text}/ in {file}:\n{body[:600]}")

    def exists(self, file: str, negative: bool) -> None:
        if self.p(file).exists() == negative:
            raise StepFailed(f"{file} {'exists' if negative else 'does not exist'}")


def _hashes(table: list[list[str]] | None) -> list[dict[str, str]]:
    if not table:
        raise Unsupported("step needs a table")
    header, *rows = table
    return [dict(zip(header, r)) for r in rows]


StepFn = Callable[[World, Step, re.Match[str]], None]
STEPS: list[tuple[re.Pattern[str], StepFn]] = []


def step(pattern: str) -> Callable[[StepFn], StepFn]:
    """Register a step definition (the patterns are step_definitions.rb's, in its order)."""
    def deco(fn: StepFn) -> StepFn:
        STEPS.append((re.compile(pattern), fn))
        return fn
    return deco


@step(r'^I have a blank site in "(.*)"$')
def _blank_site(w: World, s: Step, m: re.Match[str]) -> None:
    w.p(m[1]).mkdir(parents=True, exist_ok=True)


@step(r'^I do not have a "(.*)" directory$')
def _no_dir(w: World, s: Step, m: re.Match[str]) -> None:
    pass


@step(r'^I have an? "(.*)" page(?: with (.*) "(.*)")? that contains "(.*)"$')
def _page_contains(w: World, s: Step, m: re.Match[str]) -> None:
    w.write(m[1], f"---\n{m[2] or 'layout'}: {m[3] or 'none'}\n---\n\n{m[4]}\n")


@step(r'^I have an? "(.*)" file that contains "(.*)"$')
def _file_contains(w: World, s: Step, m: re.Match[str]) -> None:
    w.write(m[1], m[2])


@step(r'^I have an? (.*) (layout|theme) that contains "(.*)"$')
def _layout(w: World, s: Step, m: re.Match[str]) -> None:
    folder = "_layouts" if m[2] == "layout" else "_theme"
    dest = w.p(f"{folder}/{m[1]}.html")
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(m[3], encoding="utf-8")


@step(r'^I have an? "(.*)" file with content:$')
def _file_with(w: World, s: Step, m: re.Match[str]) -> None:
    if s.doc is None:
        raise Unsupported("no doc string")
    w.write(m[1], s.doc)


@step(r'^I have an? "(.*)" page with content:$')
def _page_with(w: World, s: Step, m: re.Match[str]) -> None:
    if s.doc is None:
        raise Unsupported("no doc string")
    w.write(m[1], f"---\n---\n\n{s.doc}\n")


@step(r"^I have an? (.*) directory$")
def _dir(w: World, s: Step, m: re.Match[str]) -> None:
    w.p(m[1]).mkdir(parents=True, exist_ok=True)


@step(r'^I have the following (draft|page|post)s?(?: (in|under) "([^"]+)")?:$')
def _following(w: World, s: Step, m: re.Match[str]) -> None:
    status, direction, folder = m[1], m[2], m[3]
    for row in _hashes(s.table):
        title = slug(row.get("title"))
        ext = row.get("type") or "markdown"
        filename = f"{title}.{ext}"
        before = folder if folder and direction == "in" else "."
        after = folder if folder and direction == "under" else ""
        dest = {"draft": "_drafts", "post": "_posts", "page": ""}[status]
        if status == "post":
            t = ruby_time(row["date"], w.tz)
            row["date"] = ruby_time_to_s(t)
            filename = f"{t:%Y-%m-%d}-{title}.{ext}"
        w.write(os.path.join(before, dest, after, filename), file_content_from_hash(row))


@step(r'^I have the following (draft|post)s? within the "(.*)" directory:$')
def _following_within(w: World, s: Step, m: re.Match[str]) -> None:
    for row in _hashes(s.table):
        title = slug(row.get("title"))
        t = ruby_time(row["date"], w.tz)
        name = f"{title}.markdown" if m[1] == "draft" else f"{t:%Y-%m-%d}-{title}.markdown"
        w.write(os.path.join(m[2], f"_{m[1]}s", name), file_content_from_hash(row))


@step(r"^I have the following documents? under the (.*) collection:$")
def _docs(w: World, s: Step, m: re.Match[str]) -> None:
    for row in _hashes(s.table):
        w.write(os.path.join(f"_{m[1]}", f"{slug(row.get('title'))}.md"), file_content_from_hash(row))


@step(r'^I have the following documents? under the "(.*)" collection within the "(.*)" directory:$')
def _docs_within(w: World, s: Step, m: re.Match[str]) -> None:
    for row in _hashes(s.table):
        w.write(os.path.join(m[2], f"_{m[1]}", f"{slug(row.get('title'))}.md"), file_content_from_hash(row))


@step(r'^I have the following documents? nested inside "(.*)" directory under the "(.*)" collection '
      r'within the "(.*)" directory:$')
def _docs_nested(w: World, s: Step, m: re.Match[str]) -> None:
    for row in _hashes(s.table):
        w.write(os.path.join(m[3], f"_{m[2]}", m[1], f"{slug(row.get('title'))}.md"), file_content_from_hash(row))


def _set_config(w: World, key: str, value: str) -> None:
    cfg_path = w.root / "_config.yml"
    config = (yaml.safe_load(cfg_path.read_text(encoding="utf-8")) if cfg_path.exists() else None) or {}
    loaded = yaml.safe_load(value)
    # Psych (Ruby) loads an empty document as false, PyYAML as None.
    config[key] = False if value.strip() == "" else loaded
    if key == "timezone":
        w.tz = str(loaded)  # Jekyll.set_timezone sets ENV["TZ"] in the cucumber process
    w.p("_config.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")


@step(r'^I have a configuration file with "(.*)" set to "(.*)"$')
def _config_kv(w: World, s: Step, m: re.Match[str]) -> None:
    _set_config(w, m[1], m[2])


@step(r"^I have a configuration file with:$")
def _config_table(w: World, s: Step, m: re.Match[str]) -> None:
    for row in _hashes(s.table):
        _set_config(w, row["key"], row["value"])


@step(r'^I have a configuration file with "([^\"]*)" set to:$')
def _config_list(w: World, s: Step, m: re.Match[str]) -> None:
    text = f"{m[1]}:\n" + "".join(f"- {row['value']}\n" for row in _hashes(s.table))
    w.p("_config.yml").write_text(text, encoding="utf-8")


@step(r'^I have fixture collections(?: in "(.*)" directory)?$')
def _fixtures(w: World, s: Step, m: re.Match[str]) -> None:
    dest = w.root / (m[1] or "")
    for name in ("_methods", "_thanksgiving", "_tutorials"):
        # Ruby's FileUtils.cp_r copies into DEST when it is a folder, else as DEST: with a missing
        # "gathering" folder, _methods' files land in gathering/ itself, as under Cucumber.
        target = dest / name if dest.is_dir() else dest
        shutil.copytree(w.jekyll_src / "test" / "source" / name, target, dirs_exist_ok=True)


@step(r"^I wait (\d+) second(s?)$")
def _wait(w: World, s: Step, m: re.Match[str]) -> None:
    time.sleep(float(m[1]))


@step(r"^I run jekyll(.*)$")
def _run_jekyll(w: World, s: Step, m: re.Match[str]) -> None:
    args = m[1].strip().split()
    if w.tool == "jekyll":
        w.run(["jekyll", *args, "--trace"], ["jekyll", *args, "--trace"])
    else:
        w.run(["REBLOG", *args, "--trace"], ["reblog", *args, "--trace"])


@step(r"^I run bundle(.*)$")
def _run_bundle(w: World, s: Step, m: re.Match[str]) -> None:
    w.run(["bundle", *m[1].strip().split()], ["bundle", *m[1].strip().split()])


@step(r"^I run gem(.*)$")
def _run_gem(w: World, s: Step, m: re.Match[str]) -> None:
    w.run(["gem", *m[1].strip().split()], ["gem", *m[1].strip().split()])


@step(r"^I run git add .$")
def _git_add(w: World, s: Step, m: re.Match[str]) -> None:
    w.run(["git", "add", ".", "--verbose"], ["git", "add", ".", "--verbose"])


@step(r"^I decide to build the theme gem$")
def _theme_gem(w: World, s: Step, m: re.Match[str]) -> None:
    w.cwd = w.root / "my-cool-theme"
    if not w.cwd.is_dir():
        raise StepFailed("no my-cool-theme folder")
    for name in ("_includes/blank.html", "_sass/blank.scss", "assets/blank.scss", "_config.yml"):
        target = w.p(name)
        if not target.parent.is_dir():
            raise StepFailed(f"no folder for {name}")
        target.write_text("", encoding="utf-8")


@step(r'^I change "(.*)" to contain "(.*)"$')
def _append(w: World, s: Step, m: re.Match[str]) -> None:
    with open(w.p(m[1]), "a", encoding="utf-8") as f:
        f.write(m[2])


@step(r'^I delete the file "(.*)"$')
def _delete(w: World, s: Step, m: re.Match[str]) -> None:
    w.p(m[1]).unlink()


@step(r"^the (.*) directory should +(not )?exist$")
def _dir_exists(w: World, s: Step, m: re.Match[str]) -> None:
    w.exists(m[1], bool(m[2]))


@step(r'^I should (not )?see "(.*)" in "(.*)"$')
def _see(w: World, s: Step, m: re.Match[str]) -> None:
    w.see(bool(m[1]), m[2], m[3])


@step(r'^I should (not )?see "(.*)" in "(.*)" if on Windows$')
def _see_windows(w: World, s: Step, m: re.Match[str]) -> None:
    w.exists(m[3], False)
    if not m[1]:
        w.see(True, m[2], m[3])


@step(r'^I should (not )?see "(.*)" in "(.*)" unless Windows$')
def _see_unless_windows(w: World, s: Step, m: re.Match[str]) -> None:
    w.exists(m[3], False)
    if not m[1]:
        w.see(False, m[2], m[3])


@step(r'^I should see date "(.*)" in "(.*)" unless Windows$')
def _date_unless_windows(w: World, s: Step, m: re.Match[str]) -> None:
    w.see(False, m[1], m[2], multiline=False)


@step(r'^I should see date "(.*)" in "(.*)" if on Windows$')
def _date_windows(w: World, s: Step, m: re.Match[str]) -> None:
    w.see(True, m[1], m[2], multiline=False)


@step(r'^I should see exactly "(.*)" in "(.*)"$')
def _exactly(w: World, s: Step, m: re.Match[str]) -> None:
    w.exists(m[2], False)
    body = w.p(m[2]).read_text(encoding="utf-8", errors="replace")
    # Ruby's String#strip removes ASCII whitespace and NUL only.
    if body.strip(" \t\n\v\f\r\0") != m[1]:
        raise StepFailed(f"expected exactly {m[1]!r} in {m[2]}, got {body.strip()[:600]!r}")


@step(r'^I should see escaped "(.*)" in "(.*)"$')
def _escaped(w: World, s: Step, m: re.Match[str]) -> None:
    w.see(False, re.escape(m[1]), m[2])


@step(r'^the "(.*)" file should +(not )?exist$')
def _file_exists(w: World, s: Step, m: re.Match[str]) -> None:
    w.exists(m[1], bool(m[2]))


@step(r"^I should see today's time in \"(.*)\"$")
def _today_time(w: World, s: Step, m: re.Match[str]) -> None:
    w.see(False, dt.datetime.now(tzinfo(w.tz)).strftime("%H:%M"), m[1])


@step(r"^I should see today's date in \"(.*)\"$")
def _today_date(w: World, s: Step, m: re.Match[str]) -> None:
    w.see(False, dt.datetime.now(tzinfo(w.tz)).strftime("%Y-%m-%d"), m[1])


@step(r'^I should (not )?see "(.*)" in the build output$')
def _output(w: World, s: Step, m: re.Match[str]) -> None:
    found = ruby_regexp(m[2], False).search(w.output()) is not None
    if found == bool(m[1]):
        raise StepFailed(f"expected {'not ' if m[1] else ''}to find /{m[2]}/ in the output:\n{w.output()[-1500:]}")


@step(r"^I should get an updated git index$")
def _git_index(w: World, s: Step, m: re.Match[str]) -> None:
    out = w.output()
    for name in (".gitignore", "Gemfile", "LICENSE.txt", "README.md", "_config.yml", "_includes/blank.html",
                 "_layouts/default.html", "_layouts/page.html", "_layouts/post.html", "_sass/blank.scss",
                 "assets/blank.scss", "my-cool-theme.gemspec"):
        if not re.search(ruby_regexp(name, False), out):
            raise StepFailed(f"{name} not in the git index:\n{out}")


@step(r"^I should get a zero exit(?:\-| )status$")
def _zero(w: World, s: Step, m: re.Match[str]) -> None:
    if "EXIT STATUS: 0" not in w.output():
        raise StepFailed(f"non-zero exit:\n{w.output()[-1500:]}")


@step(r"^I should get a non-zero exit(?:\-| )status$")
def _nonzero(w: World, s: Step, m: re.Match[str]) -> None:
    if "EXIT STATUS: 0" in w.output():
        raise StepFailed(f"zero exit:\n{w.output()[-1500:]}")


def find_step(text: str) -> tuple[StepFn, re.Match[str]] | None:
    """The first step definition whose pattern matches ``text``, with the match."""
    for pattern, fn in STEPS:
        m = pattern.match(text)
        if m:
            return fn, m
    return None


def writes_ruby(sc: Scenario) -> bool:
    """Whether the scenario runs Ruby code of its own (a plugin or hook file)."""
    return any(re.search(r'"[^"]*\.rb"', st.text) for st in sc.steps)


# Scenarios that pass under Jekyll and are expected to fail under reblog, by cause (issue #13's
# exceptions besides the scenarios that write Ruby code, which `writes_ruby` finds). Each error
# scenario was checked: reblog stops with a non-zero exit and one `file:line` line naming the
# same file and line as Jekyll's message (Jekyll counts the line from the end of the front
# matter, reblog from the top of the file).
EXCEPTIONS: dict[tuple[str, str], tuple[str, str]] = {
}


def expected_failure(sc: Scenario) -> tuple[str, str] | None:
    """Why the scenario is allowed to fail under reblog (its cause and the detail), if it is."""
    if writes_ruby(sc):
        return ("Ruby code", "the scenario writes a Ruby plugin or hook (`*.rb`), which reblog "
                "names in one warning and does not run")
    return EXCEPTIONS.get((sc.feature, sc.name))


@dataclass
class Outcome:
    """One scenario under one tool."""

    status: str  # pass, fail, unsupported
    message: str = ""


def run_scenario(sc: Scenario, tool: str, jekyll_src: Path, reblog_src: Path, gem_path: str = "",
                 keep: bool = False) -> Outcome:
    """Run the scenario's steps in a fresh temporary folder with `tool` ('jekyll' or 'reblog')."""
    root = Path(tempfile.mkdtemp(prefix=f"cuke-{tool}-"))
    w = World(root, tool, jekyll_src, reblog_src, gem_path)
    try:
        for st in sc.steps:
            found = find_step(st.text)
            if found is None:
                return Outcome("unsupported", f"line {st.line}: no step definition for {st.text!r}")
            fn, m = found
            try:
                fn(w, st, m)
            except Unsupported as exc:
                return Outcome("unsupported", f"line {st.line}: {exc}")
            except (StepFailed, OSError, ValueError, re.error, yaml.YAMLError) as exc:
                return Outcome("fail", f"line {st.line}: {st.keyword} {st.text}\n  {exc}")
            except Exception as exc:  # a runner bug must not stop the other scenarios
                return Outcome("unsupported", f"line {st.line}: runner error {exc!r}")
        return Outcome("pass")
    finally:
        if keep:
            print(f"kept {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)


# ---------------------------------------------------------------------------------------------------
# The table


def main(argv: list[str] | None = None) -> int:
    """Parse the features, run them with both tools in parallel and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jekyll-src", type=Path, default=Path("/tmp/jekyll-v431"))
    ap.add_argument("--reblog-src", type=Path, default=REPO)
    ap.add_argument("--only", action="append", default=[], metavar="FEATURE",
                    help="run only this feature (file stem, e.g. post_data); repeatable")
    ap.add_argument("--scenario", help="run only scenarios whose name contains this text")
    ap.add_argument("--tool", choices=("both", "jekyll", "reblog"), default="both")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--json", type=Path, metavar="FILE", help="write every outcome to FILE")
    ap.add_argument("--keep", action="store_true", help="keep the scenario folders (for debugging)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print each failure's message")
    args = ap.parse_args(argv)

    features = sorted((args.jekyll_src / "features").glob("*.feature"))
    if not features:
        print(f"no features under {args.jekyll_src}/features (clone jekyll/jekyll at v4.3.1 there)",
              file=sys.stderr)
        return 2
    scenarios: list[Scenario] = []
    for f in features:
        if args.only and f.stem not in args.only:
            continue
        scenarios += [sc for sc in parse_feature(f) if not args.scenario or args.scenario in sc.name]

    tools = ("jekyll", "reblog") if args.tool == "both" else (args.tool,)
    jobs = [(sc, tool) for sc in scenarios for tool in tools]
    started = time.monotonic()
    gems = Path(tempfile.mkdtemp(prefix="cuke-gems-"))
    try:
        gem_path = prepare_theme_gems(args.jekyll_src.resolve(), gems)
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            outcomes = list(pool.map(lambda job: run_scenario(
                job[0], job[1], args.jekyll_src.resolve(), args.reblog_src.resolve(), gem_path, args.keep), jobs))
    finally:
        shutil.rmtree(gems, ignore_errors=True)
    elapsed = time.monotonic() - started
    result: dict[tuple[str, int], dict[str, Outcome]] = {}
    for (sc, tool), oc in zip(jobs, outcomes):
        result.setdefault((sc.feature, sc.line), {})[tool] = oc

    rows = []
    total = [0, 0, 0, 0]
    print(f"{'feature':24} {'scen':>5} {'jekyll':>7} {'reblog':>7} {'unsup':>6}  failing under reblog")
    for feature in dict.fromkeys(sc.feature for sc in scenarios):
        mine = [sc for sc in scenarios if sc.feature == feature]
        n = len(mine)
        jk = [sc for sc in mine if result[(feature, sc.line)].get("jekyll", Outcome("pass")).status == "pass"]
        unsup = [sc for sc in mine if any(o.status == "unsupported" for o in result[(feature, sc.line)].values())]
        rb_ok = [sc for sc in jk if result[(feature, sc.line)].get("reblog", Outcome("pass")).status == "pass"]
        failing = [sc for sc in jk if sc not in rb_ok]
        total = [total[0] + n, total[1] + len(jk), total[2] + len(rb_ok), total[3] + len(unsup)]
        print(f"{feature:24} {n:5} {len(jk):7} {len(rb_ok):7} {len(unsup):6}  "
              + "; ".join(f"{sc.name}{' [ruby]' if writes_ruby(sc) else ''}" for sc in failing))
        if args.verbose:
            for sc in failing:
                print(f"    --- {sc.name} (line {sc.line})\n      "
                      + result[(feature, sc.line)]["reblog"].message.replace("\n", "\n      ")[:2500])
        for sc in mine:
            why = expected_failure(sc)
            rows.append({"feature": feature, "scenario": sc.name, "line": sc.line, "ruby": writes_ruby(sc),
                         "exception": f"{why[0]}: {why[1]}" if why else None,
                         **{tool: {"status": o.status, "message": o.message}
                            for tool, o in result[(feature, sc.line)].items()}})
    print(f"{'TOTAL':24} {total[0]:5} {total[1]:7} {total[2]:7} {total[3]:6}   ({elapsed:.0f} s, -j {args.jobs})")
    failing_all = [sc for sc in scenarios
                   if result[(sc.feature, sc.line)].get("jekyll", Outcome("pass")).status == "pass"
                   and result[(sc.feature, sc.line)].get("reblog", Outcome("pass")).status != "pass"]
    by_cause: dict[str, list[str]] = {}
    for sc in failing_all:
        why = expected_failure(sc)
        cause = why[0] if why else "UNEXPECTED"
        by_cause.setdefault(cause, []).append(
            f"{sc.feature}: {sc.name}" + (f" -- {why[1]}" if why and why[0] != "Ruby code" else ""))
    print(f"\nfailing under reblog, by cause ({len(failing_all)}):")
    for cause in sorted(by_cause, key=lambda c: (c == "UNEXPECTED", c)):
        print(f"  {cause} ({len(by_cause[cause])}):")
        for line in by_cause[cause]:
            print(f"    {line}")
    for row in rows:
        if any(v["status"] == "unsupported" for k, v in row.items() if k in ("jekyll", "reblog")):
            print(f"runner-unsupported: {row['feature']}: {row['scenario']}")
    if args.json:
        args.json.write_text(json.dumps({"elapsed_s": round(elapsed, 1), "scenarios": rows}, indent=1),
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
