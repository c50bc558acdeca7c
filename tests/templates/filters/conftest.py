"""Fixtures rendering filter_cases.py templates through reblog's own Liquid and Jinja2 set-up."""

from __future__ import annotations

import functools
import importlib.util
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import jinja2
import pytest

from reblog.dates import site_timezone
from reblog.frontmatter import parse_source
from reblog.model import Document, Site
from reblog.site_services import SiteServices
from reblog.templates.filters import jekyll_filters
from reblog.templates.jinja import make_jinja_environment
from reblog.templates.liquid import JekyllEnvironment, RenderState, make_environment
from reblog.templates.liquid import render_liquid as render_liquid_source
from reblog.templates.views import SiteViews
from reblog.yamlio import localize_times

HERE = Path(__file__).resolve().parent


def _load_cases() -> ModuleType:
    spec = importlib.util.spec_from_file_location("filter_cases", HERE / "filter_cases.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CASES = _load_cases()
EXPECTED: dict[str, Any] = json.loads((HERE / "expected.json").read_text("utf-8"))


@dataclass
class CaseSite:
    """One case configuration as reblog builds it: the site, its views and its engines."""

    site: Site
    views: SiteViews
    page: Document
    liquid: JekyllEnvironment
    jinja: jinja2.Environment


@functools.cache
def case_site(config_name: str) -> CaseSite:
    """The production engines for a case configuration (as regenerate.py's Jekyll site is set up).

    The page's front matter goes through reblog's front matter reader and the site's zone, as
    the reader reads ``case0000.html``; filters come from the real SiteServices; Liquid and
    Jinja2 are the environments the renderer makes.
    """
    config = {**CASES.CONFIGS[config_name], "source": str(HERE), "destination": str(HERE / "_site")}
    site = Site.configured(config)
    site.data = dict(CASES.DATA)
    source = parse_source(f"---\n{CASES.PAGE_YAML}---\n", "case0000.html")
    data = localize_times(source.data, site_timezone(site.settings.timezone))
    page = Document(HERE / "case0000.html", "case0000.html", "page", None, data, "",
                    name="case0000.html")
    site.pages.append(page)
    filters = jekyll_filters(SiteServices(site))
    liquid = make_environment(site.settings, filters)
    jinja = make_jinja_environment([], filters)
    return CaseSite(site, SiteViews(site), page, liquid, jinja)


def render_context(config_name: str) -> dict[str, Any]:
    """Template globals: ``page`` and ``site`` as the renderer gives them."""
    made = case_site(config_name)
    return {"page": made.views.doc(made.page), "site": made.views.site_view()}


def jinja_env(config_name: str) -> jinja2.Environment:
    """The Jinja2 environment reblog renders layouts with (Jinja's builtins keep their meaning)."""
    return case_site(config_name).jinja


@dataclass(frozen=True)
class Case:
    """One template with the output real Jekyll produced for it."""

    config: str
    template: str
    expected: Any

    def __str__(self) -> str:
        return f"{self.config}::{self.template}"


def render_liquid(case: Case) -> str:
    """Render a case as the renderer renders a page's Liquid (a failure is a ReblogError)."""
    made = case_site(case.config)
    state = RenderState(HERE, [], {}, {}, "", lambda code, lang, linenos: code,
                        doc_relpath="case0000.html")
    return render_liquid_source(made.liquid, case.template, "case0000.html",
                                render_context(case.config), state)


def _cases_for(group: str) -> list[Case]:
    if group == "errors":
        return [Case(c, t, EXPECTED["__errors__"][f"{c}::{t}"]) for c, t in CASES.ERROR_CASES]
    if group == "jinja":
        return [Case(c, j, EXPECTED[f"{c}::{lq}"]) for c, j, lq in CASES.JINJA_CASES]
    return [Case(c, t, EXPECTED[f"{c}::{t}"]) for c, t in CASES.CASES[group]]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize `case` with the cases of the test module's GROUP."""
    if "case" in metafunc.fixturenames:
        cases = _cases_for(metafunc.module.GROUP)
        metafunc.parametrize("case", cases, ids=[str(c)[:80] for c in cases])


@pytest.fixture
def render() -> Callable[[Case], str]:
    """Render a case through python-liquid."""
    return render_liquid
