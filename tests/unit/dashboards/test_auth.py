"""Dashboard access: password hashes, per-person accounts, where the open mode may listen."""

from __future__ import annotations

import io
import stat
from pathlib import Path

import pytest

from vocradar.dashboards.auth import (
    OPEN_ACTOR,
    Account,
    AccountsError,
    DashboardAccessError,
    Viewer,
    access_mode,
    check_login,
    check_serving_address,
    hash_password,
    is_loopback,
    load_accounts,
    remove_account,
    save_account,
    verify_password,
)
from vocradar.dashboards.auth import main as auth_main
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


def _users(tmp_path: Path) -> Path:
    path = tmp_path / "users.toml"
    save_account(path, "kim", "quality", hash_password("q-secret", iterations=1_000), name="김품질")
    save_account(path, "park", "executive", hash_password("e-secret", iterations=1_000))
    save_account(path, "lee@example.com", "executive")  # single sign-on only
    return path


def test_users_file_round_trip_and_owner_only(tmp_path: Path) -> None:
    path = _users(tmp_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    accounts = load_accounts(path)
    assert set(accounts) == {"kim", "park", "lee@example.com"}
    assert accounts["kim"] == Account("kim", "quality", "김품질", accounts["kim"].password_hash)
    assert accounts["lee@example.com"].password_hash == ""
    save_account(path, "KIM", "executive", accounts["kim"].password_hash)  # a role change
    assert load_accounts(path)["kim"].role == "executive"  # the file is read again when it changes
    assert remove_account(path, "park") and not remove_account(path, "park")
    assert set(load_accounts(path)) == {"kim", "lee@example.com"}


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[users.kim\nrole = 1", "not valid TOML"),
        ('[users.kim]\nrole = "admin"', "role must be one of"),
        ('[users.kim]\nrole = "quality"\npassword = "plain-text"', "hash made by add-user"),
        ('[users."kim smith"]\nrole = "quality"', "invalid username"),
    ],
)
def test_malformed_users_file_is_refused(tmp_path: Path, text: str, says: str) -> None:
    path = tmp_path / "users.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AccountsError, match=says):
        load_accounts(path)
    with pytest.raises(AccountsError, match="cannot be read"):
        load_accounts(tmp_path / "missing.toml")


def test_login_per_person(tmp_path: Path) -> None:
    accounts = load_accounts(_users(tmp_path))
    viewer = check_login(accounts, " Kim ", "q-secret")
    assert viewer == Viewer(role="quality", username="kim", name="김품질", auth="password")
    assert viewer.authenticated and viewer.sees_agent_ids and viewer.actor == "kim"
    park = check_login(accounts, "park", "e-secret")
    assert park is not None and park.role == "executive" and not park.sees_agent_ids
    assert check_login(accounts, "kim", "e-secret") is None  # another person's password
    assert check_login(accounts, "kim", "wrong") is None
    assert check_login(accounts, "nobody", "q-secret") is None
    assert check_login(accounts, "lee@example.com", "") is None  # single sign-on only


def test_open_viewer_is_recorded_as_no_login() -> None:
    assert Viewer(role="quality").sees_agent_ids and not Viewer(role="executive").sees_agent_ids
    assert not Viewer(role="quality").authenticated
    assert Viewer(role="quality").actor == OPEN_ACTOR
    assert Viewer(role="quality", username="kim", auth="oidc").actor == "kim"


@pytest.mark.parametrize(
    ("address", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.1.1", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("", False),
        (None, False),
        ("192.168.0.10", False),
        ("dashboard.example.com", False),
    ],
)
def test_loopback_addresses(address: str | None, loopback: bool) -> None:
    assert is_loopback(address) is loopback


def test_open_mode_only_on_loopback(tmp_path: Path) -> None:
    open_settings = load_settings(dashboard_users_file=None, dashboard_oidc=False)
    assert check_serving_address(open_settings, "127.0.0.1") == "open"
    for address in ("0.0.0.0", "", "10.1.2.3"):
        with pytest.raises(DashboardAccessError, match="VOCRADAR_DASHBOARD_USERS_FILE"):
            check_serving_address(open_settings, address)
    with_accounts = load_settings(dashboard_users_file=_users(tmp_path))
    assert check_serving_address(with_accounts, "0.0.0.0") == "accounts"
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(AccountsError, match="holds no account"):
        check_serving_address(load_settings(dashboard_users_file=empty), "0.0.0.0")
    with pytest.raises(AccountsError, match="cannot be read"):
        check_serving_address(load_settings(dashboard_users_file=tmp_path / "none.toml"), "0.0.0.0")


