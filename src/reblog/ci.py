"""GitHub Actions: workflow commands (annotations, groups) and the job summary, from the environment."""

from __future__ import annotations

import html
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

TITLE = "reblog"


def escape_data(text: str) -> str:
    """A workflow command's message, escaped as the runner unescapes it (``%`` first)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: as a message, plus ``:`` and ``,`` (they delimit)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(command: str, message: str, properties: Mapping[str, str | int | None]) -> str:
    """``::command key=value,...::message``; properties without a value are left out."""
    props = ",".join(f"{key}={escape_property(str(value))}"
                     for key, value in properties.items() if value not in (None, ""))
    return f"::{command}{' ' + props if props else ''}::{escape_data(message)}"


def in_ci(environ: Mapping[str, str] | None = None) -> bool:
    """Whether this runs on a CI service: ``CI`` set to anything but empty, 0 or false.

    GitHub Actions, GitLab CI, CircleCI, Travis, Buildkite and others set ``CI=true``; some of them
    run steps on a pseudo-terminal, where a progress line that rewrites itself would fill the log.
    """
    env = os.environ if environ is None else environ
    return env.get("CI", "").strip().lower() not in ("", "0", "false")


@dataclass(frozen=True)
class GitHubActions:
    """Where a run on GitHub Actions keeps the repository and the job summary."""

    workspace: Path               # the repository's root: annotation paths are relative to it
    summary: Path | None = None   # $GITHUB_STEP_SUMMARY: Markdown appended by each step

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> GitHubActions | None:
        """The run's settings when ``GITHUB_ACTIONS=true`` (as the runner sets it), else None."""
        env = os.environ if environ is None else environ
        if env.get("GITHUB_ACTIONS") != "true":
            return None
        workspace = Path(env.get("GITHUB_WORKSPACE") or os.getcwd())
        summary = env.get("GITHUB_STEP_SUMMARY")
        return cls(workspace, Path(summary) if summary else None)

    def repo_path(self, path: Path) -> str | None:
        """``path`` relative to the repository, or None when it is outside it (no annotation can point there)."""
        try:
            return path.resolve().relative_to(self.workspace.resolve()).as_posix()
        except ValueError:
            return None

    def annotation(self, level: str, message: str, file: Path | None = None, line: int | None = None) -> str:
        """An ``::error``/``::warning`` command; it shows on ``file``'s ``line`` in a pull request."""
        where = self.repo_path(file) if file is not None else None
        if file is not None and where is None:
            # Outside the repository (an installed theme): keep the location in the message.
            message = f"{file}{f':{line}' if line else ''}: {message}"
        return workflow_command(level, message, {
            "file": where, "line": line if where and line else None, "title": TITLE,
        })

    def append_summary(self, markdown: str) -> None:
        """Add a section to the job summary (every step's sections are shown in order)."""
        if self.summary is None:
            return
        with self.summary.open("a", encoding="utf-8") as out:
            out.write(markdown.rstrip("\n") + "\n\n")


def md_text(text: str) -> str:
    """Text for a Markdown table cell or list item: HTML escaped (``<img>`` stays text), pipes escaped."""
    return html.escape(text, quote=False).replace("|", "\\|").replace("\n", " ")


def md_table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]], right: int = 1) -> str:
    """A GitHub-flavoured Markdown table; the last ``right`` columns (numbers) align right."""
    align = ["---"] * (len(header) - right) + ["---:"] * right
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def source_line(path: Path, needles: list[str]) -> int | None:
    """The first line of ``path`` holding one of ``needles`` (tried in order), for an annotation."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    for needle in needles:
        if needle:
            for number, text in enumerate(lines, start=1):
                if needle in text:
                    return number
    return None
