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
