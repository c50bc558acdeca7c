"""The build benchmark runs (``--smoke``: a tiny generated site) and prints its figures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "build_bench.py"


def test_build_bench_smoke() -> None:
    result = subprocess.run([sys.executable, str(BENCH), "--smoke"], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert "reblog cold (--no-cache)" in result.stdout and "median" in result.stdout
    assert "warm/cold ratio" in result.stdout
