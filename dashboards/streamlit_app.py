"""VOC Radar dashboard: ``streamlit run dashboards/streamlit_app.py``.

The entry point builds the one :class:`~vocradar.settings.Settings` of the dashboard process
(``VOCRADAR_*`` environment) and the :class:`~vocradar.connectors.warehouse.Warehouse`, both as
``st.cache_resource`` so every session shares them, and routes with ``st.navigation``. Pages
receive the database name and the warehouse getter; they hold UI only and read through
:mod:`vocradar.dashboards.queries`.

Before any page, the access settings are checked (:mod:`vocradar.dashboards.auth`): the open mode
(no accounts) is refused unless the server listens on loopback, and otherwise the person logs in
with their own account (users file) or through Streamlit's OIDC login. Logins and logouts,
including a logout after ``VOCRADAR_DASHBOARD_IDLE_TIMEOUT_S`` idle, go to the audit log.

A failed connection is not cached: the page shows the error and the next refresh tries again.
"""

from __future__ import annotations

import logging
import math
import time
from typing import Final, Literal

import streamlit as st
from pydantic import ValidationError

from vocradar.connectors.warehouse import Warehouse, connect_warehouse
from vocradar.dashboards import queries
from vocradar.dashboards.auth import (
    ROLE_LABELS,
    ROLES,
    AccessMode,
    Account,
    AccountsError,
    DashboardAccessError,
    LoginThrottle,
    Viewer,
    access_mode,
    check_login,
    is_loopback,
    load_accounts,
)
from vocradar.dashboards.views import agents, alerts, forecast, overview, repeats, search
from vocradar.dashboards.views.common import IDLE_DEADLINE_KEY, PageContext, audit_view_once, idle_expired, md
from vocradar.settings import Settings, load_settings

__all__ = ["APP_TITLE", "get_settings", "get_warehouse", "main"]

log = logging.getLogger(__name__)

APP_TITLE: Final = "VOC 레이더"
# The page retries on every refresh, so one attempt should not hold the page for long.
CONNECT_WAIT_S: Final = 2.0


@st.cache_resource(show_spinner=False)
def get_settings() -> Settings:
    """The dashboard's settings, built once per process from the environment."""
    return load_settings()


@st.cache_resource(show_spinner="웨어하우스에 연결하는 중…")
def get_warehouse() -> Warehouse:
    """The shared warehouse client; raises (and is retried on the next call) while unreachable."""
    settings = get_settings()
    if (settings.warehouse_url or "").startswith("chdb://"):
        # A chDB directory belongs to one process: the warehouse service of `vocradar run`.
        # An empty URL makes connect_warehouse use that service's local address.
        settings = settings.model_copy(update={"warehouse_url": ""})
    return connect_warehouse(settings, wait_s=CONNECT_WAIT_S, ensure_schema=False)


def main() -> None:
    """Configure the page and run the selected one."""
    st.set_page_config(page_title=APP_TITLE, page_icon="📡", layout="wide")
    try:
        settings = get_settings()
    except ValidationError as exc:
        st.error(
            f"대시보드 설정(VOCRADAR_*)이 올바르지 않습니다.  \n{exc.error_count()}개 항목을 확인해 주세요."
        )
        log.error("invalid dashboard settings: %s", exc)
        st.stop()
        return

    try:
        mode = access_mode(settings)
    except DashboardAccessError as exc:
        st.error(f"대시보드 접근 설정을 바꿔야 합니다.  \n{md(str(exc))}")
        log.error("dashboard access settings: %s", exc)
        st.stop()
        return
    if mode == "open" and not is_loopback(st.get_option("server.address")):
        st.error(
            "로그인 없는 모드는 이 컴퓨터(127.0.0.1)에서만 열 수 있습니다. `--server.address 127.0.0.1`로 "
            "실행하거나 개인 계정(`VOCRADAR_DASHBOARD_USERS_FILE`)을 설정하세요."
        )
        log.error("open dashboard refused on a non-loopback address")
        st.stop()
        return

    try:
        viewer = current_viewer(settings, mode)
    except AccountsError as exc:
        st.error("계정 파일(`VOCRADAR_DASHBOARD_USERS_FILE`)을 읽을 수 없습니다. 관리자에게 문의하세요.")
        log.error("dashboard users file: %s", exc)
        st.stop()
        return
    if viewer is None:
        login_page(settings, mode)
        return
    ctx = PageContext(
        database=settings.warehouse_database,
        get_warehouse=get_warehouse,
        viewer=viewer,
        salt=settings.agent_pseudonym_salt.get_secret_value(),  # agent pseudonyms on the pages
        client=_client(),
    )

    def overview_page() -> None:
        overview.render(settings.warehouse_database, get_warehouse, lambda key: audit_view_once(ctx, key))

    nav = st.navigation(
        [
            st.Page(overview_page, title=overview.TITLE, icon="📡", url_path="overview", default=True),
            st.Page(lambda: alerts.render(ctx), title=alerts.TITLE, icon="🚨", url_path="alerts"),
            st.Page(lambda: agents.render(ctx), title=agents.TITLE, icon="🎧", url_path="agents"),
            st.Page(lambda: repeats.render(ctx), title=repeats.TITLE, icon="🔁", url_path="repeats"),
            st.Page(lambda: search.render(ctx), title=search.TITLE, icon="🔍", url_path="search"),
            st.Page(
                lambda: forecast.render(settings.warehouse_database, get_warehouse),
                title=forecast.TITLE,
                icon="🚀",
                url_path="launch-forecast",
            ),
        ]
    )
    with st.sidebar:
        st.markdown(f"### 📡 {APP_TITLE}")
        st.caption("고객의 소리(VOC) 유형·위험 모니터링")
        viewer_box(settings, viewer, mode)
    nav.run()


