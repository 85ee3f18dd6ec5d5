"""The Add claims page in a real browser: an anonymous visitor gets no control that writes."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from claims.ledger_file import BUNDLED_LEDGER
from tests.browser.conftest import start_server

UNSET = ("FRONTLINE_ACCOUNTS", "FRONTLINE_STORE")


@pytest.fixture(scope="module")
def read_only_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    ledger = tmp_path_factory.mktemp("ledger") / "ledger.yaml"
    shutil.copyfile(BUNDLED_LEDGER, ledger)
    saved = {name: os.environ.pop(name) for name in UNSET if name in os.environ}
    try:
        process, url = start_server({"FRONTLINE_LEDGER": str(ledger)})
    finally:
        os.environ.update(saved)
    yield url, ledger
    process.terminate()
    process.wait(timeout=20)


def test_anonymous_visitor_sees_no_write_control(
    page: Page, read_only_app: tuple[str, Path]
) -> None:
    url, ledger = read_only_app
    before = ledger.read_bytes()
    page.goto(f"{url}/add-claims")
    expect(page.get_by_role("heading", name="Add claims")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("This dashboard is read-only.")).to_be_visible(timeout=60_000)
    page.get_by_role("tab", name="By hand").click()
    expect(page.get_by_text("Read-only: sign in to accept.")).to_be_visible(timeout=30_000)
    for label in ("Accept", "Sign in"):
        expect(page.get_by_role("button", name=label, exact=True)).to_have_count(0)
    assert page.locator('input[type="password"]').count() == 0
    assert ledger.read_bytes() == before
