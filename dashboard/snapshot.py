"""A finished briefing picture as one standalone HTML page. Pure: no browser, no Streamlit.

The page carries what a slide needs around the map: a title, the dates, the claimants shown, the
"claims, not verified facts" banner, legend, scale bar, north arrow, every data credit and a short
list of the sources of the claims drawn. The maps are the dashboard's own (`map_builder`), with the
date's layers added directly, and the vendored Leaflet scripts and styles are inlined, so the page
draws with no server, no CDN and no network. `snapshot_render` turns it into PNG or PDF.

Every ledger string reaches the page through `popups.escape` or the map elements' `tojson`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import folium
import folium.elements
from branca.element import Element, Figure
from folium.plugins import Fullscreen

from claims.control import COMPOSITE, SIDE_VIEWS, ClaimantView, ControlPicture, asserted_control
from claims.dataset import load_dataset
from claims.model import Claim, Ledger, Side
from claims.theatre import Theatre
from claims.timing import effective_day
from dashboard.folium_text import rendered_as_text
from dashboard.framing import ground_in_play
from dashboard.legend import drawn_entries, legend_html
from dashboard.map_builder import CREDITS, BaseLayers, DateLayers, build_base_map, build_date_layers
from dashboard.map_elements import LABELS_JS, LabelPlacement
from dashboard.map_state import base_layers_for, date_layers_for
from dashboard.offline import FULLSCREEN_CSS, FULLSCREEN_JS, MAP_CSS, MAP_JS
from dashboard.popups import escape
from dashboard.view_kinds import DEFAULT_CENTER, DEFAULT_ZOOM, Mode
from dashboard.view_state import ViewState
from dashboard.wording import dates_text, day_text, key_figures

TITLE = "Kursk 2024-25: who claimed what, and when"
BANNER = "Claims, not verified facts: each shape is what a claimant asserted"
STATIC_DIR = Path(__file__).resolve().parent / "static"
STATIC_URL = "/app/static/"
OSM_CREDIT = "Map tiles: © OpenStreetMap contributors (ODbL)"
# The app's starting date when a permalink names none (`app.py`).
DEFAULT_ON = date(2024, 8, 20)
# The assets each folium element class needs, as the dashboard serves them (`offline.py`).
VENDORED = {
    folium.Map: (MAP_JS, MAP_CSS),
    Fullscreen: (FULLSCREEN_JS, FULLSCREEN_CSS),
    LabelPlacement: (LABELS_JS, []),
}
# Scripts the dashboard loads that no element of a snapshot uses (folium lists them for markers
# and Bootstrap widgets): left out, they would only slow every picture down.
UNUSED_SCRIPTS = frozenset({"jquery", "bootstrap"})
BBox = tuple[float, float, float, float]
URL_CHARACTERS = 64


@dataclass(frozen=True)
class Size:
    """A picture size in CSS pixels; `root_px` scales every font on the page."""

    name: str
    width: int
    height: int
    root_px: int
    max_sources: int
    pdf_format: str | None = None


SIZES = {
    "1920x1080": Size("1920x1080", 1920, 1080, 20, 10),
    "1600x900": Size("1600x900", 1600, 900, 17, 8),
    # A4 landscape at 96 dpi; its PDF is printed on A4 paper.
    "a4": Size("a4", 1123, 794, 13, 6, pdf_format="A4"),
}


@dataclass(frozen=True)
class SnapshotSource:
    """A ledger with everything every picture of it shares: build once, draw many dates."""

    ledger: Ledger
    theatre: Theatre
    claims_about: dict[str, tuple[Claim, ...]]
    base: BaseLayers
    catalogue: dict[str, dict[str, Any]] = field(repr=False)


@dataclass(frozen=True)
class SnapshotOptions:
    size: Size = SIZES["1600x900"]
    bbox: BBox | None = None
    tiles: bool = False
    interactive: bool = False
    title: str = TITLE


def snapshot_source(ledger_path: Path | None = None, store: Path | None = None) -> SnapshotSource:
    """The bundled (or given) ledger and any store, loaded as the dashboard loads them."""
    dataset = load_dataset(ledger_path, store)
    claims_about = dict(dataset.claims_about)
    base = base_layers_for(dataset.theatre, claims_about)
    return SnapshotSource(dataset.ledger, dataset.theatre, claims_about, base, base.catalogue or {})


def shown_views(state: ViewState) -> list[str]:
    """The maps a state shows, filled as the dashboard fills a permalink's missing claimants."""
    if state.mode == Mode.COMPOSITE:
        return [COMPOSITE]
    chosen = list(state.claimants)
    chosen += [n for n in (SIDE_VIEWS[Side.UKRAINE], SIDE_VIEWS[Side.RUSSIA]) if n not in chosen]
    return chosen[:2] if state.mode == Mode.PAIR else chosen[:1]


