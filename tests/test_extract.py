"""claims.extract end to end: the seed report, the held-out reports, hostile input, round trip."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from claims.bundle import kursk_context
from claims.extract import Candidate, ReportError, extract_claims, read_report
from claims.extract.score import SHARED_REPORTS, fixtures, load_fixture, score_fixture
from claims.extract.scoring import matches, score
from claims.extract.text import MAX_REPORT_CHARS
from claims.parse import parse_ledger

FIXTURES = Path(__file__).resolve().parent / "data" / "extract"
SEED = FIXTURES / "seed-kursk-2025-01-06.yaml"
REPORTS = Path(__file__).resolve().parents[1].parent / "shared" / "reports"
TODAY = date(2025, 12, 31)


def test_the_shared_reports_path_is_beside_the_repository() -> None:
    assert REPORTS == SHARED_REPORTS


@pytest.fixture(scope="module")
def seed() -> tuple[list[Candidate], list[dict[str, object]]]:
    fixture = load_fixture(SEED, REPORTS)
    if fixture.text is None:
        pytest.skip(f"the seed report is not on this machine ({REPORTS})")
    return extract_claims(fixture.text, fixture.published), fixture.expected


def test_seed_report_every_claim_found_nothing_invented(
    seed: tuple[list[Candidate], list[dict[str, object]]],
) -> None:
    candidates, expected = seed
    assert len(candidates) == len(expected)
    for candidate, wanted in zip(candidates, expected, strict=True):
        record = candidate.record
        assert matches(record, wanted), (record, wanted)
        for field in ("claimant", "side", "refers_to", "kind"):
            assert record[field] == wanted[field], (field, record, wanted)
        assert record.get("refers_to_end", record["refers_to"]) == wanted.get(
            "refers_to_end", wanted["refers_to"]
        )
        assert record.get("holder") == wanted.get("holder")


def test_seed_report_fields_point_at_their_words(
    seed: tuple[list[Candidate], list[dict[str, object]]],
) -> None:
    candidates, _ = seed
    text = read_report(str(REPORTS / "kursk-2025-01-06.txt"))
    for candidate in candidates:
        for field in candidate.fields:
            if field.span is not None:
                assert text[field.span.start : field.span.end] == field.span.text
                assert 0 <= field.confidence <= 1
    spans = {f.span.text for c in candidates for f in c.fields if f.span}
    assert {"on Sunday", "over the past five months", "more than 1,200 square kilometers"} <= spans


def test_held_out_reports_meet_the_targets() -> None:
    """Precision >= 0.8 and recall >= 0.7 pooled over every held-out report. Every round has been
    read for fixes after its first run, so this guards against regressions; the untuned first-run
    figures are in tests/data/extract/README.md."""
    scores = [score_fixture(f) for f in fixtures(FIXTURES) if f.held_out]
    assert len(scores) >= 5
    found = sum(s.found for s in scores if s)
    matched = sum(s.matched for s in scores if s)
    expected = sum(s.expected for s in scores if s)
    assert matched / found >= 0.8
    assert matched / expected >= 0.7


def test_held_out_reports_cover_three_languages() -> None:
    import yaml

    languages = {
        yaml.safe_load(p.read_text(encoding="utf-8"))["language"]
        for p in FIXTURES.glob("heldout-*.yaml")
    }
    assert {"en", "ru", "uk"} <= languages


def test_every_candidate_record_validates_once_a_source_is_given() -> None:
    records: list[dict[str, object]] = []
    for fixture in fixtures(FIXTURES):
        if fixture.text is None:
            continue
        for candidate in extract_claims(
            fixture.text, fixture.published, source_url="https://example.org/r", publisher="Ex"
        ):
            records.append(dict(candidate.record))
    assert len(records) >= 15
    for number, record in enumerate(records):  # ids are unique per report, not across them
        record["id"] = f"{record['id']}-{number}"
    ledger = parse_ledger({"records": records}, kursk_context(TODAY))
    assert len(ledger) == len(records)


def test_without_a_source_the_record_lacks_only_its_source() -> None:
    text = "Russia's defence ministry said its troops had retaken Uspenovka and Borki."
    (candidate,) = extract_claims(text, date(2024, 9, 16))
    assert "sources" not in candidate.record
    with pytest.raises(ValueError, match="sources: is missing"):
        parse_ledger({"records": [dict(candidate.record)]}, kursk_context(TODAY))


def test_no_invented_fields() -> None:
    text = "Russia's defence ministry said its troops had retaken Uspenovka."
    (candidate,) = extract_claims(text, date(2024, 9, 16))
    assert set(candidate.record) <= {
        "id", "claimant", "side", "published", "refers_to", "refers_to_end", "precision", "kind",
        "holder", "extent", "settlements", "figures", "quote", "sources", "verification",
    }  # fmt: skip
    assert "gist" not in candidate.record and "note" not in candidate.record


def test_a_place_the_gazetteer_lacks_is_flagged_not_written() -> None:
    text = "Минобороны России сообщило, что войска освободили Апанасовку, Снагость и 10-й Октябрь."
    (candidate,) = extract_claims(text, date(2024, 9, 12))
    assert candidate.record["settlements"] == ["Apanasovka", "Snagost"]
    assert "settlement not in gazetteer: 10-й Октябрь" in candidate.flags


def test_empty_input_gives_nothing() -> None:
    assert extract_claims("", date(2025, 1, 6)) == []
    assert extract_claims("   \n\n ", date(2025, 1, 6)) == []


def test_html_with_script_is_read_as_its_visible_text(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(
        "<html><head><title>x</title><script>var s = 'Minobороны России сообщило';</script>"
        "<style>p{}</style></head><body><p>Russia's defence ministry said its troops had "
        "retaken <b>Uspenovka</b>.</p><script>alert('the ministry said it took Sudzha')</script>"
        "<p>{{ 7*7 }}</p></body></html>",
        encoding="utf-8",
    )
    text = read_report(str(page))
    assert "alert" not in text and "var s" not in text
    (candidate,) = extract_claims(text, date(2024, 9, 16))
    assert candidate.record["settlements"] == ["Uspenovka"]


def test_huge_input_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("x" * (MAX_REPORT_CHARS + 1), encoding="utf-8")
    with pytest.raises(ReportError, match="at most"):
        read_report(str(big))
    with pytest.raises(ReportError, match="at most"):
        extract_claims("y" * (MAX_REPORT_CHARS + 1), date(2025, 1, 6))


def test_a_long_report_within_the_limit_is_read(tmp_path: Path) -> None:
    sentence = "Russia's defence ministry said its troops had retaken Uspenovka. "
    candidates = extract_claims(sentence * 2000, date(2024, 9, 16))
    assert len(candidates) == 2000
    assert len({c.record["id"] for c in candidates}) == 2000


def test_a_report_without_full_stops_is_cut_into_bounded_pieces() -> None:
    # One 100 KB "sentence" is read piece by piece, and every quote stays short.
    clause = "Russia's defence ministry said its troops retook Sudzha and repelled attacks "
    text = (clause + "near Berdin, ") * 1100
    candidates = extract_claims(text, date(2025, 3, 13))
    assert len(candidates) > 100
    assert all(c.record["side"] == "russia" for c in candidates)
    quotes = [str(c.record["quote"]) for c in candidates]
    assert all(len(q) <= 340 for q in quotes)  # the text (at most 300) and its language


def test_binary_input_is_refused(tmp_path: Path) -> None:
    blob = tmp_path / "blob.txt"
    blob.write_bytes(b"\xff\xfe\x00\x00binary")
    with pytest.raises(ReportError, match="not UTF-8"):
        read_report(str(blob))


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match=r"nope\.txt"):
        read_report(str(tmp_path / "nope.txt"))


def test_scoring_rules() -> None:
    wanted = {"side": "russia", "refers_to": date(2025, 1, 5), "holder": "russia",
              "settlements": ["Berdin", "Sudzha"], "precision": "day"}  # fmt: skip
    close = {"side": "russia", "refers_to": date(2025, 1, 6), "holder": "russia",
             "settlements": ["Berdin"]}  # fmt: skip
    assert matches(close, wanted)
    assert not matches({**close, "side": "ukraine"}, wanted)
    assert not matches({**close, "refers_to": date(2025, 1, 8)}, wanted)
    assert not matches({**close, "settlements": []}, wanted)
    figure = {"side": "ukraine", "refers_to": date(2024, 8, 20), "precision": "day",
              "figures": [{"value": 1263, "unit": "km2"}]}  # fmt: skip
    assert matches({**figure, "figures": [{"value": 1270, "unit": "km2"}]}, figure)
    assert not matches({**figure, "figures": [{"value": 1300, "unit": "km2"}]}, figure)
    assert not matches({**figure, "figures": [{"value": 1263, "unit": "settlements"}]}, figure)
    monthly = {**figure, "precision": "month"}
    assert matches({**figure, "refers_to": date(2024, 9, 10)}, monthly)
    result = score("x", [close, close], [wanted])
    assert (result.matched, result.precision, result.recall) == (1, 0.5, 1.0)
