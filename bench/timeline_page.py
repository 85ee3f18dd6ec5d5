"""A day step of a built browser timeline in a page of its own: no Streamlit, no server.

Reads the timeline `bench.timeline_memory --work DIR` built and kept (its disk cache, and its
files under `dashboard/static/timelines/` when served as files), draws it on a bare map (no base
layers, no tiles) opened on the theatre's box, and presses ArrowRight `--steps` times at each
zoom asked for, with the in-page marks `bench.timeline` reads (`frontlineTimeline.current.steps`:
key press to the task after the next frame), plus the script time of the restyle alone. Where a
100x step's time goes, in minutes rather than the quarter of an hour a cold server takes.

`--phases` adds, per zoom, where a step on the grouped canvas goes, from as many steps again
from the day asked for: the restyle's script (`show`), the canvas's own script (its
`_draw`: features grouped by style, paths built, fills and strokes recorded) and the raster
(forced right after by reading one pixel back, which the plain step leaves to the frame).

Usage: .venv/bin/python -m bench.timeline_page [--scale 100] [--work DIR] [--steps 30]
       [--zoom 0 --zoom 11] [--day 2025-02-20] [--renderer svg|canvas] [--phases]
       (zoom 0: the theatre's box; --renderer forces SVG paths or the grouped canvas)
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from bench.harness import MAP_PAGE_ORIGIN, launch_chromium, save_results, serve_map_page
from bench.synthetic import write_synthetic
from claims.control import COMPOSITE, DEFAULT_FRESH_DAYS
from claims.disk_cache import CACHE_DIR_ENV

CURRENT = "window.frontlineTimeline.current"


def page_html(scale: int, work: Path, renderer: str | None = None) -> tuple[str, dict[str, Any]]:
    os.environ[CACHE_DIR_ENV] = str(work / "cache")
    ledger = None
    if scale > 1:
        theatre = write_synthetic(scale, work / f"theatre-{scale}x")
        os.environ["FRONTLINE_EXTRA_SETTLEMENTS"] = str(theatre.settlements_csv)
        ledger = theatre.ledger
    import folium

    from claims.dataset import load_dataset_cached
    from dashboard.folium_text import rendered_as_text
    from dashboard.offline import use_vendored_assets
    from dashboard.timeline_cache import TimelineView, is_stored, timeline_for
    from dashboard.timeline_map import timeline_groups
    from dashboard.view_kinds import ALL_LAYERS

    use_vendored_assets()
    dataset = load_dataset_cached(ledger)
    view = TimelineView(None, DEFAULT_FRESH_DAYS, COMPOSITE, None, frozenset(ALL_LAYERS))
    facts: dict[str, Any] = {"stored": is_stored(dataset, view)}
    timeline = timeline_for(dataset, view)
    facts["fetched"] = timeline.source is not None
    lats = [s.lat for s in dataset.theatre.settlements]
    lons = [s.lon for s in dataset.theatre.settlements]
    fmap = folium.Map(tiles=None, prefer_canvas=False)
    fmap.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]])
    for group in timeline_groups(timeline, timeline.data["stamps"][0]):
        _set_renderer(group, renderer)
        group.add_to(fmap)
    with rendered_as_text():
        return fmap.get_root().render(), facts


def page_html_of_files(folder: Path, renderer: str | None = None) -> tuple[str, dict[str, Any]]:
    """The page for a timeline already written as files (`timeline_files`) in `folder`, under the
    app's static folder: no dataset read, no build (a code change makes the disk cache's entry
    unreachable, not the files)."""
    import folium

    from dashboard.folium_text import rendered_as_text
    from dashboard.offline import use_vendored_assets
    from dashboard.timeline_data import Timeline
    from dashboard.timeline_files import TIMELINES_URL, read_file
    from dashboard.timeline_map import timeline_groups

    use_vendored_assets()
    files = sorted(path.name.removesuffix(".json.gz") for path in folder.glob("*.json.gz"))
    source: dict[str, Any] = {"url": f"{TIMELINES_URL}/{folder.name}", "folder": str(folder)}
    source["files"] = files
    points = read_file(source, "settlements")
    source["features"] = sum(len(read_file(source, name)) for name in files if name != "data")
    count = source["features"]
    timeline = Timeline(shapes={}, points=[], data={"stamps": [""]}, source=source)
    lons = [p["coordinates"][0] for p in points]
    lats = [p["coordinates"][1] for p in points]
    fmap = folium.Map(tiles=None)
    fmap.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]])
    for group in timeline_groups(timeline, ""):
        _set_renderer(group, renderer)
        group.add_to(fmap)
    with rendered_as_text():
        return fmap.get_root().render(), {"fetched": True, "features": count}


def _set_renderer(group: Any, renderer: str | None) -> None:
    """Force the timeline's renderer (`timeline.js`'s `canvas` option): "svg" or "canvas";
    None leaves it to the page (the grouped canvas when restyled by view)."""
    from dashboard.timeline_map import TimelineScript

    if renderer is None:
        return
    for child in group._children.values():
        if isinstance(child, TimelineScript):
            child.options["canvas"] = renderer == "canvas"


# One step timed in parts (`--phases`): `show` itself, then the grouped canvas's `_draw` and
# the raster it leaves, forced by a one-pixel read.
PHASE_JS = f"""async () => {{
    const t = {CURRENT}, canvas = t.map.frontlineGroupedCanvas;
    const took = {{draw: 0, raster: 0}};
    if (canvas && !canvas.frontlinePhased) {{
        const draw = canvas._draw;
        canvas.frontlinePhased = true;
        canvas._draw = function () {{
            const from = performance.now();
            const value = draw.apply(this, arguments);
            const drawn = performance.now();
            this._ctx.getImageData(0, 0, 1, 1);
            window.frontlinePhase.draw += drawn - from;
            window.frontlinePhase.raster += performance.now() - drawn;
            return value;
        }};
    }}
    window.frontlinePhase = took;
    const from = performance.now();
    window.frontlineTimeline.show(t.day + 1);
    const script = performance.now() - from;
    await new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)));
    return [script, took.draw, took.raster, performance.now() - from];
}}"""


def phases(page: Any, steps: int, day: str | None) -> dict[str, Any]:
    """Where `steps` steps from `day` (or the day shown) go (`PHASE_JS`), p50 / p95 of each part;
    then back to the day shown, so the next zoom's steps are those they would be without this."""
    shown = page.evaluate(f"() => {CURRENT}.day")
    if day is not None:
        page.evaluate(
            f"(day) => window.frontlineTimeline.show({CURRENT}.data.days.indexOf(day))", day
        )
    page.wait_for_timeout(500)
    taken = []
    for _ in range(steps):
        taken.append(page.evaluate(PHASE_JS))
        page.wait_for_timeout(120)
    page.evaluate("(day) => window.frontlineTimeline.show(day)", shown)
    names = ("restyle_script_ms", "canvas_script_ms", "canvas_raster_ms", "to_next_frame_ms")
    return {name: summary([row[i] for row in taken]) for i, name in enumerate(names)}


