"""The map legend: an entry for every kind of mark the maps draw, and only for those. Pure.

One legend serves all maps of a view (the dashboard's side-by-side pair, a snapshot's panels). It
sits outside the maps, so it never covers the ground, and it has no toggle, so a picture of it is
finished as it is. Each entry names the colours it explains in `data-draws` (lower-case, as the
browser reports an SVG attribute), so a test can check every colour on the map against it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from claims.model import Holder
from dashboard.map_builder import DateLayers
from dashboard.popups import escape
from dashboard.styles import (
    APPROXIMATE_EDGE,
    BORDER_COLOUR,
    DISAGREE_COLOUR,
    HOLDER_COLOURS,
    MARKER_EDGE,
    NO_CLAIM_COLOUR,
    RIVER_COLOUR,
    hatch_id,
)
from dashboard.view_kinds import MapLayer

GeoJson = dict[str, Any]
UKRAINE = HOLDER_COLOURS[Holder.UKRAINE]
RUSSIA = HOLDER_COLOURS[Holder.RUSSIA]
AMBER = HOLDER_COLOURS[Holder.CONTESTED]
CHECK_DASHES = {None: "checked", "8 6": "unverified", "2 6": "disputed"}


class Entry(StrEnum):
    """One kind of mark, in the order the legend lists them."""

    UKRAINE = "ukraine"
    RUSSIA = "russia"
    FIGHTING = "fighting"
    FIGHTING_OVER_HELD = "fighting-over-held"
    STALE = "stale"
    DISAGREE = "disagree"
    UKRAINE_GAINED = "ukraine-gained"
    RUSSIA_GAINED = "russia-gained"
    UKRAINE_LOST = "ukraine-lost"
    RUSSIA_LOST = "russia-lost"
    CHECKED = "checked"
    UNVERIFIED = "unverified"
    DISPUTED = "disputed"
    TOWN = "town"
    VILLAGE = "village"
    NO_CLAIM = "no-claim"
    APPROXIMATE = "approximate"
    BORDER = "border"
    RIVER = "river"


@dataclass(frozen=True)
class Swatch:
    label: str
    css: str
    draws: tuple[str, ...]


def _fill(colour: str, opacity: float = 0.45) -> str:
    return f"background:{colour};opacity:{opacity};border:1px solid {colour}"


def _hatch(colour: str, angle: int, edge: str) -> str:
    stripes = f"repeating-linear-gradient({angle}deg,{colour} 0 2px,transparent 2px 5px)"
    return f"background:{stripes};border:2px {edge} {colour}"


def _line(style: str, colour: str = "#333") -> str:
    return f"height:0;border-top:3px {style} {colour};background:none"


def _dot(fill: str, size: int, ring: str, ring_px: float, ring_style: str = "solid") -> str:
    return (
        f"width:{size}px;height:{size}px;border-radius:50%;background:{fill};"
        f"border:{ring_px}px {ring_style} {ring}"
    )


SWATCHES = {
    Entry.UKRAINE: Swatch("Ukraine", _fill(UKRAINE), (UKRAINE,)),
    Entry.RUSSIA: Swatch("Russia", _fill(RUSSIA), (RUSSIA,)),
    Entry.FIGHTING: Swatch("Fighting, nobody said held", _fill(AMBER, 0.6), (AMBER,)),
    Entry.FIGHTING_OVER_HELD: Swatch(
        "Fighting over held ground", f"border:2px dashed {AMBER};background:none", (AMBER,)
    ),
    Entry.STALE: Swatch(
        "Stale word (older than the window)",
        f"background:linear-gradient(90deg,{UKRAINE} 50%,{RUSSIA} 50%);opacity:.3;"
        "border:1px dotted #333",
        (),
    ),
    Entry.DISAGREE: Swatch(
        "Claimants disagree",
        f"border:2px dashed {DISAGREE_COLOUR};background:none",
        (DISAGREE_COLOUR,),
    ),
    Entry.UKRAINE_GAINED: Swatch(
        "Ukraine gained",
        _hatch(UKRAINE, 45, "solid"),
        (UKRAINE, f"url(#{hatch_id(Holder.UKRAINE, 'gained')})"),
    ),
    Entry.RUSSIA_GAINED: Swatch(
        "Russia gained",
        _hatch(RUSSIA, 45, "solid"),
        (RUSSIA, f"url(#{hatch_id(Holder.RUSSIA, 'gained')})"),
    ),
    Entry.UKRAINE_LOST: Swatch(
        "Ukraine lost, nobody gained",
        _hatch(UKRAINE, -45, "dashed"),
        (UKRAINE, f"url(#{hatch_id(Holder.UKRAINE, 'lost')})"),
    ),
    Entry.RUSSIA_LOST: Swatch(
        "Russia lost, nobody gained",
        _hatch(RUSSIA, -45, "dashed"),
        (RUSSIA, f"url(#{hatch_id(Holder.RUSSIA, 'lost')})"),
    ),
    Entry.CHECKED: Swatch("Independently assessed", _line("solid"), ()),
    Entry.UNVERIFIED: Swatch("Claimed, unverified", _line("dashed"), ()),
    Entry.DISPUTED: Swatch("Disputed or refuted", _line("dotted"), ()),
    Entry.TOWN: Swatch("Town", _dot("#fff", 12, MARKER_EDGE, 3), (MARKER_EDGE,)),
    Entry.VILLAGE: Swatch("Village", _dot("#fff", 8, MARKER_EDGE, 1.5), (MARKER_EDGE,)),
    Entry.NO_CLAIM: Swatch(
        "No claim about the place", _dot(NO_CLAIM_COLOUR, 6, MARKER_EDGE, 1), (NO_CLAIM_COLOUR,)
    ),
    Entry.APPROXIMATE: Swatch(
        "Position approximate",
        _dot("#fff", 8, APPROXIMATE_EDGE, 1.5, "dashed"),
        (APPROXIMATE_EDGE,),
    ),
    Entry.BORDER: Swatch("State border", _line("dashed", BORDER_COLOUR), (BORDER_COLOUR,)),
    Entry.RIVER: Swatch("River", _line("solid", RIVER_COLOUR), (RIVER_COLOUR,)),
}
GROUPS = (
    ("Held, as claimed", (Entry.UKRAINE, Entry.RUSSIA, Entry.FIGHTING, Entry.FIGHTING_OVER_HELD,
                          Entry.STALE, Entry.DISAGREE)),
    ("Since the compare date", (Entry.UKRAINE_GAINED, Entry.RUSSIA_GAINED, Entry.UKRAINE_LOST,
                                Entry.RUSSIA_LOST)),
    ("Outline: how checked", (Entry.CHECKED, Entry.UNVERIFIED, Entry.DISPUTED)),
    ("Places", (Entry.TOWN, Entry.VILLAGE, Entry.NO_CLAIM, Entry.APPROXIMATE)),
    ("", (Entry.BORDER, Entry.RIVER)),
)  # fmt: skip
HOLDER_ENTRIES = {
    Holder.UKRAINE.value: Entry.UKRAINE,
    Holder.RUSSIA.value: Entry.RUSSIA,
    Holder.CONTESTED.value: Entry.FIGHTING,
    "fighting": Entry.FIGHTING_OVER_HELD,
}


def drawn_entries(maps: Iterable[DateLayers]) -> frozenset[Entry]:
    """Every kind of mark the given maps draw: the legend of exactly these maps."""
    found: set[Entry] = {Entry.BORDER, Entry.RIVER}
    for layers in maps:
        if MapLayer.TERRITORY in layers.shown and layers.territory:
            found |= _territory_entries(layers.territory["features"])
        if MapLayer.CONTESTED in layers.shown and layers.contested and layers.contested["features"]:
            found.add(Entry.DISAGREE)
        if MapLayer.CHANGES in layers.shown and layers.changes:
            found |= {Entry(f["properties"]["change"]) for f in layers.changes["features"]}
        if MapLayer.SETTLEMENTS in layers.shown:
            found |= _settlement_entries(layers.settlements["features"])
    return frozenset(found)


def _territory_entries(features: Sequence[GeoJson]) -> set[Entry]:
    found = set()
    for feature in features:
        properties = feature["properties"]
        found.add(HOLDER_ENTRIES[properties["holder"]])
        if properties["word"] == "stale":
            found.add(Entry.STALE)
        elif properties["holder"] != "fighting":
            dash = properties["style"].get("dashArray")
            found.add(Entry(CHECK_DASHES.get(dash, "unverified")))
    return found


def _settlement_entries(features: Sequence[GeoJson]) -> set[Entry]:
    found = set()
    for feature in features:
        properties = feature["properties"]
        status = properties["status"]
        found.add(HOLDER_ENTRIES.get(status, Entry.NO_CLAIM))
        found.add(Entry.TOWN if properties.get("town") else Entry.VILLAGE)
        if not properties["checked"]:
            found.add(Entry.APPROXIMATE)
    return found


def legend_frames(per_frame: Sequence[frozenset[Entry]]) -> dict[str, Any]:
    """The entries each frame of a browser timeline draws, for `static/frontline/legend.js`:
    `legendSets`, the distinct sets of entry names (in legend order), and `legendOf`, the set of
    each frame by index."""
    sets: list[frozenset[Entry]] = list(dict.fromkeys(per_frame))
    index = {entries: n for n, entries in enumerate(sets)}
    order = list(Entry)
    return {
        "legendSets": [[e.value for e in sorted(entries, key=order.index)] for entries in sets],
        "legendOf": [index[entries] for entries in per_frame],
    }


def frame_entries(data: dict[str, Any], frame: int) -> frozenset[Entry]:
    """The entries a timeline's frame draws (`legend_frames` read back)."""
    return frozenset(Entry(name) for name in data["legendSets"][data["legendOf"][frame]])


