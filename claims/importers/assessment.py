"""What an importer hands the store: the areas a file assesses, with its publisher's credit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from shapely.geometry.base import BaseGeometry

from claims.model import Holder, Kind, Side, Verification


class ImportFileError(ValueError):
    """A file that cannot be imported; nothing of the import it belongs to is stored."""

    def __init__(self, source: str, message: str) -> None:
        self.source = source
        super().__init__(f"{source}: {message}")


@dataclass(frozen=True, slots=True)
class AssessedArea:
    """One assessed shape: who it says holds it, and what kind of statement the layer makes."""

    shape: BaseGeometry
    holder: Holder
    category: str
    layer: str
    kind: Kind = Kind.AREA_CONTROL
    verification: Verification = Verification.ASSESSED_INDEPENDENT
    side: Side = Side.INDEPENDENT
    label: str = ""


@dataclass(frozen=True, slots=True)
class Publisher:
    """Whose data it is. Kept in every stored row; the data itself is never bundled."""

    claimant: str
    name: str
    attribution: str
    url: str
    licence: str


@dataclass(frozen=True, slots=True)
class ImportedFile:
    """The parsed content of one file, ready for one transaction of the store.

    `complete` says the file is the assessor's whole picture for its time: ground it marked before
    and no longer marks has, in its view, gone back to Russia (see `claims.store`).
    """

    source_file: str
    sha256: str
    format: str
    taken_at: datetime
    publisher: Publisher
    areas: tuple[AssessedArea, ...]
    complete: bool
