"""The local store of imported assessments: one GeoPackage file that also opens in QGIS.

Each imported area is a claim-like row of the `assessments` feature table (claimant, side
"independent", dates, kind, holder, geometry, category), carrying its source file's name and
SHA-256 and its publisher's attribution. The `imports` table lists every file taken in, by hash.

- Every import is one SQLite transaction: if any file fails, nothing of the import is kept.
- Re-importing a file already in the store (same SHA-256) changes nothing.
- A file that is an assessor's whole picture for its time (a DeepStateMap snapshot, an ISW layer
  set) is stored as one row per holder; a snapshot whose areas equal those of the assessor's
  previous snapshot is not stored again (its predecessor still stands).

`store_claims` turns the rows back into `Claim`s. For whole-picture assessors it adds what the
snapshot implies: ground the assessor marked held or contested in an earlier snapshot and no longer
marks is, in its view, back under Russian control (a claim with holder russia).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import shapely
from shapely.geometry.base import BaseGeometry

from claims import gpkg
from claims.importers.assessment import AssessedArea, ImportedFile
from claims.model import (
    Claim,
    ClaimGeometry,
    GeometryOrigin,
    Holder,
    Kind,
    Ledger,
    Precision,
    Side,
    Source,
    Verification,
)

STORE_ENV = "FRONTLINE_STORE"
TABLE = "assessments"
IMPORTS = "imports"
GEOMETRY = "geom"
EMPTY = shapely.MultiPolygon()
# Ground under ~100 m² left between two snapshots is a drawing speck, not ground handed back.
SLIVER_DEGREES2 = 1e-8
NOTHING_MARKED = "nothing marked in the area"
BACK_TO_RUSSIA = "no longer marked: back under Russian control in the assessor's view"

COLUMNS = (
    "claim_id", "claimant", "side", "published", "refers_to", "refers_to_end", "taken_at",
    "kind", "holder", "category", "layer", "label", "verification", "complete", "snapshot_hash",
    "source_file", "source_sha256", "publisher", "attribution", "licence", "source_url",
)  # fmt: skip
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    fid INTEGER PRIMARY KEY AUTOINCREMENT, {GEOMETRY} GEOMETRY,
    claim_id TEXT NOT NULL UNIQUE, claimant TEXT NOT NULL, side TEXT NOT NULL,
    published DATE NOT NULL, refers_to DATE NOT NULL, refers_to_end DATE NOT NULL,
    taken_at DATETIME NOT NULL, kind TEXT NOT NULL, holder TEXT NOT NULL, category TEXT NOT NULL,
    layer TEXT NOT NULL, label TEXT NOT NULL, verification TEXT NOT NULL,
    complete BOOLEAN NOT NULL, snapshot_hash TEXT NOT NULL,
    source_file TEXT NOT NULL, source_sha256 TEXT NOT NULL, publisher TEXT NOT NULL,
    attribution TEXT NOT NULL, licence TEXT NOT NULL, source_url TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS {IMPORTS} (
    fid INTEGER PRIMARY KEY AUTOINCREMENT, sha256 TEXT NOT NULL UNIQUE, file_name TEXT NOT NULL,
    format TEXT NOT NULL, claimant TEXT NOT NULL, taken_at DATETIME NOT NULL,
    imported_at DATETIME NOT NULL, rows_added INTEGER NOT NULL, attribution TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS {TABLE}_claimant_time ON {TABLE} (claimant, taken_at)
"""


@dataclass(frozen=True, slots=True)
class StoredRow:
    """One row of the assessments table."""

    claim_id: str
    claimant: str
    side: Side
    taken_at: datetime
    kind: Kind
    holder: Holder
    category: str
    layer: str
    label: str
    verification: Verification
    complete: bool
    snapshot_hash: str
    source_file: str
    source_sha256: str
    publisher: str
    attribution: str
    licence: str
    source_url: str
    shape: BaseGeometry


@dataclass(frozen=True, slots=True)
class ImportReport:
    files_added: int
    files_already_stored: int
    snapshots_unchanged: int
    rows_added: int


