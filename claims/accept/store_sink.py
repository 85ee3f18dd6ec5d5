"""The GeoPackage store as a claim sink: it refuses, and says why.

The store (`claims/store.py`) holds imported independent assessments: areas with a holder, the
file each came from (name and SHA-256) and its publisher's attribution, one import per
transaction. A ledger claim is something else: a claimant's dated words with named settlements,
figures, a quote and sources, validated against the whole ledger (unique ids, `supersedes` and
`contradicts` naming other records). Its columns cannot hold that, and a second home for ledger
claims would be a second truth beside the reviewed YAML file. So accepted claims go to the ledger
file; with a store set, the sink refuses and names the way to write.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from claims.accept.sink import AcceptedClaim, SinkRefusedError
from claims.store import STORE_ENV


class AssessmentStoreSink:
    """Refuses every record: the assessment store takes imports, not ledger claims."""

    def __init__(self, store: Path, *, ledger_path: Path) -> None:
        self.store = store
        self.ledger_path = ledger_path

    @property
    def destination(self) -> str:
        return str(self.store)

    @property
    def refusal(self) -> str:
        return (
            f"The assessment store {self.store} ({STORE_ENV}) holds imported independent "
            "assessments (areas, each with the file it came from), not ledger claims: it has no "
            "place for a claim's settlements, figures, quote and sources. Accepted claims are "
            f"written to the ledger file: run the dashboard without {STORE_ENV} to accept them "
            f"into {self.ledger_path}."
        )

    def append(
        self, record: Mapping[str, object], *, account: str, accepted_at: datetime
    ) -> AcceptedClaim:
        raise SinkRefusedError(self.refusal)
