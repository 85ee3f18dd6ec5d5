"""The local store of imported assessments: one GeoPackage file that also opens in QGIS.

Each imported area is a claim-like row of the `assessments` feature table (claimant, side
"independent", dates, kind, holder, geometry, category), carrying its source file's name and
SHA-256 and its publisher's attribution. The `imports` table lists every file taken in, by hash;
`store_meta` says which version of this layout the file follows.

- An import writes the whole store anew beside the old one (through GDAL, by pyogrio) and renames
  it over the old in one step: if any file fails, or the writer is killed, the store is as it was.
- Re-importing a file already in the store (same SHA-256) changes nothing, not even a byte.
- A file that is an assessor's whole picture for its time (a DeepStateMap snapshot, an ISW layer
  set) is stored as one row per holder; a snapshot whose areas equal those of the assessor's
  previous snapshot is not stored again (its predecessor still stands).

`store_claims` turns the rows back into `Claim`s, their provenance (publisher, attribution,
licence, file) as typed fields. For whole-picture assessors it adds what the snapshot implies:
ground the assessor marked held or contested in an earlier snapshot and no longer marks is, in its
view, back under Russian control (a claim with holder russia).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely
from shapely.geometry.base import BaseGeometry

from claims.atomic import TEMPORARY_SUFFIX
from claims.importers.assessment import AssessedArea, ImportedFile
from claims.model import (
    Claim,
    ClaimGeometry,
    GeometryOrigin,
    Holder,
    Kind,
    Ledger,
    Precision,
    Provenance,
    Side,
    Source,
    Verification,
)
from geodata.crs import STORAGE_CRS, to_metric

STORE_ENV = "FRONTLINE_STORE"
TABLE = "assessments"
IMPORTS = "imports"
META = "store_meta"
# 1: written by hand over SQLite, no `store_meta` table (read as it is);
# 2: written through GDAL, with `store_meta`. A newer store is refused, never misread.
SCHEMA_VERSION = 2
EMPTY = shapely.MultiPolygon()
# Ground under 100 m² left between two snapshots is a drawing speck, not ground handed back.
SLIVER_M2 = 100.0
NOTHING_MARKED = "nothing marked in the area"
BACK_TO_RUSSIA = "no longer marked: back under Russian control in the assessor's view"

COLUMNS = (
    "claim_id", "claimant", "side", "published", "refers_to", "refers_to_end", "taken_at",
    "kind", "holder", "category", "layer", "label", "verification", "complete", "snapshot_hash",
    "source_file", "source_sha256", "publisher", "attribution", "licence", "source_url",
)  # fmt: skip
IMPORT_COLUMNS = (
    "sha256", "file_name", "format", "claimant", "taken_at", "imported_at", "rows_added",
    "attribution",
)  # fmt: skip


class StoreVersionError(ValueError):
    """A store written by a newer version of this program: read it with that version."""


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
    """Add parsed files to the store (created on first use), all or nothing.

    Parameters
    ----------
    path
        The store's GeoPackage; created when it does not exist.
    files
        Parsed files (see `claims.store_cli.parse_files`), in any order: they are taken in by
        assessor, then time, so "unchanged since the previous snapshot" means the same whatever
        order the files were named in.

    Returns
    -------
    ImportReport
        Files added, already stored, added but unchanged since the previous snapshot, and rows
        added. When no file is new the store is not rewritten at all.
    """
    with _import_lock(path):
        return _import_locked(path, files)


@contextmanager
def _import_lock(path: Path) -> Iterator[None]:
    """One import at a time per store: a second waits, then reads what the first wrote (the
    SQLite writer had this from its write lock; a rename needs it said). POSIX advisory lock on
    a hidden file beside the store, which is left in place (removing it would race)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.with_name(f".{path.name}.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _import_locked(path: Path, files: Sequence[ImportedFile]) -> ImportReport:
    stored = _read_rows(path)
    imports = _read_table(path, IMPORTS, IMPORT_COLUMNS)
    known = set(imports["sha256"])
    added_rows: list[dict[str, Any]] = []
    added_imports: list[dict[str, Any]] = []
    report = ImportReport(0, 0, 0, 0)
    for imported in sorted(files, key=lambda f: (f.publisher.claimant, f.taken_at)):
        if imported.sha256 in known:
            report = _counted(report, known=1)
            continue
        rows = _rows_of(imported, [*stored, *added_rows])
        known.add(imported.sha256)
        added_rows.extend(rows)
        added_imports.append(_import_record(imported, len(rows)))
        report = _counted(report, added=1, unchanged=int(not rows), rows=len(rows))
    if added_imports:
        _write_store(path, [*stored, *added_rows], [*_records(imports), *added_imports])
    return report


def stored_rows(path: Path) -> list[StoredRow]:
    """Every assessment row, oldest snapshot first; no rows when the store does not exist yet."""
    return [_row(record) for record in _read_rows(path)]


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
    table = _read_table(path, IMPORTS, IMPORT_COLUMNS)
    return [(str(r.file_name), str(r.sha256), str(r.claimant)) for r in table.itertuples()]


def schema_version(path: Path) -> int:
    """The layout version of an existing store (1 for stores written before `store_meta`)."""
    if META not in _layers(path):
        return 1
    meta = pyogrio.read_dataframe(path, layer=META)
    return int(meta["schema_version"].iloc[0])


def _layers(path: Path) -> set[str]:
    if not path.exists():
        return set()
    return {str(name) for name, _ in pyogrio.list_layers(path)}


def _read_table(path: Path, layer: str, columns: Sequence[str]) -> pd.DataFrame:
    """A table of the store in file order; empty (with its columns) when absent."""
    if layer not in _layers(path):
        return pd.DataFrame(columns=list(columns))
    version = schema_version(path)
    if version > SCHEMA_VERSION:
        message = (
            f"{path}: store layout version {version}; this program reads up to {SCHEMA_VERSION}"
        )
        raise StoreVersionError(message)
    frame: pd.DataFrame = pyogrio.read_dataframe(
        path, layer=layer, fid_as_index=True, datetime_as_string=True
    )
    return frame.sort_index()


def _read_rows(path: Path) -> list[dict[str, Any]]:
    """Assessment rows as plain records, oldest snapshot first (then in the order stored)."""
    frame = _read_table(path, TABLE, (*COLUMNS, "geometry"))
    records = _records(frame)
    for record in records:
        record["taken_at"] = _datetime_text(record["taken_at"])
        record["complete"] = bool(record["complete"])
        shape = record.get("geometry")
        record["geometry"] = shape if isinstance(shape, BaseGeometry) else EMPTY
    return sorted(records, key=lambda r: str(r["taken_at"]))


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in record.items()} for record in frame.to_dict("records")]


