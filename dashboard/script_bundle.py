"""The map frame's scripts as one file, written when first needed.

streamlit-folium's frame loads its scripts one after another, each only once the one before has
run: after the vendored libraries (`offline.LIBRARY_BUNDLE`) the project's own (labels, timeline,
legend) were three more round trips to a server busy with the first run, ~110 ms of a cold start
(`bench.cold_start_breakdown`, 2 Dec). `bundled(links)` joins the scripts, each as it is and in
their order, into `dashboard/static/bundles/<digest>.js`, named by a digest of the joined text (an
edited script is a new file, so a page never gets an old one), written atomically and git-ignored,
the newest `KEPT` kept; the frame loads that one file. A list naming anything but the app's static
files, or a folder that cannot be written, is left as it is.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from claims.atomic import write_atomically

STATIC_URL = "/app/static/"
STATIC_FOLDER = Path(__file__).resolve().parent / "static"
BUNDLES = "bundles"
KEPT = 8
Signature = tuple[tuple[str, int, int], ...]


def bundled(links: Sequence[str], static: Path = STATIC_FOLDER) -> list[str]:
    """The links as one (`/app/static/bundles/<digest>.js`), or as they are (see the module)."""
    found = list(links)
    if len(found) < 2 or not all(link.startswith(STATIC_URL) for link in found):
        return found
    try:
        name = _written(static, _signature(static, found))
    except (OSError, ValueError):
        return found
    return [f"{STATIC_URL}{BUNDLES}/{name}"]


def bundle_text(static: Path, links: Sequence[str]) -> str:
    """Each script as it is, in order, each ending its own statement."""
    parts = []
    for link in links:
        relative = link.removeprefix(STATIC_URL)
        text = _inside(static, relative).read_text(encoding="utf-8")
        parts.append(f"/* {relative} */\n{text}\n;\n")
    return "".join(parts)


def _signature(static: Path, links: Sequence[str]) -> Signature:
    """What the bundle is made of: each script's path, size and change time (read per call, so an
    edited script is bundled again; a stat per script and rerun)."""
    rows = []
    for link in links:
        relative = link.removeprefix(STATIC_URL)
        found = _inside(static, relative).stat()
        rows.append((relative, found.st_size, found.st_mtime_ns))
    return tuple(rows)


@lru_cache(maxsize=32)
def _written(static: Path, signature: Signature) -> str:
    """The bundle's file name, written (and old ones pruned) when it is not there."""
    text = bundle_text(static, [STATIC_URL + relative for relative, _, _ in signature])
    data = text.encode("utf-8")
    name = f"{hashlib.sha256(data).hexdigest()[:32]}.js"
    folder = static / BUNDLES
    target = folder / name
    if not target.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(target, data)
        _prune(folder, kept=target)
    return name


def _inside(static: Path, relative: str) -> Path:
    """`relative` under the static folder, refused if it climbs out of it."""
    path = (static / relative).resolve()
    if not path.is_relative_to(static.resolve()):
        raise ValueError(f"{relative!r} is not under {static}")
    return path


def _prune(folder: Path, *, kept: Path) -> None:
    found = [p for p in folder.glob("*.js") if p.is_file()]
    found.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for old in found[KEPT:]:
        if old != kept:
            with contextlib.suppress(OSError):
                old.unlink()
