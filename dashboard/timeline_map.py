"""The browser timeline as folium feature groups: every shape a map ever draws, once, and the
script that restyles them day by day (`static/frontline/timeline.js`).

The groups do not depend on the day shown, so a rerun that only moves the day sends the same
groups and the map component keeps them mounted (Streamlit even sends only a reference to the
unchanged map); the day Python shows reaches the map through the page's address.

A timeline served as files (`timeline_files`) is drawn by the same folium layers, made with one
placeholder feature without geometry each (Leaflet draws none; folium's tooltip wants a feature
to read its field from): `timeline.js` fetches the shapes and adds them (`addData`), so tooltips,
styles and popups are bound as for shapes the script carries. Past `VIEW_ONLY_FEATURES` a step
restyles only the features in and near the map's window (`timeline.js`).
"""

from __future__ import annotations

from typing import Any

import folium
from folium.elements import JSCSSMixin
from jinja2 import Template

from dashboard.branca_compat import FrontlineElement
from dashboard.map_elements import SettlementDetails
from dashboard.popups import MAX_CLAIMS_IN_POPUP, NO_CLAIM_TEXT
from dashboard.styles import MARKER_RADIUS
from dashboard.timeline_data import AREA_SUBLAYERS, SERVER_ONLY_FIELDS, SETTLEMENTS, Timeline
from dashboard.timeline_files import feature_count
from dashboard.view_kinds import LAYER_NAMES, MapLayer

# Absolute: the map lives in the component's iframe, where relative URLs 404 (see `offline.py`).
TIMELINE_JS = [
    ("frontline_unpack", "/app/static/frontline/unpack.js"),
    ("frontline_timeline", "/app/static/frontline/timeline.js"),
    ("frontline_legend", "/app/static/frontline/legend.js"),
]
HIDDEN_STYLE = {"stroke": False, "fill": False}
GROUP_OF = {
    "territory": MapLayer.TERRITORY,
    "fighting": MapLayer.TERRITORY,
    "contested": MapLayer.CONTESTED,
    "changes": MapLayer.CHANGES,
}
# Past this many features a step restyles those in and near the view; the rest when they come
# into it. The bundled ledger's timeline has ~1,500 and 10x's ~6,500 (restyled whole: at 10x a
# step is 13 ms); 100x's ~54,000.
VIEW_ONLY_FEATURES = 20_000


class TimelineScript(JSCSSMixin, FrontlineElement):
    """Hand the map, its timeline layers and the encoded days to `timeline.js`."""

    default_js = TIMELINE_JS
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.frontlineTimeline.attach({{ this.map_name }}, {
            {% for name, layer in this.layers.items() %}
            {{ name | tojson }}: {{ layer.get_name() }},
            {% endfor %}
        }, {{ this.data | tojson }}, {{ this.options | tojson }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        layers: dict[str, folium.GeoJson],
        data: dict[str, Any] | None,
        *,
        source: dict[str, Any] | None = None,
        view_only: bool = False,
    ) -> None:
        """`data`: the encoded days (inline), or None with `source`, where `timeline.js`
        fetches the shapes and data (`timeline_files`: `{"url", "files"}`)."""
        super().__init__("TimelineScript")
        self.layers = layers
        self.data = data
        fetched = None if source is None else {k: source[k] for k in ("url", "files")}
        self.options = {"source": fetched, "viewOnly": view_only}


def timeline_groups(timeline: Timeline, date_text: str) -> list[folium.FeatureGroup]:
    """One feature group per date layer, as `map_builder.build_date_layers` makes them, holding
    every shape of the timeline undrawn; `timeline.js` draws the day's."""
    groups = {key: folium.FeatureGroup(name=name) for key, name in LAYER_NAMES.items()}
    layers: dict[str, folium.GeoJson] = {}
    source = timeline.source
    for sublayer in AREA_SUBLAYERS:
        shapes: list[dict[str, Any] | None] = list(timeline.shapes.get(sublayer, []))
        if source is not None:
            shapes = [None]  # the placeholder; the shapes are fetched
        if not shapes:
            continue
        features = [
            _feature(geometry, {"tooltip": "", "style": HIDDEN_STYLE}) for geometry in shapes
        ]
        layer = folium.GeoJson(
            {"type": "FeatureCollection", "features": features},
            name=LAYER_NAMES[GROUP_OF[sublayer]],
            style_function=lambda feature: feature["properties"]["style"],
            tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False),
        )
        layer.add_to(groups[GROUP_OF[sublayer]])
        layers[sublayer] = layer
    if timeline.points or source is not None:
        layers[SETTLEMENTS] = _settlements(timeline, date_text)
        layers[SETTLEMENTS].add_to(groups[MapLayer.SETTLEMENTS])
    if source is None:
        sent = {k: v for k, v in timeline.data.items() if k not in SERVER_ONLY_FIELDS}
        script = TimelineScript(
            layers, sent, view_only=feature_count(timeline) > VIEW_ONLY_FEATURES
        )
    else:
        script = TimelineScript(
            layers, None, source=source, view_only=source["features"] > VIEW_ONLY_FEATURES
        )
    script.add_to(groups[MapLayer.SETTLEMENTS])
    return list(groups.values())


def _settlements(timeline: Timeline, date_text: str) -> folium.GeoJson:
    """Settlement points, undrawn until the script gives each its day's properties and style
    (fetched by the script for a timeline served as files: a placeholder here)."""
    points: list[dict[str, Any] | None] = list(timeline.points)
    if timeline.source is not None:
        points = [None]
    features = [
        _feature(point, {"claims": [], "status": "", "id": "", "name": ""}) for point in points
    ]
    layer = folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name=LAYER_NAMES[MapLayer.SETTLEMENTS],
        marker=folium.CircleMarker(radius=MARKER_RADIUS["unclaimed"], fill=True),
        style_function=lambda _: HIDDEN_STYLE,
    )
    SettlementDetails(date_text, limit=MAX_CLAIMS_IN_POPUP, no_claim=NO_CLAIM_TEXT).add_to(layer)
    return layer


def _feature(geometry: dict[str, Any] | None, properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "properties": properties, "geometry": geometry}
