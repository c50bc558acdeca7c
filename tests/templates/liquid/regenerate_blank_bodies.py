"""Print Ruby Liquid 5.4's output (Debian's, the one Jekyll 4.3.1 uses) for each case in
``blank_bodies.json`` and write it back as the expected value.

Usage: python tests/templates/liquid/regenerate_blank_bodies.py   (needs `ruby` with the liquid gem)
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
CASES = HERE / "blank_bodies.json"
RUBY = 'require "liquid"; require "json"; ' \
       'puts JSON.generate(JSON.parse(STDIN.read).map { |s| Liquid::Template.parse(s).render })'


def main() -> None:
    """Render every case's source with Ruby Liquid and store the results as expected."""
    cases = json.loads(CASES.read_text(encoding="utf-8"))
    sources = [case["source"] for case in cases]
    done = subprocess.run(["ruby", "-e", RUBY], input=json.dumps(sources), capture_output=True,
                          text=True, check=True)
    for case, want in zip(cases, json.loads(done.stdout), strict=True):
        case["ruby"] = want
    CASES.write_text(json.dumps(cases, indent=1) + "\n", encoding="utf-8")
    print(f"{len(cases)} cases")


if __name__ == "__main__":
    main()