_VIEWER_KEY: Final = "vocradar-viewer"
_NOTICE_KEY: Final = "vocradar-login-notice"


def _account(settings: Settings, username: str) -> Account | None:
    assert settings.dashboard_users_file is not None
    return load_accounts(settings.dashboard_users_file).get(username.lower())


def _oidc_identity() -> str:
    """The e-mail Streamlit's OIDC login vouches for, or "" when nobody is logged in."""
    info = st.user.to_dict()
    if info.get("is_logged_in") is not True or info.get("email_verified") is False:
        return ""
    return str(info.get("email") or "").strip()


def current_viewer(settings: Settings, mode: AccessMode) -> Viewer | None:
    """The session's viewer: the logged-in one, or (open mode) an open one; None: log in first.

    A logged-in session idle for longer than ``VOCRADAR_DASHBOARD_IDLE_TIMEOUT_S`` is logged out;
    an account removed from the users file is logged out on its next click, and a changed role
    applies at once.
    """
    if mode == "open":
        preview = st.session_state.get("viewer-role-preview", "quality")
        return Viewer(role="executive" if preview == "executive" else "quality")
    if mode == "oidc":
        username = _oidc_identity()
        auth: Literal["password", "oidc"] = "oidc"
    else:
        username = str(st.session_state.get(_VIEWER_KEY) or "")
        auth = "password"
    if not username:
        return None
    account = _account(settings, username)
    if account is None or (auth == "password" and not account.password_hash):
        _end_session(settings, None, mode, "no account")
        st.session_state[_NOTICE_KEY] = "이 계정으로는 대시보드를 쓸 수 없습니다. 관리자에게 문의하세요."
        return None
    viewer = Viewer(role=account.role, username=account.username, name=account.name, auth=auth)
    if idle_expired():
        _end_session(settings, viewer, mode, "idle_logout")
        st.session_state[_NOTICE_KEY] = (
            f"{_minutes(settings.dashboard_idle_timeout_s)} 동안 사용하지 않아 로그아웃되었습니다. "
            "다시 로그인하세요."
        )
        return None
    st.session_state[IDLE_DEADLINE_KEY] = time.time() + settings.dashboard_idle_timeout_s
    return viewer


def _minutes(seconds: float) -> str:
    return f"{round(seconds / 60)}분" if seconds >= 60 else f"{round(seconds)}초"


def _audit(settings: Settings, viewer: Viewer, action: str) -> None:
    """Record a login or logout; a warehouse that cannot take it is logged, not shown."""
    try:
        queries.record_audit(
            get_warehouse(),
            settings.warehouse_database,
            action,
            viewer.actor,
            viewer.role,
            viewer.auth,
            client=_client(),
        )
    except Exception as exc:
        log.warning("dashboard audit of %s failed: %s", action, type(exc).__name__)


