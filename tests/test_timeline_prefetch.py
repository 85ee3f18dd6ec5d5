"""Tests for dashboard.timeline_prefetch: which addresses name a map known before the ledger is
read (the composite map, whatever its day, view, fresh window and layers), that this is the map
the app then draws for them, and the script that has the page fetch its files.

The files' path through a server and a browser: tests/browser/test_timeline_files.py.
"""

from __future__ import annotations

from datetime import date

import pytest

from claims.control import COMPOSITE, DEFAULT_FRESH_DAYS
from claims.dataset import load_dataset
from dashboard.controls import selectable_views
from dashboard.timeline_cache import TimelineView
from dashboard.timeline_prefetch import prefetch_html, prefetch_view
from dashboard.view_kinds import ALL_LAYERS, MapLayer
from dashboard.view_state import state_from_query

OPENING = TimelineView(None, DEFAULT_FRESH_DAYS, COMPOSITE, None, frozenset(ALL_LAYERS))
KNOWN = [
    {},
    {"date": "2025-02-20"},
    {"date": "2024-08-20", "mode": "composite", "lat": "51.3", "lon": "35.2", "zoom": "10"},
    {"date": "2024-09-01", "fresh": "all"},
    {"fresh": "30", "layers": "territory,settlements"},
    {"date": "not a date", "zoom": "many"},
]
NEEDS_THE_LEDGER = [
    {"mode": "single", "claimants": "Russia: all Russian claimants"},
    {"mode": "pair"},
    {"date": "2025-01-10", "compare": "2024-11-01"},
    {"date": "2025-01-10", "known": "2024-12-01"},
    {"claimants": "Ukraine: all Ukrainian claimants"},
    {"something": "else"},
]


def test_the_opening_map_and_a_dated_permalink_are_known_without_the_ledger() -> None:
    assert prefetch_view({}) == OPENING
    assert prefetch_view({"date": "2025-02-20", "mode": "composite"}) == OPENING
    assert prefetch_view({"fresh": "all"}) == TimelineView(
        None, None, COMPOSITE, None, frozenset(ALL_LAYERS)
    )
    assert prefetch_view({"layers": "territory"}) == TimelineView(
        None, DEFAULT_FRESH_DAYS, COMPOSITE, None, frozenset({MapLayer.TERRITORY})
    )


@pytest.mark.parametrize("params", NEEDS_THE_LEDGER)
def test_a_map_that_needs_the_ledger_is_left_to_the_map(params: dict[str, str]) -> None:
    assert prefetch_view(params) is None


@pytest.mark.parametrize("params", KNOWN)
def test_the_view_guessed_is_the_one_the_app_draws(params: dict[str, str]) -> None:
    """What the session's first run works out once the ledger is read (`controls.seed_from_url`
    then `current_state`: the address read against the ledger's span and claimants) gives the
    same timeline."""
    dataset = load_dataset()
    names = [name for name, _ in selectable_views(dataset.ledger.claimants)]
    state = state_from_query(
        params, span=dataset.ledger.span, default_on=date(2024, 8, 20), claimants=names
    )
    assert state.claimants == () or state.mode.value == "composite"
    drawn = TimelineView(state.known, state.fresh, COMPOSITE, state.compare, state.layers)
    assert prefetch_view(params) == drawn


def test_the_script_names_each_file_and_nothing_closes_it_early() -> None:
    html = prefetch_html({"url": "/app/static/timelines/ab12", "files": ["data", "territory"]})
    assert html.startswith("<script>") and html.endswith("</script>")
    assert html.count("</script>") == 1
    assert '"/app/static/timelines/ab12/data.json.gz"' in html
    assert '"/app/static/timelines/ab12/territory.json.gz"' in html
    hostile = prefetch_html({"url": "/x</script><script>alert(1)//", "files": ["data"]})
    assert hostile.count("</script>") == 1 and hostile.endswith("</script>")
    assert '"/x<\\/script><script>alert(1)///data.json.gz"' in hostile  # a JSON string still
