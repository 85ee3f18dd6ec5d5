"""`frontline extract`: in-process, through standard input, and once as the installed script."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from claims.bundle import kursk_context
from claims.parse import parse_ledger
from dashboard.command import main

FRONTLINE = Path(sys.executable).parent / "frontline"
TODAY = date(2025, 12, 31)
REPORT = (
    "Russia's defence ministry said on Monday that its troops had retaken the villages of "
    "Uspenovka and Borki. Ukraine says its forces control about 100 villages, an area of more "
    "than 1,300 sq km.\n"
)


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def test_yaml_output_pastes_into_a_ledger(report: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["extract", str(report), "--published", "2024-09-16",
            "--source-url", "https://example.org/r", "--publisher", "Example"]  # fmt: skip
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "# refers_to (0.90) <- 'on Monday'" in out
    assert "# settlements (0.90) <- 'Uspenovka'" in out
    assert "# FLAG: new claimant: Government of Ukraine" in out
    data = yaml.safe_load(out)  # the comments drop out: what is left is ledger YAML
    ledger = parse_ledger(data, kursk_context(TODAY))
    assert [c.kind.value for c in ledger.records] == ["capture", "figure"]
    assert ledger.records[0].settlement_names == ("Uspenovka", "Borki")


def test_json_output_carries_spans_and_flags(
    report: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["extract", str(report), "--published", "2024-09-16", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)["records"]
    assert records[0]["refers_to"] == "2024-09-16"
    spans = {(s["field"], s["text"]) for s in records[0]["_spans"]}
    assert ("settlements", "Borki") in spans
    assert ("claimant", "Russia's defence ministry") in spans
    for span in records[0]["_spans"]:
        if span["start"] is not None:
            assert REPORT[span["start"] : span["end"]] == span["text"]
    assert "new claimant: Government of Ukraine" in records[1]["_flags"]


def test_out_file_and_standard_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(REPORT.encode("utf-8"))))
    out = tmp_path / "candidates.yaml"
    assert main(["extract", "-", "--published", "2024-09-16", "--out", str(out)]) == 0
    assert "2 candidate records" in capsys.readouterr().err
    assert len(yaml.safe_load(out.read_text(encoding="utf-8"))["records"]) == 2


def test_nothing_found_is_an_empty_ledger_fragment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert main(["extract", str(empty), "--published", "2024-09-16"]) == 0
    assert yaml.safe_load(capsys.readouterr().out) == {"records": []}


def test_bad_input_exits_1_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["extract", str(tmp_path / "missing.txt"), "--published", "2024-09-16"]) == 1
    assert "missing.txt" in capsys.readouterr().err


def test_a_bad_date_is_refused(report: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["extract", str(report), "--published", "16/09/2024"])
    assert "is not a date" in capsys.readouterr().err


def test_installed_script_reads_html(tmp_path: Path) -> None:
    page = tmp_path / "r.html"
    page.write_text(f"<html><body><script>x()</script><p>{REPORT}</p></body></html>", "utf-8")
    done = subprocess.run(
        [str(FRONTLINE), "extract", str(page), "--published", "2024-09-16", "--format", "json"],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["records"]) == 2


def test_a_missing_ledger_is_refused(
    report: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["extract", str(report), "--published", "2024-09-16", "--ledger", str(tmp_path / "x")]
    assert main(argv) == 1
    assert "no such ledger file" in capsys.readouterr().err


def test_another_ledgers_claimants_decide_what_is_new(
    report: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger = tmp_path / "mine.yaml"
    ledger.write_text("records:\n- claimant: Government of Ukraine\n  side: ukraine\n", "utf-8")
    argv = ["extract", str(report), "--published", "2024-09-16", "--ledger", str(ledger)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "# FLAG: new claimant: Ministry of Defence of the Russian Federation" in out
    assert "new claimant: Government of Ukraine" not in out
