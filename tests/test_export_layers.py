"""claims.export_layers: `frontline export` and the download buttons say what the engine says.

Files are written by the command (and by the buttons' builder) for the bundled ledger, read back
with `gpd.read_file`, and compared with the engine's own picture (`asserted_control`).
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import pyogrio
import pytest
import shapely

from claims.control import ControlPicture, asserted_control
from claims.dataset import Dataset, load_dataset
from claims.export_layers import Layer
from claims.model import (
    Claim,
    ClaimGeometry,
    GeometryOrigin,
    Holder,
    Kind,
    Ledger,
    Precision,
    Side,
    Source,
    Verification,
)
from claims.theatre import Theatre
from dashboard.command import main
from dashboard.export_buttons import export_files
from geodata.crs import area_km2

# 13 March 2025: the MoD claims Sudzha; claimants disagree and fighting is reported.
DAY = date(2025, 3, 13)
MOD = "Ministry of Defence of the Russian Federation"


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset()


@pytest.fixture(scope="module")
def picture(dataset: Dataset) -> ControlPicture:
    return asserted_control(dataset.ledger, dataset.theatre, DAY)


@pytest.fixture(scope="module")
def claims(dataset: Dataset) -> dict[str, Claim]:
    return dataset.ledger.by_id()


def exported(fmt: str, folder: Path, *extra: str) -> Path:
    out = folder / f"view.{fmt}"
    argv = ["export", "--date", DAY.isoformat(), "--format", fmt, "--out", str(out), *extra]
    assert main(argv) == 0
    return out


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("export")
    return {fmt: exported(fmt, folder) for fmt in ("gpkg", "geojson", "kml")}


def read_layers(path: Path, fmt: str) -> dict[str, gpd.GeoDataFrame]:
    """Each layer as GIS software reads it: GPKG and KML by layer, GeoJSON by its `layer` field."""
    if fmt == "geojson":
        table = gpd.read_file(path)
        return {str(name): part for name, part in table.groupby("layer", sort=False)}
    return {str(row[0]): gpd.read_file(path, layer=row[0]) for row in pyogrio.list_layers(path)}


def day(value: Any) -> str:
    """A date as text, however the driver typed it (GeoJSON's reader makes dates datetimes)."""
    return str(value)[:10]


def union_km2(frame: gpd.GeoDataFrame) -> float:
    return area_km2(shapely.union_all(list(frame.geometry))) if len(frame) else 0.0


def test_gpkg_and_kml_hold_one_layer_per_kind_in_order(files: dict[str, Path]) -> None:
    for fmt in ("gpkg", "kml"):
        names = [str(row[0]) for row in pyogrio.list_layers(files[fmt])]
        assert names == [layer.value for layer in Layer], fmt


@pytest.mark.parametrize("fmt", ["gpkg", "geojson", "kml"])
def test_every_feature_carries_its_claim(
    fmt: str, files: dict[str, Path], claims: dict[str, Claim]
) -> None:
    layers = read_layers(files[fmt], fmt)
    assert {Layer.LATEST_WORD, Layer.CLAIMANTS, Layer.FIGHTING, Layer.DISAGREEMENT} <= set(layers)
    for name, frame in layers.items():
        assert len(frame), name
        for row in frame.to_dict("records"):
            claim = claims[row["claim_id"]]
            assert (row["claimant"], row["side"]) == (claim.claimant, claim.side.value)
            assert day(row["published"]) == claim.published.isoformat()
            assert day(row["refers_to"]) == claim.refers_to.isoformat()
            assert day(row["date"]) == DAY.isoformat()
            assert row["sources"].split("; ") == [s.url for s in claim.sources]
            assert row["attribution"].startswith(f"Claim by {claim.claimant}")


SPECK_KM2 = 0.01  # 100 m x 100 m


@pytest.mark.parametrize("fmt", ["gpkg", "geojson", "kml"])
def test_layers_are_the_engines_picture(
    fmt: str, files: dict[str, Path], picture: ControlPicture, dataset: Dataset
) -> None:
    layers = read_layers(files[fmt], fmt)
    latest = layers[Layer.LATEST_WORD]
    composite = picture.composite
    for holder in Holder:
        fresh = latest[(latest["holder"] == holder.value) & (latest["word"] == "fresh")]
        # abs: a border speck (under 100 m x 100 m) is measured on one side only.
        assert union_km2(fresh) == pytest.approx(
            composite.territory_km2(holder), rel=1e-3, abs=SPECK_KM2
        )
        assert set(fresh["claim_id"]) <= {p.claim.id for p in composite.pieces(holder)}
    assert union_km2(layers[Layer.FIGHTING]) == pytest.approx(picture.fighting.km2, rel=1e-3)
    disagreement = layers[Layer.DISAGREEMENT]
    assert union_km2(disagreement) == pytest.approx(picture.contested_km2, rel=1e-3)
    assert set(disagreement["holder"]) == {"ukraine", "russia"}
    own = layers[Layer.CLAIMANTS]
    mod = own[(own["view"] == MOD) & (own["holder"] == "russia") & (own["word"] == "fresh")]
    assert union_km2(mod) == pytest.approx(picture.view(MOD).territory_km2(Holder.RUSSIA), rel=1e-3)
    with_word = {v.claimant for v in picture.claimants if v.painted.pieces}
    assert set(own["view"]) == with_word
    places = layers[Layer.SETTLEMENTS]
    for holder in Holder:
        shown = places[
            (places["view"] == composite.claimant)
            & (places["holder"] == holder.value)
            & (places["word"] == "fresh")
        ]
        assert sorted(shown["settlement"]) == composite.settlements_held(holder, dataset.theatre)


def test_download_buttons_build_the_same_layers(
    dataset: Dataset, files: dict[str, Path], picture: ControlPicture, tmp_path: Path
) -> None:
    built = {f.fmt: f.build() for f in export_files(dataset, DAY, [MOD])}
    table = gpd.read_file(io.BytesIO(built["geojson"]))
    command = gpd.read_file(files["geojson"])
    for layer in (Layer.LATEST_WORD, Layer.FIGHTING, Layer.DISAGREEMENT):
        mine = table[table["layer"] == layer.value]
        theirs = command[command["layer"] == layer.value]
        assert sorted(mine["claim_id"]) == sorted(theirs["claim_id"]), layer
    own = table[table["layer"] == Layer.CLAIMANTS.value]
    assert set(own["view"]) == {MOD}
    assert union_km2(own[own["word"] == "fresh"]) == pytest.approx(
        sum(picture.view(MOD).territory_km2(h) for h in Holder), rel=1e-3
    )
    gpkg = tmp_path / "button.gpkg"
    gpkg.write_bytes(built["gpkg"])
    assert len(gpd.read_file(gpkg, layer=Layer.DISAGREEMENT.value)) > 0


HOSTILE = "<script>alert(1)</script> & {{ 7*7 }} ]]>"


def test_kml_and_geojson_keep_hostile_text_as_text(kursk: Theatre, tmp_path: Path) -> None:
    """GDAL's KML writer escapes what it writes: markup in a claimant stays text, read back."""
    claim = Claim(
        id="hostile-1",
        claimant=HOSTILE,
        side=Side.UKRAINE,
        published=date(2024, 8, 20),
        refers_to=date(2024, 8, 20),
        refers_to_end=date(2024, 8, 20),
        precision=Precision.DAY,
        kind=Kind.AREA_CONTROL,
        sources=(Source("https://example.org/?a=1&b=<2>", HOSTILE, None, checked=False),),
        verification=Verification.CLAIMED_UNVERIFIED,
        holder=Holder.UKRAINE,
        geometry=ClaimGeometry(
            shapely.box(35.2, 51.15, 35.3, 51.25), GeometryOrigin.DRAWN_BY_CLAIMANT
        ),
    )
    dataset = Dataset(Ledger((claim,)), kursk, {}, ())
    built = {f.fmt: f.build() for f in export_files(dataset, date(2024, 8, 21), [])}
    assert b"<script>" not in built["kml"] and b"&lt;script&gt;" in built["kml"]
    for fmt in ("kml", "geojson"):
        path = tmp_path / f"hostile.{fmt}"
        path.write_bytes(built[fmt])
        latest = read_layers(path, fmt)[Layer.LATEST_WORD]
        assert list(latest["claimant"]) == [HOSTILE], fmt
        assert list(latest["sources"]) == ["https://example.org/?a=1&b=<2>"], fmt
        assert list(latest["attribution"]) == [f"Claim by {HOSTILE}"], fmt


def test_export_honours_fresh_days_and_as_known_on(tmp_path: Path) -> None:
    aged = read_layers(exported("gpkg", tmp_path, "--fresh-days", "30"), "gpkg")
    assert "stale" in set(aged[Layer.LATEST_WORD]["word"])
    ageless = read_layers(exported("gpkg", tmp_path, "--fresh-days", "all"), "gpkg")
    assert set(ageless[Layer.LATEST_WORD]["word"]) == {"fresh"}
    early = read_layers(exported("gpkg", tmp_path, "--as-known-on", "2025-03-01"), "gpkg")
    assert all(day(p) <= "2025-03-01" for p in early[Layer.LATEST_WORD]["published"])
