"""Point folium at the vendored copies of its scripts and styles, so the map draws offline.

streamlit-folium loads whatever `default_js` / `default_css` the map's elements list. The URLs
must be absolute (`/app/static/...`): the map lives in the component's iframe, where relative URLs
resolve against the component's own path and 404.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import folium
from folium.plugins import Fullscreen

STATIC_ROOT = "/app/static/vendor"
STATIC_FOLDER = Path(__file__).resolve().parent / "static" / "vendor"

# Leaflet alone of folium's defaults: jQuery, Bootstrap's script and the awesome-markers (folium
# lists them for markers and Bootstrap widgets) serve nothing on this map, neither folium's
# script for it nor streamlit-folium's nor ours; 170 kB less script to compile at every first
# draw. Bootstrap's stylesheet stays: the popups, the date stamp and the labels' measured boxes
# are laid out with its base rules (box-sizing, fonts, margins).
MAP_JS = [
    ("leaflet", f"{STATIC_ROOT}/leaflet/leaflet.js"),
]
MAP_CSS = [
    ("leaflet_css", f"{STATIC_ROOT}/leaflet/leaflet.css"),
    ("bootstrap_css", f"{STATIC_ROOT}/bootstrap/bootstrap.min.css"),
]
FULLSCREEN_JS = [
    ("Control.Fullscreen.js", f"{STATIC_ROOT}/leaflet-fullscreen/Control.FullScreen.js")
]
FULLSCREEN_CSS = [
    ("Control.FullScreen.css", f"{STATIC_ROOT}/leaflet-fullscreen/Control.FullScreen.css")
]


def use_vendored_assets() -> None:
    """Make every map built after this call load its assets from the project, never a CDN."""
    folium.Map.default_js = MAP_JS
    folium.Map.default_css = MAP_CSS
    Fullscreen.default_js = FULLSCREEN_JS
    Fullscreen.default_css = FULLSCREEN_CSS


# The map's libraries (Leaflet and its fullscreen control) in one file, in their load order. The
# map component loads its scripts one after another, each only once the one before has run: a
# round trip each to a server busy with the page's run, about 50 ms each at a cold start. Written
# by `python -m dashboard.offline` from the files above (tests/test_offline.py checks it is their
# exact concatenation).
LIBRARY_BUNDLE = f"{STATIC_ROOT}/map-libraries.js"
BUNDLED = tuple(src for _, src in MAP_JS + FULLSCREEN_JS)


def library_bundle_text() -> str:
    """The bundle's text: each library as it is, in load order, each ending its own statement."""
    parts = []
    for src in BUNDLED:
        relative = src.removeprefix(f"{STATIC_ROOT}/")
        text = (STATIC_FOLDER / relative).read_text(encoding="utf-8")
        parts.append(f"/* {relative} */\n{text}\n;\n")
    return "".join(parts)


def with_library_bundle(js_links: Sequence[str]) -> list[str]:
    """The links with the libraries, when they come together and in bundle order, loaded
    as one file at the first one's place; any other list as it is."""
    links = list(js_links)
    for start in range(len(links) - len(BUNDLED) + 1):
        if tuple(links[start : start + len(BUNDLED)]) == BUNDLED:
            return [*links[:start], LIBRARY_BUNDLE, *links[start + len(BUNDLED) :]]
    return links


if __name__ == "__main__":
    bundle = STATIC_FOLDER / LIBRARY_BUNDLE.removeprefix(f"{STATIC_ROOT}/")
    bundle.write_text(library_bundle_text(), encoding="utf-8")
    print(f"wrote {bundle}")
