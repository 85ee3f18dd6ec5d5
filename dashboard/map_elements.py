"""Small Leaflet elements folium lacks: labels, popups, the date stamp, notice and hatchings.

Text set from data goes in through `textContent` or pre-escaped HTML (see `popups.py`), and every
value is embedded with `tojson`, which escapes `<`, `>` and `&`, so no ledger string can close the
script it sits in.
"""

from __future__ import annotations

from typing import Any

from folium.elements import JSCSSMixin
from jinja2 import Template

from claims.model import Holder
from dashboard.branca_compat import FrontlineElement
from dashboard.styles import CHANGE_KINDS, HOLDER_COLOURS, hatch_id

NEUTRAL_PREFIX = '<a href="https://leafletjs.com" title="A JavaScript library for maps">Leaflet</a>'
# Absolute: the map lives in the component's iframe, where relative URLs 404 (see `offline.py`).
LABELS_JS = [("frontline_labels", "/app/static/frontline/labels.js")]
# Up to this many labels each keeps its dot (and its name, where it fits) at every zoom: the
# bundled theatre has a few hundred. Past it (a whole front line) a label is on the map only from
# the zoom it shows from (`SettlementLabels`, `labels.js`).
CROWDED_LABELS = 1500


class SettlementDetails(FrontlineElement):
    """Bind each point of the parent GeoJson layer to a popup built from the claim catalogue.

    Mirrors `popups.settlement_popup`, but built with DOM calls from plain text: every ledger
    string goes in through `textContent`, and a source becomes a link only for http(s) addresses.
    The per-date feature says only which claims apply, so a slider step sends ids, not prose. The
    text comes from `window.frontlineTexts` (`ClaimCatalogue`): at once when the map carries it,
    else the popup opens with the place's name and fills itself when its files have come.
    """

    _template = Template(
        r"""
        {% macro script(this, kwargs) %}
        (function () {
            function el(tag, text, parent) {
                var node = document.createElement(tag);
                if (text) { node.textContent = text; }
                if (parent) { parent.appendChild(node); }
                return node;
            }
            function fill(box, layer, props, shown, texts) {
                var place = texts.place || {name: props.name};
                el("b", place.name, box);
                box.appendChild(document.createTextNode(" "));
                el("small", place.local, box);
                el("br", "", box);
                el("small", place.where, box);
                if (place.approximate) {
                    el("br", "", box);
                    el("i", "position approximate, unchecked", box);
                }
                // The browser timeline keeps the day it shows on the map (`timeline.js`).
                var onText = (layer._map && layer._map.frontlineDateText) ||
                    {{ this.on_text | tojson }};
                var line = el("p", "On " + onText + ": ", box);
                el("b", props.word || props.status, line);
                if (props.fighting) { el("p", "Since then: " + props.fighting, box); }
                if (props.dissent && props.dissent.length) {
                    // One claimant a line: a long list read as one paragraph hid who said what.
                    el("p", "Disagree:", box);
                    var against = el("ul", "", box);
                    against.className = "frontline-dissent";
                    props.dissent.forEach(function (word) { el("li", word, against); });
                }
                if (!shown.length) { el("p", {{ this.no_claim | tojson }}, box); }
                if (shown.length && texts.state) {
                    el("p", texts.state, box).className = "frontline-popup-state";
                    return;
                }
                var list = shown.length ? el("ul", "", box) : null;
                shown.forEach(function (id) {
                    var c = texts.claims[id];
                    if (!c) { return; }
                    var item = el("li", "", list);
                    el("b", c.claimant, item);
                    if (c.holder) { item.appendChild(document.createTextNode(" · " + c.holder)); }
                    el("br", "", item);
                    el("small", c.said + " · " + c.verification, item);
                    if (c.quote) { el("br", "", item); el("q", c.quote, item); }
                    el("br", "", item);
                    c.sources.forEach(function (source, index) {
                        if (index) { item.appendChild(document.createTextNode(", ")); }
                        var web = /^https?:\/\//i.test(source.url);
                        var link = el(web ? "a" : "span", source.label, item);
                        if (web) {
                            link.href = source.url;
                            link.target = "_blank";
                            link.rel = "noopener noreferrer";
                        }
                    });
                });
                var more = props.claims.length - shown.length;
                if (more > 0) {
                    el("li", "… " + more + (more === 1 ? " earlier claim" : " earlier claims") +
                        " in the table", list);
                }
            }
            function bind(layer) {
                if (layer.getPopup()) { return; } // added again (markers by zoom): bound already
                layer.bindPopup(function () {
                    var props = layer.feature.properties;
                    var shown = props.claims.slice(-{{ this.limit }}).reverse();
                    var box = el("div");
                    box.className = "frontline-popup";
                    var catalogue = window.frontlineTexts;
                    var texts = catalogue ? catalogue.now(props.id, shown) : {claims: {}};
                    if (texts) {
                        fill(box, layer, props, shown, texts);
                        return box;
                    }
                    // Opened again when the files are in, so the popup is built whole, at once.
                    fill(box, layer, props, shown, {claims: {}, state: "Loading the claims…"});
                    catalogue.later(props.id, shown).then(function () {
                        if (layer.isPopupOpen()) { layer.getPopup().update(); }
                    }, function () {
                        box.textContent = "";
                        fill(box, layer, props, shown, {claims: {},
                            state: "The claims could not be loaded; try again."});
                    });
                    return box;
                }, {maxWidth: 380});
            }
            {{ this.parent_name }}.eachLayer(bind);
            // Points added later: a browser timeline served as files fetches its own
            // (`timeline.js`).
            {{ this.parent_name }}.on("layeradd", function (event) { bind(event.layer); });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, on_text: str, *, limit: int, no_claim: str) -> None:
        super().__init__("SettlementDetails")
        self.on_text = on_text
        self.limit = limit
        self.no_claim = no_claim


# A label's properties, in the order a crowded map's rows give them (`CompactPoints`).
LABEL_FIELDS = ("label", "town", "priority", "min_zoom")


class CompactPoints(FrontlineElement):
    """Points sent as rows (`fields`, then longitude and latitude) rather than GeoJSON features,
    made features again in the page and added to the parent GeoJson layer. Added to that layer
    before anything that reads its points (`SettlementLabels`). A crowded map's labels: at 100x
    18,000 names were 3.2 MB as features, ~0.8 MB as rows."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var fields = {{ this.fields | tojson }};
            {{ this.parent_name }}.addData({type: "FeatureCollection",
                features: {{ this.rows | tojson }}.map(function (row) {
                    var properties = {};
                    fields.forEach(function (name, index) { properties[name] = row[index]; });
                    var at = [row[fields.length], row[fields.length + 1]];
                    return {type: "Feature", properties: properties,
                            geometry: {type: "Point", coordinates: at}};
                })});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, fields: tuple[str, ...], rows: list[list[Any]]) -> None:
        super().__init__("CompactPoints")
        self.fields = list(fields)
        self.rows = rows


