"""Korean display labels for the codes of the VOC contract (categories, levels, reasons, sources).

Every dashboard page shows codes through these tables, so a code reads the same everywhere.
Unknown codes fall back to the code itself: a new code from a newer scorer still shows up,
it just lacks a translation.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "ACTION_LABELS",
    "CATEGORY_LABELS",
    "LEVEL_COLORS",
    "LEVEL_HEX",
    "LEVEL_LABELS",
    "LEVEL_ORDER",
    "REASON_EXPLANATIONS",
    "REASON_LABELS",
    "SOURCE_LABELS",
    "STATUS_COLORS",
    "STATUS_LABELS",
    "category_label",
    "level_label",
    "reason_explanation",
    "reason_label",
    "source_label",
    "status_label",
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


# What each reason means, for the people who act on it (shown next to an incident's evidence).
REASON_EXPLANATIONS: Final[dict[str, str]] = {
    "publicity_threat": (
        "고객이 통화를 녹음하거나 온라인·언론에 공개하겠다고 말했습니다. 공개되면 여론 확산 위험이 큽니다."
    ),
    "regulator_threat": "방통위·소비자원·국민신문고 등 규제기관 민원이나 소송을 언급했습니다.",
    "agent_obstruction": (
        "고객이 정당하게 요청한 해지·환불을 직원이 반복해서 거절하거나 돌렸습니다(해지 방어 반복)."
    ),
    "agent_hostility": "직원이 고객에게 무례하거나 비하·책임 전가하는 발언을 했습니다.",
    "customer_abuse": "고객이 직원에게 욕설·협박·성희롱을 했습니다. 직원 보호 조치가 필요합니다.",
    "churn_intent": "고객이 해지·번호이동 등 이탈 의사를 밝혔습니다.",
    "repeat_contact": "같은 고객이 같은 문제로 세 번 이상 다시 연락했습니다.",
    "high_reach": "팔로워가 많거나 인증된 계정 등 파급력이 큰 발신자입니다.",
    "burst": "같은 주제의 VOC가 여러 채널에서 급증하고 있습니다.",
    "service_outage": "여러 고객이 같은 장애를 동시에 신고하고 있습니다.",
}

STATUS_LABELS: Final[dict[str, str]] = {"open": "미처리", "acknowledged": "확인됨", "resolved": "해결됨"}
STATUS_COLORS: Final[dict[str, str]] = {"open": "red", "acknowledged": "orange", "resolved": "green"}
ACTION_LABELS: Final[dict[str, str]] = {"acknowledged": "확인", "resolved": "해결", "reopened": "재개"}


def reason_explanation(code: str) -> str:
    """What a reason code means, in a sentence (empty for unknown codes)."""
    return REASON_EXPLANATIONS.get(code, "")


def status_label(code: str) -> str:
    """Korean label of an incident status."""
    return STATUS_LABELS.get(code, code or "-")
