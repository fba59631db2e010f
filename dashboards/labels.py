"""Korean display labels for the codes of the VOC contract (categories, levels, reasons, sources).

Every dashboard page shows codes through these tables, so a code reads the same everywhere.
Unknown codes fall back to the code itself: a new code from a newer scorer still shows up,
it just lacks a translation.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "CATEGORY_LABELS",
    "LEVEL_COLORS",
    "LEVEL_HEX",
    "LEVEL_LABELS",
    "LEVEL_ORDER",
    "REASON_LABELS",
    "SOURCE_LABELS",
    "category_label",
    "level_label",
    "reason_label",
    "source_label",
]

CATEGORY_LABELS: Final[dict[str, str]] = {
    "billing": "요금·청구",
    "cancellation": "해지",
    "network": "네트워크·품질",
    "device": "단말·장비",
    "installation": "개통·설치",
    "agent_conduct": "상담 태도",
    "privacy": "개인정보·명의도용",
    "sales_contract": "가입·계약",
    "delivery_refund": "배송·환불",
    "inquiry": "단순 문의",
    "praise": "칭찬",
    "other": "기타",
}

LEVEL_ORDER: Final[tuple[str, ...]] = ("low", "medium", "high", "critical")

LEVEL_LABELS: Final[dict[str, str]] = {
    "low": "낮음",
    "medium": "주의",
    "high": "높음",
    "critical": "심각",
}

# Streamlit badge colours (``st.badge`` / ``:color-badge[...]``) per level.
LEVEL_COLORS: Final[dict[str, str]] = {
    "low": "gray",
    "medium": "yellow",
    "high": "orange",
    "critical": "red",
}

# Chart colours per level, from calm to alarming.
LEVEL_HEX: Final[dict[str, str]] = {
    "low": "#9aa5b1",
    "medium": "#f2c14e",
    "high": "#f08a24",
    "critical": "#d62839",
}

REASON_LABELS: Final[dict[str, str]] = {
    "publicity_threat": "공개·언론 제보 예고",
    "regulator_threat": "규제기관·소송 언급",
    "agent_obstruction": "상담원 해지/환불 방해",
    "agent_hostility": "상담원 불친절·비하",
    "customer_abuse": "고객 폭언·위협",
    "churn_intent": "이탈 의사",
    "repeat_contact": "반복 문의",
    "high_reach": "영향력 큰 발신자",
    "burst": "이슈 급증",
    "service_outage": "서비스 장애",
}

SOURCE_LABELS: Final[dict[str, str]] = {
    "call": "통화",
    "ticket": "티켓",
    "tweet": "트윗",
    "note": "상담 메모",
    "chat": "채팅",
    "email": "이메일",
}


def category_label(code: str) -> str:
    """Korean label of a complaint category code."""
    return CATEGORY_LABELS.get(code, code or "미분류")


def level_label(code: str) -> str:
    """Korean label of a risk level code."""
    return LEVEL_LABELS.get(code, code or "-")


def reason_label(code: str) -> str:
    """Korean label of a risk reason code."""
    return REASON_LABELS.get(code, code)


def source_label(code: str) -> str:
    """Korean label of a source channel code."""
    return SOURCE_LABELS.get(code, code or "-")
