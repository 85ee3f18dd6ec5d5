"""A folder of JSON files the dashboard serves under `/app/static/...`, named by a digest of what
it holds: written whole or not at all, and pruned to the newest few. The popups' text
(`popup_texts`) and big timelines (`timeline_files`) are served this way.

Whole: the files go into a scratch folder (a dot-name, which pruning and the browser never
reach) that is then renamed, so a reader never sees half of it. A folder already there is used
as it is (same digest, same content) and touched, so pruning takes the least recently used.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path


def write_whole(
    folder: Path, digest: str, texts: Callable[[], Mapping[str, str]], *, keep: int
) -> Path | None:
    """`folder/digest` holding `<name>.json` for each of `texts()` (called only when the folder
    must be written), and at most `keep` such folders beside it; None when it cannot be
    written (the caller then sends its data inline)."""
    target = folder / digest
    try:
        if not target.is_dir():
            folder.mkdir(parents=True, exist_ok=True)
            scratch = Path(tempfile.mkdtemp(dir=folder, prefix=f".{digest}."))
            try:
                for name, text in texts().items():
                    (scratch / f"{name}.json").write_text(text, encoding="utf-8")
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