def view_names(ledger: Ledger) -> list[str]:
    """Every name a snapshot can show: the composite, each side's view, each claimant."""
    return [COMPOSITE, *SIDE_VIEWS.values(), *(name for name, _ in ledger.claimants)]


def snapshot_html(
    source: SnapshotSource, state: ViewState, options: SnapshotOptions | None = None
) -> str:
    """The finished page for one view state: header, one or two maps, sources and credits."""
    options = options or SnapshotOptions()
    names = shown_views(state)
    picture = asserted_control(
        source.ledger, source.theatre, state.on, as_known_on=state.known, fresh_days=state.fresh
    )
    before = None
    if state.compare is not None:
        before = asserted_control(
            source.ledger,
            source.theatre,
            state.compare,
            as_known_on=state.known,
            fresh_days=state.fresh,
        )
    layers = [_date_layers(source, state, picture, before, name) for name in names]
    maps = [_map(source, state, options, one) for one in layers]
    fit = frame(state, options, picture)
    legend = legend_html(drawn_entries(layers))
    return _page(source, state, options, names, maps, picture, fit=fit, legend=legend)


def frame(state: ViewState, options: SnapshotOptions, picture: ControlPicture) -> BBox | None:
    """The box a picture is fitted to: `--bbox` if given; else, when the view names no centre
    and zoom of its own (a permalink without lat/lon/zoom), the day's ground in play."""
    if options.bbox is not None:
        return options.bbox
    if names_a_view(state):
        return None
    return ground_in_play(picture)


def names_a_view(state: ViewState) -> bool:
    """Whether a view gives its own centre and zoom (a permalink's lat/lon/zoom)."""
    return (state.center, state.zoom) != (DEFAULT_CENTER, DEFAULT_ZOOM)


def series_frame(source: SnapshotSource, state: ViewState, days: Sequence[date]) -> BBox | None:
    """One box for every picture of a series, so the ground does not jump from frame to frame:
    the smallest box holding each day's ground in play."""
    boxes = [
        ground_in_play(
            asserted_control(
                source.ledger, source.theatre, day, as_known_on=state.known, fresh_days=state.fresh
            )
        )
        for day in days
    ]
    found = [box for box in boxes if box is not None]
    if not found:
        return None
    west, south, east, north = zip(*found, strict=True)
    return min(west), min(south), max(east), max(north)


def drawn_claims(views: Sequence[ClaimantView]) -> list[Claim]:
    """The claims whose assertions the maps draw, newest first, each once."""
    found = {p.claim.id: p.claim for v in views for p in v.painted.pieces}
    found.update({a.claim.id: a.claim for v in views for a in v.painted.places.values()})
    return sorted(found.values(), key=lambda c: (effective_day(c), c.published, c.id), reverse=True)


def source_items(claims: Sequence[Claim]) -> list[str]:
    """One escaped line per distinct source: publisher, date, address (a link only if http(s))."""
    seen: set[tuple[str, str]] = set()
    items = []
    for claim in claims:
        for source in claim.sources:
            if (source.publisher, source.url) in seen:
                continue
            seen.add((source.publisher, source.url))
            day = source.published or claim.published
            web = source.url.lower().startswith(("https://", "http://"))
            shown = escape(short_url(source.url))
            address = f'<a href="{escape(source.url)}">{shown}</a>' if web else shown
            items.append(
                f"<li><b>{escape(source.publisher or 'unnamed source')}</b> · "
                f"{day_text(day)} · <span class='url'>{address}</span></li>"
            )
    return items


