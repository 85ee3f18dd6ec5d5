"""Tests for briefing snapshots: the page (pure), the CLI's state, and pictures drawn in chromium.

Tests marked `browser` drive Debian's chromium through Playwright (they run in `make test`).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from claims.control import COMPOSITE, SIDE_VIEWS
from claims.model import Holder, Side
from dashboard import snapshot, snapshot_cli
from dashboard.snapshot import (
    BANNER,
    SIZES,
    SnapshotOptions,
    SnapshotSource,
    short_url,
    shown_views,
    snapshot_html,
    snapshot_source,
    view_names,
)
from dashboard.snapshot_render import Capture, SnapshotBrowser
from dashboard.styles import HOLDER_COLOURS
from dashboard.view_kinds import ALL_LAYERS, Mode
from dashboard.view_state import ViewState, state_to_query

HOSTILE_LEDGER = Path(__file__).resolve().parent / "data" / "hostile_ledger.yaml"
ON = date(2025, 3, 13)
FIXED = ViewState(on=ON)
RAW_PAYLOADS = ("<script>alert(1)</script>", "<img src=x onerror", "<svg onload")

Frontline = Callable[[list[str]], int]


@pytest.fixture(scope="module")
def source() -> SnapshotSource:
    return snapshot_source()


@pytest.fixture(scope="module")
def page(source: SnapshotSource) -> str:
    return snapshot_html(source, FIXED, SnapshotOptions(size=SIZES["1600x900"]))


def test_page_needs_no_network(page: str) -> None:
    assert not re.search(r"<script[^>]*\bsrc=", page)
    assert not re.search(r"<link[^>]*\bhref=", page)
    assert "cdn.jsdelivr" not in page and "code.jquery.com" not in page
    assert "L.map(" in page and "L.control.scale()" in page  # inlined Leaflet, scale bar


def test_page_carries_what_a_briefing_needs(page: str) -> None:
    assert BANNER in page
    assert "13 Mar 2025" in page  # header and map stamp, one date format
    assert "13 March 2025" not in page
    assert "Shown: Latest word (composite)" in page
    assert "frontline-legend" in page and "north-arrow" in page
    for credit in snapshot.CREDITS:
        assert credit in page
    sources = re.findall(r"<li><b>", page)
    assert 0 < len(sources) <= SIZES["1600x900"].max_sources
    assert "more sources" in page


def test_pair_draws_two_maps_with_their_names(source: SnapshotSource) -> None:
    state = ViewState(on=ON, mode=Mode.PAIR, compare=date(2025, 3, 1))
    page = snapshot_html(source, state, SnapshotOptions(size=SIZES["a4"]))
    assert page.count('class="folium-map"') == 2
    assert f"<h2>{SIDE_VIEWS[Side.UKRAINE]}</h2>" in page
    assert f"<h2>{SIDE_VIEWS[Side.RUSSIA]}</h2>" in page
    assert "changes since 1 Mar 2025" in page


def test_every_ledger_string_is_escaped() -> None:
    hostile = snapshot_source(HOSTILE_LEDGER)
    names = [name for name, _ in hostile.ledger.claimants]
    state = ViewState(on=ON, mode=Mode.PAIR, claimants=(names[0], names[2]))
    for interactive in (False, True):
        options = SnapshotOptions(interactive=interactive, title="<b>Title</b>")
        page = snapshot_html(hostile, state, options)
        for payload in RAW_PAYLOADS:
            assert payload not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;Title&lt;/b&gt;" in page


def test_shown_views_fill_a_permalink_as_the_dashboard_does() -> None:
    assert shown_views(ViewState(on=ON)) == [COMPOSITE]
    assert shown_views(ViewState(on=ON, claimants=("x",))) == [COMPOSITE]
    ukraine, russia = SIDE_VIEWS[Side.UKRAINE], SIDE_VIEWS[Side.RUSSIA]
    assert shown_views(ViewState(on=ON, mode=Mode.PAIR)) == [ukraine, russia]
    assert shown_views(ViewState(on=ON, mode=Mode.PAIR, claimants=(russia,))) == [russia, ukraine]
    assert shown_views(ViewState(on=ON, mode="single", claimants=("DeepStateMap",))) == [
        "DeepStateMap"
    ]


def test_short_url() -> None:
    assert short_url("https://www.example.org/a") == "example.org/a"
    assert short_url("https://example.org/" + "x" * 100, limit=20).endswith("…")
    assert len(short_url("https://example.org/" + "x" * 100, limit=20)) == 20


def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    snapshot_cli.register(parser.add_subparsers())
    return parser.parse_args(["snapshot", *argv, "--out", "x.png"])


def test_a_permalink_gives_back_its_state(source: SnapshotSource) -> None:
    state = ViewState(
        on=date(2025, 1, 10),
        mode=Mode.PAIR,
        claimants=("DeepStateMap", SIDE_VIEWS[Side.RUSSIA]),
        compare=date(2024, 12, 1),
        known=date(2025, 1, 12),
        layers=frozenset({"territory", "settlements"}),
        center=(51.3, 35.2),
        zoom=10,
        fresh=60,
    )
    query = "&".join(f"{k}={v}" for k, v in state_to_query(state).items())
    names = view_names(source.ledger)
    args = _args("--permalink", f"http://127.0.0.1:8501/?{query}")
    assert snapshot_cli.state_from_args(args, source.ledger, names) == state
    ageless = _args("--permalink", f"http://h/?{query}", "--fresh-days", "all")
    assert snapshot_cli.state_from_args(ageless, source.ledger, names).fresh is None
    moved = _args("--permalink", f"http://h/?{query}", "--date", "2025-02-01", "--mode", "single")
    assert snapshot_cli.state_from_args(moved, source.ledger, names).on == date(2025, 2, 1)
    assert snapshot_cli.state_from_args(moved, source.ledger, names).mode == "single"


def test_options_choose_the_state(source: SnapshotSource) -> None:
    names = view_names(source.ledger)
    args = _args("--date", "2025-03-13", "--claimants", "DeepStateMap|BBC Verify")
    state = snapshot_cli.state_from_args(args, source.ledger, names)
    assert (state.mode, state.claimants) == (Mode.PAIR, ("DeepStateMap", "BBC Verify"))
    assert state.layers == frozenset(ALL_LAYERS)
    with pytest.raises(ValueError, match="unknown claimant"):
        snapshot_cli.state_from_args(_args("--date", "2025-03-13", "--claimants", "No one"),
                                     source.ledger, names)  # fmt: skip
    with pytest.raises(ValueError, match="give --date"):
        snapshot_cli.state_from_args(_args(), source.ledger, names)

    assert tuple(SIZES) == snapshot_cli.SIZE_NAMES


def test_series_days_end_on_the_last_day() -> None:
    week = timedelta(days=7)
    assert snapshot_cli.series_days(date(2025, 3, 1), date(2025, 3, 8), week) == [
        date(2025, 3, 1),
        date(2025, 3, 8),
    ]
    assert snapshot_cli.series_days(date(2025, 3, 1), date(2025, 3, 10), week)[-1] == date(
        2025, 3, 10
    )
    assert snapshot_cli._every("2w") == timedelta(days=14)
    with pytest.raises(argparse.ArgumentTypeError):
        snapshot_cli._every("0d")
    with pytest.raises(argparse.ArgumentTypeError):
        snapshot_cli._bbox("36,51,35,52")


# --- In Debian's chromium -------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium() -> Iterator[SnapshotBrowser]:
    with SnapshotBrowser() as browser:
        yield browser


@pytest.fixture(scope="module")
def drawn(
    chromium: SnapshotBrowser, page: str, tmp_path_factory: pytest.TempPathFactory
) -> Capture:
    return chromium.capture(page, tmp_path_factory.mktemp("snap") / "fixed.png", SIZES["1600x900"])


def _count_near(pixels: np.ndarray, colour: str, tolerance: int = 40) -> int:
    """How many pixels lie within `tolerance` (sum over R, G, B) of a #RRGGBB colour."""
    target = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(pixels - target).sum(axis=1) <= tolerance).sum())


