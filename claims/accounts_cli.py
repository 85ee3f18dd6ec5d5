"""`frontline accounts add NAME`: named accounts that may write from the dashboard."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from claims.accounts import ACCOUNTS_ENV, AccountsError, accounts_path, add_account


def register(verbs: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    accounts = verbs.add_parser(
        "accounts", help="named accounts that may add claims in the dashboard"
    )
    actions = accounts.add_subparsers(title="actions", metavar="ACTION")
    add = actions.add_parser("add", help="add an account (or set its password); prompts for it")
    add.add_argument("name")
    add.add_argument(
        "--file", type=Path, help=f"the accounts file (default: the {ACCOUNTS_ENV} setting)"
    )
    add.set_defaults(run=_add)


def _add(args: argparse.Namespace) -> int:
    path = args.file or accounts_path()
    if path is None:
        print(f"no accounts file: pass --file PATH or set {ACCOUNTS_ENV}", file=sys.stderr)
        return 2
    password = getpass.getpass(f"Password for {args.name}: ")
    if getpass.getpass("Again: ") != password:
        print("the two passwords differ; nothing changed", file=sys.stderr)
        return 1
    try:
        accounts = add_account(path, args.name, password)
    except AccountsError as error:
        print(f"{error}; nothing changed", file=sys.stderr)
        return 1
    print(f"{path}: account {args.name} saved ({len(accounts.hashes)} accounts)")
    return 0
