"""VOC Radar dashboard: ``streamlit run dashboards/streamlit_app.py``.

The entry point builds the one :class:`~vocradar.settings.Settings` of the dashboard process
(``VOCRADAR_*`` environment) and the :class:`~vocradar.connectors.warehouse.Warehouse`, both as
``st.cache_resource`` so every session shares them, and routes with ``st.navigation``. Pages
receive the database name and the warehouse getter; they hold UI only and read through
:mod:`vocradar.dashboards.queries`.

A failed connection is not cached: the page shows the error and the next refresh tries again.
"""

from __future__ import annotations

import logging
import math
from typing import Final

import streamlit as st
from pydantic import ValidationError

from vocradar.connectors.warehouse import Warehouse, connect_warehouse
from vocradar.dashboards.auth import ROLE_LABELS, ROLES, LoginThrottle, Viewer, auth_configured, check_login
from vocradar.dashboards.views import agents, alerts, forecast, overview, repeats, search
from vocradar.dashboards.views.common import PageContext
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

    viewer = current_viewer(settings)
    if viewer is None:
        login_form(settings)
        return
    ctx = PageContext(
        database=settings.warehouse_database,
        get_warehouse=get_warehouse,
        viewer=viewer,
        salt=settings.pseudonym_salt.get_secret_value(),
    )

    def overview_page() -> None:
        overview.render(settings.warehouse_database, get_warehouse)

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
        viewer_box(settings, viewer)
    nav.run()


_VIEWER_KEY: Final = "vocradar-viewer"


def current_viewer(settings: Settings) -> Viewer | None:
    """The session's viewer: the logged-in one, or (no login configured) an open one; None: log in first."""
    if not auth_configured(settings):
        preview = st.session_state.get("viewer-role-preview", "quality")
        return Viewer(role="executive" if preview == "executive" else "quality")
    viewer = st.session_state.get(_VIEWER_KEY)
    return viewer if isinstance(viewer, Viewer) else None


def login_form(settings: Settings) -> None:
    """The login page shown instead of every other page until a role's password is given."""
    st.title(f"📡 {APP_TITLE}")
    st.caption("로그인이 필요합니다. 역할에 따라 볼 수 있는 정보가 다릅니다.")
    with st.form("login", border=True):
        role = st.selectbox("역할", list(ROLES), format_func=ROLE_LABELS.__getitem__, key="login-role")
        name = st.text_input("이름 (처리 이력에 기록)", key="login-name", max_chars=40)
        password = st.text_input("비밀번호", type="password", key="login-password")
        submitted = st.form_submit_button("로그인", type="primary")
    if submitted:
        throttle, client = login_throttle(), _client()
        wait = throttle.wait_s(client, str(role))
        if wait > 0:
            st.error(f"로그인 시도가 너무 많습니다. {math.ceil(wait)}초 후에 다시 시도하세요.")
            return
        viewer = check_login(settings, str(role), password or "", name or "")
        if viewer is None:
            throttle.failed(client, str(role))
            log.warning("dashboard login failed: role %s from %s", role, client)
            st.error("역할 또는 비밀번호가 올바르지 않습니다.")
            return
        throttle.succeeded(client, str(role))
        st.session_state[_VIEWER_KEY] = viewer
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


def _logout() -> None:
    st.session_state.pop(_VIEWER_KEY, None)


def viewer_box(settings: Settings, viewer: Viewer) -> None:
    """Who is looking, in the sidebar: logout, or (no login configured) a notice and a role preview."""
    st.divider()
    if viewer.authenticated:
        st.markdown(f"**{ROLE_LABELS[viewer.role]}** · {viewer.actor}")
        st.button("로그아웃", key="logout", on_click=_logout)
        return
    st.caption(
        "로그인이 설정되지 않아 누구나 볼 수 있습니다. "
        "역할별 비밀번호(`VOCRADAR_DASHBOARD_*_PASSWORD`)를 설정하면 로그인해야 합니다."
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
