"""Who may use the dashboard: per-person accounts, roles, password hashes and where it may listen.

Two roles exist. ``quality`` (품질관리팀) sees everything the dashboard has, agent ids included,
and acknowledges or resolves incidents; ``executive`` (경영진) sees agents by team or by a stable
pseudonym only. Each person has an account of their own in the users file
(``VOCRADAR_DASHBOARD_USERS_FILE``, TOML)::

    [users.kim]
    role = "quality"
    name = "김품질"                       # optional, shown in the sidebar
    password = "pbkdf2_sha256$390000$..."  # PBKDF2-HMAC-SHA256, made by add-user

    [users."lee@example.com"]             # single sign-on (VOCRADAR_DASHBOARD_OIDC): no password
    role = "executive"

made and changed with ``python -m vocradar.dashboards.auth add-user NAME --role quality``
(``remove-user``, ``list-users``). With ``VOCRADAR_DASHBOARD_OIDC=true`` people log in through
Streamlit's OpenID Connect support (``[auth]`` in ``.streamlit/secrets.toml``) and the file maps
each e-mail to its role. The file is read again when it changes: a removed account is logged out
on its next click.

With neither configured the dashboard is *open* (no login, the embedded demo): then it may only
listen on the loopback address, which :func:`check_serving_address` enforces for every launcher.
The former shared role passwords (``VOCRADAR_DASHBOARD_QUALITY_PASSWORD``,
``_EXECUTIVE_PASSWORD``) are refused with a message saying what to set instead.

Repeated wrong passwords are slowed down (:class:`LoginThrottle`): after a few failures from one
client for one account, each further attempt waits longer, up to a quarter of an hour.
"""

from __future__ import annotations

import argparse
import base64
import functools
import getpass
import hashlib
import hmac
import ipaddress
import json
import os
import re
import secrets
import sys
import threading
import time
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Final, Literal

from vocradar.settings import Settings, load_settings

__all__ = [
    "OPEN_ACTOR",
    "ROLES",
    "ROLE_LABELS",
    "AccessMode",
    "Account",
    "AccountsError",
    "DashboardAccessError",
    "LoginThrottle",
    "Role",
    "Viewer",
    "access_mode",
    "check_login",
    "check_serving_address",
    "hash_password",
    "is_loopback",
    "load_accounts",
    "remove_account",
    "save_account",
    "verify_password",
]

Role = Literal["quality", "executive"]
ROLES: Final[tuple[Role, ...]] = ("quality", "executive")
ROLE_LABELS: Final[dict[str, str]] = {"quality": "품질관리팀", "executive": "경영진"}
AccessMode = Literal["open", "accounts", "oidc"]
AuthKind = Literal["open", "password", "oidc"]

# How the open (no login) dashboard is recorded as the actor of an action or a view.
OPEN_ACTOR: Final = "local (no login)"

_SCHEME: Final = "pbkdf2_sha256"
DEFAULT_ITERATIONS: Final = 390_000
_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,79}$")
# Checked against when the username is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH: Final = (
    f"{_SCHEME}${DEFAULT_ITERATIONS}$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
)

LEGACY_PASSWORDS_MESSAGE: Final = (
    "Shared role passwords (VOCRADAR_DASHBOARD_QUALITY_PASSWORD, VOCRADAR_DASHBOARD_EXECUTIVE_PASSWORD) "
    "are no longer accepted: every person needs an account of their own. Unset them, create the "
    "accounts with `python -m vocradar.dashboards.auth add-user NAME --role quality|executive "
    "--file users.toml` and set VOCRADAR_DASHBOARD_USERS_FILE=users.toml "
    "(or use single sign-on: VOCRADAR_DASHBOARD_OIDC=true)."
)


class DashboardAccessError(ValueError):
    """The dashboard's access settings do not allow serving it (the message says what to set)."""


class AccountsError(DashboardAccessError):
    """The users file is missing or malformed."""


@dataclass(frozen=True)
class Account:
    """One person's dashboard account."""

    username: str
    role: Role
    name: str = ""
    password_hash: str = ""


