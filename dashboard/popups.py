"""HTML for popups and tooltips. Every string from a ledger is escaped here, and only here.

folium's GeoJson popups and tooltips insert property values with innerHTML, so a quote carrying
`<script>` would run. Nothing reaches a property that has not passed through `escape` first; links
are written only for http(s) addresses.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date
from typing import Any

from claims.model import Claim, Source
from claims.timing import effective_day
from dashboard.styles import verification_label
from dashboard.wording import day_text, plural
from geodata.settlements import Settlement

MAX_CLAIMS_IN_POPUP = 6
NO_CLAIM_TEXT = "No claim names it yet."
NO_CLAIM_HTML = f"<p>{NO_CLAIM_TEXT}</p>"
QUOTE_CHARACTERS = 220


def escape(text: object) -> str:
    return html.escape(str(text), quote=True)


def source_link(source: Source) -> str:
    """An anchor for a source, or plain escaped text when the address is not http(s)."""
    label = escape(source.publisher or source.url)
    if not _is_web(source.url):
        return label
    href = escape(source.url)
    return f'<a href="{href}" target="_blank" rel="noopener noreferrer">{label}</a>'


def place_header(settlement: Settlement) -> str:
    """Name, Cyrillic name, district, and a warning where the position is only approximate."""
    heading = f"<b>{escape(settlement.name_en)}</b> <small>{escape(settlement.name_ru)}</small>"
    where = escape(f"{settlement.district} district, {settlement.oblast} oblast".strip(" ,"))
    position = "" if settlement.position_checked else "<br><i>position approximate, unchecked</i>"
    return f"{heading}<br><small>{where}</small>{position}"


def said_text(claim: Claim) -> str:
    """Both clocks of a claim: the day it was said and the day it speaks about."""
    return f"said {day_text(claim.published)}, about {day_text(claim.refers_to)}"


def claim_item(claim: Claim) -> str:
    """One claim as a popup list item: claimant, both clocks, verification, quote, sources."""
    said = said_text(claim)
    holder = f" · {escape(claim.holder.value)}" if claim.holder else ""
    quote = ""
    if claim.quote and claim.quote.text:
        text = claim.quote.text
        cut = text if len(text) <= QUOTE_CHARACTERS else text[:QUOTE_CHARACTERS] + "…"
        quote = f"<br><q>{escape(cut)}</q>"
    sources = ", ".join(source_link(s) for s in claim.sources)
    return (
        f"<li><b>{escape(claim.claimant)}</b>{holder}<br><small>{escape(said)} · "
        f"{escape(verification_label(claim.verification))}</small>{quote}<br>{sources}</li>"
    )


def place_entry(settlement: Settlement) -> dict[str, Any]:
    """A place as plain text for the browser-built popup (see `map_elements`)."""
    where = f"{settlement.district} district, {settlement.oblast} oblast".strip(" ,")
    return {
        "name": settlement.name_en,
        "local": settlement.name_ru,
        "where": where,
        "approximate": not settlement.position_checked,
    }


def claim_entry(claim: Claim) -> dict[str, Any]:
    """A claim as plain text for the browser-built popup; only http(s) sources become links."""
    quote = claim.quote.text if claim.quote else ""
    return {
        "claimant": claim.claimant,
        "holder": claim.holder.value if claim.holder else "",
        "said": said_text(claim),
        "verification": verification_label(claim.verification),
        "quote": quote if len(quote) <= QUOTE_CHARACTERS else quote[:QUOTE_CHARACTERS] + "…",
        "sources": [
            {"label": s.publisher or s.url, "url": s.url if _is_web(s.url) else ""}
            for s in claim.sources
        ],
    }


def _is_web(url: str) -> bool:
    return url.lower().startswith(("https://", "http://"))


def settlement_popup(
    settlement: Settlement, status: str, claims: Sequence[Claim], *, on: date
) -> str:
    """The popup of one settlement on a date: its status and the claims about it so far.

    The map builds the same popup in the browser (`map_elements.SettlementDetails`) from the
    plain-text `place_entry` and `claim_entry` sent once, so each date sends only claim ids.
    This server-side form serves snapshots and tests.
    """
    newest = sorted(claims, key=lambda c: (effective_day(c), c.published), reverse=True)
    items = "".join(claim_item(c) for c in newest[:MAX_CLAIMS_IN_POPUP])
    more = len(newest) - MAX_CLAIMS_IN_POPUP
    tail = f"<li>… {plural(more, 'earlier claim')} in the table</li>" if more > 0 else ""
    listing = f"<ul class='claims'>{items}{tail}</ul>" if items else NO_CLAIM_HTML
    return (
        f"<div class='frontline-popup'>{place_header(settlement)}"
        f"<p>On {day_text(on)}: <b>{escape(status)}</b></p>{listing}</div>"
    )
