"""Every Streamlit cache of the dashboard, in one place, keyed by hashable arguments only."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from claims import disk_cache
from claims.control import ControlPicture, asserted_control
from claims.dataset import Dataset, dataset_key, load_dataset_cached
from dashboard import framing, popup_texts
from dashboard.assessors import assessors, compared_with_assessors, disagreement_rows
from dashboard.claim_days_strip import claim_days, strip_html
from dashboard.map_builder import (
    CROWDED_SETTLEMENTS,
    BaseLayers,
    BBox,
    DateLayers,
    build_base_map,
    build_date_layers,
)
from dashboard.map_component import GroupScripts, RenderedBase, render_base, render_groups
from dashboard.map_state import base_layers_for, date_layers_for
from dashboard.settings import read_settings, tile_server_reachable
from dashboard.settlement_choices import SettlementChoices
from dashboard.tables import area_over_time
from dashboard.timeline_cache import TimelineView, is_stored, stored_files, timeline_for
from dashboard.timeline_data import Timeline, opening_box
from dashboard.timeline_map import timeline_groups
from dashboard.timeline_prefetch import prefetch_view
from dashboard.view_kinds import LAYER_NAMES, MapLayer
from geodata import layers

# Scrubbing mostly moves forward a day at a time; warm those days, and one back.
PREFETCH_DAYS = (1, 2, 3, -1)
# A crowded theatre (`map_builder.CROWDED_SETTLEMENTS`) warms the next day only: at 100x a day
# is ~5 s of the two cores and ~80 MB kept (its picture, layers and rendered script), and the
# four days took the server's peak past 1.5 GB while the first map was still being drawn.
PREFETCH_DAYS_CROWDED = (1,)
PREFETCH_THREAD = "frontline-prefetch"
_PREFETCH_LOCK = threading.Lock()
_prefetching: threading.Thread | None = None


@dataclass(frozen=True)
class LedgerKey:
    """Which ledger file and store, in which version: the key of every per-date cache.

    A frozen value, so Streamlit hashes it by its fields and a changed file (a new mtime) is a new
    key: every cache below re-reads instead of serving the old ledger's pictures.
    """

    ledger: str
    ledger_mtime_ns: int
    store: str = ""
    store_mtime_ns: int = 0


@st.cache_resource(show_spinner="Reading the claims ledger…")
def loaded_ledger(key: LedgerKey) -> Dataset:
    """The ledger and any imported assessments (re-read when a file changes), with indexes."""
    return load_dataset_cached(Path(key.ledger), Path(key.store) if key.store else None)


def current_ledger_key() -> LedgerKey:
    """Which ledger file and store, in which version: the key of every per-date cache."""
    settings = read_settings()
    path = settings.ledger_path.resolve()
    store = settings.store_path.resolve() if settings.store_path else None
    store_mtime = store.stat().st_mtime_ns if store and store.exists() else 0
    return LedgerKey(str(path), path.stat().st_mtime_ns, str(store or ""), store_mtime)


def ledger_for(key: LedgerKey) -> Dataset:
    return loaded_ledger(key)


T = TypeVar("T")


def _kept_on_disk(
    key: LedgerKey, kind: str, args: tuple[object, ...], compute: Callable[[], T], expected: type[T]
) -> T:
    """A result computed from the ledger's dataset and `args` alone, kept on disk under the
    dataset's digest (`claims.disk_cache`): a restarted server reads the strings it sends
    instead of rendering them again. Computed as usual when the digest is not known."""
    digest = ledger_for(key).source_digest
    if not digest:
        return compute()
    values = (digest, *(disk_cache.canonical(arg) for arg in args))
    return disk_cache.cached(disk_cache.key_for(kind, files=(), values=values), compute, expected)


@st.cache_resource
def base_layers(key: LedgerKey) -> BaseLayers:
    """Everything on the map that does not change with the date, for one ledger; a big
    theatre's popup text as files the browser fetches (`popup_texts`)."""
    source = ledger_for(key)
    return popup_texts.served(
        base_layers_for(source.theatre, source.claims_about), source.source_digest
    )


@st.cache_resource(max_entries=16)
def rendered_base(
    key: LedgerKey,
    tiles: bool,
    center: tuple[float, float],
    zoom: int,
    fit: BBox | None = None,
) -> RenderedBase:
    """The base map rendered to strings, once per ledger and starting view (`fit`: a box)."""

    def render() -> RenderedBase:
        fmap = build_base_map(base_layers(key), tiles=tiles, center=center, zoom=zoom, fit=fit)
        return render_base(fmap, list(LAYER_NAMES.values()))

    # The popup-text setting is part of the key: it decides what the rendered map carries.
    args = (tiles, center, zoom, fit, popup_texts.mode_setting())
    rendered = _kept_on_disk(key, "base", args, render, RenderedBase)
    source = ledger_for(key)
    digest = source.source_digest
    if digest and not popup_texts.is_written(digest):
        claims = len({claim.id for about in source.claims_about.values() for claim in about})
        if popup_texts.served_as_files(claims):
            base_layers(key)  # a map read from disk whose popup files are gone: write them
    return rendered


