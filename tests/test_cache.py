"""The build cache: a warm build renders nothing, an edit renders what it affects, output never differs."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import time
from pathlib import Path

import pytest

from reblog.pipeline import BuildOptions, BuildResult, build
from reblog.cache import DiskCaches, marshal_string, unmarshal_string
from reblog.cli import main
from reblog.errors import ReblogError
from reblog.log import Logger
from test_parallel import generated_site, tree


def run(src: Path, out: Path, **options: object) -> BuildResult:
    return build(BuildOptions(source=src, destination=str(out), **options), Logger(quiet=True))  # type: ignore[arg-type]


def touch(path: Path, text: str) -> None:
    """Change a file so that its size or mtime differs from the scan."""
    path.write_text(text)
    later = time.time() + 5
    os.utime(path, (later, later))


def fresh(src: Path, tmp: Path) -> dict[str, bytes]:
    out = tmp / "fresh"
    run(src, out, cache=False, jobs=1)
    return tree(out)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return generated_site(tmp_path / "src", posts=12, counters=True)


def test_warm_build_renders_nothing(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run(site, out)
    assert first.rendered > 0 and (site / ".jekyll-cache/Jekyll/Cache/Reblog--Build").is_dir()
    before = tree(out)
    second = run(site, out)
    assert second.how == "up to date" and second.rendered == 0
    assert tree(out) == before == fresh(site, tmp_path)


def test_verbose_names_what_it_renders(site: Path, tmp_path: Path) -> None:
    """--verbose prints Jekyll's `Rendering: PATH` per rendered document, so an incremental build
    shows what it carried over (Jekyll's incremental_rebuild feature checks it)."""
    out = tmp_path / "out"

    def verbose_build() -> str:
        stream = io.StringIO()
        build(BuildOptions(source=site, destination=str(out), jobs=1), Logger(verbose=True, stream=stream))
        return stream.getvalue()

    first = verbose_build().splitlines()
    assert {"Rendering: _posts/2024-01-05-post-4.md", "Rendering: _posts/2024-01-01-post-0.md"} <= set(first)
    touch(site / "_posts/2024-01-05-post-4.md", "---\nlayout: post\ntitle: Post 4\n---\nNew body\n")
    lines = verbose_build().splitlines()
    assert "Rendering: _posts/2024-01-05-post-4.md" in lines
    assert "Rendering: _posts/2024-01-01-post-0.md" not in lines


@pytest.mark.parametrize("edit", [
    ("_posts/2024-01-05-post-4.md", "---\nlayout: post\ntitle: Post 4\ntags: [t0]\n---\nNew {% include note.html text='z' %}\n"),
    ("_posts/2024-01-05-post-4.md", "---\nlayout: post\ntitle: Renamed\ntags: [t9]\n---\nBody\n"),
    ("_layouts/post.html", "---\nlayout: default\n---\n<main>{{ content }}</main>\n"),
    ("_includes/note.html", "<b>{% increment n %}{% increment n %}</b>\n"),
    ("_data/x.yml", "a: 1\n"),
    ("_config.yml", "title: Other\ntimezone: UTC\ntime: 2024-06-01\n"),
])
def test_edit_renders_the_same_as_a_clean_build(site: Path, tmp_path: Path, edit: tuple[str, str]) -> None:
    out = tmp_path / "out"
    run(site, out)
    (site / edit[0]).parent.mkdir(parents=True, exist_ok=True)
    touch(site / edit[0], edit[1])
    result = run(site, out)
    assert result.how in ("cached", "sequential", "parallel")
    assert tree(out) == fresh(site, tmp_path)


def test_body_edit_renders_little(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(site, out)
    post = site / "_posts/2024-01-12-post-11.md"
    touch(post, post.read_text() + "\nOne more line.\n")
    result = run(site, out)
    assert result.how == "cached"
    assert 0 < result.rendered < 12
    assert tree(out) == fresh(site, tmp_path)


def test_corrupt_or_foreign_cache_is_ignored(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(site, out)
    for path in (site / ".jekyll-cache/Jekyll/Cache").rglob("*"):
        if path.is_file() and "Reblog--" in str(path):
            path.write_bytes(b"\x80\x04garbage")
    result = run(site, out)
    assert result.how != "up to date"
    assert tree(out) == fresh(site, tmp_path)


def test_other_settings_do_not_reuse_the_cache(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(site, out)
    result = run(site, out, baseurl="/blog")
    assert result.how != "up to date" and result.rendered > 0


def test_strict_is_part_of_the_cache_key(site: Path, tmp_path: Path) -> None:
    # A misspelt layout is a warning, and an error under --strict: a warm build with --strict
    # must not take the lenient build's pages (nor call the destination up to date).
    touch(site / "_posts/2024-01-05-post-4.md", "---\nlayout: pots\ntitle: Post 4\n---\nBody\n")
    out = tmp_path / "out"
    lenient = run(site, out)
    assert lenient.rendered > 0
    with pytest.raises(ReblogError, match="layout 'pots' not found"):
        run(site, out, strict=True)
    # The other way: a strict build's cache is not reused by a lenient one either.
    touch(site / "_posts/2024-01-05-post-4.md", "---\nlayout: post\ntitle: Post 4\n---\nBody\n")
    assert run(site, out, strict=True).rendered > 0
    again = run(site, out)
    assert again.how != "up to date" and again.rendered > 0
    assert tree(out) == fresh(site, tmp_path)


def test_destination_changed_by_hand_is_rewritten(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(site, out)
    (out / "index.html").write_text("vandalised")
    (out / "stray.txt").write_text("x")
    result = run(site, out)
    assert result.how != "up to date"
    assert tree(out) == fresh(site, tmp_path)


def test_unpinned_time_is_never_up_to_date(tmp_path: Path) -> None:
    src = generated_site(tmp_path / "src", posts=3)
    touch(src / "_config.yml", "title: Gen\ntimezone: UTC\n")
    out = tmp_path / "out"
    run(src, out)
    assert run(src, out).how == "cached"


def test_no_cache_writes_no_cache(site: Path, tmp_path: Path) -> None:
    run(site, tmp_path / "out", cache=False)
    assert not (site / ".jekyll-cache").exists()


def test_cache_is_in_cache_dir_laid_out_as_jekyll_cache(site: Path, tmp_path: Path) -> None:
    """As Jekyll's Site#configure_cache: ``<cache_dir>/.gitignore`` and named caches in
    ``<cache_dir>/Jekyll/Cache/<Name>/<sha256[:2]>/<sha256[2:]>``; an old .reblog-cache/ is left alone."""
    (site / ".reblog-cache/build").mkdir(parents=True)
    (site / ".reblog-cache/build/manifest.data").write_bytes(b"old")
    touch(site / "_config.yml", (site / "_config.yml").read_text() + "cache_dir: .foo-cache\n")
    run(site, tmp_path / "out")
    assert not (site / ".jekyll-cache").exists()
    assert (site / ".foo-cache/.gitignore").read_text() == "# ignore everything in this directory\n*\n"
    named = site / ".foo-cache/Jekyll/Cache"
    assert sorted(p.name for p in named.iterdir()) == ["Jekyll--Cache", "Reblog--Build", "Reblog--Markdown"]
    caches = DiskCaches(site / ".foo-cache")
    for name, key in (("Reblog::Build", "manifest"), ("Reblog::Build", "snapshot"), ("Reblog::Markdown", "memo")):
        path = caches.named(name).path_to(key)
        assert path is not None and path.is_file()
        assert path.parent.name + path.name == hashlib.sha256(key.encode()).hexdigest()
    assert (site / ".reblog-cache/build/manifest.data").read_bytes() == b"old"
    assert run(site, tmp_path / "out").how == "up to date"


@pytest.mark.parametrize("flag", ["safe", "disable_disk_cache"])
def test_safe_and_disabled_disk_cache_write_none(site: Path, tmp_path: Path, flag: str) -> None:
    """Jekyll writes no disk cache in safe mode nor with --disable-disk-cache, and reads none."""
    run(site, tmp_path / "out", **{flag: True})
    assert not (site / ".jekyll-cache").exists() and not (site / ".jekyll-metadata").exists()
    assert run(site, tmp_path / "out", **{flag: True}).how == "sequential"


def test_incremental_record_goes_to_jekyll_metadata(site: Path, tmp_path: Path) -> None:
    """-I (Jekyll's regenerator writes .jekyll-metadata only then): the record is there, as JSON,
    which Jekyll's fallback reads as a YAML mapping naming none of its files."""
    out = tmp_path / "out"
    run(site, out, incremental=True, disable_disk_cache=True)
    record = json.loads((site / ".jekyll-metadata").read_bytes())
    assert set(record) == {"reblog"} and set(record["reblog"]) == {"format", "key", "manifest", "snapshot", "times"}
    assert not (site / ".jekyll-cache").exists()
    assert run(site, out, incremental=True, disable_disk_cache=True).how == "up to date"
    touch(site / "_posts/2024-01-05-post-4.md", "---\nlayout: post\ntitle: Post 4\n---\nNew body\n")
    again = run(site, out, incremental=True, disable_disk_cache=True)
    assert again.how == "cached" and again.rendered < 12
    assert tree(out) == fresh(site, tmp_path)


def test_config_record_is_a_ruby_marshal_string() -> None:
    """Jekyll::Cache's ``config`` record is the file Jekyll reads too: Marshal.dump of a String."""
    assert marshal_string("ab" * 16) == bytes.fromhex("04084922" "25") + b"ab" * 16 + bytes.fromhex("063a064554")
    assert marshal_string("a" * 200)[:6] == bytes.fromhex("0408492201c8")
    for size in (0, 1, 122, 123, 300, 70000):
        assert unmarshal_string(marshal_string("é" * size)) == "é" * size


def test_plugin_cache_api(tmp_path: Path) -> None:
    caches = DiskCaches(tmp_path / ".jekyll-cache")
    cache = caches.named("My::Plugin")
    assert "k" not in cache and cache.getset("k", lambda: {"a": [1, "x"]}) == {"a": [1, "x"]}
    path = cache.path_to("k")
    assert path is not None and path.is_relative_to(tmp_path / ".jekyll-cache/Jekyll/Cache/My--Plugin")
    assert DiskCaches(tmp_path / ".jekyll-cache").named("My::Plugin")["k"] == {"a": [1, "x"]}
    cache.delete("k")
    assert "k" not in DiskCaches(tmp_path / ".jekyll-cache").named("My::Plugin")
    memory = DiskCaches(None).named("My::Plugin")
    memory["k"] = 1
    assert memory["k"] == 1 and memory.path_to("k") is None


def test_clean_removes_destination_and_cache_only(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(site, out, incremental=True)
    (site / ".reblog-cache").mkdir()   # an older reblog's: not reblog clean's any more
    assert main(["clean", "-q", "-s", str(site), "-d", str(out)]) == 0
    assert not out.exists() and not (site / ".jekyll-cache").exists()
    assert not (site / ".jekyll-metadata").exists()
    assert (site / "_config.yml").is_file() and (site / "_posts").is_dir() and (site / ".reblog-cache").is_dir()


def test_clean_refuses_the_source_or_above(site: Path) -> None:
    from reblog.cache import clean
    from reblog.config.model import Settings

    with pytest.raises(ReblogError):
        clean(Settings(source=site, destination=site))
    with pytest.raises(ReblogError):
        clean(Settings(source=site, destination=site.parent))
    clean(Settings(source=site, destination=site / "_site", cache_dir="/"))   # the source: not removed
    assert (site / "_config.yml").is_file()


def test_profile_reports_phases(site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "-q", "--no-cache", "--profile", "-s", str(site), "-d", str(tmp_path / "o")]) == 0
    report = capsys.readouterr().out
    for word in ("read", "generate", "render", "write", "_layouts/default.html"):
        assert word in report


JINJA_SITE = Path(__file__).resolve().parent / "fixtures" / "jinja-site"
JINJA_EDITS = [
    # Each Jinja2 input kind: a computed include name, a static include, extends, a macro import.
    ("_includes/widget-b.html", "<aside>widget B, edited</aside>\n"),
    ("_includes/header.jinja", "<header>{{ site.title }} (new header)</header>\n"),
    ("_includes/frame.jinja", "<section>{% block body %}{% endblock %}</section>\n"),
    ("_includes/macros.jinja", "{% macro badge(text) %}<em>{{ text }}</em>{% endmacro %}\n"),
    ("_posts/2024-01-02-post-2.md", "---\nlayout: post\ntitle: Post 2\nwidget: widget-a.html\n---\nNow A.\n"),
    ("_layouts/post.jinja", "---\nlayout: base\n---\n<main>{{ content }}</main>\n"),
]


@pytest.mark.parametrize("edit", JINJA_EDITS, ids=[e[0] for e in JINJA_EDITS])
def test_jinja_site_edit_renders_the_same_as_a_clean_build(tmp_path: Path, edit: tuple[str, str]) -> None:
    src = tmp_path / "src"
    shutil.copytree(JINJA_SITE, src)
    out = tmp_path / "out"
    run(src, out)
    touch(src / edit[0], edit[1])
    result = run(src, out)
    assert result.how == "cached" and result.rendered > 0
    assert tree(out) == fresh(src, tmp_path)


def test_a_computed_jinja_include_is_an_input(tmp_path: Path) -> None:
    """``{% include page.widget %}``: editing the file it names renders the pages that use it."""
    src = tmp_path / "src"
    shutil.copytree(JINJA_SITE, src)
    out = tmp_path / "out"
    run(src, out)
    touch(src / "_includes/widget-b.html", "<aside>widget B v2</aside>\n")
    result = run(src, out)
    assert result.rendered == 1   # post 2 alone names widget-b.html
    assert "widget B v2" in (out / "2024/01/02/post-2.html").read_text(encoding="utf-8")
