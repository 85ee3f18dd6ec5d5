"""Voronoi cells of settlements: the ground each settlement stands for.

A claim about a village says nothing exact about the fields around it. The defensible minimum is
that the ground nearer to that village than to any other belongs with it: its Voronoi cell, built in
a metric CRS and clipped to the region (oblast) the village belongs to, so that no cell crosses the
state border even where a village sits a few hundred metres from a coarse boundary line.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import shapely
from shapely.geometry import MultiPoint, Point
from shapely.geometry.base import BaseGeometry

from geodata.crs import to_metric, to_storage


def settlement_cells(
    sites: Mapping[str, tuple[Point, str]], regions: Mapping[str, BaseGeometry]
) -> dict[str, BaseGeometry]:
    """Cell of each site (WGS 84 point, region key), clipped to its region.

    Each region is tessellated from its own sites only, so its cells cover it whole: ground near
    the border that lies closer to a village across it still belongs to a cell on this side.
    Sites at one position share one cell. Sites whose region is not in `regions` get no cell.
    """
    cells: dict[str, BaseGeometry] = {}
    for region_key, region in regions.items():
        keys = [key for key, (_, where) in sites.items() if where == region_key]
        if keys:
            cells.update(_region_cells({key: sites[key][0] for key in keys}, to_metric(region)))
    return {key: cells[key] for key in sites if key in cells}


def _region_cells(
    points: Mapping[str, Point], metric_region: BaseGeometry
) -> dict[str, BaseGeometry]:
    """Cells of one region's sites, worked on as arrays: one projection, one clip, one return."""
    keys = list(points)
    metric_points = to_metric(np.array([points[key] for key in keys], dtype=object))
    xy = shapely.get_coordinates(metric_points)
    positions = list(dict.fromkeys(map(tuple, xy.tolist())))
    envelope = metric_region.envelope.buffer(10_000)
    raw_cells = shapely.voronoi_polygons(MultiPoint(positions), extend_to=envelope, ordered=True)
    cell_at = dict(zip(positions, shapely.get_parts(raw_cells), strict=True))
    raw = np.array([cell_at[(x, y)] for x, y in xy.tolist()], dtype=object)
    clipped = shapely.intersection(raw, metric_region)
    kept = ~shapely.is_empty(clipped)
    cells = to_storage(shapely.make_valid(clipped[kept]))
    return dict(zip([k for k, keep in zip(keys, kept, strict=True) if keep], cells, strict=True))
