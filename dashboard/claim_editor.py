"""Form fields for one claim record, pre-filled from a candidate (or empty, to add one by hand).

The widgets are the edge; `edited_record` and the small helpers below are pure. What the form does
not show (geometry, supersedes, a second source…) is carried over from the record unchanged.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date
from enum import StrEnum
from typing import Any

import pandas as pd
import streamlit as st

from claims.fields import EARLIEST_DATE
from claims.model import Basis, Counts, Extent, Holder, Kind, Precision, Side, Unit, Verification
from dashboard.settlement_choices import SettlementChoices
from geodata.gazetteer import Gazetteer, SettlementNotFoundError

FIGURE_COLUMNS = ("value", "unit", "basis", "about", "counts", "low", "high")


def settlements_key(key: str) -> str:
    """The session key of a record's chosen settlement ids (the map's clicks change it too)."""
    return f"{key}-settlements"


def resolved_settlements(names: Sequence[str], gazetteer: Gazetteer) -> tuple[list[str], list[str]]:
    """(ids of the names the gazetteer resolves, names it does not)."""
    ids: list[str] = []
    unresolved: list[str] = []
    for name in names:
        try:
            settlement = gazetteer.resolve(name)
        except SettlementNotFoundError:
            unresolved.append(name)
            continue
        if settlement.id not in ids:
            ids.append(settlement.id)
    return ids, unresolved


def figures_from_rows(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, object]]:
    """Figure mappings from the figures table; blank cells left out, blank rows dropped."""
    figures = []
    for row in rows:
        figure = {k: _scalar(row.get(k)) for k in FIGURE_COLUMNS if not _blank(row.get(k))}
        if figure:
            figures.append(figure)
    return figures


def edited_record(
    original: Mapping[str, object], edited: Mapping[str, object]
) -> dict[str, object]:
    """The record after editing: the form's fields over the original's, the rest kept."""
    return {**original, **edited}


def edit_claim(
    key: str, record: Mapping[str, object], choices: SettlementChoices
) -> dict[str, object]:
    """Show the fields of `record` as widgets keyed by `key`; return the record as edited."""
    first, second, third = st.columns(3)
    edited: dict[str, object] = {
        "claimant": first.text_input("Claimant", _text(record, "claimant"), key=f"{key}-claimant"),
        "side": _choice(second, "Side", Side, record, "side", key),
        "verification": _choice(
            third, "Verification", Verification, record, "verification", key,
            default=Verification.CLAIMED_UNVERIFIED,
        ),
        "published": _day(first, "Published (the day it was said)", record, "published", key),
        "refers_to": _day(second, "Refers to (the day it is about)", record, "refers_to", key),
        "precision": _choice(third, "Precision", Precision, record, "precision", key,
                             default=Precision.DAY),
        "kind": _choice(first, "Kind", Kind, record, "kind", key),
        "holder": _choice(second, "Holder", Holder, record, "holder", key),
        "extent": _choice(third, "Extent", Extent, record, "extent", key),
    }  # fmt: skip
    ids = st.multiselect(
        "Settlements (or click them on the map)",
        list(choices.labels),
        format_func=lambda i: choices.labels.get(i, i),
        key=settlements_key(key),
    )
    edited["settlements"] = choices.names_of(ids)
    edited["figures"] = _figures(key, record)
    edited.update(_words(key, record))
    return edited_record(record, edited)


def _words(key: str, record: Mapping[str, object]) -> dict[str, object]:
    raw_quote = record.get("quote")
    # The ledger also takes a quote as bare text.
    quote = raw_quote if isinstance(raw_quote, Mapping) else {"text": raw_quote}
    sources = record.get("sources")
    source_list = list(sources) if isinstance(sources, list | tuple) else []
    first = source_list[0] if source_list and isinstance(source_list[0], Mapping) else {}
    left, right = st.columns(2)
    quote_text = left.text_area(
        "Quote (short, original language)", _text(quote, "text"), key=f"{key}-quote"
    )
    language = right.text_input(
        "Quote language (ISO 639-1)", _text(quote, "language"), key=f"{key}-language"
    )
    gist = right.text_area("Gist (English summary)", _text(record, "gist"), key=f"{key}-gist")
    url = left.text_input("Source URL", _text(first, "url"), key=f"{key}-url")
    publisher = right.text_input("Publisher", _text(first, "publisher"), key=f"{key}-publisher")
    checked = left.checkbox(
        "Checked: the page states the claim", bool(first.get("checked")), key=f"{key}-checked"
    )
    source = {**first, "url": url, "publisher": publisher, "checked": checked}
    return {
        "quote": {"text": quote_text, "language": language},
        "gist": gist,
        "sources": [source, *source_list[1:]],
        "note": st.text_area("Analyst note", _text(record, "note"), key=f"{key}-note"),
        "id": st.text_input("Id (left empty: made from side, claimant, day and kind)",
                            _text(record, "id"), key=f"{key}-id"),
    }  # fmt: skip


def _figures(key: str, record: Mapping[str, object]) -> list[dict[str, object]]:
    raw = record.get("figures")
    rows = [dict(f) for f in raw if isinstance(f, Mapping)] if isinstance(raw, list | tuple) else []
    table = pd.DataFrame(rows, columns=list(FIGURE_COLUMNS))
    options = {"unit": Unit, "basis": Basis, "about": Side, "counts": Counts}
    config: dict[str, Any] = {
        name: st.column_config.SelectboxColumn(name, options=[m.value for m in enum])
        for name, enum in options.items()
    }
    st.caption("Figures the claim states (one per row; leave empty when it states none)")
    edited = st.data_editor(
        table.astype(object), num_rows="dynamic", column_config=config, key=f"{key}-figures"
    )
    return figures_from_rows(
        [{str(k): v for k, v in row.items()} for row in edited.to_dict("records")]
    )


def _choice(
    where: Any,
    label: str,
    enum: type[StrEnum],
    record: Mapping[str, object],
    field: str,
    key: str,
    *,
    default: StrEnum | None = None,
) -> str | None:
    options = [m.value for m in enum]
    current = str(record.get(field) or (default or "")).strip().lower()
    index = options.index(current) if current in options else None
    choice = where.selectbox(label, options, index=index, key=f"{key}-{field}")
    return str(choice) if choice else None


def _day(where: Any, label: str, record: Mapping[str, object], field: str, key: str) -> date | None:
    value = record.get(field)
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            value = None
    initial = value if isinstance(value, date) else None
    chosen = where.date_input(
        label, initial, min_value=EARLIEST_DATE, max_value=date.today(), key=f"{key}-{field}"
    )
    return chosen if isinstance(chosen, date) else None


def _text(record: Mapping[str, object], field: str) -> str:
    value = record.get(field)
    return value if isinstance(value, str) else ""


def _scalar(value: object) -> object:
    """numpy and pandas numbers as plain Python ones (YAML cannot write numpy's)."""
    item = getattr(value, "item", None)
    return item() if callable(item) else value


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()