class SettlementLabels(JSCSSMixin, FrontlineElement):
    """Permanent name labels on the points of the parent GeoJson layer, set as plain text.

    A town's label is larger and sits further from its larger symbol. Which labels show is decided
    in the browser (`LabelPlacement`), from each label's priority and the zoom it shows from.
    """

    default_js = LABELS_JS  # which positions the names together
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var group = {{ this.parent_name }};
            var map = {{ this.map_name }};
            var markers = [];
            group.eachLayer(function (layer) { markers.push(layer); });
            group.frontlineMarkers = markers; // every label, on the map or not (labels.js)
            // A crowded map: labels below the zoom they show from leave the map before their
            // names are bound. A permanent name opens at once and is measured as it opens, and
            // opening thousands took seconds; labels.js brings them back as the map zooms in.
            if (markers.length > {{ this.crowded_above }}) {
                var zoom = map.getZoom();
                markers.forEach(function (layer) {
                    if (zoom < (layer.feature.properties.min_zoom || 0)) {
                        group.removeLayer(layer);
                    }
                });
            }
            markers.forEach(function (layer) {
                var props = layer.feature.properties;
                var label = document.createElement("span");
                label.textContent = props.label;
                // batched: positioned with the other names, from one layout (labels.js).
                layer.bindTooltip(label, {permanent: true, direction: "right", batched: true,
                    offset: [props.town ? 9 : 6, 0],
                    className: "settlement-label" + (props.town ? " town-label" : "")});
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__("SettlementLabels")
        self.crowded_above = CROWDED_LABELS


class LabelPlacement(JSCSSMixin, FrontlineElement):
    """Show the labels of the parent layer without overlaps: on every zoom and move, the browser
    places them greedily by priority (towns first), each to the right, left, above or below its
    place, and hides any label that would touch a placed one, the map's edge or its furniture.

    In the browser because only the browser knows how wide a name is drawn and how large the map
    is; the server gives each label its priority and the zoom it shows from
    (`layer_data.settlement_labels_geojson`).
    """

    default_js = LABELS_JS
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.frontlineLabels.attach(
            {{ this.map_name }}, {{ this.parent_name }},
            {{ this.crowded_above }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__("LabelPlacement")
        self.crowded_above = CROWDED_LABELS


# What a crowded layer names as its renderer (`map_builder`): the map's one canvas.
SHARED_CANVAS_JS = "window.frontlineCanvas()"
# Its pane: over the overlay pane (400, SVG), under markers, tooltips and popups (600-700).
CANVAS_PANE = "frontline-canvas"
CANVAS_PANE_Z = 450


class SharedCanvas(FrontlineElement):
    """One Leaflet canvas renderer for every crowded layer of the map
    (`map_builder.CROWDED_SETTLEMENTS`), made on first use: tens of thousands of cells and dots
    are one bitmap instead of as many SVG elements. One, not one per layer: a canvas takes the
    mouse events where it lies, so only the top one of several would answer hovers and clicks. A
    canvas cannot fill with the SVG hatchings, so the changes never use it. Added before the
    layers that name it (`SHARED_CANVAS_JS`)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            // Above the overlay pane: Leaflet draws canvases under SVG, where the base map's
            // oblasts would take every hover and click meant for the cells and dots.
            if (!map.getPane({{ this.pane | tojson }})) {
                map.createPane({{ this.pane | tojson }}).style.zIndex = {{ this.z_index }};
            }
        })({{ this.map_name }});
        window.frontlineCanvas = window.frontlineCanvas || (function () {
            var shared = null;
            return function () {
                if (!shared) {
                    shared = L.canvas({padding: 0.5, pane: {{ this.pane | tojson }}});
                }
                return shared;
            };
        })();
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__("SharedCanvas")
        self.pane = CANVAS_PANE
        self.z_index = CANVAS_PANE_Z


class LeavesWithLayer(FrontlineElement):
    """Take the parent layer's canvas off the map when the last layer drawn on it goes (the next
    day's layers, or the browser timeline taking over): an empty canvas left on top would catch
    every click and hover meant for what lies below it. Leaflet adds it back for the next layer
    that names it."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var layer = {{ this.parent_name }};
            layer.on("remove", function () {
                var renderer = layer.options.renderer;
                var empty = renderer && !Object.keys(renderer._layers || {}).length;
                if (empty && renderer._map) { renderer._map.removeLayer(renderer); }
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__("LeavesWithLayer")


class ClaimCatalogue(FrontlineElement):
    """The popups' plain text of every place and claim, once per map (see `SettlementDetails`):
    carried by the map, or (`source`: `{"url", "shards"}`, as the dashboard serves it) fetched file
    by file when a popup needs it (`popup_texts`), each file once. `window.frontlineTexts.now(place,
    claims)` gives the texts at once when they are here (else null), `.later(...)` a promise of
    them being here."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.frontlineTexts = (function () {
            var inline = {{ this.catalogue | tojson }};
            var source = {{ this.source | tojson }};
            var parts = {};
            var pending = {};
            // popup_texts.shard_of: 32-bit FNV-1a over the id's code points.
            function shardOf(key) {
                var value = 0x811c9dc5;
                for (var character of String(key)) {
                    value = Math.imul(value ^ character.codePointAt(0), 0x01000193) >>> 0;
                }
                return value % source.shards;
            }
            function wanted(place, claims) {
                return [shardOf(place)].concat(claims.map(shardOf));
            }
            function load(index) {
                if (!pending[index]) {
                    pending[index] = fetch(source.url + "/" + index + ".json")
                        .then(function (response) {
                            if (!response.ok) { throw new Error(String(response.status)); }
                            return response.json();
                        })
                        .then(function (part) { parts[index] = part; return part; },
                              function (error) { delete pending[index]; throw error; });
                }
                return pending[index];
            }
            function now(place, claims) {
                if (!source) { return {place: inline.places[place], claims: inline.claims}; }
                if (!wanted(place, claims).every(function (i) { return parts[i]; })) {
                    return null;
                }
                var found = {};
                claims.forEach(function (id) { found[id] = parts[shardOf(id)].claims[id]; });
                return {place: parts[shardOf(place)].places[place], claims: found};
            }
            function later(place, claims) {
                return source ? Promise.all(wanted(place, claims).map(load)) : Promise.resolve();
            }
            return {now: now, later: later, shardOf: shardOf};
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self, catalogue: dict[str, dict[str, Any]], source: dict[str, Any] | None = None
    ) -> None:
        super().__init__("ClaimCatalogue")
        self.catalogue = catalogue
        self.source = source


class DateStamp(FrontlineElement):
    """Print the shown date (and the compare or as-known-on dates) large on the map itself."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this.map_name }};
            // The server drew this day: a browser timeline this map had goes (other view settings
            // whose timeline is still being built).
            if (window.frontlineTimeline) { window.frontlineTimeline.detach(map); }
            var box = map.getContainer().querySelector(".frontline-date");
            if (!box) {
                box = L.DomUtil.create("div", "frontline-date", map.getContainer());
            }
            box.textContent = {{ this.text | tojson }};
            box.dataset.date = {{ this.iso | tojson }};
            var figures = {{ this.figures | tojson }};
            if (figures) {
                var line = document.createElement("div");
                line.className = "frontline-figures";
                line.textContent = figures;
                box.appendChild(line);
            }
        })();
        {% endmacro %}
        """
    )

    def __init__(self, text: str, iso: str, figures: str = "") -> None:
        super().__init__("DateStamp")
        self.text = text
        self.iso = iso
        self.figures = figures


class MapFurniture(FrontlineElement):
    """The claims-not-verified notice, a neutral attribution prefix, data credits, and the SVG
    hatchings that changes since a compare date are filled with (`styles.change_style`).

    The legend is not on the map: it sits beside the maps (`legend.py`), one for all of them.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
          .frontline-date {position: absolute; top: 10px; left: 54px; z-index: 1000;
            background: rgba(255,255,255,.9); padding: 4px 10px; border-radius: 4px;
            font: 700 22px/1.2 system-ui, sans-serif; color: #222; pointer-events: none;}
          .frontline-figures {font: 600 12px/1.3 system-ui, sans-serif; color: #333;
            margin-top: 2px;}
          .frontline-notice {position: absolute; bottom: 46px; left: 10px; z-index: 1000;
            background: #fff3cd; border: 1px solid #d39e00; padding: 3px 8px; border-radius: 4px;
            font: 600 13px/1.3 system-ui, sans-serif; color: #5c4400;}
          .leaflet-control-attribution {font-size: 10px; line-height: 1.3; max-width: 70%;}
          .settlement-label {background: transparent; border: none; box-shadow: none;
            font: 600 11px system-ui, sans-serif; color: #222; padding: 0 2px;
            text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff;}
          .settlement-label.town-label {font: 700 14px system-ui, sans-serif; color: #000;}
          .settlement-label.frontline-label-hidden {display: none;}
          .settlement-label:before {display: none;}
          .frontline-popup ul {padding-left: 16px; margin: 4px 0;}
          .frontline-popup li {margin-bottom: 6px;}
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this.parent_name }};
            map.attributionControl.setPrefix({{ this.prefix | tojson }});
            {% for credit in this.credits %}
            map.attributionControl.addAttribution({{ credit | tojson }});
            {% endfor %}
            var container = map.getContainer();
            var notice = L.DomUtil.create("div", "frontline-notice", container);
            notice.textContent = {{ this.notice | tojson }};
            var svg = "http://www.w3.org/2000/svg";
            var defs = document.createElementNS(svg, "svg");
            defs.setAttribute("width", "0");
            defs.setAttribute("height", "0");
            defs.setAttribute("aria-hidden", "true");
            defs.style.position = "absolute";
            {{ this.hatches | tojson }}.forEach(function (hatch) {
                var pattern = document.createElementNS(svg, "pattern");
                pattern.setAttribute("id", hatch.id);
                pattern.setAttribute("patternUnits", "userSpaceOnUse");
                pattern.setAttribute("width", "7");
                pattern.setAttribute("height", "7");
                pattern.setAttribute("patternTransform", "rotate(" + hatch.angle + ")");
                var stripe = document.createElementNS(svg, "rect");
                stripe.setAttribute("width", "2.5");
                stripe.setAttribute("height", "7");
                stripe.setAttribute("fill", hatch.colour);
                pattern.appendChild(stripe);
                defs.appendChild(pattern);
            });
            container.appendChild(defs);
        })();
        {% endmacro %}
        """
    )

    def __init__(self, *, notice: str, credits: list[str]) -> None:
        super().__init__("MapFurniture")
        self.notice = notice
        self.credits = credits
        self.prefix = NEUTRAL_PREFIX
        self.hatches = [
            {"id": hatch_id(holder, kind), "colour": HOLDER_COLOURS[holder], "angle": angle}
            for holder in (Holder.UKRAINE, Holder.RUSSIA)
            for kind, angle in zip(CHANGE_KINDS, (45, -45), strict=True)
        ]