def measure(
    html: str, zooms: list[int], steps: int, day: str | None = None, *, with_phases: bool = False
) -> dict[str, Any]:
    results: dict[str, Any] = {}
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(viewport={"width": 1500, "height": 1100})

        serve_map_page(context, html)
        page = context.new_page()
        started = time.perf_counter()
        page.goto(f"{MAP_PAGE_ORIGIN}/", timeout=600_000)
        page.wait_for_function(f"() => {CURRENT}", timeout=600_000)
        results["attached_s"] = round(time.perf_counter() - started, 1)
        if day is not None:
            page.evaluate(
                f"(day) => window.frontlineTimeline.show({CURRENT}.data.days.indexOf(day))", day
            )
        # The restyle's own script time: `show` timed around, beside the whole step.
        page.evaluate(
            """() => {
            const api = window.frontlineTimeline, t = api.current;
            t.scriptMs = [];
            const show = api.show;
            // On the window, in capture: before timeline.js (on the document) handles the key.
            window.addEventListener("keydown", () => { t.keyAt = performance.now(); }, true);
            new MutationObserver(() => {
                if (t.keyAt) { t.scriptMs.push(performance.now() - t.keyAt); t.keyAt = null; }
            }).observe(t.box, {childList: true, characterData: true, subtree: true});
            return !!show;
        }"""
        )
        for zoom in zooms:
            if zoom:
                page.evaluate(
                    f"() => {{ const t = {CURRENT}; t.map.setZoom({zoom}, {{animate: false}}); }}"
                )
            page.wait_for_timeout(1500)
            page.evaluate(f"() => {{ {CURRENT}.steps = []; {CURRENT}.scriptMs = []; }}")
            page.locator(".frontline-timeline input").focus()
            page.wait_for_timeout(300)
            idle_from = browser_cpu_ms()
            page.wait_for_timeout(120 * steps)
            idle = browser_cpu_ms() - idle_from
            cpu_from = browser_cpu_ms()
            for _ in range(steps):
                page.keyboard.press("ArrowRight")
                page.wait_for_timeout(120)
            page.wait_for_timeout(300)
            cpu = browser_cpu_ms() - cpu_from
            taken = page.evaluate(
                f"() => [{CURRENT}.steps, {CURRENT}.scriptMs, {CURRENT}.map.getZoom(), "
                "document.querySelectorAll('path').length, "
                f"Object.keys(({CURRENT}.map.frontlineGroupedCanvas || {{}})._layers || {{}})"
                ".length]"
            )
            results[f"zoom_{taken[2]}"] = {
                "step_ms": summary(taken[0]),
                "script_ms": summary(taken[1]),
                "svg_paths": taken[3],
                "canvas_features": taken[4],
                # The browser's CPU a step, less what it uses idle over as long.
                "browser_cpu_ms_per_step": round((cpu - idle) / steps, 1),
            }
            if with_phases:
                results[f"zoom_{taken[2]}"]["phases"] = phases(page, steps, day)
        browser.close()
    return results


