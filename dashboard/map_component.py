"""st_folium with the base map rendered once: a slider step only renders the date's layers.

`st_folium` re-renders the whole map to text on every rerun, to find out that it has not changed
(the component keeps the map mounted when the script is identical). With a few hundred kilobytes
of boundaries, labels and popup catalogue that costs more than everything else in a step, so the
base map's strings are rendered once per (ledger, view) and kept; per rerun only the date's feature
groups are rendered, and those are cached per date by the caller. The component receives exactly
what `st_folium` would send. The streamlit-folium internals this needs are named in one place,
`streamlit_folium_compat`, with its version check.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import folium

from dashboard import streamlit_folium_compat as compat
from dashboard.branca_compat import descendants
from dashboard.folium_text import rendered_as_text
from dashboard.offline import with_library_bundle
from dashboard.script_bundle import bundled
from dashboard.timeline_map import TIMELINE_JS

RETURNED = ("center", "zoom")
TIMELINE_SCRIPTS = tuple(src for _, src in TIMELINE_JS)
GroupScripts = tuple[str, tuple[str, ...], tuple[str, ...]]


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
        html, header, script, map_id = compat.map_parts(fmap)
        css, js = _asset_links(fmap)
        # Placeholders register the date groups' names with the map, so the layer control lists
        # them; their scripts are not used (each rerun sends the day's own).
        placeholders = [folium.FeatureGroup(name=name) for name in group_names]
        for index, group in enumerate(placeholders):
            compat.feature_group_script(group, fmap, index)
        control = compat.layer_control_script(folium.LayerControl(collapsed=True), fmap)
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
            compat.feature_group_script(group, scratch, index) for index, group in enumerate(groups)
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
    component_key = compat.component_key(base.script, key)
    return compat.component(
        script=base.script,
        header=base.header,
        html=base.html,
        id=base.map_id,
        key=component_key,
        on_change=(lambda: on_change(component_key)) if on_change is not None else None,
        height=height,
        width=None,
        returned_objects=list(RETURNED),
        default=_defaults(base),
        zoom=zoom,
        center=list(center) if center is not None else None,
        feature_group=script,
        return_on_hover=False,
        layer_control=base.layer_control,
        pixelated=False,
        css_links=list(dict.fromkeys(base.css_links + css)),
        # The timeline's script from the first mount on: the component loads scripts only then,
        # and a map drawn by the server path at first takes its timeline when that is built. All
        # of them as one file: the component loads its scripts one after another (the vendored
        # libraries' own bundle where the bundle cannot be written).
        js_links=bundled(
            with_library_bundle(list(dict.fromkeys(base.js_links + js + TIMELINE_SCRIPTS)))
        ),
        wrap_longitude=False,
    )


def reported_by_browser(value: object, base: RenderedBase) -> bool:
    """Whether a map's value is one its page sent, not the default the server gave the component:
    streamlit-folium reports the map's view once the map is drawn (its script's last step)."""
    return value != _defaults(base)


def _defaults(base: RenderedBase) -> dict[str, Any]:
    return {k: v for k, v in base.defaults.items() if k in RETURNED}


def _asset_links(fmap: folium.Map) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The scripts and styles every element of a map needs, as st_folium collects them."""
    elements = descendants(fmap)
    css = [href for e in elements for _, href in getattr(e, "default_css", [])]
    js = [src for e in elements for _, src in getattr(e, "default_js", [])]
    return tuple(dict.fromkeys(css)), tuple(dict.fromkeys(js))
