"""A set of ground made of whole settlement cells (compared by id) and drawn pieces.

Cells are the common currency of the map: comparing them by id needs no geometry, and their areas
are measured once in the theatre. Only drawn polygons need overlay operations.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

import shapely
from shapely.geometry.base import BaseGeometry

from claims.territory import EMPTY, Piece
from claims.theatre import Theatre
from geodata.crs import area_km2


@dataclass(frozen=True)
class Ground:
    """Whole cells by id plus any drawn ground, measured inside the home region."""

    cells: frozenset[str]
    drawn: BaseGeometry
    theatre: Theatre = field(repr=False, compare=False)

    @classmethod
    def of_pieces(cls, pieces: Iterable[Piece], theatre: Theatre) -> Ground:
        cells: set[str] = set()
        drawn: list[BaseGeometry] = []
        for piece in pieces:
            if piece.cell is not None:
                cells.add(piece.cell)
            else:
                drawn.append(piece.shape)
        return cls(frozenset(cells), shapely.union_all(drawn) if drawn else EMPTY, theatre)

    @cached_property
    def shape(self) -> BaseGeometry:
        parts = [self.theatre.cells[c] for c in self.cells] + [self.drawn]
        return shapely.intersection(shapely.union_all(parts), self.theatre.home)

    @cached_property
    def km2(self) -> float:
        if self.drawn.is_empty:
            # fsum: exact, so the figure does not hang on the order a set of cells is iterated in
            # (string hashing differs from one process to the next, and so did the last digit).
            areas = self.theatre.cell_area_km2
            return math.fsum(areas[c] for c in self.cells & self.theatre.home_cells)
        return area_km2(self.shape)

    @property
    def is_empty(self) -> bool:
        return not self.cells and self.drawn.is_empty

    def km2_of(self, piece: Piece) -> float:
        """How much of a piece lies in this ground (and in the home region)."""
        if piece.cell is not None and piece.cell in self.cells:
            inside = piece.cell in self.theatre.home_cells
            return self.theatre.cell_area_km2[piece.cell] if inside else 0.0
        if self.drawn.is_empty and piece.cell is not None:
            return 0.0
        if not piece.shape.intersects(self.shape):
            return 0.0
        return area_km2(shapely.intersection(piece.shape, self.shape))
