"""The plugin API end to end: a plugin installed as a package, a site's ``_plugins/*.py``, ``--safe``."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from reblog.errors import ReblogError
from reblog.log import Logger
from reblog.pipeline import BuildOptions, build
from reblog.plugins.api import BUILTINS, ENTRY_POINT_GROUP, available_plugins

from sitefiles import write_files

ROOT = Path(__file__).resolve().parents[2]

# A third-party plugin as its author would ship it: a package and its entry point.
WORDCOUNT = '''
"""reblog-wordcount: {{ text | word_count }}, a /words.txt index and a marker in every page."""

from reblog.plugins.api import Plugin, PluginContext, TemplateRegistry


class WordCount(Plugin):
    name = "reblog-wordcount"

    def generate(self, site, context: PluginContext) -> None:
        total = sum(len(doc.content.split()) for doc in site.posts)
        label = context.option("wordcount", "label", "words")
        context.add_page("words.txt", f"{total} {label}\\n", {"layout": None})

    def register_templates(self, templates: TemplateRegistry, context: PluginContext) -> None:
        templates.filter("word_count", lambda text: len(str(text).split()))
        templates.liquid_inline_tag("markdown_of", lambda render, markup: context.markdownify(markup))

    def post_render(self, doc, context: PluginContext) -> None:
        if doc.output_ext == ".html":
            doc.output = (doc.output or "").replace("</body>", "<!-- counted --></body>")
'''

SITE = {
    "_config.yml": "timezone: UTC\nplugins: [reblog-wordcount]\nwordcount: {label: mots}\n",
    "_layouts/default.html": "<html><body>{{ content }}</body></html>\n",
    "_layouts/plain.jinja": "<html><body>{{ content }} ({{ page.title | word_count }})</body></html>\n",
    "_posts/2024-01-02-hello.md": "---\nlayout: default\ntitle: Hello\n---\none two three\n",
    "index.md": "---\nlayout: default\n---\n{{ 'a b c d' | word_count }} {% markdown_of *hi* %}\n",
    "jinja.md": "---\nlayout: plain\ntitle: three little words\n---\nBody\n",
}


def _install_wordcount(where: Path) -> Path:
    """A distribution on disk that importlib.metadata finds: the package and its dist-info."""
    package = where / "reblog_wordcount"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(WORDCOUNT, encoding="utf-8")
    info = where / "reblog_wordcount-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: reblog-wordcount\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(
        f"[{ENTRY_POINT_GROUP}]\nreblog-wordcount = reblog_wordcount:WordCount\n", encoding="utf-8"
    )
    return where


def test_pyproject_registers_the_builtins_as_entry_points() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["entry-points"][ENTRY_POINT_GROUP] == BUILTINS


def test_an_installed_plugin_is_found_by_its_entry_point(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(_install_wordcount(tmp_path / "site-packages")))
    assert available_plugins()["reblog-wordcount"].value == "reblog_wordcount:WordCount"
    src, out = tmp_path / "src", tmp_path / "out"
    write_files(src, SITE)
    build(BuildOptions(source=src, destination=str(out), cache=False), Logger(quiet=True))
    index = (out / "index.html").read_text(encoding="utf-8")
    # The tag's <p> lands inside a paragraph, where kramdown writes a block tag as text.
    assert index.startswith("<html><body><p>4 &lt;p&gt;<em>hi</em>&lt;/p&gt;</p>")
    assert index.endswith("<!-- counted --></body></html>\n")
    assert (out / "words.txt").read_text(encoding="utf-8") == "3 mots\n"
    assert "(3)<!-- counted --></body>" in (out / "jinja.html").read_text(encoding="utf-8")
    sys.modules.pop("reblog_wordcount", None)


def test_an_installed_plugin_runs_from_the_command_line(tmp_path: Path) -> None:
    packages = _install_wordcount(tmp_path / "site-packages")
    src, out = tmp_path / "src", tmp_path / "out"
    write_files(src, SITE)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(packages), str(ROOT / "src")])}
    run = subprocess.run(
        [sys.executable, "-m", "reblog", "build", "-s", str(src), "-d", str(out), "--no-cache", "-q"],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert (out / "words.txt").read_text(encoding="utf-8") == "3 mots\n"


SHOUT = '''
from reblog.plugins.api import Plugin


class Shout(Plugin):
    def register_templates(self, templates, context):
        templates.liquid_filter("shout", lambda text: str(text).upper() + "!")

    def generate(self, site, context):
        context.add_page("shouted.html", "{{ site.title | shout }}", {})
'''


def _shout_site(root: Path, config: str = "") -> Path:
    src = root / "src"
    write_files(src, {
        "_config.yml": "timezone: UTC\ntitle: quiet\n" + config,
        "_plugins/shout.py": SHOUT,
        "index.html": "---\n---\n{{ 'hello' | shout }}\n",
    })
    return src


def test_a_site_plugin_in_plugins_dir_runs(tmp_path: Path) -> None:
    src = _shout_site(tmp_path)
    build(BuildOptions(source=src, destination=str(tmp_path / "out"), cache=False), Logger(quiet=True))
    assert (tmp_path / "out" / "index.html").read_text(encoding="utf-8") == "HELLO!\n"
    assert (tmp_path / "out" / "shouted.html").read_text(encoding="utf-8") == "QUIET!"


@pytest.mark.parametrize("how", ["--safe", "github_pages"])
def test_safe_mode_does_not_load_site_plugins(tmp_path: Path, how: str) -> None:
    src = _shout_site(tmp_path, "github_pages: true\n" if how == "github_pages" else "")
    args = ["build", "-s", str(src), "-d", str(tmp_path / "out"), "--no-cache", "-q"]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    run = subprocess.run(
        [sys.executable, "-m", "reblog", *args, *(["--safe"] if how == "--safe" else [])],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert run.returncode == 0, run.stderr
    # An unknown Liquid filter passes its input through, as in Jekyll.
    assert (tmp_path / "out" / "index.html").read_text(encoding="utf-8") == "hello\n"
    assert not (tmp_path / "out" / "shouted.html").exists()


def test_ruby_plugins_get_one_warning_naming_them(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write_files(src, {
        "_config.yml": "timezone: UTC\n",
        "_plugins/a.rb": "module Jekyll; end\n",
        "_plugins/b.rb": "module Jekyll; end\n",
        "index.html": "hi\n",
    })
    log = Logger(quiet=True)
    build(BuildOptions(source=src, destination=str(tmp_path / "out"), cache=False), log)
    ruby = [w for w in log.warnings if "Ruby plugins" in w]
    assert len(ruby) == 1
    assert "_plugins/a.rb, _plugins/b.rb" in ruby[0] and "docs/plugin-api.md" in ruby[0]


def test_a_broken_site_plugin_names_its_file_and_line(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write_files(src, {
        "_config.yml": "timezone: UTC\n",
        "_plugins/broken.py": "from reblog.plugins.api import Plugin\n\nvalue = 1 / 0\n",
        "index.html": "hi\n",
    })
    with pytest.raises(ReblogError) as caught:
        build(BuildOptions(source=src, destination=str(tmp_path / "out"), cache=False), Logger(quiet=True))
    assert caught.value.file == "_plugins/broken.py"
    assert caught.value.line == 3
    assert "ZeroDivisionError" in caught.value.message


def test_a_plugin_that_is_not_a_plugin_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    where = tmp_path / "site-packages"
    (where / "notaplugin").mkdir(parents=True)
    (where / "notaplugin" / "__init__.py").write_text("class Thing:\n    pass\n", encoding="utf-8")
    info = where / "notaplugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: notaplugin\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\nthing = notaplugin:Thing\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(where))
    src = tmp_path / "src"
    write_files(src, {"_config.yml": "plugins: [thing]\n", "index.html": "hi\n"})
    with pytest.raises(ReblogError, match="not a reblog plugin"):
        build(BuildOptions(source=src, destination=str(tmp_path / "out"), cache=False), Logger(quiet=True))
    sys.modules.pop("notaplugin", None)


def test_the_documented_example_plugin_works(tmp_path: Path) -> None:
    """docs/plugin-api.md's example, copied into a site's _plugins/, does what the page says."""
    doc = (ROOT / "docs" / "plugin-api.md").read_text(encoding="utf-8")
    code = doc.split("```python\n", 1)[1].split("```", 1)[0]
    src = tmp_path / "src"
    write_files(src, {
        "_config.yml": "timezone: UTC\nreading_time: {words_per_minute: 2}\n",
        "_plugins/reading_time.py": code,
        "_layouts/post.html": "{{ page.title }}: {{ content | reading_time }}\n",
        "_posts/2024-05-01-long.md": "---\nlayout: post\ntitle: Long\n---\n" + "word " * 9 + "\n",
    })
    build(BuildOptions(source=src, destination=str(tmp_path / "out"), cache=False), Logger(quiet=True))
    page = tmp_path / "out" / "2024" / "05" / "01" / "long.html"
    assert page.read_text(encoding="utf-8") == "Long: 5 min read\n"


def test_editing_a_site_plugin_renders_again(tmp_path: Path) -> None:
    """The build cache and serve know a _plugins/ file's code: a change renders everything again."""
    src = _shout_site(tmp_path)
    out = tmp_path / "out"
    build(BuildOptions(source=src, destination=str(out)), Logger(quiet=True))
    assert (out / "index.html").read_text(encoding="utf-8") == "HELLO!\n"
    plugin = src / "_plugins" / "shout.py"
    plugin.write_text(plugin.read_text(encoding="utf-8").replace('+ "!"', '+ "?!"'), encoding="utf-8")
    later = plugin.stat().st_mtime + 5
    os.utime(plugin, (later, later))
    result = build(BuildOptions(source=src, destination=str(out)), Logger(quiet=True))
    assert result.how == "sequential"
    assert (out / "index.html").read_text(encoding="utf-8") == "HELLO?!\n"