def _datetime_text(value: object) -> str:
    """Store times as GeoPackage DATETIME text, whether GDAL read them as text or as a time."""
    text = str(value)
    return gpkg_datetime(datetime.fromisoformat(text.replace("Z", "+00:00")))


def _write_store(path: Path, rows: list[dict[str, Any]], imports: list[dict[str, Any]]) -> None:
    """Write the whole store beside `path`, then rename it over `path` in one step.

    The new file is written inside a hidden folder next to the store (same file system, so the
    rename is atomic; its own name keeps the `.gpkg` suffix GDAL expects), which is removed after.
    """
    folder = Path(
        tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX)
    )
    temporary = folder / path.name
    try:
        assessments = gpd.GeoDataFrame(
            pd.DataFrame(rows, columns=[*COLUMNS, "geometry"]), geometry="geometry", crs=STORAGE_CRS
        )
        options: dict[str, Any] = {"driver": "GPKG", "promote_to_multi": False}
        pyogrio.write_dataframe(
            assessments, temporary, layer=TABLE, geometry_type="Unknown", **options,
            layer_options={"DESCRIPTION": "imported independent assessments (claims, not truth)"},
        )  # fmt: skip
        table = pd.DataFrame(imports, columns=list(IMPORT_COLUMNS))
        pyogrio.write_dataframe(table, temporary, layer=IMPORTS, **options)
        meta = pd.DataFrame({"schema_version": [SCHEMA_VERSION]})
        pyogrio.write_dataframe(meta, temporary, layer=META, **options)
        _settle(temporary, like=path)
        temporary.replace(path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _settle(written: Path, *, like: Path) -> None:
    """Give the new file the old one's permissions and flush it to disk before the rename."""
    if like.exists():
        written.chmod(stat.S_IMODE(like.stat().st_mode))
    with written.open("rb+") as handle:
        os.fsync(handle.fileno())


def _counted(
    report: ImportReport, *, added: int = 0, known: int = 0, unchanged: int = 0, rows: int = 0
) -> ImportReport:
    return ImportReport(
        report.files_added + added,
        report.files_already_stored + known,
        report.snapshots_unchanged + unchanged,
        report.rows_added + rows,
    )


def _rows_of(imported: ImportedFile, earlier: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows a file adds: none for a whole picture unchanged since the assessor's last."""
    areas = _merged(imported.areas) if imported.complete else list(imported.areas)
    digest = snapshot_hash(areas)
    if imported.complete and _previous_hash(earlier, imported) == digest:
        return []
    if not areas and imported.complete:
        areas = [AssessedArea(EMPTY, Holder.UKRAINE, NOTHING_MARKED, "")]
    return [_values(imported, area, digest, n) for n, area in enumerate(areas, start=1)]


def _import_record(imported: ImportedFile, rows: int) -> dict[str, Any]:
    return {
        "sha256": imported.sha256,
        "file_name": imported.source_file,
        "format": imported.format,
        "claimant": imported.publisher.claimant,
        "taken_at": gpkg_datetime(imported.taken_at),
        "imported_at": gpkg_datetime(datetime.now(UTC)),
        "rows_added": rows,
        "attribution": imported.publisher.attribution,
    }


def _values(imported: ImportedFile, area: AssessedArea, digest: str, number: int) -> dict[str, Any]:
    publisher = imported.publisher
    day = imported.taken_at.astimezone(UTC).date().isoformat()
    claim_id = (
        f"{_slug(publisher.claimant)}-{imported.taken_at.astimezone(UTC):%Y%m%dT%H%M}"
        f"-{number:03d}-{area.holder.value}-{imported.sha256[:8]}"
    )
    values = (
        claim_id, publisher.claimant, area.side.value, day, day, day,
        gpkg_datetime(imported.taken_at), area.kind.value, area.holder.value, area.category,
        area.layer, area.label, area.verification.value, imported.complete, digest,
        imported.source_file, imported.sha256, publisher.name, publisher.attribution,
        publisher.licence, publisher.url,
    )  # fmt: skip
    return {**dict(zip(COLUMNS, values, strict=True)), "geometry": area.shape}


def _previous_hash(earlier: list[dict[str, Any]], imported: ImportedFile) -> str | None:
    """The snapshot hash of the assessor's latest stored snapshot at or before this one."""
    when = gpkg_datetime(imported.taken_at)
    before = [
        (str(r["taken_at"]), order, str(r["snapshot_hash"]))
        for order, r in enumerate(earlier)
        if r["claimant"] == imported.publisher.claimant and r["complete"] and r["taken_at"] <= when
    ]
    return max(before)[2] if before else None


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
    """A time as GeoPackage DATETIME text (UTC, milliseconds, "Z"), which also sorts by time.

    >>> from datetime import timedelta, timezone
    >>> gpkg_datetime(datetime(2024, 8, 18, 3, 0, 0, 250_000, tzinfo=timezone(timedelta(hours=3))))
    '2024-08-18T00:00:00.250Z'
    >>> gpkg_datetime(datetime(2024, 8, 18))  # a naive time is taken as UTC
    '2024-08-18T00:00:00.000Z'
    """
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


def _row(record: dict[str, Any]) -> StoredRow:
    return StoredRow(
        claim_id=str(record["claim_id"]),
        claimant=str(record["claimant"]),
        side=Side(str(record["side"])),
        taken_at=datetime.fromisoformat(str(record["taken_at"]).replace("Z", "+00:00")),
        kind=Kind(str(record["kind"])),
        holder=Holder(str(record["holder"])),
        category=str(record["category"]),
        layer=str(record["layer"]),
        label=str(record["label"]),
        verification=Verification(str(record["verification"])),
        complete=bool(record["complete"]),
        snapshot_hash=str(record["snapshot_hash"]),
        source_file=str(record["source_file"]),
        source_sha256=str(record["source_sha256"]),
        publisher=str(record["publisher"]),
        attribution=str(record["attribution"]),
        licence=str(record["licence"]),
        source_url=str(record["source_url"]),
        shape=record["geometry"],
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
        if to_metric(back).area > SLIVER_M2:
            claims.append(_claim(snapshot[0], shape=back, holder=Holder.RUSSIA))
    return claims


def _claim(
    row: StoredRow, *, shape: BaseGeometry | None = None, holder: Holder | None = None
) -> Claim:
    day = row.taken_at.astimezone(UTC).date()
    derived = holder is not None
    category = BACK_TO_RUSSIA if derived else row.category
    provenance = Provenance(
        publisher=row.publisher,
        attribution=row.attribution,
        licence=row.licence,
        source_file=row.source_file,
        source_sha256=row.source_sha256,
        layer=row.layer,
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
        provenance=provenance,
    )


def _polygonal(shape: BaseGeometry) -> bool:
    return shape.geom_type in ("Polygon", "MultiPolygon") and not shape.is_empty


def _slug(text: str) -> str:
    kept = "".join(c if c.isalnum() else "-" for c in text.lower())
    return "-".join(part for part in kept.split("-") if part)[:40]
