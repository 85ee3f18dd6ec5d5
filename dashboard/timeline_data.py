"""The whole timeline of one map, encoded once for the browser: geometry once, per day only what
changed. Pure: no Streamlit, no folium rendering; the same layers give the same encoding.

A map's look changes only on *event days*: the days a claim takes effect, and the days a word
goes stale (its day plus the fresh window plus one; for a word of fighting, the shorter fighting
window). Between two event days only the date stamp
and the age of each word ("3 days old") move, so the layers are computed on event days only, with
word texts that leave the age out (`layer_data.word_age(with_age=False)`); the stamp is written
for every calendar day.

Encoding (`Timeline.data`, sent as JSON; `static/frontline/timeline.js` reads it):

- `days`: every calendar day of the span (ISO); `stamps`: the date stamp text of each;
  `frameOf`: for each day, the index of the event-day frame it shows;
- `figures`: per frame, the key-figures line the date stamp carries;
- `styles`, `tips`, `props`: tables of distinct Leaflet styles, tooltip texts and settlement
  properties of a day, referred to by index (a settlement's texts and style too are indexes into
  `tips` and `styles`); `places`: what each settlement is whatever the day
  (`PLACE_FIELDS`), and `claims`, every claim about it as `[claim, frame]`: the claim (an index
  into `claimIds`) is among the day's from that frame on. A place's claims only ever grow, so they
  are sent once rather than with each day's properties (at 10x, 1 MB of 6 MB of day data);
  `minZoom`: on a crowded map, the zoom each settlement's marker is drawn from
  (`marker_min_zooms`; empty: every marker at every zoom);
- `frames`: per frame and sublayer, the changes from the frame before, `[shape, style, tip,
  props]` for areas (style -1: not drawn that day) and `[settlement, props]` for settlements.

Feature ids are stable for the whole timeline: an area's id is the index of its (display) geometry
among every geometry the sublayer ever draws (`Timeline.shapes`), a settlement's its index in the
theatre's order.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from claims.control import fresh_windows
from dashboard.layer_data import OFTEN_NAMED, QUIET_VILLAGE_ZOOM, VILLAGE_ZOOM
from dashboard.map_builder import DateLayers, settlement_style

GeoJson = dict[str, Any]
# The sublayers, in drawing order: fighting outlines sit over the territory they outline.
AREA_SUBLAYERS = ("territory", "fighting", "contested", "changes")
SETTLEMENTS = "settlements"
HIDDEN = -1
# What a settlement is whatever the day: sent once (`places`), not with each day's properties.
PLACE_FIELDS = ("id", "name", "town", "checked")
# A settlement's texts of the day, kept once in the text table (`tips`) and referred to by index.
TEXT_FIELDS = ("word", "fighting")
# Up to this many settlements every marker is drawn at every zoom (the bundled theatre has ~900).
# Past it (a whole front line: 2,700 at 10x, 19,000 at 100x) a marker is drawn from the zoom its
# label shows from: at 10x, re-painting 2,700 dots was half of a day step's time in the browser.
MARKERS_AT_EVERY_ZOOM = 2000


@dataclass(frozen=True)
class Timeline:
    """Every shape each sublayer ever draws (feature order = id), and the per-day encoding.

    A big timeline is served as files (`timeline_files`): then `source` says where the browser
    fetches the shapes, points and data, and the server keeps only the data it reads itself
    (`SERVER_FIELDS`), with no shapes or points."""

    shapes: dict[str, list[GeoJson]]
    points: list[GeoJson]
    data: dict[str, Any]
    source: dict[str, Any] | None = None


# Per frame, the box a map of the day opens on (`framing.ground_in_play`; null: nothing in play),
# added by `timeline_cache.build_map_timeline`: read by the server only, never sent inline.
FRAME_BOXES = "frameBoxes"
# What the server reads of a timeline served as files: the date stamps (the first one for the
# popups' text), each day's frame and legend entries (`legend.day_entries`, for the legend), and
# the box its map opens on.
SERVER_FIELDS = ("days", "stamps", "frameOf", "figures", "legendSets", "legendOf", FRAME_BOXES)
SERVER_ONLY_FIELDS = (FRAME_BOXES,)


def event_days(
    change_days: Iterable[date], span: tuple[date, date], fresh: int | None
) -> list[date]:
    """The days a map's look can change: the span's first day, each day a claim takes effect, and
    (with a fresh window) each day a word goes stale: a word of holding after the fresh window, a
    word of fighting after the shorter fighting window (`claims.control.FIGHTING_FRESH_DAYS`)."""
    days = {span[0]}
    windows = () if fresh is None else set(fresh_windows(fresh))
    for day in change_days:
        days.add(day)
        days.update(day + timedelta(days=window + 1) for window in windows)
    return sorted(d for d in days if span[0] <= d <= span[1])


def calendar_days(span: tuple[date, date]) -> list[date]:
    return [span[0] + timedelta(days=n) for n in range((span[1] - span[0]).days + 1)]


class _Table:
    """Distinct JSON-able values, each kept once and referred to by index."""

    def __init__(self) -> None:
        self.values: list[Any] = []
        self._index: dict[str, int] = {}

    def add(self, value: Any) -> int:
        text = json.dumps(value, sort_keys=True)
        if text not in self._index:
            self._index[text] = len(self.values)
            self.values.append(value)
        return self._index[text]


def build_timeline(
    span: tuple[date, date],
    frame_days: Sequence[date],
    layers_on: Callable[[date], DateLayers],
    stamp_on: Callable[[date], str],
) -> Timeline:
    """Encode a map's layers on each of `frame_days` (event days, from `event_days`).

    `layers_on(day)` gives the day's layers with word ages left out; `stamp_on(day)` the date
    stamp text (`wording.dates_text`), called for every calendar day of the span.
    """
    styles, tips, props, claim_ids = _Table(), _Table(), _Table(), _Table()
    places: list[dict[str, Any]] = []
    shape_ids: dict[str, dict[str, int]] = {name: {} for name in AREA_SUBLAYERS}
    shapes: dict[str, list[GeoJson]] = {name: [] for name in AREA_SUBLAYERS}
    points: list[GeoJson] = []
    previous: dict[str, dict[int, tuple[int, ...]]] = {
        name: {} for name in (*AREA_SUBLAYERS, SETTLEMENTS)
    }
    frames: list[dict[str, list[list[int]]]] = []
    figures: list[str] = []
    # A feature whose properties (and geometry object) are those of the frame before keeps its
    # state without being encoded again: at 10x most of a day's features are unchanged, and
    # encoding them was a quarter of the build.
    seen_areas: dict[str, dict[int, tuple[dict[str, Any], tuple[int, ...]]]] = {
        name: {} for name in AREA_SUBLAYERS
    }
    seen_places: dict[int, tuple[dict[str, Any], tuple[int, ...]]] = {}
    geometry_keys: dict[int, tuple[GeoJson, str]] = {}
    for day in frame_days:
        layers = layers_on(day)
        now: dict[str, dict[int, tuple[int, ...]]] = {name: {} for name in previous}
        for sublayer, feature in _area_features(layers):
            geometry = feature["geometry"]
            key = _geometry_key(geometry, geometry_keys)
            ids = shape_ids[sublayer]
            if key not in ids:
                ids[key] = len(shapes[sublayer])
                shapes[sublayer].append(geometry)
            shape = ids[key]
            properties = feature["properties"]
            seen = seen_areas[sublayer].get(shape)
            if seen is not None and seen[0] == properties:
                now[sublayer][shape] = seen[1]
                continue
            rest = {k: v for k, v in properties.items() if k not in ("style", "tooltip")}
            state = (
                styles.add(properties["style"]),
                tips.add(properties.get("tooltip", "")),
                props.add(rest),
            )
            seen_areas[sublayer][shape] = (properties, state)
            now[sublayer][shape] = state
        settlements = layers.settlements["features"] if SETTLEMENTS in layers.shown else []
        for index, feature in enumerate(settlements):
            properties = feature["properties"]
            if len(points) <= index:
                points.append(feature["geometry"])
                places.append({k: properties[k] for k in PLACE_FIELDS})
            known = seen_places.get(index)
            if known is not None and known[0] == properties:
                now[SETTLEMENTS][index] = known[1]
                continue
            day_properties = {
                k: v for k, v in properties.items() if k not in (*PLACE_FIELDS, "claims")
            }
            _note_claims(places[index], properties["claims"], claim_ids, len(frames))
            day_properties["style"] = styles.add(settlement_style(feature))
            for field in TEXT_FIELDS:
                day_properties[field] = tips.add(properties[field])
            day_properties["dissent"] = [tips.add(text) for text in properties["dissent"]]
            place_state = (props.add(day_properties),)
            seen_places[index] = (properties, place_state)
            now[SETTLEMENTS][index] = place_state
        frames.append({name: _changes(previous[name], now[name]) for name in now})
        figures.append(layers.figures)
        previous = now
    days = calendar_days(span)
    frame_of, frame = [], 0
    for day in days:
        while frame + 1 < len(frame_days) and frame_days[frame + 1] <= day:
            frame += 1
        frame_of.append(frame)
    data = {
        "days": [d.isoformat() for d in days],
        "stamps": [stamp_on(d) for d in days],
        "frameOf": frame_of,
        "figures": figures,
        "styles": styles.values,
        "tips": tips.values,
        "props": props.values,
        "places": places,
        "claimIds": claim_ids.values,
        "frames": frames,
        "minZoom": marker_min_zooms(places),
    }
    return Timeline(shapes=shapes, points=points, data=data)


def marker_min_zooms(places: Sequence[dict[str, Any]]) -> list[int]:
    """The zoom from which each settlement's marker is drawn (`timeline.js` adds and removes
    them as the map zooms); empty when every marker is drawn at every zoom."""
    if len(places) <= MARKERS_AT_EVERY_ZOOM:
        return []
    return [marker_min_zoom(place) for place in places]


def marker_min_zoom(place: dict[str, Any]) -> int:
    """On a crowded map: towns at every zoom; villages that claims name often (in the span) from
    the zoom their labels show from, the rest one zoom closer (`layer_data.label_min_zoom`)."""
    if place["town"]:
        return 0
    return VILLAGE_ZOOM if len(place.get("claims", [])) >= OFTEN_NAMED else QUIET_VILLAGE_ZOOM


def _note_claims(place: dict[str, Any], claims: Sequence[str], table: _Table, frame: int) -> None:
    """Add the claims a place has for the first time on `frame` to its list (`[claim, frame]`),
    keeping the order the day gives them in. A day's claims are those of the day before and
    more (`layer_data.settlements_geojson`: every claim in effect by then); anything else cannot
    be sent once, and is refused rather than drawn wrong."""
    known: list[list[int]] = place.setdefault("claims", [])
    before = [claim for claim, _ in known]
    had = set(before)
    now = [table.add(claim) for claim in claims]
    if [claim for claim in now if claim in had] != before:
        raise ValueError(f"place {place['id']!r}: a claim dropped from its list on frame {frame}")
    since = {pair[0]: pair[1] for pair in known}
    known[:] = [[claim, since.get(claim, frame)] for claim in now]


def claims_on(place: dict[str, Any], frame: int) -> list[int]:
    """A place's claims on a frame (indexes into `claimIds`), as the day's layers list them."""
    return [claim for claim, first in place.get("claims", []) if first <= frame]


def _geometry_key(geometry: GeoJson, known: dict[int, tuple[GeoJson, str]]) -> str:
    """The geometry's identity among the timeline's shapes (its JSON). Most days hand back the
    same geometry objects (`layer_data.display_geometry` shares them), so the JSON of each object
    is written once; the object is kept with it, so its id cannot be reused by another."""
    found = known.get(id(geometry))
    if found is not None and found[0] is geometry:
        return found[1]
    key = json.dumps(geometry, sort_keys=True)
    known[id(geometry)] = (geometry, key)
    return key


def _area_features(layers: DateLayers) -> list[tuple[str, GeoJson]]:
    """Each area feature of the day with the sublayer it is drawn in; none of a layer not shown."""
    found = []
    territory = (layers.territory or {}) if "territory" in layers.shown else {}
    for feature in territory.get("features", []):
        fighting = feature["properties"].get("holder") == "fighting"
        found.append(("fighting" if fighting else "territory", feature))
    for name in ("contested", "changes"):
        collection = (getattr(layers, name) or {}) if name in layers.shown else {}
        found.extend((name, feature) for feature in collection.get("features", []))
    return found


def _changes(
    before: dict[int, tuple[int, ...]], after: dict[int, tuple[int, ...]]
) -> list[list[int]]:
    """What differs from one frame to the next: new or changed states, and shapes gone."""
    changed = [[key, *state] for key, state in sorted(after.items()) if before.get(key) != state]
    gone = [
        [key] + [HIDDEN] * len(state) for key, state in sorted(before.items()) if key not in after
    ]
    return changed + gone


def settlement_properties(timeline: Timeline, index: int, props: int, on: date) -> dict[str, Any]:
    """A settlement's properties as the day's GeoJSON feature had them (what `timeline.js`
    rebuilds before a popup reads them), with its style."""
    data = timeline.data
    day = data["props"][props]
    texts = {field: data["tips"][day[field]] for field in TEXT_FIELDS}
    place = data["places"][index]
    return {
        **{k: place[k] for k in PLACE_FIELDS},
        **day,
        **texts,
        "dissent": [data["tips"][text] for text in day["dissent"]],
        "claims": [data["claimIds"][c] for c in claims_on(place, frame_on(timeline, on))],
        "style": data["styles"][day["style"]],
    }


def opening_box(
    timeline: Timeline, day: date
) -> tuple[bool, tuple[float, float, float, float] | None]:
    """Whether the timeline knows the box a map of `day` opens on, and that box
    (`framing.ground_in_play` of the day's picture, as the build worked it out)."""
    boxes = timeline.data.get(FRAME_BOXES)
    if boxes is None or day.isoformat() not in timeline.data["days"]:
        return False, None
    box = boxes[frame_on(timeline, day)]
    return True, None if box is None else (box[0], box[1], box[2], box[3])


def frame_on(timeline: Timeline, day: date) -> int:
    """The index of the event-day frame a calendar day shows."""
    data = timeline.data
    frame: int = data["frameOf"][data["days"].index(day.isoformat())]
    return frame


def state_on(timeline: Timeline, day: date) -> dict[str, dict[int, tuple[int, ...]]]:
    """The decoded state of every sublayer on a day: what the browser holds after a step.

    The reference decoder: `timeline.js` does the same, and tests compare both with the layers
    computed directly for the day.
    """
    data = timeline.data
    target = frame_on(timeline, day)
    state: dict[str, dict[int, tuple[int, ...]]] = {}
    for frame in data["frames"][: target + 1]:
        for sublayer, changes in frame.items():
            current = state.setdefault(sublayer, {})
            for key, *values in changes:
                if values[0] == HIDDEN:
                    current.pop(key, None)
                else:
                    current[key] = tuple(values)
    return state
