"""Tests for claims.disk_cache and the dataset kept with it: a changed input is a new key, an
entry is read back as it was stored, and a cache that cannot be used is no cache at all."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from claims import disk_cache
from claims.dataset import load_dataset, load_dataset_cached
from claims.ledger_file import BUNDLED_LEDGER


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "not-yet" / "cache"
    monkeypatch.setenv(disk_cache.CACHE_DIR_ENV, str(folder))
    return folder


@pytest.fixture
def ledger_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "ledger.yaml"
    shutil.copyfile(BUNDLED_LEDGER, copy)
    return copy


def test_a_changed_ledger_byte_is_a_new_key(ledger_copy: Path) -> None:
    before = disk_cache.key_for("dataset", files=[ledger_copy])
    text = ledger_copy.read_text(encoding="utf-8")
    ledger_copy.write_text(text.replace("Sudzha", "Sudzhа", 1), encoding="utf-8")  # one letter
    assert disk_cache.key_for("dataset", files=[ledger_copy]) != before


def test_the_same_inputs_are_the_same_key(ledger_copy: Path) -> None:
    assert disk_cache.key_for("x", files=[ledger_copy], values=["a"]) == disk_cache.key_for(
        "x", files=[ledger_copy], values=["a"]
    )
    assert disk_cache.key_for("x", files=[ledger_copy], values=["a"]) != disk_cache.key_for(
        "x", files=[ledger_copy], values=["b"]
    )


def test_a_missing_directory_is_created_and_a_value_read_back(cache: Path) -> None:
    key = disk_cache.key_for("numbers", files=(), values=["1"])
    calls: list[int] = []

    def compute() -> list[int]:
        calls.append(1)
        return [1, 2, 3]

    assert disk_cache.cached(key, compute, list) == [1, 2, 3]
    assert cache.is_dir()
    assert disk_cache.cached(key, compute, list) == [1, 2, 3]
    assert calls == [1]


_COLLECTOR_SEEN: list[bool] = []


def _note_collector() -> str:
    _COLLECTOR_SEEN.append(gc.isenabled())
    return "read back"


class _Reported:
    """Unpickles into the call above, which notes whether the cyclic collector was on."""

    def __reduce__(self) -> tuple[object, tuple[()]]:
        return (_note_collector, ())


def test_an_entry_is_read_back_with_the_collector_held_off(cache: Path) -> None:
    """Unpickling the 100x dataset makes millions of lasting objects; the collections they set
    off tripled its read. Held off while an entry is read, and on again after."""
    key = disk_cache.key_for("probe", files=(), values=("collector",))
    disk_cache.save(key, _Reported())
    assert gc.isenabled()
    _COLLECTOR_SEEN.clear()
    assert disk_cache.load(key, str) == "read back"
    assert _COLLECTOR_SEEN == [False]
    assert gc.isenabled()


def test_a_damaged_entry_is_computed_again(cache: Path) -> None:
    key = disk_cache.key_for("numbers", files=(), values=["2"])
    disk_cache.save(key, [1])
    (cache / key.file_name).write_bytes(b"not a pickle")
    assert disk_cache.cached(key, lambda: [2], list) == [2]
    assert disk_cache.load(key, list) == [2]


def test_a_directory_others_may_write_is_not_used(cache: Path) -> None:
    key = disk_cache.key_for("numbers", files=(), values=["3"])
    disk_cache.save(key, [3])
    cache.chmod(0o777)
    assert disk_cache.load(key, list) is None


def test_off_turns_the_cache_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(disk_cache.CACHE_DIR_ENV, "off")
    key = disk_cache.key_for("numbers", files=(), values=["4"])
    disk_cache.save(key, [4])
    assert disk_cache.load(key, list) is None


def test_old_entries_of_a_kind_are_pruned(cache: Path) -> None:
    for n in range(disk_cache.KEEP_PER_KIND + 3):
        disk_cache.save(disk_cache.key_for("many", files=(), values=[str(n)]), n)
    assert len(list(cache.glob("many-*.pickle"))) == disk_cache.KEEP_PER_KIND


def test_a_cached_dataset_is_the_dataset_read_afresh(cache: Path, ledger_copy: Path) -> None:
    first = load_dataset_cached(ledger_copy)
    assert first.source_digest
    assert len(list(cache.glob("dataset-*.pickle"))) == 1
    again = load_dataset_cached(ledger_copy)
    fresh = load_dataset(ledger_copy)
    assert again.source_digest == first.source_digest
    assert again.ledger.records == fresh.ledger.records
    assert again.change_days == fresh.change_days
    assert dict(again.claims_about) == dict(fresh.claims_about)
    assert list(again.theatre.cells) == list(fresh.theatre.cells)


def test_the_dataset_read_last_is_handed_out_again_without_the_disk(
    cache: Path, ledger_copy: Path
) -> None:
    """`dashboard.serve` reads the ledger before the first run; the run gets that very dataset,
    not a second unpickled copy (the entry on disk is not even read)."""
    first = load_dataset_cached(ledger_copy)
    for entry in cache.glob("dataset-*.pickle"):
        entry.unlink()
    assert load_dataset_cached(ledger_copy) is first


def test_a_changed_ledger_is_never_served_from_the_cache(cache: Path, ledger_copy: Path) -> None:
    first = load_dataset_cached(ledger_copy)
    text = ledger_copy.read_text(encoding="utf-8")
    last_id = first.ledger.records[-1].id
    # The last record taken out: the file is valid, and one record shorter.
    records = text.split("\n- id: ")
    ledger_copy.write_text("\n- id: ".join(records[:-1]) + "\n", encoding="utf-8")
    changed = load_dataset_cached(ledger_copy)
    assert changed.source_digest != first.source_digest
    assert last_id not in {record.id for record in changed.ledger.records}
    assert len(changed.ledger.records) == len(first.ledger.records) - 1


def test_an_argument_reads_the_same_in_every_process() -> None:
    # A set of layers iterates in an order that follows string hashing, seeded per process.
    code = (
        "from claims.disk_cache import canonical; from dashboard.view_kinds import ALL_LAYERS; "
        "print(canonical((frozenset(ALL_LAYERS), None, 3)))"
    )
    texts = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(6)
    }
    assert len(texts) == 1


def test_an_entry_is_kept_where_its_key_was_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A build that ends after the settings changed (a test's, a reconfigured server's) does not
    # write into the new directory.
    monkeypatch.setenv(disk_cache.CACHE_DIR_ENV, str(tmp_path / "first"))
    key = disk_cache.key_for("numbers", files=(), values=["5"])
    monkeypatch.setenv(disk_cache.CACHE_DIR_ENV, str(tmp_path / "second"))
    disk_cache.save(key, [5])
    assert (tmp_path / "first" / key.file_name).is_file()
    assert not (tmp_path / "second").exists()
