"""`frontline extract REPORT --published YYYY-MM-DD`: candidate claim records from a news report.

YAML output is a ledger fragment (`records:`) that pastes into the ledger as it is; each record is
preceded by comments giving, for every field, the text it came from and a confidence, and the
flags a reviewer must look at. JSON output carries the same as `_spans` and `_flags` keys beside
each record.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import yaml

from claims.atomic import write_atomically
from claims.extract import Candidate, ReportError, extract_claims, read_report


def register(verbs: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    verb = verbs.add_parser("extract", help="candidate claim records from a news report")
    verb.add_argument("report", help="a .txt or .html file, or - for standard input")
    verb.add_argument("--published", type=_day, required=True, help="the day it was published")
    verb.add_argument("--format", choices=("yaml", "json"), default="yaml")
    verb.add_argument("--out", type=Path, help="write here (atomically) instead of standard output")
    verb.add_argument("--source-url", help="the report's address: filled in as the source")
    verb.add_argument("--publisher", help="the report's publisher (with --source-url)")
    verb.add_argument(
        "--ledger", type=Path, help="whose claimants count as known (default: bundled)"
    )
    verb.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.ledger is not None and not args.ledger.is_file():
        print(f"{args.ledger}: no such ledger file", file=sys.stderr)
        return 1
    try:
        text = read_report(args.report)
        candidates = extract_claims(
            text, args.published, source_url=args.source_url, publisher=args.publisher,
            ledger_path=args.ledger,
        )  # fmt: skip
    except ReportError as error:
        print(error, file=sys.stderr)
        return 1
    output = as_json(candidates) if args.format == "json" else as_yaml(candidates)
    if args.out is None:
        sys.stdout.write(output)
    else:
        write_atomically(args.out, output.encode("utf-8"))
        print(f"{args.out}: {len(candidates)} candidate records", file=sys.stderr)
    return 0


def as_yaml(candidates: Sequence[Candidate]) -> str:
    """A `records:` fragment; the comments are the annotations (spans, confidences, flags)."""
    lines = ["# Candidate claims from `frontline extract`: review every record before it enters",
             "# the ledger. Comments give each field's source text and confidence (0-1).",
             "records:"]  # fmt: skip
    if not candidates:
        lines[-1] = "records: []"
    for candidate in candidates:
        lines.extend(f"# FLAG: {flag}" for flag in candidate.flags)
        for field in candidate.fields:
            if field.span is not None:
                said = " ".join(field.span.text.split())[:100]
                lines.append(f"# {field.name} ({field.confidence:.2f}) <- {said!r}")
            elif field.name == "published":
                lines.append(f"# {field.name} ({field.confidence:.2f}) <- given with --published")
            else:
                lines.append(f"# {field.name} ({field.confidence:.2f}) <- not in the text")
        body = yaml.dump(
            [dict(candidate.record)],
            Dumper=_PlainDumper,
            allow_unicode=True,
            sort_keys=False,
            width=100,
        )
        lines.append(body.rstrip("\n"))
    return "\n".join(lines) + "\n"


class _PlainDumper(yaml.SafeDumper):
    """No anchors and aliases: a date shared by two fields is written twice, as a person would."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def as_json(candidates: Sequence[Candidate]) -> str:
    """The records with `_spans` (field, value, start, end, text, confidence) and `_flags`."""
    items = []
    for candidate in candidates:
        item = {key: _plain(value) for key, value in candidate.record.items()}
        item["_spans"] = [
            {
                "field": f.name,
                "value": _plain(f.value),
                "start": f.span.start if f.span else None,
                "end": f.span.end if f.span else None,
                "text": f.span.text if f.span else None,
                "confidence": f.confidence,
            }
            for f in candidate.fields
        ]
        item["_flags"] = list(candidate.flags)
        items.append(item)
    return json.dumps({"records": items}, ensure_ascii=False, indent=2) + "\n"


def _plain(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (use YYYY-MM-DD)") from None
