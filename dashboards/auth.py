"""Who is looking at the dashboard: roles, password hashes and the login form.

Two roles exist. ``quality`` (품질관리팀) sees everything the dashboard has, agent ids included;
``executive`` (경영진) sees agents by team or by a stable pseudonym only. A role can log in when
its password hash is set (``VOCRADAR_DASHBOARD_QUALITY_PASSWORD``,
``VOCRADAR_DASHBOARD_EXECUTIVE_PASSWORD``); when neither is set the dashboard is open (the
embedded demo opens directly) and every page says so.

Repeated wrong passwords are slowed down (:class:`LoginThrottle`): after a few failures from one
client for one role, each further attempt waits longer, up to a quarter of an hour; other
clients and a correct login are not affected.

Hashes are PBKDF2-HMAC-SHA256 (``hashlib``), written as
``pbkdf2_sha256$<iterations>$<salt b64>$<hash b64>``. Make one with::

    python -m vocradar.dashboards.auth
"""

from __future__ import annotations

import base64
import getpass
import hashlib
import hmac
import secrets
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, Literal

from vocradar.settings import Settings

__all__ = [
    "ROLES",
    "ROLE_LABELS",
    "LoginThrottle",
    "Role",
    "Viewer",
    "auth_configured",
    "check_login",
    "hash_password",
    "role_hashes",
    "verify_password",
]

Role = Literal["quality", "executive"]
ROLES: Final[tuple[Role, ...]] = ("quality", "executive")
ROLE_LABELS: Final[dict[str, str]] = {"quality": "품질관리팀", "executive": "경영진"}

_SCHEME: Final = "pbkdf2_sha256"
DEFAULT_ITERATIONS: Final = 390_000


@dataclass(frozen=True)
class Viewer:
    """The person using a session: their role, the name they gave, and whether they logged in."""

    role: Role
    name: str = ""
    authenticated: bool = False

    @property
    def sees_agent_ids(self) -> bool:
        """Only the quality team may see which agent handled a contact."""
        return self.role == "quality"

    @property
    def actor(self) -> str:
        """How this viewer is recorded in the incident action log."""
        return self.name or ROLE_LABELS[self.role]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, *, iterations: int = DEFAULT_ITERATIONS, salt: bytes | None = None) -> str:
    """A PBKDF2-SHA256 hash of ``password`` in the form the settings expect."""
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


def role_hashes(settings: Settings) -> dict[Role, str]:
    """The configured password hash of each role that has one."""
    out: dict[Role, str] = {}
    for role, secret in (
        ("quality", settings.dashboard_quality_password),
        ("executive", settings.dashboard_executive_password),
    ):
        value = secret.get_secret_value().strip() if secret is not None else ""
        if value:
            out[role] = value  # type: ignore[index]
    return out


def auth_configured(settings: Settings) -> bool:
    """True when at least one role has a password: then every page needs a login."""
    return bool(role_hashes(settings))


def check_login(settings: Settings, role: str, password: str, name: str = "") -> Viewer | None:
    """The viewer for a correct ``role``/``password`` pair, else None."""
    for known in ROLES:
        if known == role:
            encoded = role_hashes(settings).get(known)
            if encoded is not None and verify_password(password, encoded):
                return Viewer(role=known, name=name.strip()[:40], authenticated=True)
    return None


class LoginThrottle:
    """Failed logins per client and role; how long the next attempt must wait.

    The first ``free_attempts`` failures within ``window_s`` cost nothing; each further one makes
    the next attempt wait ``base_wait_s``, doubling up to ``max_wait_s``. A failure older than
    ``window_s`` is forgotten, and a successful login clears the client's record for the role.
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

    def wait_s(self, client: str, role: str) -> float:
        """Seconds before ``client`` may try ``role`` again (0: now)."""
        now = self.clock()
        with self._lock:
            failures = self._recent((client, role), now)
        extra = len(failures) - self.free_attempts
        if extra < 0:
            return 0.0
        wait = min(self.base_wait_s * 2**extra, self.max_wait_s)
        return max(0.0, failures[-1] + wait - now)

    def failed(self, client: str, role: str) -> None:
        """Record a wrong password."""
        now = self.clock()
        with self._lock:
            if len(self._failures) >= self.max_clients:  # a flood of clients: forget the oldest
                oldest = min(self._failures, key=lambda k: self._failures[k][-1])
                del self._failures[oldest]
            self._failures.setdefault((client, role), []).append(now)
            self._recent((client, role), now)

    def succeeded(self, client: str, role: str) -> None:
        """Forget the failures of ``client`` for ``role``."""
        with self._lock:
            self._failures.pop((client, role), None)


def main() -> None:
    """Ask for a password twice and print its hash for ``VOCRADAR_DASHBOARD_*_PASSWORD``."""
    first = getpass.getpass("대시보드 비밀번호: ")
    if first != getpass.getpass("한 번 더: "):
        print("두 비밀번호가 다릅니다.", file=sys.stderr)
        raise SystemExit(1)
    print(hash_password(first))


if __name__ == "__main__":
    main()
