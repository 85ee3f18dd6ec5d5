"""The one storage interface for accepted claim records, and what it answers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from claims.errors import LedgerError, Problem


@dataclass(frozen=True, slots=True)
class AcceptedClaim:
    """A record now stored: its id (made unique on the way in), where it went, who and when."""

    id: str
    destination: str
    account: str
    accepted_at: datetime


class ClaimSink(Protocol):
    """Storage that takes one ledger-format record at a time, validated, whole or not at all."""

    @property
    def destination(self) -> str:
        """Where records go, in words a user can act on (a file path)."""
        ...

    def append(
        self, record: Mapping[str, object], *, account: str, accepted_at: datetime
    ) -> AcceptedClaim:
        """Validate and store `record`, or raise `RecordRefusedError` (naming record, field and
        problem) or `SinkRefusedError`, leaving the storage as it was."""
        ...


class RecordRefusedError(LedgerError):
    """A record that would make the ledger invalid; nothing was written."""

    def __init__(self, destination: str, record_id: str, problems: Sequence[Problem]) -> None:
        super().__init__(destination, problems)
        count = len(self.problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        self.args = (
            f"{destination}: record {record_id} not added, "
            f"{count} problem{'s' if count != 1 else ''}; nothing was written\n{lines}",
        )


class SinkRefusedError(Exception):
    """Storage that cannot take ledger records at all, with what to do instead."""
