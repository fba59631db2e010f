"""The launch forecast report: one self-contained HTML file (plots inlined as PNG) for the council.

Owns the plots (matplotlib, Korean labels in NanumGothic when installed) and the rendering of
``templates/forecast_report.html.j2`` (Jinja2, autoescaped: VOC text can never become markup).
The dashboard's "출시 VOC 예측" page shows the same sections and offers this file for download.
"""

from __future__ import annotations

import base64
import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Final

import numpy as np

from vocradar.dashboards.labels import category_label
from vocradar.models.forecast import (
    CHANNELS,
    PRODUCT_TYPES,
    BacktestResult,
    LaunchForecast,
    RealBacktestResult,
    Theme,
)
from vocradar.models.types import CATEGORIES

__all__ = ["KOREAN_FONTS", "ReportTables", "render_report", "report_tables", "theme_title", "write_report"]

log = logging.getLogger(__name__)

TEMPLATE: Final = "forecast_report.html.j2"
KOREAN_FONTS: Final = (
    "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
    "/usr/share/fonts/truetype/nanum/NanumBarunGothic.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)
_COLORS: Final = {"forecast": "#1f5fa8", "band80": "#8fb3de", "band95": "#d3e2f3", "naive": "#9a9a9a"}


def theme_title(t: Theme) -> str:
    """A theme's name; VOC linked from the pipeline without a theme goes by its category."""
    return t.theme or f"{category_label(t.category)} 전반"


# --- tables shared with the dashboard -----------------------------------------------------------
@dataclass(frozen=True)
class ReportTables:
    """The rows of every table of the report (also what the dashboard page shows)."""

    headline: dict[str, str]
    analogues: list[dict[str, Any]]
    categories: list[dict[str, Any]]
    risks: list[dict[str, Any]]
    themes: list[dict[str, Any]]
    backtest: list[dict[str, Any]]
    real_backtest: list[dict[str, Any]] = field(default_factory=list)
    references: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # where a baseline is the better tool, with figures


def _channels(codes: Sequence[str]) -> str:
    return ", ".join(CHANNELS.get(c, c) for c in codes) or "-"


def _num(v: float) -> str:
    return f"{v:,.0f}"


_MODELS: Final = (("forecast", "예측"), ("naive", "단순 기준선"), ("same_type", "동일 유형 평균"))
_KINDS: Final = {"launch": "출시", "product_change": "상품 변경", "product_period": "신상품 확대기"}


def _origin(synthetic: bool) -> str:
    return "합성 (데모)" if synthetic else "실제 (등록)"


def _notes(bt: BacktestResult | None, real: RealBacktestResult | None) -> list[str]:
    """Where a baseline beats the forecast, said with the figures."""
    notes = []
    if bt is not None:
        for label, d in (("일별", bt.wape_daily), ("주별", bt.wape_weekly), ("8주 합계", bt.wape_total)):
            if d["same_type"] <= d["forecast"]:
                notes.append(
                    f"{label}: 동일 유형 평균(WAPE {d['same_type']:.3f})이 예측({d['forecast']:.3f})보다 "
                    "낫거나 같습니다. 이 기간에는 동일 유형 평균을 쓰십시오."
                )
    if real is not None:
        checks = (
            ("tvd", "실제 출시의 유형 구성(TVD)", real.tvd, real.n_mix),
            ("log_ratio", "실제 출시의 규모(|ln 비|)", real.log_ratio, real.n_volume),
        )
        for metric, label, d, n in checks:
            best = real.best(metric)
            if best != "forecast":
                name = dict(_MODELS)[best]
                notes.append(
                    f"{label}: {name}({d[best]:.3f})이 예측({d['forecast']:.3f})보다 낫습니다 "
                    f"(단순 기준선 {d['naive']:.3f}, 참조 {n}건). 이 용도에는 {name}을 쓰십시오."
                )
    return notes


def report_tables(
    fc: LaunchForecast, bt: BacktestResult | None = None, real: RealBacktestResult | None = None
) -> ReportTables:
    """Rows of the report's tables, with Korean column names, from a forecast (and backtests)."""
    level = 0.8
    lo_t, hi_t = fc.category_total_bands[level]
    total = float(fc.category_totals.sum())
    daily = fc.daily_total
    peak = int(np.argmax(daily))
    headline = {
        "8주 예상 VOC": _num(total),
        "80% 예측 구간": "{} ~ {}".format(*(_num(v) for v in fc.total_band[level])),
        "최다 예상일": f"{fc.dates[peak]:%m-%d} · {daily[peak]:,.0f}건",
        "단순 기준선 (평균 곡선×가입자)": _num(float(fc.baseline.sum())),
        "가입자 1천 명당": f"{total / max(fc.plan.subscriber_base, 1) * 1000:.1f}건",
    }
    analogues = [
        {
            "출시": a.launch.name,
            "구분": _origin(a.launch.synthetic),
            "출시일": a.launch.launch_date.isoformat(),
            "유형": PRODUCT_TYPES.get(a.launch.category, a.launch.category),
            "가입자": _num(a.launch.subscriber_base),
            "채널": _channels(a.launch.channels),
            "설명 유사도": round(a.text_similarity, 3),
            "속성 유사도": round(a.attribute_similarity, 3),
            "종합 유사도": round(a.similarity, 3),
            "가중치": round(a.weight, 3),
        }
        for a in fc.analogues
    ]
    weeks = fc.mean.reshape(len(CATEGORIES), -1, 7).sum(axis=2)
    order = np.argsort(-fc.category_totals)
    categories = [
        {
            "유형": category_label(CATEGORIES[c]),
            "8주 예상": _num(fc.category_totals[c]),
            "80% 구간": f"{_num(lo_t[c])} ~ {_num(hi_t[c])}",
            "비중": f"{fc.category_totals[c] / total:.1%}" if total else "-",
            "정점 주차": f"{int(np.argmax(weeks[c])) + 1}주차",
            "기준선": _num(fc.baseline[c].sum()),
        }
        for c in order
        if fc.category_totals[c] >= 0.5
    ]
    risks = [
        {
            "유형": category_label(r.category),
            "유사 출시 대비": f"×{r.lift:.2f}",
            "원인 속성": ", ".join(r.driver_labels()) or "-",
        }
        for r in fc.risks
    ]
    themes = [
        {
            "주제": theme_title(t),
            "유형": category_label(t.category),
            "비중": f"{t.share:.0%}",
            "나온 출시": ", ".join(t.launches),
            "예시 VOC (마스킹)": list(t.examples),
        }
        for t in fc.themes
    ]
    backtest = []
    if bt is not None:
        for label, d in (
            ("일별×유형", bt.wape_daily),
            ("주별×유형", bt.wape_weekly),
            ("8주 합계×유형", bt.wape_total),
        ):
            backtest.append(
                {
                    "WAPE": label,
                    "예측": f"{d['forecast']:.3f}",
                    "단순 기준선": f"{d['naive']:.3f}",
                    "동일 유형 평균": f"{d['same_type']:.3f}",
                }
            )
    real_rows: list[dict[str, Any]] = []
    references: list[dict[str, Any]] = []
    if real is not None:
        for r in real.rows:
            real_rows.append(
                {
                    "참조": r["name"],
                    "구분": "실제 (공개 자료)",
                    "유형 구성 TVD 예측/단순/동일유형": (
                        "/".join(f"{r['tvd'][m]:.2f}" for m, _ in _MODELS) if r["tvd"] else "- (구성 미공개)"
                    ),
                    "1천 명·월당 실제": f"{r['rate_actual']:.3f}" if r["rate_actual"] is not None else "-",
                    "예측/단순/동일유형": (
                        "/".join(f"{r['rate_pred'][m]:.3f}" for m, _ in _MODELS) if r["rate_pred"] else "-"
                    ),
                }
            )
            references.append(
                {
                    "참조": r["name"],
                    "종류": _KINDS.get(r["kind"], r["kind"]),
                    "상품 유형": PRODUCT_TYPES.get(r["product_type"], r["product_type"]),
                    "기간": r["window"],
                    "집계": r["measure"],
                    "건수": _num(r["total"]),
                    "가입자": _num(r["subscriber_base"]) if r["subscriber_base"] else "-",
                    "출처": f"{r['source']} · {r['url']}",
                }
            )
        backtest.append(
            {
                "WAPE": f"실제 참조: 유형 구성 TVD ({real.n_mix}건) / 규모 |ln 비| ({real.n_volume}건)",
                "예측": f"{real.tvd['forecast']:.3f} / {real.log_ratio['forecast']:.3f}",
                "단순 기준선": f"{real.tvd['naive']:.3f} / {real.log_ratio['naive']:.3f}",
                "동일 유형 평균": f"{real.tvd['same_type']:.3f} / {real.log_ratio['same_type']:.3f}",
            }
        )
    return ReportTables(
        headline, analogues, categories, risks, themes, backtest, real_rows, references, _notes(bt, real)
    )


# --- plots --------------------------------------------------------------------------------------
def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    for path in KOREAN_FONTS:
        if Path(path).is_file():
            font_manager.fontManager.addfont(path)
            plt.rcParams["font.family"] = font_manager.FontProperties(fname=path).get_name()
            break
    else:
        log.warning("no Korean font found (install fonts-nanum); Korean labels may not render")
    plt.rcParams["axes.unicode_minus"] = False
    return plt


def _png(fig: Any) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    fig.clf()
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _total_plot(plt: Any, fc: LaunchForecast) -> str:
    days = np.arange(fc.mean.shape[1])
    fig, ax = plt.subplots(figsize=(9, 3.6))
    for level, color in ((0.95, _COLORS["band95"]), (0.8, _COLORS["band80"])):
        lo, hi = fc.total_bands[level]
        ax.fill_between(days, lo, hi, color=color, label=f"{level:.0%} 예측 구간", linewidth=0)
    ax.plot(days, fc.daily_total, color=_COLORS["forecast"], linewidth=2, label="예측")
    ax.plot(days, fc.baseline.sum(axis=0), "--", color=_COLORS["naive"], label="단순 기준선")
    ax.set_xlabel("출시 후 일수")
    ax.set_ylabel("일별 VOC (건)")
    ax.set_title("출시 후 8주 일별 VOC 예측 (전체 유형)")
    ax.set_xlim(0, days[-1])
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper right", fontsize=8)
    out = _png(fig)
    plt.close(fig)
    return out


def _category_plot(plt: Any, fc: LaunchForecast, n: int = 6) -> str:
    top = fc.top_categories(n)
    days = np.arange(fc.mean.shape[1])
    cols = 3
    rows = max(1, (len(top) + cols - 1) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(10, 2.6 * rows), squeeze=False, sharex=True)
    lo, hi = fc.bands[0.8]
    for ax, cat in zip(axes.ravel(), top, strict=False):
        c = CATEGORIES.index(cat)
        ax.fill_between(days, lo[c], hi[c], color=_COLORS["band80"], linewidth=0)
        ax.plot(days, fc.mean[c], color=_COLORS["forecast"], linewidth=1.5)
        ax.set_title(category_label(cat), fontsize=10)
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
    for ax in axes.ravel()[len(top) :]:
        ax.axis("off")
    fig.suptitle("유형별 일별 VOC 예측과 80% 구간", fontsize=11)
    fig.supxlabel("출시 후 일수", fontsize=9)
    out = _png(fig)
    plt.close(fig)
    return out


def _backtest_plot(plt: Any, bt: BacktestResult) -> str:
    names = [launch.name.replace("[합성] ", "") for launch in bt.launches]
    y = np.arange(len(names))
    fig, ax = plt.subplots(figsize=(9, 0.32 * len(names) + 1.2))
    ax.barh(y - 0.2, bt.per_launch["forecast"], height=0.4, color=_COLORS["forecast"], label="예측")
    ax.barh(y + 0.2, bt.per_launch["naive"], height=0.4, color=_COLORS["naive"], label="단순 기준선")
    ax.set_yticks(y, names, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("WAPE (일별×유형, 낮을수록 좋음)")
    ax.set_title("출시별 leave-one-out 오차")
    ax.grid(axis="x", alpha=0.3)
    ax.legend(fontsize=8)
    out = _png(fig)
    plt.close(fig)
    return out


def _real_plot(plt: Any, real: RealBacktestResult) -> str:
    rows = [r for r in real.rows if r["tvd"]]
    names = [r["name"] for r in rows]
    y = np.arange(len(names))
    fig, ax = plt.subplots(figsize=(9, 0.4 * len(names) + 1.4))
    colors = {"forecast": _COLORS["forecast"], "naive": _COLORS["naive"], "same_type": "#e08a1e"}
    for off, (m, label) in zip((-0.27, 0.0, 0.27), _MODELS, strict=True):
        ax.barh(y + off, [r["tvd"][m] for r in rows], height=0.26, color=colors[m], label=label)
    ax.set_yticks(y, names, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("유형 구성 오차 (total variation distance, 낮을수록 좋음)")
    ax.set_title("실제 출시 참조 (공개 자료): 하나씩 빼고 예측한 유형 구성")
    ax.grid(axis="x", alpha=0.3)
    ax.legend(fontsize=8)
    out = _png(fig)
    plt.close(fig)
    return out


# --- rendering ----------------------------------------------------------------------------------
def render_report(
    fc: LaunchForecast,
    bt: BacktestResult | None = None,
    generated_at: datetime | None = None,
    real: RealBacktestResult | None = None,
) -> str:
    """The report as one self-contained HTML document."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("vocradar.models", "templates"), autoescape=select_autoescape(["html", "j2"])
    )
    plt = _pyplot()
    plots = {"total": _total_plot(plt, fc), "categories": _category_plot(plt, fc)}
    if bt is not None:
        plots["backtest"] = _backtest_plot(plt, bt)
    if real is not None and any(r["tvd"] for r in real.rows):
        plots["real"] = _real_plot(plt, real)
    tables = report_tables(fc, bt, real)
    return env.get_template(TEMPLATE).render(
        plan=fc.plan,
        plan_type=PRODUCT_TYPES.get(fc.plan.category, fc.plan.category),
        plan_channels=_channels(fc.plan.channels),
        synthetic=fc.synthetic_history,
        tables=tables,
        plots=plots,
        bt=bt,
        real=real,
        generated_at=(generated_at or datetime.now()).strftime("%Y-%m-%d %H:%M"),
    )


def write_report(
    path: Path, fc: LaunchForecast, bt: BacktestResult | None = None, real: RealBacktestResult | None = None
) -> Path:
    """Render the report into ``path`` (UTF-8 HTML) and return it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(fc, bt, real=real), encoding="utf-8")
    return path
