"""claims.accept: accepting records into the ledger file (and the store's refusal).

Every test writes to a copy of the bundled ledger in tmp_path, never to the bundled file.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from claims.accept import (
    AssessmentStoreSink,
    LedgerFileSink,
    RecordRefusedError,
    SinkRefusedError,
    claim_sink,
)
from claims.accept.ledger_writer import derived_id
from claims.bundle import load_ledger
from claims.ledger_file import BUNDLED_LEDGER
from claims.model import Holder, Kind, Side

REPO = Path(__file__).resolve().parents[1]
MOMENT = datetime(2026, 1, 2, 9, 30, tzinfo=UTC)


def hand_made(**changes: Any) -> dict[str, Any]:
    """A claim as the dashboard's form or the extractor hands it over: dates as text, no id."""
    record: dict[str, Any] = {
        "claimant": "Ministry of Defence of the Russian Federation",
        "side": "russia",
        "published": "2025-01-06",
        "refers_to": "2025-01-05",
        "precision": "day",
        "kind": "repelled_attack",
        "holder": "russia",
        "settlements": ["Berdin", "Bolshoye Soldatskoye"],
        "gist": "The MoD said it repelled the attack toward Berdin. {{ 7*7 }} <script>x</script>",
        "sources": [{"url": "https://example.org/report", "publisher": "Example wire"}],
        "verification": "claimed_unverified",
        "note": "",
    }
    record.update(changes)
    return record


@pytest.fixture
def ledger_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "ledger.yaml"
    shutil.copyfile(BUNDLED_LEDGER, copy)
    return copy


def test_accepted_record_is_appended_with_who_and_when(ledger_copy: Path) -> None:
    before = ledger_copy.read_bytes()
    accepted = LedgerFileSink(ledger_copy).append(hand_made(), account="ana", accepted_at=MOMENT)
    after = ledger_copy.read_bytes()
    assert after.startswith(before), "the existing part of the file must stay byte for byte"
    claim = load_ledger(ledger_copy).records[-1]
    assert claim.id == accepted.id == "ru-ministry-of-defence-2025-01-06-repelled-attack"
    assert (claim.accepted_by, claim.accepted_at) == ("ana", MOMENT)
    assert (claim.published, claim.refers_to) == (date(2025, 1, 6), date(2025, 1, 5))
    assert (claim.side, claim.kind, claim.holder) == (
        Side.RUSSIA,
        Kind.REPELLED_ATTACK,
        Holder.RUSSIA,
    )
    assert "{{ 7*7 }}" in claim.gist
    assert b"note:" not in after[len(before) :], "a field nobody filled in is not written"
    assert b"\n  published: 2025-01-06\n" in after[len(before) :], "dates written as YAML dates"


def test_one_day_given_twice_is_written_out_twice(ledger_copy: Path) -> None:
    """A form hands the same date object as published and refers_to: written as two dates, not
    as a YAML anchor and alias (which the reader refuses)."""
    day = date(2025, 1, 6)
    record = hand_made(published=day, refers_to=day)
    before = ledger_copy.read_bytes()
    LedgerFileSink(ledger_copy).append(record, account="ana", accepted_at=MOMENT)
    claim = load_ledger(ledger_copy).records[-1]
    assert (claim.published, claim.refers_to) == (day, day)
    added = ledger_copy.read_bytes()[len(before) :]
    assert added.count(b": 2025-01-06\n") == 2


def test_comments_and_order_of_the_ledger_are_kept(ledger_copy: Path) -> None:
    comments = [line for line in ledger_copy.read_text().splitlines() if line.startswith("#")]
    ids_before = [c.id for c in load_ledger(ledger_copy).records]
    LedgerFileSink(ledger_copy).append(hand_made(), account="ana", accepted_at=MOMENT)
    text = ledger_copy.read_text()
    assert comments and [line for line in text.splitlines() if line.startswith("#")] == comments
    assert [c.id for c in load_ledger(ledger_copy).records][:-1] == ids_before


def test_a_taken_id_gets_a_suffix(ledger_copy: Path) -> None:
    sink = LedgerFileSink(ledger_copy)
    taken = load_ledger(ledger_copy).records[0].id
    first = sink.append(hand_made(id=taken), account="ana", accepted_at=MOMENT)
    second = sink.append(hand_made(id=taken), account="bo", accepted_at=MOMENT)
    assert (first.id, second.id) == (f"{taken}-2", f"{taken}-3")


def test_bad_record_names_record_field_and_problem_and_changes_nothing(ledger_copy: Path) -> None:
    before = ledger_copy.read_bytes()
    bad = hand_made(id="bad-one", side="martians", settlements=["Atlantisgrad"])
    with pytest.raises(RecordRefusedError) as refused:
        LedgerFileSink(ledger_copy).append(bad, account="ana", accepted_at=MOMENT)
    fields = {(p.record, p.field) for p in refused.value.problems}
    assert fields == {("bad-one", "side"), ("bad-one", "settlements")}
    assert "'martians' is not one of" in str(refused.value)
    assert "nothing was written" in str(refused.value)
    assert ledger_copy.read_bytes() == before


