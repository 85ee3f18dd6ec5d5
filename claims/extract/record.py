"""A draft claim written as a ledger record (claims/data/FORMAT.md), with its spans and flags.

Only what the text says is written: no gist, no note, no verification beyond the honest default
for a claim nobody has checked yet (`claimed_unverified`), `sources` only when a source URL was
given, and `checked: false` there, because no one has yet read the page for this record.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from unidecode import unidecode

from claims.extract.candidate import Candidate, ExtractedField, Span
from claims.extract.claimants import Speaker
from claims.extract.dates import ReferredDate
from geodata.settlements import settlement_id

if TYPE_CHECKING:
    from claims.extract.engine import Context, Draft

NEEDS_PLACE = frozenset({"capture", "settlement_control"})
NEEDS_HOLDER = frozenset({"capture", "settlement_control", "advance", "repelled_attack", "attack"})
MAX_QUOTE_CHARS = 300
_SENTENCE_END = re.compile(r"[.!?…](?=\s|$)")
_SHORT_NAMES = {
    "Ministry of Defence of the Russian Federation": "mod",
    "General Staff of the Armed Forces of Ukraine": "genstaff",
}
_SIDE_PREFIX = {"ukraine": "ua", "russia": "ru", "independent": "ind", "other": "oth"}


def build_candidate(
    context: Context, speaker: Speaker, draft: Draft, when: ReferredDate | None
) -> Candidate | None:
    """The candidate for one draft, or None where the ledger has no record for what was said."""
    kind = kind_of(draft)
    if kind is None or (kind in NEEDS_HOLDER and draft.holder is None):
        return None
    flags: list[str] = []
    side, side_confidence = _side(speaker, draft, kind, flags)
    record: dict[str, object] = {
        "id": _record_id(speaker.claimant, side, context, kind, draft),
        "claimant": speaker.claimant,
        "side": side,
        "published": context.published,
    }
    where = (speaker.span_start, speaker.span_end)
    fields = [
        _field(context, "claimant", speaker.claimant, *where, speaker.confidence),
        _field(context, "side", side, *where, side_confidence),
        ExtractedField("published", context.published, None, 1.0),
    ]
    if speaker.claimant not in context.known:
        flags.append(f"new claimant: {speaker.claimant}")
    _clocks(context, when, record, fields, flags)
    _kind_and_holder(context, draft, kind, record, fields)
    _places(context, draft, record, fields, flags)
    _figures(context, draft, kind, record, fields, flags)
    _quote(context, draft, speaker, record, fields)
    if context.source_url:
        record["sources"] = [_source(context)]
    record["verification"] = "claimed_unverified"
    return Candidate(record=record, fields=tuple(fields), flags=tuple(flags))


def kind_of(draft: Draft) -> str | None:
    """The ledger kind a draft becomes: a control claim with no mappable place and some numbers is
    a figure claim; with neither, None (the ledger has no record for it)."""
    resolved = [p for p in draft.places if p.settlement is not None]
    if draft.trigger is None:
        return "figure" if draft.numbers else None
    if draft.trigger.kind in NEEDS_PLACE and not resolved:
        return "figure" if draft.numbers and draft.holder != "contested" else None
    return draft.trigger.kind


def _side(speaker: Speaker, draft: Draft, kind: str, flags: list[str]) -> tuple[str, float]:
    if speaker.side != "other" or draft.holder not in ("ukraine", "russia"):
        return speaker.side, speaker.confidence
    if kind in ("capture", "advance"):
        flags.append("side guessed from the holder: check the claimant's side")
        return str(draft.holder), 0.4
    return speaker.side, 0.3


def _clocks(
    context: Context, when: ReferredDate | None, record: dict[str, object],
    fields: list[ExtractedField], flags: list[str],
) -> None:  # fmt: skip
    if when is None:
        flags.append("refers_to not stated in the text: the day of publication is used")
        record["refers_to"] = context.published
        record["precision"] = "day"
        fields.append(ExtractedField("refers_to", context.published, None, 0.3))
        fields.append(ExtractedField("precision", "day", None, 0.3))
        return
    start, end = when.span_start, when.span_end
    record["refers_to"] = when.start
    fields.append(_field(context, "refers_to", when.start, start, end, when.confidence))
    if when.end != when.start:
        record["refers_to_end"] = when.end
        fields.append(_field(context, "refers_to_end", when.end, start, end, when.confidence))
    record["precision"] = when.precision
    fields.append(_field(context, "precision", when.precision, start, end, when.confidence))


def _kind_and_holder(
    context: Context,
    draft: Draft,
    kind: str,
    record: dict[str, object],
    fields: list[ExtractedField],
) -> None:
    trigger = draft.trigger
    span = (trigger.span_start, trigger.span_end) if trigger else (-1, -1)
    confidence = trigger.confidence if trigger else 0.6
    record["kind"] = kind
    fields.append(_field(context, "kind", kind, *span, confidence))
    if draft.holder is not None:
        record["holder"] = draft.holder
        fields.append(_field(context, "holder", draft.holder, *span, confidence * 0.9))
    if trigger is not None and trigger.extent == "fighting" and kind == "settlement_control":
        record["extent"] = "fighting"
        fields.append(_field(context, "extent", "fighting", *span, confidence))


def _places(
    context: Context, draft: Draft, record: dict[str, object],
    fields: list[ExtractedField], flags: list[str],
) -> None:  # fmt: skip
    names: list[str] = []
    seen: set[str] = set()
    for place in draft.places:
        if place.settlement is None:
            flags.append(f"settlement not in gazetteer: {place.label}")
            continue
        if place.confidence < 0.6:
            flags.append(f"ambiguous settlement: {place.label} (check the district)")
        fields.append(
            _field(
                context,
                "settlements",
                place.label,
                place.span_start,
                place.span_end,
                place.confidence,
            )
        )
        key = settlement_id(
            place.settlement.name_en, place.settlement.district, place.settlement.oblast
        )
        if key not in seen:
            seen.add(key)
            names.append(place.label)
    if names:
        record["settlements"] = names


def _figures(
    context: Context, draft: Draft, kind: str, record: dict[str, object],
    fields: list[ExtractedField], flags: list[str],
) -> None:  # fmt: skip
    figures: list[dict[str, object]] = []
    for number, about, confidence in draft.numbers:
        figure: dict[str, object] = {"value": _plain(number.value), "unit": number.unit}
        incremental = number.incremental or (kind == "capture" and number.unit == "settlements")
        figure["basis"] = "incremental" if incremental else "cumulative"
        if number.low is not None:
            figure["low"] = _plain(number.low)
        if number.high is not None:
            figure["high"] = _plain(number.high)
        if about is not None:
            figure["about"] = about
        figures.append(figure)
        fields.append(
            _field(
                context,
                "figures",
                figure,
                number.span_start,
                number.span_end,
                min(number.confidence, confidence + 0.2),
            )
        )
    if figures:
        record["figures"] = figures
    if kind == "figure" and any(f["unit"] in ("km2", "km_depth", "km_front") for f in figures):
        flags.append("figure without place: the text names no settlement for this area")


def _quote(
    context: Context, draft: Draft, speaker: Speaker, record: dict[str, object],
    fields: list[ExtractedField],
) -> None:  # fmt: skip
    """The sentence the claim came from, cut short: a short attributed quote, for review."""
    anchor = draft.trigger.span_start if draft.trigger else speaker.span_start
    if anchor < 0 and draft.numbers:
        anchor = draft.numbers[0][0].span_start
    anchor = max(anchor, 0)
    # The sentence around the anchor, looked for within a bounded window on each side.
    window_start = max(0, anchor - 2 * MAX_QUOTE_CHARS)
    stops = [m.end() for m in _SENTENCE_END.finditer(context.flat, window_start, anchor)]
    start = stops[-1] if stops else window_start
    window_end = min(len(context.text), anchor + 2 * MAX_QUOTE_CHARS)
    end_match = _SENTENCE_END.search(context.flat, anchor, window_end)
    end = end_match.end() if end_match else window_end
    text = " ".join(context.text[start:end].split())  # the wrapped lines joined
    if not text:
        return
    if len(text) > MAX_QUOTE_CHARS:
        text = text[: MAX_QUOTE_CHARS - 1].rsplit(" ", 1)[0] + "…"
    record["quote"] = {"text": text, "language": context.language}
    fields.append(_field(context, "quote", record["quote"], start, end, 0.9))


def _source(context: Context) -> dict[str, object]:
    url = context.source_url or ""
    publisher = context.publisher or (urlsplit(url).hostname or url)
    return {"url": url, "publisher": publisher, "published": context.published, "checked": False}


def _record_id(claimant: str, side: str, context: Context, kind: str, draft: Draft) -> str:
    short = _SHORT_NAMES.get(claimant) or "-".join(_slug(claimant).split("-")[:2])
    place = next((p for p in draft.places if p.settlement is not None), None)
    topic = (
        _slug(place.settlement.name_en) if place and place.settlement else kind.replace("_", "-")
    )
    return f"{_SIDE_PREFIX.get(side, 'oth')}-{short}-{context.published.isoformat()}-{topic}"[:110]


def _slug(text: str) -> str:
    kept = "".join(c if c.isalnum() else "-" for c in unidecode(text).lower())
    return "-".join(part for part in kept.split("-") if part) or "claim"


def _plain(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _field(
    context: Context, name: str, value: object, start: int, end: int, confidence: float
) -> ExtractedField:
    span = Span(start, end, context.text[start:end]) if 0 <= start < end else None
    return ExtractedField(name, value, span, round(max(0.0, min(1.0, confidence)), 2))
