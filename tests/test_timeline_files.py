"""Tests for dashboard.timeline_files: a big timeline goes to the browser as files, the server
keeps only where they are and what it reads itself, the child process writes them, a timeline
whose files were pruned is built again, and where nothing can be written the timeline stays inline.

Over the bundled ledger on two weeks of the summer 2024 incursion.
"""

from __future__ import annotations

import gzip
import json
import mimetypes
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import shapely.geometry

from claims.control import COMPOSITE
from claims.dataset import Dataset, dataset_key, load_dataset_cached
from dashboard import timeline_cache, timeline_files
from dashboard.legend import day_entries
from dashboard.map_component import render_groups
from dashboard.timeline_cache import TimelineView, build_map_timeline, stored_files, timeline_for
from dashboard.timeline_data import (
    SERVER_FIELDS,
    SERVER_ONLY_FIELDS,
    Timeline,
    calendar_days,
    opening_box,
)
from dashboard.timeline_files import (
    MODE_ENV,
    TIMELINES_FOLDER,
    is_written,
    read_file,
    served,
    shape_entry,
)
from dashboard.timeline_map import timeline_groups
from dashboard.view_kinds import ALL_LAYERS

SPAN = (date(2024, 8, 6), date(2024, 8, 20))
VIEW = TimelineView(None, 10, COMPOSITE, None, frozenset(ALL_LAYERS), SPAN)


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset_cached()


@pytest.fixture(scope="module")
def built(dataset: Dataset) -> Timeline:
    return build_map_timeline(dataset, VIEW)


@pytest.fixture
def as_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MODE_ENV, "files")


@pytest.fixture
def app_folder() -> Iterator[Path]:
    """The app's own timelines folder (where a child process writes), emptied of what the test
    wrote."""
    before = set(TIMELINES_FOLDER.iterdir()) if TIMELINES_FOLDER.is_dir() else set()
    yield TIMELINES_FOLDER
    for written in set(TIMELINES_FOLDER.iterdir()) - before:
        shutil.rmtree(written, ignore_errors=True)


def read_back(source: dict[str, Any], name: str) -> object:
    return read_file(source, name)


def shapes_read_back(source: dict[str, Any], sublayer: str) -> list[object]:
    """A sublayer's shapes as the page reads them: a polygon's text parsed (and its box checked
    against its points), any other geometry as it is."""
    shapes = []
    for entry in read_file(source, sublayer):
        if isinstance(entry, dict):
            shapes.append(entry)
            continue
        box, text = entry
        shape = json.loads(text)
        assert tuple(box) == shapely.geometry.shape(shape).bounds
        shapes.append(shape)
    return shapes


def test_each_polygon_is_sent_as_its_box_and_its_text(
    built: Timeline, tmp_path: Path, as_files: None
) -> None:
    """The page parses a polygon only when it first draws it (`LazyPolygon`): each comes as its
    box and its GeoJSON text; one without points, or another geometry, as it is."""
    kept = served(built, tmp_path)
    assert kept.source is not None
    entries = [e for name in built.shapes for e in read_file(kept.source, name)]
    assert entries and all(isinstance(e, list) and isinstance(e[1], str) for e in entries)
    square = {"type": "Polygon", "coordinates": [[[35, 51], [35.5, 51], [35.5, 51.2], [35, 51]]]}
    assert shape_entry(square) == [[35, 51, 35.5, 51.2], json.dumps(square, separators=(",", ":"))]
    empty = {"type": "Polygon", "coordinates": []}
    line = {"type": "LineString", "coordinates": [[35, 51], [36, 52]]}
    assert shape_entry(empty) == empty and shape_entry(line) == line


def for_the_page(timeline: Timeline) -> dict[str, Any]:
    return {k: v for k, v in timeline.data.items() if k not in SERVER_ONLY_FIELDS}


def as_json(value: object) -> object:
    return json.loads(json.dumps(value))


def test_the_files_hold_the_whole_timeline_and_the_server_what_it_reads(
    built: Timeline, tmp_path: Path, as_files: None
) -> None:
    kept = served(built, tmp_path)
    assert kept.source is not None
    assert kept.shapes == {} and kept.points == []
    assert set(kept.data) == set(SERVER_FIELDS)
    assert read_back(kept.source, "data") == as_json(for_the_page(built))
    assert read_back(kept.source, "settlements") == as_json(built.points)
    for sublayer, shapes in built.shapes.items():
        assert shapes_read_back(kept.source, sublayer) == as_json(shapes)
    assert (
        kept.source["url"]
        == f"{timeline_files.TIMELINES_URL}/{Path(str(kept.source['folder'])).name}"
    )
    # The legend Python writes, and the box the map opens on, read the kept fields: the same on
    # every day.
    for day in calendar_days(SPAN):
        assert day_entries(kept.data, day) == day_entries(built.data, day)
        assert opening_box(kept, day) == opening_box(built, day)