def test_a_record_naming_an_unknown_record_is_refused(ledger_copy: Path) -> None:
    before = ledger_copy.read_bytes()
    with pytest.raises(RecordRefusedError, match="names unknown record 'no-such-record'"):
        LedgerFileSink(ledger_copy).append(
            hand_made(supersedes=["no-such-record"]), account="ana", accepted_at=MOMENT
        )
    assert ledger_copy.read_bytes() == before


def test_a_ledger_whose_records_do_not_end_the_file_is_refused(tmp_path: Path) -> None:
    ledger = tmp_path / "indented.yaml"
    source = BUNDLED_LEDGER.read_text()
    head, _, body = source.partition("records:\n")
    ledger.write_text(head + "records:\n" + "".join(f"  {line}\n" for line in body.splitlines()))
    before = ledger.read_bytes()
    with pytest.raises(RecordRefusedError):
        LedgerFileSink(ledger).append(hand_made(), account="ana", accepted_at=MOMENT)
    assert ledger.read_bytes() == before


def test_two_analysts_accepting_at_once_both_land(ledger_copy: Path) -> None:
    count = len(load_ledger(ledger_copy))
    start = threading.Barrier(2)
    results: dict[str, str] = {}

    def accept(account: str) -> None:
        start.wait()
        sink = LedgerFileSink(ledger_copy)
        results[account] = sink.append(hand_made(), account=account, accepted_at=MOMENT).id

    threads = [threading.Thread(target=accept, args=(name,)) for name in ("ana", "bo")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    records = load_ledger(ledger_copy).records
    assert len(records) == count + 2
    assert {r.accepted_by for r in records[-2:]} == {"ana", "bo"}
    assert len(set(results.values())) == 2


ACCEPT_IN_A_PROCESS = """
import sys
from datetime import UTC, datetime
from pathlib import Path
from claims.accept import LedgerFileSink
record = {
    "claimant": "General Staff of the Armed Forces of Ukraine", "side": "ukraine",
    "published": "2025-01-06", "refers_to": "2025-01-05", "kind": "attack", "holder": "ukraine",
    "settlements": ["Berdin"], "sources": [{"url": "https://example.org/x", "publisher": "P"}],
    "verification": "claimed_unverified",
}
LedgerFileSink(Path(sys.argv[1])).append(record, account=sys.argv[2], accepted_at=datetime.now(UTC))
"""


def test_two_processes_accepting_at_once_both_land(ledger_copy: Path) -> None:
    count = len(load_ledger(ledger_copy))
    command = [sys.executable, "-c", ACCEPT_IN_A_PROCESS, str(ledger_copy)]
    processes = [subprocess.Popen([*command, name], cwd=REPO) for name in ("ana", "bo")]
    assert [p.wait(timeout=120) for p in processes] == [0, 0]
    records = load_ledger(ledger_copy).records
    assert len(records) == count + 2
    assert {r.accepted_by for r in records[-2:]} == {"ana", "bo"}


def test_the_assessment_store_refuses_ledger_claims(tmp_path: Path, ledger_copy: Path) -> None:
    store = tmp_path / "assessments.gpkg"
    sink = claim_sink(ledger_copy, store)
    assert isinstance(sink, AssessmentStoreSink)
    with pytest.raises(SinkRefusedError, match="without FRONTLINE_STORE"):
        sink.append(hand_made(), account="ana", accepted_at=MOMENT)
    assert not store.exists()
    assert isinstance(claim_sink(ledger_copy, None), LedgerFileSink)


def test_derived_id_reads_like_the_ledgers() -> None:
    assert derived_id(hand_made()) == "ru-ministry-of-defence-2025-01-06-repelled-attack"
    assert derived_id({"claimant": "Сырский", "side": "ukraine"}) == "ua-syrskii"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("2026-01-02 09:30", "is not a time with a zone"),
        ("yesterday", "is not a time with a zone"),
        (datetime(2026, 1, 2, 9, 30), "is not a time with a zone"),
        ("2099-01-02T09:30:00Z", "is in the future"),
    ],
)
def test_accepted_at_must_be_a_past_time_with_a_zone(value: object, problem: str) -> None:
    from claims.bundle import kursk_context
    from claims.parse import parse_record

    record = {**hand_made(id="x-1"), "accepted_by": "ana", "accepted_at": value}
    claim, problems = parse_record(record, kursk_context())
    assert claim is None
    assert [(p.field, problem in p.message) for p in problems] == [("accepted_at", True)]


def test_accepted_at_in_utc_may_fall_on_the_day_after_local_today() -> None:
    from claims.bundle import kursk_context
    from claims.parse import parse_record

    context = kursk_context(date(2026, 1, 1))
    record = {**hand_made(id="x-1"), "accepted_by": "ana", "accepted_at": MOMENT}
    claim, problems = parse_record(record, context)
    assert problems == [] and claim is not None and claim.accepted_at == MOMENT
