"""Time ``reblog build`` against ``jekyll build`` (and Hugo where given) on the same site.

Usage: python benchmarks/build_bench.py SITE [--config a.yml,b.yml] [--runs N] [--smoke]

Prints the median and spread of each tool's wall time and the ratios, measured in one run.
Jekyll needs Debian's ``jekyll`` package; a site with a Gemfile should have it moved aside.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(command: list[str], cwd: Path) -> float:
    """Wall time of one command; a failure stops the benchmark with its output."""
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    return elapsed


def series(command: list[str], cwd: Path, runs: int) -> list[float]:
    """Run a command several times."""
    return [timed(command, cwd) for _ in range(runs)]


def describe(name: str, times: list[float]) -> str:
    """Median and spread of a series."""
    spread = (max(times) - min(times)) if len(times) > 1 else 0.0
    return f"{name:<14} median {statistics.median(times):7.3f} s  (min {min(times):.3f}, max {max(times):.3f}, spread {spread:.3f}, n={len(times)})"


def smoke_site(root: Path) -> Path:
    """A tiny generated site for a quick check that the benchmark itself works."""
    posts = root / "_posts"
    posts.mkdir(parents=True)
    for i in range(20):
        (posts / f"2024-01-{i + 1:02d}-post-{i}.md").write_text(
            f"---\ntitle: Post {i}\ntags: [t{i % 3}]\n---\nHello *{i}*.\n\n```python\nx = {i}\n```\n"
        )
    (root / "_config.yml").write_text("title: Smoke\ntimezone: UTC\n")
    (root / "index.html").write_text("---\n---\n{% for p in site.posts %}{{ p.title }}{% endfor %}\n")
    return root


def main() -> None:
    """Parse arguments, run each tool, print figures and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", help="the site's source folder")
    parser.add_argument("--config", help="comma-separated config files (relative to SITE)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--smoke", action="store_true", help="a tiny generated site, 1 run, no Jekyll")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reblog-bench-"))
    try:
        site = smoke_site(work / "site") if args.smoke else Path(args.site).resolve()
        runs = 1 if args.smoke else args.runs
        config = ["--config", args.config] if args.config else []
        reblog = [sys.executable, "-m", "reblog", "build", "-q", "-d", str(work / "reblog"), *config]
        results = {"reblog": series(reblog, site, runs)}
        if not args.smoke and shutil.which("jekyll"):
            jekyll = ["jekyll", "build", "-q", "-d", str(work / "jekyll"), *config]
            results["jekyll"] = series(jekyll, site, runs)
        for name, times in results.items():
            print(describe(name, times))
        if "jekyll" in results:
            ratio = statistics.median(results["jekyll"]) / statistics.median(results["reblog"])
            print(f"reblog is {ratio:.1f}x faster than jekyll (median vs median)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
