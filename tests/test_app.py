"""The Streamlit page run headless with AppTest: widgets, metrics, tables and the map payload.

st_folium shows up as a component instance; its `json_args` hold the base map's Leaflet script
(`script`) and the per-date feature groups (`feature_group`) the browser swaps in without
rebuilding the map.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import shapely
from streamlit.testing.v1 import AppTest

from claims.bundle import load_ledger
from claims.control import ControlPicture, asserted_control
from claims.diff import view_change
from claims.model import Holder, Ledger, Side
from claims.places import claims_by_settlement
from claims.theatre import Theatre
from claims.timing import effective_day
from dashboard import component_warmup, loaders, popup_texts
from dashboard.map_component import TIMELINE_SCRIPTS
from dashboard.map_elements import LABELS_JS
from dashboard.offline import BUNDLED, LIBRARY_BUNDLE
from dashboard.script_bundle import STATIC_FOLDER, STATIC_URL, bundle_text
from dashboard.view_kinds import Mode
from dashboard.wording import day_text, plural
from tests.apptest_page import map_components, maps_drawn

APP = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"
HOSTILE_LEDGER = Path(__file__).parent / "data" / "hostile_ledger.yaml"
DEFAULT_ON = date(2024, 8, 20)  # the page's opening date
LATER = date(2025, 3, 14)


@pytest.fixture(scope="module", autouse=True)
def environment() -> Iterator[None]:
    """Vector-only map, the bundled ledger, the fast (feature group) map; no disk cache, so no
    browser timeline kept by another test is drawn at once: a first run is the server path."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FRONTLINE_TILES", "off")
        patch.setenv("FRONTLINE_CACHE_DIR", "off")
        patch.delenv("FRONTLINE_LEDGER", raising=False)
        patch.delenv("FRONTLINE_REBUILD_MAP", raising=False)
        loaders.tiles_enabled.clear()
        yield
        loaders.tiles_enabled.clear()


@pytest.fixture(scope="module")
def ledger() -> Ledger:
    return load_ledger()


def new_app(**query: str) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=60)
    for name, value in query.items():
        app.query_params[name] = value
    return app


def opened(app: AppTest) -> AppTest:
    """The page as a browser sees it once open: run, and run again once its map has drawn."""
    return maps_drawn(app.run())


def payloads(app: AppTest) -> list[dict[str, Any]]:
    return [json.loads(c.proto.json_args) for c in map_components(app)]


def no_exception(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]


def km2(value: float) -> str:
    """A metric's value: whole km², the unit in its label."""
    return f"{value:,.0f}"


@dataclass(frozen=True)
class Scrub:
    app: AppTest
    before: dict[str, Any]
    after: dict[str, Any]


@pytest.fixture(scope="module")
def scrub() -> Scrub:
    """The page opened with no URL parameters, then the slider moved to a later date."""
    app = new_app().run()
    no_exception(app)
    (before,) = payloads(app)
    app.slider(key="on").set_value(LATER).run()
    no_exception(app)
    (after,) = payloads(app)
    return Scrub(app, before, after)


def test_page_runs_and_draws_the_map_as_a_component(scrub: Scrub) -> None:
    assert {"script", "feature_group", "js_links", "css_links"} <= set(scrub.before)
    assert "L.map(" in scrub.before["script"]
    links = scrub.before["js_links"] + scrub.before["css_links"]
    assert links
    assert all(link.startswith("/app/static/") for link in links), links
    assert "cdn" not in scrub.before["header"].lower()
    # The scripts load as one file (the component loads scripts one after another): the vendored
    # libraries first, then the labels', the timeline's and the legend's, as they are.
    (bundle,) = scrub.before["js_links"]
    text = (STATIC_FOLDER / bundle.removeprefix(STATIC_URL)).read_text("utf-8")
    parts = [LIBRARY_BUNDLE, *(src for _, src in LABELS_JS), *TIMELINE_SCRIPTS]
    assert text == bundle_text(STATIC_FOLDER, parts)
    assert not set(BUNDLED) & set(scrub.before["js_links"])


def test_opening_date_is_stamped_on_the_map(scrub: Scrub) -> None:
    assert day_text(DEFAULT_ON) in scrub.before["feature_group"]
    assert DEFAULT_ON.isoformat() in scrub.before["feature_group"]


def test_scrubbing_changes_the_date_layers_and_not_the_base_map(scrub: Scrub) -> None:
    assert scrub.after["feature_group"] != scrub.before["feature_group"]
    assert day_text(LATER) in scrub.after["feature_group"]
    # The stamp moved (a popup may still name a word said on the opening day).
    assert f'box.dataset.date = "{LATER.isoformat()}"' in scrub.after["feature_group"]
    assert f'box.dataset.date = "{DEFAULT_ON.isoformat()}"' not in scrub.after["feature_group"]
    assert scrub.after["script"] == scrub.before["script"]  # the fast-scrub contract
    assert scrub.after["key"] == scrub.before["key"]  # so the component is not re-mounted
    assert scrub.app.markdown[0].value == f"# {day_text(LATER)}"
    assert scrub.app.query_params["date"] == LATER.isoformat()


