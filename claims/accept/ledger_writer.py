"""Appending an accepted record to a YAML ledger file, safely under concurrent writers.

The record is dumped as YAML text and appended after the file's last byte, so everything already
in the file (comments, order, quoting, line breaks) stays byte for byte as it was; a round trip
through a YAML library would re-flow the hand-edited text. The whole new file is then validated
exactly as `frontline validate` reads it, and replaces the old one atomically (`claims/atomic.py`).

Two analysts accepting at the same moment: each append holds an exclusive lock on a sidecar file
(`.<ledger name>.lock`; the ledger itself is replaced by a rename, so a lock on it would guard a
file no longer there) and re-reads the ledger under it, so the second append starts from the
first's result and both land. An id already taken gets a numbered suffix under the lock.
"""

from __future__ import annotations

import fcntl
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import yaml
from unidecode import unidecode

from claims.accept.sink import AcceptedClaim, RecordRefusedError
from claims.atomic import write_atomically
from claims.bundle import kursk_context
from claims.errors import LedgerError, Problem
from claims.ledger_file import MAX_LEDGER_BYTES, parse_ledger_text
from claims.parse import ID_PATTERN, ParseContext, parse_ledger

# The order fields are written in: the order of claims/data/FORMAT.md and the bundled ledger.
FIELD_ORDER = (
    "id", "claimant", "side", "published", "refers_to", "refers_to_end", "precision", "kind",
    "holder", "extent", "settlements", "geometry", "figures", "quote", "gist", "sources",
    "verification", "forecast", "rollup", "supersedes", "contradicts", "note",
    "accepted_by", "accepted_at",
)  # fmt: skip
DATE_FIELDS = frozenset({"published", "refers_to", "refers_to_end"})
# A record's id as the ledger writes it: the first key of a top-level list item.
ID_LINE = re.compile(r"^-\s+id:\s*['\"]?([^'\"\s#]+)", re.MULTILINE)
SIDE_PREFIX = {"ukraine": "ua", "russia": "ru", "independent": "ind", "other": "other"}
YAML_WIDTH = 100  # the bundled ledger's line width
ID_WORDS = 3


class LedgerFileSink:
    """The YAML ledger file as a claim sink."""

    def __init__(self, path: Path, *, context: Callable[[], ParseContext] = kursk_context) -> None:
        self.path = Path(path)
        self._context = context

    @property
    def destination(self) -> str:
        return str(self.path)

    def append(
        self, record: Mapping[str, object], *, account: str, accepted_at: datetime
    ) -> AcceptedClaim:
        """Validate `record` with the whole ledger and append it; the file is unchanged on error."""
        moment = accepted_at.astimezone(UTC).replace(microsecond=0)
        with _exclusive(lock_path(self.path)):
            before = self.path.read_bytes()
            taken = ids_in_text(before)
            entry = plain_record(record)
            record_id = unique_id(_proposed_id(entry), taken)
            entry = plain_record({**entry, "id": record_id, "accepted_by": account})
            entry["accepted_at"] = moment
            after = appended(before, entry)
            self._check(after, record_id)
            write_atomically(self.path, after)
        return AcceptedClaim(record_id, self.destination, account, moment)

    def _check(self, after: bytes, record_id: str) -> None:
        if len(after) > MAX_LEDGER_BYTES:
            message = f"would make the ledger larger than {MAX_LEDGER_BYTES // 2**20} MB"
            raise RecordRefusedError(
                self.destination, record_id, [Problem(record_id, "file", message)]
            )
        try:
            data = parse_ledger_text(after, source=self.destination)
            ids = _record_ids(data)
            if not ids or ids[-1] != record_id:
                message = (
                    "the ledger's records list does not end the file, so a record appended "
                    "at the end would not join it: add this record by hand"
                )
                raise RecordRefusedError(
                    self.destination, record_id, [Problem(record_id, "file", message)]
                )
            parse_ledger(data, self._context(), source=self.destination)
        except RecordRefusedError:
            raise
        except LedgerError as error:
            raise RecordRefusedError(self.destination, record_id, error.problems) from None


