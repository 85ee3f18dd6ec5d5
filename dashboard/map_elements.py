"""Small Leaflet elements folium lacks: labels, popups, the date stamp, legend and notice.

Text set from data goes in through `textContent` or pre-escaped HTML (see `popups.py`), and every
value is embedded with `tojson`, which escapes `<`, `>` and `&`, so no ledger string can close the
script it sits in.
"""

from __future__ import annotations

from typing import Any

from branca.element import MacroElement
from jinja2 import Template

NEUTRAL_PREFIX = '<a href="https://leafletjs.com" title="A JavaScript library for maps">Leaflet</a>'


class SettlementDetails(MacroElement):
    """Bind each point of the parent GeoJson layer to a popup built from the claim catalogue.

    Mirrors `popups.settlement_popup`, but built with DOM calls from plain text: every ledger
    string goes in through `textContent`, and a source becomes a link only for http(s) addresses.
    The per-date feature says only which claims apply, so a slider step sends ids, not prose.
    """

    _template = Template(
        r"""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.eachLayer(function (layer) {
            layer.bindPopup(function () {
                var props = layer.feature.properties;
                var catalogue = window.frontlineCatalogue || {places: {}, claims: {}};
                var place = catalogue.places[props.id] || {name: props.name};
                function el(tag, text, parent) {
                    var node = document.createElement(tag);
                    if (text) { node.textContent = text; }
                    if (parent) { parent.appendChild(node); }
                    return node;
                }
                var box = el("div");
                box.className = "frontline-popup";
                el("b", place.name, box);
                box.appendChild(document.createTextNode(" "));
                el("small", place.local, box);
                el("br", "", box);
                el("small", place.where, box);
                if (place.approximate) {
                    el("br", "", box);
                    el("i", "position approximate, unchecked", box);
                }
                var line = el("p", "On " + {{ this.on_text | tojson }} + ": ", box);
                el("b", props.word || props.status, line);
                if (props.fighting) { el("p", "Since then: " + props.fighting, box); }
                if (props.dissent && props.dissent.length) {
                    var against = el("p", "Disagree: ", box);
                    el("span", props.dissent.join("; "), against);
                }
                var shown = props.claims.slice(-{{ this.limit }}).reverse();
                if (!shown.length) { el("p", {{ this.no_claim | tojson }}, box); }
                var list = shown.length ? el("ul", "", box) : null;
                shown.forEach(function (id) {
                    var c = catalogue.claims[id];
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
                return box;
            }, {maxWidth: 380});
        });
        {% endmacro %}
        """
    )

    def __init__(self, on_text: str, *, limit: int, no_claim: str) -> None:
        super().__init__()
        self._name = "SettlementDetails"
        self.on_text = on_text
        self.limit = limit
        self.no_claim = no_claim


class SettlementLabels(MacroElement):
    """Permanent name labels on the points of the parent GeoJson layer, set as plain text."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.eachLayer(function (layer) {
            var label = document.createElement("span");
            label.textContent = layer.feature.properties.label;
            layer.bindTooltip(label, {permanent: true, direction: "right",
                offset: [6, 0], className: "settlement-label"});
        });
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "SettlementLabels"


class ClaimCatalogue(MacroElement):
    """The escaped popup pieces of every place and claim, once per map (see `SettlementDetails`)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.frontlineCatalogue = {{ this.catalogue | tojson }};
        {% endmacro %}
        """
    )

    def __init__(self, catalogue: dict[str, dict[str, Any]]) -> None:
        super().__init__()
        self._name = "ClaimCatalogue"
        self.catalogue = catalogue


class DateStamp(MacroElement):
    """Print the shown date (and the compare or as-known-on dates) large on the map itself."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent._parent.get_name() }};
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
        super().__init__()
        self._name = "DateStamp"
        self.text = text
        self.iso = iso
        self.figures = figures


class MapFurniture(MacroElement):
    """Legend, the claims-not-verified notice, a neutral attribution prefix and data credits."""

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
          .frontline-legend {position: absolute; bottom: 38px; right: 10px; z-index: 1000;
            background: rgba(255,255,255,.95); padding: 6px 10px; border-radius: 4px;
            font: 12px/1.4 system-ui, sans-serif; color: #222; max-width: 240px;}
          .leaflet-control-attribution {font-size: 10px; line-height: 1.3; max-width: 70%;}
          .frontline-legend i {display: inline-block; width: 18px; height: 10px;
            margin-right: 6px; vertical-align: middle;}
          .settlement-label {background: transparent; border: none; box-shadow: none;
            font: 600 11px system-ui, sans-serif; color: #222; padding: 0 2px;
            text-shadow: 0 0 3px #fff, 0 0 3px #fff;}
          .settlement-label:before {display: none;}
          .frontline-popup ul {padding-left: 16px; margin: 4px 0;}
          .frontline-popup li {margin-bottom: 6px;}
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            map.attributionControl.setPrefix({{ this.prefix | tojson }});
            {% for credit in this.credits %}
            map.attributionControl.addAttribution({{ credit | tojson }});
            {% endfor %}
            var container = map.getContainer();
            var notice = L.DomUtil.create("div", "frontline-notice", container);
            notice.textContent = {{ this.notice | tojson }};
            var legend = L.DomUtil.create("div", "frontline-legend", container);
            legend.innerHTML = {{ this.legend_html | tojson }};
            L.DomEvent.disableClickPropagation(legend);
        })();
        {% endmacro %}
        """
    )

    def __init__(self, *, notice: str, legend_html: str, credits: list[str]) -> None:
        super().__init__()
        self._name = "MapFurniture"
        self.notice = notice
        self.legend_html = legend_html
        self.credits = credits
        self.prefix = NEUTRAL_PREFIX
