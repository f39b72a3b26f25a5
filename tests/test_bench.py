"""`portefolje bench`: a synthetic portfolio built for real, with every stage timed."""

from __future__ import annotations

import statistics

from generator.bench import run


def test_repeated_runs_report_each_run_and_the_median_ratio_to_plain_mkdocs() -> None:
    result = run(initiatives=30, rounds=2, meetings=3, with_baseline=True, repeat=2)
    assert len(result["runs"]) == 2
    for one in result["runs"]:
        assert one["pages_per_language"] > 100
        assert set(one["seconds"]) == {"validate", "generate", "languages", "swap"}
        assert set(one["languages"]["nb"]) == {"render", "mkdocs", "files", "pagefind"}
        assert one["baseline"]["pages"] == 2 * one["pages_per_language"]
        assert one["baseline"]["ratio"] > 0
    ratios = result["baseline"]["ratios"]
    assert ratios == sorted(one["baseline"]["ratio"] for one in result["runs"])
    assert result["baseline"]["ratio_median"] == statistics.median(ratios)
    assert result["peak_memory_mb"] == max(one["peak_memory_mb"] for one in result["runs"])
