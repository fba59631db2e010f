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
from typing import Final

import streamlit as st
from pydantic import ValidationError

from vocradar.connectors.warehouse import Warehouse, connect_warehouse
from vocradar.dashboards.views import overview
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

    def overview_page() -> None:
        overview.render(settings.warehouse_database, get_warehouse)

    nav = st.navigation(
        [st.Page(overview_page, title=overview.TITLE, icon="📡", url_path="overview", default=True)]
    )
    with st.sidebar:
        st.markdown(f"### 📡 {APP_TITLE}")
        st.caption("고객의 소리(VOC) 유형·위험 모니터링")
    nav.run()


if __name__ == "__main__":
    main()
