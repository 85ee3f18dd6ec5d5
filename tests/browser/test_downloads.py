"""The dashboard's download buttons, clicked in a real browser: the file holds the map's layers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import geopandas as gpd
from playwright.sync_api import Page

from claims.control import asserted_control
from claims.dataset import load_dataset
from claims.export_layers import Layer
from tests.browser.conftest import timeline_on_day

DAY = date(2025, 3, 13)


def test_geojson_download_carries_the_maps_layers(page: Page, app_url: str, tmp_path: Path) -> None:
    # Once the browser timeline is on: the rerun that swaps it in for the server-path map
    # redraws the page, and a click on a button being redrawn started no download (a fresh
    # clone's `make test` failed so once).
    timeline_on_day(page, app_url, DAY.isoformat())
    button = page.locator('[data-testid="stDownloadButton"] button', has_text="GeoJSON").first
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=60_000) as download:
        button.click()
    path = tmp_path / "view.geojson"
    download.value.save_as(path)
    table = gpd.read_file(path)
    assert set(table["layer"]) == {layer.value for layer in Layer}
    assert (table["attribution"].str.len() > 0).all()
    assert (table["sources"].str.startswith("http")).all()
    dataset = load_dataset()
    picture = asserted_control(dataset.ledger, dataset.theatre, DAY)
    latest = table[(table["layer"] == Layer.LATEST_WORD.value) & (table["word"] == "fresh")]
    assert set(latest["claim_id"]) == {
        p.claim.id for p in picture.composite.painted.pieces if picture.composite.is_fresh(p.claim)
    }
    disagreement = table[table["layer"] == Layer.DISAGREEMENT.value]
    assert set(disagreement["holder"]) == {"ukraine", "russia"}
