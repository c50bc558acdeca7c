"""The whole-site write: which files of the old destination ``keep_files`` carries into the new one,
and a stage filled on several threads that is complete or gone."""

from __future__ import annotations

from pathlib import Path

import pytest

from reblog.errors import ReblogError
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
    # Something odd in the spare's place: no spare is kept, the old site is deleted as before.
    (tmp_path / "._site.reblog-spare").write_text("not a folder")
    write_output(Output(files={"index.html": "new"}), dest, [], delete_later=True)
    # The new site stands at once; the old one is deleted by a child process holding the
    # write lock, which the next command's recover waits for.
    assert _files(dest) == ["index.html"]
    recover(dest)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["._site.reblog-spare", "_site"]
    write_output(Output(files={"index.html": "newer"}), dest, [], delete_later=True)
    write_output(Output(files={"index.html": "newest"}), dest, [], delete_later=True)
    recover(dest)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["._site.reblog-spare", "_site"]
    assert (dest / "index.html").read_text() == "newest"
    assert (tmp_path / "._site.reblog-spare").read_text() == "not a folder"


def _many(count: int) -> dict[str, str]:
    """Rendered files in folders three deep (more than the writer does on one thread)."""
    return {f"{n % 7}/{n % 5}/{n}/index.html": f"page {n}" for n in range(count)}


def test_a_site_of_many_folders_is_written_whole(tmp_path: Path) -> None:
    dest = tmp_path / "_site"
    static = tmp_path / "static.bin"
    static.write_bytes(b"\0" * 5000)
    files = _many(300)
    copies = {f"assets/{n}/s.bin": static for n in range(200)}
    write_output(Output(files=dict(files), copies=copies), dest, [])
    assert _files(dest) == sorted([*files, *copies])
    assert all((dest / rel).read_text() == text for rel, text in files.items())
    # Again over it: the unchanged static files are linked from the old site (now the spare).
    result = write_output(Output(files=dict(files), copies=copies), dest, [])
    assert _files(dest) == sorted([*files, *copies]) and len(result.entries) == 500
    assert (dest / "assets/7/s.bin").stat().st_nlink == 2
    assert (dest / "assets/7/s.bin").stat().st_ino == (tmp_path / "._site.reblog-spare/assets/7/s.bin").stat().st_ino


def test_a_failure_in_the_middle_leaves_the_old_site_and_no_stage(tmp_path: Path) -> None:
    dest = tmp_path / "_site"
    _old_site(dest)
    before = {rel: (dest / rel).read_text() for rel in _files(dest)}
    not_a_file = tmp_path / "folder"
    not_a_file.mkdir()
    copies = {f"assets/{n}.txt": tmp_path / "folder" if n == 150 else dest / "stale.html" for n in range(300)}
    with pytest.raises(ReblogError, match=r"could not write the site: Is a directory .*_site is unchanged"):
        write_output(Output(files=_many(300), copies=copies), dest, [])
    assert {rel: (dest / rel).read_text() for rel in _files(dest)} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site", "folder"]


def test_a_file_and_a_folder_of_one_name_are_refused_before_writing(tmp_path: Path) -> None:
    dest = tmp_path / "_site"
    _old_site(dest)
    files = {**_many(100), "2/3": "a file where a folder is"}
    with pytest.raises(ReblogError, match="both a file '2/3' and files inside a folder of that name"):
        write_output(Output(files=files), dest, [])
    assert "stale.html" in _files(dest) and sorted(p.name for p in tmp_path.iterdir()) == ["_site"]


def test_unsigned_entries_are_never_taken_for_unchanged(tmp_path: Path) -> None:
    """``signed=False`` (a build without the cache keeps no entries): should the entries be
    used anyway, the empty signature matches no plan, so every rendered file is written again."""
    dest = tmp_path / "_site"
    files = _many(40)
    first = write_output(Output(files=dict(files)), dest, [], signed=False)
    assert {sig for sig, _size, _mtime in first.entries.values()} == {""}
    again = write_output(Output(files=dict(files)), dest, [], first.entries)
    assert sorted(again.written) == sorted(files) and _files(dest) == sorted(files)
    assert all(sig.startswith("h:") for sig, _size, _mtime in again.entries.values())
