"""Named accounts with hashed passwords, for writing from the dashboard on a closed network.

The accounts file is JSON, `{"accounts": {"name": "scrypt$n$r$p$salt$hash"}}`, kept outside the
repository (its path is given by FRONTLINE_ACCOUNTS) so no hash is ever committed. Passwords are
hashed with scrypt (hashlib, no extra dependency) and a random salt per account, and checked in
constant time; an unknown name costs the same scrypt work as a wrong password, so timing does not
tell which names exist.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from claims.atomic import write_atomically

ACCOUNTS_ENV = "FRONTLINE_ACCOUNTS"
PROJECT_ROOT = Path(__file__).resolve().parents[1]
# scrypt at n=2**14, r=8, p=1 needs 16 MB and ~50 ms: OWASP's floor for interactive logins.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES = 16
HASH_BYTES = 32
MIN_PASSWORD_CHARS = 10
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
SCHEME = "scrypt"
ACCOUNTS_FILE_MODE = 0o600


class AccountsError(ValueError):
    """An accounts file, name or password that cannot be used, saying why."""


@dataclass(frozen=True, slots=True)
class Accounts:
    """Account names and their password hashes, as read from one file."""

    path: Path
    hashes: dict[str, str]

    def verify(self, name: str, password: str) -> bool:
        """Whether `password` is the password of account `name` (constant time)."""
        stored = self.hashes.get(name)
        if stored is None:
            hash_password(password)  # the same work as a real check: no timing oracle
            return False
        return verify_password(password, stored)


def accounts_path() -> Path | None:
    """The accounts file named by FRONTLINE_ACCOUNTS, or None when writing is not set up."""
    setting = os.environ.get(ACCOUNTS_ENV, "").strip()
    return Path(setting).expanduser() if setting else None


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    encoded = (base64.b64encode(part).decode("ascii") for part in (salt, digest))
    return "$".join((SCHEME, str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), *encoded))


def verify_password(password: str, stored: str) -> bool:
    """Check `password` against a stored hash; a malformed hash never matches."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != SCHEME:
            return False
        expected = base64.b64decode(digest, validate=True)
        actual = _scrypt(password, base64.b64decode(salt, validate=True), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=2**26, dklen=HASH_BYTES
    )


def check_outside_project(path: Path) -> None:
    """Refuse an accounts file inside the project: it would be one `git add` from being shared."""
    resolved = path.expanduser().resolve()
    if resolved.is_relative_to(PROJECT_ROOT):
        raise AccountsError(
            f"{path} is inside the project ({PROJECT_ROOT}); keep the accounts file outside it, "
            "for instance ~/.config/frontline/accounts.json"
        )


def read_accounts(path: Path) -> Accounts:
    """The accounts of a file; an absent file holds none."""
    check_outside_project(path)
    if not path.exists():
        return Accounts(path, {})
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise AccountsError(f"{path}: cannot be read as an accounts file: {error}") from None
    hashes = data.get("accounts") if isinstance(data, dict) else None
    if not isinstance(hashes, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in hashes.items()
    ):
        raise AccountsError(f'{path}: must hold {{"accounts": {{"name": "hash", ...}}}}')
    return Accounts(path, dict(hashes))


def add_account(path: Path, name: str, password: str) -> Accounts:
    """Add account `name` (or set its password); the file is written atomically, rw-------."""
    if not NAME_PATTERN.match(name):
        raise AccountsError(
            f"{name!r}: an account name is 1-64 letters, digits, '.', '_', '@' or '-'"
        )
    if len(password) < MIN_PASSWORD_CHARS:
        raise AccountsError(f"a password has at least {MIN_PASSWORD_CHARS} characters")
    accounts = read_accounts(path)
    hashes = {**accounts.hashes, name: hash_password(password)}
    text = json.dumps({"accounts": hashes}, indent=2, sort_keys=True) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.touch(mode=ACCOUNTS_FILE_MODE)  # so the atomic write keeps rw------- from the start
    write_atomically(path, text.encode("utf-8"))
    return Accounts(path, hashes)
