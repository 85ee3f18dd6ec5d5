"""Option values the command line's verbs share, parsed the same way everywhere."""

from __future__ import annotations

import argparse


def fresh_days(text: str) -> int | None:
    """The fresh window from the command line: a number of days, or 'all' for no ageing."""
    if text.strip().lower() == "all":
        return None
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days or 'all'") from None
    if days < 1:
        raise argparse.ArgumentTypeError(f"{days} days: the fresh window is at least 1 day")
    return days


def claimant_option(verb: argparse.ArgumentParser) -> None:
    """`--claimant NAME`, repeatable: show only these claimants (or the composite, or a side)."""
    verb.add_argument(
        "--claimant",
        action="append",
        metavar="NAME",
        help="only this claimant (repeat for more); also the composite or a side's combined view",
    )
