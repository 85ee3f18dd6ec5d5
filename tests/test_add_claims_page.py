"""The *Add claims* page run headless (AppTest): who may write, and what accepting writes.

Every test works on a copy of the bundled ledger in tmp_path (FRONTLINE_LEDGER) and compares its
bytes before and after; the bundled file is never written.
"""

from __future__ import annotations

import shutil
import sys
import types
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from claims.accounts import add_account
from claims.bundle import load_ledger
from claims.ledger_file import BUNDLED_LEDGER
from claims.model import Holder, Kind
from dashboard import loaders
from geodata import layers

PASSWORD = "correct horse battery"
TIMEOUT = 120


def add_claims_script() -> None:
    """The page alone, as AppTest runs it (its source is the script)."""
    from dashboard.add_claims import add_claims_page

    add_claims_page()


@pytest.fixture
def ledger_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    copy = tmp_path / "ledger.yaml"
    shutil.copyfile(BUNDLED_LEDGER, copy)
    monkeypatch.setenv("FRONTLINE_LEDGER", str(copy))
    monkeypatch.setenv("FRONTLINE_TILES", "off")
    monkeypatch.delenv("FRONTLINE_STORE", raising=False)
    monkeypatch.delenv("FRONTLINE_ACCOUNTS", raising=False)
    yield copy


@pytest.fixture
def accounts_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "secrets" / "accounts.json"
    add_account(path, "ana", PASSWORD)
    monkeypatch.setenv("FRONTLINE_ACCOUNTS", str(path))
    return path


def page() -> AppTest:
    app = AppTest.from_function(add_claims_script, default_timeout=TIMEOUT).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def labels(app: AppTest) -> list[str]:
    return [b.label for b in app.button]


def sign_in(app: AppTest, name: str, password: str) -> AppTest:
    app.text_input(key="sign-in-name").input(name)
    app.text_input(key="sign-in-password").input(password)
    next(b for b in app.button if b.label == "Sign in").click()
    return app.run()


def fill_hand_form(app: AppTest, **changes: object) -> None:
    berdin = layers.gazetteer().resolve("Berdin").id
    values: dict[str, object] = {
        "claimant": "Ministry of Defence of the Russian Federation",
        "side": "russia",
        "published": date(2025, 1, 6),
        "refers_to": date(2025, 1, 5),
        "kind": "repelled_attack",
        "holder": "russia",
        "settlements": [berdin],
        "url": "https://example.org/report",
        "publisher": "Example wire",
        "gist": "The MoD said it repelled an attack toward Berdin.",
        **changes,
    }
    for name, value in values.items():
        key = f"hand-{name}"
        if name in ("claimant", "url", "publisher"):
            app.text_input(key=key).input(str(value))
        elif name == "gist":
            app.text_area(key=key).input(str(value))
        elif name in ("published", "refers_to"):
            app.date_input(key=key).set_value(value)
        elif name == "settlements":
            app.multiselect(key=key).set_value(value)
        else:
            app.selectbox(key=key).set_value(value)


def test_anonymous_session_cannot_write_and_is_told_how_to_enable(ledger_copy: Path) -> None:
    before = ledger_copy.read_bytes()
    app = page()
    assert "Accept" not in labels(app)
    enable = " ".join(i.value for i in app.info)
    assert "read-only" in enable and "FRONTLINE_ACCOUNTS" in enable and "[auth]" in enable
    assert "frontline accounts add" in enable
    fill_hand_form(app)
    app.run()
    assert "Accept" not in labels(app)
    assert ledger_copy.read_bytes() == before


def test_wrong_password_is_refused(ledger_copy: Path, accounts_file: Path) -> None:
    before = ledger_copy.read_bytes()
    app = page()
    assert "Accept" not in labels(app)
    app = sign_in(app, "ana", PASSWORD + "!")
    assert any("Wrong account name or password" in e.value for e in app.error)
    assert "Accept" not in labels(app)
    app = sign_in(app, "nobody", PASSWORD)
    assert "Accept" not in labels(app)
    assert ledger_copy.read_bytes() == before


