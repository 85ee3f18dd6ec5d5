"""claims.cli: the `frontline` command, in-process and once as an installed script."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from dashboard.command import main

DATA = Path(__file__).resolve().parent / "data"
GOOD = DATA / "good_ledger.yaml"
BAD = DATA / "bad_ledger.yaml"
FRONTLINE = Path(sys.executable).parent / "frontline"
# `frontline state --format json`: these keys, always, in this order (documented in the README).
STATE_KEYS = [
    "date", "as_known_on", "claimants", "silent_claimants", "composite", "sides", "contested_km2",
    "disagree_km2", "fighting_km2", "footprint_km2", "fresh_days", "areas",
]  # fmt: skip


def run_json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> Any:
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_help_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert all(verb in out for verb in ("validate", "state", "diff"))


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    assert "usage: frontline" in capsys.readouterr().out


def test_validate_good_ledger(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(GOOD)]) == 0
    captured = capsys.readouterr()
    assert "3 records from 3 claimants, no problems" in captured.out
    assert captured.err == ""


def test_validate_bad_ledger_lists_record_and_field(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(BAD)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "3 problems, ledger rejected" in captured.err
    assert "record bad-place: settlements: unknown settlement 'Xyzzyville'" in captured.err
    assert "record bad-source: figures[0].value: -3 is negative" in captured.err
    assert "record bad-source: sources[0].url:" in captured.err
    assert "good-record" not in captured.err


def test_validate_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "absent.yaml")]) == 1
    assert "absent.yaml" in capsys.readouterr().err


def test_bad_date_argument_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["state", "--date", "yesterday", "--ledger", str(GOOD)])
    assert caught.value.code == 2
    assert "is not a date" in capsys.readouterr().err


def test_state_json(capsys: pytest.CaptureFixture[str]) -> None:
    state = run_json(
        ["state", "--date", "2024-08-25", "--format", "json", "--ledger", str(GOOD)], capsys
    )
    assert state["date"] == "2024-08-25"
    assert list(state) == STATE_KEYS
    by_claimant = {c["claimant"]: c for c in state["claimants"]}
    # The Russian ministry has said nothing by then (its claim is of March 2025): left out, named.
    assert list(by_claimant) == ["Test Ukrainian commander", "Test independent analyst"]
    assert state["silent_claimants"] == ["Test Russian ministry"]
    ukrainian = by_claimant["Test Ukrainian commander"]
    assert ukrainian["side"] == "ukraine"
    assert ukrainian["held"]["ukraine"]["settlements"] == ["Goncharovka", "Sudzha"]
    assert ukrainian["held"]["ukraine"]["area_km2"] > 0
    assert [(s["value"], s["unit"], s["claim_id"]) for s in ukrainian["stated"]] == [
        (1000, "km2", "ua-test-2024-08-15")
    ]
    # The independent analyst gives Goncharovka to Russia; the composite takes that later word.
    assert state["composite"]["held"]["russia"]["settlements"] == ["Goncharovka"]
    assert state["composite"]["held"]["ukraine"]["settlements"] == ["Sudzha"]
    assert state["contested_km2"] > 0


def test_state_as_known_on_hides_claims_not_yet_published(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["state", "--date", "2024-08-20", "--format", "json", "--ledger", str(GOOD)]
    known = run_json([*argv, "--as-known-on", "2024-08-20"], capsys)
    assert known["as_known_on"] == "2024-08-20"
    assert known["composite"]["held"]["russia"]["settlements"] == []
    later = run_json([*argv, "--as-known-on", "2024-08-21"], capsys)
    assert later["composite"]["held"]["russia"]["settlements"] == ["Goncharovka"]


def test_state_geojson_is_a_feature_collection(capsys: pytest.CaptureFixture[str]) -> None:
    collection = run_json(
        ["state", "--date", "2024-08-25", "--format", "geojson", "--ledger", str(GOOD)], capsys
    )
    assert collection["type"] == "FeatureCollection"
    features = [f["properties"] for f in collection["features"]]
    layers = {(f["layer"], f.get("view"), f["holder"]) for f in features}
    assert ("claimants", "Test Ukrainian commander", "ukraine") in layers
    assert ("latest_word", "Latest word (composite)", "ukraine") in layers
    disagreement = {(f["claim_id"], f["holder"]) for f in features if f["layer"] == "disagreement"}
    assert disagreement == {("ua-test-2024-08-15", "ukraine"), ("ind-test-2024-08-20", "russia")}


def test_state_text_says_claims_not_facts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["state", "--date", "2024-08-25", "--ledger", str(GOOD)]) == 0
    out = capsys.readouterr().out
    assert "claims, not verified facts" in out
    assert "Test Ukrainian commander [ukraine]" in out


def test_diff_json(capsys: pytest.CaptureFixture[str]) -> None:
    changes = run_json(
        [
            "diff",
            "--from",
            "2024-09-01",
            "--to",
            "2025-03-20",
            "--format",
            "json",
            "--ledger",
            str(GOOD),
            "--fresh-days",
            "all",
        ],
        capsys,
    )
    by_claimant = {c["claimant"]: c for c in changes}
    assert changes[0]["claimant"] == "Latest word (composite)"
    composite = by_claimant["Latest word (composite)"]
    assert (composite["from"], composite["to"]) == ("2024-09-01", "2025-03-20")
    assert composite["sides"]["russia"]["settlements_gained"] == ["Sudzha"]
    assert composite["sides"]["ukraine"]["settlements_lost"] == ["Sudzha"]
    assert composite["sides"]["russia"]["gained_km2"] > 0
    assert composite["sides"]["russia"]["gained_km2"] == composite["sides"]["ukraine"]["lost_km2"]
    # Nothing the Ukrainian commander said changed: left out, unless asked for by name.
    assert "Test Ukrainian commander" not in by_claimant
    named = run_json([*DIFF, "--format", "json", "--claimant", "Test Ukrainian commander"], capsys)
    assert [c["claimant"] for c in named] == ["Test Ukrainian commander"]
    ukrainian = named[0]["sides"]
    assert ukrainian["ukraine"]["gained_km2"] == ukrainian["ukraine"]["lost_km2"] == 0


DIFF = ["diff", "--from", "2024-09-01", "--to", "2025-03-20", "--ledger", str(GOOD)]
DIFF = [*DIFF, "--fresh-days", "all"]


def test_diff_text_prints_only_what_changed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(DIFF) == 0
    out = capsys.readouterr().out
    assert "russia   gained 2.2 km² (Sudzha)" in out
    assert "ukraine  lost 2.2 km² (Sudzha)" in out
    assert "Test Ukrainian commander" not in out
    assert "0.0 km²" not in out and "+0" not in out
    assert main([*DIFF, "--claimant", "test ukrainian commander"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Test Ukrainian commander: 2024-09-01 → 2025-03-20",
        "  no change",
    ]


def test_state_text_names_only_claimants_with_a_word(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["state", "--date", "2024-08-25", "--ledger", str(GOOD)]) == 0
    out = capsys.readouterr().out
    assert "Test Russian ministry" not in out
    assert "(1 other claimant had said nothing by 2024-08-25)" in out
    assert "1,000 km² about Russia [ua-test-2024-08-15]" in out
    assert "  ukraine         2.2 km²     1 settlement\n" in out


def test_state_claimant_filter_and_unknown_names(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["state", "--date", "2025-03-20", "--ledger", str(GOOD), "--format", "json"]
    picked = run_json([*argv, "--claimant", "Test Russian ministry"], capsys)
    assert [c["claimant"] for c in picked["claimants"]] == ["Test Russian ministry"]
    both = [*argv, "--claimant", "Test independent analyst", "--claimant", "Test Russian ministry"]
    assert [c["claimant"] for c in run_json(both, capsys)["claimants"]] == [
        "Test independent analyst",
        "Test Russian ministry",
    ]
    assert main([*argv, "--claimant", "Test Russian ministy"]) == 2
    err = capsys.readouterr().err
    assert "no claimant 'Test Russian ministy' in the ledger" in err
    assert "closest: 'Test Russian ministry'" in err


def test_state_prints_units_in_words(capsys: pytest.CaptureFixture[str]) -> None:
    """The bundled ledger: figures in km deep and personnel, and most claimants silent early on."""
    assert main(["state", "--date", "2024-08-20"]) == 0
    out = capsys.readouterr().out
    assert "stated: 12 km deep about Ukraine" in out
    assert "4,130 personnel (total) about Ukraine" in out
    words = re.sub(r"\[[^]]*\]", "", out)  # claim ids may spell a unit: "…-1050km2"
    assert not {"km_depth", "personnel_total", "km2", "km_front"} & set(words.split())
    assert not re.search(r"(?<![\d,])1 settlements", out)
    assert "other claimants had said nothing by 2024-08-20" in out


def test_installed_script_runs() -> None:
    assert FRONTLINE.exists()
    good = subprocess.run(
        [str(FRONTLINE), "validate", str(GOOD)], capture_output=True, text=True, check=False
    )
    assert good.returncode == 0, good.stderr
    bad = subprocess.run(
        [str(FRONTLINE), "validate", str(BAD)], capture_output=True, text=True, check=False
    )
    assert bad.returncode == 1
    assert "record bad-place: settlements:" in bad.stderr


def test_state_reports_stale_ground_and_the_footprint_and_honours_fresh_days(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["state", "--date", "2025-03-20", "--format", "json", "--ledger", str(GOOD)]
    aged = run_json([*argv, "--fresh-days", "30"], capsys)
    ageless = run_json([*argv, "--fresh-days", "all"], capsys)
    assert aged["fresh_days"] == 30 and ageless["fresh_days"] is None
    assert aged["footprint_km2"] == ageless["footprint_km2"] > 0

    def ukrainian(picture: dict[str, Any]) -> dict[str, Any]:
        view = next(v for v in picture["claimants"] if v["claimant"] == "Test Ukrainian commander")
        held: dict[str, Any] = view["held"]["ukraine"]
        return held

    held, unaged = ukrainian(aged), ukrainian(ageless)
    assert held["stale_km2"] > 0 and unaged["stale_km2"] == 0
    assert held["area_km2"] + held["stale_km2"] == pytest.approx(unaged["area_km2"], abs=0.2)


def test_fresh_days_must_be_a_positive_number_or_all() -> None:
    with pytest.raises(SystemExit):
        main(["state", "--date", "2025-03-20", "--fresh-days", "0"])


GUESSED_NAMES = """\
records:
  - id: ua-guessed-2024-08-15
    claimant: Test Ukrainian commander
    side: ukraine
    published: 2024-08-15
    refers_to: 2024-08-15
    kind: settlement_control
    holder: ukraine
    settlements: [Sudzhaa, Nikolaevo-Darinno, Goncharovka]
    sources:
      - {url: "https://example.org/ua", publisher: Example, checked: true}
    verification: claimed_unverified