def day_entries(data: dict[str, Any], day: date) -> frozenset[Entry]:
    """The entries a timeline draws on a calendar day (the frame that day shows)."""
    return frame_entries(data, data["frameOf"][data["days"].index(day.isoformat())])


def every_frame_entries(data: dict[str, Any]) -> frozenset[Entry]:
    """Every entry any frame of a timeline draws."""
    return frozenset(Entry(name) for names in data["legendSets"] for name in names)


def legend_html(entries: frozenset[Entry], *, other_days: frozenset[Entry] = frozenset()) -> str:
    """The legend as one compact block of HTML with its own style: groups on a line each.

    `other_days`: entries the browser timeline may show on another day, written hidden (with
    their group, when no entry of it is drawn), for `legend.js` to show in the frame of a step."""
    rows = []
    for title, group in GROUPS:
        listed = [entry for entry in group if entry in entries or entry in other_days]
        if not listed:
            continue
        items = "".join(_item(entry, hidden=entry not in entries) for entry in listed)
        heading = f"<b>{escape(title)}</b>" if title else ""
        hidden = "" if any(entry in entries for entry in listed) else " hidden"
        rows.append(f"<div class='frontline-legend-row'{hidden}>{heading}{items}</div>")
    return f"{LEGEND_CSS}<div class='frontline-legend' role='note'>{''.join(rows)}</div>"


def _item(entry: Entry, *, hidden: bool = False) -> str:
    swatch = SWATCHES[entry]
    draws = " ".join(colour.lower() for colour in swatch.draws)
    return (
        f"<span class='frontline-legend-entry' data-entry='{entry.value}' data-draws='{draws}'"
        f"{' hidden' if hidden else ''}><i style='{swatch.css}'></i>{escape(swatch.label)}</span>"
    )


LEGEND_CSS = """<style>
.frontline-legend {font: 12px/1.35 system-ui, sans-serif; color: #222; display: flex;
  flex-wrap: wrap; gap: 2px 18px; padding: 4px 2px;}
.frontline-legend-row {display: flex; flex-wrap: wrap; align-items: center; gap: 2px 10px;}
.frontline-legend-row b {font-weight: 600; color: #444; margin-right: 2px;}
.frontline-legend-entry[hidden], .frontline-legend-row[hidden] {display: none;}
.frontline-legend-entry {display: inline-flex; align-items: center; white-space: nowrap;}
.frontline-legend-entry i {display: inline-block; box-sizing: border-box; width: 18px;
  height: 11px; margin-right: 5px; flex: none;}
</style>"""
