"""Build every tiny site in ``jekyll_sites.json`` with Debian's Jekyll 4.3.1 and store its output.

Usage: python tests/templates/liquid/regenerate_jekyll_sites.py   (needs Debian's `jekyll` 4.3.1)

Each case is a site (``files``, a ``_config.yml`` with ``timezone: UTC`` unless given) and the page
whose output is compared (``page``, in ``_site``). A build that fails stores Jekyll's
``Liquid Exception: ...`` line instead, with the site's folder taken out of the paths it names
(reblog names files from the site's folder, Jekyll by their full path).
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CASES = HERE / "jekyll_sites.json"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def build(files: dict[str, str], page: str) -> dict[str, str]:
    """Jekyll's output for ``page``, or its error line when the build stops."""
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp).resolve()
        files = {"_config.yml": "timezone: UTC\n", **files}
        for name, text in files.items():
            (site / name).parent.mkdir(parents=True, exist_ok=True)
            (site / name).write_text(text, encoding="utf-8")
        done = subprocess.run(["jekyll", "build", "-s", str(site), "-d", str(site / "_site")],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            text = _ANSI.sub("", done.stdout + done.stderr)
            line = next(line.strip() for line in text.splitlines() if "Liquid Exception:" in line)
            return {"error": line.replace(f"{site}/", "")}
        return {"output": (site / "_site" / page).read_text(encoding="utf-8")}


def main() -> None:
    """Build every case with Jekyll and write its output back as the expected value."""
    cases = json.loads(CASES.read_text(encoding="utf-8"))
    for case in cases:
        case["jekyll"] = build(case["files"], case["page"])
    CASES.write_text(json.dumps(cases, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(cases)} cases")


if __name__ == "__main__":
    main()
