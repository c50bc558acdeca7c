"""Build every site of the compatibility corpus with Jekyll and with reblog, and print the table.

    python benchmarks/corpus.py [LIST] [--sites DIR] [--out DIR] [--only NAME ...] [--markdown FILE]
                                [--json FILE] [--languages] [--drop-site-ruby]

LIST (default benchmarks/corpus.txt) names the sites: name, repository, commit, subfolder, config file,
plugin changes and kind, one site a line. A plugin change is a name to drop (one Debian does not
package) or `+name` to add one the site gets from its theme gem's dependencies (a `theme:` gem Debian
lacks is commented out by jekyll-ref, and with it the plugins it would have brought); additions are
made to a copy of the clone, never to the clone itself. Each site must already be cloned at SITES/<name> (default
/work/sites); this script never downloads anything. For each site it runs the shared reference tool
`jekyll-ref SITE OUT/<name> --reblog` (Debian's Jekyll 4.3, then reblog, then site-diff), one site after
the other because each build is CPU-heavy, and reads the figures back: whether each tool built the site,
the fidelity, and how many HTML pages are exact (from OUT/<name>/diff.json). The per-site log is kept in
OUT/<name>/log.txt. `--languages` instead counts the languages named by fenced code blocks and
`{% highlight %}` tags in the sites' sources. A site with Ruby plugins of its own (`_plugins/*.rb`:
Jekyll runs them, reblog cannot and names them in a warning) is marked in the table, and the summary
also gives the figures without such sites; `--drop-site-ruby` builds those sites from a copy without
their `_plugins/` folder, with both tools alike, to measure everything else on them.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Site:
    """One line of the list file."""

    name: str
    repo: str
    commit: str
    subdir: str
    config: str
    dropped: tuple[str, ...]
    kind: str
    added: tuple[str, ...] = ()


@dataclass
class Result:
    """What one site's comparison measured."""

    site: Site
    commit_ok: bool
    jekyll: str = "-"
    reblog: str = "-"
    fidelity: float | None = None
    html_exact: int = 0
    html_total: int = 0
    seconds: float = 0.0
    error: str = ""
    ruby: tuple[str, ...] = ()  # the site's own `_plugins/*.rb` files (Ruby code reblog cannot run)
    ruby_dropped: bool = False  # built (by both tools) from a copy without its `_plugins/` folder
    worst: list[tuple[str, float]] = field(default_factory=list)


def read_list(path: Path) -> list[Site]:
    """The sites named in the list file (comments and blank lines skipped)."""
    sites = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 7:
            raise SystemExit(f"{path}:{number}: expected 7 columns, found {len(parts)}")
        name, repo, commit, subdir, config, dropped, kind = parts
        changes = [p for p in dropped.split(",") if p and p != "-"]
        sites.append(Site(name, repo, commit, subdir, config,
                          tuple(p for p in changes if not p.startswith("+")), kind,
                          tuple(p[1:] for p in changes if p.startswith("+"))))
    return sites


def find_tool() -> Path:
    """jekyll-ref from ../shared/tools next to the checkout, else the workplace copy."""
    for candidate in (REPO.parent / "shared" / "tools" / "jekyll-ref",
                      REPO.parent.parent / "shared" / "tools" / "jekyll-ref",
                      Path("/work/shared/tools/jekyll-ref")):
        if candidate.is_file():
            return candidate
    raise SystemExit("jekyll-ref not found (looked in ../shared/tools and /work/shared/tools)")


