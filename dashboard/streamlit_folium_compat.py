"""The one place that reaches into streamlit-folium beyond its public `st_folium`.

`map_component` renders the base map once and sends only the day's layers per rerun; `st_folium`
cannot do that, so the component's own pieces are used: the functions that render a map to the
component's arguments, and the component itself. They are private and change between releases, so
this module names each one once, refuses a release it was not built on, and
tests/test_map_contract.py checks every name here (and the `window.Streamlit` the browser timeline
uses) against the installed release.

streamlit-folium is imported inside each function, on first use, not at the top: importing it
declares its component, and Streamlit registers a component only when it is declared inside a
script run. This module is imported early (`dashboard.serve`), before any run; had it imported
streamlit-folium then, the map's frame would answer 404.
"""

from __future__ import annotations

from importlib import metadata
from typing import Any

import folium

SUPPORTED_RELEASE = "0.27."
# Every private name used below, for the contract test.
INTERNALS = (
    "_component_func",
    "_get_html",
    "_get_header",
    "_get_map_string",
    "_get_feature_group_string",
    "_get_layer_control_string",
    "get_full_id",
    "generate_js_hash",
)


def check_streamlit_folium() -> str:
    """The installed streamlit-folium's version, or a clear error if this module was not built on
    it (a newer release may rename the internals or stop exposing `window.Streamlit`)."""
    found = metadata.version("streamlit-folium")
    if not found.startswith(SUPPORTED_RELEASE):
        raise RuntimeError(
            f"dashboard.streamlit_folium_compat is built on streamlit-folium "
            f"{SUPPORTED_RELEASE}x internals; {found} is installed "
            "(see tests/test_map_contract.py before moving the pin)"
        )
    return found


check_streamlit_folium()


def map_parts(fmap: folium.Map) -> tuple[str, str, str, str]:
    """A rendered map's html, header, script and id, as `st_folium` sends them."""
    import streamlit_folium as sf

    return sf._get_html(fmap), sf._get_header(fmap), sf._get_map_string(fmap), sf.get_full_id(fmap)


def feature_group_script(group: folium.FeatureGroup, fmap: folium.Map, index: int) -> str:
    """The script that adds `group` to `fmap` as the component's `index`-th dynamic group."""
    import streamlit_folium as sf

    return str(sf._get_feature_group_string(group, map=fmap, idx=index))


def layer_control_script(control: folium.LayerControl, fmap: folium.Map) -> str:
    import streamlit_folium as sf

    return str(sf._get_layer_control_string(control, fmap))


def component_key(script: str, key: str) -> str:
    """The key `st_folium` would give the component for a map script and a widget key."""
    import streamlit_folium as sf

    return str(sf.generate_js_hash(script, key, False))


def component(**arguments: Any) -> Any:
    """The streamlit-folium component, called with exactly the arguments `st_folium` passes."""
    import streamlit_folium as sf

    return sf._component_func(**arguments)


def st_folium(fmap: folium.Map, **arguments: Any) -> Any:
    """streamlit-folium's public `st_folium`, imported on first use like the rest."""
    import streamlit_folium as sf

    return sf.st_folium(fmap, **arguments)