def store_path(option: Path | None) -> Path | None:
    """The store to use: `--store PATH`, else the FRONTLINE_STORE setting, else none."""
    if option is not None:
        return option
    setting = os.environ.get(STORE_ENV, "").strip()
    return Path(setting) if setting else None


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def import_files(path: Path, files: Sequence[ImportedFile]) -> ImportReport:
    """Add parsed files to the store (created on first use), all in one transaction."""
    added = known = unchanged = rows = 0
    with _transaction(path) as connection:
        for imported in sorted(files, key=lambda f: (f.publisher.claimant, f.taken_at)):
            if _already_stored(connection, imported.sha256):
                known += 1
                continue
            count = _insert_file(connection, imported)
            added += 1
            unchanged += int(count == 0)
            rows += count
    return ImportReport(added, known, unchanged, rows)


def stored_rows(path: Path) -> list[StoredRow]:
    """Every assessment row, oldest snapshot first; no rows when the store does not exist yet."""
    if not path.exists():
        return []
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        if not _has_table(connection, TABLE):
            return []
        query = f"SELECT {GEOMETRY}, {', '.join(COLUMNS)} FROM {TABLE} ORDER BY taken_at, fid"
        return [_row(record) for record in connection.execute(query)]
    finally:
        connection.close()


def store_claims(path: Path) -> list[Claim]:
    """The stored assessments as claims, ready to join a ledger."""
    rows = stored_rows(path)
    claims: list[Claim] = []
    for claimant in dict.fromkeys(r.claimant for r in rows):
        own = [r for r in rows if r.claimant == claimant]
        claims.extend(_claim(r) for r in own if not r.complete and not r.shape.is_empty)
        claims.extend(_snapshot_claims([r for r in own if r.complete]))
    return claims


def with_store(ledger: Ledger, path: Path | None) -> Ledger:
    """The ledger's records followed by the store's assessments (the ledger alone without one)."""
    if path is None:
        return ledger
    return Ledger(ledger.records + tuple(store_claims(path)), warnings=ledger.warnings)


def imported_files(path: Path) -> list[tuple[str, str, str]]:
    """(file name, sha256, claimant) of every file in the store, in import order."""
    if not path.exists():
        return []
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        if not _has_table(connection, IMPORTS):
            return []
        query = f"SELECT file_name, sha256, claimant FROM {IMPORTS} ORDER BY fid"
        return [(str(a), str(b), str(c)) for a, b, c in connection.execute(query)]
    finally:
        connection.close()


@contextmanager
def _transaction(path: Path) -> Iterator[sqlite3.Connection]:
    existed = path.exists()
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = DELETE")
        connection.execute("BEGIN IMMEDIATE")
        if not _has_table(connection, TABLE):
            _create(connection)
        yield connection
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        connection.close()
        if not existed:
            path.unlink(missing_ok=True)
        raise
    connection.close()


def _create(connection: sqlite3.Connection) -> None:
    gpkg.create_core(connection)
    for statement in _SCHEMA.split(";"):
        connection.execute(statement)
    gpkg.register_table(
        connection, TABLE, description="imported independent assessments (claims, not truth)",
        geometry_column=GEOMETRY,
    )  # fmt: skip
    gpkg.register_table(connection, IMPORTS, description="files imported, by SHA-256")


def _has_table(connection: sqlite3.Connection, table: str) -> bool:
    query = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
    return connection.execute(query, (table,)).fetchone() is not None


def _already_stored(connection: sqlite3.Connection, sha256: str) -> bool:
    query = f"SELECT 1 FROM {IMPORTS} WHERE sha256 = ?"
    return connection.execute(query, (sha256,)).fetchone() is not None


