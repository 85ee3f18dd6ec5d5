"""The *Add claims* page: from a report's text (or by hand) to reviewed records in the ledger.

Paste or upload a report, set the day it was published and its source, and the extractor
(`claims.extract`, when installed) proposes candidate records with the spans they were read from;
each can be edited, its footprint checked on a small map (a click adds or removes the nearest
settlement), then accepted or rejected. Accepting goes through the one claim sink (claims.accept):
validated as `frontline validate` validates, written atomically, carrying the account and the time.
Only a signed-in session (dashboard/auth.py) ever sees a control that writes.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import streamlit as st

from claims.accept import ClaimSink, RecordRefusedError, SinkRefusedError, claim_sink
from claims.errors import LedgerError
from dashboard import auth, loaders
from dashboard import streamlit_folium_compat as compat
from dashboard.claim_editor import edit_claim, resolved_settlements, settlements_key
from dashboard.folium_text import rendered_as_text
from dashboard.footprint_map import footprint_map
from dashboard.highlight import Mark, highlighted_html
from dashboard.report_text import report_text
from dashboard.settings import read_settings
from geodata import layers
from geodata.nearest import nearest_settlement

# A click on the footprint map picks the nearest settlement within this distance: about half
# the spacing of villages in the Sudzha district, so a click between two picks neither.
CLICK_TOLERANCE_M = 1500.0
FOOTPRINT_HEIGHT = 380
CANDIDATES = "add-claims-candidates"
REPORT = "add-claims-report"
HAND = "hand"
CANDIDATE_PREFIX = "candidate-"
NOTICE = "add-claims-notice"
MARKDOWN_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+\-.!<>|~$:]")
EXTRACTION_MISSING = (
    "Claim extraction is not installed in this copy (the `claims.extract` package is missing), "
    "so candidates cannot be read from a report here. Add claims by hand in the other tab."
)


@dataclass
class Review:
    """One candidate on the page: its record, where it was read from, and what became of it."""

    record: Mapping[str, object]
    marks: tuple[Mark, ...] = ()
    flags: tuple[str, ...] = ()
    fields: tuple[dict[str, Any], ...] = ()
    outcome: str = ""  # "", "rejected", or "accepted as <id>"
    key: str = field(default="")


def add_claims_page() -> None:
    st.title("Add claims")
    st.caption("Claims, not facts: every accepted record is what a claimant said, with its source.")
    settings = read_settings()
    try:
        loaders.ledger_for(loaders.current_ledger_key())
    except (LedgerError, OSError) as error:
        st.error(
            "The claims ledger cannot be read, so nothing can be added to it until it is fixed:"
        )
        st.code(str(error), language=None)
        st.stop()
    sink = claim_sink(settings.ledger_path, settings.store_path)
    account = auth.signed_in_account()
    notice = st.session_state.pop(NOTICE, None)
    if notice:
        st.success(notice)
    refusal = getattr(sink, "refusal", None)
    if refusal:
        st.warning(refusal)
    if account is not None:  # where the server keeps its files is no business of a visitor
        st.caption("Accepted records are written to:")
        st.code(sink.destination, language=None)
    from_report, by_hand = st.tabs(["From a report", "By hand"])
    with from_report:
        _from_report(account, sink)
    with by_hand:
        st.markdown("A claim typed in by hand, checked and written the same way.")
        review = st.session_state.setdefault(f"{CANDIDATES}-{HAND}", Review({}, key=HAND))
        _review(review, account, sink, rejectable=False)


def _from_report(account: str | None, sink: ClaimSink) -> None:
    try:  # by name: the extractor is an optional part that another branch provides
        extract_claims = importlib.import_module("claims.extract").extract_claims
    except ImportError as error:
        st.info(f"{EXTRACTION_MISSING} ({error})")
        return
    text = _report_input()
    published = st.date_input("Published", date.today(), key="report-published")
    left, right = st.columns(2)
    url = left.text_input("Source URL", key="report-url")
    publisher = right.text_input("Publisher", key="report-publisher")
    if st.button("Find claims", key="find-claims", disabled=not text.strip()):
        candidates = extract_claims(
            text,
            published,
            source_url=url.strip() or None,
            publisher=publisher.strip() or None,
            ledger_path=read_settings().ledger_path,
        )
        _forget_keys(CANDIDATE_PREFIX)  # the last report's candidates and their edits
        st.session_state[REPORT] = text
        st.session_state[CANDIDATES] = [_review_of(c, n) for n, c in enumerate(candidates)]
    if REPORT not in st.session_state:
        return
    reviews: list[Review] = st.session_state.get(CANDIDATES, [])
    marks = [m for r in reviews for m in r.marks]
    found = f"{len(reviews)} candidate claim{'s' if len(reviews) != 1 else ''}"
    st.subheader(found if reviews else "No claims found in this text")
    st.html(highlighted_html(st.session_state.get(REPORT, ""), marks))
    for review in reviews:
        _review(review, account, sink, rejectable=True)


def _report_input() -> str:
    pasted = st.text_area("Report text", height=200, key="report-text")
    upload = st.file_uploader("…or a .txt or .html file", type=["txt", "html", "htm"])
    if upload is None:
        return pasted
    try:
        return report_text(upload.name, upload.getvalue())
    except ValueError as error:  # claims.extract.text.ReportError
        st.error(str(error))
        return ""


def _review_of(candidate: Any, number: int) -> Review:
    """A candidate of `claims.extract` as a review item (its interface, read by name)."""
    fields = tuple(candidate.fields)
    marks = tuple(
        Mark(f.span.start, f.span.end, f"{f.name}: {f.value} ({f.confidence:.0%})")
        for f in fields
        if f.span is not None
    )
    rows = tuple(
        {
            "field": str(f.name),
            "value": str(f.value),
            "read from": f.span.text if f.span is not None else "",
            "confidence": f"{f.confidence:.0%}",
        }
        for f in fields
    )
    record = dict(candidate.record)
    return Review(record, marks, tuple(candidate.flags), rows, key=f"{CANDIDATE_PREFIX}{number}")


def _review(review: Review, account: str | None, sink: ClaimSink, *, rejectable: bool) -> None:
    with st.container(border=True):
        if review.outcome:
            st.markdown(f"~~{_title(review.record)}~~ — {plain_markdown(review.outcome)}")
            return
        st.markdown(f"**{_title(review.record)}**")
        for flag in review.flags:
            st.warning(plain_markdown(flag))
        if review.fields:
            st.dataframe(list(review.fields), hide_index=True)
        _seed_settlements(review)
        form, footprint = st.columns([3, 2])
        with footprint:  # first: a click changes the settlements the form then shows
            _footprint(review.key)
        with form:
            record = edit_claim(review.key, review.record, loaders.settlement_choices())
        _decide(review, record, account, sink, rejectable=rejectable)


def _seed_settlements(review: Review) -> None:
    key = settlements_key(review.key)
    if key in st.session_state:
        return
    names = review.record.get("settlements")
    listed = [str(n) for n in names] if isinstance(names, list | tuple) else []
    ids, unresolved = resolved_settlements(listed, layers.gazetteer())
    st.session_state[key] = ids
    if unresolved:
        st.warning(
            "Not in the gazetteer, so left out: "
            + "; ".join(unresolved)
            + ". Pick the places on the map or in the list."
        )


def _footprint(key: str) -> None:
    ledger_key = loaders.current_ledger_key()
    theatre = loaders.ledger_for(ledger_key).theatre
    selected: list[str] = st.session_state[settlements_key(key)]
    fmap = footprint_map(theatre, loaders.base_layers(ledger_key).oblasts, selected)
    st.caption("Footprint: click a settlement to add or remove it.")
    # A new component after each change: the old one would keep returning its last click, and a
    # second click on the same settlement (to remove it) would look like no new click at all.
    generation = st.session_state.setdefault(f"{key}-map-generation", 0)
    with rendered_as_text():  # settlement names are ledger/gazetteer text: never a template
        returned = compat.st_folium(
            fmap,
            key=f"{key}-map-{generation}",
            height=FOOTPRINT_HEIGHT,
            width=None,
            returned_objects=["last_object_clicked", "last_clicked"],
        )
    click = _click(returned)
    if click is None:
        return
    st.session_state[f"{key}-map-generation"] = generation + 1
    choices = loaders.settlement_choices().labels
    places = [s for s in theatre.settlements if s.id in choices]
    nearest = nearest_settlement(places, click[0], click[1], within_m=CLICK_TOLERANCE_M)
    if nearest is None:
        st.toast(f"No settlement within {CLICK_TOLERANCE_M:,.0f} m of that click.")
        return
    st.session_state[settlements_key(key)] = toggled(selected, nearest.id)
    st.rerun()


def toggled(selected: Sequence[str], settlement_id: str) -> list[str]:
    """The selection with `settlement_id` removed if it was in it, added if it was not."""
    if settlement_id in selected:
        return [i for i in selected if i != settlement_id]
    return [*selected, settlement_id]


def _click(returned: object) -> tuple[float, float] | None:
    """The clicked point, preferring a clicked marker over a click on the bare map."""
    if not isinstance(returned, Mapping):
        return None
    for name in ("last_object_clicked", "last_clicked"):
        point = returned.get(name)
        if isinstance(point, Mapping) and "lat" in point and "lng" in point:
            return float(point["lat"]), float(point["lng"])
    return None


def _decide(
    review: Review,
    record: Mapping[str, object],
    account: str | None,
    sink: ClaimSink,
    *,
    rejectable: bool,
) -> None:
    left, right = st.columns(2)
    if rejectable and right.button("Reject", key=f"{review.key}-reject"):
        review.outcome = "rejected"
        st.rerun()
    if account is None:
        left.caption("Read-only: sign in to accept.")
        return
    if not left.button("Accept", key=f"{review.key}-accept", type="primary"):
        return
    try:
        accepted = sink.append(record, account=account, accepted_at=datetime.now(UTC))
    except RecordRefusedError as error:
        st.error("Not accepted: the record would make the ledger invalid. Nothing was written.")
        st.code(str(error), language=None)
        return
    except SinkRefusedError as error:
        st.error(str(error))
        return
    loaders.forget_ledger()
    st.session_state[NOTICE] = (
        f"Accepted as `{accepted.id}` by `{accepted.account}`; the map of asserted control "
        "shows it now."
    )
    if rejectable:
        review.outcome = f"accepted as {accepted.id}"
    else:
        _clear_hand_form()
    st.rerun()  # the decided record leaves the form at once; the notice says what happened


def _clear_hand_form() -> None:
    _forget_keys(f"{HAND}-")
    st.session_state.pop(f"{CANDIDATES}-{HAND}", None)


def _forget_keys(prefix: str) -> None:
    for name in list(st.session_state):
        if str(name).startswith(prefix):
            del st.session_state[name]


def _title(record: Mapping[str, object]) -> str:
    claimant = str(record.get("claimant") or "New claim")
    kind = str(record.get("kind") or "").replace("_", " ")
    day = str(record.get("published") or "")
    return plain_markdown(" · ".join(p for p in (claimant, kind, day) if p))


def plain_markdown(text: str) -> str:
    """Text shown through Markdown as the characters it holds: no link, image, emphasis or HTML
    made from a report's or a claimant's words."""
    return MARKDOWN_SPECIAL.sub(lambda m: "\\" + m.group(0), text)
