"""Shared helpers: write a small site from a dict of files and build it with reblog."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from reblog.pipeline import BuildOptions, BuildResult, build
from reblog.log import Logger

from sitefiles import write_files


SiteBuilder = Callable[..., tuple[BuildResult, Path]]


@pytest.fixture
def build_site(tmp_path: Path) -> SiteBuilder:
    """Write ``files`` as a site in tmp_path/src and build it into tmp_path/out."""

    def run(files: Mapping[str, str | bytes], **options: object) -> tuple[BuildResult, Path]:
        src = tmp_path / "src"
        write_files(src, files)
        if "_config.yml" not in files:
            (src / "_config.yml").write_text("timezone: UTC\n", encoding="utf-8")
        out = tmp_path / "out"
        opts = BuildOptions(source=src, destination=str(out), **options)  # type: ignore[arg-type]
        return build(opts, Logger(quiet=True)), out

    return run
