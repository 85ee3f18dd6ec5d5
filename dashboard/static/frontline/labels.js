/*
 * Settlement labels without overlaps (frontline; MIT).
 *
 * After every zoom, move or resize, the labels of a map are placed greedily in priority order
 * (towns first, then the villages claims name most often; see layer_data.settlement_labels_geojson):
 * each tries the right of its place, then the left, above and below, and takes the first spot that
 * lies wholly inside the map and clear of every label already placed, the town symbols and the
 * map's own furniture (date stamp, notice, controls). A label with no such spot, or below the
 * zoom it shows from, is hidden. Label sizes are read from the page (once, and again when fonts
 * load or the map is resized), so the rule holds for any font; each move only does arithmetic.
 */
(function () {
    "use strict";
    var HIDDEN = "frontline-label-hidden";
    var GAP = 2; // px kept clear between two labels
    var TOWN_SYMBOL = 8; // px: a town symbol's radius and ring, kept clear of other labels
    var FURNITURE = ".frontline-date, .frontline-notice, .north-arrow, .leaflet-control";
    // Past this many labels (a whole front line; `map_elements.CROWDED_LABELS` sets it) a label's
    // dot and name are off the map below the zoom the label shows from, so the map does not
    // paint thousands of them; below it (the bundled theatre) every dot stays at every zoom.
    var CROWDED = 1500;
    var attached = [];
    var pending = false;
    var placements = 0; // how many times the names were laid out (for the tests)

    function relative(rect, origin) {
        return {x: rect.left - origin.left, y: rect.top - origin.top, w: rect.width, h: rect.height};
    }

    function overlaps(a, b) {
        return a.x < b.x + b.w + GAP && b.x < a.x + a.w + GAP &&
            a.y < b.y + b.h + GAP && b.y < a.y + a.h + GAP;
    }

    function inside(box, size) {
        return box.x >= 0 && box.y >= 0 && box.x + box.w <= size.x && box.y + box.h <= size.y;
    }

    // Shifts from where Leaflet drew the label (to the right of its place) to each candidate spot.
    function shifts(box, anchor, reach) {
        var middle = anchor.x - box.w / 2 - box.x;
        return [
            [0, 0],
            [anchor.x - reach - box.w - box.x, 0],
            [middle, anchor.y - reach - box.h - box.y],
            [middle, anchor.y + reach - box.y]
        ];
    }

    function labelsOf(layer) {
        var found = [];
        // Every label, also those a crowded map keeps off it for now (`SettlementLabels`).
        var markers = layer.frontlineMarkers;
        if (!markers) {
            markers = [];
            layer.eachLayer(function (marker) { markers.push(marker); });
        }
        markers.forEach(function (marker) {
            var tooltip = marker.getTooltip && marker.getTooltip();
            if (!tooltip) { return; }
            var props = marker.feature.properties;
            found.push({
                marker: marker,
                tooltip: tooltip,
                latlng: marker.getLatLng(),
                priority: props.priority || 0,
                minZoom: props.min_zoom || 0,
                town: !!props.town,
                reach: tooltip.options.offset[0] || 6,
                name: props.label || ""
            });
        });
        found.sort(function (a, b) {
            return (b.priority - a.priority) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
        });
        return found;
    }

    // Each label's box relative to its place, as Leaflet draws a tooltip to the right: its left
    // edge `offset + margin` right of the place, centred vertically. Sizes come from layout
    // (offsetWidth/Height), never from a box caught mid-animation; measured once with every label
    // shown, and again only when asked (fonts loaded, map resized), since neither size nor offset
    // changes with zoom or pan: each move only does arithmetic.
    function measure(entry) {
        // A name opened but not yet positioned lacks Leaflet's side class, and its margin with it.
        positionQueued();
        var elements = entry.labels.map(function (label) {
            var element = label.tooltip.getElement();
            if (element) {
                element.classList.remove(HIDDEN);
                element.style.translate = "";
            }
            return element;
        });
        var sizes = elements.map(function (element) {
            if (!element) { return null; }
            var margin = parseFloat(window.getComputedStyle(element).marginLeft) || 0;
            return {w: element.offsetWidth, h: element.offsetHeight, margin: margin};
        });
        entry.labels.forEach(function (label, index) {
            var size = sizes[index];
            if (!size || !size.w) { label.box = null; return; }
            var offsetY = label.tooltip.options.offset[1] || 0;
            label.box = {dx: label.reach + size.margin, dy: Math.round(offsetY - size.h / 2),
                         w: size.w + 1, h: size.h};
        });
        // Leaflet placed each name from the size it had when it opened (before the fonts or
        // style sheets arrived, or while hidden); place it again from the size read now, or it
        // sits off the box measured here and can slide under the map's furniture.
        positionFromSizes(entry.labels.map(function (label) { return label.tooltip; }),
            sizes.map(function (size) { return size && [size.w, size.h]; }));
        // A map not yet displayed measures nothing: measure again at the next placement. So does
        // a page whose style sheets are still arriving (the map component adds Leaflet's own CSS
        // after the map is drawn; before it, a label is as wide as the map).
        entry.measured = entry.labels.every(function (label) {
            return label.box || !entry.layer.hasLayer(label.marker);
        });
        entry.sheets = document.styleSheets.length;
    }

    function place(entry, remeasure) {
        var map = entry.map;
        // Mid-animation, positions are in flux; the animation's zoomend places the labels.
        if (!map._loaded || !map.hasLayer(entry.layer) || map._animatingZoom) { return; }
        placements += 1;
        var container = map.getContainer();
        var origin = container.getBoundingClientRect();
        var size = map.getSize();
        var zoom = map.getZoom();
        var taken = [];
        // The furniture may sit beside the map's container (a snapshot's north arrow).
        (container.parentElement || container).querySelectorAll(FURNITURE).forEach(function (node) {
            var rect = node.getBoundingClientRect();
            if (rect.width && rect.height) { taken.push(relative(rect, origin)); }
        });
        if (entry.crowded) { cull(entry, zoom); }
        if (remeasure || !entry.measured || entry.sheets !== document.styleSheets.length) {
            measure(entry);
        }
        entry.labels.forEach(function (label) {
            if (!label.town) { return; }
            var at = map.latLngToContainerPoint(label.latlng);
            taken.push({x: at.x - TOWN_SYMBOL, y: at.y - TOWN_SYMBOL,
                        w: 2 * TOWN_SYMBOL, h: 2 * TOWN_SYMBOL});
        });
        entry.labels.forEach(function (label) {
            var element = label.tooltip.getElement();
            if (!element) { return; }
            var chosen = null;
            if (zoom >= label.minZoom && label.box) {
                var anchor = map.latLngToContainerPoint(label.latlng);
                var box = {x: anchor.x + label.box.dx, y: anchor.y + label.box.dy,
                           w: label.box.w, h: label.box.h};
                var options = shifts(box, anchor, label.reach);
                for (var k = 0; k < options.length && chosen === null; k++) {
                    var spot = {x: box.x + options[k][0], y: box.y + options[k][1], w: box.w, h: box.h};
                    var clear = inside(spot, size) && !taken.some(function (other) {
                        return overlaps(spot, other);
                    });
                    if (clear) { chosen = {spot: spot, shift: options[k]}; }
                }
            }
            if (chosen === null) {
                element.classList.add(HIDDEN);
                return;
            }
            var wasHidden = element.classList.contains(HIDDEN);
            element.classList.remove(HIDDEN);
            // Leaflet positions a name from its height as the map zooms; a name hidden then
            // (display: none) was positioned as if 0 px tall, half a line below where it is
            // placed here. Shown again, it is positioned again from its real height.
            if (wasHidden) { label.tooltip._updatePosition(); }
            element.style.translate = chosen.shift[0] + "px " + chosen.shift[1] + "px";
            taken.push(chosen.spot);
        });
    }

    // A crowded map: labels below their zoom leave the map (dot and name); those coming back
    // are measured at this placement.
    function cull(entry, zoom) {
        var back = [];
        entry.labels.forEach(function (label) {
            var wanted = zoom >= label.minZoom;
            var shown = entry.layer.hasLayer(label.marker);
            if (wanted && !shown) { back.push(label); }
            if (!wanted && shown) { entry.layer.removeLayer(label.marker); }
        });
        if (!back.length) { return; }
        // Each name opens as its place comes back; the batch below positions them together.
        back.forEach(function (label) {
            entry.layer.addLayer(label.marker);
            label.box = null;
        });
        entry.measured = false;
    }

    // Leaflet positions a tooltip by reading its size right after its last write, so each of
    // hundreds of permanent names opened (or moved by a zoom) was laid out on its own: ~0.2 s of
    // a first map of the bundled theatre, seconds for thousands. A settlement's name (`batched`
    // in its tooltip's options, `map_elements.SettlementLabels`) is positioned with the others at
    // the end of the task instead: every size read in one layout, each name placed from its own.
    var queued = [];
    var leafletUpdate = window.L && L.Tooltip && L.Tooltip.prototype._updatePosition;
    if (leafletUpdate) {
        L.Tooltip.prototype._updatePosition = function () {
            if (!this.options.batched) { return leafletUpdate.call(this); }
            if (this._frontlineQueued) { return; }
            this._frontlineQueued = true;
            if (!queued.length) { Promise.resolve().then(positionQueued); }
            queued.push(this);
        };
    }

    function positionQueued() {
        var tooltips = queued;
        queued = [];
        tooltips.forEach(function (tooltip) { tooltip._frontlineQueued = false; });
        var open = tooltips.filter(function (tooltip) { return tooltip._map && tooltip.getElement(); });
        positionFromSizes(open, open.map(function (tooltip) {
            var element = tooltip.getElement();
            return [element.offsetWidth, element.offsetHeight];
        }));
    }

    // Leaflet's own positioning of each tooltip, from the size read for it (its offsetWidth and
    // offsetHeight shadowed for that one call): no layout between them.
    function positionFromSizes(tooltips, sizes) {
        tooltips.forEach(function (tooltip, index) {
            var element = tooltip.getElement();
            var size = sizes[index];
            // A hidden name (display: none) measures 0: it is positioned when shown again.
            if (!element || !size || !size[0] || !tooltip._map || !leafletUpdate) { return; }
            Object.defineProperty(element, "offsetWidth", {value: size[0], configurable: true});
            Object.defineProperty(element, "offsetHeight", {value: size[1], configurable: true});
            try {
                leafletUpdate.call(tooltip);
            } finally {
                delete element.offsetWidth;
                delete element.offsetHeight;
            }
        });
    }

    // `remeasure`: read every label's size again (after fonts load or the map is resized).
    function refresh(remeasure) {
        pending = false;
        attached.forEach(function (entry) { place(entry, remeasure === true); });
    }

    function schedule() {
        if (pending) { return; }
        pending = true;
        window.requestAnimationFrame(refresh);
    }

    function attach(map, layer, crowdedAbove) {
        var labels = labelsOf(layer);
        var limit = crowdedAbove === undefined ? CROWDED : crowdedAbove;
        var entry = {map: map, layer: layer, labels: labels, crowded: labels.length > limit};
        attached = attached.filter(function (other) { return other.map !== map; });
        attached.push(entry);
        map.on("zoomend moveend layeradd", schedule);
        map.on("resize", function () { entry.measured = false; schedule(); });
        map.whenReady(schedule);
        // Fonts loaded: sizes read again at the next placement. Not placed at once: the promise
        // of fonts already loaded settles at the end of the map script's task, before the frame
        // has its style sheets, and placing the names then (~40 ms of the bundled map's script,
        // `bench.map_script_profile`) was undone by the placement of the first frame.
        if (document.fonts) {
            document.fonts.ready.then(function () { entry.measured = false; schedule(); });
        }
    }

    // A style sheet arriving late changes every label's size: place again (`load` does not
    // bubble, so it is caught on its way down).
    document.addEventListener("load", function (event) {
        if (event.target && event.target.tagName === "LINK") { schedule(); }
    }, true);

    window.frontlineLabels = {
        attach: attach, refresh: refresh, schedule: schedule,
        placements: function () { return placements; }
    };
})();
