"""The claimants a ledger already holds, read straight from its YAML.

Only the claimant names and sides are wanted here, so the file is read with libyaml's fast safe
loader (when PyYAML has it) and none of the ledger's checks: `frontline validate` does those.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from claims.ledger_file import BUNDLED_LEDGER, MAX_LEDGER_BYTES

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def ledger_claimants(path: Path | None = None) -> dict[str, str]:
    """Each claimant of the ledger with its side; empty for a file that is not a ledger."""
    resolved = (path or BUNDLED_LEDGER).resolve()
    try:
        stat = resolved.stat()
    except OSError:
        return {}
    if stat.st_size > MAX_LEDGER_BYTES:
        return {}
    return _claimants_at(resolved, stat.st_mtime_ns)


@cache
def _claimants_at(path: Path, mtime_ns: int) -> dict[str, str]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    records = data.get("records", []) if isinstance(data, dict) else data
    found: dict[str, str] = {}
    for record in records if isinstance(records, list) else []:
        if isinstance(record, dict) and isinstance(record.get("claimant"), str):
            found.setdefault(record["claimant"].strip(), str(record.get("side", "other")))
    return found
