"""The page fetches a built timeline's files while the server is still reading the dataset.

On a restarted 100x server a session's first run waits seconds for the dataset (read back from
the disk cache) before it can send the map; the page then lays out what comes before the map's
frame, the frame loads its scripts and runs the map script, and only then did `timeline.js` fetch,
unpack and parse the timeline's 105 MB of files (~4 s). Where those files are is known without
the dataset: a built timeline is kept under the dataset's digest, a hash of the input files'
bytes (`claims.dataset.dataset_key`), and a small entry says where its files are
(`timeline_cache.stored_files`). So the first run, before it reads the dataset, puts a script on
the page (`st.html`, run in Streamlit's own window: `static/frontline/prefetch.js`) that fetches,
unpacks and parses them there; `timeline.js` in the map's frame (same origin) takes the parsed
files from that window (`frontlineTimelineFiles`, by URL) instead of fetching them again.

Only for the map an address names without the ledger's help (`prefetch_view`): the composite
map, whatever its day, centre, zoom, fresh window and layers. A permalink naming claimants, a
compare day or an as-known-on day needs the ledger's claimants and span to be read, and its map
fetches its files itself, as before. A prefetch for another view than the one drawn costs only the
fetch: the map takes a file only by the URL it was given.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from claims.control import COMPOSITE
from dashboard.timeline_cache import TimelineView
from dashboard.timeline_files import file_name_in_url
from dashboard.view_kinds import Mode
from dashboard.view_state import state_from_query

STATIC = Path(__file__).resolve().parent / "static" / "frontline"
# `unpack.js` (shared with the map's frame) first: `prefetch.js` fetches through it.
PREFETCH_SCRIPTS = (STATIC / "unpack.js", STATIC / "prefetch.js")
# What an address may name for its map to be known before the ledger is read: the composite map
# of any day, view, fresh window and layers (`state_from_query` reads each without the ledger).
KNOWN_WITHOUT_LEDGER = frozenset({"date", "mode", "lat", "lon", "zoom", "fresh", "layers"})


def prefetch_view(params: Mapping[str, str]) -> TimelineView | None:
    """The timeline view of the map an address opens on, when it is known without the ledger:
    the composite map (`KNOWN_WITHOUT_LEDGER`); else None."""
    if not set(params) <= KNOWN_WITHOUT_LEDGER:
        return None
    # Any span: only the day, the compare and as-known-on days are clamped to it, and none of
    # them is part of the view here (no compare or as-known-on day is named).
    state = state_from_query(params, span=(date.min, date.max), default_on=date.min, claimants=())
    if state.mode is not Mode.COMPOSITE:
        return None
    return TimelineView(None, state.fresh, COMPOSITE, None, state.layers)


def prefetch_html(source: dict[str, Any]) -> str:
    """A script for `st.html` that starts fetching a timeline's files (`{"url", "files"}`, as
    `timeline_cache.stored_files` gives them) in the page. The URLs are a digest and fixed names,
    written as JSON with `</` escaped, so nothing can close the script early."""
    urls = [file_name_in_url(source["url"], name) for name in source["files"]]
    given = json.dumps(urls).replace("</", "<\\/")
    script = "\n".join(path.read_text(encoding="utf-8") for path in PREFETCH_SCRIPTS)
    return f"<script>{script}\nwindow.frontlinePrefetchTimeline({given});</script>"