def _insert_file(connection: sqlite3.Connection, imported: ImportedFile) -> int:
    areas = _merged(imported.areas) if imported.complete else list(imported.areas)
    digest = snapshot_hash(areas)
    if imported.complete and _previous_hash(connection, imported) == digest:
        rows = 0
    else:
        rows = _insert_areas(connection, imported, areas, digest)
    connection.execute(
        f"INSERT INTO {IMPORTS} (sha256, file_name, format, claimant, taken_at, imported_at,"
        " rows_added, attribution) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            imported.sha256, imported.source_file, imported.format, imported.publisher.claimant,
            gpkg_datetime(imported.taken_at), gpkg_datetime(datetime.now(UTC)), rows,
            imported.publisher.attribution,
        ),
    )  # fmt: skip
    return rows


def _insert_areas(
    connection: sqlite3.Connection, imported: ImportedFile, areas: list[AssessedArea], digest: str
) -> int:
    if not areas and imported.complete:
        areas = [AssessedArea(EMPTY, Holder.UKRAINE, NOTHING_MARKED, "")]
    placeholders = ", ".join("?" * (len(COLUMNS) + 1))
    insert = f"INSERT INTO {TABLE} ({GEOMETRY}, {', '.join(COLUMNS)}) VALUES ({placeholders})"
    for number, area in enumerate(areas, start=1):
        connection.execute(insert, _values(imported, area, digest, number))
    extent = shapely.union_all([a.shape for a in areas])
    gpkg.touch_contents(connection, TABLE, extent)
    return len(areas)


def _values(
    imported: ImportedFile, area: AssessedArea, digest: str, number: int
) -> tuple[object, ...]:
    publisher = imported.publisher
    day = imported.taken_at.astimezone(UTC).date().isoformat()
    claim_id = (
        f"{_slug(publisher.claimant)}-{imported.taken_at.astimezone(UTC):%Y%m%dT%H%M}"
        f"-{number:03d}-{area.holder.value}-{imported.sha256[:8]}"
    )
    return (
        gpkg.encode(area.shape), claim_id, publisher.claimant, area.side.value, day, day, day,
        gpkg_datetime(imported.taken_at), area.kind.value, area.holder.value, area.category,
        area.layer, area.label, area.verification.value, int(imported.complete), digest,
        imported.source_file, imported.sha256, publisher.name, publisher.attribution,
        publisher.licence, publisher.url,
    )  # fmt: skip


def _previous_hash(connection: sqlite3.Connection, imported: ImportedFile) -> str | None:
    """The snapshot hash of the assessor's latest stored snapshot at or before this one."""
    query = (
        f"SELECT snapshot_hash FROM {TABLE} WHERE claimant = ? AND complete AND taken_at <= ?"
        " ORDER BY taken_at DESC, fid DESC LIMIT 1"
    )
    when = gpkg_datetime(imported.taken_at)
    found = connection.execute(query, (imported.publisher.claimant, when))
    row = found.fetchone()
    return str(row[0]) if row else None


def _merged(areas: Iterable[AssessedArea]) -> list[AssessedArea]:
    """One area per (holder, category, kind): a whole-picture file stored one row per holder."""
    groups: dict[tuple[Holder, str, Kind, Verification, Side], list[AssessedArea]] = {}
    for area in areas:
        key = (area.holder, area.category, area.kind, area.verification, area.side)
        groups.setdefault(key, []).append(area)
    merged = []
    for (holder, category, kind, verification, side), members in groups.items():
        shape = shapely.union_all([m.shape for m in members])
        layers = "; ".join(dict.fromkeys(m.layer for m in members if m.layer))
        labels = "; ".join(dict.fromkeys(m.label for m in members if m.label))
        merged.append(
            AssessedArea(shape, holder, category, layers, kind, verification, side, labels)
        )
    return merged


_PAINT_ORDER = {Holder.UKRAINE: 0, Holder.RUSSIA: 1, Holder.CONTESTED: 2}


def gpkg_datetime(moment: datetime) -> str:
    """A time as GeoPackage DATETIME text (UTC, milliseconds, "Z"), which also sorts by time."""
    utc = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    return f"{utc:%Y-%m-%dT%H:%M:%S}.{utc.microsecond // 1000:03d}Z"


