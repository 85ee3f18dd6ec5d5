"""Point folium at the vendored copies of its scripts and styles, so the map draws offline.

streamlit-folium loads whatever `default_js` / `default_css` the map's elements list. The URLs
must be absolute (`/app/static/...`): the map lives in the component's iframe, where relative URLs
resolve against the component's own path and 404.
"""

from __future__ import annotations

import folium
from folium.plugins import Fullscreen

STATIC_ROOT = "/app/static/vendor"

MAP_JS = [
    ("leaflet", f"{STATIC_ROOT}/leaflet/leaflet.js"),
    ("jquery", f"{STATIC_ROOT}/jquery/jquery.min.js"),
    ("bootstrap", f"{STATIC_ROOT}/bootstrap/bootstrap.bundle.min.js"),
    ("awesome_markers", f"{STATIC_ROOT}/awesome-markers/leaflet.awesome-markers.js"),
]
MAP_CSS = [
    ("leaflet_css", f"{STATIC_ROOT}/leaflet/leaflet.css"),
    ("bootstrap_css", f"{STATIC_ROOT}/bootstrap/bootstrap.min.css"),
    ("awesome_markers_css", f"{STATIC_ROOT}/awesome-markers/leaflet.awesome-markers.css"),
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