def test_shared_role_passwords_are_refused_with_what_to_set(tmp_path: Path) -> None:
    legacy = load_settings(dashboard_quality_password=hash_password("x", iterations=1_000))
    with pytest.raises(DashboardAccessError) as err:
        access_mode(legacy)
    assert "VOCRADAR_DASHBOARD_USERS_FILE" in str(err.value) and "add-user" in str(err.value)
    with pytest.raises(DashboardAccessError, match="VOCRADAR_DASHBOARD_USERS_FILE"):
        access_mode(load_settings(dashboard_oidc=True, dashboard_users_file=None))
    sso = load_settings(dashboard_oidc=True, dashboard_users_file=_users(tmp_path))
    assert access_mode(sso) == "oidc"


def test_add_user_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "accounts" / "users.toml"

    def cli(*args: str) -> int:
        return auth_main(["--file", str(path), *args])

    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-비번\n"))
    assert cli("add-user", "choi", "--role", "quality", "--password-stdin") == 0
    assert cli("add-user", "jung@example.com", "--role", "executive", "--no-password") == 0
    assert cli("add-user", "x", "--role", "quality", "--no-password") == 0
    assert cli("remove-user", "x") == 0
    assert cli("remove-user", "x") == 1
    capsys.readouterr()
    assert auth_main(["list-users", "--file", str(path)]) == 0  # as the error messages write it
    listed = capsys.readouterr().out
    assert "choi\tquality\tpassword" in listed and "jung@example.com\texecutive\tsingle sign-on" in listed
    assert "s3cret" not in path.read_text(encoding="utf-8")
    assert check_login(load_accounts(path), "choi", "s3cret-비번") is not None


def test_dashboard_launch_is_refused_off_loopback_without_accounts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from vocradar.cli import _split_server_address, main
    from vocradar.runner import dashboard_cmd

    for name in ("USERS_FILE", "OIDC", "ADDRESS", "QUALITY_PASSWORD", "EXECUTIVE_PASSWORD"):
        monkeypatch.delenv(f"VOCRADAR_DASHBOARD_{name}", raising=False)
    monkeypatch.setenv("VOCRADAR_DATA_DIR", str(tmp_path / "state"))
    cmd = dashboard_cmd(8501)
    assert cmd[cmd.index("--server.address") + 1] == "127.0.0.1"  # open mode binds loopback
    assert _split_server_address(("--server.address", "0.0.0.0", "--x", "1"), "127.0.0.1") == (
        "0.0.0.0",
        ["--x", "1"],
    )
    assert _split_server_address(("--server.address=::1",), "127.0.0.1") == ("::1", [])

    runner = CliRunner()
    refused = runner.invoke(main, ["dashboard", "--server.address", "0.0.0.0"])
    assert refused.exit_code == 1 and "loopback" in refused.output, refused.output
    monkeypatch.setenv("VOCRADAR_DASHBOARD_ADDRESS", "0.0.0.0")
    refused = runner.invoke(main, ["run"])
    assert refused.exit_code == 1 and "VOCRADAR_DASHBOARD_USERS_FILE" in refused.output, refused.output
    assert not (tmp_path / "state").exists()  # refused before anything started


def test_login_throttle_slows_repeated_failures_of_one_client_only() -> None:
    from vocradar.dashboards.auth import LoginThrottle

    now = [1000.0]
    throttle = LoginThrottle(
        free_attempts=3, window_s=600, base_wait_s=10, max_wait_s=60, clock=lambda: now[0]
    )
    for _ in range(3):  # the free attempts
        assert throttle.wait_s("10.0.0.9", "kim") == 0
        throttle.failed("10.0.0.9", "kim")
    assert throttle.wait_s("10.0.0.9", "kim") == 10  # one over: wait
    assert throttle.wait_s("10.0.0.7", "kim") == 0  # another client is not affected
    assert throttle.wait_s("10.0.0.9", "park") == 0  # nor another account
    now[0] += 10
    assert throttle.wait_s("10.0.0.9", "kim") == 0
    throttle.failed("10.0.0.9", "kim")
    assert throttle.wait_s("10.0.0.9", "kim") == 20  # doubling
    for _ in range(5):
        throttle.failed("10.0.0.9", "kim")
    assert throttle.wait_s("10.0.0.9", "kim") == 60  # capped
    now[0] += 601  # failures older than the window are forgotten
    assert throttle.wait_s("10.0.0.9", "kim") == 0
    for _ in range(4):
        throttle.failed("10.0.0.9", "kim")
    assert throttle.wait_s("10.0.0.9", "kim") > 0
    throttle.succeeded("10.0.0.9", "kim")  # a correct login clears the record
    assert throttle.wait_s("10.0.0.9", "kim") == 0


def test_login_throttle_memory_is_bounded() -> None:
    from vocradar.dashboards.auth import LoginThrottle

    throttle = LoginThrottle(max_clients=50)
    for i in range(500):
        throttle.failed(f"10.0.{i // 256}.{i % 256}", "kim")
    assert len(throttle._failures) <= 50
