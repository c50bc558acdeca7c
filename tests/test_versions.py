"""The libraries that shape output are the versions the goldens were checked with (constraints.txt).

The golden files come from the real tools (Jekyll, kramdown, Rouge), but whether reblog matches
them also depends on the Python libraries it builds on: a new markdown-it-py or Pygments can move
output. The versions every golden passed with are pinned in constraints.txt, which CI installs.
"""

from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHAPING = ("markdown-it-py", "mdit-py-plugins", "Pygments", "python-liquid", "emoji", "libsass")


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, pinned = line.partition("==")
            pins[name.strip()] = pinned.strip()
    return pins


def test_constraints_pin_every_library_that_shapes_output() -> None:
    assert sorted(_pins()) == sorted(SHAPING)


def test_installed_versions_are_those_the_goldens_were_made_with() -> None:
    wrong = []
    for name, pinned in _pins().items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            installed = "not installed"
        if installed != pinned:
            wrong.append(f"{name} {installed} (goldens checked with {pinned})")
    assert not wrong, (
        "installed libraries differ from those the golden files were checked with: "
        + "; ".join(wrong)
        + ". Install with: pip install -c constraints.txt -e '.[test]' (or, after checking every "
        "golden passes with the new versions, update constraints.txt)."
    )


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r"```sh\n(pip install -c constraints\.txt[^\n]*)\n```", readme)
    assert command, "the README's test command installs with constraints.txt"
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert command.group(1) in ci_lines
