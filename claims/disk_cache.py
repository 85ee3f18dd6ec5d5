"""Expensive pure results kept on disk between runs, keyed by everything they are computed from.

A result is stored under a digest of its input files' bytes, of its other arguments, and of the
code that computes it (every source file of the project's packages, and the versions of the
libraries whose objects it pickles). Change a ledger byte, a geodata file or a line of code and
the key changes: an old result is never served for new inputs, it is only left unused (and pruned
once a kind has more than `KEEP_PER_KIND` entries).

Files are written atomically (`claims.atomic`), so a server killed mid-write leaves the old entry
or the new one. Nothing here is needed: with no directory, an unwritable one, or an entry that
cannot be read, the result is computed as if there were no cache.

Where: `FRONTLINE_CACHE_DIR` (`off` turns the cache off), else `$XDG_CACHE_HOME/frontline`,
else `~/.cache/frontline`. Entries are pickles, so the directory must be the user's own: one that
another user owns or may write to is not used.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import stat
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TypeVar

from claims.atomic import write_atomically
from claims.gc_paused import gc_paused

CACHE_DIR_ENV = "FRONTLINE_CACHE_DIR"
OFF = "off"
KEEP_PER_KIND = 8
SUFFIX = ".pickle"
# The packages whose source decides what a cached result holds.
CODE_PACKAGES = ("claims", "geodata", "dashboard")
CODE_SUFFIXES = (".py", ".j2")  # the code, and the templates it renders with
# Libraries whose objects or output the entries hold: another version may read them back
# differently, or render the same map to other text.
LIBRARIES = (
    "shapely", "geopandas", "pyproj", "numpy", "pandas", "PyYAML", "folium", "branca",
    "streamlit-folium", "altair", "Jinja2",
)  # fmt: skip
_REPO = Path(__file__).resolve().parents[1]

T = TypeVar("T")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CacheKey:
    """One entry: its kind (the file name's prefix), the digest of all it is computed from, and
    the directory it is kept in, fixed when the key is made (a build that ends later stores its
    result where it was asked for)."""

    kind: str
    digest: str
    folder: Path | None

    @property
    def file_name(self) -> str:
        return f"{self.kind}-{self.digest}{SUFFIX}"


def cache_dir() -> Path | None:
    """The cache directory the environment names (see the module's docstring); None when off."""
    named = os.environ.get(CACHE_DIR_ENV)
    if named is not None:
        return None if named.strip().lower() in {"", OFF} else Path(named)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "frontline"


def key_for(kind: str, *, files: Iterable[Path], values: Iterable[str] = ()) -> CacheKey:
    """The key of a result computed from `files` (their bytes; a missing file counts as absent)
    and `values` (every other argument, as text), by this version of the code."""
    digest = hashlib.sha256()
    digest.update(code_version().encode())
    for path in files:
        digest.update(b"\0file\0" + str(path).encode())
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except FileNotFoundError:
            digest.update(b"\0absent\0")
    for value in values:
        digest.update(b"\0value\0" + value.encode())
    return CacheKey(kind, digest.hexdigest()[:32], cache_dir())


@cache
def code_version() -> str:
    """A digest of the project's source and of the libraries' versions (once a process)."""
    digest = hashlib.sha256(sys.version.encode())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none".encode())
    for package in CODE_PACKAGES:
        sources = [p for suffix in CODE_SUFFIXES for p in (_REPO / package).rglob(f"*{suffix}")]
        for path in sorted(sources):
            digest.update(str(path.relative_to(_REPO)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def canonical(value: object) -> str:
    """An argument as text that is the same in every process: sets sorted (their iteration
    order follows string hashing, which differs from one process to the next)."""
    if isinstance(value, frozenset | set):
        return "{" + ",".join(sorted(canonical(item) for item in value)) + "}"
    if isinstance(value, tuple | list):
        return "(" + ",".join(canonical(item) for item in value) + ")"
    return repr(value)


def cached(key: CacheKey, compute: Callable[[], T], expected: type[T]) -> T:
    """The stored result for `key` if there is one of the expected type, else `compute()`'s,
    stored for the next run."""
    found = load(key, expected)
    if found is not None:
        return found
    value = compute()
    save(key, value)
    return value


def is_stored(key: CacheKey) -> bool:
    """Whether an entry for `key` is on disk (without reading it)."""
    folder = _usable_dir(key.folder)
    return folder is not None and (folder / key.file_name).is_file()


def load(key: CacheKey, expected: type[T]) -> T | None:
    """The stored result for `key`, or None (none stored, cache off, or not readable)."""
    folder = _usable_dir(key.folder)
    if folder is None:
        return None
    try:
        data = (folder / key.file_name).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        log.warning("frontline cache: cannot read %s: %s", key.file_name, error)
        return None
    try:
        # Without the cyclic collector: unpickling the 100x dataset makes millions of objects
        # that all stay, and the collections they set off took it from 1.7 to 6.5 s (load 6).
        with gc_paused():
            value = pickle.loads(data)  # our own entries, in a directory only we write
    except Exception as error:  # any unpickling failure means: compute it again
        log.warning(
            "frontline cache: %s is not readable (%s); computing again", key.file_name, error
        )
        return None
    return value if isinstance(value, expected) else None


def save(key: CacheKey, value: object) -> None:
    """Store `value` for `key` (atomically); a cache that cannot be written is only logged."""
    folder = _usable_dir(key.folder, create=True)
    if folder is None:
        return
    try:
        write_atomically(folder / key.file_name, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
        _prune(folder, key)
    except (OSError, pickle.PicklingError) as error:
        log.warning("frontline cache: cannot write %s: %s", key.file_name, error)


def _usable_dir(folder: Path | None, *, create: bool = False) -> Path | None:
    """The cache directory if it is (or, with `create`, can be made) the user's own."""
    if folder is None:
        return None
    try:
        if create:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return None
    others_write = info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    if info.st_uid != os.getuid() or others_write:
        log.warning("frontline cache: %s is not the user's own; not used", folder)
        return None
    return folder


def _prune(folder: Path, kept: CacheKey) -> None:
    """Keep the newest `KEEP_PER_KIND` entries of a kind: old keys are never read again."""
    entries = sorted(
        folder.glob(f"{kept.kind}-*{SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True
    )
    for old in entries[KEEP_PER_KIND:]:
        if old.name != kept.file_name:
            old.unlink(missing_ok=True)
