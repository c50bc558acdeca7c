"""Time Rouge-style highlighting of every code block in a folder of Markdown posts.

Usage:
  python benchmarks/highlight_bench.py [POSTS] [--runs N] [--against OTHER_SRC]

POSTS (default /work/sites/candid/_posts) is searched for ``*.md``/``*.markdown``; every fenced
block with a language (```` ```lang ```` or ``~~~lang``) and every ``{% highlight lang %}`` block
is highlighted the way kramdown and Jekyll's tag would (``highlight_fenced``/``highlight_tag``).
Reported: the first pass in a fresh process (imports, lexer discovery and regex compilation
included; reading the posts excluded) and the median of ``--runs`` further passes.  ``--against SRC`` runs the same
measurement with another checkout's ``src`` (e.g. main before a change) in a subprocess, so both
figures come from one command on the same machine load.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

DEFAULT_POSTS = Path("/work/sites/candid/_posts")

_FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,})[ \t]*([\w+#.-]+)[^\n]*\n(.*?)^\1\2[ \t]*$", re.M | re.S)
_TAG = re.compile(r"\{%-?\s*highlight\s+([\w+#.-]+)[^%]*%\}(.*?)\{%-?\s*endhighlight\s*-?%\}", re.S)


def collect(posts: Path) -> list[tuple[str, str, str]]:
    """(kind, language, code) for every highlighted block under ``posts``."""
    blocks: list[tuple[str, str, str]] = []
    for path in sorted([*posts.rglob("*.md"), *posts.rglob("*.markdown")]):
        if not path.is_file():  # a folder can be named like a post
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        blocks.extend(("fence", m.group(3), m.group(4)) for m in _FENCE.finditer(text))
        blocks.extend(("tag", m.group(1), m.group(2)) for m in _TAG.finditer(text))
    return blocks


def measure(posts: Path, runs: int) -> dict[str, object]:
    """Highlight every block once (cold), then ``runs`` more times; return the figures."""
    blocks = collect(posts)  # reading the posts is not highlighting: not timed
    started, cpu_started = time.perf_counter(), time.process_time()
    from reblog.rouge.highlight import highlight_fenced, highlight_tag

    def one_pass() -> int:
        size = 0
        for kind, lang, code in blocks:
            html = highlight_fenced(code, lang) if kind == "fence" else highlight_tag(code, lang)
            size += len(html)
        return size

    size = one_pass()
    cold, cold_cpu = time.perf_counter() - started, time.process_time() - cpu_started
    warm, warm_cpu = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        one_pass()
        warm.append(time.perf_counter() - t0)
        warm_cpu.append(time.process_time() - c0)
    import reblog

    return {
        "src": str(Path(reblog.__file__).parent.parent),
        "blocks": len(blocks),
        "lines": sum(code.count("\n") for _, _, code in blocks),
        "languages": dict(Counter(lang for _, lang, _ in blocks).most_common()),
        "html_chars": size,
        "cold_s": cold,
        "warm_median_s": statistics.median(warm) if warm else float("nan"),
        "warm_min_s": min(warm) if warm else float("nan"),
        # CPU time of this process: less disturbed than wall time on a shared machine.
        "cold_cpu_s": cold_cpu,
        "warm_cpu_min_s": min(warm_cpu) if warm_cpu else float("nan"),
    }


def report(label: str, figures: dict[str, object]) -> None:
    """Print one measurement."""
    print(
        f"{label:>8}: {figures['blocks']} blocks, {figures['lines']} lines -> {figures['html_chars']} chars of HTML; "
        f"cold {figures['cold_s'] * 1000:.1f} ms, warm median {figures['warm_median_s'] * 1000:.1f} ms "
        f"(min {figures['warm_min_s'] * 1000:.1f} ms); CPU: cold {figures['cold_cpu_s'] * 1000:.1f} ms, "
        f"warm min {figures['warm_cpu_min_s'] * 1000:.1f} ms   [{figures['src']}]"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("posts", nargs="?", type=Path, default=DEFAULT_POSTS)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--against", type=Path, help="another checkout's src folder to compare with")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # used by --against
    args = parser.parse_args()

    if args.json:
        print(json.dumps(measure(args.posts, args.runs)))
        return

    def fresh(src: Path | None) -> dict[str, object]:
        env = dict(os.environ)
        if src is not None:
            env["PYTHONPATH"] = str(src)
        command = [sys.executable, __file__, str(args.posts), "--runs", str(args.runs), "--json"]
        out = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
        result: dict[str, object] = json.loads(out)
        return result

    with open("/proc/loadavg", encoding="ascii") as load:
        print(f"load average: {' '.join(load.read().split()[:3])}")
    this = fresh(None)
    if args.against is not None:
        # Alternate so that a change in machine load affects both sides alike.
        other = fresh(args.against)
        this2, other2 = fresh(None), fresh(args.against)
        for figures, again in ((this, this2), (other, other2)):
            for key in ("cold_s", "warm_median_s", "warm_min_s", "cold_cpu_s", "warm_cpu_min_s"):
                figures[key] = min(float(figures[key]), float(again[key]))  # type: ignore[arg-type]
        report("against", other)
    report("this", this)
    print("languages:", ", ".join(f"{lang} {n}" for lang, n in this["languages"].items()))  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
