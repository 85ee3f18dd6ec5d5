"""Settlement records: the curated CSVs and the GeoNames towns, read into typed rows."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import shapely
from unidecode import unidecode

from geodata.crs import to_metric
from geodata.names import fold_name

SETTLEMENT_COLUMNS = (
    "name_en",
    "name_ru",
    "variants",
    "kind",
    "district",
    "oblast",
    "country",
    "lat",
    "lon",
    "source_url",
    "source_note",
)
SETTLEMENT_KINDS = frozenset({"town", "village"})
APPROXIMATE_MARK = "approximate"


class SettlementFileError(ValueError):
    """A settlement CSV row that cannot be used, named by file, row and column."""


@dataclass(frozen=True, slots=True)
class Settlement:
    """One populated place, with every spelling under which reports name it."""

    id: str
    name_en: str
    name_ru: str
    variants: tuple[str, ...]
    kind: str
    district: str
    oblast: str
    country: str
    lat: float
    lon: float
    source_url: str
    source_note: str = ""

    @property
    def position_checked(self) -> bool:
        """False for positions marked approximate: estimated, not read off a coordinate page."""
        return not self.source_note.lower().startswith(APPROXIMATE_MARK)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name_en, self.name_ru, *self.variants)

    @property
    def label(self) -> str:
        """Name plus district: enough to tell namesakes apart."""
        where = f"{self.district} district, " if self.district else ""
        return f"{self.name_en} ({where}{self.oblast} oblast)"


def settlement_id(name_en: str, district: str, oblast: str) -> str:
    """A stable id that survives re-ordering of rows: slug of name, district and oblast."""
    parts = [name_en, district or oblast]
    return "-".join(_slug(p) for p in parts if p)


def parse_settlement_rows(text: str, *, origin: str) -> list[Settlement]:
    """Parse one settlements CSV (see geodata/data/settlements/README.md)."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in SETTLEMENT_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise SettlementFileError(f"{origin}: missing columns {', '.join(missing)}")
    return [_parse_row(row, origin=f"{origin}:{n}") for n, row in enumerate(reader, start=2)]


def read_settlement_files(paths: Iterable[Path]) -> list[Settlement]:
    """Read several settlement CSVs; a place listed twice (same id) keeps its first row."""
    seen: dict[str, Settlement] = {}
    for path in sorted(paths):
        for settlement in parse_settlement_rows(path.read_text(encoding="utf-8"), origin=path.name):
            seen.setdefault(settlement.id, settlement)
    return list(seen.values())


def _parse_row(row: dict[str, str], *, origin: str) -> Settlement:
    name_en = (row["name_en"] or "").strip()
    if not name_en:
        raise SettlementFileError(f"{origin}: name_en is empty")
    kind = (row["kind"] or "").strip()
    if kind not in SETTLEMENT_KINDS:
        raise SettlementFileError(f"{origin} ({name_en}): kind {kind!r} is not town or village")
    lat = _coordinate(row["lat"], origin=origin, name=name_en, field="lat", limit=90)
    lon = _coordinate(row["lon"], origin=origin, name=name_en, field="lon", limit=180)
    district = (row["district"] or "").strip()
    oblast = (row["oblast"] or "").strip()
    return Settlement(
        id=settlement_id(name_en, district, oblast),
        name_en=name_en,
        name_ru=(row["name_ru"] or "").strip(),
        variants=_split_variants(row["variants"]),
        kind=kind,
        district=district,
        oblast=oblast,
        country=(row["country"] or "").strip(),
        lat=lat,
        lon=lon,
        source_url=(row["source_url"] or "").strip(),
        source_note=(row["source_note"] or "").strip(),
    )


def _coordinate(raw: str | None, *, origin: str, name: str, field: str, limit: float) -> float:
    try:
        value = float((raw or "").strip())
    except ValueError:
        raise SettlementFileError(f"{origin} ({name}): {field} {raw!r} is not a number") from None
    if not math.isfinite(value) or abs(value) > limit:
        raise SettlementFileError(f"{origin} ({name}): {field} {raw!r} is out of range")
    return value


def _split_variants(raw: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (raw or "").split(";") if v.strip())


def _slug(text: str) -> str:
    ascii_text = unidecode(text).lower()
    kept = "".join(c if c.isalnum() else "-" for c in ascii_text)
    return "-".join(part for part in kept.split("-") if part)


# Two rows name the same place when they share a folded name and lie within 10 km (measured in the
# equal-area CRS): wide enough to catch an approximate position of a place that also has a checked
# one.
SAME_PLACE_METRES = 10_000.0


def merge_without_duplicates(
    preferred: Sequence[Settlement], others: Sequence[Settlement]
) -> tuple[Settlement, ...]:
    """`preferred` plus those of `others` that are not already there under another id."""
    kept = list(preferred)
    by_name: dict[str, list[Settlement]] = {}
    ids = {s.id for s in kept}
    for settlement in kept:
        for key in _folded_names(settlement):
            by_name.setdefault(key, []).append(settlement)
    for candidate in others:
        namesakes = {id(s): s for key in _folded_names(candidate) for s in by_name.get(key, [])}
        if candidate.id in ids or any(_near(candidate, s) for s in namesakes.values()):
            continue
        kept.append(candidate)
        ids.add(candidate.id)
        for key in _folded_names(candidate):
            by_name.setdefault(key, []).append(candidate)
    return tuple(kept)


def _folded_names(settlement: Settlement) -> set[str]:
    return {fold_name(n) for n in settlement.names if n}


def _near(a: Settlement, b: Settlement) -> bool:
    """Whether two rows lie within `SAME_PLACE_METRES` of each other.

    >>> from dataclasses import replace
    >>> kursk = Settlement("a", "Kursk", "", (), "city", "", "Kursk", "RU", 51.73, 36.19, "", "")
    >>> moved = replace(kursk, id="b", lat=51.80)  # 7.8 km north
    >>> _near(kursk, moved), _near(kursk, replace(moved, lat=51.83))  # and 11.1 km
    (True, False)
    """
    here, there = to_metric(shapely.points([(a.lon, a.lat), (b.lon, b.lat)]))
    return bool(here.distance(there) < SAME_PLACE_METRES)
