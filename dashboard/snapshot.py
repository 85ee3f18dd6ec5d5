"""A finished briefing picture as one standalone HTML page. Pure: no browser, no Streamlit.

The page carries what a slide needs around the map: a title, the dates, the claimants shown, the
"claims, not verified facts" banner, legend, scale bar, north arrow, every data credit and a short
list of the sources of the claims drawn. The maps are the dashboard's own (`map_builder`), with the
date's layers added directly, and the vendored Leaflet scripts and styles are inlined, so the page
draws with no server, no CDN and no network. `snapshot_render` turns it into PNG or PDF.

Every ledger string reaches the page through the autoescaping page template
(`templates/snapshot.html.j2`), `popups.escape` or the map elements' `tojson`.
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
from branca.element import Figure
from folium.plugins import Fullscreen
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from claims.control import COMPOSITE, SIDE_VIEWS, ClaimantView, ControlPicture, asserted_control
from claims.dataset import load_dataset
from claims.model import Claim, Ledger, Side
from claims.theatre import Theatre
from claims.timing import effective_day
from dashboard.branca_compat import descendants
from dashboard.folium_text import rendered_as_text
from dashboard.framing import ground_in_play
from dashboard.legend import drawn_entries, legend_html
from dashboard.map_builder import CREDITS, BaseLayers, DateLayers, build_base_map, build_date_layers
from dashboard.map_elements import LABELS_JS, LabelPlacement, SettlementLabels
from dashboard.map_state import base_layers_for, date_layers_for
from dashboard.offline import FULLSCREEN_CSS, FULLSCREEN_JS, MAP_CSS, MAP_JS
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
    SettlementLabels: (LABELS_JS, []),
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


@dataclass(frozen=True)
class SourceItem:
    """One line of the picture's source list; the template escapes every field."""

    publisher: str
    day: str
    url: str
    shown: str  # the address as printed: no scheme, shortened
    link: bool  # only http(s) addresses become links


def source_items(claims: Sequence[Claim]) -> list[SourceItem]:
    """One line per distinct source: publisher, date, address (a link only if http(s))."""
    seen: set[tuple[str, str]] = set()
    items = []
    for claim in claims:
        for source in claim.sources:
            if (source.publisher, source.url) in seen:
                continue
            seen.add((source.publisher, source.url))
            items.append(
                SourceItem(
                    publisher=source.publisher or "unnamed source",
                    day=day_text(source.published or claim.published),
                    url=source.url,
                    shown=short_url(source.url),
                    link=source.url.lower().startswith(("https://", "http://")),
                )
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
    for element in descendants(fmap):
        if not isinstance(element, folium.elements.JSCSSMixin):
            continue
        if not (element.default_js or element.default_css):
            continue
        if type(element) not in VENDORED:
            raise ValueError(f"{type(element).__name__} needs assets that are not vendored")
        element.default_js = []
        element.default_css = []


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
    credits = [*CREDITS, OSM_CREDIT] if options.tiles else list(CREDITS)
    return PAGE.render(
        title=options.title,
        root_px=size.root_px,
        width=size.width,
        height=size.height,
        page_size="A4 landscape" if size.pdf_format else f"{size.width}px {size.height}px",
        assets=Markup(inlined_assets()),
        map_headers=Markup("".join(m.header for m in maps)),
        body_class="interactive" if options.interactive else "still",
        size_name=size.name,
        banner=BANNER,
        dates=date_line(state),
        iso=state.on.isoformat(),
        claimants=" | ".join(names),
        figures=" | ".join(key_figures(picture, v) for v in views),
        # Folium's rendered map parts are markup the map builder made (its text set as text).
        maps=[{"name": name, "html": Markup(m.html)} for m, name in zip(maps, names, strict=True)],
        north_arrow=Markup(NORTH_ARROW),
        legend=Markup(legend),
        sources=items[: size.max_sources],
        more=max(0, len(items) - size.max_sources),
        n_claims=len(claims),
        n_sources=len(items),
        credits=[Markup(c) for c in credits],  # the project's own credit lines, with their links
        scripts=Markup("".join(m.script for m in maps)),
        ready=Markup(_ready_script([m.name for m in maps], fit)),
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


# The page is an autoescaping template: a value is text unless the code above marks it Markup.
PAGE = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    keep_trailing_newline=True,
).get_template("snapshot.html.j2")

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
