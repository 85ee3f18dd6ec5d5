"""What the extractor hands back: candidate records, each field with its span and confidence.

`Candidate.fields` holds one `ExtractedField` per record field the text gave (`claimant`, `side`,
`published`, `refers_to`, `refers_to_end`, `precision`, `kind`, `holder`, `extent`, `quote`), and
one per item for the lists: a `settlements` field per place named (its value the ledger name, e.g.
"Viktorovka (Korenevsky)") and a `figures` field per number (its value the figure mapping as
written in the record). `span` is None where the value did not come from the text (`published`,
or `refers_to` when the text gives no date: then a flag says so). Offsets index the text passed
to `extract_claims`, so `text[span.start:span.end] == span.text`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """Character offsets into the input text, and the text between them."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class ExtractedField:
    name: str  # ledger field name: claimant, side, refers_to, precision, kind, holder, ...
    value: object  # the value as it would be written in the ledger YAML record
    span: Span | None
    confidence: float  # 0..1


@dataclass(frozen=True)
class Candidate:
    record: Mapping[str, object]  # a ledger-format record, ready to validate; no invented fields
    fields: tuple[ExtractedField, ...]
    flags: tuple[str, ...]  # "new claimant", "settlement not in gazetteer", ...
