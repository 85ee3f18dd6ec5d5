"""claims.ledger_file: files that cannot be a ledger are refused before any record is read."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from claims import ledger_file
from claims.errors import LedgerError, Problem
from claims.ledger_file import MAX_LEDGER_BYTES, MAX_NESTING, load_ledger_data, read_ledger
from claims.parse import ParseContext

RecordFactory = Callable[..., dict[str, Any]]


def file_problem(path: Path) -> Problem:
    with pytest.raises(LedgerError) as caught:
        load_ledger_data(path)
    (problem,) = caught.value.problems
    assert caught.value.source == str(path)
    return problem


def test_good_file_is_read(
    tmp_path: Path, make_record: RecordFactory, kursk_parse_context: ParseContext
) -> None:
    path = tmp_path / "good.yaml"
    records = [make_record(id="one"), make_record(id="two", claimant="Other", side="russia")]
    path.write_text(yaml.safe_dump({"records": records}, allow_unicode=True), encoding="utf-8")
    ledger = read_ledger(path, kursk_parse_context)
    assert [c.id for c in ledger.records] == ["one", "two"]
    assert len(ledger.claimants) == 2


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfrecords: []\n")
    assert load_ledger_data(path) == {"records": []}


def test_oversize_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:  # sparse: no 64 MB are written
        handle.truncate(MAX_LEDGER_BYTES + 1)
    problem = file_problem(path)
    assert problem.field == "size"
    assert "at most 64 MB" in problem.message


def test_file_at_the_limit_is_not_refused_for_size(tmp_path: Path) -> None:
    path = tmp_path / "limit.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_LEDGER_BYTES)
    assert file_problem(path).field != "size"  # NUL bytes: refused as not text instead


def test_missing_file(tmp_path: Path) -> None:
    problem = file_problem(tmp_path / "absent.yaml")
    assert (problem.record, problem.field) == ("file", "path")


def test_non_utf8_bytes_are_refused_with_their_position(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("records:\n  - id: caf\xe9\n".encode("latin-1"))
    problem = file_problem(path)
    assert problem.field == "encoding"
    assert "byte 20" in problem.message


def test_nul_bytes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "binary.yaml"
    path.write_bytes(b"records:\x00\x00\n")
    assert file_problem(path).field == "encoding"


def test_broken_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("records:\n  - id: one\n    settlements: [Sudzha\n  - id: two\n")
    problem = file_problem(path)
    assert problem.field == "yaml"
    assert "line 4" in problem.message


def test_tab_indentation_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "tabs.yaml"
    path.write_text("records:\n  - id: one\n\tkind: figure\n")
    assert "line 3" in file_problem(path).message


def test_nesting_just_beyond_a_ledger_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    depth = MAX_NESTING + 2
    path.write_text("records: " + "[" * depth + "1" + "]" * depth + "\n")
    problem = file_problem(path)
    assert problem.field == "yaml"
    assert "nested" in problem.message


def test_pathologically_deep_yaml_is_refused_without_crashing(tmp_path: Path) -> None:
    path = tmp_path / "abyss.yaml"
    depth = 50_000
    path.write_text("[" * depth + "]" * depth)
    problem = file_problem(path)
    assert problem.field == "yaml"
    assert "nested" in problem.message


def test_realistic_nesting_is_accepted(tmp_path: Path, make_record: RecordFactory) -> None:
    path = tmp_path / "ok.yaml"
    record = make_record(figures=[{"value": 1, "unit": "km2"}], quote={"text": "…"})
    path.write_text(yaml.safe_dump({"records": [record]}, allow_unicode=True), encoding="utf-8")
    assert load_ledger_data(path) == {"records": [record]}


def test_valid_yaml_with_bad_records_is_rejected_by_record(
    tmp_path: Path, make_record: RecordFactory, kursk_parse_context: ParseContext
) -> None:
    path = tmp_path / "bad.yaml"
    record = make_record(settlements=["Xyzzyville"])
    path.write_text(yaml.safe_dump({"records": [record]}, allow_unicode=True), encoding="utf-8")
    with pytest.raises(LedgerError) as caught:
        read_ledger(path, kursk_parse_context)
    assert [(p.record, p.field) for p in caught.value.problems] == [
        ("ua-test-2024-08-20", "settlements")
    ]
    assert str(caught.value).startswith(str(path))


def test_an_anchor_is_refused_naming_record_and_field(tmp_path: Path) -> None:
    path = tmp_path / "anchor.yaml"
    path.write_text(
        "records:\n"
        "  - id: one\n"
        "    sources:\n"
        "      - &shared {url: 'https://example.org/a', publisher: Example}\n"
        "  - id: two\n"
        "    sources: [*shared]\n"
    )
    problem = file_problem(path)
    assert (problem.record, problem.field) == ("one", "sources[0]")
    assert "YAML anchor &shared" in problem.message


def test_an_alias_bomb_is_refused_at_its_first_anchor(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    lines = ["records: [{id: bomb}]", "l0: &a0 [1]"]
    lines += [f"l{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 10)]
    path.write_text("\n".join(lines) + "\n")
    problem = file_problem(path)
    assert (problem.record, problem.field) == ("file", "l0")
    assert "YAML anchor &a0" in problem.message


@pytest.mark.parametrize(
    ("text", "field", "says"),
    [
        ("records:\n  - id: one\n    <<: {kind: capture}\n", "<<", "merge key"),
        ("records:\n  - id: one\n    tags: !!set {a, b}\n", "tags", "YAML tag"),
        ("records: !!omap [{a: 1}]\n", "records", "YAML tag"),
    ],
)
def test_yaml_beyond_plain_values_is_refused(
    tmp_path: Path, text: str, field: str, says: str
) -> None:
    path = tmp_path / "shapes.yaml"
    path.write_text(text)
    problem = file_problem(path)
    assert problem.field == field
    assert says in problem.message


def test_more_values_than_the_cap_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ledger_file, "MAX_VALUES", 1_000)
    path = tmp_path / "many.yaml"
    path.write_text("records: [" + ", ".join(["1"] * 1_001) + "]\n")
    problem = file_problem(path)
    assert problem.field == "yaml"
    assert "more than 1,000 values" in problem.message
    path.write_text("records: [" + ", ".join(["1"] * 900) + "]\n")
    assert load_ledger_data(path) == {"records": [1] * 900}


# Every kind of scalar PyYAML's safe loader builds, a ledger's and others.
EVERY_SHAPE = """\
records:
  - id: a
    published: 2024-08-20
    bad: 2024-02-30
    short: 2024-8-6
    stamp: 2024-08-20 10:11:12
    flags: [yes, No, on, OFF, true, False, ~, null, ""]
    numbers: [1, 0x1F, 0o17, 1_000, "1", 1.5, .inf, -.NaN, 1:20, 12345678901234567890123]
    bytes: !!binary aGVsbG8=
    text: !!str 2024-08-20
    quoted day: "2024-08-20"
    nested: [[1, [2, {deep: [3]}]]]
    "=": x
"""


def test_values_are_built_as_pyyaml_builds_them(tmp_path: Path) -> None:
    """The reader builds values from libyaml's events itself: the same values, of the same
    types, as PyYAML's safe loader (with the ledger's dates kept as text when not real days)."""
    path = tmp_path / "shapes.yaml"
    path.write_text(EVERY_SHAPE)
    pyyaml = yaml.load(EVERY_SHAPE, Loader=ledger_file._LedgerLoader)
    assert repr(load_ledger_data(path)) == repr(pyyaml)
    bundled = ledger_file.BUNDLED_LEDGER.read_text(encoding="utf-8")
    assert load_ledger_data(ledger_file.BUNDLED_LEDGER) == yaml.load(
        bundled, Loader=ledger_file._LedgerLoader
    )
