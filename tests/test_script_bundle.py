"""The map frame's scripts joined into one file (`dashboard/script_bundle.py`): their exact text in
their order, named by its digest, so an edited script is a new file; anything else left alone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dashboard import script_bundle
from dashboard.script_bundle import BUNDLES, STATIC_URL, bundle_text, bundled

LINKS = [f"{STATIC_URL}vendor/first.js", f"{STATIC_URL}frontline/second.js"]


@pytest.fixture
def static(tmp_path: Path) -> Path:
    (tmp_path / "vendor").mkdir()
    (tmp_path / "frontline").mkdir()
    (tmp_path / "vendor" / "first.js").write_text("var first = 1", encoding="utf-8")
    (tmp_path / "frontline" / "second.js").write_text("var second = first + 1;", encoding="utf-8")
    return tmp_path


def test_the_scripts_load_as_one_file_of_their_text_in_order(static: Path) -> None:
    (link,) = bundled(LINKS, static)
    assert link.startswith(f"{STATIC_URL}{BUNDLES}/") and link.endswith(".js")
    text = (static / link.removeprefix(STATIC_URL)).read_text(encoding="utf-8")
    assert text == bundle_text(static, LINKS)
    assert text.index("var first = 1\n;") < text.index("var second = first + 1;")
    assert bundled(LINKS, static) == [link], "the same scripts, the same file"


def test_an_edited_script_is_a_new_file(static: Path) -> None:
    (before,) = bundled(LINKS, static)
    second = static / "frontline" / "second.js"
    second.write_text("var second = 2;", encoding="utf-8")
    os.utime(second, ns=(second.stat().st_atime_ns, second.stat().st_mtime_ns + 10**9))
    (after,) = bundled(LINKS, static)
    assert after != before
    assert "var second = 2;" in (static / after.removeprefix(STATIC_URL)).read_text("utf-8")


def test_other_lists_are_left_as_they_are(static: Path) -> None:
    outside = [*LINKS, "https://cdn.example/x.js"]
    assert bundled(outside, static) == outside
    climbing = [*LINKS, f"{STATIC_URL}../secret.js"]
    assert bundled(climbing, static) == climbing
    assert bundled(LINKS[:1], static) == LINKS[:1], "one script needs no bundle"
    missing = [*LINKS, f"{STATIC_URL}frontline/gone.js"]
    assert bundled(missing, static) == missing


def test_a_folder_that_cannot_be_written_leaves_the_links(static: Path) -> None:
    (static / BUNDLES).write_text("a file where the folder should be", encoding="utf-8")
    assert bundled(LINKS, static) == LINKS


def test_old_bundles_are_pruned(static: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(script_bundle, "KEPT", 2)
    second = static / "frontline" / "second.js"
    names = []
    for n in range(4):
        second.write_text(f"var second = {n};", encoding="utf-8")
        os.utime(second, ns=(0, (n + 1) * 10**9))
        names.append(bundled(LINKS, static)[0].rsplit("/", 1)[1])
    kept = sorted(p.name for p in (static / BUNDLES).iterdir())
    assert len(kept) == 2 and names[-1] in kept