def test_png_has_the_size_asked_for(drawn: Capture) -> None:
    with Image.open(drawn.path) as image:
        assert image.size == (1600, 900)


def test_the_drawn_page_holds_legend_date_banner_and_sources(drawn: Capture) -> None:
    html = drawn.drawn_html
    assert re.search(r'class="frontline-date"[^>]*>13 Mar 2025<', html)
    assert "Held, as claimed" in html and 'data-entry="ukraine"' in html
    assert "<details" not in html  # no toggle in a still picture
    assert 'data-entry="russia-gained"' not in html  # no compare date, no gains
    assert BANNER in html
    assert "Sources of the claims drawn" in html
    assert 'data-ready="true"' in html


def test_map_area_is_drawn_in_both_sides_colours(drawn: Capture, chromium: SnapshotBrowser) -> None:
    x, y, width, height = (round(v) for v in drawn.boxes[".map-box"][0])
    (legend,) = drawn.boxes[".frontline-legend"]
    assert legend[1] >= y + height - 1, "the legend is below the map, never over it"
    with Image.open(drawn.path) as image:
        region = image.convert("RGB").crop((x, y, x + width, y + height))
        pixels = np.asarray(region, dtype=int).reshape(-1, 3)
    assert len(np.unique(pixels, axis=0)) > 200, "the map area is not blank"
    for colour in (HOLDER_COLOURS[Holder.UKRAINE], HOLDER_COLOURS[Holder.RUSSIA]):
        assert _count_near(pixels, colour) > 20, f"no {colour} drawn on the map"
    assert chromium.blocked == []


