"""Configuration: Jekyll's defaults, files merged in order, flags last."""

from __future__ import annotations

from pathlib import Path

import pytest

from reblog.config import DEFAULT_EXCLUDES, deep_merge, load_config
from reblog.errors import ReblogError


def test_defaults_without_config_file(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config["permalink"] == "date"
    assert config["excerpt_separator"] == "\n\n"
    assert config["kramdown"]["input"] == "GFM"
    assert set(DEFAULT_EXCLUDES) <= set(config["exclude"])
    assert config["destination"] == str((Path.cwd() / "_site").resolve())


def test_files_merge_deeply_in_order(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text("title: A\nkramdown:\n  hard_wrap: true\nlist: [1]\n")
    (tmp_path / "b.yml").write_text("title: B\nkramdown:\n  auto_ids: false\nlist: [2]\n")
    config = load_config(tmp_path, [str(tmp_path / "a.yml"), str(tmp_path / "b.yml")])
    assert config["title"] == "B"
    assert config["kramdown"]["hard_wrap"] is True and config["kramdown"]["auto_ids"] is False
    assert config["list"] == [2]


def test_overrides_win(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("baseurl: /x\n")
    assert load_config(tmp_path, overrides={"baseurl": "/y"})["baseurl"] == "/y"


def test_gems_is_not_read_as_plugins(tmp_path: Path) -> None:
    # Jekyll 4.3's Site#gems is config["plugins"]; the Jekyll 2 name `gems:` loads nothing
    # (golden site config-gems-ignored has Jekyll's output).
    (tmp_path / "_config.yml").write_text("gems: [jekyll-feed]\n")
    assert load_config(tmp_path)["plugins"] == []


def test_bad_yaml_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("title: ok\nbad: [unclosed\nmore: 1\n")
    with pytest.raises(ReblogError) as info:
        load_config(tmp_path)
    assert info.value.file.endswith("_config.yml") and info.value.line is not None


def test_config_must_be_a_mapping(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("- just\n- a list\n")
    with pytest.raises(ReblogError):
        load_config(tmp_path)


def test_missing_named_config_file(tmp_path: Path) -> None:
    with pytest.raises(ReblogError) as info:
        load_config(tmp_path, [str(tmp_path / "nope.yml")])
    assert "not found" in info.value.message


def test_deep_merge_does_not_mutate() -> None:
    base = {"a": {"b": 1}}
    merged = deep_merge(base, {"a": {"c": 2}})
    assert merged == {"a": {"b": 1, "c": 2}} and base == {"a": {"b": 1}}


def test_source_in_the_config_names_the_site_folder(tmp_path, monkeypatch) -> None:
    # Jekyll: `source:` in ./_config.yml is relative to the working directory; -s on the command line wins.
    (tmp_path / "src").mkdir()
    (tmp_path / "_config.yml").write_text("source: src\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    config = load_config(Path("."))
    assert config["source"] == str(tmp_path / "src")
    assert config["destination"] == str(tmp_path / "_site")
    assert load_config(tmp_path)["source"] == str(tmp_path)


def test_source_in_the_config_must_exist(tmp_path, monkeypatch) -> None:
    (tmp_path / "_config.yml").write_text("source: nowhere\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ReblogError, match="nowhere"):
        load_config(Path("."))
