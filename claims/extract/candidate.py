"""What the extractor hands back: candidate records, each field with its span and confidence."""

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
