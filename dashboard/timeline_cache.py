"""One map's browser timeline: built in a process of its own and kept on disk.

Building a timeline is seconds of pure Python (a picture and the layers of every event day). In
the server's interpreter it held the interpreter lock while the first map was being served, and
it was done again on every start. Here it runs in a child process (`python -m
dashboard.timeline_cache`, at a lower CPU priority), handed exactly the dataset the server holds,
and the result is kept on disk (`claims.disk_cache`) under the dataset's digest (every input file,
today, the code) and the view settings: a server started again on the same files reads it back in
milliseconds. Where no child can be started, it is built here, as before. No Streamlit.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from claims import disk_cache
from claims.atomic import write_atomically
from claims.control import ControlPicture, asserted_control
from claims.control_series import ControlSeries
from claims.dataset import Dataset, stored_dataset_key
from dashboard.framing import BBox, ground_in_play
from dashboard.legend import Entry, drawn_entries, legend_frames
from dashboard.map_builder import DateLayers
from dashboard.map_state import SettlementFeatures, date_layers_for
from dashboard.timeline_data import FRAME_BOXES, Timeline, build_timeline, event_days
from dashboard.timeline_files import is_written, mode_setting, served
from dashboard.view_kinds import MapLayer
from dashboard.wording import dates_text

# Below the server's priority: the first map and every rerun come before the build.
CHILD_NICENESS = 5
# Generous: a 100x synthetic theatre builds for minutes; only a hung child should meet it.
CHILD_TIMEOUT_SECONDS = 3600
PARENT_CHECK_SECONDS = 0.5
# One child at a time: each holds a dataset (~300 MB); more views asked for at once queue here,
# as their builds queued on the interpreter lock before.
_ONE_CHILD = threading.BoundedSemaphore(1)
log = logging.getLogger(__name__)
TIMELINE_KIND = "timeline"
# Where a built timeline's files are (`stored_files`): a few hundred bytes, read before the dataset.
FILES_KIND = "timelinefiles"


@dataclass(frozen=True)
class TimelineView:
    """What one map's timeline depends on besides the dataset: the key of a built timeline."""

    known: date | None
    fresh: int | None
    claimant: str
    compare: date | None
    shown: frozenset[MapLayer]
    # The days covered; None: the ledger's whole span (what the dashboard shows).
    span: tuple[date, date] | None = None

    def as_text(self) -> str:
        layers = ",".join(sorted(layer.value for layer in self.shown))
        return f"{self.known}|{self.fresh}|{self.claimant}|{self.compare}|{layers}|{self.span}"


def timeline_for(dataset: Dataset, view: TimelineView) -> Timeline:
    """The view's timeline from the disk cache, else built in a child process and kept."""
    key = _key(dataset, view)
    if key is not None:
        found = disk_cache.load(key, Timeline)
        # A timeline served as files is built again if its files were pruned.
        if found is not None and (found.source is None or is_written(found.source)):
            _note_files(dataset.source_digest, view, found)
            return found
    built = _built_in_child(dataset, view)
    if key is not None:
        disk_cache.save(key, built)
        _note_files(dataset.source_digest, view, built)
    return built


def stored_files(dataset_digest: str, view: TimelineView) -> dict[str, Any] | None:
    """Where the view's built timeline has its files (`{"url", "files"}`, as `timeline.js` is
    given them), read from a small entry of its own: without the dataset, which a restarted 100x
    server takes seconds to read back, or the timeline. None when the timeline is not known to be
    built, is inline, or its files are gone. For the page to fetch them while the server reads
    the dataset (`timeline_prefetch`)."""
    key = _files_key(dataset_digest, view)
    source = disk_cache.load(key, dict) if key is not None else None
    if source is None or not is_written(source):
        return None
    return {name: source[name] for name in ("url", "files")}


def _note_files(dataset_digest: str, view: TimelineView, timeline: Timeline) -> None:
    """Keep where a timeline served as files has them (`stored_files`), once."""
    key = _files_key(dataset_digest, view)
    if key is not None and timeline.source is not None and not disk_cache.is_stored(key):
        disk_cache.save(key, dict(timeline.source))


def is_stored(dataset: Dataset, view: TimelineView) -> bool:
    """Whether the disk cache holds the view's timeline (`timeline_for` will read it at once)."""
    key = _key(dataset, view)
    return key is not None and disk_cache.is_stored(key)


