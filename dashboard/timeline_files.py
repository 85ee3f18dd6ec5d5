"""A big browser timeline as files the map fetches, not as map script.

Inline, a timeline's shapes and days travel as JSON inside the map's script (`TimelineScript`):
~0.9 MB for the bundled ledger. At 100x it was 165 MB of script, and the server held it three
times over (the unpickled `Timeline`, folium's features, the rendered text; Streamlit copies the
text again into the component's message): 2.9 GB at its peak. Past `INLINE_FEATURES` features,
the child process that builds the timeline (`timeline_cache`) writes it instead as JSON files
under the app's static folder (`dashboard/static/timelines/<digest>/`, served at
`/app/static/timelines/...`): one file of shapes per sublayer, one of settlement points, and the
per-day data. The map carries only where they are and `timeline.js` fetches them; the server
keeps only the few fields it reads itself (`timeline_data.SERVER_FIELDS`).

The folder is named by a digest of its content and appears all at once (written under a
temporary name, then renamed), so a reader never sees half of it; the newest `KEPT_FOLDERS` are
kept. Where the folder cannot be written the timeline stays inline. The files are data read with
`JSON.parse`, never markup: tooltips carry the escaped texts Python made, as inline.

The files are gzipped once when written (`<name>.json.gz`, `served_folder.write_whole`), and the
page unpacks them (`DecompressionStream`): Streamlit's server would otherwise gzip each at level 9
on every request, which for a 100x timeline's 105 MB kept the two cores busy for tens of seconds
before the first map could be drawn.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from dashboard.served_folder import file_name, write_whole
from dashboard.timeline_data import (
    AREA_SUBLAYERS,
    SERVER_FIELDS,
    SERVER_ONLY_FIELDS,
    SETTLEMENTS,
    Timeline,
)

# The bundled ledger: ~1,500 features (inline); 10x ~6,500; 100x ~54,000.
INLINE_FEATURES = 5000
KEPT_FOLDERS = 4  # a 100x timeline is ~165 MB of files
TIMELINES_FOLDER = Path(__file__).resolve().parent / "static" / "timelines"
# Absolute: the map lives in the component's iframe, where relative URLs 404 (see `offline.py`).
TIMELINES_URL = "/app/static/timelines"
DATA_FILE = "data"
# Part of the folder's digest: a folder written in another layout is never taken for this one.
FILES_LAYOUT = b"json.gz, shapes as [box, text] 1"
# FRONTLINE_TIMELINE_FILES: auto (files past INLINE_FEATURES features), inline, files.
MODE_ENV = "FRONTLINE_TIMELINE_FILES"


def mode_setting() -> str:
    """`MODE_ENV` as set: "auto" (the default, also for anything else), "inline" or "files"."""
    mode = os.environ.get(MODE_ENV, "auto").strip().lower()
    return mode if mode in {"inline", "files"} else "auto"


def feature_count(timeline: Timeline) -> int:
    return sum(len(shapes) for shapes in timeline.shapes.values()) + len(timeline.points)


def served_as_files(timeline: Timeline) -> bool:
    """Whether a timeline is served as files (`MODE_ENV` may say always or never)."""
    mode = mode_setting()
    if mode == "files":
        return True
    if mode == "inline":
        return False
    return feature_count(timeline) > INLINE_FEATURES


def file_texts(timeline: Timeline) -> dict[str, str]:
    """Each file's name (without `.json`) and JSON text: the shapes of each area sublayer (in id
    order, each a `shape_entry`), the settlement points, and the per-day data (but what only the
    server reads)."""
    parts: dict[str, Any] = {
        name: [shape_entry(shape) for shape in timeline.shapes.get(name, [])]
        for name in AREA_SUBLAYERS
    }
    parts[SETTLEMENTS] = timeline.points
    parts[DATA_FILE] = {k: v for k, v in timeline.data.items() if k not in SERVER_ONLY_FIELDS}
    # ASCII, the few other characters escaped: Chromium decodes an ASCII text to a string and
    # parses it several times faster. At 100x the data file's 57 MB held 1,899 others ("km²",
    # "·", names), and decoding it took 555 ms of the page's thread against 38 ms for the 46 MB
    # of the ASCII contested file.
    return {
        name: json.dumps(value, ensure_ascii=True, separators=(",", ":"))
        for name, value in parts.items()
    }


def shape_entry(geometry: dict[str, Any]) -> Any:
    """A polygon as `[box, text]`: its box (west, south, east, north) and its GeoJSON as text,
    which the page parses only when it first draws the shape (`timeline.js`'s `LazyPolygon`): at
    100x the contested sublayer is 264 shapes of 2.3 million points, one or two drawn a day, and
    parsing them all into numbers, then Leaflet's points, was 2.5 s of the first map. Any other
    geometry as it is."""
    if geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return geometry
    box = _box(geometry["coordinates"])
    if not all(math.isfinite(edge) for edge in box):  # no points: nothing to parse later
        return geometry
    return [box, json.dumps(geometry, separators=(",", ":"))]


def _box(coordinates: Any) -> list[float]:
    west = south = math.inf
    east = north = -math.inf
    stack = [coordinates]
    while stack:
        part = stack.pop()
        if part and isinstance(part[0], (int, float)):
            west, east = min(west, part[0]), max(east, part[0])
            south, north = min(south, part[1]), max(north, part[1])
        else:
            stack.extend(part)
    return [west, south, east, north]


def served(timeline: Timeline, folder: Path | None = None, url: str = TIMELINES_URL) -> Timeline:
    """`timeline` as files when it is big enough (`served_as_files`): the same timeline with only
    where they are (`source`) and the fields the server reads; unchanged when it stays inline or
    the folder cannot be written."""
    if timeline.source is not None or not served_as_files(timeline):
        return timeline
    texts = file_texts(timeline)
    digest = hashlib.sha256(FILES_LAYOUT + b"\0")
    for name, text in texts.items():
        digest.update(name.encode() + b"\0" + text.encode("utf-8") + b"\0")
    source = write_files(texts, digest.hexdigest()[:32], folder, url)
    if source is None:
        return timeline
    source["features"] = feature_count(timeline)
    kept = {name: timeline.data[name] for name in SERVER_FIELDS if name in timeline.data}
    return replace(timeline, shapes={}, points=[], data=kept, source=source)


def write_files(
    texts: dict[str, str], digest: str, folder: Path | None = None, url: str = TIMELINES_URL
) -> dict[str, Any] | None:
    """Write `texts` as `<name>.json.gz` under `folder/digest` (by default `TIMELINES_FOLDER`)
    unless they are there; where the browser finds them (`{"url", "files"}`: each file is
    `url/<name>.json.gz`), or None when the folder cannot be written."""
    target = write_whole(
        folder or TIMELINES_FOLDER, digest, lambda: texts, keep=KEPT_FOLDERS, gzipped=True
    )
    if target is None:
        return None
    return {"url": f"{url}/{digest}", "folder": str(target), "files": sorted(texts)}


def file_name_in_url(url: str, name: str) -> str:
    """Where the browser fetches one of a served timeline's files (`timeline.js`'s `fetchFile`)."""
    return f"{url}/{file_name(name, gzipped=True)}"


def is_written(source: dict[str, Any]) -> bool:
    """Whether a served timeline's files are still there (pruning may have taken them)."""
    target = Path(source["folder"])
    return all((target / file_name(name, gzipped=True)).is_file() for name in source["files"])


def read_file(source: dict[str, Any], name: str) -> Any:
    """One of a served timeline's files, read back as the page reads it."""
    path = Path(source["folder"]) / file_name(name, gzipped=True)
    return json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))