@dataclass(frozen=True)
class Viewer:
    """The person using a session: their role and, once logged in, their account."""

    role: Role
    username: str = ""
    name: str = ""
    auth: AuthKind = "open"

    @property
    def authenticated(self) -> bool:
        """True when the viewer logged in (password or single sign-on), not the open mode."""
        return self.auth != "open"

    @property
    def sees_agent_ids(self) -> bool:
        """Only the quality team may see which agent handled a contact."""
        return self.role == "quality"

    @property
    def actor(self) -> str:
        """How this viewer is recorded in the incident action log and the audit log."""
        return self.username if self.authenticated and self.username else OPEN_ACTOR


# --- passwords ----------------------------------------------------------------------------------
def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, *, iterations: int = DEFAULT_ITERATIONS, salt: bytes | None = None) -> str:
    """A PBKDF2-SHA256 hash of ``password`` as the users file keeps it."""
    if not password:
        raise ValueError("the password must not be empty")
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return f"{_SCHEME}${iterations}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, encoded: str) -> bool:
    """True when ``password`` matches ``encoded``; a malformed hash matches nothing."""
    try:
        scheme, iterations, salt, digest = encoded.strip().split("$")
        if scheme != _SCHEME:
            return False
        expected = base64.b64decode(digest, validate=True)
        actual = hashlib.pbkdf2_hmac(
            "sha256", password.encode("utf-8"), base64.b64decode(salt, validate=True), int(iterations)
        )
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


# --- the users file -----------------------------------------------------------------------------
def _check_username(username: str) -> str:
    name = username.strip()
    if not _USERNAME.match(name):
        raise AccountsError(
            f"invalid username {name!r}: use letters, digits and . _ @ + - (an e-mail for single sign-on)"
        )
    return name


def _parse_accounts(text: str, where: str) -> dict[str, Account]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise AccountsError(f"{where} is not valid TOML: {exc}") from None
    users = data.get("users", {})
    if not isinstance(users, dict):
        raise AccountsError(f"{where}: [users] must be a table of accounts")
    out: dict[str, Account] = {}
    for username, entry in users.items():
        if not isinstance(entry, dict):
            raise AccountsError(f"{where}: users.{username} must be a table")
        name = _check_username(str(username))
        role = entry.get("role")
        if role not in ROLES:
            raise AccountsError(f"{where}: users.{name}.role must be one of {', '.join(ROLES)}")
        password = entry.get("password", "")
        if not isinstance(password, str) or (password and not password.startswith(f"{_SCHEME}$")):
            raise AccountsError(f"{where}: users.{name}.password must be a hash made by add-user")
        out[name.lower()] = Account(name, role, str(entry.get("name", ""))[:40], password)
    return out


@functools.lru_cache(maxsize=8)
def _read_accounts(path: str, mtime_ns: int, size: int) -> Mapping[str, Account]:
    text = Path(path).read_text(encoding="utf-8")
    return MappingProxyType(_parse_accounts(text, path))


