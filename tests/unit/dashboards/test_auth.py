"""Dashboard roles: password hashes, login checks, and what each role may see."""

from __future__ import annotations

import pytest

from vocradar.dashboards.auth import Viewer, auth_configured, check_login, hash_password, verify_password
from vocradar.settings import load_settings


def test_hash_round_trip_and_salting() -> None:
    one = hash_password("비밀번호-1", iterations=1_000)
    two = hash_password("비밀번호-1", iterations=1_000)
    assert one != two  # a fresh salt each time
    assert verify_password("비밀번호-1", one) and verify_password("비밀번호-1", two)
    assert not verify_password("비밀번호-2", one)
    assert not verify_password("", one)


@pytest.mark.parametrize(
    "encoded", ["", "plain-text", "md5$1$x$y", "pbkdf2_sha256$abc$x$y", "pbkdf2_sha256$10$!!$??"]
)
def test_malformed_hash_matches_nothing(encoded: str) -> None:
    assert not verify_password("anything", encoded)


def test_empty_password_cannot_be_hashed() -> None:
    with pytest.raises(ValueError):
        hash_password("")


def test_login_per_role() -> None:
    open_settings = load_settings(dashboard_quality_password=None, dashboard_executive_password=None)
    assert not auth_configured(open_settings)
    assert check_login(open_settings, "quality", "") is None  # no hash, no login

    settings = load_settings(
        dashboard_quality_password=hash_password("q-secret", iterations=1_000),
        dashboard_executive_password=None,
    )
    assert auth_configured(settings)
    viewer = check_login(settings, "quality", "q-secret", name="  김품질  ")
    assert viewer == Viewer(role="quality", name="김품질", authenticated=True)
    assert viewer.sees_agent_ids and viewer.actor == "김품질"
    assert check_login(settings, "executive", "q-secret") is None  # that role has no password
    assert check_login(settings, "admin", "q-secret") is None
    assert check_login(settings, "quality", "wrong") is None


def test_roles_and_agent_ids() -> None:
    assert Viewer(role="quality").sees_agent_ids
    assert not Viewer(role="executive").sees_agent_ids
    assert Viewer(role="executive").actor == "경영진"


def test_login_throttle_slows_repeated_failures_of_one_client_only() -> None:
    from vocradar.dashboards.auth import LoginThrottle

    now = [1000.0]
    throttle = LoginThrottle(
        free_attempts=3, window_s=600, base_wait_s=10, max_wait_s=60, clock=lambda: now[0]
    )
    for _ in range(3):  # the free attempts
        assert throttle.wait_s("10.0.0.9", "quality") == 0
        throttle.failed("10.0.0.9", "quality")
    assert throttle.wait_s("10.0.0.9", "quality") == 10  # one over: wait
    assert throttle.wait_s("10.0.0.7", "quality") == 0  # another client is not affected
    assert throttle.wait_s("10.0.0.9", "executive") == 0  # nor another role
    now[0] += 10
    assert throttle.wait_s("10.0.0.9", "quality") == 0
    throttle.failed("10.0.0.9", "quality")
    assert throttle.wait_s("10.0.0.9", "quality") == 20  # doubling
    for _ in range(5):
        throttle.failed("10.0.0.9", "quality")
    assert throttle.wait_s("10.0.0.9", "quality") == 60  # capped
    now[0] += 601  # failures older than the window are forgotten
    assert throttle.wait_s("10.0.0.9", "quality") == 0
    for _ in range(4):
        throttle.failed("10.0.0.9", "quality")
    assert throttle.wait_s("10.0.0.9", "quality") > 0
    throttle.succeeded("10.0.0.9", "quality")  # a correct login clears the record
    assert throttle.wait_s("10.0.0.9", "quality") == 0


def test_login_throttle_memory_is_bounded() -> None:
    from vocradar.dashboards.auth import LoginThrottle

    throttle = LoginThrottle(max_clients=50)
    for i in range(500):
        throttle.failed(f"10.0.{i // 256}.{i % 256}", "quality")
    assert len(throttle._failures) <= 50
