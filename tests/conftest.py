"""Shared fixtures for the geodata and claims tests."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from claims.bundle import kursk_context, kursk_theatre
from claims.model import Ledger
from claims.parse import ParseContext, parse_ledger
from claims.theatre import Theatre

BROWSER_TESTS = Path(__file__).resolve().parent / "browser"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/browser drives chromium: mark it so `-m "not browser"` skips it."""
    for item in items:
        if BROWSER_TESTS in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


# A fixed "today" after the whole incursion, so tests do not depend on the calendar.
TODAY = date(2025, 12, 31)

RecordFactory = Callable[..., dict[str, Any]]

_VALID_RECORD: dict[str, Any] = {
    "id": "ua-test-2024-08-20",
    "claimant": "Test claimant",
    "side": "ukraine",
    "published": "2024-08-20",
    "refers_to": "2024-08-20",
    "kind": "settlement_control",
    "holder": "ukraine",
    "settlements": ["Sudzha"],
    "sources": [
        {
            "url": "https://example.org/report",
            "publisher": "Example",
            "published": "2024-08-20",
            "checked": True,
        }
    ],
    "verification": "claimed_unverified",
}


@pytest.fixture(scope="session")
def kursk() -> Theatre:
    """The real Kursk theatre built from the bundled geodata."""
    return kursk_theatre()


@pytest.fixture(scope="session")
def kursk_parse_context() -> ParseContext:
    """The real parse context (gazetteer, regions, theatre) with a fixed today."""
    return kursk_context(TODAY)


@pytest.fixture
def make_record() -> RecordFactory:
    """Build a valid settlement_control record about Sudzha; keyword arguments replace fields.

    A value of `None` removes the field.
    """

    def build(**changes: Any) -> dict[str, Any]:
        record = copy.deepcopy(_VALID_RECORD)
        record.update(changes)
        return {key: value for key, value in record.items() if value is not None}

    return build


@pytest.fixture
def ledger_of(kursk_parse_context: ParseContext) -> Callable[..., Ledger]:
    """Parse inline records into a ledger against the real Kursk context."""

    def parse(*records: dict[str, Any]) -> Ledger:
        return parse_ledger({"records": list(records)}, kursk_parse_context)

    return parse
