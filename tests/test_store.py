"""claims.store: the GeoPackage store of imported assessments."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely.testing import assert_geometries_equal

from claims.control import asserted_control
from claims.importers.assessment import AssessedArea, ImportedFile
from claims.importers.deepstate import PUBLISHER
from claims.model import GeometryOrigin, Holder, Ledger, Side, Verification
from claims.store import (
    BACK_TO_RUSSIA,
    SCHEMA_VERSION,
    STORE_ENV,
    StoreVersionError,
    import_files,
    schema_version,
    store_claims,
    store_path,
    stored_rows,
    with_store,
)
from claims.theatre import Theatre
from geodata.crs import area_km2

HELD = shapely.box(35.1, 51.12, 35.5, 51.35)
SHRUNK = shapely.box(35.2, 51.12, 35.5, 51.35)
GREY = shapely.box(35.0, 51.2, 35.1, 51.32)
GEOPACKAGE_ID = 0x47504B47  # "GPKG", the application id every GeoPackage carries
OLD_STORE = Path(__file__).resolve().parent / "data" / "store_v1.gpkg"


def snapshot(day: int, *areas: AssessedArea, sha: str | None = None) -> ImportedFile:
    taken = datetime(2024, 8, day, tzinfo=UTC)
    return ImportedFile(
        source_file=f"{int(taken.timestamp())}.geojson",
        sha256=sha or f"{day:064d}",
        format="deepstate",
        taken_at=taken,
        publisher=PUBLISHER,
        areas=areas,
        complete=True,
    )


def held(shape: shapely.Geometry) -> AssessedArea:
    return AssessedArea(shape, Holder.UKRAINE, "held by Ukraine (blue)", "geoJSON.status.dismissed")


def grey(shape: shapely.Geometry) -> AssessedArea:
    return AssessedArea(shape, Holder.CONTESTED, "unknown status (grey)", "geoJSON.status.unknown")


@pytest.mark.parametrize(
    "shape",
    [HELD, shapely.MultiPolygon([HELD, GREY]), shapely.LineString([(35, 51), (36, 52)])],
    ids=["polygon", "multipolygon", "line"],
)
def test_geometries_come_back_as_stored(tmp_path: Path, shape: shapely.Geometry) -> None:
    path = tmp_path / "store.gpkg"
    import_files(path, [replace(snapshot(18, held(shape)), complete=False)])
    [row] = stored_rows(path)
    assert_geometries_equal(row.shape, shape)


def test_store_is_a_geopackage_gdal_reads(tmp_path: Path) -> None:
    path = tmp_path / "store.gpkg"
    import_files(path, [snapshot(18, held(HELD), grey(GREY))])
    frame = gpd.read_file(path, layer="assessments")
    assert frame.crs.to_epsg() == 4326
    assert sorted(frame["holder"]) == ["contested", "ukraine"]
    assert set(frame["side"]) == {"independent"}
    assert set(frame["verification"]) == {"assessed_independent"}
    assert frame["attribution"].str.contains("DeepStateMap").all()
    assert set(frame["source_sha256"]) == {f"{18:064d}"}
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == GEOPACKAGE_ID


def test_same_file_twice_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "store.gpkg"
    import_files(path, [snapshot(18, held(HELD))])
    before = path.read_bytes()
    report = import_files(path, [snapshot(18, held(HELD))])
    assert (report.files_added, report.files_already_stored, report.rows_added) == (0, 1, 0)
    assert path.read_bytes() == before


def test_unchanged_consecutive_snapshots_are_stored_once(tmp_path: Path) -> None:
    path = tmp_path / "store.gpkg"
    wobble = shapely.Polygon([(35.5, 51.12), (35.5, 51.35), (35.1, 51.35), (35.1, 51.12)])
    report = import_files(path, [snapshot(18, held(HELD)), snapshot(19, held(wobble))])
    assert (report.files_added, report.snapshots_unchanged, report.rows_added) == (2, 1, 1)
    assert len(stored_rows(path)) == 1


def test_failed_import_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "store.gpkg"
    import_files(path, [snapshot(18, held(HELD))])
    before = path.read_bytes()
    broken = snapshot(20, held(SHRUNK))
    broken = ImportedFile(**{**_fields(broken), "areas": (held(SHRUNK), "not an area")})  # type: ignore[dict-item]
    with pytest.raises(AttributeError):
        import_files(path, [snapshot(19, held(SHRUNK)), broken])
    assert path.read_bytes() == before


def test_failed_first_import_leaves_no_store(tmp_path: Path) -> None:
    path = tmp_path / "new.gpkg"
    broken = ImportedFile(**{**_fields(snapshot(18)), "areas": ("not an area",)})  # type: ignore[dict-item]
    with pytest.raises(AttributeError):
        import_files(path, [broken])
    assert not path.exists()


def test_rows_come_back_as_claims(tmp_path: Path) -> None:
    path = tmp_path / "store.gpkg"
    import_files(path, [snapshot(18, held(HELD), grey(GREY))])
    claims = store_claims(path)
    assert [c.holder for c in claims] == [Holder.UKRAINE, Holder.CONTESTED]
    first = claims[0]
    assert (first.claimant, first.side) == ("DeepStateMap (imported)", Side.INDEPENDENT)
    assert first.published == first.refers_to == date(2024, 8, 18)
    assert first.verification is Verification.ASSESSED_INDEPENDENT
    assert first.geometry is not None
    assert first.geometry.origin is GeometryOrigin.DRAWN_BY_CLAIMANT
    assert_geometries_equal(first.geometry.shape, HELD, normalize=True)
    assert first.sources[0].publisher == "DeepStateMap"
    assert first.imported and first.provenance is not None
    assert first.provenance.attribution.startswith("© DeepStateMap")
    assert first.provenance.source_file == "1723939200.geojson"
    assert first.provenance.licence == "all rights reserved: no redistribution"
    assert first.note == ""


def test_ground_no_longer_marked_goes_back_to_russia(tmp_path: Path, kursk: Theatre) -> None:
    path = tmp_path / "store.gpkg"
    import_files(path, [snapshot(18, held(HELD), grey(GREY)), snapshot(30, held(SHRUNK))])
    claims = store_claims(path)
    back = [c for c in claims if c.holder is Holder.RUSSIA]
    assert len(back) == 1 and BACK_TO_RUSSIA in back[0].gist
    picture = asserted_control(Ledger(tuple(claims)), kursk, date(2024, 8, 31))
    view = picture.view("DeepStateMap (imported)")
    in_kursk = shapely.intersection(SHRUNK, kursk.home)
    assert view.area_km2(Holder.UKRAINE) == pytest.approx(area_km2(in_kursk), rel=1e-3)
    lost = shapely.intersection(shapely.union(shapely.difference(HELD, SHRUNK), GREY), kursk.home)
    assert view.area_km2(Holder.RUSSIA) == pytest.approx(area_km2(lost), rel=1e-3)
    assert view.area_km2(Holder.CONTESTED) == 0
    earlier = asserted_control(Ledger(tuple(claims)), kursk, date(2024, 8, 20))
    assert earlier.view("DeepStateMap (imported)").area_km2(Holder.RUSSIA) == 0


def test_an_empty_snapshot_hands_everything_back(tmp_path: Path) -> None:
    path = tmp_path / "store.gpkg"
    import_files(path, [snapshot(18, held(HELD)), snapshot(30)])
    back = [c for c in store_claims(path) if c.holder is Holder.RUSSIA]
    assert back and back[0].geometry is not None
    assert_geometries_equal(back[0].geometry.shape, HELD, normalize=True)


def test_store_joins_the_ledger(tmp_path: Path) -> None:
    path = tmp_path / "store.gpkg"
    import_files(path, [snapshot(18, held(HELD))])
    joined = with_store(Ledger(()), path)
    assert joined.claimants == (("DeepStateMap (imported)", Side.INDEPENDENT),)
    assert with_store(Ledger(()), None) == Ledger(())
    assert store_claims(tmp_path / "absent.gpkg") == []
    assert not (tmp_path / "absent.gpkg").exists()


def test_store_path_from_option_or_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(STORE_ENV, raising=False)
    assert store_path(None) is None
    monkeypatch.setenv(STORE_ENV, "/tmp/setting.gpkg")
    assert store_path(None) == Path("/tmp/setting.gpkg")
    assert store_path(Path("option.gpkg")) == Path("option.gpkg")


def _fields(imported: ImportedFile) -> dict[str, object]:
    return {name: getattr(imported, name) for name in ImportedFile.__slots__}


def test_a_store_of_the_first_layout_still_reads(tmp_path: Path) -> None:
    """tests/data/store_v1.gpkg was written by the SQLite writer this one replaced."""
    old = tmp_path / "old.gpkg"
    old.write_bytes(OLD_STORE.read_bytes())
    assert schema_version(old) == 1
    claims = store_claims(old)
    assert [c.holder for c in claims] == [Holder.UKRAINE, Holder.CONTESTED]
    assert claims[0].provenance is not None
    assert claims[0].provenance.source_file == "1723939200.geojson"
    assert_geometries_equal(claims[0].geometry.shape, HELD, normalize=True)  # type: ignore[union-attr]
    report = import_files(old, [snapshot(30, held(SHRUNK))])
    assert report.rows_added == 1 and schema_version(old) == SCHEMA_VERSION
    assert [r.taken_at.day for r in stored_rows(old)] == [18, 18, 30]


def test_a_store_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    import pandas as pd
    import pyogrio

    path = tmp_path / "store.gpkg"
    import_files(path, [snapshot(18, held(HELD))])
    newer = pd.DataFrame({"schema_version": [SCHEMA_VERSION + 1]})
    pyogrio.write_dataframe(newer, path, layer="store_meta", driver="GPKG")
    with pytest.raises(StoreVersionError, match="version 3"):
        stored_rows(path)


def test_imports_at_once_each_keep_their_files(tmp_path: Path) -> None:
    """Each import rewrites the whole store: without the store's lock, the last rename wins."""
    from concurrent.futures import ThreadPoolExecutor

    from claims.store import imported_files

    path = tmp_path / "store.gpkg"
    days = [18, 20, 22, 24, 26, 28]
    shapes = [shapely.box(35.1, 51.12, 35.5 - n / 100, 51.35) for n in range(len(days))]
    files = [snapshot(day, held(shape)) for day, shape in zip(days, shapes, strict=True)]
    with ThreadPoolExecutor(max_workers=len(files)) as pool:
        list(pool.map(lambda one: import_files(path, [one]), files))
    assert len(imported_files(path)) == len(files)
    assert sorted(r.taken_at.day for r in stored_rows(path)) == days


def test_provenance_reaches_the_ledger_export(tmp_path: Path) -> None:
    from claims.bundle import load_ledger
    from claims.export import ledger_table
    from claims.export_layers import attribution

    path = tmp_path / "store.gpkg"
    import_files(path, [snapshot(18, held(HELD))])
    joined = with_store(load_ledger(), path)
    assert joined.imported_claimants == {"DeepStateMap (imported)"}
    table = ledger_table(joined)
    imported = table[table["claimant"] == "DeepStateMap (imported)"]
    assert list(imported["source_file"]) == ["1723939200.geojson"]
    assert imported["attribution"].str.startswith("© DeepStateMap").all()
    assert (table.loc[table["claimant"] != "DeepStateMap (imported)", "source_file"] == "").all()
    assert attribution(joined.records[-1]).startswith("© DeepStateMap")
    # A ledger record has no publisher's credit line: the feature credits its claimant instead.
    first = joined.records[0]
    assert attribution(first).startswith(f"Claim by {first.claimant}")
