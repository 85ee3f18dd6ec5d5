"""claims.accounts and `frontline accounts add`: hashed passwords, refused wrong ones."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from claims import accounts
from claims.accounts import AccountsError, add_account, read_accounts, verify_password
from dashboard.command import main

PASSWORD = "correct horse battery"


def test_a_stored_password_is_a_salted_hash_and_verifies(tmp_path: Path) -> None:
    path = tmp_path / "accounts.json"
    add_account(path, "ana", PASSWORD)
    add_account(path, "bo", PASSWORD)
    text = path.read_text()
    assert PASSWORD not in text
    hashes = json.loads(text)["accounts"]
    assert hashes["ana"] != hashes["bo"], "each account has its own salt"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    loaded = read_accounts(path)
    assert loaded.verify("ana", PASSWORD)


def test_a_wrong_password_or_unknown_name_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "accounts.json"
    add_account(path, "ana", PASSWORD)
    loaded = read_accounts(path)
    assert not loaded.verify("ana", PASSWORD + "!")
    assert not loaded.verify("ana", "")
    assert not loaded.verify("nobody", PASSWORD)
    assert not verify_password(PASSWORD, "plain-text-not-a-hash")


def test_accounts_file_inside_the_project_is_refused() -> None:
    inside = accounts.PROJECT_ROOT / "accounts.json"
    with pytest.raises(AccountsError, match="outside"):
        add_account(inside, "ana", PASSWORD)
    assert not inside.exists()


def test_bad_names_and_short_passwords_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "accounts.json"
    with pytest.raises(AccountsError, match="account name"):
        add_account(path, "<script>", PASSWORD)
    with pytest.raises(AccountsError, match="at least"):
        add_account(path, "ana", "short")
    assert not path.exists()


def test_accounts_add_prompts_twice_and_saves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "accounts.json"
    monkeypatch.setenv("FRONTLINE_ACCOUNTS", str(path))
    answers = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["accounts", "add", "ana"]) == 0
    assert "account ana saved" in capsys.readouterr().out
    assert read_accounts(path).verify("ana", PASSWORD)


def test_accounts_add_refuses_two_different_passwords(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "accounts.json"
    answers = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["accounts", "add", "ana", "--file", str(path)]) == 1
    assert "differ" in capsys.readouterr().err
    assert not path.exists()
