"""Rouge's own samples through reblog's Rouge-faithful lexers and through the real Rouge, compared.

    python benchmarks/rouge_conformance.py DIR [DIR ...] [-v]

Each DIR holds samples named by their Rouge tag, as Rouge's ``spec/visual/samples`` (a checkout of
rouge-ruby/rouge at v3.30.0, the version Debian's Jekyll 4.3 uses: fetched, never committed) and
Debian's ``/usr/share/ruby-rouge/demos`` do. For every sample whose tag has a lexer of reblog's own
(``reblog.rouge.registry.rouge_lexer``; the other tags go through Pygments and are not counted), the
sample is highlighted by Rouge 3.30 (one Ruby process for all, with ``Rouge::Formatters::HTML``, as
``rougify highlight -f html`` does) and by ``reblog.rouge.highlight.format_tokens``, and the two are
compared byte for byte. Samples are read as ``rougify`` reads a file (Windows line endings become
plain newlines). Prints each differing sample (``-v``: every sample) and the totals: files and lines
identical.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from reblog.rouge.highlight import format_tokens
from reblog.rouge.registry import rouge_lexer

def samples(folders: list[Path]) -> list[tuple[str, Path]]:
    """(tag, file) of every sample whose tag reblog has a lexer of its own for."""
    found = []
    for folder in folders:
        for path in sorted(folder.iterdir()):
            if path.is_file() and rouge_lexer(path.name) is not None:
                found.append((path.name, path))
    return found


def rougify(sample: tuple[str, Path]) -> str:
    """Rouge's HTML for one sample."""
    tag, path = sample
    done = subprocess.run(["rougify", "highlight", "-f", "html", "-l", tag, str(path)],
                          capture_output=True, text=True, check=True)
    return done.stdout


def main() -> None:
    """Compare and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true")
    options = parser.parse_args()
    found = samples(options.folders)
    if not found:
        sys.exit("no samples with a reblog lexer in " + ", ".join(map(str, options.folders)))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        expected = list(pool.map(rougify, found))
    files = lines = files_same = lines_same = 0
    for (tag, path), want in zip(found, expected, strict=True):
        source = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        got = format_tokens(source, tag)
        want_lines, got_lines = want.split("\n"), got.split("\n")
        same_lines = sum(a == b for a, b in zip(want_lines, got_lines))
        files += 1
        lines += len(want_lines)
        files_same += got == want
        lines_same += same_lines if got != want else len(want_lines)
        if got != want or options.verbose:
            print(f"{'same' if got == want else 'DIFFERS'}  {tag:<14} {path}  "
                  f"({same_lines}/{len(want_lines)} lines)")
    tags = len({tag for tag, _ in found})
    print(f"{tags} tags: {files_same} of {files} samples identical to Rouge 3.30; "
          f"lines {lines_same} of {lines}")


if __name__ == "__main__":
    main()