def short_url(url: str, limit: int = URL_CHARACTERS) -> str:
    """An address as a picture prints it: no scheme, cut to `limit` characters."""
    bare = url.split("://", 1)[-1].removeprefix("www.")
    return bare if len(bare) <= limit else bare[: limit - 1] + "…"


def date_line(state: ViewState) -> str:
    """The dates a picture speaks for, as its header prints them."""
    return dates_text(state.on, state.known, state.compare)


def _date_layers(
    source: SnapshotSource,
    state: ViewState,
    picture: ControlPicture,
    before: ControlPicture | None,
    name: str,
) -> DateLayers:
    """One map's date layers, as the dashboard builds them, without its caches."""
    earlier = before if state.compare is not None else None
    theatre, about = source.theatre, source.claims_about
    return date_layers_for(picture, earlier, name, theatre, about, shown=state.layers)


@dataclass(frozen=True)
class _RenderedMap:
    name: str
    header: str
    html: str
    script: str


def _map(
    source: SnapshotSource, state: ViewState, options: SnapshotOptions, layers: DateLayers
) -> _RenderedMap:
    catalogue = source.catalogue if options.interactive else None
    base = BaseLayers(**{**source.base.__dict__, "catalogue": catalogue})
    fmap = build_base_map(base, tiles=options.tiles, center=state.center, zoom=state.zoom)
    # Fractional zooms: a picture is fitted to its box exactly, whatever its size.
    fmap.options.update(zoom_animation=False, fade_animation=False, zoom_snap=0)
    for group in build_date_layers(layers):
        group.add_to(fmap)
    _unlink_assets(fmap)
    root = fmap.get_root()
    assert isinstance(root, Figure)
    with rendered_as_text():
        root.render()
        return _RenderedMap(
            fmap.get_name(), root.header.render(), root.html.render(), root.script.render()
        )


def _unlink_assets(fmap: folium.Map) -> None:
    """Drop the elements' CDN links (the page inlines the vendored copies); fail on any other."""
    for element in _walk(fmap):
        if not isinstance(element, folium.elements.JSCSSMixin):
            continue
        if not (element.default_js or element.default_css):
            continue
        if type(element) not in VENDORED:
            raise ValueError(f"{type(element).__name__} needs assets that are not vendored")
        element.default_js = []
        element.default_css = []


def _walk(element: Element) -> list[Element]:
    found = [element]
    for child in element._children.values():
        found += _walk(child)
    return found


def inlined_assets() -> str:
    """The vendored scripts and styles the dashboard's maps load, inlined in that order."""
    styles = [_vendored(url) for _, url in (*MAP_CSS, *FULLSCREEN_CSS)]
    every_script = (*MAP_JS, *FULLSCREEN_JS, *LABELS_JS)
    scripts = [_vendored(url) for name, url in every_script if name not in UNUSED_SCRIPTS]
    css = "".join(f"<style>\n{text}\n</style>\n" for text in styles)
    js = "".join(f"<script>\n{_script_safe(text)}\n</script>\n" for text in scripts)
    return css + js


def _vendored(url: str) -> str:
    relative = url.removeprefix(STATIC_URL)
    return (STATIC_DIR / relative).read_text(encoding="utf-8")


def _script_safe(text: str) -> str:
    return text.replace("</script", "<\\/script")