def load_accounts(path: Path) -> Mapping[str, Account]:
    """The accounts of the users file, by lower-cased username (re-read when the file changes)."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise AccountsError(
            f"the dashboard users file {path} cannot be read ({exc.strerror}); create it with "
            "`python -m vocradar.dashboards.auth add-user NAME --role quality --file "
            f"{path}`"
        ) from None
    return _read_accounts(str(path), stat.st_mtime_ns, stat.st_size)


def _toml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def _write_accounts(path: Path, accounts: Mapping[str, Account]) -> None:
    lines = [
        "# VOC Radar dashboard accounts (VOCRADAR_DASHBOARD_USERS_FILE).",
        "# Change with: python -m vocradar.dashboards.auth add-user|remove-user|list-users",
        "",
    ]
    for acc in sorted(accounts.values(), key=lambda a: a.username.lower()):
        lines.append(f"[users.{_toml_str(acc.username)}]")
        lines.append(f"role = {_toml_str(acc.role)}")
        if acc.name:
            lines.append(f"name = {_toml_str(acc.name)}")
        if acc.password_hash:
            lines.append(f"password = {_toml_str(acc.password_hash)}")
        lines.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    os.replace(tmp, path)


def _existing(path: Path) -> dict[str, Account]:
    return dict(load_accounts(path)) if path.exists() else {}


def save_account(path: Path, username: str, role: str, password_hash: str = "", name: str = "") -> Account:
    """Add or replace one account in the users file (created, readable by its owner only)."""
    if role not in ROLES:
        raise AccountsError(f"role must be one of {', '.join(ROLES)}")
    account = Account(_check_username(username), role, name.strip()[:40], password_hash)
    accounts = _existing(path)
    accounts[account.username.lower()] = account
    _write_accounts(path, accounts)
    return account


def remove_account(path: Path, username: str) -> bool:
    """Remove one account; False when there was none of that name."""
    accounts = _existing(path)
    if accounts.pop(username.strip().lower(), None) is None:
        return False
    _write_accounts(path, accounts)
    return True


def check_login(accounts: Mapping[str, Account], username: str, password: str) -> Viewer | None:
    """The viewer for a correct ``username``/``password`` pair, else None."""
    account = accounts.get(username.strip().lower())
    encoded = account.password_hash if account is not None and account.password_hash else _DUMMY_HASH
    ok = verify_password(password, encoded)
    if account is None or not account.password_hash or not ok:
        return None
    return Viewer(role=account.role, username=account.username, name=account.name, auth="password")


# --- where the dashboard may listen -------------------------------------------------------------
def access_mode(settings: Settings) -> AccessMode:
    """How people get in: ``open`` (no accounts), ``accounts`` (users file) or ``oidc``.

    Raises :class:`DashboardAccessError` for settings that must be changed first.
    """
    for legacy in (settings.dashboard_quality_password, settings.dashboard_executive_password):
        if legacy is not None and legacy.get_secret_value().strip():
            raise DashboardAccessError(LEGACY_PASSWORDS_MESSAGE)
    if settings.dashboard_oidc:
        if settings.dashboard_users_file is None:
            raise DashboardAccessError(
                "VOCRADAR_DASHBOARD_OIDC needs VOCRADAR_DASHBOARD_USERS_FILE to map each e-mail to its "
                "role (`python -m vocradar.dashboards.auth add-user EMAIL --role quality --no-password`)."
            )
        return "oidc"
    return "accounts" if settings.dashboard_users_file is not None else "open"


def is_loopback(address: str | None) -> bool:
    """True for an address only this machine reaches (127.0.0.0/8, ::1, localhost)."""
    value = (address or "").strip().strip("[]")
    if value.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(value).is_loopback
    except ValueError:
        return False


def check_serving_address(settings: Settings, address: str | None) -> AccessMode:
    """Refuse (:class:`DashboardAccessError`) to serve the dashboard where it must not listen.

    The open mode may only listen on the loopback address; with accounts the users file must
    hold at least one. ``address`` empty means every interface (Streamlit's default).
    """
    mode = access_mode(settings)
    if mode == "open":
        if not is_loopback(address):
            raise DashboardAccessError(
                f"The dashboard has no accounts configured (open mode, no login) and may only listen "
                f"on the loopback address, not {address or 'every interface'!r}. Serve it on 127.0.0.1, "
                "or create accounts with `python -m vocradar.dashboards.auth add-user NAME --role "
                "quality --file users.toml` and set VOCRADAR_DASHBOARD_USERS_FILE=users.toml "
                "(or VOCRADAR_DASHBOARD_OIDC=true for single sign-on)."
            )
        return mode
    assert settings.dashboard_users_file is not None
    if not load_accounts(settings.dashboard_users_file):
        raise AccountsError(
            f"the dashboard users file {settings.dashboard_users_file} holds no account; add one with "
            "`python -m vocradar.dashboards.auth add-user NAME --role quality`"
        )
    return mode


# --- failed logins ------------------------------------------------------------------------------
class LoginThrottle:
    """Failed logins per client and account; how long the next attempt must wait.

    The first ``free_attempts`` failures within ``window_s`` cost nothing; each further one makes
    the next attempt wait ``base_wait_s``, doubling up to ``max_wait_s``. A failure older than
    ``window_s`` is forgotten, and a successful login clears the client's record for the account.
    One instance serves every session of the dashboard process (thread-safe).
    """

    def __init__(
        self,
        free_attempts: int = 5,
        window_s: float = 900.0,
        base_wait_s: float = 30.0,
        max_wait_s: float = 900.0,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = 10_000,
    ) -> None:
        self.free_attempts = free_attempts
        self.window_s = window_s
        self.base_wait_s = base_wait_s
        self.max_wait_s = max_wait_s
        self.clock = clock
        self.max_clients = max_clients
        self._failures: dict[tuple[str, str], list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> list[float]:
        kept = [t for t in self._failures.get(key, ()) if now - t < self.window_s]
        if kept:
            self._failures[key] = kept
        else:
            self._failures.pop(key, None)
        return kept

    def wait_s(self, client: str, account: str) -> float:
        """Seconds before ``client`` may try ``account`` again (0: now)."""
        now = self.clock()
        with self._lock:
            failures = self._recent((client, account), now)
        extra = len(failures) - self.free_attempts
        if extra < 0:
            return 0.0
        wait = min(self.base_wait_s * 2**extra, self.max_wait_s)
        return max(0.0, failures[-1] + wait - now)

    def failed(self, client: str, account: str) -> None:
        """Record a wrong password."""
        now = self.clock()
        with self._lock:
            if len(self._failures) >= self.max_clients:  # a flood of clients: forget the oldest
                oldest = min(self._failures, key=lambda k: self._failures[k][-1])
                del self._failures[oldest]
            self._failures.setdefault((client, account), []).append(now)
            self._recent((client, account), now)

    def succeeded(self, client: str, account: str) -> None:
        """Forget the failures of ``client`` for ``account``."""
        with self._lock:
            self._failures.pop((client, account), None)


# --- command line -------------------------------------------------------------------------------
def _ask_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("비밀번호: ")
    if first != getpass.getpass("한 번 더: "):
        raise SystemExit("두 비밀번호가 다릅니다.")
    return first


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m vocradar.dashboards.auth add-user|remove-user|list-users``: manage accounts."""
    parser = argparse.ArgumentParser(
        prog="python -m vocradar.dashboards.auth", description="VOC Radar dashboard accounts."
    )
    file_help = "users file (default: VOCRADAR_DASHBOARD_USERS_FILE)"
    parser.add_argument("--file", type=Path, default=None, help=file_help)
    common = argparse.ArgumentParser(add_help=False)  # --file after the command works too
    common.add_argument("--file", type=Path, default=argparse.SUPPRESS, help=file_help)
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add-user", parents=[common], help="add a person, or change their role or password")
    add.add_argument("username")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--name", default="", help="display name (optional)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    add.add_argument(
        "--no-password", action="store_true", help="single sign-on account (VOCRADAR_DASHBOARD_OIDC)"
    )
    remove = sub.add_parser("remove-user", parents=[common], help="remove a person's account")
    remove.add_argument("username")
    sub.add_parser("list-users", parents=[common], help="list the accounts and their roles")
    args = parser.parse_args(argv)

    path = args.file or load_settings().dashboard_users_file
    if path is None:
        parser.error("give --file or set VOCRADAR_DASHBOARD_USERS_FILE")
    try:
        if args.command == "add-user":
            password_hash = "" if args.no_password else hash_password(_ask_password(args.password_stdin))
            account = save_account(path, args.username, args.role, password_hash, args.name)
            print(f"{account.username}: {ROLE_LABELS[account.role]} ({path})")
        elif args.command == "remove-user":
            if not remove_account(path, args.username):
                print(f"no account {args.username!r} in {path}", file=sys.stderr)
                return 1
        else:
            for acc in sorted(load_accounts(path).values(), key=lambda a: a.username.lower()):
                how = "password" if acc.password_hash else "single sign-on"
                print(f"{acc.username}\t{acc.role}\t{how}\t{acc.name}")
    except (AccountsError, ValueError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