def browser_cpu_ms() -> float:
    """CPU time (user and system, ms) used so far by every process this one started (the
    browser's: its renderer, raster and GPU processes): a step's work whichever thread does it
    (SVG is rasterised off the page's thread, a canvas on it), and less moved by the other work
    on the machine than the wall-clock step."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total, stack = 0, list(children.get(os.getpid(), []))
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
    return total * 1000 / os.sysconf("SC_CLK_TCK")


def summary(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)
    return {
        "p50": round(statistics.median(ordered), 1),
        "p95": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 1),
        "n": len(ordered),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--work", type=Path, default=Path("/tmp/frontline-timeline-memory"))
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--zoom", type=int, action="append", default=None)
    parser.add_argument("--files", type=Path, default=None, help="a timeline's files folder")
    parser.add_argument("--day", default=None, help="the day stepped from (ISO; default: first)")
    parser.add_argument(
        "--renderer",
        choices=("svg", "canvas"),
        default=None,
        help="force SVG paths or the grouped canvas (default: the page's choice)",
    )
    parser.add_argument(
        "--phases", action="store_true", help="also time a step's parts (script, canvas, raster)"
    )
    args = parser.parse_args()
    if args.files is not None:
        html, facts = page_html_of_files(args.files, args.renderer)
    else:
        html, facts = page_html(args.scale, args.work, args.renderer)
    results = {
        "scale": args.scale,
        "load": os.getloadavg(),
        "day": args.day,
        "renderer": args.renderer or "default",
        **facts,
    }
    results.update(measure(html, args.zoom or [0], args.steps, args.day, with_phases=args.phases))
    results["load_after"] = os.getloadavg()
    save_results(f"timeline-page-{args.scale}x", results)


if __name__ == "__main__":
    main()