def test_signed_in_account_accepts_a_hand_made_claim(
    ledger_copy: Path, accounts_file: Path
) -> None:
    before = ledger_copy.read_bytes()
    app = sign_in(page(), "ana", PASSWORD)
    assert not app.error, [e.value for e in app.error]
    assert "Accept" in labels(app)
    fill_hand_form(app)
    app.run()
    next(b for b in app.button if b.label == "Accept").click()
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert any("Accepted as" in s.value for s in app.success), [e.value for e in app.error]
    after = ledger_copy.read_bytes()
    assert after.startswith(before) and len(after) > len(before)
    claim = load_ledger(ledger_copy).records[-1]
    assert claim.accepted_by == "ana" and claim.accepted_at is not None
    assert (claim.kind, claim.holder) == (Kind.REPELLED_ATTACK, Holder.RUSSIA)
    assert claim.settlement_ids == (layers.gazetteer().resolve("Berdin").id,)
    shown = loaders.ledger_for(loaders.current_ledger_key()).ledger
    assert shown.records[-1].id == claim.id, "the map's dataset must hold the new record"


def test_an_invalid_hand_made_claim_is_refused_naming_the_field(
    ledger_copy: Path, accounts_file: Path
) -> None:
    before = ledger_copy.read_bytes()
    app = sign_in(page(), "ana", PASSWORD)
    fill_hand_form(app, url="javascript:alert(1)")
    app.run()
    next(b for b in app.button if b.label == "Accept").click()
    app.run()
    problems = " ".join(c.value for c in app.code)
    assert "sources[0].url" in problems and "is not an http(s) address" in problems
    assert ledger_copy.read_bytes() == before


