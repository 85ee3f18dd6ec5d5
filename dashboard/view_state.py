"""What the page shows, as a value: read from and written to the URL, so a link restores a view.

Pure: bad or stale URL values fall back to defaults instead of breaking the page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from claims.control import DEFAULT_FRESH_DAYS
from dashboard.view_kinds import (
    ALL_LAYERS,
    DEFAULT_CENTER,
    DEFAULT_ZOOM,
    MapLayer,
    Mode,
    layer_keys,
)

MAX_FRESH_DAYS = 365


@dataclass(frozen=True)
class ViewState:
    on: date
    mode: Mode = Mode.COMPOSITE
    claimants: tuple[str, ...] = ()
    compare: date | None = None
    known: date | None = None
    fresh: int | None = DEFAULT_FRESH_DAYS  # the fresh window in days; None: no word ages
    layers: frozenset[MapLayer] = frozenset(ALL_LAYERS)
    center: tuple[float, float] = DEFAULT_CENTER
    zoom: int = DEFAULT_ZOOM

    def with_view(self, center: tuple[float, float], zoom: int) -> ViewState:
        return replace(self, center=center, zoom=zoom)


def state_from_query(
    params: Mapping[str, str],
    *,
    span: tuple[date, date],
    default_on: date,
    claimants: Sequence[str],
) -> ViewState:
    """The view a URL asks for, clamped to what the ledger holds."""
    on = _clamp(_date(params.get("date")) or default_on, span)
    mode = params.get("mode", Mode.COMPOSITE)
    chosen = tuple(c for c in params.get("claimants", "").split("|") if c in claimants)
    layers = params.get("layers")
    return ViewState(
        on=on,
        mode=Mode(mode) if mode in set(Mode) else Mode.COMPOSITE,
        claimants=chosen,
        compare=_clamp_optional(_date(params.get("compare")), span),
        known=_clamp_optional(_date(params.get("known")), span),
        fresh=_fresh(params.get("fresh")),
        layers=layer_keys(layers.split(",")) if layers is not None else frozenset(ALL_LAYERS),
        center=_center(params.get("lat"), params.get("lon")),
        zoom=_zoom(params.get("zoom")),
    )


def state_to_query(state: ViewState) -> dict[str, str]:
    """URL parameters for a view; defaults are left out to keep links short."""
    query = {"date": state.on.isoformat(), "mode": state.mode.value}
    if state.claimants:
        query["claimants"] = "|".join(state.claimants)
    if state.compare:
        query["compare"] = state.compare.isoformat()
    if state.known:
        query["known"] = state.known.isoformat()
    if state.fresh != DEFAULT_FRESH_DAYS:
        query["fresh"] = "all" if state.fresh is None else str(state.fresh)
    if state.layers != frozenset(ALL_LAYERS):
        query["layers"] = ",".join(k for k in ALL_LAYERS if k in state.layers)
    if (state.center, state.zoom) != (DEFAULT_CENTER, DEFAULT_ZOOM):
        query.update(
            lat=f"{state.center[0]:.4f}", lon=f"{state.center[1]:.4f}", zoom=str(state.zoom)
        )
    return query


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _clamp(day: date, span: tuple[date, date]) -> date:
    return min(max(day, span[0]), span[1])


def _clamp_optional(day: date | None, span: tuple[date, date]) -> date | None:
    return None if day is None else _clamp(day, span)


def _center(lat: str | None, lon: str | None) -> tuple[float, float]:
    try:
        point = (float(lat or ""), float(lon or ""))
    except ValueError:
        return DEFAULT_CENTER
    if not (-90 <= point[0] <= 90 and -180 <= point[1] <= 180):
        return DEFAULT_CENTER
    return point


def _fresh(text: str | None) -> int | None:
    if text == "all":
        return None
    try:
        days = int(text or "")
    except ValueError:
        return DEFAULT_FRESH_DAYS
    return min(max(days, 1), MAX_FRESH_DAYS)


def _zoom(text: str | None) -> int:
    try:
        zoom = int(text or "")
    except ValueError:
        return DEFAULT_ZOOM
    return min(max(zoom, 3), 18)
