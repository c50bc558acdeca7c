"""Fixtures rendering filter_cases.py templates through python-liquid and Jinja2."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import jinja2
import liquid
import pytest
import yaml
from liquid.builtin.output import Output, OutputNode

from reblog.config.model import Settings
from reblog.config.parse import parse_settings
from reblog.templates.filters import jekyll_filters, jinja_filters, to_liquid_str
from reblog.templates.filters.dates import fixed_zone
from reblog.templates.liquid.exp_filters import register_exp_filters

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
class FakeSite:
    """Minimal FilterSite: the settings plus marker converters."""

    config: Mapping[str, Any] = field(default_factory=dict)

    @property
    def settings(self) -> Settings:
        return parse_settings(self.config)

    def markdownify(self, text: str) -> str:
        return f"<md>{text}</md>"

    def smartify(self, text: str) -> str:
        return f"<smart>{text}</smart>"

    def scssify(self, text: str) -> str:
        return f"<scss>{text}</scss>"

    def sassify(self, text: str) -> str:
        return f"<sass>{text}</sass>"


class ReadOnlyView(Mapping[str, Any]):
    """Stands in for reblog's read-only document/page views."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = data

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


class RubyOutputNode(OutputNode):
    """`{{ }}` that prints values the way Ruby Liquid does (to_liquid_str)."""

    def render_to_output(self, context: Any, buffer: Any) -> int:
        return buffer.write(to_liquid_str(self.expression.evaluate(context)))


class RubyOutput(Output):
    """Output "tag" producing RubyOutputNode."""

    node_class = RubyOutputNode


class PsychLikeLoader(yaml.SafeLoader):
    """SafeLoader whose timestamps carry zones the way Ruby's Psych builds Times."""


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    value = loader.construct_yaml_timestamp(node)
    if not isinstance(value, dt.datetime):
        return value
    raw = node.value.strip()
    if value.tzinfo is None or raw[-1] in "Zz":
        # Psych: no zone -> UTC, "Z" -> a UTC Time (prints "UTC").
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value
    # An explicit numeric offset (even +00:00) is a fixed-offset Time without a zone name.
    return value.replace(tzinfo=fixed_zone(value.utcoffset() or dt.timedelta(0)))


PsychLikeLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def page_data() -> dict[str, Any]:
    """The case page's front matter as Jekyll would expose it."""
    return yaml.load(CASES.PAGE_YAML, Loader=PsychLikeLoader)


def render_context(config_name: str) -> dict[str, Any]:
    """Template globals: `page` (a Mapping view) and `site`."""
    config = CASES.CONFIGS[config_name]
    return {"page": ReadOnlyView(page_data()), "site": {**config, "data": CASES.DATA}}


def liquid_env(config_name: str) -> liquid.Environment:
    """A python-liquid environment with every Jekyll filter registered."""
    env = liquid.Environment()
    env.add_tag(RubyOutput)
    env.filters.update(jekyll_filters(FakeSite(CASES.CONFIGS[config_name])))
    register_exp_filters(env)
    return env


def jinja_env(config_name: str, *, keep_builtins: bool = False) -> jinja2.Environment:
    """A Jinja2 environment with the Jekyll filters registered.

    With keep_builtins, Jinja's own sort/join/first/... stay in place (jinja_filters).
    """
    env = jinja2.Environment(finalize=to_liquid_str)
    site = FakeSite(CASES.CONFIGS[config_name])
    env.filters.update(jinja_filters(site) if keep_builtins else jekyll_filters(site))
    return env


@dataclass(frozen=True)
class Case:
    """One template with the output real Jekyll produced for it."""

    config: str
    template: str
    expected: Any

    def __str__(self) -> str:
        return f"{self.config}::{self.template}"


def render_liquid(case: Case) -> str:
    """Render a case through python-liquid."""
    template = liquid_env(case.config).from_string(case.template)
    return template.render(**render_context(case.config))


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
