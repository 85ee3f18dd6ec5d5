"""Build the folium map from plain data. Pure: the same data gives the same map, no Streamlit.

The base map (boundaries, border, rivers, legend) is identical on every rerun, so the component
never re-mounts it; what changes with the date travels as separate feature groups.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import folium
from folium.plugins import Fullscreen

from claims.model import Holder
from dashboard.folium_text import keep_rendered_text
from dashboard.map_elements import (
    ClaimCatalogue,
    DateStamp,
    MapFurniture,
    SettlementDetails,
    SettlementLabels,
)
from dashboard.popup_frame import PopupFrame
from dashboard.popups import MAX_CLAIMS_IN_POPUP, NO_CLAIM_TEXT
from dashboard.styles import (
    DISAGREE_COLOUR,
    GAIN_COLOUR,
    HOLDER_COLOURS,
    LOSS_COLOUR,
    NO_CLAIM_COLOUR,
)

# Before any map is built: rendered text that holds ledger strings must never be re-templated.
keep_rendered_text()

GeoJson = dict[str, Any]
DEFAULT_CENTER = (51.28, 35.15)
DEFAULT_ZOOM = 9
NOTICE = "Claims, not verified facts: each shape is what a claimant asserted"
OSM_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)
LAYER_NAMES = {
    "territory": "Asserted territory",
    "contested": "Claimants disagree (fresh words)",
    "changes": "Changes since compare date",
    "settlements": "Settlements",
}
ALL_LAYERS = tuple(LAYER_NAMES)
CREDITS = (
    "Boundaries: Natural Earth (public domain)",
    "Rivers: GSHHG/WDBII (LGPL)",
    'Towns: <a href="https://www.geonames.org">GeoNames</a> (CC BY 4.0)',
    "Kursk villages: Rosstat 2021 census list with coordinates, compiled by "
    '<a href="https://tochno.st/datasets/allsettlements">«Если быть точным»</a> (CC BY 4.0)',
    'Sumy localities: <a href="https://whosonfirst.org/docs/licenses/">Who\'s On First</a>, '
    "incl. GeoNames (CC BY 4.0)",
    "Claims: frontline project, sources per record",
)


@dataclass(frozen=True)
class BaseLayers:
    """What the map shows whatever the date: boundaries, names, and the popups' catalogue."""

    oblasts: GeoJson
    border: GeoJson
    rivers: GeoJson
    credits: tuple[str, ...]
    labels: GeoJson | None = None
    catalogue: dict[str, dict[str, Any]] | None = None


@dataclass(frozen=True)
class DateLayers:
    """Everything that changes with the date, for one map."""

    date_text: str
    iso: str
    settlements: GeoJson
    figures: str = ""
    territory: GeoJson | None = None
    contested: GeoJson | None = None
    changes: GeoJson | None = None
    shown: frozenset[str] = field(default_factory=lambda: frozenset(ALL_LAYERS))


def build_base_map(
    base: BaseLayers,
    *,
    tiles: bool,
    center: tuple[float, float] = DEFAULT_CENTER,
    zoom: int = DEFAULT_ZOOM,
) -> folium.Map:
    """The map without anything date-dependent."""
    fmap = folium.Map(location=list(center), zoom_start=zoom, tiles=None, control_scale=True)
    if tiles:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap", attr=OSM_ATTRIBUTION).add_to(fmap)
    folium.FeatureGroup(name="No tiles (vector only)", overlay=False).add_to(fmap)
    _add_base_vectors(fmap, base)
    if base.labels is not None:
        _labels_layer(base.labels).add_to(fmap)
    if base.catalogue is not None:
        ClaimCatalogue(base.catalogue).add_to(fmap)
    Fullscreen(position="topleft").add_to(fmap)
    MapFurniture(notice=NOTICE, legend_html=legend_html(), credits=list(base.credits)).add_to(fmap)
    PopupFrame().add_to(fmap)
    return fmap


def build_date_layers(data: DateLayers) -> list[folium.FeatureGroup]:
    """One feature group per date layer, always in the same order; hidden layers stay empty.

    An empty group rather than none: streamlit-folium leaves the previous layer on the map when a
    group is dropped.
    """
    groups = {key: folium.FeatureGroup(name=name) for key, name in LAYER_NAMES.items()}
    sources = {"territory": data.territory, "contested": data.contested, "changes": data.changes}
    for key, collection in sources.items():
        if key in data.shown and collection and collection["features"]:
            _styled_geojson(collection, name=LAYER_NAMES[key]).add_to(groups[key])
    if "settlements" in data.shown:
        _settlements_layer(data.settlements, data.date_text).add_to(groups["settlements"])
    DateStamp(data.date_text, data.iso, data.figures).add_to(groups["settlements"])
    return list(groups.values())


