"""`frontline snapshot`: a finished picture of a view, or a series of them, from the command line.

    frontline snapshot --date 2025-03-13 --out kursk.png
    frontline snapshot --permalink 'http://host/?date=2025-03-13&mode=pair' --size a4 --out k.pdf
    frontline snapshot --from 2024-08-06 --to 2025-04-26 --every 7d --out frames/ --gif

Added to the command by `dashboard.command` through `register(verbs)`. Browser, folium and ledger
imports happen in the run functions, so `frontline --help` stays fast.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlsplit

from claims.cli_options import fresh_days
from claims.store import store_path
from dashboard.view_kinds import MODES, MapLayer, Mode, layer_keys

# --fresh-days not given: the permalink's window (or the default) stands.
KEEP = object()

if TYPE_CHECKING:
    from claims.model import Ledger
    from dashboard.snapshot import SnapshotOptions, SnapshotSource
    from dashboard.view_state import ViewState

# As `snapshot.SIZES` (a test keeps them equal): importing that module would load folium on every
# `frontline --help`. Modes and layers come from `view_kinds`, which loads nothing.
SIZE_NAMES = ("1920x1080", "1600x900", "a4")
PROGRESS_WIDTH = 30
GIF_FRAME_MS = 800


def register(verbs: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `snapshot` verb to the `frontline` command."""
    snap = verbs.add_parser(
        "snapshot",
        help="a finished briefing picture (PNG, PDF or HTML) of a view, or a series of them",
        description="Draw a view as the dashboard shows it, with title, dates, legend, scale, "
        "north arrow, sources and credits, in headless chromium, offline.",
    )
    snap.add_argument("--date", type=_day, help="the date shown (YYYY-MM-DD)")
    snap.add_argument(
        "--claimants",
        action="extend",
        nargs="+",
        default=[],
        metavar="NAME",
        help="claimant or side view to show; 'A|B' or two names for a pair",
    )
    snap.add_argument("--mode", choices=MODES, help="default: from the number of claimants")
    snap.add_argument("--compare", type=_day, help="also draw the changes since this date")
    snap.add_argument(
        "--as-known-on", dest="known", type=_day, help="count only claims published by this date"
    )
    snap.add_argument("--layers", help="comma-separated: territory,contested,changes,settlements")
    snap.add_argument(
        "--fresh-days",
        type=fresh_days,
        metavar="N|all",
        default=KEEP,
        help="a word older than N days is stale (default: the permalink's, else 120); 'all': none",
    )
    snap.add_argument("--size", choices=SIZE_NAMES, default="1600x900")
    snap.add_argument("--scale", type=float, default=1.0, help="pixel density (2: sharper PNG)")
    snap.add_argument("--bbox", type=_bbox, metavar="W,S,E,N", help="fit the map to this box")
    snap.add_argument("--permalink", help="a dashboard URL: reproduce the view it holds")
    snap.add_argument("--title", help="the picture's title")
    snap.add_argument("--tiles", action="store_true", help="web map tiles (needs the network)")
    snap.add_argument("--ledger", type=Path, help="ledger file (default: the bundled one)")
    snap.add_argument("--store", type=Path, help="add the imported assessors of this store")
    snap.add_argument("--from", dest="start", type=_day, help="series: first date")
    snap.add_argument("--to", dest="end", type=_day, help="series: last date")
    snap.add_argument(
        "--every",
        type=_every,
        default=timedelta(days=7),
        metavar="7d",
        help="series: step, in days (7d) or weeks (2w)",
    )
    snap.add_argument("--gif", action="store_true", help="series: also an animated GIF")
    snap.add_argument(
        "--out",
        type=Path,
        required=True,
        help="FILE.png|FILE.pdf|FILE.html, or a directory for a series",
    )
    snap.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from dashboard.snapshot import snapshot_source, view_names

    source = snapshot_source(args.ledger, store_path(args.store))
    try:
        state = state_from_args(args, source.ledger, view_names(source.ledger))
    except ValueError as error:
        print(f"frontline snapshot: {error}", file=sys.stderr)
        return 2
    if args.start or args.end:
        return _series(args, source, state)
    if args.out.suffix.lower() not in (".png", ".pdf", ".html"):
        print("frontline snapshot: --out must end in .png, .pdf or .html", file=sys.stderr)
        return 2
    return _single(args, source, state)


def state_from_args(args: argparse.Namespace, ledger: Ledger, names: Sequence[str]) -> ViewState:
    """The view asked for: a permalink's, with any option given on the command line on top."""
    from dashboard.snapshot import DEFAULT_ON
    from dashboard.view_state import ViewState, state_from_query

    claimants = [n for given in args.claimants for n in given.split("|") if n]
    unknown = [n for n in claimants if n not in names]
    if unknown:
        raise ValueError(f"unknown claimant {unknown[0]!r}; choose from: " + "; ".join(names))
    day = args.date or args.start
    if args.permalink:
        query = dict(parse_qsl(urlsplit(args.permalink).query))
        state = state_from_query(query, span=ledger.span, default_on=DEFAULT_ON, claimants=names)
    elif day is None:
        raise ValueError("give --date, --permalink, or --from and --to")
    else:
        state = ViewState(on=day, mode=_mode_for(claimants))
    overrides: dict[str, object] = {"on": day} if day else {}
    if claimants:
        overrides.update(claimants=tuple(claimants), mode=_mode_for(claimants))
    if args.mode:
        overrides["mode"] = args.mode
    if args.compare:
        overrides["compare"] = args.compare
    if args.known:
        overrides["known"] = args.known
    if getattr(args, "fresh_days", KEEP) is not KEEP:
        overrides["fresh"] = args.fresh_days
    if args.layers is not None:
        overrides["layers"] = _layers(args.layers)
    return replace(state, **overrides)  # type: ignore[arg-type]


