"""The one way to load what every picture is drawn from: the ledger, any store, the theatre.

The dashboard (inside its cache), the snapshots (command line and button), `frontline state`,
`diff` and `export` all start here, so each sees the same records: a store's imported assessors
too, wherever a store is set.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from claims.bundle import kursk_context, kursk_theatre
from claims.ledger_file import BUNDLED_LEDGER, read_ledger
from claims.model import Claim, Ledger
from claims.places import claims_by_settlement
from claims.store import with_store
from claims.theatre import Theatre
from claims.timing import effective_day


@dataclass(frozen=True)
class Dataset:
    """A ledger (with any store's assessments), the theatre it is mapped on, and its indexes."""

    ledger: Ledger
    theatre: Theatre
    claims_about: Mapping[str, tuple[Claim, ...]]
    change_days: tuple[date, ...]


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
    theatre = kursk_theatre()
    ledger = read_ledger(ledger_path or BUNDLED_LEDGER, kursk_context())
    ledger = with_store(ledger, store)
    days = tuple(sorted({effective_day(c) for c in ledger.records}))
    return Dataset(ledger, theatre, claims_by_settlement(ledger.records, theatre), days)