def lock_path(ledger: Path) -> Path:
    return ledger.with_name(f".{ledger.name}.lock")


@contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    """An exclusive advisory lock (flock) held while the block runs; it conflicts between
    processes and between threads alike, because each holder opens the file itself."""
    with path.open("a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def plain_record(record: Mapping[str, object]) -> dict[str, object]:
    """The record as plain YAML-ready data in the ledger's field order; empty fields left out,
    so a field nobody filled in is never written."""
    entry = {str(k): _plain(v, str(k)) for k, v in record.items()}
    entry = {k: v for k, v in entry.items() if not _empty(v)}
    rank = {name: n for n, name in enumerate(FIELD_ORDER)}
    return dict(sorted(entry.items(), key=lambda item: rank.get(item[0], len(rank))))


def _plain(value: object, field: str = "") -> object:
    if isinstance(value, Mapping):
        inner = {str(k): _plain(v, str(k)) for k, v in value.items()}
        return {k: v for k, v in inner.items() if not _empty(v)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        text = value.strip()
        return _as_day(text) if field in DATE_FIELDS else text
    return value


def _as_day(text: str) -> object:
    """A day typed as text is written as a YAML date, like every date in the ledger; anything
    else stays text for the validator to name."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return text


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str | list | dict) and not value)


def appended(before: bytes, entry: Mapping[str, object]) -> bytes:
    """The ledger's bytes with one record appended as a top-level list item."""
    text = yaml.dump(
        [dict(entry)],
        Dumper=_SpelledOutDumper,
        sort_keys=False,
        allow_unicode=True,
        width=YAML_WIDTH,
        indent=2,
    )
    separator = b"" if not before or before.endswith(b"\n") else b"\n"
    return before + separator + text.encode("utf-8")


class _SpelledOutDumper(yaml.SafeDumper):
    """The safe dumper, writing every value out: PyYAML writes one object met twice (the same
    day given as published and refers_to) as an anchor and an alias, which a ledger refuses."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def _proposed_id(entry: Mapping[str, object]) -> str:
    given = entry.get("id")
    if isinstance(given, str) and ID_PATTERN.match(given):
        return given
    return derived_id(entry)


def derived_id(entry: Mapping[str, object]) -> str:
    """An id in the ledger's style: side, claimant, day, kind (`ru-ministry-of-defence-2025-01-06-
    repelled-attack`)."""
    side = SIDE_PREFIX.get(str(entry.get("side", "")).strip().lower(), "claim")
    words = re.findall(r"[a-z0-9]+", unidecode(str(entry.get("claimant", ""))).lower())
    parts = [side, *words[:ID_WORDS], str(entry.get("published", "")), str(entry.get("kind", ""))]
    slug = "-".join(re.sub(r"[^a-z0-9]+", "-", p.lower()).strip("-") for p in parts if p)
    return re.sub(r"-{2,}", "-", slug)[:100].strip("-") or "claim"


def unique_id(proposed: str, taken: list[str]) -> str:
    """`proposed`, or `proposed-2`, `-3`… when the ledger already holds it."""
    used = set(taken)
    candidate, number = proposed, 1
    while candidate in used:
        number += 1
        candidate = f"{proposed}-{number}"
    return candidate


def ids_in_text(raw: bytes) -> list[str]:
    """The ids already in a ledger, read from its lines without a YAML pass (reading YAML is
    most of an append's time; the validation of the whole new file still reads it all and
    refuses a duplicate id this missed)."""
    return ID_LINE.findall(raw.decode("utf-8", errors="replace"))


def _record_ids(data: object) -> list[str]:
    records = data.get("records") if isinstance(data, dict) else data
    if not isinstance(records, list):
        return []
    return [str(r.get("id", "")).strip() if isinstance(r, dict) else "" for r in records]