def build_map_timeline(dataset: Dataset, view: TimelineView) -> Timeline:
    """Every day of one map, encoded for the browser (`timeline_data`), with the legend entries
    each event day draws (`legend.legend_frames`) and the box a map of the day opens on
    (`framing.ground_in_play`, `FRAME_BOXES`). Pure. The days' pictures come from one
    `ControlSeries` (each from the day before), the same as `asserted_control` gives."""
    span = view.span or dataset.ledger.span
    before = _picture(dataset, view, view.compare) if view.compare is not None else None
    entries: dict[date, frozenset[Entry]] = {}
    boxes: dict[date, BBox | None] = {}
    # The event days come in date order: each picture is the day before's plus that day's claims.
    series = ControlSeries(
        dataset.ledger, dataset.theatre, as_known_on=view.known, fresh_days=view.fresh
    )
    # Likewise each day's settlement features: made again only where a settlement changed.
    kept = SettlementFeatures(dataset.theatre, dataset.claims_about)

    def layers_on(day: date) -> DateLayers:
        now = series.picture(day)
        layers = date_layers_for(
            now,
            before,
            view.claimant,
            dataset.theatre,
            dataset.claims_about,
            shown=view.shown,
            with_age=False,
            kept=kept,
        )
        entries[day] = drawn_entries([layers])
        # A server whose disk holds the timeline opens its first map without a picture of its
        # own (at 100x ~1.5-3 s): the box of each day is worked out here, from the same picture.
        boxes[day] = ground_in_play(now)
        return layers

    def stamp_on(day: date) -> str:
        return dates_text(day, view.known, view.compare)

    days = event_days(dataset.change_days, span, view.fresh)
    timeline = build_timeline(span, days, layers_on, stamp_on)
    legend = legend_frames([entries[day] for day in days])
    frames = {FRAME_BOXES: [boxes[day] for day in days]}
    return replace(timeline, data={**timeline.data, **legend, **frames})


def _picture(dataset: Dataset, view: TimelineView, day: date) -> ControlPicture:
    return asserted_control(
        dataset.ledger, dataset.theatre, day, as_known_on=view.known, fresh_days=view.fresh
    )


def _key(dataset: Dataset, view: TimelineView) -> disk_cache.CacheKey | None:
    """None for a dataset whose inputs are not known (nothing to key a stored copy by)."""
    return _key_of(TIMELINE_KIND, dataset.source_digest, view)


def _files_key(dataset_digest: str, view: TimelineView) -> disk_cache.CacheKey | None:
    return _key_of(FILES_KIND, dataset_digest, view)


def _key_of(kind: str, dataset_digest: str, view: TimelineView) -> disk_cache.CacheKey | None:
    if not dataset_digest:
        return None
    # The files setting decides whether the stored timeline is served as files or inline.
    values = (dataset_digest, view.as_text(), mode_setting())
    return disk_cache.key_for(kind, files=(), values=values)


def _built_in_child(dataset: Dataset, view: TimelineView) -> Timeline:
    """Built by `python -m dashboard.timeline_cache`, which reads the dataset and view from one
    private file and writes the timeline to another; built here if that fails. The dataset goes
    as the key of its disk-cache entry where there is one (the child reads it from there), else
    whole."""
    stored = stored_dataset_key(dataset)
    handed: list[Dataset | disk_cache.CacheKey] = [stored, dataset] if stored else [dataset]
    for source in handed:
        built = _run_child(source, view)
        if built is not None:
            return built
    return served(build_map_timeline(dataset, view))


def _run_child(source: Dataset | disk_cache.CacheKey, view: TimelineView) -> Timeline | None:
    with tempfile.TemporaryDirectory(prefix="frontline-timeline-") as scratch:
        given, built = Path(scratch) / "given.pickle", Path(scratch) / "built.pickle"
        given.write_bytes(pickle.dumps((source, view), pickle.HIGHEST_PROTOCOL))
        command = [sys.executable, "-m", "dashboard.timeline_cache", str(given), str(built)]
        try:
            with _ONE_CHILD:
                finished = subprocess.run(
                    command, capture_output=True, timeout=CHILD_TIMEOUT_SECONDS, check=False
                )
            if finished.returncode == 0:
                timeline = pickle.loads(built.read_bytes())  # our own child's
                if isinstance(timeline, Timeline):
                    return timeline
            log.warning("timeline build in a child failed: %s", finished.stderr[-2000:])
        except (OSError, subprocess.SubprocessError, pickle.UnpicklingError) as error:
            log.warning("timeline build in a child failed: %s", error)
    return None


def main(argv: list[str]) -> int:
    """The child: read (dataset or its disk-cache key, view) from argv[0], write the built
    timeline to argv[1]. Exit 3 when the stored dataset cannot be read (the parent then hands
    the dataset itself)."""
    given, built = (Path(name) for name in argv)
    os.nice(CHILD_NICENESS)
    _end_with_parent(given.parent)
    source, view = pickle.loads(given.read_bytes())  # written by our parent
    given.unlink()
    dataset = (
        disk_cache.load(source, Dataset) if isinstance(source, disk_cache.CacheKey) else source
    )
    if not isinstance(dataset, Dataset):
        return 3
    timeline = build_map_timeline(dataset, view)
    # The timeline holds none of the dataset: let it go before pickling (at 100x the dataset is
    # ~500 MB and the pickle ~90 MB, and the end of the build was the child's peak).
    del dataset, source
    gc.collect()
    # A big timeline goes to the browser as files, written here: the server reads back only
    # where they are and the few fields it reads itself (`timeline_files`).
    timeline = served(timeline)
    write_atomically(built, pickle.dumps(timeline, pickle.HIGHEST_PROTOCOL))
    return 0


def _end_with_parent(scratch: Path) -> None:
    """A server stopped mid-build leaves no child working for nobody, nor its scratch files."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        shutil.rmtree(scratch, ignore_errors=True)
        os._exit(1)

    threading.Thread(target=watch, name="frontline-parent-watch", daemon=True).start()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
