"""Shared fixtures for the geodata and claims tests."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from claims.bundle import kursk_context, kursk_theatre
from claims.model import Ledger
from claims.parse import ParseContext, parse_ledger
from claims.theatre import Theatre

BROWSER_TESTS = Path(__file__).resolve().parent / "browser"
# Fixtures that start Debian's chromium (tests/browser/conftest.py, tests/test_snapshot.py, and
# `frontline_in_chromium` below): a test that uses one drives a browser.
BROWSER_FIXTURES = frozenset({"browser", "chromium", "frontline_in_chromium"})
# Fixtures that start a Streamlit server: seconds to start, minutes under load.
SLOW_FIXTURES = frozenset({"app_url", "dashboard_server", "server_path_dashboard"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests by where they live and what they use, never by hand.

    `browser`: under tests/browser, or using a fixture that starts chromium. `slow`: using a
    fixture that starts the dashboard's server. `make unit` leaves both out.
    """
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if BROWSER_TESTS in Path(str(item.fspath)).parents or used & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if used & SLOW_FIXTURES:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session", autouse=True)
def private_disk_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A disk cache (`claims.disk_cache`) of the test session's own, empty at its start: no test
    reads what a user's server or an earlier session kept, and none writes into the user's."""
    folder = tmp_path_factory.mktemp("frontline-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FRONTLINE_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture
def dashboard_server() -> Iterator[str]:
    """The dashboard served on loopback (bench/harness.py); its URL."""
    from bench.harness import served

    with served() as url:
        yield url


@pytest.fixture
def server_path_dashboard() -> Iterator[str]:
    """The dashboard with every step a server rerun (`bench.harness.SERVER_PATH`): its URL."""
    from bench.harness import SERVER_PATH, served

    with served(SERVER_PATH) as url:
        yield url


@pytest.fixture
def frontline_in_chromium() -> Callable[[list[str]], int]:
    """`frontline` run on a thread of its own, for verbs that start chromium (snapshot).

    Playwright's sync API allows one driver per thread, and a module's shared browser may hold
    the main thread's.
    """
    from concurrent.futures import ThreadPoolExecutor

    from dashboard.command import main

    def run(argv: list[str]) -> int:
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(main, argv).result(timeout=120)

    return run


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
