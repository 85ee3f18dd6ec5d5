"""Ledger text inside folium's output stays text: Jinja never evaluates or parses it a second time.

branca re-read every rendered macro as a Jinja template (dashboard/folium_text.py): a quote reading
`{{ cycler.__init__.__globals__.os.getcwd() }}` ran on the server when a snapshot was rendered,
and an unclosed `{{` in a quote stopped the dashboard. tests/data/hostile_ledger.yaml carries both.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import folium
import pytest

import dashboard.map_builder  # noqa: F401  (importing it is what keeps rendered text as text)
from dashboard.map_elements import DateStamp
from dashboard.snapshot import SnapshotOptions, snapshot_html, snapshot_source
from dashboard.view_kinds import Mode
from dashboard.view_state import ViewState

HOSTILE_LEDGER = Path(__file__).parent / "data" / "hostile_ledger.yaml"
TEMPLATE_PAYLOADS = (
    "{{ cycler.__init__.__globals__.os.getcwd() }}",  # a quote
    "Test analyst {{ 7*7 }}",  # a claimant
    "{# comment",  # a publisher
)


@pytest.mark.parametrize("text", ["{{ 7*7 }}", "{{ unclosed", "{% for x in y %}", "{# a", "}}"])
def test_a_rendered_macro_keeps_template_syntax_as_text(text: str) -> None:
    fmap = folium.Map(location=(51.5, 35.5), zoom_start=9, tiles=None)
    DateStamp(text, "2024-08-20").add_to(fmap)
    page = fmap.get_root().render()
    assert f"box.textContent = {json.dumps(text)};" in page


@pytest.mark.parametrize("on", [date(2024, 8, 15), date(2024, 8, 20), date(2025, 3, 13)])
def test_a_snapshot_shows_template_syntax_in_ledger_text_as_written(on: date) -> None:
    hostile = snapshot_source(HOSTILE_LEDGER)
    names = [name for name, _ in hostile.ledger.claimants]
    state = ViewState(on=on, mode=Mode.PAIR, claimants=(names[0], names[1]))
    page = snapshot_html(hostile, state, SnapshotOptions(interactive=True))
    for payload in TEMPLATE_PAYLOADS:
        assert payload in page
    assert "Test analyst 49" not in page
    assert str(Path.cwd()) not in page, "the quote's call into os ran"
