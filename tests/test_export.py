"""claims.export: views and the ledger out as GeoJSON, GeoPackage, KML and CSV, read back equal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.testing import assert_geometries_equal

from claims import export
from claims.bundle import load_ledger
from claims.control import ControlPicture, asserted_control
from claims.export_layers import Layer, picture_layers
from claims.model import Holder
from claims.store import import_files, with_store
from claims.store_cli import parse_files
from claims.theatre import Theatre
from dashboard.command import main

SNAPSHOTS = Path(__file__).resolve().parent / "data" / "import" / "deepstate"
DEEPSTATE = "DeepStateMap (imported)"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "store.gpkg"
    files = sorted(SNAPSHOTS.iterdir())
    with Path("/dev/null").open("w") as quiet:
        import_files(path, parse_files(files, "deepstate", stream=quiet))
    return path


@pytest.fixture(scope="module")
def picture(store: Path, kursk: Theatre) -> ControlPicture:
    return asserted_control(with_store(load_ledger(), store), kursk, date(2024, 9, 20))


def assert_same_layer(written: gpd.GeoDataFrame, read: gpd.GeoDataFrame) -> None:
    assert len(read) == len(written)
    unfilled = [c for c in written.columns if c not in read.columns]
    assert all((written[c].astype(str) == "").all() for c in unfilled), unfilled
    columns = [c for c in written.columns if c != "geometry" and c in read.columns]
    expected = pd.DataFrame(written[columns]).reset_index(drop=True)
    got = pd.DataFrame(read[columns]).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False, rtol=1e-9)
    for mine, theirs in zip(written.geometry, read.geometry, strict=True):
        assert_geometries_equal(_parts(theirs), _parts(mine), tolerance=1e-7)


def _parts(shape: shapely.Geometry) -> shapely.Geometry:
    """A geometry as the collection of its parts (KML writes a 1-part MultiPolygon as a Polygon)."""
    parts = shapely.get_parts(shapely.force_2d(shape))
    return shapely.normalize(shapely.GeometryCollection(list(parts)))


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_view_reads_back_equal(
    fmt: str, picture: ControlPicture, kursk: Theatre, tmp_path: Path
) -> None:
    tables = picture_layers(picture, kursk)
    out = tmp_path / f"view.{fmt}"
    export.write_export(tables, fmt, out)
    read = export.read_export(out, fmt)
    # GeoPackage and KML keep empty layers; one-table formats (GeoJSON, CSV) have no row for one.
    kept = [name for name, table in tables.items() if len(table) or fmt in ("gpkg", "kml")]
    assert list(read) == kept
    for layer in kept:
        assert_same_layer(tables[layer], read[layer])


def test_territory_rows_carry_claims_and_attribution(
    picture: ControlPicture, kursk: Theatre
) -> None:
    tables = picture_layers(picture, kursk, claimants=[DEEPSTATE])
    territory = tables[Layer.CLAIMANTS]
    assert set(territory["claimant"]) == {DEEPSTATE}
    assert set(territory["holder"]) == {"ukraine", "russia"}
    held = territory[(territory["holder"] == "ukraine") & (territory["word"] == "fresh")]
    whole_oblast = picture.view(DEEPSTATE).territory_km2(Holder.UKRAINE)
    assert held["area_km2"].sum() == pytest.approx(whole_oblast, abs=1e-2)
    assert all(i.startswith("deepstatemap-imported-20240918") for i in held["claim_id"])
    assert all("© DeepStateMap" in a for a in held["attribution"])
    assert set(held["sources"]) == {"https://deepstatemap.live/"}
    settlements = tables[Layer.SETTLEMENTS]
    mine = settlements[settlements["view"] == DEEPSTATE]
    assert "Sudzha" in set(mine["settlement"])
    assert set(settlements["date"]) == {"2024-09-20"}


def test_unknown_claimant_is_an_error(picture: ControlPicture, kursk: Theatre) -> None:
    with pytest.raises(KeyError):
        picture_layers(picture, kursk, claimants=["Nobody"])


@pytest.mark.parametrize("fmt", ["csv", "gpkg"])
def test_ledger_reads_back_equal(fmt: str, store: Path, tmp_path: Path) -> None:
    table = export.ledger_table(with_store(load_ledger(), store))
    out = tmp_path / f"ledger.{fmt}"
    export.write_export({"claims": table}, fmt, out)
    read = export.read_export(out, fmt)["claims"]
    assert list(read["claim_id"]) == list(table["claim_id"])
    assert_same_layer(
        table[table.geometry.notna()].reset_index(drop=True),
        read[read.geometry.notna()].reset_index(drop=True),
    )


def test_export_command(store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "deepstate.gpkg"
    argv = ["export", "--date", "2024-08-20", "--store", str(store), "--format", "gpkg"]
    assert main([*argv, "--claimant", DEEPSTATE, "--out", str(out)]) == 0
    assert "5 layer(s)" in capsys.readouterr().out
    territory = gpd.read_file(out, layer="claimants")
    assert set(territory["claimant"]) == {DEEPSTATE}
    assert main([*argv, "--claimant", "DeepState", "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert "no claimant 'DeepState'" in error and repr(DEEPSTATE) in error
    ledger_csv = tmp_path / "ledger.csv"
    assert main(["export", "--ledger-only", "--format", "csv", "--out", str(ledger_csv)]) == 0
    assert len(pd.read_csv(ledger_csv)) == len(load_ledger())
    assert main(["export", "--format", "csv", "--out", str(ledger_csv)]) == 2
