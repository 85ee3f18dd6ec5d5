"""A ledger full of markup and script, opened in a real browser: it must stay text."""

from __future__ import annotations

from playwright.sync_api import Browser, Dialog

from bench.harness import map_document, map_frame
from tests.browser.conftest import popup_texts_in


def test_no_script_runs_and_no_javascript_link_is_clickable(
    browser: Browser, hostile_url: str
) -> None:
    page = browser.new_page(viewport={"width": 1500, "height": 1100})
    dialogs: list[str] = []

    def record(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    page.goto(f"{hostile_url}/?mode=pair")
    map_frame(page)
    page.wait_for_timeout(1500)
    frame = map_document(page)
    assert popup_texts_in(frame)
    opened: list[str] = frame.evaluate(
        """() => {
            const texts = [];
            window.map_div.eachLayer(layer => {
                const p = layer.feature && layer.feature.properties;
                if (p && p.claims && p.claims.length) {
                    layer.openPopup();
                    texts.push(document.querySelector(".leaflet-popup-content").innerText);
                }
            });
            return texts;
        }"""
    )
    page.wait_for_timeout(500)
    assert opened, "the hostile claims name settlements, so some popups list them"
    assert any("<script>alert(1)</script>" in text for text in opened), "shown as text"
    assert dialogs == []
    for target in (page, frame):
        assert target.locator("a[href^='javascript:' i]").count() == 0
        assert target.locator("img[src='x']").count() == 0
        assert target.locator("svg[onload]").count() == 0
    page.close()
