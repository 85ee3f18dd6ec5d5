"""The legend under the map follows a browser step in the same frame as the map, and the rerun
after the pause agrees with it."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import parse_qs, urlencode, urlparse

from playwright.sync_api import Page

from bench.harness import MAP_IFRAME, map_frame
from claims.control import COMPOSITE, DEFAULT_FRESH_DAYS, asserted_control
from claims.dataset import load_dataset
from dashboard.legend import Entry, drawn_entries
from dashboard.map_state import date_layers_for
from dashboard.timeline_data import event_days
from dashboard.view_kinds import ALL_LAYERS
from dashboard.wording import day_text
from tests.browser.conftest import timeline_on_day

SEARCH_FROM = date(2024, 9, 1)
# The legend entries shown (laid out, not hidden) in the page around the map frame.
SHOWN_JS = """() => Array.from(window.parent.document.querySelectorAll(".frontline-legend-entry"))
    .filter(node => node.getClientRects().length > 0).map(node => node.dataset.entry).sort()"""
# One key press and the legend read back in the same task: no rerun can have come in between.
STEP_JS = (
    "() => {\n    const shown = "
    + SHOWN_JS
    + """;
    const stamp = () => document.querySelector(".frontline-date").dataset.date;
    const before = {date: stamp(), legend: shown()};
    document.querySelector(".frontline-timeline input").dispatchEvent(
        new KeyboardEvent("keydown", {key: "ArrowRight", bubbles: true}));
    return {before: before, after: {date: stamp(), legend: shown()}};
}"""
)


def legend_changing_day(
    claimants: tuple[str, ...] = (COMPOSITE,), after: date = SEARCH_FROM
) -> tuple[date, list[str], list[str]]:
    """A day whose legend (one for all the maps of `claimants`) differs from the next day's, in
    the page's default settings (every layer, the default fresh window), from the engine."""
    dataset = load_dataset()

    def legend_on(day: date) -> list[str]:
        picture = asserted_control(
            dataset.ledger, dataset.theatre, day, fresh_days=DEFAULT_FRESH_DAYS
        )
        maps = [
            date_layers_for(
                picture,
                None,
                claimant,
                dataset.theatre,
                dataset.claims_about,
                shown=frozenset(ALL_LAYERS),
            )
            for claimant in claimants
        ]
        return sorted(entry.value for entry in drawn_entries(maps))

    for day in event_days(dataset.change_days, dataset.ledger.span, DEFAULT_FRESH_DAYS):
        if day > after and legend_on(day - timedelta(days=1)) != legend_on(day):
            return day - timedelta(days=1), legend_on(day - timedelta(days=1)), legend_on(day)
    raise AssertionError(f"no day after {after} changes the legend of {claimants}")


def test_a_step_changes_the_legend_in_the_same_frame_and_the_rerun_agrees(
    page: Page, app_url: str
) -> None:
    day, before, after = legend_changing_day()
    following = day + timedelta(days=1)
    frame = timeline_on_day(page, app_url, day.isoformat())
    page.wait_for_timeout(500)
    step = frame.evaluate(STEP_JS)
    assert step["before"] == {"date": day.isoformat(), "legend": before}
    assert step["after"] == {"date": following.isoformat(), "legend": after}
    assert Entry.BORDER.value in after
    # After the pause Python draws the new day, legend included: the same entries.
    page.wait_for_url(f"**date={following.isoformat()}**", timeout=30_000)
    page.get_by_text(day_text(following)).first.wait_for(timeout=30_000)  # the page heading
    page.wait_for_timeout(1000)
    assert frame.evaluate(SHOWN_JS) == after
    # A rerun that ends late writes the legend of the day before anew (its entries shown, the
    # new day's own hidden); the page sets it back to the map's day within a moment.
    written = page.evaluate(
        """(shown) => {
            const old = document.querySelector(".frontline-legend");
            const late = old.cloneNode(true);
            late.querySelectorAll(".frontline-legend-entry").forEach(node => {
                node.hidden = !shown.includes(node.dataset.entry); });
            old.replaceWith(late);
            return Array.from(late.querySelectorAll(".frontline-legend-entry"))
                .filter(node => node.getClientRects().length > 0)
                .map(node => node.dataset.entry).sort();
        }""",
        before,
    )
    assert written == before
    page.wait_for_timeout(400)
    assert frame.evaluate(SHOWN_JS) == after


def test_two_maps_share_one_legend_that_follows_both_in_the_same_frame(
    page: Page, app_url: str
) -> None:
    page.goto(f"{app_url}/?date={SEARCH_FROM.isoformat()}&mode=pair")
    page.wait_for_url("**claimants=**", timeout=60_000)
    claimants = tuple(parse_qs(urlparse(page.url).query)["claimants"][0].split("|"))
    assert len(claimants) == 2
    day, before, after = legend_changing_day(claimants)
    query = urlencode({"date": day.isoformat(), "mode": "pair", "claimants": "|".join(claimants)})
    page.goto(f"{app_url}/?{query}")
    frames = []
    for index in range(2):
        map_frame(page, index)
        handle = page.locator(MAP_IFRAME).nth(index).element_handle()
        frame = handle.content_frame() if handle is not None else None
        assert frame is not None
        frame.wait_for_function(
            "() => window.frontlineTimeline && window.frontlineTimeline.current && "
            f"document.querySelector('.frontline-date').dataset.date === '{day.isoformat()}'",
            timeout=180_000,
        )
        frames.append(frame)
    page.wait_for_timeout(500)
    # A step in the first map moves the second in the same task; the one legend shows what
    # either map draws on the new day.
    step = frames[0].evaluate(STEP_JS)
    assert step["before"]["legend"] == before
    assert step["after"] == {"date": (day + timedelta(days=1)).isoformat(), "legend": after}