def legend_html() -> str:
    swatch = '<i style="background:{0};opacity:.8"></i>{1}<br>'
    line = '<i style="border-top:3px {0} #333;height:0"></i>{1}<br>'
    rows = [
        "<details open><summary><b>Legend</b></summary>",
        "<b>Asserted held by</b><br>",
        swatch.format(HOLDER_COLOURS[Holder.UKRAINE], "Ukraine"),
        swatch.format(HOLDER_COLOURS[Holder.RUSSIA], "Russia"),
        swatch.format(HOLDER_COLOURS[Holder.CONTESTED], "Fighting reported, nobody said held"),
        f'<i style="border:2px dashed {HOLDER_COLOURS[Holder.CONTESTED]};height:8px"></i>'
        "Fighting reported over held ground<br>",
        swatch.format(NO_CLAIM_COLOUR, "No claim (settlement)"),
        f'<i style="background:{HOLDER_COLOURS[Holder.UKRAINE]};opacity:.2;'
        'border:1px dotted #333"></i>Stale: latest word older than the window<br>',
        f'<i style="border:2px dashed {DISAGREE_COLOUR};height:8px"></i>'
        "Claimants disagree (fresh words)<br>",
        swatch.format(GAIN_COLOUR, "Gained since compare date"),
        swatch.format(LOSS_COLOUR, "Lost since compare date"),
        "<b>Outline: how checked</b><br>",
        line.format("solid", "Independently assessed / corroborated"),
        line.format("dashed", "Claimed, unverified"),
        line.format("dotted", "Disputed or refuted"),
        "</details>",
    ]
    return "".join(rows)


def _add_base_vectors(fmap: folium.Map, base: BaseLayers) -> None:
    oblast_style = {"color": "#555", "weight": 1.5, "fillColor": "#f4f1ea", "fillOpacity": 0.6}
    folium.GeoJson(
        base.oblasts,
        name="Oblasts",
        style_function=lambda _: oblast_style,
        tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False),
    ).add_to(fmap)
    river_style = {"color": "#4a90c2", "weight": 2, "opacity": 0.9}
    folium.GeoJson(base.rivers, name="Rivers", style_function=lambda _: river_style).add_to(fmap)
    border_style = {"color": "#111", "weight": 4, "opacity": 0.9, "dashArray": "10 4 2 4"}
    folium.GeoJson(
        base.border, name="Russia–Ukraine border", style_function=lambda _: border_style
    ).add_to(fmap)


def _styled_geojson(collection: GeoJson, *, name: str) -> folium.GeoJson:
    return folium.GeoJson(
        collection,
        name=name,
        style_function=lambda feature: feature["properties"]["style"],
        tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False),
    )


def _settlements_layer(collection: GeoJson, on_text: str) -> folium.GeoJson:
    layer = folium.GeoJson(
        collection,
        name=LAYER_NAMES["settlements"],
        marker=folium.CircleMarker(radius=5, weight=1.5, fill=True, fill_opacity=0.9),
        style_function=_settlement_style,
    )
    details = SettlementDetails(on_text, limit=MAX_CLAIMS_IN_POPUP, no_claim=NO_CLAIM_TEXT)
    details.add_to(layer)
    return layer


def _labels_layer(collection: GeoJson) -> folium.GeoJson:
    layer = folium.GeoJson(
        collection,
        name="Settlement names",
        marker=folium.CircleMarker(radius=2, weight=0, fill=True, fill_opacity=0.6),
        style_function=lambda _: {"fillColor": "#555"},
    )
    SettlementLabels().add_to(layer)
    return layer


def _settlement_style(feature: GeoJson) -> dict[str, Any]:
    properties = feature["properties"]
    return {
        "fillColor": properties["colour"],
        "fillOpacity": 0.9 if properties.get("fresh", True) else 0.3,
        "color": "#222" if properties["checked"] else "#777",
        "dashArray": None if properties["checked"] else "2 2",
    }


def layer_keys(requested: Sequence[str]) -> frozenset[str]:
    return frozenset(k for k in requested if k in LAYER_NAMES)
