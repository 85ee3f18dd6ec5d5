"""Many users at the wire: the websocket load client's reading of Streamlit's messages, and a run.

The live test is the full-size load: it starts the dashboard on loopback and has 20 clients step
the date slider 50 days each at once (bench/load_ws.py), each checking that every run it gets
back shows its own day on the map and the slider, and no exception. Timings are printed, never
asserted: they belong to `make bench`, which also runs the browser form (bench/load_browser.py).
"""

from __future__ import annotations

import asyncio
import json
from datetime import date, timedelta

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench import load_ws
from bench.load_report import start_days, summary
from claims.bundle import load_ledger

SESSIONS = 20
STEPS = 50
DAY = date(2024, 9, 2)


def encoded(message: ForwardMsg) -> bytes:
    data: bytes = message.SerializeToString()
    return data


def map_message(day: str) -> bytes:
    message = ForwardMsg()
    component = message.delta.new_element.component_instance
    component.component_name = load_ws.MAP_COMPONENT
    script = f'box.textContent = "x"; box.dataset.date = "{day}";'
    component.json_args = json.dumps({"feature_group": script, "script": "base"})
    return encoded(message)


def slider_message(day: date) -> bytes:
    message = ForwardMsg()
    slider = message.delta.new_element.slider
    slider.id = "$$ID-abc-on"
    slider.value.append(load_ws.slider_micros(day))
    return encoded(message)


def finished() -> bytes:
    message = ForwardMsg()
    message.script_finished = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
    return encoded(message)


def read(*messages: bytes) -> load_ws.Run:
    run = load_ws.Run()
    ended = [load_ws.read_message(m, run) for m in messages]
    assert ended == [False] * (len(messages) - 1) + [True]
    return run


def test_a_slider_step_is_sent_as_the_page_sends_it() -> None:
    message = BackMsg()
    message.ParseFromString(load_ws.rerun_message("date=2024-09-01", ("$$ID-abc-on", DAY)))
    assert message.rerun_script.query_string == "date=2024-09-01"
    (state,) = message.rerun_script.widget_states.widgets
    assert state.id == "$$ID-abc-on"
    assert load_ws.day_from_micros(state.double_array_value.data[0]) == DAY.isoformat()


def test_a_run_showing_its_own_day_passes() -> None:
    run = read(slider_message(DAY), map_message(DAY.isoformat()), finished())
    assert run.slider_id == "$$ID-abc-on"
    assert load_ws.problems(run, DAY) == ([], [])


def test_a_run_showing_another_day_is_a_mismatch() -> None:
    run = read(slider_message(DAY), map_message("2024-12-01"), finished())
    errors, mismatches = load_ws.problems(run, DAY)
    assert errors == []
    assert mismatches == ["expected 2024-09-02, map shows 2024-12-01"]


def test_a_run_without_a_map_or_with_an_exception_is_reported() -> None:
    failing = ForwardMsg()
    failing.delta.new_element.exception.type = "KeyError"
    failing.delta.new_element.exception.message = "'on'"
    run = read(slider_message(DAY), encoded(failing), finished())
    errors, mismatches = load_ws.problems(run, DAY)
    assert errors == ["exception on 2024-09-02: KeyError: 'on'"]
    assert mismatches == ["expected 2024-09-02, the map payload carries no date stamp"]


def test_twenty_clients_each_see_only_their_own_days(server_path_dashboard: str) -> None:
    starts = start_days(load_ledger().span, SESSIONS, STEPS)
    results = asyncio.run(load_ws.run_load(server_path_dashboard, starts, STEPS))
    report = summary(results, client="ws", seconds=0.0)
    assert report["errors"] == []
    assert report["mismatches"] == []
    assert report["steps_done"] == SESSIONS * STEPS
    for result in results:
        own_days = [(result.start + timedelta(days=n)).isoformat() for n in range(STEPS + 1)]
        shown = [set(days.split(",")) for days in result.seen]  # one day per map in the run
        assert shown == [{day} for day in own_days], f"session {result.index} saw another day"
    print(f"ws load: {SESSIONS} clients x {STEPS} steps, step ms {report['step_ms']}")
