"""``--profile``'s phase table: wall seconds and this process's CPU time per phase."""

from __future__ import annotations

import time

from reblog.profiling import Profile


def test_a_phase_counts_the_cpu_it_used_not_the_time_it_waited() -> None:
    """On a busy machine the seconds measure waiting too; the CPU column what the phase did."""
    profile = Profile()
    with profile.phase("busy"):
        start = time.process_time()
        while time.process_time() - start < 0.02:
            pass
    with profile.phase("waiting"):
        time.sleep(0.05)
    with profile.phase("busy"):   # phases with one name add up
        start = time.process_time()
        while time.process_time() - start < 0.02:
            pass
    assert profile.cpu["busy"] >= 0.04
    assert profile.phases["waiting"] >= 0.05 > profile.cpu["waiting"] + 0.02
    rows = ("Phase" + profile.table().split("Phase", 1)[1].split("\n\n", 1)[0]).splitlines()
    assert rows[0].split() == ["Phase", "Seconds", "CPU"]
    assert len({len(row) for row in rows}) == 1
    busy = next(row for row in rows if row.startswith("busy "))
    assert float(busy.split()[-1]) >= 0.04