def test_the_files_are_gzipped_once_so_the_server_sends_them_as_they_are(
    built: Timeline, tmp_path: Path, as_files: None
) -> None:
    """Streamlit's server gzips a static file on every request (level 9), but for one it serves
    as `application/gzip`: the files are written gzipped, and only so (`timeline.js` fetches
    `<name>.json.gz` and unpacks it)."""
    kept = served(built, tmp_path)
    assert kept.source is not None
    folder = Path(kept.source["folder"])
    names = sorted(path.name for path in folder.iterdir())
    assert names == sorted(f"{name}.json.gz" for name in kept.source["files"])
    # What Streamlit's static route serves as `application/gzip`, uncompressed again.
    assert mimetypes.guess_type(names[0])[1] == "gzip"
    data = (folder / "data.json.gz").read_bytes()
    assert data[:2] == b"\x1f\x8b"
    assert len(data) * 3 < len(gzip.decompress(data))
    # Unpacked, what the page reads is the data.
    assert json.loads(gzip.decompress(data)) == as_json(for_the_page(built))


def test_the_files_are_ascii_so_the_page_decodes_them_fast(
    built: Timeline, tmp_path: Path, as_files: None
) -> None:
    """Chromium decodes and parses an ASCII text several times faster: every other character
    is written escaped, and reads back the same."""
    kept = served(built, tmp_path)
    assert kept.source is not None
    assert any("km²" in line for line in built.data["figures"])  # there is something to escape
    for path in Path(kept.source["folder"]).iterdir():
        assert gzip.decompress(path.read_bytes()).isascii(), path.name
    assert read_back(kept.source, "data") == as_json(for_the_page(built))


def test_the_map_script_carries_where_the_files_are_not_the_timeline(
    built: Timeline, tmp_path: Path, as_files: None
) -> None:
    inline = render_groups(timeline_groups(built, built.data["stamps"][0]))
    fetched_timeline = served(built, tmp_path)
    fetched = render_groups(timeline_groups(fetched_timeline, built.data["stamps"][0]))
    inline_text, fetched_text = (
        "".join(s[0]) + "".join(map("".join, s[1:])) for s in (inline, fetched)
    )
    assert fetched_timeline.source is not None
    assert json.dumps(fetched_timeline.source["url"]) in fetched_text
    assert str(tmp_path) not in fetched_text, "the server's own path stays on the server"
    assert '"frames"' in inline_text and '"frames"' not in fetched_text
    assert len(fetched_text) * 4 < len(inline_text)


def test_a_small_timeline_stays_inline_unless_asked(
    built: Timeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert timeline_files.feature_count(built) < timeline_files.INLINE_FEATURES
    assert served(built, tmp_path) is built
    monkeypatch.setattr(timeline_files, "INLINE_FEATURES", 10)
    assert served(built, tmp_path).source is not None
    monkeypatch.setenv(MODE_ENV, "inline")
    assert served(built, tmp_path) is built


def test_where_the_folder_cannot_be_written_the_timeline_stays_inline(
    built: Timeline, tmp_path: Path, as_files: None
) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("in the way")
    assert served(built, not_a_folder) is built


def test_the_child_writes_the_files_and_pruned_files_are_written_again(
    dataset: Dataset,
    built: Timeline,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    as_files: None,
    app_folder: Path,
) -> None:
    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(tmp_path / "cache"))
    builds: list[TimelineView] = []
    build_in_child = timeline_cache._built_in_child

    def counted(source: Dataset, view: TimelineView) -> Timeline:
        builds.append(view)
        return build_in_child(source, view)

    monkeypatch.setattr(timeline_cache, "_built_in_child", counted)
    first = timeline_for(dataset, VIEW)
    assert first.source is not None and is_written(first.source)
    assert Path(str(first.source["folder"])).parent == app_folder
    assert read_back(first.source, "data") == as_json(for_the_page(built))
    assert timeline_for(dataset, VIEW) == first and len(builds) == 1  # read back from disk
    # Where its files are, found from the input files' digest alone (`timeline_prefetch`).
    digest = dataset_key().digest
    assert digest == dataset.source_digest
    assert stored_files(digest, VIEW) == {k: first.source[k] for k in ("url", "files")}
    shutil.rmtree(str(first.source["folder"]))
    assert stored_files(digest, VIEW) is None  # pruned: nothing for the page to fetch
    again = timeline_for(dataset, VIEW)
    assert len(builds) == 2
    assert again.source is not None and is_written(again.source)
    assert stored_files(digest, VIEW) == {k: again.source[k] for k in ("url", "files")}