# A site plugin that counts its builds in a named cache (as a Ruby plugin would in Jekyll::Cache).
COUNTER = '''
from reblog.plugins.api import Plugin


class BuildCounter(Plugin):
    def generate(self, site, context):
        cache = context.cache("Counter::Builds")
        builds = cache.getset("builds", lambda: 0) + 1
        cache["builds"] = builds
        context.add_page("count.txt", str(builds))
'''


@pytest.mark.parametrize("disk", [True, False])
def test_plugin_cache_persists_in_cache_dir(tmp_path: Path, disk: bool) -> None:
    """``context.cache(name)`` keeps values in <cache_dir>/Jekyll/Cache/<Name>/ across builds;
    with --disable-disk-cache nothing is written, so each build starts afresh. A configuration
    change empties every cache, as Jekyll's Cache.clear_if_config_changed does."""
    src = tmp_path / "src"
    write_files(src, {"_config.yml": "timezone: UTC\ncache_dir: .cache\n", "_plugins/counter.py": COUNTER})

    def count() -> str:
        # A new page each time: a build with nothing changed would run no plugin at all.
        (src / f"page{len(list(src.glob('page*.md')))}.md").write_text("---\n---\nx\n", encoding="utf-8")
        build(BuildOptions(source=src, destination=str(tmp_path / "out"), disable_disk_cache=not disk),
              Logger(quiet=True))
        return (tmp_path / "out" / "count.txt").read_text(encoding="utf-8")

    assert [count(), count()] == (["1", "2"] if disk else ["1", "1"])
    assert (src / ".cache/Jekyll/Cache/Counter--Builds").is_dir() is disk
    assert not (src / ".jekyll-cache").exists()
    (src / "_config.yml").write_text("timezone: UTC\ncache_dir: .cache\ntitle: changed\n", encoding="utf-8")
    assert count() == "1"
