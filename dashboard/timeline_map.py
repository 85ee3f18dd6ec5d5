"""The browser timeline as folium feature groups: every shape a map ever draws, once, and the
script that restyles them day by day (`static/frontline/timeline.js`).

The groups do not depend on the day shown, so a rerun that only moves the day sends the same
groups and the map component keeps them mounted (Streamlit even sends only a reference to the
unchanged map); the day Python shows reaches the map through the page's address.
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
from dashboard.timeline_data import AREA_SUBLAYERS, Timeline
from dashboard.view_kinds import LAYER_NAMES, MapLayer

# Absolute: the map lives in the component's iframe, where relative URLs 404 (see `offline.py`).
TIMELINE_JS = [
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
        }, {{ this.data | tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, layers: dict[str, folium.GeoJson], data: dict[str, Any]) -> None:
        super().__init__("TimelineScript")
        self.layers = layers
        self.data = data


def timeline_groups(timeline: Timeline, date_text: str) -> list[folium.FeatureGroup]:
    """One feature group per date layer, as `map_builder.build_date_layers` makes them, holding
    every shape of the timeline undrawn; `timeline.js` draws the day's."""
    groups = {key: folium.FeatureGroup(name=name) for key, name in LAYER_NAMES.items()}
    layers: dict[str, folium.GeoJson] = {}
    for sublayer in AREA_SUBLAYERS:
        if not timeline.shapes[sublayer]:
            continue
        features = [
            _feature(geometry, {"tooltip": "", "style": HIDDEN_STYLE})
            for geometry in timeline.shapes[sublayer]
        ]
        layer = folium.GeoJson(
            {"type": "FeatureCollection", "features": features},
            name=LAYER_NAMES[GROUP_OF[sublayer]],
            style_function=lambda feature: feature["properties"]["style"],
            tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False),
        )
        layer.add_to(groups[GROUP_OF[sublayer]])
        layers[sublayer] = layer
    if timeline.points:
        layers["settlements"] = _settlements(timeline, date_text)
        layers["settlements"].add_to(groups[MapLayer.SETTLEMENTS])
    TimelineScript(layers, timeline.data).add_to(groups[MapLayer.SETTLEMENTS])
    return list(groups.values())


def _settlements(timeline: Timeline, date_text: str) -> folium.GeoJson:
    """Settlement points, undrawn until the script gives each its day's properties and style."""
    features = [
        _feature(point, {"claims": [], "status": "", "id": "", "name": ""})
        for point in timeline.points
    ]
    layer = folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name=LAYER_NAMES[MapLayer.SETTLEMENTS],
        marker=folium.CircleMarker(radius=MARKER_RADIUS["unclaimed"], fill=True),
        style_function=lambda _: HIDDEN_STYLE,
    )
    SettlementDetails(date_text, limit=MAX_CLAIMS_IN_POPUP, no_claim=NO_CLAIM_TEXT).add_to(layer)
    return layer


def _feature(geometry: dict[str, Any], properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "properties": properties, "geometry": geometry}
