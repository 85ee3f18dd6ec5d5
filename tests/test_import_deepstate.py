"""claims.importers.deepstate: messy DeepStateMap snapshots, Kursk-area polygons only."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import shapely
from shapely.testing import assert_geometries_equal

from claims.importers.assessment import ImportFileError
from claims.importers.dates import time_from_name, time_from_value
from claims.importers.deepstate import holder_of, parse_deepstate, parse_name, read_deepstate
from claims.model import Holder

SNAPSHOTS = Path(__file__).resolve().parent / "data" / "import" / "deepstate"
FIRST = SNAPSHOTS / "1723939200.geojson"
TAKEN = datetime(2024, 8, 18, tzinfo=UTC)


@pytest.mark.parametrize(
    "name",
    [
        "Звільнено /// Liberated /// geoJSON.status.dismissed",
        "Звільнено\u00a0///\u00a0Liberated\n///geoJSON.status.dismissed",
        "Звільнено///Liberated///geoJSON.status.dismissed",
        "Звільнено \n /// \n Liberated \u202f///  geoJSON.status.dismissed ",
    ],
)
def test_messy_names_split_the_same(name: str) -> None:
    parsed = parse_name(name)
    assert (parsed.ukrainian, parsed.english, parsed.group, parsed.key) == (
        "Звільнено",
        "Liberated",
        "status",
        "dismissed",
    )


def test_unit_marker_and_dated_keys() -> None:
    assert parse_name("47 ОМБр /// 47th /// geoJSON.units.brigade").group == "units"
    assert parse_name("x /// y /// geoJSON.status.dismissed_at {{at:25.03}}").key == "dismissed_at"


@pytest.mark.parametrize(
    ("name", "fill", "holder"),
    [
        ("a /// b /// geoJSON.status.dismissed", "#01579b", Holder.UKRAINE),
        ("a /// b /// geoJSON.status.dismissed", "#0f9d58", None),  # Ukrainian land freed
        ("a /// b /// geoJSON.status.unknown", "#bdbdbd", Holder.CONTESTED),
        ("a /// b /// geoJSON.status.occupied", "#a52714", None),
        ("a /// b /// geoJSON.units.brigade", "#01579b", None),
    ],
)
def test_holder_from_key_and_fill(name: str, fill: str, holder: Holder | None) -> None:
    assert holder_of(parse_name(name), fill) is holder


def test_snapshot_keeps_kursk_polygons_only() -> None:
    areas = parse_deepstate(read_deepstate(FIRST), taken_at=TAKEN)
    holders = sorted(a.holder.value for a in areas)
    assert holders == ["contested", "ukraine", "ukraine"]
    assert all(a.shape.geom_type in ("Polygon", "MultiPolygon") for a in areas)
    assert not any(shapely.has_z(a.shape) for a in areas)
    held = next(a for a in areas if a.shape.geom_type == "Polygon" and a.holder is Holder.UKRAINE)
    assert_geometries_equal(held.shape, shapely.box(35.1, 51.12, 35.5, 51.35), normalize=True)
    assert {a.label for a in areas} == {"Liberated", "Unknown"}


def test_region_limits_what_is_kept() -> None:
    far = shapely.box(30.0, 45.0, 30.5, 45.5)
    assert parse_deepstate(read_deepstate(FIRST), taken_at=TAKEN, region=far) == []


def test_a_file_without_deepstate_names_is_refused() -> None:
    other = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}}]}
    with pytest.raises(ValueError, match="not a DeepStateMap snapshot"):
        parse_deepstate(other, taken_at=TAKEN)


def test_broken_json_names_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "1723939200.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"1723939200\.geojson"):
        read_deepstate(broken)


def test_snapshot_time_from_file_name() -> None:
    assert time_from_name("1723939200.geojson") == TAKEN
    assert time_from_name("deepstate_2024-08-18.geojson") == TAKEN
    assert time_from_name("layer.geojson") is None
    assert time_from_value(1723939200000) == TAKEN
    assert time_from_value("2024-08-18") == TAKEN
