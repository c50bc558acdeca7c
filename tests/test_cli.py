"""The command line: flags, one-line errors with file and line, exit codes, and no data loss."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sitefiles import write_files

POST = "_posts/2024-01-02-hello.md"


def run_reblog(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m reblog`` as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "reblog", *args], cwd=cwd, capture_output=True, text=True,
        timeout=120,
    )


def make_site(root: Path, post_body: str | bytes) -> None:
    """A minimal site with one post whose whole file is ``post_body``."""
    write_files(root, {
        "_config.yml": "title: Test\ntimezone: UTC\n",
        "_layouts/default.html": "<html><body>{{ content }}</body></html>\n",
        "index.md": "---\nlayout: default\n---\n# Home\n",
        POST: post_body,
    })


GOOD_POST = "---\ntitle: Hello\nlayout: default\n---\nHello *world*.\n"


def test_build_writes_site_and_exits_zero(tmp_path: Path) -> None:
    make_site(tmp_path, GOOD_POST)
    result = run_reblog("build", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page = tmp_path / "_site/2024/01/02/hello.html"
    assert "<em>world</em>" in page.read_text()
    assert (tmp_path / "_site/index.html").exists()


def test_source_and_destination_flags(tmp_path: Path) -> None:
    make_site(tmp_path / "site", GOOD_POST)
    result = run_reblog("build", "-s", "site", "-d", "out", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out/2024/01/02/hello.html").exists()


def test_config_files_merge_in_order(tmp_path: Path) -> None:
    make_site(tmp_path, "---\nlayout: default\n---\n{{ site.title }}/{{ site.extra }}\n")
    (tmp_path / "more.yml").write_text("title: Override\nextra: yes-extra\n")
    result = run_reblog("build", "-q", "--config", "_config.yml,more.yml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Override/yes-extra" in (tmp_path / "_site/2024/01/02/hello.html").read_text()


def test_baseurl_flag(tmp_path: Path) -> None:
    make_site(tmp_path, "---\n---\n[x]({{ '/a/' | relative_url }})\n")
    result = run_reblog("build", "-q", "--baseurl", "/blog", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert 'href="/blog/a/"' in (tmp_path / "_site/2024/01/02/hello.html").read_text()


def test_drafts_future_unpublished_flags(tmp_path: Path) -> None:
    make_site(tmp_path, GOOD_POST)
    write_files(tmp_path, {
        "_drafts/a-draft.md": "---\ntitle: Draft\n---\ndraft\n",
        "_posts/2999-01-01-future.md": "---\ntitle: F\n---\nfuture\n",
        "_posts/2024-01-03-hidden.md": "---\npublished: false\n---\nhidden\n",
    })
    assert run_reblog("build", "-q", cwd=tmp_path).returncode == 0
    names = {p.name for p in (tmp_path / "_site").rglob("*.html")}
    assert names == {"index.html", "hello.html"}
    result = run_reblog("build", "-q", "--drafts", "--future", "--unpublished", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    names = {p.name for p in (tmp_path / "_site").rglob("*.html")}
    assert {"a-draft.html", "future.html", "hidden.html"} <= names


BAD_INPUTS = {
    "malformed front matter": ("---\ntitle: [oops\nlayout: default\n---\nx\n", POST, None),
    "python object tag": ("---\ntitle: !!python/object/apply:os.system ['touch pwned']\n---\nx\n", POST, 2),
    "missing include": ("---\n---\nline\n{% include nope.html %}\n", POST, 4),
    # (a syntax error Ruby's lax parser refuses too; `{{ x | }}` only warns, as in Jekyll)
    "liquid syntax error": ("---\n---\nline\n{% for x %}{% endfor %}\n", POST, 4),
    "unclosed tag": ("---\n---\nline\n{% if true %}\nnever closed\n", POST, 4),
    "invalid utf-8": (b"---\ntitle: x\n---\nfine\nbad \xff byte\n", POST, 5),
    "include escapes _includes": ("---\n---\n{% include ../../etc/passwd %}\n", POST, 3),
    "link to missing file": ("---\n---\nsee\n{% link _posts/nope.md %}\n", POST, 4),
    "post_url to missing post": ("---\n---\n{% post_url 2020-01-01-nope %}\n", POST, 3),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_one_line_error_and_keeps_previous_site(tmp_path: Path, case: str) -> None:
    make_site(tmp_path, GOOD_POST)
    assert run_reblog("build", "-q", cwd=tmp_path).returncode == 0
    before = (tmp_path / "_site/2024/01/02/hello.html").read_text()

    body, path, line = BAD_INPUTS[case]
    write_files(tmp_path, {path: body})
    result = run_reblog("build", "-q", cwd=tmp_path)

    assert result.returncode == 1
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("Error:")]
    assert len(errors) == 1, result.stderr
    assert "Traceback" not in result.stderr
    expected_where = f"{path}:{line}:" if line else f"{path}:"
    assert expected_where in errors[0], errors[0]
    assert (tmp_path / "_site/2024/01/02/hello.html").read_text() == before
    assert not (tmp_path / "pwned").exists()


def test_include_that_includes_itself(tmp_path: Path) -> None:
    make_site(tmp_path, "---\n---\n{% include loop.html %}\n")
    write_files(tmp_path, {"_includes/loop.html": "again {% include loop.html %}"})
    result = run_reblog("build", "-q", cwd=tmp_path)
    assert result.returncode == 1
    assert "loop.html" in result.stderr and "Traceback" not in result.stderr


def test_trace_shows_traceback(tmp_path: Path) -> None:
    make_site(tmp_path, "---\n---\n{% include nope.html %}\n")
    result = run_reblog("build", "-q", "--trace", cwd=tmp_path)
    assert result.returncode != 0
    assert "Traceback" in result.stderr


def test_missing_layout_is_a_warning(tmp_path: Path) -> None:
    make_site(tmp_path, "---\nlayout: nowhere\n---\nbody\n")
    result = run_reblog("build", "-q", cwd=tmp_path)
    assert result.returncode == 0
    assert "nowhere" in result.stderr and POST in result.stderr
    assert "body" in (tmp_path / "_site/2024/01/02/hello.html").read_text()


def test_unknown_plugin_and_theme_warn(tmp_path: Path) -> None:
    make_site(tmp_path, GOOD_POST)
    (tmp_path / "_config.yml").write_text("theme: no-such-theme\nplugins: [jekyll-unknown-thing]\n")
    result = run_reblog("build", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no-such-theme" in result.stderr and "jekyll-unknown-thing" in result.stderr


def test_refuses_destination_that_contains_source(tmp_path: Path) -> None:
    make_site(tmp_path / "site", GOOD_POST)
    marker = tmp_path / "keep-me.txt"
    marker.write_text("precious")
    result = run_reblog("build", "-q", "-s", "site", "-d", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert marker.read_text() == "precious"
    result = run_reblog("build", "-q", "-s", "site", "-d", "site", cwd=tmp_path)
    assert result.returncode == 1
    assert (tmp_path / "site" / POST).exists()


def test_symlink_outside_source_is_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    make_site(tmp_path / "site", GOOD_POST)
    os.symlink(secret, tmp_path / "site" / "leak.txt")
    result = run_reblog("build", "-q", cwd=tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "site/_site/leak.txt").exists()


def test_stale_files_removed_but_keep_files_kept(tmp_path: Path) -> None:
    make_site(tmp_path, GOOD_POST)
    (tmp_path / "_config.yml").write_text("keep_files: [CNAME-kept]\n")
    assert run_reblog("build", "-q", cwd=tmp_path).returncode == 0
    (tmp_path / "_site/stale.html").write_text("old")
    (tmp_path / "_site/CNAME-kept").write_text("example.com")
    assert run_reblog("build", "-q", cwd=tmp_path).returncode == 0
    assert not (tmp_path / "_site/stale.html").exists()
    assert (tmp_path / "_site/CNAME-kept").read_text() == "example.com"


def test_python_dash_m_and_version(tmp_path: Path) -> None:
    result = run_reblog("--version", cwd=tmp_path)
    assert result.returncode == 0 and "reblog" in result.stdout


@pytest.mark.parametrize("command", ["build", "serve", "deploy"])
def test_build_serve_and_deploy_take_the_same_site_flags(command: str) -> None:
    from reblog.cli import make_parser
    from reblog.pipeline import BuildOptions

    args = make_parser().parse_args([
        command, "-s", "site", "-d", "out", "--config", "a.yml, b.yml", "-D", "--future",
        "--unpublished", "-b", "/x", "--safe", "-j", "2", "--strict", "--no-cache",
    ])
    options = BuildOptions.from_flags(args)
    assert (options.source.as_posix(), options.destination, options.config_files) == ("site", "out", ["a.yml", "b.yml"])
    assert (options.drafts, options.future, options.unpublished, options.baseurl, options.safe) == (True, True, True, "/x", True)
    assert (options.jobs, options.strict, options.cache) == (2, True, False)


def test_jekyll_flags_that_change_nothing_are_accepted(tmp_path: Path) -> None:
    make_site(tmp_path, GOOD_POST)
    result = run_reblog("build", "-q", "-I", "--incremental", "--disable-disk-cache", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "_site/2024/01/02/hello.html").is_file()


def test_ctrl_c_while_the_program_loads_exits_quietly(tmp_path: Path) -> None:
    # The interrupt comes while ``reblog.cli`` (and the engines it brings) is still importing.
    program = (
        "import sys\n"
        "class Interrupt:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'reblog.cli':\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Interrupt())\n"
        "from reblog.__main__ import run\n"
        "sys.exit(run())\n"
    )
    result = subprocess.run([sys.executable, "-c", program], cwd=tmp_path, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 130
    assert "Traceback" not in result.stderr


def test_the_installed_program_is_the_guarded_entry_point() -> None:
    import importlib
    import tomllib

    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    target = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["scripts"]["reblog"]
    module, _, name = target.partition(":")
    assert (module, name) == ("reblog.__main__", "run")
    assert callable(getattr(importlib.import_module(module), name))
