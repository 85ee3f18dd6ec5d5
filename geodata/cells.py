"""Voronoi cells of settlements: the ground each settlement stands for.

A claim about a village says nothing exact about the fields around it. The defensible minimum is
that the ground nearer to that village than to any other belongs with it: its Voronoi cell, built in
a metric CRS and clipped to the region (oblast) the village belongs to, so that no cell crosses the
state border even where a village sits a few hundred metres from a coarse boundary line.
"""

from __future__ import annotations

from collections.abc import Mapping

import shapely
from shapely.geometry import MultiPoint, Point
from shapely.geometry.base import BaseGeometry

from geodata.crs import to_metric, to_storage


def settlement_cells(
    sites: Mapping[str, tuple[Point, str]], regions: Mapping[str, BaseGeometry]
) -> dict[str, BaseGeometry]:
    """Cell of each site (WGS 84 point, region key), clipped to its region.

    Sites whose region is not in `regions` get no cell.
    """
    metric_regions = {key: to_metric(region) for key, region in regions.items()}
    keys = [key for key, (_, region) in sites.items() if region in metric_regions]
    if not keys:
        return {}
    metric_points = MultiPoint([to_metric(sites[key][0]) for key in keys])
    envelope = shapely.union_all(list(metric_regions.values())).envelope.buffer(10_000)
    raw_cells = shapely.voronoi_polygons(metric_points, extend_to=envelope, ordered=True)
    cells: dict[str, BaseGeometry] = {}
    for key, cell in zip(keys, raw_cells.geoms, strict=True):
        clipped = shapely.intersection(cell, metric_regions[sites[key][1]])
        if not clipped.is_empty:
            cells[key] = to_storage(shapely.make_valid(clipped))
    return cells
