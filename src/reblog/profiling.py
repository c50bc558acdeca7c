"""``reblog build --profile``: where the time went, per phase and per template, like Jekyll's table."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field


@dataclass
class TemplateStat:
    """One template's (a layout's, or a document's own Liquid) renders."""

    count: int = 0
    bytes: int = 0
    seconds: float = 0.0


@dataclass
class Profile:
    """Phase times, template times and page times of one build."""

    phases: dict[str, float] = field(default_factory=dict)
    # This process's CPU time (user+sys) per phase: what a phase costs, even on a busy machine
    # where the seconds mostly measure waiting (forked render workers are not counted).
    cpu: dict[str, float] = field(default_factory=dict)
    templates: dict[str, TemplateStat] = field(default_factory=dict)
    pages: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    # Wraps each phase, e.g. in a folded group of the CI log (``Logger.group``).
    around: Callable[[str], AbstractContextManager[None]] | None = None

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Time a phase (phases with one name add up)."""
        with self.around(name) if self.around is not None else nullcontext():
            started, cpu = time.perf_counter(), time.process_time()
            try:
                yield
            finally:
                self.phases[name] = self.phases.get(name, 0.0) + time.perf_counter() - started
                self.cpu[name] = self.cpu.get(name, 0.0) + time.process_time() - cpu

    def template(self, name: str, seconds: float, size: int) -> None:
        """Note one render of a template."""
        stat = self.templates.setdefault(name, TemplateStat())
        stat.count += 1
        stat.bytes += size
        stat.seconds += seconds

    def page(self, rel: str, seconds: float) -> None:
        """Note the time one output took to render."""
        self.pages[rel] = self.pages.get(rel, 0.0) + seconds

    def merge(self, other: Profile) -> None:
        """Add a worker process's template and page times."""
        for name, stat in other.templates.items():
            mine = self.templates.setdefault(name, TemplateStat())
            mine.count += stat.count
            mine.bytes += stat.bytes
            mine.seconds += stat.seconds
        for rel, seconds in other.pages.items():
            self.page(rel, seconds)

    def table(self, limit: int = 15) -> str:
        """The report: phases, then the slowest templates and pages."""
        width = max([28, *(len(name) + 2 for name in self.phases)])   # no name runs into its time
        lines = ["", f"{'Phase':<{width}}{'Seconds':>10}{'CPU':>10}", "-" * (width + 20)]
        lines += [f"{name:<{width}}{secs:>10.3f}{self.cpu.get(name, 0.0):>10.3f}"
                  for name, secs in self.phases.items()]
        if not self.templates and not self.pages:
            # Every output came from the build cache: say so rather than print empty tables.
            lines += ["", "No page was rendered: every output came from the build cache "
                          "(--no-cache renders and times every page)."]
        if self.templates:
            lines += ["", f"{'Template':<52}{'Count':>7}{'Bytes':>10}{'Seconds':>10}", "-" * 79]
            slow = sorted(self.templates.items(), key=lambda item: -item[1].seconds)[:limit]
            lines += [
                f"{_clip(name, 51):<52}{s.count:>7}{_size(s.bytes):>10}{s.seconds:>10.3f}"
                for name, s in slow
            ]
        if self.pages:
            lines += ["", f"{'Page':<62}{'Seconds':>10}", "-" * 72]
            pages = sorted(self.pages.items(), key=lambda item: -item[1])[:limit]
            lines += [f"{_clip(rel, 61):<62}{secs:>10.3f}" for rel, secs in pages]
        lines += self.notes
        return "\n".join(lines)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else "…" + text[-(width - 1):]


def _size(count: int) -> str:
    return f"{count / 1024:.1f}K" if count >= 1024 else str(count)
