"""The `frontline` command: validate ledgers and read asserted control from the command line."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from claims import accounts_cli, export, extract_cli, store_cli
from claims.bundle import kursk_context
from claims.claimant_names import UnknownClaimantError, choose_claimants
from claims.cli_options import claimant_option, fresh_days
from claims.control import DEFAULT_FRESH_DAYS, asserted_control
from claims.dataset import load_dataset
from claims.diff import picture_change
from claims.errors import LedgerError
from claims.export_layers import picture_layers
from claims.ledger_file import BUNDLED_LEDGER, read_ledger
from claims.report import change_json, changes_text, has_change, picture_json, picture_text
from claims.store import store_path

Register = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]


def main(argv: Sequence[str] | None = None, *, more_verbs: Sequence[Register] = ()) -> int:
    """The claims verbs, plus any a higher layer adds (the `frontline` script adds `snapshot`:
    see dashboard/command.py, where the command is composed)."""
    parser = _parser(more_verbs)
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 0
    try:
        return int(args.run(args))
    except LedgerError as error:
        print(error, file=sys.stderr)
        return 1
    except UnknownClaimantError as error:
        print(f"frontline: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader left (`frontline state | head`): say nothing more. Python would otherwise
        # print a traceback, and again at exit when it flushes stdout, so stdout goes to devnull.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _parser(more_verbs: Sequence[Register]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="frontline",
        description="Claims, not truth: read, check and map dated front-line claims.",
    )
    verbs = parser.add_subparsers(title="commands", metavar="COMMAND")
    validate = verbs.add_parser(
        "validate", help="check a ledger file; exit 1 listing problems, warn of guessed names"
    )
    validate.add_argument("file", type=Path)
    validate.add_argument(
        "--strict", action="store_true", help="treat warnings (guessed settlement names) as errors"
    )
    validate.set_defaults(run=_validate)
    state = verbs.add_parser("state", help="asserted control on a date, per claimant")
    state.add_argument("--date", type=_day, required=True)
    state.add_argument("--as-known-on", type=_day, help="count only claims published by then")
    state.add_argument("--format", choices=("text", "json", "geojson"), default="text")
    state.add_argument("--ledger", type=Path, default=BUNDLED_LEDGER)
    state.add_argument("--store", type=Path, help="add the imported assessors of this store")
    claimant_option(state)
    _fresh_option(state)
    state.set_defaults(run=_state)
    diff = verbs.add_parser("diff", help="gains and losses between two dates")
    diff.add_argument("--from", dest="start", type=_day, required=True)
    diff.add_argument("--to", dest="end", type=_day, required=True)
    diff.add_argument("--format", choices=("text", "json"), default="text")
    diff.add_argument("--ledger", type=Path, default=BUNDLED_LEDGER)
    diff.add_argument("--store", type=Path, help="add the imported assessors of this store")
    claimant_option(diff)
    _fresh_option(diff)
    diff.set_defaults(run=_diff)
    store_cli.register(verbs)
    extract_cli.register(verbs)
    accounts_cli.register(verbs)
    for register in more_verbs:
        register(verbs)
    return parser


def _validate(args: argparse.Namespace) -> int:
    ledger = read_ledger(args.file, kursk_context())
    claimants = len(ledger.claimants)
    warnings = ledger.warnings
    print(f"{args.file}: {len(ledger)} records from {claimants} claimants, no problems")
    if not warnings:
        return 0
    count = f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}"
    verdict = ", treated as errors (--strict): ledger rejected" if args.strict else ""
    lines = "\n".join(f"  - {w}" for w in warnings)
    print(f"{args.file}: {count}{verdict}\n{lines}", file=sys.stderr)
    return 1 if args.strict else 0


def _state(args: argparse.Namespace) -> int:
    dataset = load_dataset(args.ledger, store_path(args.store))
    ledger, theatre = dataset.ledger, dataset.theatre
    named = choose_claimants(args.claimant or (), ledger)
    picture = asserted_control(
        ledger, theatre, args.date, as_known_on=args.as_known_on, fresh_days=args.fresh_days
    )
    if args.format == "text":
        print(picture_text(picture, theatre, named))
    elif args.format == "json":
        print(json.dumps(picture_json(picture, theatre, named), ensure_ascii=False, indent=2))
    else:
        layers = picture_layers(picture, theatre, claimants=named)
        print(export.export_bytes(layers, "geojson").decode("utf-8"))
    return 0


def _diff(args: argparse.Namespace) -> int:
    dataset = load_dataset(args.ledger, store_path(args.store))
    ledger, theatre = dataset.ledger, dataset.theatre
    named = choose_claimants(args.claimant or (), ledger)
    before = asserted_control(ledger, theatre, args.start, fresh_days=args.fresh_days)
    after = asserted_control(ledger, theatre, args.end, fresh_days=args.fresh_days)
    changes = picture_change(before, after, theatre, named)
    if args.format == "json":
        shown = changes if named else [c for c in changes if has_change(c)]
        print(json.dumps([change_json(c) for c in shown], ensure_ascii=False, indent=2))
    else:
        print(changes_text(changes, keep_unchanged=bool(named)))
    return 0


def _fresh_option(verb: argparse.ArgumentParser) -> None:
    verb.add_argument(
        "--fresh-days",
        type=fresh_days,
        default=DEFAULT_FRESH_DAYS,
        metavar="N|all",
        help=f"a word older than N days is stale (default {DEFAULT_FRESH_DAYS}); 'all': none is",
    )


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (use YYYY-MM-DD)") from None


if __name__ == "__main__":
    sys.exit(main())
