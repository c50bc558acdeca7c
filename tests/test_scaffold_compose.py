"""``reblog post``, ``draft`` and ``publish`` name files as jekyll-compose's ``jekyll post``, ``draft``
and ``publish`` do: expected names and titles from the real plugin (tests/fixtures/compose/)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml

from reblog.scaffold import new_post, publish_draft

FIXTURE = Path(__file__).parent / "fixtures" / "compose"
WHEN = datetime(2024, 5, 1, 9, 30, tzinfo=timezone(timedelta(hours=2)))   # the fixture's --date


def _cases() -> list[tuple[str, list[str]]]:
    titles = (FIXTURE / "titles.txt").read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in (FIXTURE / "expected.tsv").read_text(encoding="utf-8").splitlines()]
    assert len(titles) == len(rows)
    return list(zip(titles, rows))


def _title(path: Path) -> object:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])["title"]


@pytest.mark.parametrize(("title", "row"), _cases(), ids=[t.strip()[:24] for t, _ in _cases()])
def test_files_named_as_jekyll_compose_names_them(tmp_path: Path, title: str, row: list[str]) -> None:
    """The post's, the draft's and the published draft's paths; the title, as YAML reads it back."""
    post_rel, draft_rel, published_rel, compose_title = row
    post = new_post(tmp_path, title, when=WHEN)
    assert post.relative_to(tmp_path).as_posix() == post_rel
    assert _title(post) == yaml.safe_load(f"title: {compose_title}")["title"]
    draft = new_post(tmp_path, title, draft=True)
    assert draft.relative_to(tmp_path).as_posix() == draft_rel
    post.unlink()
    published = publish_draft(tmp_path, draft.relative_to(tmp_path), when=WHEN)
    assert published.relative_to(tmp_path).as_posix() == published_rel
