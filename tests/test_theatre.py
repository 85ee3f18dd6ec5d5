"""claims.theatre: bulk cell queries agree with the one-pair-at-a-time answers they replaced."""

from __future__ import annotations

import shapely

from claims.theatre import THEATRE_MARGIN_METRES, Theatre
from geodata.crs import area_km2, to_metric

SUDZHA_AREA = shapely.box(35.15, 51.10, 35.40, 51.30)


def test_cells_touching_equals_a_scan_of_every_cell(kursk: Theatre) -> None:
    shapes = [SUDZHA_AREA, shapely.Point(35.27, 51.19), shapely.box(10, 10, 11, 11)]
    index, cell_ids = kursk.cells_touching(shapes)
    found = sorted(zip(index.tolist(), cell_ids, strict=True))
    scanned = sorted(
        (i, cell_id)
        for i, shape in enumerate(shapes)
        for cell_id, cell in kursk.cells.items()
        if cell.intersects(shape)
    )
    assert found == scanned and len(found) > 10


def test_a_point_takes_the_cell_that_covers_it(kursk: Theatre) -> None:
    for settlement in kursk.settlements[::25]:
        inside = kursk.cells[settlement.id].representative_point()
        expected = next(sid for sid, cell in kursk.cells.items() if cell.covers(inside))
        assert kursk.cell_of_point(inside) == expected
    assert kursk.cell_of_point(shapely.Point(10, 10)) is None


def test_a_settlement_position_names_that_settlement(kursk: Theatre) -> None:
    for settlement in kursk.settlements[::40]:
        point = shapely.Point(settlement.lon, settlement.lat)
        assert kursk.cell_of_point(point) in {
            s.id for s in kursk.settlements if (s.lon, s.lat) == (point.x, point.y)
        }


def test_cell_areas_are_measured_on_the_metric_copy(kursk: Theatre) -> None:
    for cell_id in list(kursk.cells)[::50]:
        assert abs(kursk.cell_area_km2[cell_id] - area_km2(kursk.cells[cell_id])) < 1e-6
    assert kursk.metric_cells.crs.to_wkt() != kursk.cell_series.crs.to_wkt()


def test_the_margin_is_measured_in_metres(kursk: Theatre) -> None:
    regions = to_metric(shapely.union_all(list(kursk.regions.values())))
    extent = to_metric(kursk.extent)
    assert regions.buffer(THEATRE_MARGIN_METRES - 100).within(extent)
    assert extent.within(regions.buffer(THEATRE_MARGIN_METRES + 100))