def head_commit(clone: Path) -> str:
    """The clone's checked-out commit, or '' if it is not a git checkout."""
    done = subprocess.run(["git", "-C", str(clone), "rev-parse", "HEAD"], capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else ""


def ruby_plugins(clone: Path, site: Site) -> tuple[str, ...]:
    """The site's own Ruby plugin files (`_plugins/**/*.rb`), which Jekyll runs and reblog cannot."""
    folder = clone / site.subdir / "_plugins"
    return tuple(sorted(str(p.relative_to(folder)) for p in folder.rglob("*.rb"))) if folder.is_dir() else ()


def prepared_copy(clone: Path, copy: Path, site: Site, drop_ruby: bool) -> Path:
    """A copy of the clone (with its .git, for the commit time) whose config adds the site's extra
    plugins, and, with drop_ruby, without the site's `_plugins/` folder (for both tools alike)."""
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(clone, copy, symlinks=True)
    if drop_ruby:
        shutil.rmtree(copy / site.subdir / "_plugins", ignore_errors=True)
    if not site.added:
        return copy
    config = copy / site.subdir / site.config
    text = config.read_text(encoding="utf-8") if config.is_file() else ""
    block = re.search(r"(?m)^plugins:[ \t]*\n", text)
    if block:
        # The list's own indentation (YAML needs every item of a block sequence at the same one).
        indent = next((m.group(1) for m in re.finditer(r"(?m)^([ \t]*)-[ \t]", text[block.end():])), "  ")
        items = "".join(f"{indent}- {name}\n" for name in site.added)
        text = text[: block.end()] + items + text[block.end():]
    else:
        text += "\nplugins:\n" + "".join(f"  - {name}\n" for name in site.added)
    config.write_text(text, encoding="utf-8")
    return copy


def run_site(site: Site, sites_dir: Path, out_dir: Path, tool: Path, timeout: float,
             drop_ruby: bool = False) -> Result:
    """Build one site with both tools through jekyll-ref and read back the figures."""
    clone = sites_dir / site.name
    result = Result(site, commit_ok=head_commit(clone) == site.commit)
    if not clone.is_dir():
        result.error = f"no clone at {clone}"
        return result
    result.ruby = ruby_plugins(clone, site)
    result.ruby_dropped = drop_ruby and bool(result.ruby)
    out = out_dir / site.name
    out.mkdir(parents=True, exist_ok=True)
    (out / "diff.json").unlink(missing_ok=True)
    config = site.config
    if config == "-":
        # A site without _config.yml: give both tools the same empty config (outside the clone).
        empty = out / "empty.yml"
        empty.write_text("{}\n", encoding="utf-8")
        config = str(empty)
    if site.added or result.ruby_dropped:
        clone = prepared_copy(clone, out / "checkout", site, result.ruby_dropped)
    command = [sys.executable, str(tool), str(clone), str(out), "--subdir", site.subdir,
               "--config", config, "--reblog", "--show", "10"]
    for plugin in site.dropped:
        command += ["--drop-plugin", plugin]
    started = time.perf_counter()
    # Its own process group, so that a timeout also ends the Jekyll and reblog builds it started.
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
        log = stdout + "\n--- stderr ---\n" + stderr
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, _ = process.communicate()
        log = f"timed out after {timeout} s\n{stdout or ''}"
        result.error = "timeout"
    result.seconds = time.perf_counter() - started
    (out / "log.txt").write_text(log, encoding="utf-8")
    jekyll = re.search(r"^jekyll: exit (\d+)", log, re.M)
    reblog = re.search(r"^reblog: exit (\d+)", log, re.M)
    result.jekyll = "-" if jekyll is None else ("yes" if jekyll.group(1) == "0" else "no")
    result.reblog = "-" if reblog is None else ("yes" if reblog.group(1) == "0" else "no")
    if result.reblog == "no" or result.jekyll == "no":
        tail = [line for line in log.split("--- stderr ---", 1)[-1].splitlines() if line.strip()]
        result.error = tail[-1][:300] if tail else "failed"
    diff = out / "diff.json"
    if diff.is_file():
        data = json.loads(diff.read_text(encoding="utf-8"))
        result.fidelity = float(data["fidelity_percent"])
        html = data["kinds"]["html"]
        result.html_exact, result.html_total = int(html["exact"]), int(html["files"])
        worst = sorted((f for f in data["files"] if not f["exact"]), key=lambda f: f["score"])
        result.worst = [(f["path"], round(f["score"], 4)) for f in worst[:10]]
    return result


def table(results: list[Result]) -> str:
    """The Markdown table of results, with a summary line."""
    lines = ["| site | commit | Jekyll builds? | reblog builds? | fidelity | exact pages |",
             "|---|---|---|---|---|---|"]
    for r in results:
        fidelity = "-" if r.fidelity is None else f"{r.fidelity:.1f}%"
        exact = f"{r.html_exact}/{r.html_total}" if r.html_total else "-"
        commit = r.site.commit[:8] + ("" if r.commit_ok else " (clone differs)")
        name = r.site.name + (" (own Ruby plugins removed)" if r.ruby_dropped
                              else " (runs its own Ruby plugins)" if r.ruby else "")
        lines.append(f"| {name} | {commit} | {r.jekyll} | {r.reblog} | {fidelity} | {exact} |")
    scored = [r.fidelity for r in results if r.fidelity is not None]
    built = [r for r in results if r.jekyll == "yes"]
    exact = sum(r.html_exact for r in results)
    total = sum(r.html_total for r in results)
    lines.append("")
    lines.append(f"Jekyll builds {len(built)}/{len(results)}; reblog builds "
                 f"{sum(r.reblog == 'yes' for r in built)}/{len(built)} of those.")
    if scored:
        lines.append(f"Fidelity: median {statistics.median(scored):.1f}%, worst {min(scored):.1f}% "
                     f"(over the {len(scored)} sites both build); HTML pages exact: {exact}/{total}"
                     f" = {100 * exact / total if total else 0:.1f}%.")
        # Ruby code in `_plugins/` is the one input reblog cannot reproduce (issue #13 asks only for
        # a warning that names it), so the figures without the sites whose pages that code makes.
        plain = [r for r in results if r.fidelity is not None and not (r.ruby and not r.ruby_dropped)]
        if len(plain) < len(scored):
            p_exact = sum(r.html_exact for r in plain)
            p_total = sum(r.html_total for r in plain)
            lines.append(f"Without the {len(scored) - len(plain)} sites that run their own Ruby plugins: "
                         f"median {statistics.median(r.fidelity for r in plain if r.fidelity is not None):.1f}%, "
                         f"worst {min(r.fidelity for r in plain if r.fidelity is not None):.1f}%; HTML pages "
                         f"exact: {p_exact}/{p_total} = {100 * p_exact / p_total if p_total else 0:.1f}%.")
    return "\n".join(lines)


FENCE = re.compile(r"^[ \t]{0,3}(?:```+|~~~+)[ \t]*\{?[ \t]*\.?([\w+#.-]+)", re.M)
HIGHLIGHT = re.compile(r"\{%-?\s*highlight\s+([\w+#.-]+)")
SOURCE_SUFFIXES = {".md", ".markdown", ".mkd", ".mkdn", ".html", ".htm", ".textile"}


def languages(sites: list[Site], sites_dir: Path) -> Counter[str]:
    """How many fenced code blocks and highlight tags name each language, over every site's source."""
    counts: Counter[str] = Counter()
    for site in sites:
        root = sites_dir / site.name / site.subdir
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if d not in {".git", "node_modules", "vendor", "_site"}]
            for name in files:
                if Path(name).suffix.lower() not in SOURCE_SUFFIXES:
                    continue
                text = (Path(folder) / name).read_text(encoding="utf-8", errors="replace")
                for match in FENCE.finditer(text):
                    counts[match.group(1).lower()] += 1
                for match in HIGHLIGHT.finditer(text):
                    counts[match.group(1).lower()] += 1
    return counts


