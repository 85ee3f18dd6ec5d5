"""The pure parts of the Add claims page: highlighting, uploads, the footprint map, clicks."""

from __future__ import annotations

import pytest

from claims.bundle import kursk_theatre
from claims.extract.text import ReportError
from dashboard.add_claims import _click, plain_markdown, toggled
from dashboard.claim_editor import figures_from_rows
from dashboard.footprint_map import FOOTPRINT_COLOUR, footprint_map
from dashboard.highlight import Mark, highlighted_html
from dashboard.map_state import base_layers_for
from dashboard.report_text import report_text
from dashboard.settlement_choices import SettlementChoices
from geodata import layers
from geodata.nearest import nearest_settlement

HOSTILE = "Moscow said {{ 7*7 }} <script>alert(1)</script> & <img src=x onerror=alert(2)>"


def test_highlighted_report_escapes_every_piece_and_marks_spans() -> None:
    start = HOSTILE.index("<script>")
    marks = [Mark(0, 6, 'claimant "<b>"'), Mark(start, start + 8, "x"), Mark(2, 4, "overlap")]
    shown = highlighted_html(HOSTILE, marks)
    assert "<script>" not in shown and "<img" not in shown and "<b>" not in shown
    assert "&lt;script&gt;" in shown and "{{ 7*7 }}" in shown
    assert '<mark title="claimant &quot;&lt;b&gt;&quot;"' in shown
    assert shown.count("<mark") == 2, "an overlapping mark is left out"


def test_markdown_from_a_report_stays_text() -> None:
    shown = plain_markdown("[click](javascript:x) ![i](http://e/x.png) **bold** <b>")
    assert "](" not in shown.replace("\\](", "") and "<b>" not in shown.replace("\\<b\\>", "")


def test_uploaded_html_is_reduced_to_its_text() -> None:
    page = b"<html><head><title>T</title><script>alert(1)</script></head><body><p>Moscow said"
    page += b" &amp; more</p><p>{{ 7*7 }}</p></body></html>"
    assert report_text("r.html", page) == "Moscow said & more\n{{ 7*7 }}"
    assert report_text("r.txt", "\ufeffПривет <b>".encode()) == "Привет <b>"
    with pytest.raises(ReportError, match="not UTF-8"):
        report_text("r.txt", b"\xff\xfe\x00")
    with pytest.raises(ReportError, match="at most 5 MB"):
        report_text("r.txt", b"a" * (6 * 2**20))


def test_a_click_picks_the_nearest_settlement_within_the_tolerance() -> None:
    gazetteer = layers.gazetteer()
    sudzha = gazetteer.resolve("Sudzha")
    near = nearest_settlement(gazetteer.settlements, sudzha.lat + 0.002, sudzha.lon, within_m=1500)
    assert near is not None and near.id == sudzha.id  # ~220 m north
    assert nearest_settlement(gazetteer.settlements, 53.5, 30.0, within_m=1500) is None


def test_clicks_toggle_settlements_and_prefer_the_clicked_marker() -> None:
    assert toggled(["a", "b"], "a") == ["b"]
    assert toggled(["b"], "a") == ["b", "a"]
    returned = {
        "last_object_clicked": {"lat": 51.2, "lng": 35.3},
        "last_clicked": {"lat": 1, "lng": 2},
    }
    assert _click(returned) == (51.2, 35.3)
    assert _click({"last_object_clicked": None, "last_clicked": None}) is None
    assert _click(None) is None


def test_footprint_map_draws_the_cells_of_the_chosen_settlements() -> None:
    theatre = kursk_theatre()
    sudzha = layers.gazetteer().resolve("Sudzha").id
    oblasts = base_layers_for(theatre, {}).oblasts
    html = footprint_map(theatre, oblasts, [sudzha]).get_root().render()
    assert html.count('"Sudzha"') >= 2, "Sudzha among all points and among the chosen ones"
    assert html.count(f'"color": "{FOOTPRINT_COLOUR}", "fillOpacity": 0.3') == 1, "the cells"
    empty = footprint_map(theatre, oblasts, []).get_root().render()
    assert FOOTPRINT_COLOUR not in empty


def test_settlement_choices_write_names_that_resolve_back() -> None:
    gazetteer = layers.gazetteer()
    choices = SettlementChoices.of(gazetteer)
    oleshnya = gazetteer.resolve("Oleshnya (Sudzhansky)").id
    assert choices.names_of([oleshnya]) == ["Oleshnya (Sudzhansky)"]
    assert len(choices.labels) >= len(gazetteer) - 20


def test_figure_rows_drop_blank_cells_and_rows() -> None:
    rows = [
        {"value": 1200.0, "unit": "km2", "basis": None, "about": float("nan"), "low": ""},
        {"value": None, "unit": None},
    ]
    assert figures_from_rows(rows) == [{"value": 1200.0, "unit": "km2"}]
