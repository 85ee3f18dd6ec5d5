"""From a news report to candidate claim records: `extract_claims(text, published)`.

Each candidate is a ledger record (claims/data/FORMAT.md) with the span of text and a confidence
for every field, and flags for what a reviewer must look at (a new claimant, a settlement the
gazetteer does not know, a figure with no place, a date the text does not give). English, Russian
and Ukrainian; no network, no model downloads.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from claims.extract.candidate import Candidate, ExtractedField, Span
from claims.extract.engine import Context, extract_from_text, flatten
from claims.extract.settlements import place_index
from claims.extract.text import ReportError, check_size, language_of, read_report

__all__ = [
    "Candidate",
    "ExtractedField",
    "ReportError",
    "Span",
    "extract_claims",
    "read_report",
]


def extract_claims(
    text: str,
    published: date,
    *,
    source_url: str | None = None,
    publisher: str | None = None,
    ledger_path: Path | None = None,
) -> list[Candidate]:
    """The claims a report states, as candidate ledger records in order of appearance."""
    from claims.extract.known import ledger_claimants
    from geodata import layers

    check_size(text)
    if not text.strip():
        return []
    context = Context(
        text=text,
        flat=flatten(text),
        published=published,
        language=language_of(text),
        index=place_index(layers.gazetteer()),
        known=ledger_claimants(ledger_path),
        source_url=source_url,
        publisher=publisher,
    )
    return _unique_ids(extract_from_text(context))


def _unique_ids(candidates: list[Candidate]) -> list[Candidate]:
    seen: dict[str, int] = {}
    unique: list[Candidate] = []
    for candidate in candidates:
        base = str(candidate.record["id"])
        seen[base] = seen.get(base, 0) + 1
        if seen[base] == 1:
            unique.append(candidate)
            continue
        record = dict(candidate.record)
        record["id"] = f"{base}-{seen[base]}"
        unique.append(Candidate(record, candidate.fields, candidate.flags))
    return unique
