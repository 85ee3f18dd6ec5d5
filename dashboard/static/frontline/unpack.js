/*
 * One of a built timeline's files (`timeline_files.py`), fetched and unpacked (frontline; MIT).
 * Each file is gzipped once when written (the server would gzip a plain file again on every
 * request, at its slowest level); a worker fetches and unpacks it, so the page's own thread only
 * parses (at 100x the 46 MB of the contested sublayer took seconds of it unpacked there). Where
 * the browser has no workers, or a worker may not fetch, it is unpacked here.
 *
 * Used in two windows: the map's frame (`timeline.js`) and Streamlit's own page, where
 * `timeline_prefetch.py` inlines it before `prefetch.js`. `window.frontlineUnpacked(url)` is a
 * promise of the file's text.
 */
(function () {
    "use strict";
    if (window.frontlineUnpacked) { return; }
    var UNPACK = "onmessage = function (event) {" +
        " var job = event.data;" +
        " fetch(job.url).then(function (response) {" +
        "  if (!response.ok) { throw new Error(response.status); }" +
        "  return new Response(response.body.pipeThrough(new DecompressionStream('gzip')))" +
        "   .arrayBuffer();" +
        " }).then(function (buffer) { postMessage({id: job.id, buffer: buffer}, [buffer]); }," +
        "  function (error) { postMessage({id: job.id, error: String(error)}); });" +
        "};";
    var unpacker = null;
    var unpacking = {};
    var next = 0;

    function unpackedHere(url) {
        return fetch(url).then(function (response) {
            if (!response.ok) { throw new Error(response.status); }
            return new Response(response.body.pipeThrough(new DecompressionStream("gzip")))
                .text();
        });
    }

    window.frontlineUnpacked = function (url) {
        if (unpacker === null) {
            try {
                unpacker = new Worker(URL.createObjectURL(
                    new Blob([UNPACK], {type: "text/javascript"})));
                unpacker.onmessage = function (event) {
                    var job = unpacking[event.data.id];
                    delete unpacking[event.data.id];
                    if (event.data.error) { job.reject(new Error(event.data.error)); return; }
                    job.resolve(new TextDecoder().decode(event.data.buffer));
                };
            } catch (error) {
                unpacker = false;
            }
        }
        if (!unpacker) { return unpackedHere(url); }
        return new Promise(function (resolve, reject) {
            var id = next++;
            unpacking[id] = {resolve: resolve, reject: reject};
            unpacker.postMessage({id: id, url: url});
        }).catch(function () { return unpackedHere(url); }); // a worker not allowed to fetch
    };
})();
