"""Deferred modules (``templates/liquid/deferred.py``): their code runs on first use, and only once."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from reblog.templates.liquid.deferred import defer


@pytest.fixture
def package(tmp_path: Path) -> Iterator[Path]:
    """A package ``dpkg`` whose modules log to ``dpkg_log.RAN`` when their code runs."""
    (tmp_path / "dpkg_log.py").write_text("RAN = []\n", encoding="utf-8")
    pkg = tmp_path / "dpkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    body = textwrap.dedent("""\
        import time
        import dpkg_log
        dpkg_log.RAN.append(__name__)
        time.sleep(0.05)   # a slow module: two threads reading it overlap
        VALUE = 42
        def twice(x):
            return 2 * x
    """)
    (pkg / "slow.py").write_text(body, encoding="utf-8")
    (tmp_path / "dtop.py").write_text(body, encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    try:
        yield tmp_path
    finally:
        sys.path.remove(str(tmp_path))
        for name in [n for n in sys.modules if n.split(".")[0] in ("dpkg", "dpkg_log", "dtop")]:
            del sys.modules[name]


def ran() -> list[str]:
    import dpkg_log
    return list(dpkg_log.RAN)


def test_a_deferred_module_runs_when_an_attribute_is_read(package: Path) -> None:
    defer(("dtop",))
    import dtop   # the import itself runs nothing
    assert ran() == []
    assert dtop.VALUE == 42
    assert dtop.twice(4) == 8
    assert ran() == ["dtop"]
    import dtop as again
    assert again is dtop and again.VALUE == 42
    assert ran() == ["dtop"]


def test_every_import_form_of_a_submodule_works(package: Path) -> None:
    defer(("dpkg.slow",))
    from dpkg import slow
    import dpkg.slow
    assert ran() == []
    assert dpkg.slow is slow
    assert slow.twice(5) == 10
    from dpkg.slow import VALUE
    assert VALUE == 42
    assert ran() == ["dpkg.slow"]


def test_two_threads_run_the_module_once_and_both_see_it_whole(package: Path) -> None:
    defer(("dtop",))
    import dtop
    seen: list[int] = []
    threads = [threading.Thread(target=lambda: seen.append(dtop.VALUE)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == [42] * 4
    assert ran() == ["dtop"]


def test_imported_or_missing_modules_are_left_alone(package: Path) -> None:
    import dtop  # noqa: F401 - imported before the deferral
    assert ran() == ["dtop"]
    defer(("dtop", "no_such_module_here", "dpkg.no_such_submodule"))
    assert type(sys.modules["dtop"]) is type(sys)   # a plain module still
    assert "no_such_module_here" not in sys.modules and "dpkg.no_such_submodule" not in sys.modules


def test_building_does_not_load_asyncio(tmp_path: Path) -> None:
    """What the deferral is for: python-liquid imports asyncio, a build never runs it."""
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_posts" / "2024-01-02-hello.md").write_text("---\ntitle: Hi\n---\n{{ page.title | upcase }}\n", encoding="utf-8")
    code = ("import sys; from reblog.cli import main; main(['build', '-q', '-s', sys.argv[1], '-j', '1']);"
            " print('asyncio.base_events' in sys.modules, 'dateutil.parser._parser' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code, str(site)], cwd=site, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]
    assert (site / "_site" / "2024" / "01" / "02" / "hello.html").read_text(encoding="utf-8").strip() == "<p>HI</p>"
