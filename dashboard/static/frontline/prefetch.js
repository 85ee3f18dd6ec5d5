/*
 * A built browser timeline's files, fetched, unpacked and parsed by Streamlit's page while the
 * server is still reading its dataset (frontline; MIT). See `timeline_prefetch.py`: inlined by
 * it into an `st.html` element of a session's first run, so this runs in the page's own window,
 * seconds before the map's frame exists. `timeline.js`, in that frame (same origin), takes each
 * file from `window.parent.frontlineTimelineFiles` (keyed by its absolute URL) instead of
 * fetching it again; a file it never takes is let go after KEPT_MS.
 *
 * As in `timeline.js`: each file is gzipped once when written, fetched and unpacked by a worker
 * (`DecompressionStream`), parsed here (`JSON.parse`: data, never markup).
 */
(function () {
    "use strict";
    var KEPT_MS = 180000;
    var UNPACK = "onmessage = function (event) {" +
        " var job = event.data;" +
        " fetch(job.url).then(function (response) {" +
        "  if (!response.ok) { throw new Error(response.status); }" +
        "  return new Response(response.body.pipeThrough(new DecompressionStream('gzip')))" +
        "   .arrayBuffer();" +
        " }).then(function (buffer) { postMessage({id: job.id, buffer: buffer}, [buffer]); }," +
        "  function (error) { postMessage({id: job.id, error: String(error)}); });" +
        "};";
    var files = window.frontlineTimelineFiles = window.frontlineTimelineFiles || {};
    var worker = null;
    var jobs = {};

    function mark(name) {
        if (window.performance && performance.mark) { performance.mark(name); }
    }

    function unpackHere(url) {
        return fetch(url).then(function (response) {
            if (!response.ok) { throw new Error(response.status); }
            return new Response(response.body.pipeThrough(new DecompressionStream("gzip")))
                .text();
        });
    }

    function unpacked(url) {
        if (worker === null) {
            try {
                worker = new Worker(URL.createObjectURL(
                    new Blob([UNPACK], {type: "text/javascript"})));
                worker.onmessage = function (event) {
                    var job = jobs[event.data.id];
                    delete jobs[event.data.id];
                    if (event.data.error) { job.reject(new Error(event.data.error)); return; }
                    job.resolve(new TextDecoder().decode(event.data.buffer));
                };
            } catch (error) {
                worker = false;
            }
        }
        if (!worker) { return unpackHere(url); }
        return new Promise(function (resolve, reject) {
            jobs[url] = {resolve: resolve, reject: reject};
            worker.postMessage({id: url, url: url});
        }).catch(function () { return unpackHere(url); });
    }

    window.frontlinePrefetchTimeline = function (urls) {
        mark("frontline-prefetch-start");
        urls.forEach(function (given) {
            var url = new URL(given, window.location.href).href;
            if (files[url]) { return; }
            var parsed = unpacked(url).then(function (text) {
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