def main() -> int:
    """Run the corpus and print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("list", nargs="?", type=Path, default=REPO / "benchmarks" / "corpus.txt")
    parser.add_argument("--sites", type=Path, default=Path("/work/sites"), help="folder of the local clones")
    parser.add_argument("--out", type=Path, default=Path("/tmp/reblog-corpus"), help="build folders")
    parser.add_argument("--only", nargs="*", default=[], help="run only these sites")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per site")
    parser.add_argument("--markdown", type=Path, help="also write the table here")
    parser.add_argument("--json", type=Path, help="also write every figure here")
    parser.add_argument("--languages", action="store_true", help="count fenced-code languages instead")
    parser.add_argument("--drop-site-ruby", action="store_true",
                        help="build sites that have their own _plugins/*.rb from a copy without that "
                             "folder, with both tools (measures everything but the Ruby code)")
    args = parser.parse_args()

    sites = read_list(args.list)
    if args.only:
        sites = [s for s in sites if s.name in args.only]
    if args.languages:
        for name, count in languages(sites, args.sites).most_common():
            print(f"{count:6d}  {name}")
        return 0
    tool = find_tool()
    results = []
    for site in sites:
        result = run_site(site, args.sites, args.out, tool, args.timeout, args.drop_site_ruby)
        fidelity = "-" if result.fidelity is None else f"{result.fidelity:.1f}%"
        print(f"{site.name}: jekyll {result.jekyll}, reblog {result.reblog}, fidelity {fidelity}, "
              f"html {result.html_exact}/{result.html_total} ({result.seconds:.0f} s) {result.error}",
              flush=True)
        results.append(result)
    text = table(results)
    print()
    print(text)
    if args.markdown:
        args.markdown.write_text(text + "\n", encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps([{
            "site": r.site.name, "commit": r.site.commit, "jekyll": r.jekyll, "reblog": r.reblog,
            "fidelity": r.fidelity, "html_exact": r.html_exact, "html_total": r.html_total,
            "seconds": round(r.seconds, 1), "error": r.error, "worst": r.worst,
            "ruby_plugins": list(r.ruby), "ruby_dropped": r.ruby_dropped,
        } for r in results], indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