def test_with_a_store_set_the_page_says_where_claims_cannot_go(
    ledger_copy: Path, accounts_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FRONTLINE_STORE", str(tmp_path / "assessments.gpkg"))
    app = page()
    assert any("not ledger claims" in w.value for w in app.warning)


def test_report_text_is_escaped_around_the_highlights(ledger_copy: Path) -> None:
    pytest.importorskip("claims.extract")
    app = page()
    hostile = (
        "On Sunday the Russian Defence Ministry said its forces repelled an attack near Berdin. "
        "{{ 7*7 }} <script>alert(1)</script>"
    )
    app.text_area(key="report-text").input(hostile)
    app.date_input(key="report-published").set_value(date(2025, 1, 6))
    app.run()
    next(b for b in app.button if b.label == "Find claims").click()
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    shown = " ".join(h.proto.body for h in app.get("html"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert "<script>" not in shown and "{{ 7*7 }}" in shown and "49" not in shown


def test_with_oidc_configured_an_unsigned_visitor_gets_sign_in_not_accept(
    ledger_copy: Path,
) -> None:
    before = ledger_copy.read_bytes()
    app = AppTest.from_function(add_claims_script, default_timeout=TIMEOUT)
    app.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "not-a-real-secret",
        "client_id": "frontline",
        "client_secret": "not-a-real-secret",
        "server_metadata_url": "https://idp.example.org/.well-known/openid-configuration",
    }
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert "Sign in" in labels(app) and "Accept" not in labels(app)
    assert not any("read-only." in i.value and "FRONTLINE_ACCOUNTS" in i.value for i in app.info)
    assert ledger_copy.read_bytes() == before


@dataclass(frozen=True)
class FakeSpan:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class FakeField:
    name: str
    value: object
    span: FakeSpan | None
    confidence: float


@dataclass(frozen=True)
class FakeCandidate:
    record: dict[str, object]
    fields: tuple[FakeField, ...]
    flags: tuple[str, ...]


def fake_extract_claims(
    text: str,
    published: date,
    *,
    source_url: str | None = None,
    publisher: str | None = None,
    ledger_path: Path | None = None,
) -> list[FakeCandidate]:
    """The extractor's interface (claims.extract, another branch) with fixed answers, so the
    page's side of the contract is tested here before the two meet."""
    place = text.index("Berdin")
    speaker = text.index("Russian Defence Ministry")
    record: dict[str, object] = {
        "claimant": "Ministry of Defence of the Russian Federation",
        "side": "russia",
        "published": published,
        "refers_to": published.replace(day=published.day - 1),
        "kind": "repelled_attack",
        "holder": "russia",
        "settlements": ["Бердин"],
        "quote": "repelled an attack near Berdin",
        "sources": [{"url": source_url, "publisher": publisher, "published": published}],
        "verification": "claimed_unverified",
    }
    fields = (
        FakeField("claimant", record["claimant"], FakeSpan(speaker, speaker + 24, "x"), 0.9),
        FakeField("settlements", "Berdin", FakeSpan(place, place + 6, "Berdin"), 0.8),
        FakeField("figures", None, None, 0.0),
    )
    flagged = FakeCandidate({**record, "claimant": "<b>Unknown</b> {{ 7*7 }}"}, (), ("new <b>",))
    return [FakeCandidate(record, fields, ("refers_to read from 'On Sunday'",)), flagged]


@pytest.fixture
def fake_extractor(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("claims.extract")
    module.extract_claims = fake_extract_claims  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "claims.extract", module)


def test_candidates_are_highlighted_escaped_edited_accepted_and_rejected(
    ledger_copy: Path, accounts_file: Path, fake_extractor: None
) -> None:
    before = ledger_copy.read_bytes()
    app = sign_in(page(), "ana", PASSWORD)
    hostile = (
        "On Sunday the Russian Defence Ministry said its forces repelled an attack near Berdin. "
        "{{ 7*7 }} <script>alert(1)</script>"
    )
    app.text_area(key="report-text").input(hostile)
    app.date_input(key="report-published").set_value(date(2025, 1, 6))
    app.text_input(key="report-url").input("https://example.org/wire")
    app.text_input(key="report-publisher").input("Example wire")
    app.run()
    next(b for b in app.button if b.label == "Find claims").click()
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    shown = " ".join(h.proto.body for h in app.get("html"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown and "<script>" not in shown
    assert shown.count("<mark") == 2 and ">Berdin</mark>" in shown
    assert "{{ 7*7 }}" in shown and "49" not in shown
    assert app.text_input(key="candidate-0-url").value == "https://example.org/wire"
    markdown = " ".join(m.value for m in app.markdown)
    assert "<b>" not in markdown and "\\<b\\>" in markdown, "a claimant's words stay text"
    app.text_area(key="candidate-0-gist").input("The MoD said it repelled an attack near Berdin.")
    app.run()
    keys = {b.key for b in app.button}
    assert {
        "candidate-0-accept",
        "candidate-0-reject",
        "candidate-1-accept",
        "candidate-1-reject",
    } <= keys
    app.button(key="candidate-1-reject").click()
    app.run()
    app.button(key="candidate-0-accept").click()
    app.run()
    assert any("Accepted as" in s.value for s in app.success), [c.value for c in app.code]
    records = load_ledger(ledger_copy).records
    assert len(records) == len(load_ledger(BUNDLED_LEDGER)) + 1
    claim = records[-1]
    assert claim.accepted_by == "ana"
    assert claim.gist == "The MoD said it repelled an attack near Berdin."
    assert claim.quote is not None and claim.quote.text == "repelled an attack near Berdin"
    assert claim.sources[0].url == "https://example.org/wire"
    assert claim.settlement_ids == (layers.gazetteer().resolve("Berdin").id,)
    assert ledger_copy.read_bytes().startswith(before)
    keys = {b.key for b in app.button}
    assert not keys & {
        "candidate-0-accept",
        "candidate-1-accept",
        "candidate-0-reject",
        "candidate-1-reject",
    }, "both are decided"
    assert "rejected" in " ".join(m.value for m in app.markdown)
    app.button(key="find-claims").click()
    app.run()
    app.text_area(key="candidate-0-gist").input("an edit of a candidate left open")
    app.run()
    app.button(key="find-claims").click()
    app.run()
    assert app.text_area(key="candidate-0-gist").value == "", "a new search starts afresh"
