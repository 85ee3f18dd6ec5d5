"""The browser load test's count of what a page asks of the server, on real Streamlit messages."""

from __future__ import annotations

from datetime import date

from streamlit.proto.BackMsg_pb2 import BackMsg

from bench.load_browser import rerun_kind
from bench.load_report import SessionResult, summary


def test_reruns_of_the_page_and_of_a_fragment_are_told_apart() -> None:
    page = BackMsg()
    page.rerun_script.query_string = "date=2025-02-20"
    fragment = BackMsg()
    fragment.rerun_script.fragment_id = "a1b2"
    heartbeat = BackMsg()
    heartbeat.app_heartbeat = True
    assert rerun_kind(page.SerializeToString()) == "page"
    assert rerun_kind(fragment.SerializeToString()) == "fragment"
    assert rerun_kind(heartbeat.SerializeToString()) is None
    assert rerun_kind("a text frame") is None


def test_summary_sets_reruns_against_steps_and_the_timeline_days_sent() -> None:
    first = SessionResult(0, date(2025, 2, 1), step_ms=[20.0, 30.0], reruns_sent=1, days_sent=1)
    first.in_page_step_ms = [8.0, 12.0]
    first.pause_ms = [400.0]
    second = SessionResult(1, date(2025, 3, 1), step_ms=[25.0, 35.0], reruns_sent=2, days_sent=2)
    second.fragment_runs_sent = 3
    report = summary([first, second], client="browser", seconds=1.0, scrub="timeline")
    assert report["scrub"] == "timeline"
    assert report["steps_done"] == 4
    assert report["reruns_sent"] == 3
    assert report["fragment_runs_sent"] == 3
    assert report["days_sent_by_timeline"] == 3
    assert report["pauses"] == 1
    assert report["in_page_step_ms"] == {"p50": 10.0, "p95": 12.0}
    # A websocket client's step is a rerun by construction: nothing counted, nothing claimed.
    assert summary([first], client="ws", seconds=1.0)["reruns_sent"] is None
