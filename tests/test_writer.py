"""The whole-site write: which files of the old destination ``keep_files`` carries into the new one."""

from __future__ import annotations

from pathlib import Path

from reblog.writer import Output, recover, write_output


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def _old_site(dest: Path) -> None:
    for rel in (".git/HEAD", "deep/keep/x.txt", "deep/other/y.txt", "a/b/doc.pdf", "stale.html"):
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        (dest / rel).write_text(rel)


def test_literal_keep_files_are_found_at_any_depth(tmp_path: Path) -> None:
    # Jekyll 4.3.1 with keep_files: [.git, deep/keep] keeps _site/.git/HEAD and
    # _site/deep/keep/x.txt and deletes deep/other/y.txt (checked by hand with Debian's jekyll).
    dest = tmp_path / "_site"
    _old_site(dest)
    write_output(Output(files={"index.html": "new"}), dest, [".git", "deep/keep"])
    assert _files(dest) == [".git/HEAD", "deep/keep/x.txt", "index.html"]
    assert (dest / "deep/keep/x.txt").read_text() == "deep/keep/x.txt"


def test_a_glob_in_keep_files_is_matched_anywhere(tmp_path: Path) -> None:
    # reblog's own extension (Jekyll quotes the entries): a glob can match a file in any folder,
    # so the walk cannot skip folders.
    dest = tmp_path / "_site"
    _old_site(dest)
    write_output(Output(files={"index.html": "new"}), dest, ["*.pdf"])
    assert _files(dest) == ["a/b/doc.pdf", "index.html"]


def test_default_keep_files_keep_only_the_top_folders(tmp_path: Path) -> None:
    dest = tmp_path / "_site"
    _old_site(dest)
    (dest / "deep/.git").mkdir()
    (dest / "deep/.git/config").write_text("not at the top")
    write_output(Output(files={"index.html": "new"}), dest, [".git", ".svn"])
    assert _files(dest) == [".git/HEAD", "index.html"]


def test_the_old_site_deleted_later_is_gone_once_the_next_command_starts(tmp_path: Path) -> None:
    dest = tmp_path / "_site"
    _old_site(dest)
    write_output(Output(files={"index.html": "new"}), dest, [], delete_later=True)
    # The new site stands at once; the old one is deleted by a child process holding the
    # write lock, which the next command's recover waits for.
    assert _files(dest) == ["index.html"]
    recover(dest)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]
    write_output(Output(files={"index.html": "newer"}), dest, [], delete_later=True)
    write_output(Output(files={"index.html": "newest"}), dest, [], delete_later=True)
    recover(dest)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]
    assert (dest / "index.html").read_text() == "newest"
