"""`frontline import` and `frontline export`: assessors' layers in, views out as data."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from claims.cli_options import fresh_days
from claims.control import DEFAULT_FRESH_DAYS
from claims.importers.assessment import ImportedFile, ImportFileError, Publisher

IMPORT_FORMATS = ("deepstate", "isw", "kml")
SUFFIXES = {
    "deepstate": (".geojson", ".json"),
    "isw": (".geojson", ".json", ".zip"),
    "kml": (".kml", ".kmz"),
}


def register(verbs: Any) -> None:
    """Add the `import` and `export` sub-commands to the `frontline` parser."""
    take = verbs.add_parser("import", help="import assessors' layers into the local store")
    take.add_argument("paths", nargs="+", type=Path, metavar="FILE_OR_DIR")
    take.add_argument("--format", choices=IMPORT_FORMATS, required=True)
    take.add_argument("--store", type=Path, help="GeoPackage store (default: $FRONTLINE_STORE)")
    take.add_argument("--taken-at", type=_moment, help="snapshot time when file names lack it")
    take.add_argument("--mapping", type=Path, help="KML: folder/placemark name -> side, holder")
    take.set_defaults(run=run_import)
    out = verbs.add_parser("export", help="export a view (or the ledger) as GIS data or CSV")
    out.add_argument("--date", type=_moment, help="the view's date (not needed with --ledger-only)")
    out.add_argument("--as-known-on", type=_moment)
    out.add_argument(
        "--claimant",
        "--claimants",
        dest="claimants",
        action="extend",
        nargs="+",
        metavar="NAME",
        help="the claimants layer's views (repeatable); default: every claimant with a word",
    )
    out.add_argument(
        "--fresh-days",
        type=fresh_days,
        default=DEFAULT_FRESH_DAYS,
        metavar="N|all",
        help=f"a word older than N days is stale (default {DEFAULT_FRESH_DAYS}); 'all': none is",
    )
    out.add_argument("--format", choices=("geojson", "gpkg", "kml", "csv"), required=True)
    out.add_argument("--out", type=Path, required=True)
    out.add_argument("--store", type=Path, help="also show the store's assessors")
    out.add_argument("--ledger", type=Path, help="ledger file (default: the bundled one)")
    out.add_argument("--ledger-only", action="store_true", help="export the claim records")
    out.set_defaults(run=run_export)


def run_import(args: argparse.Namespace) -> int:
    from claims import store

    path = store.store_path(args.store)
    if path is None:
        print(f"import: give --store PATH or set {store.STORE_ENV}", file=sys.stderr)
        return 2
    try:
        files = collect_files(args.paths, args.format)
        parsed = parse_files(files, args.format, taken_at=args.taken_at, mapping=args.mapping)
        report = store.import_files(path, parsed)
    except ImportFileError as error:
        print(f"import failed, store unchanged: {error}", file=sys.stderr)
        return 1
    print(
        f"{path}: {report.files_added} file(s) added ({report.rows_added} rows; "
        f"{report.snapshots_unchanged} unchanged since the previous snapshot), "
        f"{report.files_already_stored} already in the store"
    )
    return 0


def collect_files(paths: Sequence[Path], fmt: str) -> list[Path]:
    """The files named, and those of the right kind inside named folders, in name order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES[fmt]))
        elif path.is_file():
            found.append(path)
        else:
            raise ImportFileError(str(path), "no such file or folder")
    return found


def parse_files(
    files: Sequence[Path],
    fmt: str,
    *,
    taken_at: datetime | None = None,
    mapping: Path | None = None,
    stream: TextIO | None = None,
) -> list[ImportedFile]:
    """Parse every file before anything is written; the first bad file stops the import."""
    parse = _parser_for(fmt, mapping)
    parsed = []
    for number, path in enumerate(files, start=1):
        _progress(number, len(files), path.name, stream or sys.stderr)
        parsed.append(parse(path, taken_at))
    return parsed


Parse = Callable[[Path, datetime | None], ImportedFile]


