"""SLOW (about a minute): the Pages workflow's install and build steps, run for real on a wheel of this checkout.

This is the one slow test of the suite, marked ``slow`` (deselect with ``-m "not slow"``). It builds a
wheel from the checkout, makes a fresh venv, and runs the ``run:`` steps of the workflow that
``reblog new`` writes, in order, on the site it made: ``pip install "reblog==X.Y.Z"`` (pointed at the
wheel with ``--find-links``), ``reblog build --strict`` and ``reblog check``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from reblog import __version__
from reblog.scaffold import new_site

ROOT = Path(__file__).resolve().parents[2]
BASE_PATH = "/blog"   # what actions/configure-pages gives a project site


def _run(cmd: list[str] | str, cwd: Path, env: dict[str, str]) -> str:
    proc = subprocess.run(cmd, cwd=cwd, env=env, shell=isinstance(cmd, str), check=False,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"{cmd}\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout + proc.stderr


def _wheel(tmp_path: Path) -> Path:
    """A wheel of the checkout, built from a copy so the build leaves nothing in the checkout."""
    src = tmp_path / "checkout"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    shutil.copytree(ROOT / "src", src / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    wheels = tmp_path / "wheels"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(src)],
         tmp_path, dict(os.environ))
    built = list(wheels.glob("reblog-*.whl"))
    assert [w.name.split("-")[1] for w in built] == [__version__]
    return wheels


def _workflow_runs(site: Path, job: str) -> list[str]:
    data = yaml.safe_load((site / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    return [step["run"] for step in data["jobs"][job]["steps"] if "run" in step]


@pytest.mark.slow
def test_workflow_install_and_build_steps_work_on_a_wheel_of_the_checkout(tmp_path: Path) -> None:
    wheels = _wheel(tmp_path)
    venv = tmp_path / "venv"
    # --system-site-packages: the dependencies come from this machine instead of being downloaded;
    # reblog itself must come from the wheel (checked below), not from the copy installed here.
    _run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], tmp_path, dict(os.environ))
    site = tmp_path / "site"
    new_site(site)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "GITHUB_ACTIONS")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv)
    for job, base_path in (("check", None), ("build", BASE_PATH)):
        runs = _workflow_runs(site, job)
        assert runs[0] == f'pip install "reblog=={__version__}"'
        # The wheel stands in for the index; --ignore-installed --no-deps because this machine
        # already has reblog (editable) and its dependencies in the system site-packages.
        install = runs[0].replace("pip install", f"python -m pip install -q --no-index --find-links "
                                                 f"{wheels} --ignore-installed --no-deps", 1)
        _run(install, site, env)
        _run("python -m pip check", site, env)   # the wheel's dependencies are all satisfied
        where = _run(["python", "-c", "import reblog; print(reblog.__file__)"], site, env)
        assert where.strip().startswith(str(venv)), where
        for step in runs[1:]:
            if base_path is not None:
                step = step.replace("${{ steps.pages.outputs.base_path }}", base_path)
            assert "${{" not in step, step
            _run(step, site, env)
        assert (site / "_site" / "index.html").is_file()
        if base_path is not None:
            assert f'href="{base_path}/' in (site / "_site" / "index.html").read_text(encoding="utf-8")
        shutil.rmtree(site / "_site")
