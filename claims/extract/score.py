"""`python -m claims.extract.score`: precision and recall per fixture report.

Reads the expected-claims files in tests/data/extract/ (or a folder given as the first argument);
the seed report's text comes from ../shared/reports/ beside the repository and is skipped, with a
note, when that folder is absent.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from claims.extract import extract_claims
from claims.extract.scoring import Score, score

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = REPO_ROOT / "tests" / "data" / "extract"
SHARED_REPORTS = REPO_ROOT.parent / "shared" / "reports"


@dataclass(frozen=True, slots=True)
class Fixture:
    name: str
    text: str | None  # None: the report's file is not on this machine
    published: date
    expected: list[dict[str, object]]
    held_out: bool
    source_url: str | None


def load_fixture(path: Path, reports: Path = SHARED_REPORTS) -> Fixture:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    text: str | None = data.get("text")
    if text is None:
        report = reports / str(data["report"])
        text = report.read_text(encoding="utf-8") if report.is_file() else None
    return Fixture(
        name=path.stem,
        text=text,
        published=data["published"],
        expected=list(data.get("expected") or []),
        held_out=path.stem.startswith("heldout"),
        source_url=data.get("source_url"),
    )


def fixtures(folder: Path = FIXTURES) -> list[Fixture]:
    return [load_fixture(path) for path in sorted(folder.glob("*.yaml"))]


def score_fixture(fixture: Fixture) -> Score | None:
    if fixture.text is None:
        return None
    candidates = extract_claims(fixture.text, fixture.published, source_url=fixture.source_url)
    return score(fixture.name, [c.record for c in candidates], fixture.expected)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    folder = Path(args[0]) if args else FIXTURES
    print(
        f"{'report':<48} {'expected':>8} {'found':>6} {'matched':>8} {'precision':>9} {'recall':>7}"
    )
    held_out: list[Score] = []
    for fixture in fixtures(folder):
        result = score_fixture(fixture)
        if result is None:
            print(f"{fixture.name:<48} skipped: the report is not in {SHARED_REPORTS}")
            continue
        if fixture.held_out:
            held_out.append(result)
        print(_row(result))
    if held_out:
        print(_row(pooled("held-out reports, pooled", held_out)))
    return 0


def pooled(name: str, scores: Sequence[Score]) -> Score:
    """One score over several reports: matches, expected and found claims added up."""
    return Score(
        name,
        sum(s.expected for s in scores),
        sum(s.found for s in scores),
        sum(s.matched for s in scores),
    )


def _row(result: Score) -> str:
    return (
        f"{result.name:<48} {result.expected:>8} {result.found:>6} {result.matched:>8} "
        f"{result.precision:>9.2f} {result.recall:>7.2f}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
