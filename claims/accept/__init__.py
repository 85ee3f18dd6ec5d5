"""Accepting claim records into storage: one interface, `ClaimSink`, whatever the storage.

`claim_sink` picks the storage the way the dashboard and the command line do: the GeoPackage store
when one is set (it refuses ledger claims, and says why), the ledger file otherwise.
"""

from __future__ import annotations

from pathlib import Path

from claims.accept.ledger_writer import LedgerFileSink
from claims.accept.sink import AcceptedClaim, ClaimSink, RecordRefusedError, SinkRefusedError
from claims.accept.store_sink import AssessmentStoreSink

__all__ = [
    "AcceptedClaim",
    "AssessmentStoreSink",
    "ClaimSink",
    "LedgerFileSink",
    "RecordRefusedError",
    "SinkRefusedError",
    "claim_sink",
]


def claim_sink(ledger_path: Path, store: Path | None) -> ClaimSink:
    """Where accepted records go: the store when one is set, else the ledger file."""
    if store is not None:
        return AssessmentStoreSink(store, ledger_path=ledger_path)
    return LedgerFileSink(ledger_path)
