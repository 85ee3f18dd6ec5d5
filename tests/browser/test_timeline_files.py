"""A browser timeline served as files (`timeline_files`): the map's script carries only where they
are, `timeline.js` fetches them, and the map draws each day as the inline timeline does; restyling
by view (`VIEW_ONLY_FEATURES`) brings what is off screen to the day when it comes into view.

The bundled theatre's timeline over a fortnight, on the base map the page draws, served offline
(`page_of_map`: the app's static files at their absolute URLs, nothing else reachable).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser

from bench.harness import STATIC, map_frame
from bench.harness import served as app_served
from claims.control import SIDE_VIEWS
from claims.dataset import load_dataset
from claims.model import Side
from dashboard import timeline_map
from dashboard.folium_text import rendered_as_text
from dashboard.map_builder import build_base_map
from dashboard.map_state import base_layers_for
from dashboard.offline import use_vendored_assets
from dashboard.timeline_data import Timeline
from dashboard.timeline_files import MODE_ENV, TIMELINES_URL, served
from tests.browser.conftest import HOSTILE_LEDGER, composite_timeline, page_of_map
from tests.browser.test_timeline import assert_text_stays_text_after_a_browser_step, frame_of

SPAN = (date(2024, 8, 6), date(2024, 8, 20))
CURRENT = "window.frontlineTimeline.current"
# What the page draws of every timeline feature: its tooltip or name, its fill (null: not drawn
# that day), and where.
DRAWN_JS = f"""() => {{
    const t = {CURRENT};
    const out = {{}};
    // A sublayer no day draws is left out inline and empty when fetched: the same map.
    Object.keys(t.layers).filter(name => t.layers[name].length).forEach(name => {{
        out[name] = t.layers[name].map(layer => {{
            const p = layer.feature.properties;
            const drawn = t.states[name].group.hasLayer(layer) &&
                (layer.options.fill !== false || layer.options.stroke !== false);
            const at = layer.getLatLng ? layer.getLatLng() : layer.getBounds().getCenter();
            return [p.tooltip || p.name || "", drawn ? layer.options.fillColor || "" : null,
                    at.lat.toFixed(5), at.lng.toFixed(5)];
        }});
    }});
    return [t.data.days[t.day], out];
}}"""
STEP_JS = f"""(days) => {{
    for (let i = 0; i < days; i++) {{
        document.querySelector(".frontline-timeline input").dispatchEvent(
            new KeyboardEvent("keydown", {{key: "ArrowRight", bubbles: true}}));
    }}
    return {CURRENT}.data.days[{CURRENT}.day];
}}"""
# Per area feature: whether it lies within the map's window, whether it shows the frame on
# screen (its state is the one the page decoded for that frame), and whether it is on the map.
FRESH_JS = f"""() => {{
    const t = {CURRENT};
    const view = t.map.getBounds();
    const sub = t.states.territory;
    // A feature need not be touched by a step that leaves its state as it was.
    const shows = (i) => sub.applied[i] >= 0 && [...Array(sub.width).keys()].every(k =>
        sub.frames[sub.applied[i]][i * sub.width + k] === sub.frames[t.frame][i * sub.width + k]);
    const padded = view.pad(0.1); // what a restyle by view looks at
    return t.layers.territory.map((layer, i) => [
        view.intersects(layer.getBounds()), shows(i), sub.group.hasLayer(layer),
        padded.intersects(layer.getBounds())]);
}}"""


@pytest.fixture(scope="module")
def fortnight() -> Timeline:
    return composite_timeline(load_dataset(), SPAN)


@pytest.fixture
def files_folder() -> Iterator[Path]:
    """The app's static folder for timelines (where `page_of_map` serves them from), emptied of
    what the test wrote."""
    folder = STATIC / "timelines"
    before = set(folder.iterdir()) if folder.is_dir() else set()
    yield folder
    for written in set(folder.iterdir()) - before:
        shutil.rmtree(written, ignore_errors=True)


def map_html(timeline: Timeline) -> str:
    use_vendored_assets()
    source = load_dataset()
    fmap = build_base_map(base_layers_for(source.theatre, source.claims_about), tiles=False)
    for group in timeline_map.timeline_groups(timeline, timeline.data["stamps"][0]):
        group.add_to(fmap)
    with rendered_as_text():
        return fmap.get_root().render()


def drawn_after_steps(browser: Browser, html: str, steps: int) -> Any:
    with page_of_map(browser, html) as page:
        page.wait_for_function(f"() => {CURRENT}", timeout=60_000)
        page.evaluate(STEP_JS, steps)
        return page.evaluate(DRAWN_JS)


def test_a_timeline_served_as_files_draws_each_day_as_the_inline_one(
    browser: Browser, fortnight: Timeline, files_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FRONTLINE_TIMELINE_FILES", "files")
    fetched = served(fortnight, files_folder, TIMELINES_URL)
    assert fetched.source is not None and not fetched.shapes and not fetched.points
    inline_html, fetched_html = map_html(fortnight), map_html(fetched)
    # The map's script carries where the files are, not the days nor the shapes.
    assert '"frames"' in inline_html and '"frames"' not in fetched_html
    assert len(fetched_html) < len(inline_html) - 100_000
    for steps in (0, 5):
        inline, files = (
            drawn_after_steps(browser, html, steps) for html in (inline_html, fetched_html)
        )
        assert files == inline
        day, drawn = files
        assert day == date.fromordinal(SPAN[0].toordinal() + steps).isoformat()
        assert any(fill for _, fill, *_ in drawn["territory"]), "some territory drawn"
        assert any(fill for _, fill, *_ in drawn["settlements"]), "some settlements drawn"


def test_restyled_by_view_what_comes_into_view_shows_the_day(
    browser: Browser, fortnight: Timeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(timeline_map, "VIEW_ONLY_FEATURES", 0)
    with page_of_map(browser, map_html(fortnight)) as page:
        page.wait_for_function(f"() => {CURRENT}")
        # Close in on one corner of the theatre, then step on: what is far away keeps its day.
        page.evaluate(
            f"() => {{ const t = {CURRENT}; t.map.setView(t.map.getBounds()"
            ".getSouthWest(), 12, {animate: false}); }"
        )
        page.evaluate(STEP_JS, 10)
        fresh = page.evaluate(FRESH_JS)
        assert all(shows for inside, shows, *_ in fresh if inside), "on screen: the day shown"
        assert not all(shows for _, shows, *_ in fresh), "far off screen: not restyled yet"
        assert not any(on_map for _, shows, on_map, _ in fresh if not shows), "nor on the map"
        # Back out to the whole theatre: everything on screen is brought to the day.
        page.evaluate(f"() => {{ const t = {CURRENT}; t.map.setZoom(8, {{animate: false}}); }}")
        page.wait_for_timeout(300)
        fresh = page.evaluate(FRESH_JS)
        assert any(inside for inside, *_ in fresh)
        assert all(shows for inside, shows, *_ in fresh if inside)
        drawn = page.evaluate(DRAWN_JS)
        # In again, on the north-easternmost cell drawn, and on a day: what the view left is
        # off the map.
        page.evaluate(
            f"""() => {{ const t = {CURRENT}, group = t.states.territory.group;
            const at = t.layers.territory.filter(layer => group.hasLayer(layer))
                .map(layer => layer.getBounds().getCenter())
                .reduce((a, b) => a.lat + a.lng > b.lat + b.lng ? a : b);
            t.map.setView(at, 12, {{animate: false}}); }}"""
        )
        page.evaluate(STEP_JS, 1)
        page.wait_for_timeout(300)
        fresh = page.evaluate(FRESH_JS)
        assert any(on_map for *_, on_map, _ in fresh), "some cells drawn in the corner"
        assert not any(on_map for *_, on_map, near in fresh if not near), "what is far is off"
        assert all(shows for inside, shows, *_ in fresh if inside)
    monkeypatch.setattr(timeline_map, "VIEW_ONLY_FEATURES", 10**9)
    # Drawn as a map that restyles every feature draws the same day.
    day, every = drawn_after_steps(browser, map_html(fortnight), 10)
    assert drawn[0] == day
    inside = [i for i, (seen, *_) in enumerate(fresh) if seen]
    assert [drawn[1]["territory"][i] for i in inside] == [every["territory"][i] for i in inside]


@pytest.fixture(scope="module")
def hostile_files_url() -> Iterator[str]:
    """The dashboard on the hostile ledger with its timeline served as files."""
    with app_served({"FRONTLINE_LEDGER": str(HOSTILE_LEDGER), MODE_ENV: "files"}) as url:
        yield url


def test_claimant_text_stays_text_in_a_fetched_timeline(
    browser: Browser, hostile_files_url: str
) -> None:
    assert_text_stays_text_after_a_browser_step(browser, hostile_files_url, fetched=True)


def test_a_new_session_takes_the_files_its_page_fetched_while_the_ledger_was_read(
    browser: Browser, hostile_files_url: str
) -> None:
    """Once the timeline is built, a session's first run has the page fetch and parse its files
    before the ledger is read (`timeline_prefetch`): the map takes every file from the page and
    opens on the permalink's day, its ledger text still text. An address whose map needs the
    ledger to be known (a claimant named) is left to the map, which fetches its own."""
    wait_for_the_timeline(browser, hostile_files_url)
    page = browser.new_page(viewport={"width": 1500, "height": 1100})
    page.goto(f"{hostile_files_url}/?date=2024-08-27&mode=composite&zoom=9&lat=51.3&lon=35.2")
    map_frame(page)
    frame = frame_of(page)
    frame.wait_for_function(
        "() => document.querySelector('.frontline-date').dataset.date === '2024-08-27'"
    )
    files = frame.evaluate("() => window.frontlineTimeline.current.prefetched")
    assert files == ["changes", "contested", "data", "fighting", "settlements", "territory"]
    # Taken once: the page keeps no copy.
    assert page.evaluate("() => Object.keys(window.frontlineTimelineFiles)") == []
    page.close()
    assert_text_stays_text_after_a_browser_step(
        browser, hostile_files_url, fetched=True, prefetched=True
    )
    page = browser.new_page(viewport={"width": 1500, "height": 1100})
    russia = quote(SIDE_VIEWS[Side.RUSSIA])
    page.goto(f"{hostile_files_url}/?date=2024-08-27&mode=single&claimants={russia}")
    map_frame(page)
    assert page.evaluate("() => window.frontlineTimelineFiles") is None
    page.close()


def wait_for_the_timeline(browser: Browser, url: str) -> None:
    """The server's composite timeline built (a fresh server draws its first map by the server
    path and builds the timeline behind it)."""
    page = browser.new_page(viewport={"width": 1500, "height": 1100})
    page.goto(f"{url}/?date=2024-08-20")
    map_frame(page)
    frame_of(page).wait_for_function(
        "() => window.frontlineTimeline.current.fetchedFrom", timeout=180_000
    )
    page.close()