"""


def test_validate_lists_every_guessed_settlement_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger = tmp_path / "guessed.yaml"
    ledger.write_text(GUESSED_NAMES, encoding="utf-8")
    assert main(["validate", str(ledger)]) == 0
    captured = capsys.readouterr()
    assert "1 records from 1 claimants, no problems" in captured.out
    assert "2 warnings" in captured.err and "rejected" not in captured.err
    lines = [line for line in captured.err.splitlines() if "→" in line]
    assert lines == [
        "  - record ua-guessed-2024-08-15: settlements: 'Sudzhaa' → Sudzha (Sudzhansky): "
        "not a listed spelling, guessed",
        "  - record ua-guessed-2024-08-15: settlements: 'Nikolaevo-Darinno' → Nikolayevo-Darino "
        "(Sudzhansky): not a listed spelling, guessed",
    ]
    assert main(["validate", "--strict", str(ledger)]) == 1
    assert "2 warnings, treated as errors (--strict): ledger rejected" in capsys.readouterr().err


def test_validate_strict_passes_listed_spellings(capsys: pytest.CaptureFixture[str]) -> None:
    """Cyrillic and listed variants ("Суджа") are the gazetteer's own spellings: no warning."""
    assert main(["validate", "--strict", str(GOOD)]) == 0
    assert capsys.readouterr().err == ""


def test_a_reader_that_leaves_early_gets_no_traceback() -> None:
    # `frontline state --format geojson | head -c 100`: ~370 KB, more than a pipe holds, so the
    # writer is still writing when the reader leaves; no BrokenPipeError traceback follows.
    command = [sys.executable, "-m", "dashboard.command", "state", "--date", "2024-08-20"]
    command += ["--format", "geojson"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        head = process.stdout.read(100)
        process.stdout.close()
        errors = process.stderr.read().decode()
    assert head.startswith(b"{")
    assert "Traceback" not in errors and "BrokenPipe" not in errors, errors
    assert process.returncode == 1
