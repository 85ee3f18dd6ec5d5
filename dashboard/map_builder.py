"""Build the folium map from plain data. Pure: the same data gives the same map, no Streamlit.

The base map (boundaries, border, rivers, names) is identical on every rerun, so the component
never re-mounts it; what changes with the date travels as separate feature groups.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import folium
from folium.plugins import Fullscreen
from folium.utilities import JsCode

from dashboard import map_elements
from dashboard.map_elements import (
    LABEL_FIELDS,
    SHARED_CANVAS_JS,
    ClaimCatalogue,
    CompactPoints,
    DateStamp,
    LabelPlacement,
    LeavesWithLayer,
    MapFurniture,
    SettlementDetails,
    SettlementLabels,
    SharedCanvas,
)
from dashboard.popup_frame import PopupFrame
from dashboard.popups import MAX_CLAIMS_IN_POPUP, NO_CLAIM_TEXT
from dashboard.styles import (
    APPROXIMATE_EDGE,
    BORDER_COLOUR,
    BORDER_DASH,
    MARKER_EDGE,
    MARKER_RADIUS,
    OBLAST_EDGE,
    OBLAST_FILL,
    RIVER_COLOUR,
    TOWN_RING_WEIGHT,
)
from dashboard.view_kinds import ALL_LAYERS, DEFAULT_CENTER, DEFAULT_ZOOM, LAYER_NAMES, MapLayer

GeoJson = dict[str, Any]
# Past this many settlements (a whole front line: 2,700 at 10x, 19,000 at 100x; the bundled
# theatre has ~900) a map drawn by the server is *crowded*: only the settlements that carry a
# claim by the day (and towns) are sent and drawn, and cells and dots are drawn on a canvas.
CROWDED_SETTLEMENTS = 2000
BBox = tuple[float, float, float, float]  # west, south, east, north, in degrees
NOTICE = "Claims, not verified facts: each shape is what a claimant asserted"
OSM_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)
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
    """What the map shows whatever the date: boundaries, names, and the popups' catalogue (or,
    as the dashboard serves it, where the browser fetches it: `catalogue_source`, `popup_texts`)."""

    oblasts: GeoJson
    border: GeoJson
    rivers: GeoJson
    credits: tuple[str, ...]
    labels: GeoJson | None = None
    catalogue: dict[str, dict[str, Any]] | None = None
    catalogue_source: dict[str, Any] | None = None


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
    shown: frozenset[MapLayer] = field(default_factory=lambda: frozenset(ALL_LAYERS))


def build_base_map(
    base: BaseLayers,
    *,
    tiles: bool,
    center: tuple[float, float] = DEFAULT_CENTER,
    zoom: int = DEFAULT_ZOOM,
    fit: BBox | None = None,
) -> folium.Map:
    """The map without anything date-dependent; `fit` frames a box instead of centre and zoom."""
    fmap = folium.Map(location=list(center), zoom_start=zoom, tiles=None, control_scale=True)
    if tiles:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap", attr=OSM_ATTRIBUTION).add_to(fmap)
    folium.FeatureGroup(name="No tiles (vector only)", overlay=False).add_to(fmap)
    _add_base_vectors(fmap, base)
    if base.labels is not None:
        _labels_layer(base.labels).add_to(fmap)
    if base.catalogue is not None:
        ClaimCatalogue(base.catalogue, base.catalogue_source).add_to(fmap)
    Fullscreen(position="topleft").add_to(fmap)
    MapFurniture(notice=NOTICE, credits=list(base.credits)).add_to(fmap)
    PopupFrame().add_to(fmap)
    if fit is not None:
        west, south, east, north = fit
        fmap.fit_bounds([[south, west], [north, east]])
    return fmap


def build_date_layers(data: DateLayers) -> list[folium.FeatureGroup]:
    """One feature group per date layer, always in the same order; hidden layers stay empty.

    An empty group rather than none: streamlit-folium leaves the previous layer on the map when a
    group is dropped.
    """
    groups = {key: folium.FeatureGroup(name=name) for key, name in LAYER_NAMES.items()}
    sources = {
        MapLayer.TERRITORY: data.territory,
        MapLayer.CONTESTED: data.contested,
        MapLayer.CHANGES: data.changes,
    }
    crowded = is_crowded(data.settlements)
    for key, collection in sources.items():
        if key in data.shown and collection and collection["features"]:
            # The changes are filled with SVG hatchings, which a canvas cannot draw.
            canvas = crowded and key is not MapLayer.CHANGES
            _styled_geojson(collection, name=LAYER_NAMES[key], into=groups[key], canvas=canvas)
    if MapLayer.SETTLEMENTS in data.shown:
        points = drawn_settlements(data.settlements) if crowded else data.settlements
        group = groups[MapLayer.SETTLEMENTS]
        _settlements_layer(points, data.date_text, into=group, canvas=crowded)
    DateStamp(data.date_text, data.iso, data.figures).add_to(groups[MapLayer.SETTLEMENTS])
    return list(groups.values())


def _add_base_vectors(fmap: folium.Map, base: BaseLayers) -> None:
    oblast_style = {
        "color": OBLAST_EDGE,
        "weight": 1.5,
        "fillColor": OBLAST_FILL,
        "fillOpacity": 0.6,
    }
    folium.GeoJson(
        base.oblasts,
        name="Oblasts",
        style_function=lambda _: oblast_style,
        tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False),
    ).add_to(fmap)
    river_style = {"color": RIVER_COLOUR, "weight": 2, "opacity": 0.9}
    folium.GeoJson(base.rivers, name="Rivers", style_function=lambda _: river_style).add_to(fmap)
    border_style = {"color": BORDER_COLOUR, "weight": 4, "opacity": 0.9, "dashArray": BORDER_DASH}
    folium.GeoJson(
        base.border, name="Russia–Ukraine border", style_function=lambda _: border_style
    ).add_to(fmap)


def is_crowded(settlements: GeoJson) -> bool:
    """Whether a day's settlements make a crowded map (`CROWDED_SETTLEMENTS`)."""
    return len(settlements["features"]) > CROWDED_SETTLEMENTS


