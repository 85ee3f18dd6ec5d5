"""The ground claims are mapped onto: settlements, their cells, and the named regions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import shapely
from shapely import STRtree
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from claims.parse import ParseContext
from geodata import layers
from geodata.cells import settlement_cells
from geodata.crs import area_km2
from geodata.gazetteer import Gazetteer
from geodata.settlements import Settlement

# Claims may draw a little beyond the oblasts: border lines and crossings sit on the edge.
THEATRE_MARGIN_DEGREES = 0.1


@dataclass(frozen=True)
class Theatre:
    """Settlements of the area, the cell of ground each stands for, and the named regions."""

    settlements: tuple[Settlement, ...]
    cells: Mapping[str, BaseGeometry]
    cell_area_km2: Mapping[str, float]
    regions: Mapping[str, BaseGeometry]
    home_region: str = "kursk_oblast"
    _tree: STRtree | None = field(default=None, repr=False)

    @cached_property
    def extent(self) -> BaseGeometry:
        return shapely.union_all(list(self.regions.values())).buffer(THEATRE_MARGIN_DEGREES)

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
        """Ids of the settlements that belong to a named region: one definition, by oblast."""
        return self._by_region.get(region, ())

    @cached_property
    def _by_region(self) -> dict[str, tuple[str, ...]]:
        found: dict[str, list[str]] = {}
        for settlement in self.settlements:
            found.setdefault(region_key(settlement), []).append(settlement.id)
        return {key: tuple(ids) for key, ids in found.items()}

    def settlements_in(self, area: BaseGeometry) -> list[str]:
        """Ids of the settlements that lie inside `area`."""
        if self._tree is None:
            return []
        hits = self._tree.query(area, predicate="covers")
        return [self.settlements[int(i)].id for i in sorted(hits)]

    def cell_of_point(self, point: BaseGeometry) -> str | None:
        for settlement_id in self.settlements_in(point.buffer(1e-9)):
            return settlement_id
        for settlement_id, cell in self.cells.items():
            if cell.covers(point):
                return settlement_id
        return None

    @cached_property
    def _by_id(self) -> dict[str, Settlement]:
        return {s.id: s for s in self.settlements}


def build_theatre(
    settlements: tuple[Settlement, ...], regions: Mapping[str, BaseGeometry]
) -> Theatre:
    """Tessellate the settlements that lie in the regions and index them."""
    inside = tuple(s for s in settlements if region_key(s) in regions)
    cells = settlement_cells({s.id: (_point(s), region_key(s)) for s in inside}, regions)
    points = tuple(_point(s) for s in inside)
    return Theatre(
        settlements=inside,
        cells=cells,
        cell_area_km2={key: area_km2(cell) for key, cell in cells.items()},
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
    """The key of the region a settlement belongs to: "Kursk" -> "kursk_oblast"."""
    return f"{settlement.oblast.lower()}_oblast"


def _point(settlement: Settlement) -> Point:
    return Point(settlement.lon, settlement.lat)
