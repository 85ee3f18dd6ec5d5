"""The bundled Kursk theatre and ledger, loaded once per process."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

from claims.ledger_file import BUNDLED_LEDGER, read_ledger
from claims.model import Ledger
from claims.parse import ParseContext
from claims.theatre import Theatre, bundled_theatre, parse_context
from geodata import layers


@cache
def kursk_theatre() -> Theatre:
    return bundled_theatre()


def kursk_context(today: date | None = None) -> ParseContext:
    return parse_context(kursk_theatre(), layers.gazetteer(), today or date.today())


@cache
def _ledger_at(path: Path, mtime_ns: int) -> Ledger:
    return read_ledger(path, kursk_context())


def load_ledger(path: Path | None = None) -> Ledger:
    """A ledger read against the Kursk theatre; re-read only when the file changes."""
    resolved = (path or BUNDLED_LEDGER).resolve()
    return _ledger_at(resolved, resolved.stat().st_mtime_ns)