def drawn_settlements(settlements: GeoJson) -> GeoJson:
    """A crowded map's settlements: towns, and places a claim names by the day. The rest say
    only "no claim names it yet"; at 100x they were half of the 19,000 dots on the first day."""
    kept = [
        f for f in settlements["features"] if f["properties"]["town"] or f["properties"]["claims"]
    ]
    return {**settlements, "features": kept}


def _own_style(feature: GeoJson) -> dict[str, Any]:
    style: dict[str, Any] = feature["properties"]["style"]
    return style


def _styles_once(
    collection: GeoJson,
    style_of: Callable[[GeoJson], dict[str, Any]] = _own_style,
    only_for_style: tuple[str, ...] = ("style",),
) -> tuple[GeoJson, Callable[[GeoJson], dict[str, Any]]]:
    """A crowded layer's features without what only their style is made of, each with its index
    as its id: folium's style map already names each distinct style once with the ids that take
    it (at 100x, 10,000 cells' style dicts were 1.5 MB of the first map)."""
    features = collection["features"]
    styles = [style_of(feature) for feature in features]
    slim = [
        {
            **feature,
            "id": index,
            "properties": {
                k: v for k, v in feature["properties"].items() if k not in only_for_style
            },
        }
        for index, feature in enumerate(features)
    ]
    return {**collection, "features": slim}, lambda feature: styles[int(feature["id"])]


# What of a settlement's properties only its style is made of (`settlement_style`): the popup
# reads its id, name, word or status, fighting, dissent and claims.
SETTLEMENT_STYLE_ONLY = ("colour", "checked", "fresh", "town")


def _canvas_options(into: folium.FeatureGroup, canvas: bool) -> dict[str, Any]:
    """The layer options that draw it on the map's one canvas (`SharedCanvas`, added to `into`
    before the layer)."""
    if not canvas:
        return {}
    SharedCanvas().add_to(into)
    return {"renderer": JsCode(SHARED_CANVAS_JS)}


def _styled_geojson(
    collection: GeoJson, *, name: str, into: folium.FeatureGroup, canvas: bool = False
) -> folium.GeoJson:
    options = _canvas_options(into, canvas)
    data, style_of = _styles_once(collection) if canvas else (collection, _own_style)
    layer = folium.GeoJson(
        data,
        name=name,
        style_function=style_of,
        tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False),
        **options,
    )
    layer.add_to(into)
    if options:
        LeavesWithLayer().add_to(layer)
    return layer


def _settlements_layer(
    collection: GeoJson, on_text: str, *, into: folium.FeatureGroup, canvas: bool = False
) -> folium.GeoJson:
    options = _canvas_options(into, canvas)
    marker = folium.CircleMarker(radius=5, weight=1.5, fill=True, fill_opacity=0.9)
    # folium keeps only the path options it knows; the dots share their layer's canvas.
    marker.options.update(options)
    data, style_of = (
        _styles_once(collection, settlement_style, SETTLEMENT_STYLE_ONLY)
        if canvas
        else (collection, settlement_style)
    )
    layer = folium.GeoJson(
        data,
        name=LAYER_NAMES[MapLayer.SETTLEMENTS],
        marker=marker,
        style_function=style_of,
        **options,
    )
    layer.add_to(into)
    details = SettlementDetails(on_text, limit=MAX_CLAIMS_IN_POPUP, no_claim=NO_CLAIM_TEXT)
    details.add_to(layer)
    if options:
        LeavesWithLayer().add_to(layer)
    return layer


def _labels_layer(collection: GeoJson) -> folium.GeoJson:
    # A crowded map's labels travel as rows (`CompactPoints`); the bundled map's as features.
    crowded = len(collection["features"]) > map_elements.CROWDED_LABELS
    layer = folium.GeoJson(
        {"type": "FeatureCollection", "features": []} if crowded else collection,
        name="Settlement names",
        marker=folium.CircleMarker(radius=1.5, stroke=False, fill=True, fill_opacity=0.6),
        style_function=lambda _: {"fillColor": MARKER_EDGE},
    )
    if crowded:
        CompactPoints(LABEL_FIELDS, label_rows(collection)).add_to(layer)
    SettlementLabels().add_to(layer)
    LabelPlacement().add_to(layer)
    return layer


def label_rows(collection: GeoJson) -> list[list[Any]]:
    """Each label as a row: its `LABEL_FIELDS`, then longitude and latitude."""
    return [
        [*(f["properties"][name] for name in LABEL_FIELDS), *f["geometry"]["coordinates"]]
        for f in collection["features"]
    ]


def settlement_style(feature: GeoJson) -> dict[str, Any]:
    """A town is a large dot with a heavy ring, a claimed village a small dot, an unclaimed place
    a smaller one; the ring is dashed where the position is approximate."""
    properties = feature["properties"]
    town = bool(properties.get("town"))
    size = "town" if town else "village" if properties["claims"] else "unclaimed"
    return {
        "radius": MARKER_RADIUS[size],
        "fillColor": properties["colour"],
        "fillOpacity": 0.9 if properties.get("fresh", True) else 0.3,
        "color": MARKER_EDGE if properties["checked"] else APPROXIMATE_EDGE,
        "weight": TOWN_RING_WEIGHT if town else 1.5 if size == "village" else 1,
        "dashArray": None if properties["checked"] else "2 2",
    }
