"""`make bench`'s closing table: figures from one run only, and a target met only when it is."""

from __future__ import annotations

import json
from pathlib import Path

from bench.targets import newest_results, target_rows

ONE_X = {
    "slider_step_ms": {"p50": 11.1, "p95": 25.3, "n": 60},
    "baseline_slider_step_ms": {"p50": 300.2, "p95": 410.3, "n": 30},
    "speedup_p50": 27.0,
    "payload_bytes": {"first_load_ws": 2631142, "per_pause_ws": 26286},
}


def _write(folder: Path, name: str, data: dict[str, object]) -> None:
    (folder / name).write_text(json.dumps(data), encoding="utf-8")


def test_only_files_of_this_run_count_and_the_newest_of_each_kind_wins(tmp_path: Path) -> None:
    _write(tmp_path, "timeline-20261201T100000.json", {"slider_step_ms": {"p50": 1}})
    _write(tmp_path, "timeline-20261201T120000.json", ONE_X)
    _write(tmp_path, "timeline-10x-20261130T090000.json", {"slider_step_ms": {"p50": 1}})
    _write(tmp_path, "cold-start-base-20261201T130000.json", {})
    found = newest_results(tmp_path, since="20261201T000000")
    assert set(found) == {"timeline"}
    assert found["timeline"][0] == "timeline-20261201T120000.json"


def test_each_target_is_judged_on_its_own_figure() -> None:
    ten_x = {"slider_step_ms": {"p50": 13.2, "p95": 115.4, "n": 60}, "peak_rss_mb": 709.6}
    hundred = {"error": "- record file: size: is 22.8 MB; a ledger may be at most 10 MB"}
    rows = {
        row.figure: row
        for row in target_rows(
            {
                "timeline": ("t.json", ONE_X),
                "timeline-10x": ("t10.json", ten_x),
                "timeline-100x": ("t100.json", hundred),
            }
        )
    }
    assert rows["key press to the new day drawn, 1x"].met is True
    assert rows["key press to the new day drawn, 10x"].met is False  # p95 115 ms > 33 ms
    assert rows["app vs round-trip baseline, p50"].met is True
    assert rows["cold start, streamlit run to drawn map, 1x"].measured == "not measured"
    assert rows["cold start, streamlit run to drawn map, 1x"].met is None
    hundredfold = rows["100x first draw / step p50 / peak memory"]
    assert hundredfold.met is False and "22.8 MB" in hundredfold.measured


def test_a_served_hundredfold_theatre_is_judged_on_all_three_figures() -> None:
    served = {
        "first_map_cold_ms": 7500,
        "slider_step_ms": {"p50": 40.0, "p95": 90.0, "n": 30},
        "peak_rss_mb": 1600.0,
    }
    (row,) = [r for r in target_rows({"timeline-100x": ("x", served)}) if "100x" in r.figure]
    assert row.met is False  # memory over 1.5 GB
    served["peak_rss_mb"] = 1400.0
    (row,) = [r for r in target_rows({"timeline-100x": ("x", served)}) if "100x" in r.figure]
    assert row.met is True


def test_a_hundredfold_map_drawn_but_never_scrubbed_says_how_far_it_got() -> None:
    timed_out = {
        "error": "Frame.wait_for_function: Timeout 900000ms exceeded.",
        "first_map_cold_ms": 44263,
        "first_map_ws": 54411876,
        "peak_rss_mb": 1645.0,
    }
    (row,) = [r for r in target_rows({"timeline-100x": ("x", timed_out)}) if "100x" in r.figure]
    assert row.met is False
    assert row.measured.startswith("first map 44.3 s (54.4 MB), then no step")
    assert "peak 1645.0 MB" in row.measured
