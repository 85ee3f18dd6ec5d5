"""claims.atomic: a writer killed (SIGKILL) or failing mid-write leaves the previous file intact."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from claims.atomic import CHUNK_BYTES, TEMPORARY_SUFFIX, temporaries_of, write_atomically
from claims.ledger_file import read_ledger
from claims.parse import ParseContext

GOOD_LEDGER = Path(__file__).resolve().parent / "data" / "good_ledger.yaml"
PAYLOAD_CHUNKS = 64  # 64 MiB, written a chunk at a time, each chunk slowed down in the child
WRITER = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from claims import atomic

    real_write = os.write
    total = int(sys.argv[2])
    done = 0

    def slow_write(handle, data):
        global done
        time.sleep(0.01)
        if done + len(data) >= total:
            # The last chunk waits to be killed: on a loaded machine the test's poll can sleep past
            # the last few chunks, and a writer that finished cannot be killed mid-write.
            time.sleep(120)
        written = real_write(handle, data)
        done += written
        return written

    atomic.os.write = slow_write  # only in this child process: makes "mid-write" last a while
    atomic.write_atomically(Path(sys.argv[1]), b"x" * int(sys.argv[2]))
    """
)


def written_so_far(path: Path) -> int:
    found = temporaries_of(path)
    return found[0].stat().st_size if found else -1


@pytest.mark.parametrize("fraction", [0.0, 0.5, 0.95])
def test_writer_killed_mid_write_leaves_the_previous_file_intact(
    tmp_path: Path, kursk_parse_context: ParseContext, fraction: float
) -> None:
    path = tmp_path / "ledger.yaml"
    path.write_bytes(GOOD_LEDGER.read_bytes())
    before = read_ledger(path, kursk_parse_context)
    total = PAYLOAD_CHUNKS * CHUNK_BYTES
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(total)])
    try:
        deadline = time.monotonic() + 60
        while written_so_far(path) < fraction * total and time.monotonic() < deadline:
            assert writer.poll() is None, "the writer finished before it could be killed"
            time.sleep(0.002)
        writer.send_signal(signal.SIGKILL)
    finally:
        writer.kill()
        writer.wait(timeout=20)
    assert writer.returncode == -signal.SIGKILL
    assert 0 <= written_so_far(path) < total, "killed while the temporary file was being written"
    assert path.read_bytes() == GOOD_LEDGER.read_bytes()
    assert read_ledger(path, kursk_parse_context) == before
    (litter,) = temporaries_of(path)
    assert litter.name.startswith(".ledger.yaml.")
    assert litter.name.endswith(TEMPORARY_SUFFIX)
    assert sorted(tmp_path.glob("*.yaml")) == [path], "the leftover is never taken for a ledger"


def test_a_completed_write_replaces_the_file_and_leaves_nothing_behind(tmp_path: Path) -> None:
    path = tmp_path / "ledger.yaml"
    path.write_bytes(b"old")
    path.chmod(0o640)
    write_atomically(path, b"new" * CHUNK_BYTES)
    assert path.read_bytes() == b"new" * CHUNK_BYTES
    assert path.stat().st_mode & 0o777 == 0o640, "the replaced file keeps its permissions"
    assert temporaries_of(path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ledger.yaml"]


def test_a_new_file_is_readable_by_others(tmp_path: Path) -> None:
    path = tmp_path / "new.yaml"
    write_atomically(path, b"records: []\n")
    assert path.read_bytes() == b"records: []\n"
    assert path.stat().st_mode & 0o777 == 0o644


def test_a_failing_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ledger.yaml"
    path.write_bytes(b"old")
    calls: list[int] = []
    real_write = os.write

    def disk_full_after_one_chunk(handle: int, data: bytes) -> int:
        calls.append(len(data))
        if len(calls) > 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(handle, data)

    monkeypatch.setattr("claims.atomic.os.write", disk_full_after_one_chunk)
    with pytest.raises(OSError, match="No space left"):
        write_atomically(path, b"n" * (3 * CHUNK_BYTES))
    assert path.read_bytes() == b"old"
    assert temporaries_of(path) == []


def test_a_missing_directory_is_an_error_not_a_stray_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomically(tmp_path / "absent" / "ledger.yaml", b"x")
    assert list(tmp_path.iterdir()) == []
