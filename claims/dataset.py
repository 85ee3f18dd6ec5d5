"""The one way to load what every picture is drawn from: the ledger, any store, the theatre.

The dashboard (inside its cache), the snapshots (command line and button), `frontline state`,
`diff` and `export` all start here, so each sees the same records: a store's imported assessors
too, wherever a store is set.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from claims import disk_cache
from claims.bundle import kursk_context, kursk_theatre
from claims.gc_paused import gc_paused
from claims.ledger_file import BUNDLED_LEDGER, read_ledger
from claims.model import Claim, Ledger
from claims.places import claims_by_settlement
from claims.store import with_store
from claims.theatre import Theatre
from claims.timing import effective_day
from geodata import layers

DATASET_KIND = "dataset"
_ONE_READER = threading.Lock()


@dataclass(frozen=True)
class Dataset:
    """A ledger (with any store's assessments), the theatre it is mapped on, and its indexes."""

    ledger: Ledger
    theatre: Theatre
    claims_about: Mapping[str, tuple[Claim, ...]]
    change_days: tuple[date, ...]
    # The digest of every input it was read from (`load_dataset_cached`), "" when not known:
    # what results computed from it are kept on disk under.
    source_digest: str = ""


def load_dataset(ledger_path: Path | None = None, store: Path | None = None) -> Dataset:
    """Read and validate the ledger (the bundled one by default), add the store's assessments.

    Parameters
    ----------
    ledger_path
        A ledger file; `None` for the bundled Kursk ledger.
    store
        A GeoPackage store of imported assessments, or `None` for none.

    Returns
    -------
    Dataset
        Raises `LedgerError` naming every problem when the ledger is not valid.
    """
    with gc_paused():  # hundreds of thousands of lasting objects for a large ledger
        theatre = kursk_theatre()
        ledger = read_ledger(ledger_path or BUNDLED_LEDGER, kursk_context())
        ledger = with_store(ledger, store)
        days = tuple(sorted({effective_day(c) for c in ledger.records}))
        return Dataset(ledger, theatre, claims_by_settlement(ledger.records, theatre), days)


# The dataset last read, with its key: `dashboard.serve` reads the ledger before the first run,
# which finds it here instead of reading the disk cache's entry again (0.1-0.3 s of the first
# map, more at scale). One entry: the app holds that dataset anyway (`loaders.ledger_for`).
_LAST_READ: list[tuple[disk_cache.CacheKey, Dataset]] = []


def load_dataset_cached(ledger_path: Path | None = None, store: Path | None = None) -> Dataset:
    """`load_dataset`, kept on disk (`claims.disk_cache`) under a digest of the ledger's and the
    store's bytes, every geodata file, today's date (records are checked against it) and the
    code: a changed file is read afresh, an unchanged one is read back in a few milliseconds."""
    ledger = (ledger_path or BUNDLED_LEDGER).resolve()
    # One reader at a time: a second (the app's first run while `dashboard.serve` reads the
    # ledger early, two sessions opening at once) waits and reads what the first kept on disk
    # instead of parsing the same files beside it.
    with _ONE_READER:
        return _load_dataset_cached(ledger, store)


def dataset_key(ledger_path: Path | None = None, store: Path | None = None) -> disk_cache.CacheKey:
    """The disk-cache key `load_dataset_cached` keeps the dataset of these files under (its
    digest is the dataset's `source_digest`): the files' bytes are hashed, nothing is parsed, so
    what is kept under the digest (a built timeline's files) can be found before the dataset is
    read."""
    ledger = (ledger_path or BUNDLED_LEDGER).resolve()
    files = [ledger, *([store] if store else []), *layers.source_files()]
    values = [str(ledger), str(store or ""), date.today().isoformat()]
    return disk_cache.key_for(DATASET_KIND, files=files, values=values)


def _load_dataset_cached(ledger: Path, store: Path | None) -> Dataset:
    def key() -> disk_cache.CacheKey:
        return dataset_key(ledger, store)

    before = key()
    if _LAST_READ and _LAST_READ[0][0] == before:
        return _LAST_READ[0][1]
    found = disk_cache.load(before, Dataset)
    if found is not None:
        _LAST_READ[:] = [(before, found)]
        return found
    dataset = load_dataset(ledger, store)
    dataset.theatre.build_indexes()
    # Kept only if no input changed while it was read: an entry must match its key.
    if key() != before:
        return dataset
    dataset = replace(dataset, source_digest=before.digest)
    disk_cache.save(before, dataset)
    _LAST_READ[:] = [(before, dataset)]
    return dataset


def stored_dataset_key(dataset: Dataset) -> disk_cache.CacheKey | None:
    """Where the disk cache holds `dataset` as `load_dataset_cached` kept it, if it does: a child
    process can read it from there instead of being handed a new copy (pickling the 100x
    theatre's dataset again took the server ~5 s of its interpreter and ~130 MB)."""
    if not dataset.source_digest:
        return None
    key = disk_cache.CacheKey(DATASET_KIND, dataset.source_digest, disk_cache.cache_dir())
    return key if disk_cache.is_stored(key) else None