def series_days(start: date, end: date, every: timedelta) -> list[date]:
    """From `start` in steps of `every`, ending on `end` even when a step does not land on it."""
    if every <= timedelta(0):
        raise ValueError("--every must be at least one day")
    days = []
    day = start
    while day <= end:
        days.append(day)
        day += every
    if days and days[-1] != end:
        days.append(end)
    return days


def progress(done: int, total: int, label: str) -> str:
    filled = round(PROGRESS_WIDTH * done / total) if total else PROGRESS_WIDTH
    bar = "#" * filled + "." * (PROGRESS_WIDTH - filled)
    return f"\rsnapshot [{bar}] {done}/{total} {label}"


def _single(args: argparse.Namespace, source: SnapshotSource, state: ViewState) -> int:
    from dashboard.snapshot import snapshot_html
    from dashboard.snapshot_render import SnapshotBrowser

    options = _options(args)
    page = snapshot_html(source, state, options)
    with SnapshotBrowser(tiles=args.tiles) as browser:
        capture = browser.capture(page, args.out, options.size, scale=args.scale)
    print(f"{capture.path} ({capture.seconds:.1f} s)")
    return 0


def _series(args: argparse.Namespace, source: SnapshotSource, state: ViewState) -> int:
    from dashboard.snapshot import names_a_view, series_frame, snapshot_html
    from dashboard.snapshot_render import SnapshotBrowser

    if args.start is None or args.end is None:
        print("frontline snapshot: a series needs both --from and --to", file=sys.stderr)
        return 2
    days = series_days(args.start, args.end, args.every)
    options = _options(args)
    if options.bbox is None and not names_a_view(state):
        options = replace(options, bbox=series_frame(source, state, days))
    written = []
    with SnapshotBrowser(tiles=args.tiles) as browser:
        for day in _reporting(days, lambda d: d.isoformat()):
            page = snapshot_html(source, replace(state, on=day), options)
            out = args.out / f"frontline-{day.isoformat()}.png"
            written.append(browser.capture(page, out, options.size, scale=args.scale).path)
    for path in written:
        print(path)
    if args.gif and written:
        gif = args.out / f"frontline-{days[0].isoformat()}-{days[-1].isoformat()}.gif"
        write_gif(written, gif)
        print(gif)
    return 0


def _reporting(days: list[date], label: Callable[[date], str]) -> Iterator[date]:
    """Yield each day, drawing a progress bar on stderr as each one finishes."""
    for done, day in enumerate(days):
        sys.stderr.write(progress(done, len(days), label(day)))
        sys.stderr.flush()
        yield day
    sys.stderr.write(progress(len(days), len(days), "done") + "\n")


def write_gif(frames: Sequence[Path], out: Path, *, frame_ms: int = GIF_FRAME_MS) -> None:
    """An animated GIF of the frames, looping, the last one held three times as long."""
    from PIL import Image

    images = [Image.open(p).convert("RGB").quantize(colors=128) for p in frames]
    durations = [frame_ms] * (len(images) - 1) + [frame_ms * 3]
    images[0].save(
        out, save_all=True, append_images=images[1:], duration=durations, loop=0, optimize=True
    )


def _options(args: argparse.Namespace) -> SnapshotOptions:
    from dashboard.snapshot import SIZES, TITLE, SnapshotOptions

    return SnapshotOptions(
        size=SIZES[args.size],
        bbox=args.bbox,
        tiles=args.tiles,
        interactive=args.out.suffix.lower() == ".html",
        title=args.title or TITLE,
    )


def _mode_for(claimants: Sequence[str]) -> Mode:
    return MODES[min(len(claimants), 2)]


def _layers(text: str) -> frozenset[MapLayer]:
    return layer_keys([k.strip() for k in text.split(",")])


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (use YYYY-MM-DD)") from None


def _every(text: str) -> timedelta:
    match = re.fullmatch(r"\s*(\d+)\s*([dw]?)\s*", text.lower())
    if match is None or int(match.group(1)) == 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a step (use 7d or 2w)")
    days = int(match.group(1)) * (7 if match.group(2) == "w" else 1)
    return timedelta(days=days)


def _bbox(text: str) -> tuple[float, float, float, float]:
    try:
        west, south, east, north = (float(v) for v in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not W,S,E,N in degrees") from None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise argparse.ArgumentTypeError(f"{text!r}: need west < east and south < north")
    return west, south, east, north
