"""Jekyll's ``link`` and ``post_url`` tags."""

from __future__ import annotations

from pathlib import Path

import pytest

from reblog.cli import main
from reblog.errors import ReblogError

from sitefiles import write_files

POST = "_posts/2023-12-11-first-post.md"


def test_link_to_post_page_and_static_file(build_site) -> None:
    _, out = build_site({
        POST: "---\n---\nx",
        "about.md": "---\n---\nabout",
        "files/doc.pdf": b"%PDF",
        "index.html": "---\n---\n{% link _posts/2023-12-11-first-post.md %} {% link about.md %} {% link files/doc.pdf %}",
    })
    assert (out / "index.html").read_text() == "/2023/12/11/first-post.html /about.html /files/doc.pdf"


def test_link_path_may_use_liquid_and_gets_baseurl(build_site) -> None:
    _, out = build_site({
        "_config.yml": "baseurl: /blog\ntimezone: UTC\n",
        POST: "---\n---\nx",
        "index.html": "---\nstem: 2023-12-11-first-post\n---\n{% link _posts/{{ page.stem }}.md %}",
    })
    assert (out / "index.html").read_text() == "/blog/2023/12/11/first-post.html"


def test_missing_link_target_is_an_error_with_line(build_site) -> None:
    with pytest.raises(ReblogError) as info:
        build_site({"index.html": "---\n---\nfine\n{% link _posts/missing.md %}"})
    assert (info.value.file, info.value.line) == ("index.html", 4)
    assert "_posts/missing.md" in info.value.message


def test_post_url_including_subfolder(build_site) -> None:
    # A folder inside _posts is part of the post's name but not a category (Jekyll's rule).
    _, out = build_site({
        POST: "---\n---\nx",
        "_posts/travel/2022-05-01-trip.md": "---\n---\ny",
        "index.html": "---\n---\n{% post_url 2023-12-11-first-post %}|{% post_url travel/2022-05-01-trip %}",
    })
    assert (out / "index.html").read_text() == "/2023/12/11/first-post.html|/2022/05/01/trip.html"


def test_post_url_missing_or_malformed(build_site) -> None:
    with pytest.raises(ReblogError) as info:
        build_site({"index.html": "---\n---\n{% post_url 2020-01-01-none %}"})
    assert "2020-01-01-none" in info.value.message
    with pytest.raises(ReblogError):
        build_site({"index.html": "---\n---\n{% post_url not-a-post-name %}"})


def test_post_url_without_its_folder_warns_deprecation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    # Jekyll 4.3.1 finds movies/_posts/2019-02-04-hello-world.md by date and slug alone and prints:
    # "Deprecation: A call to '{% post_url 2019-02-04-hello-world %}' did not match a post using the
    # new matching method of checking name (path-date-slug) equality. Please make sure that you
    # change this tag to match the post's name exactly."  (the exact name gets no warning)
    write_files(tmp_path / "src", {
        "_config.yml": "timezone: UTC\n",
        "movies/_posts/2019-02-04-hello-world.md": "---\n---\nLorem",
        "index.md": "---\n---\n\n[A]({% post_url 2019-02-04-hello-world %})\n"
                    "[B]({% post_url movies/2019-02-04-hello-world %})\n",
    })
    assert main(["build", "-s", str(tmp_path / "src"), "-d", str(tmp_path / "out")]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "Deprecation" in line]
    assert warnings == [
        "Warning: index.md:4: Deprecation: A call to '{% post_url 2019-02-04-hello-world %}' did not match "
        "a post using the new matching method of checking name (path-date-slug) equality. Please make "
        "sure that you change this tag to match the post's name exactly."
    ]
    assert (tmp_path / "out" / "index.html").read_text().count('href="/movies/2019/02/04/hello-world.html"') == 2
