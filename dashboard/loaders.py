"""Every Streamlit cache of the dashboard, in one place, keyed by hashable arguments only."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from claims.bundle import kursk_context, kursk_theatre
from claims.control import ControlPicture, asserted_control
from claims.diff import view_change
from claims.ledger_file import read_ledger
from claims.model import Claim, Holder, Ledger
from claims.places import claims_by_settlement
from claims.theatre import Theatre
from claims.timing import effective_day
from dashboard.layer_data import (
    changes_geojson,
    contested_geojson,
    settlements_geojson,
    territory_geojson,
)
from dashboard.map_builder import BaseLayers, DateLayers
from dashboard.settings import read_settings, tile_server_reachable
from geodata.layers import DATA_DIR

CREDITS = (
    "Boundaries: Natural Earth (public domain)",
    "Rivers: GSHHG/WDBII (LGPL)",
    'Towns: <a href="https://www.geonames.org">GeoNames</a> (CC BY 4.0)',
    "Villages and claims: frontline project, sources per record",
)


@dataclass(frozen=True)
class LoadedLedger:
    ledger: Ledger
    theatre: Theatre
    claims_about: dict[str, tuple[Claim, ...]]
    change_days: tuple[date, ...]


@st.cache_resource(show_spinner="Reading the claims ledger…")
def loaded_ledger(path: str, mtime_ns: int) -> LoadedLedger:
    """The ledger (re-read when the file changes), with the indexes the page needs."""
    theatre = kursk_theatre()
    ledger = read_ledger(Path(path), kursk_context())
    days = sorted({effective_day(c) for c in ledger.records})
    index = claims_by_settlement(ledger.records, theatre)
    return LoadedLedger(ledger, theatre, index, tuple(days))


LedgerKey = tuple[str, int]


def current_ledger_key() -> LedgerKey:
    """Which ledger file, in which version: the key of every per-date cache."""
    path = read_settings().ledger_path.resolve()
    return str(path), path.stat().st_mtime_ns


def ledger_for(key: LedgerKey) -> LoadedLedger:
    return loaded_ledger(*key)


@st.cache_resource
def base_layers() -> BaseLayers:
    return BaseLayers(
        oblasts=_read_json(DATA_DIR / "oblasts.geojson"),
        border=_read_json(DATA_DIR / "border.geojson"),
        rivers=_read_json(DATA_DIR / "rivers.geojson"),
        credits=CREDITS,
    )


@st.cache_resource
def tiles_enabled() -> bool:
    mode = read_settings().tiles
    return mode == "on" or (mode == "auto" and tile_server_reachable())


@st.cache_resource(max_entries=800)
def picture(key: LedgerKey, on: date, known: date | None) -> ControlPicture:
    source = ledger_for(key)
    return asserted_control(source.ledger, source.theatre, on, as_known_on=known)


@st.cache_resource(max_entries=800)
def date_layers(
    key: LedgerKey,
    on: date,
    known: date | None,
    claimant: str,
    compare: date | None,
    shown: frozenset[str],
) -> DateLayers:
    """The per-date layers of one map, built once per (date, claimant, options)."""
    source = ledger_for(key)
    shown_picture = picture(key, on, known)
    view = shown_picture.view(claimant)
    changes = None
    if compare is not None:
        before = picture(key, compare, known).view(claimant)
        change = view_change(before, view, source.theatre, dates=(compare, on))
        changes = changes_geojson(change)
    return DateLayers(
        date_text=_date_text(on, known, compare),
        iso=on.isoformat(),
        settlements=settlements_geojson(view, source.theatre, source.claims_about, on=on),
        territory=territory_geojson(view),
        contested=contested_geojson(shown_picture.contested),
        changes=changes,
        shown=shown,
    )


@st.cache_data(max_entries=20)
def area_series(key: LedgerKey, known: date | None) -> pd.DataFrame:
    """km² asserted held by Ukraine in Kursk oblast, per claimant, at every day a claim lands."""
    rows = []
    for day in ledger_for(key).change_days:
        shown = picture(key, day, known)
        for view in (shown.composite, *shown.claimants):
            area = view.area_km2(Holder.UKRAINE)
            rows.append({"date": day, "claimant": view.claimant, "km2": round(area, 1)})
    return pd.DataFrame(rows)


def _date_text(on: date, known: date | None, compare: date | None) -> str:
    text = f"{on:%d %b %Y}"
    if known is not None:
        text += f" · as known on {known:%d %b %Y}"
    if compare is not None:
        text += f" · changes since {compare:%d %b %Y}"
    return text


def _read_json(path: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data
