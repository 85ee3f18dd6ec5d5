"""Saving a file so a crash or kill mid-write leaves the old file or the new one, never half of one.

The bytes go to a hidden temporary file in the same directory (so the rename cannot cross file
systems), are flushed to disk, and the temporary file is renamed over the target in one step. A
writer killed before the rename leaves the target as it was, plus at most one temporary file named
`.<target name>.<random>.partial`: hidden, and never ending in the target's suffix, so nothing that
looks for `*.yaml` (or any data suffix) can take it for data.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

TEMPORARY_SUFFIX = ".partial"
CHUNK_BYTES = 1024 * 1024
NEW_FILE_MODE = 0o644


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` all at once; on any failure the old file is left untouched."""
    target = Path(path)
    mode = _mode_for(target)
    handle, name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=TEMPORARY_SUFFIX
    )
    temporary = Path(name)
    try:
        try:
            _write_all(handle, data)
            os.fchmod(handle, mode)
            os.fsync(handle)
        finally:
            os.close(handle)
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_directory(target.parent)


def temporaries_of(path: Path) -> list[Path]:
    """Temporary files a killed writer of `path` may have left behind (safe to delete when no
    writer is running)."""
    target = Path(path)
    return sorted(target.parent.glob(f".{target.name}.*{TEMPORARY_SUFFIX}"))


def _write_all(handle: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(handle, view[:CHUNK_BYTES])
        view = view[written:]


def _mode_for(target: Path) -> int:
    """Keep the permissions of the file being replaced; a new file gets rw-r--r--.

    (Not "0o666 less the umask": reading the umask means setting it, which races other threads.)
    """
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        return NEW_FILE_MODE


def _sync_directory(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where directories cannot be opened."""
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