def _end_session(settings: Settings, viewer: Viewer | None, mode: AccessMode, action: str) -> None:
    if viewer is not None:
        _audit(settings, viewer, action)
    st.session_state.pop(_VIEWER_KEY, None)
    st.session_state.pop(IDLE_DEADLINE_KEY, None)
    if mode == "oidc" and st.user.to_dict().get("is_logged_in"):
        st.logout()


def login_page(settings: Settings, mode: AccessMode) -> None:
    """The login page shown instead of every other page until the person has logged in."""
    st.title(f"📡 {APP_TITLE}")
    st.caption("로그인이 필요합니다. 역할에 따라 볼 수 있는 정보가 다릅니다.")
    notice = st.session_state.pop(_NOTICE_KEY, None)
    if notice:
        st.warning(str(notice), icon="🔒")
    if mode == "oidc":
        if st.button("회사 계정으로 로그인", type="primary", key="login-oidc"):
            try:
                st.login()
            except Exception as exc:  # no [auth] section, or Authlib missing
                log.error("dashboard single sign-on is not configured: %s", type(exc).__name__)
                st.error(
                    "통합 로그인(OIDC)이 설정되지 않았습니다. `.streamlit/secrets.toml`의 `[auth]`와 "
                    '`pip install "streamlit[auth]"`를 확인하세요.'
                )
        return
    with st.form("login", border=True):
        username = st.text_input("아이디", key="login-username", max_chars=80)
        password = st.text_input("비밀번호", type="password", key="login-password")
        submitted = st.form_submit_button("로그인", type="primary")
    if not submitted:
        return
    account = str(username or "").strip().lower()
    throttle, client = login_throttle(), _client()
    wait = throttle.wait_s(client, account)
    if wait > 0:
        st.error(f"로그인 시도가 너무 많습니다. {math.ceil(wait)}초 후에 다시 시도하세요.")
        return
    try:
        assert settings.dashboard_users_file is not None
        viewer = check_login(load_accounts(settings.dashboard_users_file), account, password or "")
    except AccountsError as exc:
        log.error("dashboard users file: %s", exc)
        st.error("계정 파일을 읽을 수 없습니다. 관리자에게 문의하세요.")
        return
    if viewer is None:
        throttle.failed(client, account)
        log.warning("dashboard login failed from %s", client)  # never the typed name or password
        st.error("아이디 또는 비밀번호가 올바르지 않습니다.")
        return
    throttle.succeeded(client, account)
    _audit(settings, viewer, "login")
    st.session_state[_VIEWER_KEY] = viewer.username
    st.session_state[IDLE_DEADLINE_KEY] = time.time() + settings.dashboard_idle_timeout_s
    st.rerun()


@st.cache_resource(show_spinner=False)
def login_throttle() -> LoginThrottle:
    """The failed logins of every session of this dashboard process."""
    return LoginThrottle()


def _client() -> str:
    """The client's address as Streamlit sees it (behind a proxy: the proxy's), or ``unknown``."""
    try:
        ip = st.context.ip_address
    except Exception:  # no browser session (bare mode)
        return "unknown"
    return ip if isinstance(ip, str) and ip else "unknown"


def viewer_box(settings: Settings, viewer: Viewer, mode: AccessMode) -> None:
    """Who is looking, in the sidebar: logout, or (open mode) a notice and a role preview."""
    st.divider()
    if viewer.authenticated:
        who = f"{viewer.name} ({viewer.username})" if viewer.name else viewer.username
        st.markdown(f"**{ROLE_LABELS[viewer.role]}** · {md(who)}")
        st.caption(f"{_minutes(settings.dashboard_idle_timeout_s)} 동안 사용하지 않으면 로그아웃됩니다.")
        st.button("로그아웃", key="logout", on_click=_end_session, args=(settings, viewer, mode, "logout"))
        return
    st.caption(
        "로그인 없이 이 컴퓨터(127.0.0.1)에서만 열리는 모드입니다. 여러 사람이 쓰려면 개인 계정"
        "(`VOCRADAR_DASHBOARD_USERS_FILE`)을 설정하세요."
    )
    st.radio(
        "보기 권한",
        list(ROLES),
        format_func=ROLE_LABELS.__getitem__,
        key="viewer-role-preview",
        horizontal=True,
    )


if __name__ == "__main__":
    main()
