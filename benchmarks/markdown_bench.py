"""Time the kramdown layer: convert every Markdown post of a site, as the build's renderer does.

Usage:
  python benchmarks/markdown_bench.py [SITE] [--runs N] [--against OTHER_SRC]

SITE (default /work/sites/candid) gives the ``kramdown:`` settings (its ``_config.yml``) and the
posts (``_posts/**/*.md``/``*.markdown``, front matter removed; Liquid is left as written, which
Markdown reads as text).  Reported: CPU seconds of the first pass in a fresh process (imports and
regex compilation included) and the median of ``--runs`` further passes, with the collector set
as ``reblog.cli`` sets it for a build.  ``--against SRC`` runs the same measurement with another
checkout's ``src`` (e.g. main before a change) in a subprocess, alternating with this one, so
both figures come from one command on the same machine load.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

DEFAULT_SITE = Path("/work/sites/candid")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n---[ \t]*\n", re.S)


def collect(site: Path) -> tuple[dict[str, Any], list[str]]:
    """The site's configuration and the Markdown of its posts."""
    config_file = site / "_config.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8")) if config_file.is_file() else {}
    texts: list[str] = []
    posts = site / "_posts"
    for path in sorted([*posts.rglob("*.md"), *posts.rglob("*.markdown")]):
        if path.is_file():  # a folder can be named like a post
            texts.append(_FRONT_MATTER.sub("", path.read_text(encoding="utf-8", errors="replace"), count=1))
    return config or {}, texts


def measure(site: Path, runs: int) -> dict[str, Any]:
    """Convert every post ``runs + 1`` times in this process; CPU seconds per pass."""
    gc.set_threshold(10_000, 20, 20)  # as reblog.cli does for a build
    start = time.process_time()
    from reblog.config.parse import kramdown_settings
    from reblog.kramdown.converter import MarkdownRenderer

    config, texts = collect(site)
    renderer = MarkdownRenderer(kramdown_settings(config))
    for text in texts:
        renderer.render(text)
    first = time.process_time() - start
    passes: list[float] = []
    for _ in range(runs):
        start = time.process_time()
        for text in texts:
            renderer.render(text)
        passes.append(time.process_time() - start)
    return {"posts": len(texts), "chars": sum(map(len, texts)), "first": first, "passes": passes}


def _run_in(src: str, site: Path, runs: int) -> dict[str, Any]:
    """:func:`measure` in a subprocess importing reblog from ``src``."""
    env = {**os.environ, "PYTHONPATH": src}
    out = subprocess.run(
        [sys.executable, __file__, str(site), "--runs", str(runs), "--json"],
        env=env, capture_output=True, text=True, check=True,
    )
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def main() -> None:
    """Parse the arguments, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, default=DEFAULT_SITE)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--against", help="another checkout's src folder to measure alternately")
    parser.add_argument("--rounds", type=int, default=3, help="alternations with --against")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.json:
        print(json.dumps(measure(args.site, args.runs)))
        return
    here = str(Path(__file__).resolve().parent.parent / "src")
    sources = [("this", here)] + ([("against", args.against)] if args.against else [])
    medians: dict[str, list[float]] = {name: [] for name, _ in sources}
    for _ in range(args.rounds if args.against else 1):
        for name, src in sources:
            result = _run_in(src, args.site, args.runs)
            median = statistics.median(result["passes"]) if result["passes"] else result["first"]
            medians[name].append(median)
            print(
                f"{name:8} {result['posts']} posts, {result['chars']} chars: first pass {result['first']:.3f} s CPU, "
                f"median of {args.runs} passes {median:.3f} s"
            )
    if args.against:
        this, other = statistics.median(medians["this"]), statistics.median(medians["against"])
        print(f"median of rounds: this {this:.3f} s, against {other:.3f} s ({100 * (this - other) / other:+.1f}%)")


if __name__ == "__main__":
    main()