def _page(
    source: SnapshotSource,
    state: ViewState,
    options: SnapshotOptions,
    names: list[str],
    maps: list[_RenderedMap],
    picture: ControlPicture,
    *,
    fit: BBox | None,
    legend: str,
) -> str:
    size = options.size
    views = [picture.view(name) for name in names]
    claims = drawn_claims(views)
    items = source_items(claims)
    shown_items = items[: size.max_sources]
    more = len(items) - len(shown_items)
    more_line = f"<li class='more'>… and {more} more sources</li>" if more > 0 else ""
    credits = [*CREDITS, OSM_CREDIT] if options.tiles else list(CREDITS)
    panels = "".join(_panel(m, name, len(maps)) for m, name in zip(maps, names, strict=True))
    body_class = "interactive" if options.interactive else "still"
    return PAGE.format(
        title=escape(options.title),
        root_px=size.root_px,
        width=size.width,
        height=size.height,
        page_size="A4 landscape" if size.pdf_format else f"{size.width}px {size.height}px",
        assets=inlined_assets(),
        map_headers="".join(m.header for m in maps),
        body_class=body_class,
        size_name=escape(size.name),
        banner=escape(BANNER),
        dates=escape(date_line(state)),
        iso=escape(state.on.isoformat()),
        claimants=escape(" | ".join(names)),
        figures=escape(" | ".join(key_figures(picture, v) for v in views)),
        panels=panels,
        legend=legend,
        count=len(maps),
        pair=" pair" if len(maps) > 1 else "",
        sources="".join(shown_items) + more_line,
        n_claims=len(claims),
        n_sources=len(items),
        credits="".join(f"<li>{c}</li>" for c in credits),
        scripts="".join(m.script for m in maps),
        ready=_ready_script([m.name for m in maps], fit),
    )


def _panel(rendered: _RenderedMap, name: str, count: int) -> str:
    heading = f"<h2>{escape(name)}</h2>" if count > 1 else ""
    return (
        f"<section class='panel'>{heading}<div class='map-box'>{rendered.html}"
        f"{NORTH_ARROW}</div></section>"
    )


def _ready_script(map_names: list[str], fit: BBox | None) -> str:
    """Fit every map to `fit` (if any), then set `window.frontlineSnapshotReady` once every map
    is drawn, its tiles loaded and its labels placed with the fonts the picture uses."""
    bounds = None
    if fit is not None:
        west, south, east, north = fit
        bounds = [[south, west], [north, east]]
    return READY_SCRIPT.replace("__MAPS__", "[" + ", ".join(map_names) + "]").replace(
        "__BOUNDS__", json.dumps(bounds)
    )


NORTH_ARROW = (
    "<div class='north-arrow' title='North'><svg viewBox='0 0 40 56' aria-label='North'>"
    "<path d='M20 2 L34 40 L20 32 L6 40 Z' fill='#222'/>"
    "<path d='M20 2 L20 32 L6 40 Z' fill='#fff' stroke='#222' stroke-width='1.5'/>"
    "<text x='20' y='54' text-anchor='middle'>N</text></svg></div>"
)

