"""Tests of the benchmark corpora and the offline stages of ``vocradar bench``."""

from __future__ import annotations

import json

import pytest

from vocradar.bench import bench_analysis, bench_corpus, event_texts
from vocradar.models.training import format_stage_cost


def _events(raw: list[bytes]) -> list[dict]:
    out = []
    for line in raw:
        try:
            ev = json.loads(line)
        except (ValueError, UnicodeDecodeError):
            continue
        if isinstance(ev, dict) and "source" in ev:
            out.append(ev)
    return out


def test_social_profile_is_tweets_and_short_notes() -> None:
    events = _events(bench_corpus("social", 400))
    assert len(events) == 400
    assert {e["source"] for e in events} <= {"tweet", "note"}
    assert all(len(e["text"]) < 400 for e in events)


def test_mix_profile_has_long_calls_partials_and_bad_input() -> None:
    raw = bench_corpus("mix", 600)
    events = _events(raw)
    bad = len(raw) - len(events)
    assert 0 < bad < 0.05 * len(raw)
    calls = [e for e in events if e["source"] == "call" and not (e.get("meta") or {}).get("partial")]
    assert calls, "the mix has call transcripts"
    assert all(sum(len(t["text"]) for t in c["turns"]) >= 1_000 for c in calls)
    partials = [e for e in events if (e.get("meta") or {}).get("partial")]
    assert partials, "some calls arrive as growing partial transcripts"
    sources = {e["source"] for e in events}
    assert {"call", "chat", "tweet", "note"} <= sources


def test_event_texts_reads_bodies_and_turns() -> None:
    raw = [
        json.dumps({"text": "본문", "turns": [{"speaker": "customer", "text": "해지요"}]}).encode(),
        b"{broken",
        b"[1]",
    ]
    assert event_texts(raw) == ["본문", "해지요"]


def test_unknown_profile_is_refused() -> None:
    with pytest.raises(ValueError, match="profile"):
        bench_corpus("nope", 10)


@pytest.mark.parametrize("stage", ["analysis", "pipeline"])
def test_offline_stage_reports_consistent_figures(stage: str) -> None:
    raw = bench_corpus("social", 60)
    seen: list[int] = []
    res = bench_analysis(raw, "social", batch_size=25, progress=seen.append, stage=stage, rounds=2)
    assert res.rounds == 2 and sum(seen) == 2 * len(raw)
    assert res.chars == sum(len(t) for t in event_texts(raw))
    assert res.ratio == pytest.approx(res.ceiling_seconds / res.seconds, rel=0.1)
    assert res.ratio_min <= res.ratio_max
    assert res.chars_per_s == pytest.approx(res.chars / res.seconds, rel=0.1)
    assert json.loads(res.as_json())["stage"] == stage
    if stage == "analysis":
        assert res.stages is None
    else:
        # the cost of each stage, on a pipeline that has not seen the events
        assert res.stages is not None and set(res.stages) == {"wall", "cpu"}
        for clock in ("wall", "cpu"):
            assert set(res.stages[clock]) == {"parse", "analyse", "classify", "risk"}
            assert all(v > 0 for v in res.stages[clock].values()), res.stages
        lines = format_stage_cost(res.stages)
        assert "scoring (classify + risk)" in lines[-1] and "ms CPU/event" in lines[-1]


def test_customers_recur_at_a_realistic_rate() -> None:
    """Each event has its own customer but about one in ten, who contacted before in the run."""
    events = _events(bench_corpus("social", 2000))
    who = [json.dumps(e["customer"], sort_keys=True) for e in events]
    repeats = len(who) - len(set(who))
    assert 0.05 * len(who) < repeats < 0.15 * len(who)


def test_no_two_events_share_a_text_so_no_cache_flatters_the_figures() -> None:
    """Texts and customer turns are unique per event (a live call's partials share its turns)."""
    social = _events(bench_corpus("social", 1500))
    assert len({e["text"] for e in social}) == len(social)
    mix = _events(bench_corpus("mix", 400))
    turns: dict[str, str] = {}
    for e in mix:
        conv = e.get("conversation_id") or e["event_id"]
        for t in e.get("turns") or []:
            if t["speaker"] == "customer":
                assert turns.setdefault(t["text"], conv) == conv, "a customer turn recurs in another call"
    bodies = [e["text"] for e in mix if e.get("text")]
    assert len(set(bodies)) == len(bodies)


def test_latency_plot_is_written(tmp_path) -> None:
    from vocradar.bench import plot_latency

    path = tmp_path / "latency.png"
    points = [{"t": i / 10, "ms": 50 + (i % 7) * 30} for i in range(200)]
    plot_latency(points, [{"t": 3.0, "ms": 900}], path, "social, 200 events")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 5_000