@st.cache_resource(max_entries=800)
def ground_in_play(key: LedgerKey, on: date, known: date | None, fresh: int | None) -> BBox | None:
    """The box a map of the day opens on (`framing.ground_in_play`)."""
    return framing.ground_in_play(picture(key, on, known, fresh))


def opening_frame(
    key: LedgerKey, on: date, known: date | None, fresh: int | None, timeline: Timeline | None
) -> BBox | None:
    """The box a map of the day opens on: from the browser timeline when there is one (its
    build worked it out from the same picture, `timeline_cache.build_map_timeline`), so a server
    whose disk holds the timeline draws its first map without a picture of the day (at 100x
    ~1.5-3 s); else from the day's picture (`ground_in_play`)."""
    if timeline is not None:
        known_box, box = opening_box(timeline, on)
        if known_box:
            return box
    return ground_in_play(key, on, known, fresh)


@st.cache_resource(max_entries=800)
def rendered_groups(
    key: LedgerKey,
    on: date,
    known: date | None,
    fresh: int | None,
    claimant: str,
    compare: date | None,
    shown: frozenset[MapLayer],
) -> GroupScripts:
    """The date's layers rendered to the component's script, once per date and options."""
    layers = date_layers(key, on, known, fresh, claimant, compare, shown)
    return render_groups(build_date_layers(layers))


@st.cache_resource(max_entries=16, show_spinner=False)
def timeline(
    key: LedgerKey,
    known: date | None,
    fresh: int | None,
    claimant: str,
    compare: date | None,
    shown: frozenset[MapLayer],
) -> Timeline:
    """Every day of one map, encoded for the browser (`timeline_data`): once per ledger (file and
    store versions), as-known-on date, fresh window, claimant, compare date and layers shown;
    read from the disk cache or built in a child process (`timeline_cache`)."""
    return timeline_for(ledger_for(key), TimelineView(known, fresh, claimant, compare, shown))


@st.cache_resource(max_entries=16)
def timeline_scripts(
    key: LedgerKey,
    known: date | None,
    fresh: int | None,
    claimant: str,
    compare: date | None,
    shown: frozenset[MapLayer],
) -> GroupScripts:
    """The timeline's groups rendered to the component's script: the same whatever the day."""

    encoded = timeline(key, known, fresh, claimant, compare, shown)

    def render() -> GroupScripts:
        return render_groups(timeline_groups(encoded, encoded.data["stamps"][0]))

    # Where a timeline served as files is (`timeline_files`) is part of the key: the script
    # carries it, and a timeline whose files were pruned is written again elsewhere.
    fetched_from = encoded.source["url"] if encoded.source is not None else ""
    args = (known, fresh, claimant, compare, shown, fetched_from)
    return _kept_on_disk(key, "timelinescripts", args, render, tuple)


def prefetched_timeline_files(key: LedgerKey, params: dict[str, str]) -> dict[str, Any] | None:
    """Where the files are of the built timeline of the map an address names, found without
    reading the dataset (`timeline_prefetch`); None when not known that way."""
    view = prefetch_view(params)
    if view is None:
        return None
    store = Path(key.store) if key.store else None
    return stored_files(dataset_key(Path(key.ledger), store).digest, view)


TimelineArgs = tuple[LedgerKey, date | None, int | None, str, date | None, frozenset[MapLayer]]
_TIMELINE_LOCK = threading.Lock()
_timeline_builds: dict[TimelineArgs, threading.Thread] = {}
# Stands for a build that was not needed (never started, so never alive): read from disk.
_READ_FROM_DISK = threading.Thread(target=lambda: None, name="frontline-read-from-disk")


def timeline_when_ready(
    key: LedgerKey,
    known: date | None,
    fresh: int | None,
    claimant: str,
    compare: date | None,
    shown: frozenset[MapLayer],
) -> GroupScripts | None:
    """The timeline's script once built (`build_timeline_soon`); until then None."""
    args: TimelineArgs = (key, known, fresh, claimant, compare, shown)
    with _TIMELINE_LOCK:
        build = _timeline_builds.get(args)
    if build is None:
        # Not built by this server: kept on disk by an earlier one, it is read now (a few ms),
        # and counts as built from then on (the disk may prune it; this server holds it).
        if not is_stored(ledger_for(key), TimelineView(known, fresh, claimant, compare, shown)):
            return None
        scripts = timeline_scripts(*args)
        with _TIMELINE_LOCK:
            _timeline_builds.setdefault(args, _READ_FROM_DISK)
        return scripts
    if build.is_alive():
        return None
    # Built: a cache lookup (rebuilt here, in the page's run, only if the cache has let it go).
    return timeline_scripts(*args)