def snapshot_hash(areas: Iterable[AssessedArea]) -> str:
    """A digest of what a file asserts (holders and shapes), blind to drawing order and noise."""
    parts = sorted(
        f"{a.holder.value}|{a.category}|{a.kind.value}|{_shape_key(a.shape)}" for a in areas
    )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _shape_key(shape: BaseGeometry) -> str:
    rounded = shapely.normalize(shapely.set_precision(shape, 1e-7))
    return shapely.to_wkb(rounded, hex=True, output_dimension=2)  # type: ignore[no-any-return]


def _row(record: tuple[object, ...]) -> StoredRow:
    blob, *values = record
    fields = dict(zip(COLUMNS, values, strict=True))
    return StoredRow(
        claim_id=str(fields["claim_id"]),
        claimant=str(fields["claimant"]),
        side=Side(str(fields["side"])),
        taken_at=datetime.fromisoformat(str(fields["taken_at"])),
        kind=Kind(str(fields["kind"])),
        holder=Holder(str(fields["holder"])),
        category=str(fields["category"]),
        layer=str(fields["layer"]),
        label=str(fields["label"]),
        verification=Verification(str(fields["verification"])),
        complete=bool(fields["complete"]),
        snapshot_hash=str(fields["snapshot_hash"]),
        source_file=str(fields["source_file"]),
        source_sha256=str(fields["source_sha256"]),
        publisher=str(fields["publisher"]),
        attribution=str(fields["attribution"]),
        licence=str(fields["licence"]),
        source_url=str(fields["source_url"]),
        shape=gpkg.decode(blob) if isinstance(blob, bytes) else EMPTY,
    )


def _snapshot_claims(rows: list[StoredRow]) -> list[Claim]:
    """Claims of a whole-picture assessor, plus the ground each snapshot hands back to Russia."""
    claims: list[Claim] = []
    frame: BaseGeometry = EMPTY
    for taken_at in dict.fromkeys(r.taken_at for r in rows):
        snapshot = [r for r in rows if r.taken_at == taken_at]
        marked = shapely.union_all([r.shape for r in snapshot if _polygonal(r.shape)])
        frame = shapely.union(frame, marked)
        claims.extend(_claim(r) for r in snapshot if not r.shape.is_empty)
        back = shapely.difference(frame, marked)
        if back.area > SLIVER_DEGREES2:
            claims.append(_claim(snapshot[0], shape=back, holder=Holder.RUSSIA))
    return claims


def _claim(
    row: StoredRow, *, shape: BaseGeometry | None = None, holder: Holder | None = None
) -> Claim:
    day = row.taken_at.astimezone(UTC).date()
    derived = holder is not None
    category = BACK_TO_RUSSIA if derived else row.category
    note = (
        f"{row.attribution}. Imported from {row.source_file} (sha256 {row.source_sha256[:12]}); "
        f"layer: {row.layer or '-'}; licence: {row.licence}"
    )
    return Claim(
        id=f"{row.claim_id}-russia" if derived else row.claim_id,
        claimant=row.claimant,
        side=row.side,
        published=day,
        refers_to=day,
        refers_to_end=day,
        precision=Precision.DAY,
        kind=Kind.AREA_CONTROL if derived else row.kind,
        sources=(Source(row.source_url, row.publisher, day, checked=False),),
        verification=Verification.ASSESSED_INDEPENDENT if derived else row.verification,
        holder=holder or row.holder,
        geometry=ClaimGeometry(
            shape if shape is not None else row.shape, GeometryOrigin.DRAWN_BY_CLAIMANT
        ),
        gist=f"{row.claimant}: {category}"
        + (f" ({row.label})" if row.label and not derived else ""),
        note=note,
    )


def _polygonal(shape: BaseGeometry) -> bool:
    return shape.geom_type in ("Polygon", "MultiPolygon") and not shape.is_empty


def _slug(text: str) -> str:
    kept = "".join(c if c.isalnum() else "-" for c in text.lower())
    return "-".join(part for part in kept.split("-") if part)[:40]
