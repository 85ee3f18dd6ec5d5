"""st_folium with the base map rendered once: a slider step only renders the date's layers.

`st_folium` re-renders the whole map to text on every rerun, to find out that it has not changed
(the component keeps the map mounted when the script is identical). With a few hundred kilobytes
of boundaries, labels and popup catalogue that costs more than everything else in a step, so the
base map's strings are rendered once per (ledger, view) and kept; per rerun only the date's feature
groups are rendered, and those are cached per date by the caller. The component receives exactly
what `st_folium` would send. Built on streamlit-folium's internals, pinned to 0.27 in pyproject.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from typing import Any

import folium
import streamlit_folium as sf

from dashboard.folium_text import rendered_as_text
from dashboard.timeline_map import TIMELINE_JS

# The internals used here, and the `window.Streamlit` the browser timeline sends its day through
# (`static/frontline/timeline.js`), are those of this release line: tests/test_map_contract.py.
SUPPORTED_RELEASE = "0.27."
RETURNED = ("center", "zoom")
TIMELINE_SCRIPTS = tuple(src for _, src in TIMELINE_JS)
GroupScripts = tuple[str, tuple[str, ...], tuple[str, ...]]


def check_streamlit_folium() -> str:
    """The installed streamlit-folium's version, or a clear error if this module was not built on
    it (a newer release may rename the internals or stop exposing `window.Streamlit`)."""
    found = metadata.version("streamlit-folium")
    if not found.startswith(SUPPORTED_RELEASE):
        raise RuntimeError(
            f"dashboard.map_component is built on streamlit-folium {SUPPORTED_RELEASE}x internals; "
            f"{found} is installed (see tests/test_map_contract.py before moving the pin)"
        )
    return found


check_streamlit_folium()


@dataclass(frozen=True)
class RenderedBase:
    """A base map rendered to the strings the st_folium component takes."""

    script: str
    header: str
    html: str
    map_id: str
    layer_control: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    defaults: dict[str, Any]


def render_base(fmap: folium.Map, group_names: Sequence[str]) -> RenderedBase:
    """Render a base map once, with a layer control that lists the date groups by name."""
    with rendered_as_text():
        fmap.render()
        html = sf._get_html(fmap)
        header = sf._get_header(fmap)
        script = sf._get_map_string(fmap)
        map_id = sf.get_full_id(fmap)
        css, js = _asset_links(fmap)
        placeholders = [folium.FeatureGroup(name=name) for name in group_names]
        for index, group in enumerate(placeholders):
            sf._get_feature_group_string(group, map=fmap, idx=index)
        control = sf._get_layer_control_string(folium.LayerControl(collapsed=True), fmap)
    defaults: dict[str, Any] = {
        "center": {"lat": fmap.location[0], "lng": fmap.location[1]},
        "zoom": fmap.options.get("zoom"),
    }
    return RenderedBase(script, header, html, map_id, control, css, js, defaults)


def render_groups(
    groups: Sequence[folium.FeatureGroup],
) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """The date's feature groups as the component's `feature_group` script, and their assets."""
    scratch = folium.Map(tiles=None)
    with rendered_as_text():
        script = "".join(
            sf._get_feature_group_string(group, map=scratch, idx=index)
            for index, group in enumerate(groups)
        )
    css, js = _asset_links(scratch)
    return script, css, js


def show_map(
    base: RenderedBase,
    groups: GroupScripts,
    *,
    key: str,
    height: int,
    center: tuple[float, float] | None,
    zoom: int | None,
    on_change: Callable[[str], None] | None = None,
) -> Any:
    """Draw the map component; returns what the browser reports (center and zoom, and the day
    when the browser timeline moved it).

    With no `center` and `zoom` the component leaves the view the map's own script set (a fit).
    `on_change(component_key)` runs before the rerun a new value from the browser starts, so it
    may set widget state (the date slider's).
    """
    script, css, js = groups
    component_key = sf.generate_js_hash(base.script, key, False)
    return sf._component_func(
        script=base.script,
        header=base.header,
        html=base.html,
        id=base.map_id,
        key=component_key,
        on_change=(lambda: on_change(component_key)) if on_change is not None else None,
        height=height,
        width=None,
        returned_objects=list(RETURNED),
        default={k: v for k, v in base.defaults.items() if k in RETURNED},
        zoom=zoom,
        center=list(center) if center is not None else None,
        feature_group=script,
        return_on_hover=False,
        layer_control=base.layer_control,
        pixelated=False,
        css_links=list(dict.fromkeys(base.css_links + css)),
        # The timeline's script from the first mount on: the component loads scripts only then,
        # and a map drawn by the server path at first takes its timeline when that is built.
        js_links=list(dict.fromkeys(base.js_links + js + TIMELINE_SCRIPTS)),
        wrap_longitude=False,
    )


def _asset_links(fmap: folium.Map) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The scripts and styles every element of a map needs, as st_folium collects them."""
    css: list[str] = []
    js: list[str] = []
    pending: list[Any] = [fmap]
    while pending:
        element = pending.pop(0)
        css.extend(href for _, href in getattr(element, "default_css", []))
        js.extend(src for _, src in getattr(element, "default_js", []))
        pending.extend(getattr(element, "_children", {}).values())
    return tuple(dict.fromkeys(css)), tuple(dict.fromkeys(js))
