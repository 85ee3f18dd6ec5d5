"""The panels beside and below the map, run headless with AppTest on the bundled ledger."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import charts, loaders
from dashboard.panels import permalink_html
from tests.apptest_page import maps_drawn

APP = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"
SYRSKYI = "Oleksandr Syrskyi, Commander-in-Chief of the Armed Forces of Ukraine"


@pytest.fixture(scope="module", autouse=True)
def environment() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FRONTLINE_TILES", "off")
        patch.delenv("FRONTLINE_LEDGER", raising=False)
        patch.delenv("FRONTLINE_REBUILD_MAP", raising=False)
        loaders.tiles_enabled.clear()
        yield
        loaders.tiles_enabled.clear()


def opened(**query: str) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=120)
    for name, value in query.items():
        app.query_params[name] = value
    maps_drawn(app.run())
    assert not app.exception, [e.value for e in app.exception]
    return app


def vega_specs(app: AppTest) -> list[dict[str, Any]]:
    return [json.loads(chart.proto.spec) for chart in app.get("vega_lite_chart")]


def titled(specs: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    return [s for s in specs if text in json.dumps(s.get("title", ""))]


@pytest.fixture(scope="module")
def syrskyi() -> AppTest:
    return opened(date="2024-08-20", mode="single", claimants=SYRSKYI)


def test_stated_vs_mapped_shows_every_column_of_its_figures(syrskyi: AppTest) -> None:
    (table,) = syrskyi.table
    assert list(table.value.columns) == ["figure", "stated", "mapped"]
    stated = dict(zip(table.value["figure"], table.value["stated"], strict=True))
    assert stated == {"km² Ukraine-held": 1263, "settlements Ukraine-held": 93}
    captions = [c.value for c in syrskyi.caption]
    assert "Stated 20 Aug 2024: ua-syrskyi-2024-08-20-area" in captions


def test_metrics_carry_the_unit_in_the_label_and_the_whole_number(syrskyi: AppTest) -> None:
    labels = [m.label for m in syrskyi.metric]
    assert labels == ["Ukraine-held km²", "Russia-held km²", "Fighting km²", "Disagreement km²"]
    assert all(m.value.replace(",", "").isdigit() for m in syrskyi.metric)
    assert "1 settlement  \n0 km² stale" in [c.value for c in syrskyi.caption]


def test_assessor_readout_is_lines_with_each_number_named(syrskyi: AppTest) -> None:
    lines = [m.value for m in syrskyi.markdown if "assessor only" in m.value]
    assert lines and lines[0].startswith("- Ukraine-held: **")


def test_download_buttons_say_what_they_download(syrskyi: AppTest) -> None:
    buttons = [b for b in syrskyi.get("download_button") if b.proto.id and "export" in b.proto.id]
    assert [b.proto.label for b in buttons] == ["GeoJSON", "GeoPackage", "KML", "CSV"]
    assert all(b.proto.help for b in buttons)


def test_area_panel_draws_each_side_with_a_handful_of_series() -> None:
    app = opened(date="2025-03-13")
    app.session_state["panel"] = "Area over time"
    app.run()
    assert not app.exception
    specs = vega_specs(app)
    for holder in ("Ukraine", "Russia"):
        (spec,) = titled(specs, f"Asserted held by {holder}")
        domain = spec["layer"][0]["encoding"]["color"]["scale"]["domain"]
        assert len(domain) == len(charts.DEFAULT_AREA_VIEWS)
        assert spec["layer"][0]["encoding"]["y"]["title"] == f"km² held by {holder}"
    picker = app.multiselect(key="area_views")
    assert picker.value == list(charts.DEFAULT_AREA_VIEWS)
    picker.select(SYRSKYI).run()
    (spec, _) = titled(vega_specs(app), "Asserted held by")
    assert "Oleksandr Syrskyi" in spec["layer"][0]["encoding"]["color"]["scale"]["domain"]


def test_casualty_panel_draws_one_unit_per_chart() -> None:
    app = opened(date="2025-03-13")
    app.session_state["panel"] = "Casualties and statements"
    app.run()
    assert not app.exception
    unit = app.session_state["figure_unit"]
    figures = [s for s in vega_specs(app) if "layer" in s and len(s["layer"]) == 4]
    assert figures
    for spec in figures:
        assert spec["layer"][0]["encoding"]["y"]["title"].startswith(unit)
        assert spec["layer"][0]["encoding"]["y2"]["field"] == "high"


def test_a_pick_the_options_no_longer_hold_is_dropped_not_an_error() -> None:
    """Scrubbing the as-known-on date back after picking a claimant leaves a working panel."""
    app = opened(date="2025-03-13")
    app.session_state["panel"] = "Area over time"
    app.run()
    app.multiselect(key="area_views").select(SYRSKYI).run()
    assert SYRSKYI in app.multiselect(key="area_views").value
    # As known on 7 Aug 2024, Syrskyi had mapped nothing yet: his line cannot be offered.
    app.checkbox(key="use_known").check().run()
    app.date_input(key="known").set_value(date(2024, 8, 7)).run()
    assert not app.exception, [e.value for e in app.exception]
    assert SYRSKYI not in app.multiselect(key="area_views").value


def test_the_link_to_share_is_escaped_text() -> None:
    hostile = 'http://host/?claimants=<script>alert(1)</script>&x="{{ 7*7 }}"'
    html = permalink_html(hostile)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="http://host/?claimants=&lt;script&gt;' in html
    assert "&quot;{{ 7*7 }}&quot;" in html
