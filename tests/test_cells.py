"""geodata.cells: Voronoi cells of settlements, clipped to their region."""

from __future__ import annotations

import itertools

import pytest
import shapely
from shapely.geometry import Point, box
from shapely.geometry.base import BaseGeometry

from geodata.cells import settlement_cells
from geodata.crs import area_km2

# Two regions side by side (WGS 84 lon/lat), like two oblasts sharing a border at 35.0E.
WEST = box(34.6, 51.0, 35.0, 51.4)
EAST = box(35.0, 51.0, 35.4, 51.4)
REGIONS = {"west": WEST, "east": EAST}

SITES = {
    "w1": (Point(34.70, 51.10), "west"),
    "w2": (Point(34.80, 51.30), "west"),
    "w3": (Point(34.95, 51.20), "west"),
    "w4": (Point(34.997, 51.05), "west"),  # ~200 m from the shared border
    "e1": (Point(35.003, 51.06), "east"),  # ~200 m from it on the other side
    "e2": (Point(35.20, 51.20), "east"),
    "e3": (Point(35.30, 51.35), "east"),
}


@pytest.fixture(scope="module")
def cells() -> dict[str, BaseGeometry]:
    """Cells of the seven sites in the two boxes."""
    return settlement_cells(SITES, REGIONS)


def test_every_site_gets_a_cell(cells: dict[str, BaseGeometry]) -> None:
    assert set(cells) == set(SITES)


@pytest.mark.parametrize("region", sorted(REGIONS))
def test_cells_partition_their_region(cells: dict[str, BaseGeometry], region: str) -> None:
    own = [cells[key] for key, (_, where) in SITES.items() if where == region]
    region_area = area_km2(REGIONS[region])
    assert sum(area_km2(c) for c in own) == pytest.approx(region_area, rel=0.001)
    assert area_km2(shapely.union_all(own)) == pytest.approx(region_area, rel=0.001)


def test_cells_are_disjoint(cells: dict[str, BaseGeometry]) -> None:
    for (a, one), (b, other) in itertools.combinations(cells.items(), 2):
        assert area_km2(shapely.intersection(one, other)) < 1e-3, (a, b)


@pytest.mark.parametrize("key", sorted(SITES))
def test_each_cell_contains_its_own_site(cells: dict[str, BaseGeometry], key: str) -> None:
    point, _ = SITES[key]
    assert cells[key].covers(point)
    assert cells[key].is_valid


@pytest.mark.parametrize("key", sorted(SITES))
def test_cells_never_cross_into_the_other_region(cells: dict[str, BaseGeometry], key: str) -> None:
    _, region = SITES[key]
    (other,) = (shape for name, shape in REGIONS.items() if name != region)
    assert area_km2(shapely.intersection(cells[key], other)) < 0.01


def test_site_near_the_border_keeps_ground_on_its_own_side(
    cells: dict[str, BaseGeometry],
) -> None:
    # Without clipping, w4's cell would reach across 35.0E; with it, w4 still has real ground.
    assert area_km2(cells["w4"]) > 10
    assert cells["w4"].bounds[2] == pytest.approx(35.0, abs=1e-5)


def test_site_of_an_unknown_region_gets_no_cell() -> None:
    found = settlement_cells(
        {"a": (Point(34.8, 51.2), "west"), "b": (Point(34.9, 51.2), "nowhere")}, {"west": WEST}
    )
    assert set(found) == {"a"}
    assert area_km2(found["a"]) == pytest.approx(area_km2(WEST), rel=0.001)


def test_no_sites_no_cells() -> None:
    assert settlement_cells({}, REGIONS) == {}


def test_single_site_holds_its_whole_region() -> None:
    found = settlement_cells({"only": (Point(34.8, 51.2), "west")}, REGIONS)
    assert area_km2(found["only"]) == pytest.approx(area_km2(WEST), rel=0.001)


def test_sites_at_one_position_share_a_cell_instead_of_failing() -> None:
    # Two rows for one place under unrelated names (e.g. an old and a new name) share a position.
    found = settlement_cells(
        {
            "old-name": (Point(34.8, 51.2), "west"),
            "new-name": (Point(34.8, 51.2), "west"),
            "other": (Point(34.7, 51.1), "west"),
        },
        REGIONS,
    )
    assert set(found) == {"old-name", "new-name", "other"}
    assert found["old-name"].equals(found["new-name"])
    shared_and_other = area_km2(found["old-name"]) + area_km2(found["other"])
    assert shared_and_other == pytest.approx(area_km2(WEST), rel=0.001)
