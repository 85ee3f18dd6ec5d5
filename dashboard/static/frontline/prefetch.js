/*
 * A built browser timeline's files, fetched, unpacked and parsed by Streamlit's page while the
 * server is still reading its dataset (frontline; MIT). See `timeline_prefetch.py`: inlined by
 * it into an `st.html` element of a session's first run, so this runs in the page's own window,
 * seconds before the map's frame exists. `timeline.js`, in that frame (same origin), takes each
 * file from `window.parent.frontlineTimelineFiles` (keyed by its absolute URL) instead of
 * fetching it again; a file it never takes is let go after KEPT_MS.
 *
 * Each file fetched and unpacked by `unpack.js` (inlined before this), parsed here
 * (`JSON.parse`: data, never markup).
 */
(function () {
    "use strict";
    var KEPT_MS = 180000;
    var files = window.frontlineTimelineFiles = window.frontlineTimelineFiles || {};
    function mark(name) {
        if (window.performance && performance.mark) { performance.mark(name); }
    }

    window.frontlinePrefetchTimeline = function (urls) {
        mark("frontline-prefetch-start");
        urls.forEach(function (given) {
            var url = new URL(given, window.location.href).href;
            if (files[url]) { return; }
            var parsed = window.frontlineUnpacked(url).then(function (text) {
                var value = JSON.parse(text);
                mark("frontline-prefetch-parsed " + url.split("/").pop());
                return value;
            });
            parsed.catch(function () { /* the map fetches it again */ });
            files[url] = parsed;
            setTimeout(function () { if (files[url] === parsed) { delete files[url]; } }, KEPT_MS);
        });
    };
})();
