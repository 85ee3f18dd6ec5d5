"""The claimants a ledger already holds, read straight from its YAML (no full validation)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from claims.ledger_file import BUNDLED_LEDGER, load_ledger_data


def ledger_claimants(path: Path | None = None) -> dict[str, str]:
    resolved = (path or BUNDLED_LEDGER).resolve()
    return _claimants_at(resolved, resolved.stat().st_mtime_ns)


@cache
def _claimants_at(path: Path, mtime_ns: int) -> dict[str, str]:
    data = load_ledger_data(path)
    records = data.get("records", []) if isinstance(data, dict) else data
    found: dict[str, str] = {}
    for record in records if isinstance(records, list) else []:
        if isinstance(record, dict) and isinstance(record.get("claimant"), str):
            found.setdefault(record["claimant"].strip(), str(record.get("side", "other")))
    return found
