"""A folder of JSON files the dashboard serves under `/app/static/...`, named by a digest of what
it holds: written whole or not at all, and pruned to the newest few. The popups' text
(`popup_texts`) and big timelines (`timeline_files`) are served this way.

Whole: the files go into a scratch folder (a dot-name, which pruning and the browser never
reach) that is then renamed, so a reader never sees half of it. A folder already there is used
as it is (same digest, same content) and touched, so pruning takes the least recently used.
"""

from __future__ import annotations

import gzip
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

# Gzipped files keep no timestamp: the same texts give the same bytes.
GZIP_LEVEL = 6


def file_name(name: str, *, gzipped: bool = False) -> str:
    """The file `write_whole` writes for the text `name`."""
    return f"{name}.json.gz" if gzipped else f"{name}.json"


def write_whole(
    folder: Path,
    digest: str,
    texts: Callable[[], Mapping[str, str]],
    *,
    keep: int,
    gzipped: bool = False,
) -> Path | None:
    """`folder/digest` holding `<name>.json` for each of `texts()` (called only when the folder
    must be written), and at most `keep` such folders beside it; None when it cannot be
    written (the caller then sends its data inline).

    `gzipped`: `<name>.json.gz` instead, compressed once here. Streamlit's server gzips every
    other file of the app's static folder on each request, at level 9 (a file it serves as
    `application/gzip` it sends as it is): for a 100x timeline's ~105 MB that was tens of
    seconds of the server's two cores before the browser had the first byte of each."""
    target = folder / digest
    try:
        if not target.is_dir():
            folder.mkdir(parents=True, exist_ok=True)
            scratch = Path(tempfile.mkdtemp(dir=folder, prefix=f".{digest}."))
            try:
                for name, text in texts().items():
                    path = scratch / file_name(name, gzipped=gzipped)
                    data = text.encode("utf-8")
                    if gzipped:
                        data = gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)
                    path.write_bytes(data)
                scratch.chmod(0o755)
                scratch.rename(target)
            except OSError:
                shutil.rmtree(scratch, ignore_errors=True)
                if not target.is_dir():  # another server may have written it meanwhile
                    raise
        else:
            os.utime(target)  # in use: the newest, as far as pruning goes
        _prune(folder, kept=target, keep=keep)
    except OSError:
        return None
    return target


def _prune(folder: Path, *, kept: Path, keep: int) -> None:
    """Keep the newest `keep` folders (and the one just used)."""
    found = [p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")]
    found.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for old in found[keep:]:
        if old != kept:
            shutil.rmtree(old, ignore_errors=True)
