"""Lighthouse scores of the built-in theme: the sample blog's home page and the seed post, at phone width.

    python benchmarks/lighthouse_bench.py [--lighthouse PATH] [--page /url/ ...] [--keep DIR]

Builds this repository's sample blog with reblog into a temporary folder, serves it on 127.0.0.1
with Python's static file server, and runs Lighthouse on each page with its default settings
(mobile: a 412 px wide phone, simulated slow 4G and CPU slowdown) in Debian's headless Chromium.
Prints Performance, Accessibility, Best Practices and SEO for each page, the paint and layout
metrics behind Performance, the Lighthouse version and the machine's load average (on a loaded
machine the Performance score is the noisy one; the other three do not depend on timing).

Lighthouse is not a dependency of reblog: install it once with ``npm install lighthouse@12.2.3``
(the version the figures in issue #18 were measured with) and pass ``--lighthouse
node_modules/.bin/lighthouse``, or have ``lighthouse`` on PATH.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
# The home page and the post made from the first seed (the one with the most images).
PAGES = ["/", "/2023/12/11/aws-reinvent-2023/"]
METRICS = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
           "cumulative-layout-shift", "speed-index"]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def find_lighthouse(given: str | None) -> str:
    """The Lighthouse command: --lighthouse, else on PATH, else a global npm install."""
    candidates = [given] if given else [shutil.which("lighthouse") or "",
                                        "/usr/lib/node_modules/lighthouse/cli/index.js",
                                        "/usr/local/lib/node_modules/lighthouse/cli/index.js"]
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return candidate
    sys.exit("lighthouse not found: npm install lighthouse@12.2.3, then --lighthouse node_modules/.bin/lighthouse")


def build_sample(dest: Path) -> None:
    """Build the repository's sample blog (its own _config.yml) with this checkout's reblog."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    subprocess.run([sys.executable, "-m", "reblog", "build", "-q", "-s", str(ROOT), "-d", str(dest)],
                   check=True, env=env, cwd=ROOT)


def audit(lighthouse: str, url: str, out: Path) -> dict[str, object]:
    """Run Lighthouse on one URL; its JSON report."""
    command = [lighthouse] if not lighthouse.endswith(".js") else ["node", lighthouse]
    subprocess.run([*command, url, "--quiet", "--output=json", f"--output-path={out}",
                    "--chrome-flags=--headless=new --no-sandbox"],
                   check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
    report: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    return report


def main() -> int:
    """Build, serve, audit, print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--lighthouse", help="the lighthouse command (default: on PATH)")
    parser.add_argument("--page", action="append", help="a URL path to audit (default: home and seed post)")
    parser.add_argument("--keep", type=Path, help="write the JSON reports into this folder")
    args = parser.parse_args()
    lighthouse = find_lighthouse(args.lighthouse)
    with tempfile.TemporaryDirectory(prefix="reblog-lighthouse-") as tmp:
        site = Path(tmp) / "site"
        build_sample(site)
        handler = functools.partial(_Quiet, directory=str(site))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        reports = args.keep or Path(tmp)
        reports.mkdir(parents=True, exist_ok=True)
        try:
            for path in args.page or PAGES:
                url = f"http://127.0.0.1:{server.server_address[1]}{path}"
                name = path.strip("/").replace("/", "_") or "home"
                report = audit(lighthouse, url, reports / f"{name}.json")
                categories = report["categories"]
                audits = report["audits"]
                settings = report["configSettings"]
                assert isinstance(categories, dict) and isinstance(audits, dict) and isinstance(settings, dict)
                scores = ", ".join(f"{c['title']} {round(c['score'] * 100)}" for c in categories.values())
                metrics = ", ".join(f"{key} {audits[key]['displayValue']}" for key in METRICS)
                print(f"{path}: {scores}")
                print(f"    {metrics} ({settings['formFactor']}, "
                      f"{settings['screenEmulation']['width']} px wide)")
            print(f"Lighthouse {report['lighthouseVersion']}; load average {os.getloadavg()[0]:.1f} "
                  f"on {os.cpu_count()} cores")
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
