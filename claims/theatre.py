"""The ground claims are mapped onto: settlements, their cells, and the named regions.

Cells are kept twice, computed once: in the storage CRS (WGS 84, what claims are drawn in and
overlaid with) and in the equal-area CRS (what every area is measured in). Both are indexed
(`STRtree`), so "which cells does this polygon touch" or "which cell holds this point" is one
bulk query, never a loop over every cell.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import geopandas as gpd
import numpy as np
import shapely
from shapely import STRtree
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from claims.parse import ParseContext
from geodata import layers
from geodata.cells import settlement_cells
from geodata.crs import AREA_CRS, STORAGE_CRS, to_metric, to_storage
from geodata.gazetteer import Gazetteer
from geodata.settlements import Settlement

# Claims may draw a little beyond the oblasts: border lines and crossings sit on the edge. 10 km
# is about the 0.1° this margin used to be (11 km north-south, 7 km east-west at 51.5° N).
THEATRE_MARGIN_METRES = 10_000.0
# A point within 10 cm of a settlement's position is that settlement (gazetteer positions are
# given to 5-6 decimals of a degree, 0.1-1 m): it takes the settlement's cell even on a cell edge.
SAME_PLACE_METRES = 0.1


@dataclass(frozen=True)
class Theatre:
    """Settlements of the area, the cell of ground each stands for, and the named regions."""

    settlements: tuple[Settlement, ...]
    cells: Mapping[str, BaseGeometry]
    regions: Mapping[str, BaseGeometry]
    home_region: str = "kursk_oblast"
    _tree: STRtree | None = field(default=None, repr=False)

    @cached_property
    def extent(self) -> BaseGeometry:
        """The regions and a margin around them: where a claim may draw (WGS 84)."""
        regions = to_metric(shapely.union_all(list(self.regions.values())))
        return to_storage(regions.buffer(THEATRE_MARGIN_METRES))

    @cached_property
    def cell_series(self) -> gpd.GeoSeries:
        """The cells as a GeoSeries indexed by settlement id, in the storage CRS."""
        return gpd.GeoSeries(list(self.cells.values()), index=list(self.cells), crs=STORAGE_CRS)

    @cached_property
    def metric_cells(self) -> gpd.GeoSeries:
        """The cells in the equal-area CRS (metres), projected once for every measurement."""
        return self.cell_series.to_crs(AREA_CRS)

    @cached_property
    def cell_area_km2(self) -> Mapping[str, float]:
        """Area of each cell in km², measured once on the metric copy."""
        return {str(key): float(m2) / 1e6 for key, m2 in self.metric_cells.area.items()}

    def cells_touching(self, shapes: list[BaseGeometry]) -> tuple[np.ndarray, list[str]]:
        """Pairs (index into `shapes`, cell id) of every cell each shape intersects, in bulk.

        Returns
        -------
        tuple
            The indexes into `shapes`, and beside each the id of a cell it intersects, ordered
            by shape, then by cell in the theatre's order.
        """
        if not shapes or not self.cells:
            return np.empty(0, dtype=np.intp), []
        shape_index, cell_index = self._cell_tree.query(shapes, predicate="intersects")
        order = np.lexsort((cell_index, shape_index))
        ids = self.cell_series.index
        return shape_index[order], [str(ids[i]) for i in cell_index[order]]

    def build_indexes(self) -> None:
        """Compute every derived value now (extent, metric cells, areas, spatial indexes), so a
        copy kept on disk is read back ready to use."""
        for name in (
            "extent", "cell_series", "metric_cells", "cell_area_km2", "home_cells",
            "_by_region", "_cell_tree", "_metric_points", "_by_id",
        ):  # fmt: skip
            getattr(self, name)

    @property
    def home(self) -> BaseGeometry:
        """The region whose control the claims argue about (Kursk oblast)."""
        return self.regions[self.home_region]

    def settlement(self, settlement_id: str) -> Settlement:
        return self._by_id[settlement_id]

    @cached_property
    def home_cells(self) -> frozenset[str]:
        """Ids of the settlements (and so cells) that belong to the home region."""
        return frozenset(self.region_settlements(self.home_region))

    def region_settlements(self, region: str) -> tuple[str, ...]:
        """Ids of the settlements that belong to a named region: one definition, by oblast.

        Parameters
        ----------
        region
            A region key, "kursk_oblast".

        Returns
        -------
        tuple of str
            Settlement ids, empty for an unknown region.
        """
        return self._by_region.get(region, ())

    @cached_property
    def _by_region(self) -> dict[str, tuple[str, ...]]:
        found: dict[str, list[str]] = {}
        for settlement in self.settlements:
            found.setdefault(region_key(settlement), []).append(settlement.id)
        return {key: tuple(ids) for key, ids in found.items()}

    def settlements_in(self, area: BaseGeometry) -> list[str]:
        """Ids of the settlements that lie inside `area`.

        Parameters
        ----------
        area
            A WGS 84 geometry (a drawn polygon).

        Returns
        -------
        list of str
            Ids of the settlements whose position it covers, in the theatre's order.
        """
        if self._tree is None:
            return []
        hits = self._tree.query(area, predicate="covers")
        return [self.settlements[int(i)].id for i in sorted(hits)]

    def cell_of_point(self, point: BaseGeometry) -> str | None:
        """The settlement whose cell holds a WGS 84 point.

        The settlement at that very place first (a point on a cell edge still names the village
        it marks), else the first cell in the theatre's order that covers it.

        Parameters
        ----------
        point
            A WGS 84 point (a claim's gazetteer point).

        Returns
        -------
        str or None
            The settlement id whose cell takes the point.
        """
        if self._metric_points is not None:
            near = self._metric_points.query(
                to_metric(point), predicate="dwithin", distance=SAME_PLACE_METRES
            )
            if len(near):
                return self.settlements[int(near.min())].id
        if not self.cells:
            return None
        covering = self._cell_tree.query(point, predicate="covered_by")
        return str(self.cell_series.index[int(covering.min())]) if len(covering) else None

    @cached_property
    def _cell_tree(self) -> STRtree:
        return STRtree(self.cell_series.values)

    @cached_property
    def _metric_points(self) -> STRtree | None:
        if not self.settlements:
            return None
        return STRtree([to_metric(_point(s)) for s in self.settlements])

    @cached_property
    def _by_id(self) -> dict[str, Settlement]:
        return {s.id: s for s in self.settlements}


def build_theatre(
    settlements: tuple[Settlement, ...], regions: Mapping[str, BaseGeometry]
) -> Theatre:
    """Tessellate the settlements that lie in the regions and index them.

    Parameters
    ----------
    settlements
        Every settlement known; those outside `regions` are left out.
    regions
        Region key ("kursk_oblast") to its WGS 84 polygon; each is tessellated from its own
        settlements only.

    Returns
    -------
    Theatre
        Settlements, their clipped Voronoi cells and the regions, with spatial indexes.
    """
    inside = tuple(s for s in settlements if region_key(s) in regions)
    cells = settlement_cells({s.id: (_point(s), region_key(s)) for s in inside}, regions)
    points = tuple(_point(s) for s in inside)
    return Theatre(
        settlements=inside,
        cells=cells,
        regions=dict(regions),
        _tree=STRtree(points) if points else None,
    )


def bundled_theatre() -> Theatre:
    """The Kursk theatre from the bundled geodata."""
    regions = {
        "kursk_oblast": layers.oblast_polygon(layers.KURSK),
        "sumy_oblast": layers.oblast_polygon(layers.SUMY),
    }
    return build_theatre(layers.settlement_records(), regions)


def parse_context(theatre: Theatre, gazetteer: Gazetteer, today: date) -> ParseContext:
    return ParseContext(
        gazetteer=gazetteer, regions=theatre.regions, theatre=theatre.extent, today=today
    )


def region_key(settlement: Settlement) -> str:
    """The key of the region a settlement belongs to: "Kursk" -> "kursk_oblast".

    >>> sudzha = Settlement("s", "Sudzha", "", (), "town", "Sudzhansky", "Kursk", "RU", 51.19,
    ...                     35.27, "")
    >>> region_key(sudzha)
    'kursk_oblast'
    """
    return f"{settlement.oblast.lower()}_oblast"


def _point(settlement: Settlement) -> Point:
    return Point(settlement.lon, settlement.lat)
