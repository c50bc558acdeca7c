"""The release workflow (.github/workflows/release.yml): valid, tag-triggered, trusted publishing."""

from __future__ import annotations

import copy
import importlib.util
import os
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"


def _pages_schema() -> dict[str, Any]:
    """The documented-workflow schema the Pages workflow test uses (tests/test_scaffold.py)."""
    spec = importlib.util.spec_from_file_location("scaffold_schema", ROOT / "tests" / "test_scaffold.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return copy.deepcopy(module.WORKFLOW_SCHEMA)


def _release_schema() -> dict[str, Any]:
    """That schema, widened by the documented keys a release uses: tag filters, job permissions,
    action refs that are branches with a slash (release/v1)."""
    schema = _pages_schema()
    schema["properties"]["on"]["properties"]["push"]["properties"]["tags"] = {
        "type": "array", "items": {"type": "string"}}
    job = schema["properties"]["jobs"]["additionalProperties"]
    job["properties"]["permissions"] = schema["properties"]["permissions"]
    step = job["properties"]["steps"]["items"]
    step["properties"]["uses"]["pattern"] = r"^[\w.-]+/[\w.-]+@[\w./-]+$"
    return schema


def _typed(value: Any) -> Any:
    """BaseLoader keeps every scalar a string; give booleans back their type (not ``on``)."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    if value in ("true", "false"):
        return value == "true"
    return None if value == "" else value


def _workflow() -> dict[str, Any]:
    data = yaml.load(WORKFLOW.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # "on" stays a string
    return dict(_typed(data))


def test_release_workflow_matches_the_documented_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema", reason="pip install -e '.[test]' brings jsonschema")
    data = _workflow()
    jsonschema.validate(data, _release_schema())
    broken = copy.deepcopy(data)
    broken["jobs"]["publish"]["permisions"] = {"id-token": "write"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, _release_schema())


def test_release_runs_on_version_tags_and_publishes_with_trusted_publishing() -> None:
    data = _workflow()
    assert data["on"] == {"push": {"tags": ["v*"]}}
    assert data["permissions"] == {"contents": "read"}   # nothing else may write
    publish = data["jobs"]["publish"]
    assert publish["needs"] == "build" and publish["permissions"] == {"id-token": "write"}
    assert publish["environment"]["name"] == "pypi"
    uses = [step.get("uses", "") for step in publish["steps"]]
    assert any(u.startswith("pypa/gh-action-pypi-publish@") for u in uses)
    # No API token: trusted publishing needs none, and a secret would bypass it.
    assert "secrets." not in WORKFLOW.read_text(encoding="utf-8")


def test_release_builds_sdist_and_wheel_and_checks_the_tag_is_the_version() -> None:
    steps = _workflow()["jobs"]["build"]["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "python -m build" in runs and "dist/*.whl" in runs
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    check = next(step["run"] for step in steps if "GITHUB_REF_NAME" in step.get("run", ""))
    # The step itself, run as Actions would (bash -e), against this checkout's pyproject.toml.
    for tag, ok in ((f"v{version}", True), ("v0.0.0-not-this", False)):
        proc = subprocess.run(["bash", "-e", "-c", check], cwd=ROOT, capture_output=True, text=True,
                              env={**os.environ, "GITHUB_REF_NAME": tag}, check=False)
        assert (proc.returncode == 0) == ok, (tag, proc.stdout, proc.stderr)
        if not ok:
            assert f"tag {tag} is not v{version}" in proc.stdout
