"""Python's cyclic garbage collector held off while a large, acyclic structure is built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Hold off the cyclic collector for the block, then restore it as it was.

    Building millions of objects that stay alive (libyaml's node tree of a large ledger, the
    values and claims made from it) sets off a full collection every few hundred thousand of
    them, each walking everything built so far: reading the 30 MB ledger of the 100x theatre
    took 2-4 times longer with it. Nothing built here forms cycles that must be freed during
    the build; reference counting frees the rest as usual, and the collector runs again after.
    The switch is process-wide, so other threads' cycles wait too, only for the block's length.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