def build_timeline_soon(
    key: LedgerKey,
    known: date | None,
    fresh: int | None,
    claimant: str,
    compare: date | None,
    shown: frozenset[MapLayer],
) -> None:
    """Start building a timeline in the background, once per ledger and view settings (shared by
    every session asking). Called at the end of a page's run: a build running beside the run
    slows it (one interpreter lock), and the first map should not wait for every day."""
    args: TimelineArgs = (key, known, fresh, claimant, compare, shown)
    with _TIMELINE_LOCK:
        if args in _timeline_builds:
            return
        build = threading.Thread(
            target=timeline_scripts, args=args, name=PREFETCH_THREAD, daemon=True
        )
        _timeline_builds[args] = build
        build.start()


def prefetch_neighbours(
    key: LedgerKey,
    on: date,
    known: date | None,
    fresh: int | None,
    claimants: tuple[str, ...],
    compare: date | None,
    shown: frozenset[MapLayer],
    assessor: str | None = None,
    *,
    map_layers: bool = True,
) -> None:
    """Build the next few days in the background, so a slider step finds them ready: the map's
    layers first (unless the browser holds the timeline: `map_layers=False`), then the
    claims-vs-assessor overlay (the costliest panel) against `assessor`."""
    source = ledger_for(key)
    span = source.ledger.span
    crowded = len(source.theatre.settlements) > CROWDED_SETTLEMENTS
    ahead = PREFETCH_DAYS_CROWDED if crowded else PREFETCH_DAYS
    days = [d for d in (on + timedelta(days=n) for n in ahead) if span[0] <= d <= span[1]]

    def warm() -> None:
        for day in days if map_layers else ():
            for claimant in claimants:
                rendered_groups(key, day, known, fresh, claimant, compare, shown)
        for day in days:
            shown_day = picture(key, day, known, fresh)
            if assessor is not None and assessor in assessors(shown_day):
                for claimant in compared_with_assessors(shown_day, claimants):
                    assessor_rows(key, day, known, fresh, claimant, assessor)

    with _PREFETCH_LOCK:
        global _prefetching
        if _prefetching is not None and _prefetching.is_alive():
            return
        _prefetching = threading.Thread(target=warm, name=PREFETCH_THREAD, daemon=True)
        _prefetching.start()


class _QuietPrefetch(logging.Filter):
    """The prefetch thread has no Streamlit session by design; its warning about that is noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.threadName != PREFETCH_THREAD


logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
    _QuietPrefetch()
)


@st.cache_resource
def tiles_enabled() -> bool:
    mode = read_settings().tiles
    return mode == "on" or (mode == "auto" and tile_server_reachable())


@st.cache_resource(max_entries=800)
def picture(key: LedgerKey, on: date, known: date | None, fresh: int | None) -> ControlPicture:
    source = ledger_for(key)
    return asserted_control(source.ledger, source.theatre, on, as_known_on=known, fresh_days=fresh)


@st.cache_resource(max_entries=800)
def date_layers(
    key: LedgerKey,
    on: date,
    known: date | None,
    fresh: int | None,
    claimant: str,
    compare: date | None,
    shown: frozenset[MapLayer],
) -> DateLayers:
    """The per-date layers of one map, built once per (date, claimant, options)."""
    source = ledger_for(key)
    before = picture(key, compare, known, fresh) if compare is not None else None
    now = picture(key, on, known, fresh)
    return date_layers_for(now, before, claimant, source.theatre, source.claims_about, shown=shown)


@st.cache_data(max_entries=800)
def assessor_rows(
    key: LedgerKey, on: date, known: date | None, fresh: int | None, claimant: str, assessor: str
) -> list[dict[str, Any]]:
    """Where a claimant and an assessor part on the date, in km²: overlays, so computed once."""
    return disagreement_rows(picture(key, on, known, fresh), claimant, assessor)


@st.cache_data(max_entries=20, show_spinner="Measuring each claimant's ground on every change day…")
def area_series(key: LedgerKey, known: date | None, fresh: int | None) -> pd.DataFrame:
    """km² asserted held per side (fresh words), per view, at every day a claim lands."""
    return area_over_time(picture(key, day, known, fresh) for day in ledger_for(key).change_days)


@st.cache_data(max_entries=20)
def claim_days_strip(key: LedgerKey) -> str:
    """The claim-day strip under the slider (`claim_days_strip.strip_html`), once per ledger."""

    def build() -> str:
        ledger = ledger_for(key).ledger
        return strip_html(claim_days(ledger.records), ledger.span)

    return _kept_on_disk(key, "claimdays", (), build, str)


@st.cache_resource
def settlement_choices() -> SettlementChoices:
    """The settlements a record may name, with the names written for them (once per server)."""
    return SettlementChoices.of(layers.gazetteer())


def forget_ledger() -> None:
    """Drop everything read from the ledger, after a record was written to it: the next rerun of
    any page reads the new file (its key changes with the file's mtime as well; clearing also
    covers a file system whose clock is too coarse to tell two writes apart)."""
    for cache in (
        loaded_ledger, base_layers, rendered_base, rendered_groups, picture, date_layers,
        assessor_rows, area_series, claim_days_strip, timeline, timeline_scripts,
    ):  # fmt: skip
        cache.clear()