def _parser_for(fmt: str, mapping: Path | None) -> Parse:
    if fmt == "deepstate":
        return _deepstate
    if fmt == "isw":
        return _isw
    if mapping is None:
        raise ImportFileError("--mapping", "KML import needs a mapping file (see --help)")
    from claims.importers.kml import read_mapping

    rules = read_mapping(mapping)
    return lambda path, taken_at: _kml(path, taken_at, rules)


def _deepstate(path: Path, taken_at: datetime | None) -> ImportedFile:
    from claims.importers import deepstate

    when = _when(path, taken_at)
    try:
        areas = deepstate.parse_deepstate(deepstate.read_deepstate(path), taken_at=when)
    except (ValueError, TypeError, AttributeError) as error:
        raise _problem(path, error) from None
    return _imported(path, "deepstate", when, deepstate.PUBLISHER, areas, complete=True)


def _isw(path: Path, taken_at: datetime | None) -> ImportedFile:
    from claims.importers import isw

    try:
        collections = isw.read_isw(path)
        areas = [a for data in collections for a in isw.parse_isw(data)]
        dated = [d for data in collections if (d := isw.layer_date(data))]
    except (ValueError, TypeError, AttributeError) as error:
        raise _problem(path, error) from None
    if not areas:
        raise ImportFileError(path.name, "holds no layer ISW names (advances, claims, limit)")
    when = taken_at or (dated[0] if dated else None) or _when(path, None)
    return _imported(path, "isw", when, isw.PUBLISHER, areas, complete=True)


def _kml(path: Path, taken_at: datetime | None, rules: Any) -> ImportedFile:
    from claims.importers import kml

    when = _when(path, taken_at)
    try:
        areas = kml.parse_kml(kml.read_kml(path), rules)
    except (ValueError, TypeError, KeyError) as error:
        raise _problem(path, error) from None
    return _imported(path, "kml", when, rules.publisher, areas, complete=False)


def _imported(
    path: Path, fmt: str, when: datetime, publisher: Publisher, areas: list[Any], *, complete: bool
) -> ImportedFile:
    from claims.store import sha256_of

    return ImportedFile(
        source_file=path.name,
        sha256=sha256_of(path),
        format=fmt,
        taken_at=when,
        publisher=publisher,
        areas=tuple(areas),
        complete=complete,
    )


def _when(path: Path, taken_at: datetime | None) -> datetime:
    from claims.importers.dates import time_from_name

    when = taken_at or time_from_name(path.name)
    if when is None:
        raise ImportFileError(path.name, "carries no time in its name; give --taken-at")
    return when


def _problem(path: Path, error: Exception) -> ImportFileError:
    if isinstance(error, ImportFileError):
        return error
    return ImportFileError(path.name, str(error))


def _progress(number: int, total: int, name: str, stream: TextIO) -> None:
    """A one-line progress bar on stderr for folders of many files."""
    if total < 2:
        return
    width = 30
    done = width * number // total
    bar = "#" * done + "." * (width - done)
    end = "\n" if number == total else ""
    stream.write(f"\rimporting [{bar}] {number}/{total} {name[:40]:<40}{end}")
    stream.flush()


def run_export(args: argparse.Namespace) -> int:
    from claims import export, store
    from claims.claimant_names import choose_claimants
    from claims.dataset import load_dataset
    from claims.export_layers import view_layers

    dataset = load_dataset(args.ledger, store.store_path(args.store))
    if args.ledger_only:
        tables = {"claims": export.ledger_table(dataset.ledger)}
    else:
        if args.date is None:
            print("export: --date is required for a view", file=sys.stderr)
            return 2
        tables = view_layers(
            dataset,
            args.date.date(),
            as_known_on=args.as_known_on.date() if args.as_known_on else None,
            fresh_days=args.fresh_days,
            claimants=choose_claimants(args.claimants or (), dataset.ledger),
        )
    export.write_export(tables, args.format, args.out)
    rows = sum(len(t) for t in tables.values())
    layers = ", ".join(f"{name} {len(t)}" for name, t in tables.items())
    print(f"{args.out}: {rows} features in {len(tables)} layer(s): {layers}")
    return 0


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (use YYYY-MM-DD)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