def busiest_claimant(picture: ControlPicture, ledger: Ledger) -> str:
    """The claimant asserting most ground for Ukraine (not the page's default first claimant)."""
    default = next(name for name, side in ledger.claimants if side is Side.UKRAINE)
    views = [v for v in picture.claimants if v.claimant != default]
    return max(views, key=lambda v: v.area_km2(Holder.UKRAINE)).claimant


def test_one_claimant_mode_shows_that_claimants_metrics(ledger: Ledger, kursk: Theatre) -> None:
    picture = asserted_control(ledger, kursk, DEFAULT_ON)
    claimant = busiest_claimant(picture, ledger)
    view = picture.view(claimant)
    app = opened(new_app())
    app.radio(key="mode").set_value(Mode.SINGLE).run()
    app.selectbox(key="left").set_value(claimant).run()
    no_exception(app)
    metrics = [(m.label, m.value) for m in app.metric]
    assert metrics == [
        ("Ukraine-held km²", km2(view.area_km2(Holder.UKRAINE))),
        ("Russia-held km²", km2(view.area_km2(Holder.RUSSIA))),
        ("Fighting km²", km2(picture.fighting.km2)),
        ("Disagreement km²", km2(picture.contested_km2)),
    ]
    assert view.area_km2(Holder.UKRAINE) > 0
    assert f"**{claimant}**" in [m.value for m in app.markdown]
    held = len(view.settlements_held(Holder.UKRAINE, kursk))
    assert any(c.value.startswith(f"{plural(held, 'settlement')}  \n") for c in app.caption)
    assert len(payloads(app)) == 1
    assert app.query_params["claimants"] == claimant


def test_pair_mode_draws_two_maps_side_by_side() -> None:
    app = opened(new_app())
    app.radio(key="mode").set_value(Mode.PAIR).run()
    no_exception(app)
    maps = payloads(app)
    assert len(maps) == 2
    assert maps[0]["script"] == maps[1]["script"]
    pair = [app.selectbox(key="left").value, app.selectbox(key="right").value]
    assert pair[0] != pair[1]
    assert [s.value for s in app.subheader] == pair
    assert maps[0]["feature_group"] != maps[1]["feature_group"]
    # Ukraine and Russia per claimant, then fighting reported and claimants disagree.
    assert len(app.metric) == 2 * 2 + 2
    assert app.query_params["claimants"] == "|".join(pair)


def test_compare_date_adds_the_changes_layer(ledger: Ledger, kursk: Theatre) -> None:
    before = asserted_control(ledger, kursk, DEFAULT_ON).composite
    after = asserted_control(ledger, kursk, LATER).composite
    change = view_change(before, after, kursk, dates=(DEFAULT_ON, LATER))
    since = f"since {day_text(DEFAULT_ON)}"
    gains = shapely.union_all([side.gained for side in change.sides])
    # A loss another side gained is drawn once, as the gain; only a loss nobody gained is "lost".
    expected = [
        f"{side.holder.value} {kind} {since}"
        for side in change.sides
        for kind, shape in (("gained", side.gained), ("lost", side.lost.difference(gains)))
        if shape.area > 0
    ]
    assert expected, "the composite changed between the two dates"
    app = new_app(date=LATER.isoformat()).run()
    plain = payloads(app)[0]["feature_group"]
    assert not any(tooltip in plain for tooltip in expected)
    app.checkbox(key="use_compare").check().run()
    app.date_input(key="compare").set_value(DEFAULT_ON).run()
    no_exception(app)
    (compared,) = payloads(app)
    for tooltip in expected:
        assert tooltip in compared["feature_group"]
    assert f"changes {since}" in compared["feature_group"]  # on the date stamp
    assert app.query_params["compare"] == DEFAULT_ON.isoformat()


def test_tables_list_claims_in_force_and_named_settlements(
    scrub: Scrub, ledger: Ledger, kursk: Theatre
) -> None:
    app = opened(new_app())
    picture = asserted_control(ledger, kursk, DEFAULT_ON)
    deciding = {a.claim.id for a in picture.composite.painted.places.values()}
    # The claims panel is the one shown first; the others are built only when chosen.
    in_force = next(d.value for d in app.dataframe if "id" in d.value.columns)
    assert set(in_force["id"]) == deciding
    assert {"published", "claimant", "verification", "source"} <= set(in_force.columns)
    index = claims_by_settlement(ledger.records, kursk)
    named = {
        s.name_en
        for s in kursk.settlements
        if any(effective_day(c) <= DEFAULT_ON for c in index.get(s.id, ()))
    }
    app.session_state["panel"] = "Settlements"
    app.run()
    table = next(d.value for d in app.dataframe if "settlement" in d.value.columns)
    assert set(table["settlement"]) == named
    assert "Sudzha" in named


def claims_grids(app: AppTest) -> list[Any]:
    return [d.value for d in app.dataframe if "id" in d.value.columns]