READY_SCRIPT = """
(function () {
    var maps = __MAPS__;
    var bounds = __BOUNDS__;
    var waiting = [];
    maps.forEach(function (map) {
        map.invalidateSize(false);
        if (bounds) { map.fitBounds(bounds, {animate: false}); }
        map.eachLayer(function (layer) {
            if (layer instanceof L.TileLayer && layer.isLoading()) {
                waiting.push(new Promise(function (done) {
                    layer.once("load", done);
                    setTimeout(done, 10000);
                }));
            }
        });
    });
    if (document.fonts) { waiting.push(document.fonts.ready); }
    Promise.all(waiting).then(function () {
        if (window.frontlineLabels) { window.frontlineLabels.refresh(true); }
        requestAnimationFrame(function () {
            requestAnimationFrame(function () {
                window.frontlineSnapshotReady = true;
                document.body.dataset.ready = "true";
            });
        });
    });
})();
"""

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
{assets}
{map_headers}
<style>
  @page {{ size: {page_size}; margin: 0; }}
  html {{ font-size: {root_px}px; }}
  html, body {{ width: {width}px; height: {height}px; margin: 0; padding: 0; overflow: hidden; }}
  body.snapshot {{ display: grid; grid-template-rows: auto auto minmax(0, 1fr) auto auto;
    font-family: "DejaVu Sans", "Liberation Sans", system-ui, sans-serif; color: #222;
    background: #fff; -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
  .banner {{ background: #fff3cd; border-bottom: 3px solid #d39e00; color: #5c4400;
    font-weight: 700; font-size: 1.25rem; padding: .3rem 1rem; text-align: center; }}
  .titlebar {{ display: flex; align-items: baseline; gap: 1.2rem; padding: .4rem 1rem .2rem;
    flex-wrap: wrap; }}
  .titlebar h1 {{ font-size: 1.8rem; font-weight: 700; margin: 0; }}
  .titlebar .dates {{ font-size: 1.6rem; font-weight: 700; color: #000; }}
  .titlebar .claimants {{ font-size: 1.05rem; color: #444; }}
  .titlebar .figures {{ font-size: 1rem; color: #222; flex-basis: 100%; }}
  .maps {{ display: grid; grid-template-columns: repeat({count}, minmax(0, 1fr)); gap: .5rem;
    padding: 0 .5rem; min-height: 0; }}
  .panel {{ display: flex; flex-direction: column; min-height: 0; }}
  .panel h2 {{ font-size: 1.15rem; font-weight: 700; margin: .1rem 0 .2rem; }}
  .map-box {{ position: relative; flex: 1 1 auto; min-height: 0; border: 1px solid #999; }}
  .north-arrow {{ position: absolute; top: .6rem; right: .6rem; z-index: 1000;
    width: 2.2rem; background: rgba(255,255,255,.85); border-radius: 4px; padding: .2rem; }}
  .north-arrow svg {{ display: block; width: 100%; }}
  .north-arrow text {{ font: 700 14px sans-serif; fill: #222; }}
  .leaflet-container {{ font-size: 1rem; background: #dfe9f0; }}
  .frontline-date {{ font-size: 1.5rem !important; max-width: calc(100% - 5rem); }}
  body.still .frontline-date {{ left: .6rem !important; }}
  .maps.pair .frontline-date {{ font-size: 1.15rem !important; }}
  .legend-strip {{ padding: .25rem 1rem 0; }}
  .legend-strip .frontline-legend {{ font-size: .78rem; gap: .1rem 1.2rem; padding: 0; }}
  .legend-strip .frontline-legend-entry i {{ width: 1.2rem; height: .75rem; }}
  .frontline-notice {{ display: none; }}
  .settlement-label {{ font-size: .8rem !important; }}
  .settlement-label.town-label {{ font-size: 1rem !important; }}
  .leaflet-control-scale-line {{ font-size: .85rem; line-height: 1.3; padding: 0 .3rem;
    border-width: 3px; white-space: nowrap; overflow: visible; background: #fff; }}
  .leaflet-control-attribution {{ font-size: .7rem !important; }}
  body.still .leaflet-control-zoom, body.still .leaflet-control-fullscreen {{ display: none; }}
  footer {{ display: grid; grid-template-columns: 2fr 1fr; gap: 1rem; padding: .3rem 1rem .4rem;
    font-size: .8rem; line-height: 1.3; border-top: 1px solid #ccc; }}
  footer h3 {{ font-size: .85rem; font-weight: 700; margin: 0 0 .15rem; }}
  footer ul {{ margin: 0; padding-left: 1rem; }}
  footer .sources ul {{ columns: 2; column-gap: 1.5rem; }}
  footer li {{ break-inside: avoid; overflow-wrap: anywhere; }}
  footer a {{ color: #0b4f8a; text-decoration: none; }}
  footer .url {{ color: #444; }}
</style>
</head>
<body class="snapshot {body_class}" data-size="{size_name}" data-date="{iso}">
<div class="banner" role="note">{banner}</div>
<div class="titlebar"><h1>{title}</h1><span class="dates">{dates}</span>
<span class="claimants">Shown: {claimants}</span>
<span class="figures">{figures}</span></div>
<main class="maps{pair}">{panels}</main>
<div class="legend-strip">{legend}</div>
<footer>
<div class="sources"><h3>Sources of the claims drawn ({n_claims} claims, {n_sources} sources;
newest first)</h3><ul>{sources}</ul></div>
<div class="credits"><h3>Data</h3><ul>{credits}</ul></div>
</footer>
<script>
{scripts}
</script>
<script>
{ready}
</script>
</body>
</html>
"""
