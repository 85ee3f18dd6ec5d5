"""Who may write from the dashboard. Read-only unless writing is configured, one of two ways:

- OIDC: an `[auth]` section in `.streamlit/secrets.toml` (Streamlit's `st.login`, `st.user`; needs
  the `oidc` extra, Authlib). The account is the identity provider's e-mail (or name, or subject).
- Named accounts on a closed network: FRONTLINE_ACCOUNTS names an accounts file outside the
  repository, made with `frontline accounts add NAME` (scrypt hashes, see claims/accounts.py).

A session that is not signed in through one of them never gets a control that writes.
"""

from __future__ import annotations

import time
from enum import StrEnum

import streamlit as st

from claims.accounts import ACCOUNTS_ENV, AccountsError, read_accounts
from dashboard.settings import read_settings

SIGNED_IN = "frontline_account"
WRONG_PASSWORD_PAUSE_S = 1.0
ENABLE_WRITING = f"""**This dashboard is read-only.** To let analysts add claims, configure one of:

- **Named accounts** (closed network): create an accounts file outside the repository and start
  the dashboard with it:

  ```sh
  .venv/bin/frontline accounts add ANALYST --file ~/.config/frontline/accounts.json
  {ACCOUNTS_ENV}=~/.config/frontline/accounts.json make run
  ```
- **OIDC login** (an identity provider exists): install the `oidc` extra
  (`.venv/bin/pip install -e '.[oidc]'`) and add an `[auth]` section (`redirect_uri`,
  `cookie_secret`, `client_id`, `client_secret`, `server_metadata_url`) to
  `.streamlit/secrets.toml`.

See *Adding claims in the dashboard* in the README."""


class WriteAccess(StrEnum):
    OIDC = "oidc"
    ACCOUNTS = "accounts"
    NONE = "none"


def write_access() -> WriteAccess:
    """How this server lets people write: OIDC first, then named accounts, else not at all."""
    if _oidc_configured():
        return WriteAccess.OIDC
    if read_settings().accounts_path is not None:
        return WriteAccess.ACCOUNTS
    return WriteAccess.NONE


def signed_in_account() -> str | None:
    """Show the sign-in area; the account this session writes as, or None (read-only)."""
    access = write_access()
    if access is WriteAccess.OIDC:
        return _oidc_account()
    if access is WriteAccess.ACCOUNTS:
        return _password_account()
    st.info(ENABLE_WRITING)
    return None


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return False


def _oidc_account() -> str | None:
    if not st.user.get("is_logged_in", False):  # absent, not False, where no login ran yet
        st.info("Sign in to accept claims; until then this page is read-only.")
        st.button("Sign in", key="oidc-login", on_click=st.login)
        return None
    account = next((str(st.user[k]) for k in ("email", "name", "sub") if st.user.get(k)), "unknown")
    _signed_in_as(account, on_sign_out=st.logout)
    return account


def _password_account() -> str | None:
    account = st.session_state.get(SIGNED_IN)
    if isinstance(account, str):
        _signed_in_as(account, on_sign_out=_sign_out)
        return account
    path = read_settings().accounts_path
    assert path is not None
    with st.form("sign-in"):
        st.markdown("**Sign in to accept claims** (until then this page is read-only)")
        name = st.text_input("Account", key="sign-in-name")
        password = st.text_input("Password", type="password", key="sign-in-password")
        submitted = st.form_submit_button("Sign in")
    if submitted:
        try:
            accounts = read_accounts(path)
        except AccountsError as error:
            st.error(f"Writing is configured but the accounts file cannot be used: {error}")
            return None
        if accounts.verify(name.strip(), password):
            st.session_state[SIGNED_IN] = name.strip()
            st.rerun()
        time.sleep(WRONG_PASSWORD_PAUSE_S)  # slows guessing; only this session waits
        st.error("Wrong account name or password: not signed in.")
    return None


def _sign_out() -> None:
    st.session_state.pop(SIGNED_IN, None)


def _signed_in_as(account: str, *, on_sign_out: object) -> None:
    left, right = st.columns([4, 1])
    left.success(f"Signed in as `{account}`: accepted claims carry this account.")
    right.button("Sign out", key="sign-out", on_click=on_sign_out)  # type: ignore[arg-type]