def test_the_claims_tables_wait_for_the_map_drawn() -> None:
    """The data grid's script loads on its first showing: the first run leaves it out, and the
    map's report (once drawn) brings it (the report itself: the browser test of the same name)."""
    app = new_app().run()
    no_exception(app)
    assert payloads(app), "the map is in the first run"
    assert not claims_grids(app)
    assert not app.metric, "nor the figures: a kind of element new to the page holds the map back"
    assert not app.get("download_button")
    assert "The figures, links and claims tables follow once the map is drawn." in [
        c.value for c in app.caption
    ]
    maps_drawn(app)
    assert claims_grids(app)
    assert app.metric
    assert app.get("download_button")


def test_the_claims_tables_come_at_a_click_without_the_map_report() -> None:
    """A map that never reports (its script failed, say) does not keep the tables away: a button
    brings them (no timer: a timed rerun would cut into a step's run)."""
    app = new_app().run()
    assert not claims_grids(app)
    app.button(key="tables_now").click().run()
    no_exception(app)
    assert claims_grids(app)
    assert app.metric
    app.run()
    assert claims_grids(app), "due for the session"


def test_an_empty_component_is_sent_before_the_map() -> None:
    """The sidebar (a run's first elements) ends with an empty component, so the page loads its
    script for components while the run computes the map (`dashboard.component_warmup`)."""
    app = new_app().run()
    no_exception(app)
    (warm,) = app.sidebar.get("component_instance")
    assert warm.proto.component_name.endswith(component_warmup.NAME)
    assert len(map_components(app)) == 1
    app.run()
    assert len(app.sidebar.get("component_instance")) == 1, "the same element every run"


def test_the_next_days_are_not_prefetched_beside_the_first_map(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The prefetch is pure Python in a thread of the server: a session's first run leaves it
    to the next run (the map's report, or a step), which starts it from the day shown."""
    asked: list[date] = []
    monkeypatch.setattr(
        loaders, "prefetch_neighbours", lambda key, on, *rest, **kw: asked.append(on)
    )
    app = new_app(date="2024-09-10").run()
    no_exception(app)
    assert asked == []
    maps_drawn(app)
    assert asked == [date(2024, 9, 10)]
    app.run()
    assert asked == [date(2024, 9, 10)] * 2


def test_url_parameters_seed_the_view(ledger: Ledger) -> None:
    isw = next(name for name, _ in ledger.claimants if "ISW" in name)
    app = opened(new_app(date="2025-03-14", mode=Mode.SINGLE, claimants=isw))
    no_exception(app)
    assert app.slider(key="on").value == date(2025, 3, 14)
    assert app.markdown[0].value == "# 14 Mar 2025"
    assert app.radio(key="mode").value == Mode.SINGLE
    assert app.selectbox(key="left").value == isw
    (payload,) = payloads(app)
    assert "14 Mar 2025" in payload["feature_group"]
    (link,) = [h.proto.body for h in app.get("html") if "frontline-permalink" in h.proto.body]
    assert "date=2025-03-14" in link


def test_bad_url_parameters_fall_back_without_breaking_the_page() -> None:
    app = new_app(date="someday", mode="<b>", zoom="far", claimants="Nobody").run()
    no_exception(app)
    assert app.slider(key="on").value == DEFAULT_ON
    assert len(payloads(app)) == 1


@pytest.mark.parametrize("query", [{"compare": "2020-01-01"}, {"known": "2030-01-01"}])
def test_a_stale_compare_or_known_date_does_not_break_the_page(query: dict[str, str]) -> None:
    app = new_app(**query).run()
    no_exception(app)
    assert len(payloads(app)) == 1


def test_a_bad_ledger_shows_the_problem_and_no_map(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = HOSTILE_LEDGER.read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("holder: russia", "holder: atlantis", 1), encoding="utf-8")
    monkeypatch.setenv("FRONTLINE_LEDGER", str(bad))
    app = new_app().run()
    no_exception(app)
    (error,) = app.error
    assert "cannot be shown" in error.value
    (problems,) = app.code
    assert "hostile-ind-2024-08-20" in problems.value
    assert "holder" in problems.value
    assert "atlantis" in problems.value
    assert payloads(app) == []
    assert not app.metric


def test_a_hostile_ledger_reaches_the_map_only_as_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTLINE_LEDGER", str(HOSTILE_LEDGER))
    # The popups' text carried by the map, so all of it is in the payload read here (served as
    # files, the default, tests/browser/test_popup_texts.py runs the same ledger through it).
    monkeypatch.setenv(popup_texts.MODE_ENV, "inline")
    app = new_app(mode=Mode.PAIR).run()
    no_exception(app)
    maps = payloads(app)
    assert len(maps) == 2
    for payload in maps:
        code = payload["script"] + payload["feature_group"]
        assert "alert(1)" in code, "the payloads reach the map, as escaped data"
        assert "{{ cycler.__init__.__globals__.os.getcwd() }}" in code, "template text kept"
        for raw in ("<script", "<img", "<svg", "</script"):
            assert raw not in code.lower()
