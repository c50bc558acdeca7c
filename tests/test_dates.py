"""Dates and time zones as Jekyll 4.3 reads them (the golden sites dates-* check the output)."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sitefiles import write_files

from reblog.config.parse import parse_settings, site_time as settings_time
from reblog.pipeline import BuildOptions, build
from reblog.dates import localize, machine_zone, parse_date, site_timezone
from reblog.errors import ReblogError
from reblog.log import Logger
from reblog.yamlio import UnzonedTime, load_yaml, localize_times

NY = ZoneInfo("America/New_York")
KOLKATA = ZoneInfo("Asia/Kolkata")


def _show(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S %z %Z")


# -- parse_date: Jekyll's Time.parse(value.to_s).localtime -----------------------------------

@pytest.mark.parametrize(("raw", "zone", "shown"), [
    ("2024-01-05 10:00:00 +0530", NY, "2024-01-04 23:30:00 -0500 EST"),
    ("2024-01-05 10:00:00 +0530", KOLKATA, "2024-01-05 10:00:00 +0530 IST"),
    ("2024-01-05T10:00:00Z", KOLKATA, "2024-01-05 15:30:00 +0530 IST"),
    ("2024-01-05", NY, "2024-01-05 00:00:00 -0500 EST"),
    ("2024-01-05 23:30", NY, "2024-01-05 23:30:00 -0500 EST"),
    ("2024-07-05 23:30", NY, "2024-07-05 23:30:00 -0400 EDT"),
    ("2024-01-05 10:00:00 +0000", UTC, "2024-01-05 10:00:00 +0000 UTC"),
])
def test_parse_date_strings(raw: str, zone: ZoneInfo, shown: str) -> None:
    assert _show(parse_date(raw, zone)) == shown


def test_parse_date_gap_moves_forward_and_fold_takes_standard_time() -> None:
    # Ruby's Time.local: 02:30 in the spring-forward gap is 03:30 EDT; the repeated 01:30 is EST.
    assert _show(parse_date("2023-03-12 02:30:00", NY)) == "2023-03-12 03:30:00 -0400 EDT"
    assert _show(parse_date("2023-11-05 01:30:00", NY)) == "2023-11-05 01:30:00 -0500 EST"
    assert _show(localize(datetime(2023, 6, 1, 12), NY)) == "2023-06-01 12:00:00 -0400 EDT"


def test_parse_date_of_yaml_values_drops_fractions() -> None:
    # Jekyll parses Time#to_s, which has no fraction of a second; a Date is local midnight.
    moment = datetime(2023, 4, 1, 10, 0, 0, 500000, tzinfo=timezone(timedelta(hours=1)))
    assert parse_date(moment, NY).microsecond == 0
    assert _show(parse_date(moment, NY)) == "2023-04-01 05:00:00 -0400 EDT"
    assert _show(parse_date(date(2023, 2, 28), NY)) == "2023-02-28 00:00:00 -0500 EST"


def test_parse_date_rejects_garbage() -> None:
    with pytest.raises(ValueError):
        parse_date("next tuesday", UTC)


def test_unset_timezone_is_the_machines_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    assert site_timezone(None) == KOLKATA
    assert _show(parse_date("2024-01-05", None)) == "2024-01-05 00:00:00 +0530 IST"
    monkeypatch.setenv("TZ", ":America/New_York")
    assert machine_zone() == NY
    monkeypatch.delenv("TZ")
    assert machine_zone().utcoffset(datetime(2024, 1, 1)) is not None


def test_unknown_timezone_is_an_error() -> None:
    with pytest.raises(ReblogError, match="unknown timezone 'Mars/Base'"):
        site_timezone("Mars/Base")


# -- YAML scalars read like Psych ---------------------------------------------------------------

def test_yaml_times_follow_psych() -> None:
    data = load_yaml(
        "offset: 2024-01-05 10:00:00 +0530\n"
        "colon: 2024-01-05 10:00:00 -05:00\n"
        "zulu: 2024-01-05T10:00:00Z\n"
        "plain: 2024-01-05 10:00:00\n"
        "frac: 2024-01-05 10:00:00.25 +0100\n"
        "zero: 2024-01-05 10:00:00 +0000\n"
        "day: 2024-01-05\n"
        "short_day: 2024-1-5\n"
        "no_seconds: 2024-01-05 10:00\n"
        "impossible: 2023-02-30\n",
        "data.yml",
    )
    assert data["offset"].utcoffset() == timedelta(hours=5, minutes=30)
    assert data["offset"].tzname() == "+0530"
    assert data["colon"].utcoffset() == timedelta(hours=-5)
    assert data["zulu"].tzinfo is UTC
    assert isinstance(data["plain"], UnzonedTime)
    assert data["plain"].astimezone(UTC) == datetime(2024, 1, 5, 10, tzinfo=UTC)
    assert data["frac"].microsecond == 250000
    # A +0000 offset is a fixed offset (no zone name), not Ruby's UTC.
    assert data["zero"].tzinfo is not UTC and data["zero"].tzname() == "+0000"
    assert data["day"] == date(2024, 1, 5)
    assert data["short_day"] == date(2024, 1, 5)
    assert data["no_seconds"] == "2024-01-05 10:00"
    assert data["impossible"] == "2023-02-30"


def test_unzoned_yaml_times_are_shown_in_the_site_zone() -> None:
    data = load_yaml("list:\n  - at: 2024-01-05 10:00:00\nat: 2024-06-05 10:00:00\n", "d.yml")
    localize_times(data, NY)
    assert _show(data["list"][0]["at"]) == "2024-01-05 05:00:00 -0500 EST"
    assert _show(data["at"]) == "2024-06-05 06:00:00 -0400 EDT"
    assert not isinstance(data["at"], UnzonedTime)


# -- site.time, SOURCE_DATE_EPOCH and reproducible builds ---------------------------------------

def site_time(config: dict[str, Any]) -> datetime:
    return settings_time(parse_settings(config))


def test_time_key_pinssite_time_in_the_site_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # ignored: time: wins
    pinned = site_time({"timezone": "America/New_York", "time": "2024-01-01 00:00:00 +0000"})
    assert _show(pinned) == "2023-12-31 19:00:00 -0500 EST"
    unquoted = load_yaml("time: 2024-01-01 00:00:00\n", "_config.yml")
    assert site_time({"timezone": "Asia/Kolkata", **unquoted}) == pinned


def test_source_date_epoch_setssite_time_when_time_is_absent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1704067200")
    assert _show(site_time({"timezone": "UTC"})) == "2024-01-01 00:00:00 +0000 UTC"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    with pytest.raises(ReblogError, match="SOURCE_DATE_EPOCH"):
        site_time({"timezone": "UTC"})
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    now = datetime.now(UTC)
    assert abs(site_time({"timezone": "UTC"}) - now) < timedelta(minutes=1)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_two_builds_at_different_times_are_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    src = tmp_path / "src"
    write_files(src, {
        "_config.yml": "timezone: Asia/Kolkata\ntime: 2024-01-01 00:00:00 +0000\n"
                       "collections:\n  notes:\n    output: true\n",
        "_notes/undated.html": "---\n---\n{{ page.date }} {{ site.time | date: '%s %Z' }}",
        "_posts/2023-05-01-a.html": "---\n---\n{{ site.time }} {{ page.date | date_to_xmlschema }}",
        "index.html": "---\n---\n{{ site.time }}|{% for p in site.posts %}{{ p.date }}{% endfor %}",
    })
    trees = []
    for offset, name in ((0, "one"), (86400 * 3, "two")):
        # A later build: the clock and every file's modification time have moved on.
        for path in src.rglob("*"):
            os.utime(path, (1_800_000_000 + offset, 1_800_000_000 + offset))
        build(BuildOptions(source=src, destination=str(tmp_path / name)), Logger(quiet=True))
        trees.append(_tree(tmp_path / name))
    assert trees[0] == trees[1]
    assert trees[0]["index.html"] == b"2024-01-01 05:30:00 +0530|2023-05-01 00:00:00 +0530"
    assert trees[0]["notes/undated.html"] == b"2024-01-01 05:30:00 +0530 1704067200 IST"


# -- documents ------------------------------------------------------------------------------------

def test_front_matter_date_moves_the_post_url(build_site) -> None:
    _, out = build_site({
        "_config.yml": "timezone: Asia/Kolkata\n",
        "_posts/2023-03-03-zulu.html": "---\ndate: 2023-03-03T23:30:00Z\n---\n{{ page.date }}",
        "_posts/2023-03-06-plain.html": "---\ndate: 2023-03-06 10:00:00\n---\n{{ page.date }}",
    })
    # 23:30 UTC is the next morning in Kolkata; a zone-less YAML time is UTC (Psych).
    assert (out / "2023/03/04/zulu.html").read_text() == "2023-03-04 05:00:00 +0530"
    assert (out / "2023/03/06/plain.html").read_text() == "2023-03-06 15:30:00 +0530"


def test_page_dates_stay_as_yaml_read_them(build_site) -> None:
    _, out = build_site({
        "_config.yml": "timezone: Asia/Kolkata\n",
        "index.html": "---\ndate: 2023-05-01 10:00:00 -0400\nwhen: 2023-05-01 10:00:00\n---\n"
                      "{{ page.date }}|{{ page.date | date: '%Z' }}|{{ page.when }}",
    })
    assert (out / "index.html").read_text() == (
        "2023-05-01 10:00:00 -0400||2023-05-01 15:30:00 +0530"
    )


def test_an_anchor_defined_again_is_used_from_there_on_as_psych_does() -> None:
    # Jekyll (Psych.safe_load with aliases: true) reads this; libyaml alone refuses it.
    assert load_yaml("a: &x 1\nb: *x\nc: &x 2\nd: *x\n", "_data/x.yml") == {"a": 1, "b": 1, "c": 2, "d": 2}
