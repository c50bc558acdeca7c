"""The pipeline's handling of what a one-shot build makes before rendering."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import pytest

from reblog.log import Logger
from reblog.pipeline import BuildOptions, Pipeline


def _site(folder: Path) -> Path:
    (folder / "_layouts").mkdir(parents=True)
    (folder / "_config.yml").write_text("title: t\n")
    (folder / "_layouts/default.html").write_text("<p>{{ content }}</p>\n")
    (folder / "index.md").write_text("---\nlayout: default\n---\n# Hi\n")
    return folder


@pytest.mark.parametrize(("exits_after", "serving", "frozen"), [
    (True, False, True),     # ``reblog build`` as a program
    (True, True, False),     # ``reblog serve``: it builds again and again
    (False, False, False),   # a build called from Python
])
def test_a_one_shot_build_freezes_what_it_made_before_rendering(
    tmp_path: Path, exits_after: bool, serving: bool, frozen: bool, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The engines and the site read live to the end of a one-shot build: the cyclic collector is
    paused while they are made and never walks them afterwards; other builds leave it alone."""
    source = _site(tmp_path / "src")
    options = BuildOptions(source=source, destination=str(tmp_path / "out"), cache=False,
                           exits_after=exits_after, serving=serving)
    # The freezes this build makes, on this thread: a dev server an earlier test left behind
    # may freeze from its own timer thread meanwhile, which the global freeze count would show.
    freezes: list[str] = []
    real_freeze = gc.freeze

    def freeze() -> None:
        if threading.current_thread() is mine:
            freezes.append("freeze")
        real_freeze()

    mine = threading.current_thread()
    monkeypatch.setattr(gc, "freeze", freeze)
    gc.unfreeze()
    try:
        Pipeline(options, Logger(quiet=True)).build()
        assert bool(freezes) is frozen
        if frozen:
            assert gc.get_freeze_count() > 0
        assert gc.isenabled()
    finally:
        gc.unfreeze()
    assert (tmp_path / "out/index.html").is_file()
