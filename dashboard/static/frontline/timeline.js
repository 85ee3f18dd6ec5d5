/*
 * The browser timeline (frontline; MIT).
 *
 * The map holds every shape it will ever draw (`timeline_map.py`) and the encoded days
 * (`timeline_data.py`): a step restyles only the features whose state differs between the day
 * shown and the new one, and rewrites the date stamp and the day's figures in the same frame.
 * Python hears of the day only when stepping pauses (PAUSE_MS) or the slider is released, through
 * the component value (`window.Streamlit.setComponentValue`, the streamlit-component-lib object
 * the map component puts on its page); a day Python sets (its own slider, buttons, a permalink)
 * reaches the map through the page's address, which Python rewrites on every run.
 *
 * Every text is set with `textContent`; tooltips carry the escaped texts Python made.
 */
(function () {
    "use strict";
    var PAUSE_MS = 250;
    var WATCH_MS = 100; // how often the page's address is read for a day Python set
    var SPEEDS = [1, 2, 5, 10, 20]; // days a second
    var DEFAULT_SPEED = 10;
    var HIDDEN = {stroke: false, fill: false, frontlineStyle: undefined};
    // Restyling by view: the window and a tenth of its size on each side, what Leaflet's SVG
    // renderer draws (its `padding`); past it a path is clipped away until the map stops moving.
    var VIEW_MARGIN = 0.1;
    var STYLE = ".frontline-timeline {background: rgba(255,255,255,.95); padding: 4px 6px;" +
        " font: 600 12px system-ui, sans-serif; display: flex; gap: 4px; align-items: center;}" +
        " .frontline-timeline button, .frontline-timeline select {font: inherit; cursor: pointer;}" +
        " .frontline-timeline input[type=range] {width: 220px;}";
    var timelines = [];
    var lastServerDay = null;
    // A timeline restyled by view (100x: tens of thousands of cells) draws its cells, outlines,
    // contested ground and settlement dots on one canvas of its own that paints by style: one
    // path and one fill for all the features of a style (`GroupedCanvas`). As SVG a
    // step cost the browser ~150 ms of style and paint for 21,700 paths; Leaflet's own canvas
    // draws each path with a fill and a stroke of its own, and was slower still. The hatched
    // changes stay SVG (a canvas cannot fill with the hatchings), under the canvas.
    var CANVAS_PANE = "frontline-timeline-canvas";
    var CANVAS_PANE_Z = 450; // over the overlay pane: the base map's SVG would take the mouse
    var CANVAS_SUBLAYERS = ["territory", "fighting", "contested", "settlements"]; // drawing order
    // Below this zoom (the theatre's view, cells 10-20 px across, to zoom 11, ~1,500 cells in
    // view) outlines are drawn one pixel wide, their colour and dashes kept: Chromium strokes a
    // wider line on the page's own thread (software), ~270 ms a redraw for 21,000 outlines 2 px
    // wide against ~40 ms for hairlines; at zoom 11 a step took 471 ms p50 with the outlines at
    // their weight and 106 ms as hairlines. Dots keep their rings.
    var FULL_OUTLINES_ZOOM = 12;
    var STROKE_GROUP = 8; // outlines stroked together (`GroupedCanvas._paint`)
    var STYLE_FIELDS = ["fill", "fillColor", "fillOpacity", "stroke", "color", "weight",
        "opacity", "dashArray", "lineCap", "lineJoin"];

    // A feature's style as one key: features with the same key are painted together.
    function styleKey(options) {
        if (options.frontlineStyle !== undefined) { return options.frontlineStyle; }
        return STYLE_FIELDS.map(function (field) { return String(options[field]); }).join("|");
    }

    // Leaflet's canvas renderer, painting by style. Leaflet keeps what a canvas needs besides
    // the paint: each feature projected and clipped on zoom and pan (`_parts`, `_point`), and the
    // hit-testing that gives the cells their tooltips and the dots their popups (`_onClick`,
    // `_handleMouseHover`, on the features in drawing order). Every redraw is whole: a day's
    // changes lie all over the theatre (repainting only the squares a step touched was tried:
    // a fifth of the canvas at the theatre's view, no faster, the clip costing what it saved).
    // Within a style the features' shapes are filled as one path by the non-zero rule, their
    // rings turned one way (`orientRings`), so that overlapping features of one style do not cut
    // holes in each other. Outlines wider than a pixel are stroked eight features at a time
    // (Chromium's software stroker slows on one path of thousands of rings: 1.1-1.3 s for 20,000
    // rings 2 px wide in one path, 0.13-0.3 s in eights), hairlines all at once (~30 ms); dots
    // are stamped from one small picture per style.
    var GroupedCanvas = L.Canvas.extend({
        _requestRedraw: function () {
            if (!this._map) { return; }
            this._redrawRequest = this._redrawRequest || L.Util.requestAnimFrame(this._redraw, this);
        },
        _redraw: function () {
            this._redrawRequest = null;
            this._redrawBounds = null;
            if (!this._map) { return; }
            this._clear();
            this._draw();
        },
        _draw: function () {
            var ctx = this._ctx;
            var buckets = [];
            var byKey = new Map();
            for (var order = this._drawFirst; order; order = order.next) {
                var layer = order.layer;
                var options = layer.options;
                if (!options.fill && !(options.stroke && options.weight !== 0)) { continue; }
                var dot = layer._radius !== undefined;
                if (dot ? layer._empty() : !(layer._parts && layer._parts.length)) { continue; }
                var rank = layer.frontlineRank || 0;
                var style = styleKey(options);
                var key = rank + ":" + style;
                var bucket = byKey.get(key);
                if (!bucket) {
                    bucket = {rank: rank, style: style, options: options, layers: []};
                    byKey.set(key, bucket);
                    buckets.push(bucket);
                }
                bucket.layers.push(layer);
            }
            // By drawing order, then by style.
            buckets.sort(function (a, b) {
                if (a.rank !== b.rank) { return a.rank - b.rank; }
                var x = String(a.style), y = String(b.style);
                return x < y ? -1 : (x > y ? 1 : 0);
            });
            this._zoom = this._map.getZoom();
            this._drawing = true;
            for (var b = 0; b < buckets.length; b++) {
                if (buckets[b].layers[0]._radius !== undefined) {
                    this._stamp(ctx, buckets[b]);
                } else {
                    this._paint(ctx, buckets[b]);
                }
            }
            this._drawing = false;
            ctx.globalAlpha = 1;
        },
        _outline: function (ctx, options) {
            ctx.setLineDash(options._dashArray || []);
            ctx.globalAlpha = options.opacity;
            ctx.lineWidth = this._zoom < FULL_OUTLINES_ZOOM ? Math.min(options.weight, 1) :
                options.weight;
            ctx.strokeStyle = options.color;
            ctx.lineCap = options.lineCap;
            ctx.lineJoin = options.lineJoin;
        },
        _paint: function (ctx, bucket) {
            var list = bucket.layers;
            var options = bucket.options;
            var stroke = options.stroke && options.weight !== 0;
            // A fill nobody sees (the fighting outlines': there to take the mouse) is not painted.
            var fill = options.fill && options.fillOpacity > 0;
            var hairline = this._zoom < FULL_OUTLINES_ZOOM || options.weight <= 1;
            var whole = fill || (stroke && hairline) ? shapesPath(list, 0, list.length) : null;
            if (fill) {
                ctx.globalAlpha = options.fillOpacity;
                ctx.fillStyle = options.fillColor || options.color;
                ctx.fill(whole, "nonzero");
            }
            if (!stroke) { return; }
            this._outline(ctx, options);
            if (hairline) { ctx.stroke(whole); return; }
            for (var from = 0; from < list.length; from += STROKE_GROUP) {
                ctx.stroke(shapesPath(list, from, Math.min(list.length, from + STROKE_GROUP)));
            }
        },
        // Dots of one style: the dot drawn once on a small canvas of its own, then copied to each
        // place (at whole pixels), as Leaflet would draw each: fill, then outline.
        _stamp: function (ctx, bucket) {
            var options = bucket.options;
            ctx.globalAlpha = 1;
            for (var i = 0; i < bucket.layers.length; i++) {
                var layer = bucket.layers[i];
                var r = Math.max(Math.round(layer._radius), 1);
                var sprite = this._sprite(options, bucket.style, r);
                var half = sprite.width / 2;
                ctx.drawImage(sprite, Math.round(layer._point.x - half),
                    Math.round(layer._point.y - half));
            }
        },
        _sprite: function (options, style, r) {
            this._sprites = this._sprites || new Map();
            var key = style + ":" + r;
            var sprite = this._sprites.get(key);
            if (sprite) { return sprite; }
            var stroke = options.stroke && options.weight !== 0;
            var size = 2 * Math.ceil(r + (stroke ? options.weight : 0) + 1);
            sprite = document.createElement("canvas");
            sprite.width = sprite.height = size;
            var ctx = sprite.getContext("2d");
            ctx.beginPath();
            ctx.arc(size / 2, size / 2, r, 0, Math.PI * 2, false);
            if (options.fill) {
                ctx.globalAlpha = options.fillOpacity;
                ctx.fillStyle = options.fillColor || options.color;
                ctx.fill();
            }
            if (stroke) {
                this._outline(ctx, options);
                ctx.lineWidth = options.weight; // a dot keeps its ring at every zoom
                ctx.stroke();
            }
            this._sprites.set(key, sprite);
            return sprite;
        }
    });

    // One path of the shapes of `list[from..to)` as Leaflet projected and clipped them.
    function shapesPath(list, from, to) {
        var path = new Path2D();
        for (var i = from; i < to; i++) {
            var parts = list[i]._parts;
            var closed = list[i] instanceof L.Polygon;
            for (var j = 0; j < parts.length; j++) {
                var part = parts[j];
                path.moveTo(part[0].x, part[0].y);
                for (var k = 1; k < part.length; k++) { path.lineTo(part[k].x, part[k].y); }
                // Back to the first point rather than `closePath`, which made Chromium's path
                // building quadratic (3.5 s for 20,000 rings in one path; 45 ms without).
                if (closed) { path.lineTo(part[0].x, part[0].y); }
            }
        }
        return path;
    }

    // The map's grouped canvas, made on first use, in a pane of its own over the overlay pane.
    function groupedCanvas(map) {
        if (map.frontlineGroupedCanvas) { return map.frontlineGroupedCanvas; }
        if (!map.getPane(CANVAS_PANE)) { map.createPane(CANVAS_PANE).style.zIndex = CANVAS_PANE_Z; }
        map.frontlineGroupedCanvas = new GroupedCanvas({pane: CANVAS_PANE, padding: VIEW_MARGIN});
        return map.frontlineGroupedCanvas;
    }

    // Twice the signed area of a ring of [x, y] pairs (or LatLngs, `lat`/`lng`).
    function ringArea(ring) {
        var sum = 0;
        for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
            var a = ring[j], b = ring[i];
            var ax = a.lng !== undefined ? a.lng : a[0], ay = a.lat !== undefined ? a.lat : a[1];
            var bx = b.lng !== undefined ? b.lng : b[0], by = b.lat !== undefined ? b.lat : b[1];
            sum += (bx - ax) * (by + ay);
        }
        return sum;
    }

    // Turn a polygon's rings (outer ring first, then its holes) in place: the outer ring one
    // way, the holes the other, so the non-zero rule fills it as even-odd would.
    function orientRings(rings) {
        rings.forEach(function (ring, index) {
            var clockwise = ringArea(ring) > 0;
            if (clockwise !== (index > 0)) { ring.reverse(); }
        });
    }

    // A GeoJSON geometry's polygons oriented in place (`orientRings`).
    function orientGeometry(geometry) {
        if (!geometry) { return; }
        if (geometry.type === "Polygon") { orientRings(geometry.coordinates); }
        if (geometry.type === "MultiPolygon") { geometry.coordinates.forEach(orientRings); }
        if (geometry.type === "GeometryCollection") { geometry.geometries.forEach(orientGeometry); }
    }

    // A polygon layer's rings oriented in place (`orientRings`), for layers made before the
    // timeline started (inline): Leaflet nests a multipolygon's rings one level deeper.
    function orientLayer(layer) {
        if (!(layer instanceof L.Polygon)) { return; }
        var latlngs = layer.getLatLngs();
        if (!latlngs.length) { return; }
        var polygons = L.LineUtil.isFlat(latlngs[0]) ? [latlngs] : latlngs;
        polygons.forEach(orientRings);
    }

    // Per frame, every feature's state (`width` numbers each; -1: not drawn), built once from the
    // per-frame changes so that any two days compare directly.
    function expand(frames, sublayer, size, width) {
        var states = [];
        var current = new Int32Array(size * width).fill(-1);
        frames.forEach(function (frame) {
            current = current.slice();
            (frame[sublayer] || []).forEach(function (change) {
                for (var k = 0; k < width; k++) { current[change[0] * width + k] = change[k + 1]; }
            });
            states.push(current);
        });
        return states;
    }

    // A feature's state of a frame: its properties, and its style when that changed (`styled`):
    // a feature whose text alone changes keeps its path untouched, so the browser does not
    // repaint it.
    function apply(t, name, layer, state, at, styled) {
        var data = t.data;
        if (name === "settlements") {
            var props = data.props[state[at]];
            if (!props) { layer.setStyle(HIDDEN); return; }
            var place = data.places[at];
            var text = function (index) { return data.tips[index]; };
            var properties = Object.assign({}, place, props, {
                word: text(props.word),
                fighting: text(props.fighting),
                dissent: props.dissent.map(text)
            });
            // A place's claims are sent once, each with the frame it joins the list on
            // (`timeline_data._note_claims`): the popup reads those of the frame shown.
            Object.defineProperty(properties, "claims", {enumerable: true, get: function () {
                return (place.claims || []).filter(function (pair) { return pair[1] <= t.frame; })
                    .map(function (pair) { return data.claimIds[pair[0]]; });
            }});
            layer.feature.properties = properties;
            if (styled) {
                layer.setStyle(Object.assign({stroke: true, fill: true, frontlineStyle: props.style},
                    data.styles[props.style]));
            }
            return;
        }
        if (state[at] < 0) {
            layer.feature.properties = {tooltip: ""};
            layer.setStyle(HIDDEN);
            return;
        }
        layer.feature.properties = Object.assign({}, data.props[state[at + 2]], {
            tooltip: data.tips[state[at + 1]]
        });
        if (styled) {
            layer.setStyle(Object.assign({stroke: true, fill: true, frontlineStyle: state[at]},
                data.styles[state[at]]));
        }
    }

    // Whether a feature's style differs between two frames' states (`before` null: never drawn).
    function styleChanged(t, name, before, after, at) {
        if (before === null) { return true; }
        if (name !== "settlements") { return before[at] !== after[at]; }
        var was = t.data.props[before[at]];
        var now = t.data.props[after[at]];
        return !was || !now || was.style !== now.style;
    }

    // Bring each feature to frame `to`: a feature is restyled only when its state differs from
    // that of the frame it was last brought to (`applied`). Restyling by view (`t.view`), only the
    // features in the view's box are, and only those the day draws are on the map at all (and a
    // marker only from its zoom on): the browser's work for a step grows with the paths in the
    // page, on screen or not (at 100x, 54,000 paths at zoom 11: 210 ms a step). A feature off
    // the map keeps its last state and catches up when it comes into view.
    function restyle(t, name, to) {
        if (t.view !== null) { restyleByView(t, name, to); return; }
        for (var i = 0; i < t.layers[name].length; i++) { bring(t, name, i, to, true); }
    }

    // One feature brought to frame `to` (`restyle`); `inside`: in the view (and past its zoom).
    function bring(t, name, i, to, inside) {
        var sub = t.states[name];
        var width = sub.width;
        var after = sub.frames[to];
        var layer = t.layers[name][i];
        var at = i * width;
        var byView = t.view !== null;
        var drawn = false;
        if (byView) {
            drawn = inside && (name === "settlements" ?
                t.data.props[after[at]] !== undefined : after[at] >= 0);
            if (!drawn) {
                if (sub.group.hasLayer(layer)) { sub.group.removeLayer(layer); }
                if (!inside) { return; }
            }
        }
        var was = sub.applied[i];
        if (was !== to) {
            var before = was < 0 ? null : sub.frames[was];
            var changed = before === null;
            for (var k = 0; k < width && !changed; k++) { changed = before[at + k] !== after[at + k]; }
            if (changed) { apply(t, name, layer, after, at, styleChanged(t, name, before, after, at)); }
            sub.applied[i] = to;
        }
        if (drawn && !sub.group.hasLayer(layer)) {
            sub.group.addLayer(layer);
            if (byView && !sub.rebuilding) { sub.shown.push(i); }
        }
    }

    // Restyling by view, without walking every feature: when neither the view nor the zoom moved
    // since the last restyle and the frames are close, only the features whose state changed
    // between them can differ from what is drawn (what is in view was brought to the last frame,
    // what is on the map is in view), and each frame lists those (`data.frames`); otherwise
    // the features whose box meets the view (`BoxGrid`) and those on the map (which may have
    // to go). At 100x a step walked all ~54,000 features to find the ~21,700 in view.
    function restyleByView(t, name, to) {
        var sub = t.states[name];
        var view = t.view;
        var zoom = t.map.getZoom();
        var still = sub.frameAt >= 0 && sub.zoomAt === zoom && sameBox(sub.viewAt, view) &&
            Math.abs(to - sub.frameAt) <= DIFF_FRAMES;
        var candidates = still ? changedBetween(t, name, sub.frameAt, to) : inViewOrShown(sub, view);
        var boxes = sub.boxes;
        var minZoom = sub.minZoom;
        // A full look lists the features on the map anew (`shown`); a step adds those it draws.
        sub.rebuilding = !still;
        var shown = [];
        for (var c = 0; c < candidates.length; c++) {
            var i = candidates[c];
            var b = i * 4;
            var inside = !(boxes[b] > view[2] || boxes[b + 2] < view[0] ||
                boxes[b + 1] > view[3] || boxes[b + 3] < view[1]) &&
                (minZoom === null || zoom >= minZoom[i]);
            bring(t, name, i, to, inside);
            if (!still && sub.group.hasLayer(sub.layers[i])) { shown.push(i); }
        }
        if (!still) { sub.shown = shown; }
        sub.rebuilding = false;
        sub.frameAt = to;
        sub.viewAt = view;
        sub.zoomAt = zoom;
    }

    // How many frames apart a restyle may follow each frame's changes rather than the view.
    var DIFF_FRAMES = 8;

    function sameBox(a, b) {
        return a !== null && a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];
    }

    // The features of a sublayer whose state changes between frames `from` and `to`, in order.
    function changedBetween(t, name, from, to) {
        var found = [];
        var frames = t.data.frames;
        for (var f = Math.min(from, to) + 1; f <= Math.max(from, to); f++) {
            var changes = frames[f][name] || [];
            for (var c = 0; c < changes.length; c++) { found.push(changes[c][0]); }
        }
        return distinctInOrder(found);
    }

    // The features whose box meets `view` and those on the map, in order; the list of those on
    // the map (`shown`) kept to those still on it.
    function inViewOrShown(sub, view) {
        sub.grid = sub.grid || new BoxGrid(sub.boxes);
        var found = sub.grid.search(view);
        var layers = sub.group;
        var list = sub.layers;
        var shown = sub.shown.filter(function (i) { return layers.hasLayer(list[i]); });
        return distinctInOrder(found.concat(shown));
    }

    function distinctInOrder(list) {
        var sorted = Int32Array.from(list).sort();
        var out = [];
        for (var i = 0; i < sorted.length; i++) {
            if (i === 0 || sorted[i] !== sorted[i - 1]) { out.push(sorted[i]); }
        }
        return out;
    }

    // A grid over features' boxes ([south, west, north, east] each), made once: the features
    // whose box meets a view are found from the grid cells the view covers. A feature over many
    // cells (the contested ground's wide shapes) is kept aside and looked at every time.
    function BoxGrid(boxes) {
        var count = boxes.length / 4;
        var s = Infinity, w = Infinity, n = -Infinity, e = -Infinity;
        for (var i = 0; i < count; i++) {
            s = Math.min(s, boxes[i * 4]); w = Math.min(w, boxes[i * 4 + 1]);
            n = Math.max(n, boxes[i * 4 + 2]); e = Math.max(e, boxes[i * 4 + 3]);
        }
        var cells = Math.max(1, Math.min(GRID_MAX_CELLS, Math.ceil(count / GRID_PER_CELL)));
        var height = Math.max(n - s, 1e-9), width = Math.max(e - w, 1e-9);
        this.cols = Math.max(1, Math.round(Math.sqrt(cells * width / height)));
        this.rows = Math.max(1, Math.ceil(cells / this.cols));
        this.south = s; this.west = w;
        this.cellHeight = height / this.rows; this.cellWidth = width / this.cols;
        this.boxes = boxes;
        this.wide = [];
        var counts = new Int32Array(this.rows * this.cols + 1);
        this._each(count, true, function (cell) { counts[cell + 1] += 1; });
        for (var c = 1; c < counts.length; c++) { counts[c] += counts[c - 1]; }
        this.starts = counts;
        this.items = new Int32Array(counts[counts.length - 1]);
        var filled = counts.slice(0, -1);
        var items = this.items;
        this._each(count, false, function (cell, feature) { items[filled[cell]++] = feature; });
    }
    var GRID_PER_CELL = 8; // features a grid cell holds on average
    var GRID_MAX_CELLS = 1 << 16;
    var GRID_WIDE = 64; // a feature over more cells than this is kept aside

    // The grid cells' range ([row0, col0, row1, col1]) a box [south, west, north, east] covers.
    BoxGrid.prototype._range = function (s, w, n, e) {
        var clamp = function (value, most) { return Math.max(0, Math.min(most, value)); };
        return [clamp(Math.floor((s - this.south) / this.cellHeight), this.rows - 1),
                clamp(Math.floor((w - this.west) / this.cellWidth), this.cols - 1),
                clamp(Math.floor((n - this.south) / this.cellHeight), this.rows - 1),
                clamp(Math.floor((e - this.west) / this.cellWidth), this.cols - 1)];
    };

    // Each (grid cell, feature) pair of the features not kept aside; `aside`: keep them aside.
    BoxGrid.prototype._each = function (count, aside, visit) {
        var boxes = this.boxes;
        for (var i = 0; i < count; i++) {
            var r = this._range(boxes[i * 4], boxes[i * 4 + 1], boxes[i * 4 + 2], boxes[i * 4 + 3]);
            // (A box that is not a number is looked at every time too, as a walk would.)
            if (!((r[2] - r[0] + 1) * (r[3] - r[1] + 1) <= GRID_WIDE)) {
                if (aside) { this.wide.push(i); }
                continue;
            }
            for (var row = r[0]; row <= r[2]; row++) {
                for (var col = r[1]; col <= r[3]; col++) { visit(row * this.cols + col, i); }
            }
        }
    };

    // The features whose box meets `view` ([south, west, north, east]), each once.
    BoxGrid.prototype.search = function (view) {
        var boxes = this.boxes;
        var found = [];
        var meets = function (i) {
            var b = i * 4;
            return !(boxes[b] > view[2] || boxes[b + 2] < view[0] ||
                boxes[b + 1] > view[3] || boxes[b + 3] < view[1]);
        };
        this.wide.forEach(function (i) { if (meets(i)) { found.push(i); } });
        if (view[0] > view[2] || view[1] > view[3]) { return found; }
        var r = this._range(view[0], view[1], view[2], view[3]);
        for (var row = r[0]; row <= r[2]; row++) {
            for (var col = r[1]; col <= r[3]; col++) {
                var cell = row * this.cols + col;
                for (var k = this.starts[cell]; k < this.starts[cell + 1]; k++) {
                    if (meets(this.items[k])) { found.push(this.items[k]); }
                }
            }
        }
        return found; // a feature over several cells comes once per cell: `distinctInOrder`
    };

    // The map's window padded by VIEW_MARGIN of its size each way, as [south, west, north, east];
    // null when the map restyles every feature.
    function viewBox(t) {
        if (!t.viewOnly) { return null; }
        var bounds = t.map.getBounds().pad(VIEW_MARGIN);
        return [bounds.getSouth(), bounds.getWest(), bounds.getNorth(), bounds.getEast()];
    }

    // Each feature's box ([south, west, north, east] per feature), read once.
    function featureBoxes(list) {
        var boxes = new Float64Array(list.length * 4);
        list.forEach(function (layer, i) {
            var bounds = layer.getLatLng ? L.latLngBounds(layer.getLatLng(), layer.getLatLng()) :
                layer.getBounds();
            boxes[i * 4] = bounds.getSouth();
            boxes[i * 4 + 1] = bounds.getWest();
            boxes[i * 4 + 2] = bounds.getNorth();
            boxes[i * 4 + 3] = bounds.getEast();
        });
        return boxes;
    }

    function show(t, index) {
        index = Math.max(0, Math.min(t.data.days.length - 1, index));
        var frame = t.data.frameOf[index];
        if (frame !== t.frame) {
            t.view = viewBox(t);
            Object.keys(t.layers).forEach(function (name) { restyle(t, name, frame); });
            t.frame = frame;
        }
        t.day = index;
        var text = t.data.stamps[index];
        t.map.frontlineDateText = text;
        t.box.textContent = text;
        t.box.dataset.date = t.data.days[index];
        var figures = t.data.figures[frame];
        if (figures) {
            var line = document.createElement("div");
            line.className = "frontline-figures";
            line.textContent = figures;
            t.box.appendChild(line);
        }
        t.slider.value = String(index);
        if (window.frontlineLegend) { window.frontlineLegend.update(); }
    }

    // Key press (or slider move) to the frame after the restyle is painted, in the page's own
    // clock: kept in `steps` and as performance measures named "frontline-step".
    function timed(t, started, index) {
        show(t, index);
        window.requestAnimationFrame(function () {
            setTimeout(function () {
                var end = performance.now();
                t.steps.push(end - started);
                if (performance.measure) {
                    try { performance.measure("frontline-step", {start: started, end: end}); }
                    catch (error) { /* an old browser without measure options */ }
                }
            }, 0);
        });
    }

    function sync(t) {
        var day = t.data.days[t.day];
        var streamlit = window.Streamlit;
        if (day === lastServerDay || !streamlit || !streamlit.setComponentValue) { return; }
        t.seq += 1;
        t.sent.push(day);
        var center = t.map.getCenter();
        streamlit.setComponentValue({
            center: {lat: center.lat, lng: center.lng},
            zoom: t.map.getZoom(),
            day: day,
            stamp: t.token + ":" + t.seq
        });
    }

    function schedule(t) {
        clearTimeout(t.pause);
        if (t.playing) { return; }
        t.pause = setTimeout(function () { sync(t); }, PAUSE_MS);
    }

    function step(t, delta, started) {
        stop(t);
        timed(t, started, t.day + delta);
        schedule(t);
        siblings(t);
    }

    // Two maps side by side are two frames of one page: the one stepped moves the other at once
    // (same origin); only the one stepped tells Python, so a pause is one rerun.
    function siblings(t) {
        var day = t.data.days[t.day];
        var frames;
        try { frames = window.parent.frames; } catch (error) { return; }
        for (var i = 0; i < frames.length; i++) {
            if (frames[i] === window) { continue; }
            try {
                var other = frames[i].frontlineTimeline;
                if (other && other.follow) { other.follow(day); }
            } catch (error) { /* another origin's frame */ }
        }
    }

    function follow(day) {
        var t = timelines[timelines.length - 1];
        if (!t) { return; }
        var index = t.data.days.indexOf(day);
        if (index < 0 || index === t.day) { return; }
        stop(t);
        t.sent.push(day); // Python hears of it from the map that was stepped
        timed(t, performance.now(), index);
    }

    function stop(t) {
        if (!t.playing) { return; }
        clearInterval(t.playing);
        t.playing = null;
        t.play.textContent = "Play";
        schedule(t);
    }

    // One day per tick, never skipping one; stops on the last day.
    function play(t) {
        if (t.playing) { stop(t); return; }
        if (t.day >= t.data.days.length - 1) { show(t, 0); }
        t.play.textContent = "Pause";
        t.playing = setInterval(function () {
            if (t.day >= t.data.days.length - 1) { stop(t); return; }
            timed(t, performance.now(), t.day + 1);
            siblings(t);
        }, 1000 / t.speed);
    }

    function button(parent, text, label, onClick) {
        var node = L.DomUtil.create("button", "", parent);
        node.type = "button";
        node.textContent = text;
        node.setAttribute("aria-label", label);
        node.title = label;
        L.DomEvent.on(node, "click", onClick);
        return node;
    }

    function control(t) {
        if (!document.getElementById("frontline-timeline-style")) {
            var style = document.createElement("style");
            style.id = "frontline-timeline-style";
            style.textContent = STYLE;
            document.head.appendChild(style);
        }
        var Control = L.Control.extend({
            options: {position: "bottomright"},
            onAdd: function () {
                var box = L.DomUtil.create("div", "frontline-timeline leaflet-bar");
                button(box, "◀", "Previous day", function (e) { step(t, -1, e.timeStamp); });
                t.slider = L.DomUtil.create("input", "", box);
                t.slider.type = "range";
                t.slider.min = "0";
                t.slider.max = String(t.data.days.length - 1);
                t.slider.setAttribute("aria-label", "Date shown");
                t.slider.addEventListener("input", function (e) {
                    stop(t);
                    timed(t, e.timeStamp, Number(t.slider.value));
                    schedule(t);
                    siblings(t);
                });
                t.slider.addEventListener("change", function () { clearTimeout(t.pause); sync(t); });
                button(box, "▶", "Next day", function (e) { step(t, 1, e.timeStamp); });
                t.play = button(box, "Play", "Play: one day after another", function () { play(t); });
                var speed = L.DomUtil.create("select", "", box);
                speed.setAttribute("aria-label", "Play speed");
                SPEEDS.forEach(function (value) {
                    var option = document.createElement("option");
                    option.value = String(value);
                    option.textContent = value + " days/s";
                    option.selected = value === t.speed;
                    speed.appendChild(option);
                });
                speed.addEventListener("change", function () {
                    t.speed = Number(speed.value);
                    if (t.playing) { stop(t); play(t); }
                });
                L.DomEvent.disableClickPropagation(box);
                L.DomEvent.disableScrollPropagation(box);
                return box;
            }
        });
        t.control = new Control().addTo(t.map);
    }

    // Left and right arrows step a day (up and down still pan the map); the slider's own arrow
    // handling is replaced so one press is one day.
    function onKey(event) {
        if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") { return; }
        var target = event.target;
        var typing = target && (target.tagName === "SELECT" || target.tagName === "TEXTAREA" ||
            (target.tagName === "INPUT" && target.type !== "range"));
        var t = timelines[timelines.length - 1];
        if (typing || !t) { return; }
        event.preventDefault();
        event.stopPropagation();
        step(t, event.key === "ArrowRight" ? 1 : -1, event.timeStamp);
    }

    // The day Python drew is the one the page's address names (Python writes the permalink on
    // every run, before the map). Read from here, not sent as a component argument: an argument
    // that changes makes Streamlit send the whole map (~1.5 MB) again; unchanged, it sends a
    // reference to the copy the browser already holds.
    function addressDay() {
        try {
            return new URLSearchParams(window.parent.location.search).get("date");
        } catch (error) {
            return null;
        }
    }

    function serverDay(data) {
        if (lastServerDay !== null) { return lastServerDay; }
        return addressDay() || data.days[0];
    }

    // A day set by the page (its slider, Previous / Next change, a permalink) moves the map there.
    function watchAddress() {
        var day = addressDay();
        if (!day || day === lastServerDay) { return; }
        lastServerDay = day;
        timelines.forEach(function (t) {
            var index = t.data.days.indexOf(day);
            // The echo of a day this map sent is no news: the map may have moved on since (the
            // echoes come in the order the days were sent).
            var echo = t.sent.indexOf(day);
            if (echo >= 0) { t.sent.splice(0, echo + 1); return; }
            if (index < 0 || index === t.day) { return; }
            stop(t);
            timed(t, performance.now(), index);
        });
    }

    function detach(map) {
        map.frontlineTimelineLoading = null; // files still coming are for layers gone
        timelines.forEach(function (other) {
            if (other.map !== map) { return; }
            stop(other);
            clearTimeout(other.pause);
            other.control.remove();
            map.off("moveend", other.onMove);
        });
        timelines = timelines.filter(function (other) { return other.map !== map; });
        if (window.frontlineTimeline.current && window.frontlineTimeline.current.map === map) {
            window.frontlineTimeline.current = null;
        }
    }

    // A crowded map draws a settlement's marker only from its zoom on (`minZoom`): a marker
    // off the map keeps its style and properties, and is drawn with them when it comes back.
    function byZoom(map, group, list, minZoom) {
        function cull() {
            var zoom = map.getZoom();
            list.forEach(function (layer, index) {
                var wanted = zoom >= minZoom[index];
                if (wanted && !group.hasLayer(layer)) { group.addLayer(layer); }
                if (!wanted && group.hasLayer(layer)) { group.removeLayer(layer); }
            });
        }
        map.on("zoomend", cull);
        cull();
    }

    // `options.source`: the timeline is served as files (`timeline_files.py`) and fetched here,
    // its shapes added to the (empty) layers; `options.viewOnly`: a step restyles the features
    // in and near the view, and the others as they come into it.
    function attach(map, layers, data, options) {
        options = options || {};
        if (options.source) { return load(map, layers, options); }
        return start(map, layers, data, options);
    }

    function fetchFile(url, name) {
        var address = new URL(url + "/" + name + ".json.gz", window.location.href).href;
        function fetched() {
            return window.frontlineUnpacked(address).then(function (text) {
                return JSON.parse(text);
            });
        }
        function here() { return fetched().then(function (value) { return [value, false]; }); }
        var early = prefetched(address);
        var parsed = early ? Promise.resolve(early).then(function (value) { return [value, true]; },
            here) : here();
        // [name, its JSON, whether Streamlit's page had it ready]
        return parsed.then(function (got) {
            mark("frontline-file-in " + name);
            return [name, got[0], got[1]];
        }, function (error) { throw new Error(name + ": " + error.message); });
    }

    // A file Streamlit's page has been fetching and parsing since the session's first run began,
    // while the server read its dataset (`prefetch.js`, `timeline_prefetch.py`), taken from it
    // once: the same JSON as fetched here. Null when the page has none (another view, a later
    // map, a page of its own).
    function prefetched(address) {
        try {
            var files = window.parent !== window ? window.parent.frontlineTimelineFiles : null;
            var found = files ? files[address] : null;
            if (!found) { return null; }
            delete files[address];
            return found;
        } catch (error) {
            return null; // another origin's page
        }
    }

    // Where a timeline served as files spends its first seconds (`bench.cold_start_breakdown`).
    function mark(name) {
        if (window.performance && performance.mark) { performance.mark(name); }
    }

    // The group holding `layer` on `map` (folium puts each timeline layer in a feature group).
    function parentOf(map, layer) {
        var found = null;
        map.eachLayer(function (candidate) {
            if (!found && candidate !== layer && candidate instanceof L.LayerGroup &&
                candidate.hasLayer(layer)) { found = candidate; }
        });
        return found;
    }

    // A timeline polygon parsed, and its points made Leaflet's, only when it is first drawn: it
    // comes as its box and its GeoJSON text (`timeline_files.shape_entry`). At 100x the
    // contested sublayer alone is 264 shapes of 2.3 million points, of which a day draws one or
    // two: parsing them all, then making every point a LatLng, was 2.5 s of the first map. Its
    // box is what `restyle` reads to tell whether it is in view.
    var LazyPolygon = L.Polygon.extend({
        initialize: function (entry, options) {
            this._frontlineEntry = entry;
            L.Polygon.prototype.initialize.call(this, [], options);
        },
        _frontlineMake: function () {
            var entry = this._frontlineEntry;
            if (!entry) { return; }
            this._frontlineEntry = null;
            var geometry = JSON.parse(entry[1]);
            orientGeometry(geometry); // as the grouped canvas wants it (`toCanvasBeforeData`)
            this._setLatLngs(L.GeoJSON.coordsToLatLngs(
                geometry.coordinates, geometry.type === "Polygon" ? 1 : 2));
        },
        onAdd: function (map) {
            this._frontlineMake();
            return L.Polygon.prototype.onAdd.call(this, map);
        },
        getLatLngs: function () {
            this._frontlineMake();
            return L.Polygon.prototype.getLatLngs.call(this);
        },
        toGeoJSON: function (precision) {
            this._frontlineMake();
            return L.Polygon.prototype.toGeoJSON.call(this, precision);
        },
        getBounds: function () {
            var box = this._frontlineEntry && this._frontlineEntry[0]; // west, south, east, north
            if (!box) { return L.Polygon.prototype.getBounds.call(this); }
            return L.latLngBounds([box[1], box[0]], [box[3], box[2]]);
        }
    });

    // The fetched shapes added to a timeline layer as `addData` adds features (style, then
    // folium's per-feature bindings): a polygon given as `[box, text]` as a `LazyPolygon` when
    // `lazy` (a timeline restyled by view, where a day draws a small part of it), else parsed
    // here; any other geometry (the settlements' points) through `addData`.
    function addShapes(group, shapes, settlements, lazy) {
        shapes.forEach(function (shape) {
            var listed = Array.isArray(shape);
            var feature = {type: "Feature", geometry: listed ? null : shape,
                           properties: settlements ? {claims: [], status: "", id: "", name: ""} :
                               {tooltip: "", style: HIDDEN}};
            if (listed && !lazy) { feature.geometry = JSON.parse(shape[1]); }
            if (!listed || !lazy) { group.addData(feature); return; }
            var layer = new LazyPolygon(shape, group.options);
            layer.feature = feature;
            layer.defaultOptions = layer.options;
            group.resetStyle(layer);
            if (group.options.onEachFeature) { group.options.onEachFeature(feature, layer); }
            group.addLayer(layer);
        });
    }

    function load(map, layers, options) {
        var source = options.source;
        var loading = {};
        map.frontlineTimelineLoading = loading;
        var fetched = source.files.map(function (name) { return fetchFile(source.url, name); });
        return Promise.all(fetched).then(function (parts) {
            if (map.frontlineTimelineLoading !== loading) { return null; } // other layers came since
            mark("frontline-files-in");
            var got = {};
            parts.forEach(function (part) { got[part[0]] = part[1]; });
            // Restyled by view (100x), the shapes are added, and the first day styled, with each
            // layer off the map: only what the day draws is then drawn (~54,000 paths were drawn
            // hidden, most of them to be taken off again by the first restyle).
            // A timeline restyled whole (10x) is added as before: every shape drawn at once.
            var byView = Boolean(options.viewOnly);
            var parents = {};
            // On the grouped canvas from the start: no SVG path is made for a feature.
            if (onCanvas(options)) { toCanvasBeforeData(map, layers, got); }
            Object.keys(layers).forEach(function (name) {
                var parent = byView ? parentOf(map, layers[name]) : null;
                if (parent) { parent.removeLayer(layers[name]); parents[name] = parent; }
            });
            Object.keys(layers).forEach(function (name) {
                addShapes(layers[name], got[name] || [], name === "settlements", byView);
            });
            mark("frontline-shapes-added");
            var t = start(map, layers, got.data, options);
            t.fetchedFrom = source.url; // the worker's fetches are not in the page's timeline
            t.prefetched = parts.filter(function (part) { return part[2]; })
                .map(function (part) { return part[0]; });
            Object.keys(parents).forEach(function (name) { parents[name].addLayer(layers[name]); });
            mark("frontline-day-set");
            // Drawn: the task after the next frame, whose paint holds the day (the grouped
            // canvas paints in that frame's callbacks, asked for before this one).
            window.requestAnimationFrame(function () {
                setTimeout(function () { mark("frontline-drawn"); }, 0);
            });
            return t;
        }).catch(function (error) {
            var container = map.getContainer();
            var box = container.querySelector(".frontline-date");
            if (box) {
                var line = document.createElement("div");
                line.className = "frontline-figures";
                line.textContent = "The timeline could not be loaded; reload the page.";
                box.appendChild(line);
            }
            if (window.console) { window.console.error("frontline timeline", error); }
            return null;
        });
    }

    // Whether a timeline draws on the grouped canvas: `options.canvas` when given, else when it
    // restyles by view (100x).
    function onCanvas(options) {
        return options.canvas !== undefined && options.canvas !== null ? Boolean(options.canvas) :
            Boolean(options.viewOnly);
    }

    // Fetched shapes: the layers make their features on the grouped canvas, rings oriented.
    function toCanvasBeforeData(map, layers, got) {
        var renderer = groupedCanvas(map);
        CANVAS_SUBLAYERS.forEach(function (name) {
            var group = layers[name];
            if (!group) { return; }
            group.options.renderer = renderer;
            var make = group.options.pointToLayer;
            if (make) {
                group.options.pointToLayer = function (feature, latlng) {
                    var marker = make(feature, latlng);
                    marker.options.renderer = renderer;
                    return marker;
                };
            }
            (got[name] || []).forEach(orientGeometry);
        });
    }

    // Every canvas sublayer's features on the grouped canvas, each knowing its drawing order
    // (`frontlineRank`); features made on another renderer (inline shapes) are moved over.
    function toCanvas(map, layers) {
        var renderer = groupedCanvas(map);
        CANVAS_SUBLAYERS.forEach(function (name, rank) {
            var group = layers[name];
            if (!group) { return; }
            group.options.renderer = renderer;
            group.eachLayer(function (layer) {
                layer.frontlineRank = rank;
                if (layer.options.renderer === renderer) { return; }
                var on = group.hasLayer(layer) && layer._map;
                if (on) { group.removeLayer(layer); }
                orientLayer(layer);
                layer.options.renderer = renderer;
                if (on) { group.addLayer(layer); }
            });
            // An empty canvas left on top would take every hover and click meant for what lies
            // below it; Leaflet adds it back for the next feature drawn on it.
            group.on("remove", function () {
                if (renderer._map && !Object.keys(renderer._layers || {}).length) {
                    renderer._map.removeLayer(renderer);
                }
            });
        });
    }

    function start(map, layers, data, options) {
        if (onCanvas(options)) { toCanvas(map, layers); }
        var t = {map: map, data: data, layers: {}, states: {}, frame: -1, day: 0, steps: [],
                 playing: null, speed: DEFAULT_SPEED, pause: null, seq: 0, sent: [],
                 viewOnly: Boolean(options.viewOnly), view: null,
                 token: Math.random().toString(36).slice(2)};
        Object.keys(layers).forEach(function (name) {
            var list = [];
            layers[name].eachLayer(function (layer) { list.push(layer); });
            var byZoomOn = name === "settlements" && data.minZoom && data.minZoom.length;
            // Restyling by view, `restyle` puts markers on the map by zoom too.
            if (byZoomOn && !t.viewOnly) { byZoom(map, layers[name], list, data.minZoom); }
            var width = name === "settlements" ? 1 : 3; // [props] or [style, tip, props]
            t.layers[name] = list;
            t.states[name] = {width: width, frames: expand(data.frames, name, list.length, width),
                              applied: new Int32Array(list.length).fill(-1),
                              group: layers[name],
                              minZoom: byZoomOn && t.viewOnly ? data.minZoom : null,
                              boxes: t.viewOnly ? featureBoxes(list) : null,
                              layers: list, shown: [], rebuilding: false, grid: null,
                              frameAt: -1, viewAt: null, zoomAt: null};
        });
        var container = map.getContainer();
        t.box = container.querySelector(".frontline-date") ||
            L.DomUtil.create("div", "frontline-date", container);
        // New layers for the same map (other view settings): the old timeline goes with its control.
        detach(map);
        control(t);
        timelines.push(t);
        // Restyling by view: what comes into view after a pan or zoom is brought to the day shown.
        t.onMove = function () {
            if (!t.viewOnly || t.frame < 0) { return; }
            t.view = viewBox(t);
            Object.keys(t.layers).forEach(function (name) { restyle(t, name, t.frame); });
        };
        map.on("moveend", t.onMove);
        var day = serverDay(data);
        lastServerDay = day;
        show(t, Math.max(0, data.days.indexOf(day)));
        window.frontlineTimeline.current = t;
        return t;
    }

    document.addEventListener("keydown", onKey, true);
    setInterval(watchAddress, WATCH_MS);
    window.frontlineTimeline = {
        attach: attach,
        detach: detach,
        follow: follow,
        current: null,
        show: function (index) { var t = timelines[timelines.length - 1]; if (t) { show(t, index); } }
    };
})();
