/*
 * The legend under the maps follows a browser step in the same frame (frontline; MIT).
 *
 * The legend is in the page around the map frames (`legend.py`, written by Python with every entry
 * a timeline may draw, those not drawn on the day hidden). Each timeline carries, per frame, the
 * entries it draws (`legendSets`, `legendOf`); after a step, `timeline.js` calls `update`, which
 * shows the entries any map on the page draws on its current day and hides the rest, with a group
 * hidden when none of its entries is shown; a legend a late rerun writes anew is set to the maps'
 * days within RECHECK_MS. Only the `hidden` property changes: no text is written.
 */
(function () {
    "use strict";
    var RECHECK_MS = 100;

    // The entries every timeline on the page (one per map frame; same origin) draws on its
    // current day; null while a map has no timeline yet (one still attaching, or a map drawn by
    // the server path): the legend Python wrote stands until every map can answer.
    function drawnOnPage(parent) {
        var drawn = null;
        for (var i = 0; i < parent.frames.length; i++) {
            var timeline = null;
            try { timeline = parent.frames[i].frontlineTimeline; }
            catch (error) { continue; /* another origin's frame */ }
            if (!timeline) { continue; }
            var t = timeline.current;
            if (!t || !t.data.legendSets || t.frame < 0) { return null; }
            drawn = drawn || {};
            t.data.legendSets[t.data.legendOf[t.frame]].forEach(function (name) { drawn[name] = true; });
        }
        return drawn;
    }

    function update() {
        var parent;
        try { parent = window.parent; parent.document; } catch (error) { return; }
        var legend = parent.document.querySelector(".frontline-legend");
        if (!legend) { return; }
        var drawn = drawnOnPage(parent);
        if (drawn === null) { return; }
        legend.querySelectorAll(".frontline-legend-row").forEach(function (row) {
            var any = false;
            row.querySelectorAll(".frontline-legend-entry").forEach(function (entry) {
                var shown = drawn[entry.dataset.entry] === true;
                if (entry.hidden === shown) { entry.hidden = !shown; }
                any = any || shown;
            });
            if (row.hidden === any) { row.hidden = !any; }
        });
    }

    // A rerun that ends after the map has moved on (scrubbing went on past the pause) writes the
    // legend of the day Python drew: it is set back to the maps' days at the next check.
    var seen = null;
    setInterval(function () {
        var legend = null;
        try { legend = window.parent.document.querySelector(".frontline-legend"); }
        catch (error) { return; }
        if (legend && legend !== seen) { seen = legend; update(); }
    }, RECHECK_MS);

    window.frontlineLegend = {update: update};
})();
