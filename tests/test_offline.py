"""The map's vendored libraries load as one file: the exact concatenation of the vendored copies,
in the order the map loads them, and only where all of them come together."""

from __future__ import annotations

from pathlib import Path

from dashboard.map_component import TIMELINE_SCRIPTS
from dashboard.offline import (
    BUNDLED,
    LIBRARY_BUNDLE,
    STATIC_FOLDER,
    library_bundle_text,
    with_library_bundle,
)

BUNDLE_FILE = STATIC_FOLDER / Path(LIBRARY_BUNDLE).name


def test_the_bundle_is_the_vendored_libraries_as_they_are() -> None:
    assert BUNDLE_FILE.read_text(encoding="utf-8") == library_bundle_text(), (
        "dashboard/static/vendor/map-libraries.js is out of date: python -m dashboard.offline"
    )
    text = library_bundle_text()
    starts = [text.index(f"/* {src.rsplit('/vendor/', 1)[1]} */") for src in BUNDLED]
    assert starts == sorted(starts), "in load order"
    assert "Leaflet 1.9.4" in text and "Control.FullScreen =" in text
    assert "jQuery" not in text and "Bootstrap" not in text, "nothing on the map uses them"


def test_the_libraries_load_as_one_file_at_the_first_ones_place() -> None:
    links = ["/app/static/other.js", *BUNDLED, *TIMELINE_SCRIPTS]
    assert with_library_bundle(links) == ["/app/static/other.js", LIBRARY_BUNDLE, *TIMELINE_SCRIPTS]


def test_a_list_without_all_of_them_in_order_is_left_as_it_is() -> None:
    partial = [*BUNDLED[:-1], *TIMELINE_SCRIPTS]
    assert with_library_bundle(partial) == partial
    shuffled = [BUNDLED[1], BUNDLED[0], *BUNDLED[2:]]
    assert with_library_bundle(shuffled) == shuffled
