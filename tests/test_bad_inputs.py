"""Bad ledgers (tests/data/bad/): each is refused whole, naming record, field and problem.

Nothing that was loaded before changes: the bundled ledger read first is equal to a fresh read after
every attempt, and the bad file itself is left byte for byte as it was. The expected message of each
file is in `tests/data/bad/EXPECTED.yaml`; files too big or too deep to commit are generated here.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from claims.bundle import load_ledger
from claims.errors import LedgerError
from claims.ledger_file import BUNDLED_LEDGER, read_ledger
from claims.model import Ledger
from claims.parse import ParseContext
from dashboard import loaders
from dashboard.command import main

BAD = Path(__file__).resolve().parent / "data" / "bad"
GOOD_LEDGER = BAD.parent / "good_ledger.yaml"
APP = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"
EXPECTED: dict[str, dict[str, object]] = yaml.safe_load(
    (BAD / "EXPECTED.yaml").read_text(encoding="utf-8")
)
MB = 1024 * 1024
COMMITTED_LIMIT = 10 * 1024


@dataclass(frozen=True)
class Expected:
    record: str
    field: str
    problem: str

    @property
    def line(self) -> str:
        """How the problem starts in the message users see (`Problem.__str__`)."""
        return f"record {self.record}: {self.field}: "


def expected(name: str) -> Expected:
    entry = EXPECTED[name]
    return Expected(str(entry["record"]), str(entry["field"]), str(entry["problem"]))


def _repeated_ledger(path: Path, size: int) -> None:
    """A real ledger (not a sparse file) of `size` bytes: one record repeated under new ids."""
    good = GOOD_LEDGER.read_text(encoding="utf-8").split("records:\n", 1)[1]
    block = good.replace("id: ", "id: n{n}-")
    with path.open("w", encoding="utf-8") as out:
        out.write("records:\n")
        written, n = 0, 0
        while written < size:
            chunk = "".join(block.replace("{n}", str(n + i)) for i in range(200))
            written += out.write(chunk)
            n += 200
    with path.open("r+b") as out:
        out.truncate(size)


def _nested_json(path: Path) -> None:
    depth = 100_000
    path.write_text("[" * depth + "]" * depth, encoding="utf-8")


def _nested_note(path: Path) -> None:
    record = yaml.safe_load(GOOD_LEDGER.read_text(encoding="utf-8"))["records"][0]
    note: object = "deep"
    for _ in range(20):
        note = {"more": note}
    record["note"] = note
    path.write_text(yaml.safe_dump({"records": [record]}), encoding="utf-8")


GENERATORS: dict[str, Callable[[Path], None]] = {
    "generated_deeply_nested.json": _nested_json,
    "generated_deeply_nested_note.yaml": _nested_note,
    "generated_65mb.yaml": lambda path: _repeated_ledger(path, 65 * MB),
    "generated_100mb.yaml": lambda path: _repeated_ledger(path, 100 * MB),
}
COMMITTED = sorted(p.name for p in BAD.iterdir() if p.name != "EXPECTED.yaml")
ALL = sorted(EXPECTED)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The generated bad files, written once for the module and removed after it."""
    folder = tmp_path_factory.mktemp("generated-bad")
    for name, generate in GENERATORS.items():
        generate(folder / name)
    yield folder
    for name in GENERATORS:
        (folder / name).unlink(missing_ok=True)


def bad_file(name: str, generated: Path) -> Path:
    return generated / name if name in GENERATORS else BAD / name


def fingerprint(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return hashlib.sha256(path.read_bytes()).hexdigest(), stat.st_size, stat.st_mtime_ns


@pytest.fixture(scope="module")
def loaded_before(kursk_parse_context: ParseContext) -> Ledger:
    """The good bundled ledger, read before any bad file is tried."""
    return read_ledger(BUNDLED_LEDGER, kursk_parse_context)


def test_corpus_is_complete_and_small() -> None:
    assert len(COMMITTED) >= 40
    assert set(COMMITTED) | set(GENERATORS) == set(EXPECTED)
    assert all(bool(EXPECTED[name].get("generated")) == (name in GENERATORS) for name in EXPECTED)
    assert all((BAD / name).stat().st_size < COMMITTED_LIMIT for name in COMMITTED)


@pytest.mark.parametrize("name", ALL)
def test_bad_file_is_rejected_naming_record_field_and_problem(
    name: str,
    generated: Path,
    kursk_parse_context: ParseContext,
) -> None:
    path = bad_file(name, generated)
    want = expected(name)
    before = fingerprint(path)
    with pytest.raises(LedgerError) as caught:
        read_ledger(path, kursk_parse_context)
    assert caught.value.source == str(path)
    assert any(
        (p.record, p.field) == (want.record, want.field) and want.problem in p.message
        for p in caught.value.problems
    ), [str(p)[:300] for p in caught.value.problems]
    assert want.line in str(caught.value)
    assert fingerprint(path) == before, "reading a bad file must not touch it"


@pytest.mark.parametrize("name", ALL)
def test_validate_command_exits_1_naming_record_field_and_problem(
    name: str, generated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = bad_file(name, generated)
    want = expected(name)
    assert main(["validate", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "ledger rejected" in captured.err
    problem_lines = [line for line in captured.err.splitlines() if want.line in line]
    assert any(want.problem in line for line in problem_lines), captured.err[:2000]


def test_ledger_loaded_before_is_unchanged_after_every_bad_file(
    generated: Path, kursk_parse_context: ParseContext, loaded_before: Ledger
) -> None:
    """Every bad file in turn, then a fresh read of the bundled ledger: equal to the first read."""
    bundled = fingerprint(BUNDLED_LEDGER)
    for name in ALL:
        with pytest.raises(LedgerError):
            read_ledger(bad_file(name, generated), kursk_parse_context)
    assert read_ledger(BUNDLED_LEDGER, kursk_parse_context) == loaded_before
    assert fingerprint(BUNDLED_LEDGER) == bundled


def test_a_good_file_overwritten_by_a_bad_one_keeps_the_ledger_read_before(
    tmp_path: Path, generated: Path, kursk_parse_context: ParseContext
) -> None:
    """The file a session reads is replaced by bad content: the ledger it holds stays as it was."""
    path = tmp_path / "ledger.yaml"
    path.write_bytes(GOOD_LEDGER.read_bytes())
    held = load_ledger(path)
    for step, name in enumerate(n for n in ALL if n not in GENERATORS):
        path.write_bytes((BAD / name).read_bytes())
        os.utime(path, ns=(step + 10**18, step + 10**18))  # a new version, whatever the clock
        with pytest.raises(LedgerError):
            load_ledger(path)
    assert held == read_ledger(GOOD_LEDGER, kursk_parse_context)


@pytest.fixture
def dashboard_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    monkeypatch.setenv("FRONTLINE_TILES", "off")
    monkeypatch.delenv("FRONTLINE_REBUILD_MAP", raising=False)
    loaders.tiles_enabled.clear()
    yield monkeypatch
    loaders.tiles_enabled.clear()


@pytest.mark.parametrize("name", ALL)
def test_dashboard_shows_the_problem_and_no_map(
    name: str, generated: Path, dashboard_env: pytest.MonkeyPatch
) -> None:
    want = expected(name)
    dashboard_env.setenv("FRONTLINE_LEDGER", str(bad_file(name, generated)))
    app = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not app.exception, [e.value for e in app.exception]
    (error,) = app.error
    assert "cannot be shown" in error.value
    (problems,) = app.code
    assert want.line in problems.value
    assert want.problem in problems.value
    assert not app.get("component_instance")
    assert not app.metric
