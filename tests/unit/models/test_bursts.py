"""The burst rule: event-time windows against each key's own baseline."""

from __future__ import annotations

import random

from hypothesis import example, given, settings
from hypothesis import strategies as st

from vocradar.models.bursts import BurstConfig, BurstDetector, topic_keys

CFG = BurstConfig()
KEY = [("r|network|IPTV|부산 해운대구", "region")]


def _steady(det: BurstDetector, start: float, minutes: float, per_min: float, seed: int) -> float:
    rng = random.Random(seed)
    t = start
    fired = 0
    while t < start + minutes * 60:
        t += rng.expovariate(per_min / 60)
        fired += len(det.observe(t, [("t|network|IPTV", "topic")]))
    assert fired == 0
    return t


def test_a_new_local_outage_fires_within_a_minute_after_warm_up():
    det = BurstDetector(CFG)
    t = _steady(det, 0.0, 15, 6, seed=1)
    onset = t + 5
    signals = []
    for i in range(20):
        signals += det.observe(onset + 4 * i, KEY)
    fresh = [s for s in signals if s.new]
    assert len(fresh) == 1
    assert fresh[0].detected_at - onset <= 60
    assert fresh[0].outage and fresh[0].count >= CFG.min_count
    assert fresh[0].first_at <= onset + CFG.bucket_s


def test_nothing_fires_during_warm_up():
    det = BurstDetector(CFG)
    assert all(det.observe(float(i), KEY) == [] for i in range(30))


def test_a_steady_key_at_its_own_rate_does_not_fire_but_triple_does():
    det = BurstDetector(CFG)
    end = _steady(det, 0.0, 45, 12, seed=2)
    # the same key at six times its rate for a minute: a burst
    signals = [s for i in range(72) for s in det.observe(end + i * (60 / 72), [("t|network|IPTV", "topic")])]
    assert any(s.new for s in signals)


@settings(max_examples=15, deadline=None)
@given(per_min=st.floats(min_value=0.5, max_value=40.0), seed=st.integers(0, 10_000))
@example(per_min=9.0, seed=81)  # once fired: the baseline lagged a rising rhythm
def test_poisson_traffic_with_a_slow_rhythm_never_fires(per_min: float, seed: int) -> None:
    det = BurstDetector(CFG)
    rng = random.Random(seed)
    t = 0.0
    while t < 3600:
        rate = per_min * (1 + 0.5 * (t / 3600))  # rises by half over the hour
        t += rng.expovariate(rate / 60)
        assert det.observe(t, [("t|billing|", "topic")]) == []


def test_out_of_order_arrival_gives_the_same_answer():
    events = sorted(random.Random(3).uniform(0, 900) for _ in range(30)) + [900 + 3 * i for i in range(15)]
    a, b = BurstDetector(CFG), BurstDetector(CFG)
    fired_a = {s.key for t in events for s in a.observe(t, KEY) if s.new}
    shuffled = events[:]
    random.Random(4).shuffle(shuffled[-15:])
    tail = shuffled[-15:]
    random.Random(4).shuffle(tail)
    fired_b = {s.key for t in [*events[:-15], *tail] for s in b.observe(t, KEY) if s.new}
    assert fired_a == fired_b == {KEY[0][0]}


def test_contacts_not_events_are_counted():
    det = BurstDetector(CFG)
    _steady(det, 0.0, 15, 2, seed=5)
    # one call's twelve partial transcripts: counted once
    assert not any(det.observe(1000 + i, KEY, count_it=(i == 0)) for i in range(12))


def test_state_is_plain_json_and_survives_a_new_detector():
    store: dict = {}
    det = BurstDetector(CFG, store)
    _steady(det, 0.0, 15, 2, seed=6)
    import json

    restored = BurstDetector(CFG, json.loads(json.dumps(store)))
    onset = 1000.0
    fired = [s for i in range(12) for s in restored.observe(onset + 3 * i, KEY) if s.new]
    assert len(fired) == 1


def test_topic_keys():
    keys = topic_keys("network", "IPTV", "부산", ["셋톱박스", "화면", "IPTV", "장애", "복구"], 3)
    assert keys == [
        ("t|service|IPTV", "topic"),
        ("r|service|IPTV|부산", "region"),
        ("k|network|셋톱박스", "term"),
        ("k|network|화면", "term"),
        ("k|network|장애", "term"),
    ]
    assert topic_keys("praise", "IPTV", "", ["감사"]) == []
    assert topic_keys("device", "IPTV", "부산", [])[1] == ("r|service|IPTV|부산", "region")
    assert topic_keys("billing", "", "", [])[0] == ("t|billing|", "topic")


def test_topic_keys_skip_the_product_among_hashed_terms() -> None:
    hashed = ["#aaaaaaaaaaaa", "#bbbbbbbbbbbb", "#cccccccccccc"]
    keys = topic_keys("network", "IPTV", "", hashed, 3, product_term="#bbbbbbbbbbbb")
    assert keys == [
        ("t|service|IPTV", "topic"),
        ("k|network|#aaaaaaaaaaaa", "term"),
        ("k|network|#cccccccccccc", "term"),
    ]
    assert ("k|network|IPTV", "term") in topic_keys("network", "IPTV", "", ["IPTV"], 3, product_term="#x")