def test_pdf_is_one_a4_landscape_page(
    chromium: SnapshotBrowser, source: SnapshotSource, tmp_path: Path
) -> None:
    state = ViewState(on=ON, mode=Mode.PAIR)
    page = snapshot_html(source, state, SnapshotOptions(size=SIZES["a4"]))
    out = chromium.capture(page, tmp_path / "pair.pdf", SIZES["a4"]).path
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == 1
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", data)
    assert box is not None  # A4 landscape: 841.9 x 595.3 pt
    assert float(box.group(1)) == pytest.approx(842, abs=2)
    assert float(box.group(2)) == pytest.approx(595, abs=2)


def test_cli_writes_png_and_html(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], frontline_in_chromium: Frontline
) -> None:
    cli = frontline_in_chromium
    png, html = tmp_path / "one.png", tmp_path / "one.html"
    assert cli(["snapshot", "--date", "2025-03-13", "--size", "1600x900", "--out", str(png)]) == 0
    assert cli(["snapshot", "--date", "2025-03-13", "--out", str(html)]) == 0
    with Image.open(png) as image:
        assert image.size == (1600, 900)
    assert BANNER in html.read_text(encoding="utf-8")
    assert str(png) in capsys.readouterr().out


def test_cli_series_writes_each_step_and_a_gif(
    tmp_path: Path, frontline_in_chromium: Frontline
) -> None:
    cli = frontline_in_chromium
    argv = ["snapshot", "--from", "2025-03-06", "--to", "2025-03-13", "--every", "7d"]
    assert cli([*argv, "--size", "a4", "--out", str(tmp_path), "--gif"]) == 0
    frames = sorted(tmp_path.glob("frontline-*.png"))
    assert [p.name for p in frames] == ["frontline-2025-03-06.png", "frontline-2025-03-13.png"]
    gifs = list(tmp_path.glob("*.gif"))
    assert len(gifs) == 1
    with Image.open(gifs[0]) as gif:
        assert getattr(gif, "n_frames", 1) == 2 and gif.size == (1123, 794)


def test_a_picture_is_fitted_to_the_days_ground_unless_told_otherwise(
    source: SnapshotSource,
) -> None:
    picture_of = snapshot.asserted_control(source.ledger, source.theatre, ON)
    fitted = snapshot.frame(FIXED, SnapshotOptions(), picture_of)
    assert fitted == snapshot.ground_in_play(picture_of) and fitted is not None
    given = (35.0, 51.0, 35.5, 51.4)
    assert snapshot.frame(FIXED, SnapshotOptions(bbox=given), picture_of) == given  # --bbox wins
    placed = FIXED.with_view((51.2, 35.27), 11)  # a permalink's own view stands
    assert snapshot.frame(placed, SnapshotOptions(), picture_of) is None
    west, south, east, north = fitted
    assert f"[[{south}, {west}], [{north}, {east}]]" in snapshot_html(source, FIXED)


def test_a_series_keeps_one_frame_holding_every_days_ground(source: SnapshotSource) -> None:
    days = [date(2024, 8, 10), date(2024, 12, 1), ON]
    west, south, east, north = snapshot.series_frame(source, FIXED, days) or (0, 0, 0, 0)
    for day in days:
        box = snapshot.ground_in_play(snapshot.asserted_control(source.ledger, source.theatre, day))
        assert box is not None
        assert west <= box[0] and south <= box[1] and box[2] <= east and box[3] <= north
