"""Tests for dashboard.framing: the box a map of the day opens on."""

from __future__ import annotations

from datetime import date

import pytest
import shapely

from claims.bundle import load_ledger
from claims.control import asserted_control
from claims.theatre import Theatre
from dashboard.framing import KM_PER_DEGREE_LATITUDE, MIN_SPAN_KM, ground_in_play, padded


@pytest.mark.parametrize("on", [date(2024, 8, 10), date(2025, 3, 13)])
def test_the_frame_holds_the_ground_in_play_and_sudzha(kursk: Theatre, on: date) -> None:
    picture = asserted_control(load_ledger(), kursk, on)
    frame = ground_in_play(picture)
    assert frame is not None
    box = shapely.box(*frame)
    in_play = shapely.union_all([picture.fighting.shape, picture.contested])
    assert box.contains(in_play)
    sudzha = next(s for s in kursk.settlements if s.name_en == "Sudzha")
    assert box.contains(shapely.Point(sudzha.lon, sudzha.lat))
    # The day's ground, not the region: far smaller than the theatre's box.
    assert box.area < 0.5 * shapely.box(*kursk.home.bounds).area


def test_a_small_box_grows_to_the_minimum_span() -> None:
    west, south, east, north = padded((35.27, 51.19, 35.28, 51.20))
    assert (north - south) * KM_PER_DEGREE_LATITUDE == pytest.approx(MIN_SPAN_KM, rel=0.01)
    assert west < 35.27 and east > 35.28
