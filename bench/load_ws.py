"""Many users at once, at the wire: websocket clients that speak Streamlit's own protocol.

A browser session costs a Chromium renderer; twenty of them on two cores measure the browsers
more than the server. These clients do what the page does on the wire and nothing else: open the
app's websocket, ask for a run with the permalink's query string, then move the date slider by
sending the widget state the page would send, one day per step, each step waiting for the run to
finish. Every run's messages are read back: the map component's date layers must carry the day
this client's slider is on (and no other day), the slider must echo it, and no run may show an
exception. The step time is from sending the message to the end of the run: the server's share
of a slider step, including serialising and sending the page (nothing is cached on this side).

Usage: .venv/bin/python -m bench.load --client ws [--sessions 20] [--steps 50]
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.typing import Subprotocol

from bench.load_report import SessionResult

STEP_TIMEOUT_S = 60.0
MAP_COMPONENT = "streamlit_folium.st_folium"
SLIDER_KEY = "-on"
# The date stamp's script sets `box.dataset.date = "YYYY-MM-DD"` (dashboard/map_elements.py).
STAMP_DATE = re.compile(r'dataset\.date = "(\d{4}-\d{2}-\d{2})"')


@dataclass
class Run:
    """What one script run sent back, reduced to what the checks need."""

    map_days: list[str] = field(default_factory=list)
    slider_days: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    slider_id: str | None = None
    query_string: str | None = None
    status: str = ""
    received_bytes: int = 0


def slider_micros(day: date) -> float:
    """A date slider's wire value: microseconds since the epoch at midnight UTC."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp() * 1_000_000


def day_from_micros(micros: float) -> str:
    return datetime.fromtimestamp(micros / 1_000_000, tz=UTC).date().isoformat()


def rerun_message(query_string: str, slider: tuple[str, date] | None) -> bytes:
    message = BackMsg()
    message.rerun_script.query_string = query_string
    if slider is not None:
        widget_id, day = slider
        state = message.rerun_script.widget_states.widgets.add()
        state.id = widget_id
        state.double_array_value.data.append(slider_micros(day))
    encoded: bytes = message.SerializeToString()
    return encoded


def read_message(data: bytes, run: Run) -> bool:
    """Fold one ForwardMsg into `run`; True when it ends the run."""
    message = ForwardMsg()
    message.ParseFromString(data)
    run.received_bytes += len(data)
    kind = message.WhichOneof("type")
    if kind == "script_finished":
        run.status = ForwardMsg.ScriptFinishedStatus.Name(message.script_finished)
        return True
    if kind == "page_info_changed":
        run.query_string = message.page_info_changed.query_string
    elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
        _read_element(message.delta.new_element, run)
    return False


def _read_element(element: Element, run: Run) -> None:
    kind = element.WhichOneof("type")
    if kind == "exception":
        run.exceptions.append(f"{element.exception.type}: {element.exception.message}")
    elif kind == "slider" and element.slider.id.endswith(SLIDER_KEY):
        run.slider_id = element.slider.id
        run.slider_days += [day_from_micros(v) for v in element.slider.value]
    elif kind == "component_instance":
        component = element.component_instance
        if component.component_name != MAP_COMPONENT:
            return
        args = json.loads(component.json_args)
        run.map_days += STAMP_DATE.findall(str(args.get("feature_group", "")))


async def read_run(connection: websockets.ClientConnection) -> Run:
    run = Run()
    while True:
        data = await connection.recv()
        if isinstance(data, str):
            raise TypeError("the server sent a text frame; Streamlit speaks binary protobuf")
        if read_message(data, run):
            return run


def problems(run: Run, expected: date) -> tuple[list[str], list[str]]:
    """(errors, mismatches) of a run that should show `expected`."""
    day = expected.isoformat()
    errors = [f"exception on {day}: {text}" for text in run.exceptions]
    if run.status != "FINISHED_SUCCESSFULLY":
        errors.append(f"run for {day} ended {run.status or 'without a status'}")
    mismatches = []
    if not run.map_days:
        mismatches.append(f"expected {day}, the map payload carries no date stamp")
    mismatches += [f"expected {day}, map shows {d}" for d in run.map_days if d != day]
    mismatches += [f"expected {day}, slider shows {d}" for d in run.slider_days if d != day]
    return errors, mismatches


async def run_session(url: str, index: int, start: date, steps: int) -> SessionResult:
    """One client: open the app on its own day, then step the slider `steps` days forward."""
    result = SessionResult(index, start)
    stream = url.replace("http://", "ws://", 1) + "/_stcore/stream"
    try:
        protocols = [Subprotocol("streamlit")]
        async with websockets.connect(stream, subprotocols=protocols, max_size=None) as ws:
            query = f"date={start.isoformat()}"
            await ws.send(rerun_message(query, None))
            run = await asyncio.wait_for(read_run(ws), STEP_TIMEOUT_S * 2)
            _record(result, run, start, None)
            if run.slider_id is None:
                result.errors.append("the first run sent no date slider")
                return result
            for step in range(1, steps + 1):
                day = start + timedelta(days=step)
                query = run.query_string or query
                started = time.perf_counter()
                await ws.send(rerun_message(query, (run.slider_id, day)))
                run = await asyncio.wait_for(read_run(ws), STEP_TIMEOUT_S)
                _record(result, run, day, (time.perf_counter() - started) * 1000)
                if run.slider_id is None:
                    result.errors.append(f"the run for {day} sent no date slider")
                    return result
    except (TimeoutError, OSError, websockets.WebSocketException) as error:
        done = len(result.step_ms)
        result.errors.append(f"step {done + 1}: {type(error).__name__}: {error}")
    return result


def _record(result: SessionResult, run: Run, day: date, step_ms: float | None) -> None:
    errors, mismatches = problems(run, day)
    result.errors += errors
    result.mismatches += mismatches
    result.seen.append(",".join(run.map_days))
    result.received_bytes.append(run.received_bytes)
    if step_ms is not None:
        result.step_ms.append(step_ms)


async def run_load(url: str, starts: list[date], steps: int) -> list[SessionResult]:
    """One client per start day, all at once against `url`."""
    sessions = (run_session(url, i, day, steps) for i, day in enumerate(starts))
    return list(await asyncio.gather(*sessions))
