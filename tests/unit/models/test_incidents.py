"""Incident linking, repeat contacts, routing rules and the incident stage, on plain dicts."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from vocradar.models.bursts import BurstSignal
from vocradar.models.incidents import (
    ContactLedger,
    ContactRules,
    EventFacts,
    IncidentLinker,
    IncidentStage,
    LinkConfig,
    Router,
    RoutingRules,
    TermHasher,
    is_hashed_term,
    load_routing,
    repeat_contacts_sql,
    repeated_questions_sql,
)

CALL_TERMS = ("기가인터넷", "해지", "위약금", "할인", "혜택", "녹음", "유튜브", "올리다", "방어", "상담원")


def _ev(event_id: str, t: float, source: str, **kw: object) -> EventFacts:
    base: dict = {"incident_key": kw.pop("incident_key", event_id)}
    base.update(kw)
    return EventFacts(event_id=event_id, t=t, source=source, **base)


def _call() -> EventFacts:
    return _ev(
        "call-1",
        0.0,
        "call",
        incident_key="conv-1",
        conversation_id="conv-1",
        customer_key="cust-a",
        product="기가인터넷",
        category="cancellation",
        level="critical",
        reasons=("publicity_threat", "agent_obstruction"),
        terms=CALL_TERMS,
        alert=True,
    )


def test_tweets_quoting_a_call_join_its_incident_and_an_unrelated_one_does_not():
    linker = IncidentLinker(LinkConfig())
    opened = linker.link(_call())
    assert opened.how == "new" and opened.incident_key == "conv-1"
    tweet = _ev(
        "tw-1",
        2100.0,
        "tweet",
        category="cancellation",
        level="high",
        terms=("해지", "방어", "녹음", "유튜브", "위약금", "상담원"),
    )
    link = linker.link(tweet)
    assert link.incident_key == "conv-1" and link.how == "story"
    assert "new_source" in link.changes
    other = _ev(
        "tw-2", 2200.0, "tweet", category="billing", level="high", terms=("요금", "청구", "폭탄", "문자")
    )
    assert linker.link(other).incident_key == "tw-2"


def test_a_tweet_too_late_or_about_another_product_stays_apart():
    linker = IncidentLinker(LinkConfig(story_horizon_s=3600))
    linker.link(_call())
    late = _ev("tw-late", 4 * 3600.0, "tweet", category="cancellation", terms=CALL_TERMS[:6])
    assert linker.link(late).incident_key == "tw-late"
    other_product = _ev("tw-p", 600.0, "tweet", category="cancellation", product="IPTV", terms=CALL_TERMS[:6])
    assert linker.link(other_product).incident_key == "tw-p"


def test_the_same_customer_on_another_channel_joins_but_another_call_stays_its_own():
    linker = IncidentLinker(LinkConfig())
    linker.link(_call())
    ticket = _ev("tk-1", 3000.0, "ticket", customer_key="cust-a", category="cancellation", terms=("해지",))
    assert linker.link(ticket).how == "customer"
    second_call = _ev(
        "call-2",
        4000.0,
        "call",
        incident_key="conv-2",
        conversation_id="conv-2",
        customer_key="cust-a",
        category="cancellation",
        level="critical",
        alert=True,
        terms=CALL_TERMS,
    )
    assert linker.link(second_call).incident_key == "conv-2"


def test_partials_of_a_call_and_redelivery_change_nothing_twice():
    linker = IncidentLinker(LinkConfig())
    linker.link(_call())
    again = linker.link(_call())
    assert again.changes == () and again.incident is not None and again.incident["events"] == 1
    partial = _ev("call-1#2", 30.0, "call", incident_key="conv-1", conversation_id="conv-1", level="high")
    link = linker.link(partial)
    assert link.how in ("conversation", "own") and link.incident is not None
    assert link.incident["events"] == 2 and "level_rise" not in link.changes


def test_a_new_burst_opens_an_incident_and_later_reports_join_it():
    linker = IncidentLinker(LinkConfig())
    sig = BurstSignal("r|network|IPTV|부산", "region", "network", 6, 0.1, 1e-9, 100.0, 70.0, True)
    first = linker.link(_ev("r-1", 100.0, "ticket", category="network"), [sig])
    assert first.how == "new" and first.incident_key.startswith("burst-")
    assert first.incident is not None and first.incident["opened_at"] == 70.0
    assert "service_outage" in first.incident["reasons"]
    ongoing = BurstSignal(sig.key, "region", "network", 9, 0.1, 1e-9, 100.0, 70.0, False)
    assert (
        linker.link(_ev("r-2", 110.0, "tweet", category="network"), [ongoing]).incident_key
        == first.incident_key
    )


def test_state_is_json_and_a_new_linker_links_as_before():
    store: dict = {}
    IncidentLinker(LinkConfig(), store).link(_call())
    restored = IncidentLinker(LinkConfig(), json.loads(json.dumps(store)))
    ticket = _ev("tk-1", 3000.0, "ticket", customer_key="cust-a", category="cancellation")
    assert restored.link(ticket).incident_key == "conv-1"


def test_contact_ledger_counts_contacts_not_partials():
    ledger = ContactLedger(ContactRules())
    assert ledger.record("c", "billing", "conv-1", 0) == 0
    assert ledger.record("c", "billing", "conv-1", 10) == 0  # a partial of the same call
    assert ledger.record("c", "billing", "ev-2", 100) == 1
    assert ledger.record("c", "billing", "ev-3", 200) == 2
    assert ledger.record("c", "network", "ev-4", 300) == 0
    assert ledger.record("", "billing", "ev-5", 300) == 0
    assert ledger.record("c", "billing", "ev-6", 200 + 31 * 86400) == 0  # older ones expired


def _incident(level: str = "critical", **kw: object) -> dict:
    return {"level": level, "reasons": [], "sources": ["call"], "events": 1, **kw}


def test_router_tiers_open_updates_cooldown_and_acknowledgement():
    router = Router(load_routing(None))
    assert router.tier(_incident("high")) == 1
    assert router.tier(_incident("critical")) == 2
    assert router.tier(_incident("high", reasons=["service_outage"], events=8)) == 2
    assert router.decide(_incident("high"), ["opened"], 0, None).action == "skip"  # 1st line: dashboard
    assert router.decide(_incident(), ["opened"], 0, None).action == "open"
    memory = {"opened": True, "rank": 3, "last_update_t": 0.0, "updates": 0}
    assert router.decide(_incident(), ["linked"], 10, memory).action == "skip"
    assert router.decide(_incident(), ["new_source"], 10, memory).why == "cooldown"
    assert router.decide(_incident(), ["new_source"], 700, memory).action == "update"
    assert router.decide(_incident(), ["burst", "linked"], 10, memory).action == "update"  # no cooldown
    acked = {**memory, "ack_rank": 3}
    assert router.decide(_incident(), ["new_source"], 700, acked, "acknowledged").action == "skip"
    assert router.decide(_incident(), ["new_source"], 700, acked, "reopened").action == "update"
    low = {"opened": True, "rank": 2, "last_update_t": 0.0, "ack_rank": 2}
    rise = router.decide(_incident(), ["level_rise"], 5, low, "acknowledged")
    assert rise.action == "update"  # a level rise after acknowledgement is still told


def test_routing_file_is_validated(tmp_path: Path):
    bad = tmp_path / "routing.yaml"
    bad.write_text("escalate:\n  - min_level: urgent\n", encoding="utf-8")
    with pytest.raises(ValidationError):
        load_routing(bad)
    typo = tmp_path / "typo.yaml"
    typo.write_text("updates:\n  cooldown: 10\n", encoding="utf-8")
    with pytest.raises(ValidationError):
        load_routing(typo)
    assert isinstance(load_routing(None), RoutingRules)


def _row(event_id: str, occurred_at: str, **kw: object) -> dict:
    row = {
        "event_id": event_id,
        "occurred_at": occurred_at,
        "source": "ticket",
        "conversation_id": "",
        "incident_key": event_id,
        "customer_key": "",
        "product": "",
        "category": "network",
        "risk": 0.1,
        "risk_level": "low",
        "alert": 0,
        "reasons": [],
        "evidence": "[]",
        "redacted_text": "",
    }
    row.update(kw)
    return row


def test_stage_sets_outage_reasons_and_rekeys_the_rows():
    stage = IncidentStage(load_routing(None))
    for i in range(40):  # twenty minutes of quiet background
        minute, second = divmod(i * 30, 60)
        stage.link(
            _row(f"bg-{i}", f"2026-11-23T09:{minute:02d}:{second:02d}+09:00", category="billing"), ["요금"]
        )
    outs = [
        stage.link(
            _row(f"r-{i}", f"2026-11-23T09:25:{i * 4:02d}+09:00", product="IPTV"),
            ["셋톱박스"],
            "부산 해운대구",
        )
        for i in range(12)
    ]
    flagged = [o for o in outs if "service_outage" in o.row["reasons"]]
    assert flagged and flagged[0].row["risk_level"] in ("high", "critical") and flagged[0].row["alert"] == 1
    assert flagged[0].alert is not None and flagged[0].alert["incident"]["kind"] == "burst"
    assert {o.row["incident_key"] for o in flagged} == {flagged[0].row["incident_key"]}
    assert flagged[-1].incident is not None and flagged[-1].incident["status"] in ("open", "escalated")


@pytest.mark.parametrize("clamped", [True, False])
def test_one_event_dated_years_ahead_does_not_switch_outage_detection_off(clamped: bool) -> None:
    """The burst clock runs on event time but never past arrival + the margin: without the clamp
    (no arrival time on the rows) one forged date moves the windows years ahead and the outage
    that follows is missed; with it, the outage is found."""

    def arrived(at: str) -> dict:
        return {"arrived_at": at} if clamped else {}

    stage = IncidentStage(load_routing(None), future_margin_s=300)
    for i in range(40):
        minute, second = divmod(i * 30, 60)
        at = f"2026-11-23T09:{minute:02d}:{second:02d}+09:00"
        stage.link(_row(f"bg-{i}", at, category="billing", **arrived(at)), ["요금"])
    stage.link(
        _row(
            "forged", "2031-01-01T00:00:00+09:00", category="billing", **arrived("2026-11-23T09:20:00+09:00")
        ),
        ["요금"],
    )
    outs = [
        stage.link(
            _row(
                f"r-{i}",
                f"2026-11-23T09:25:{i * 4:02d}+09:00",
                product="IPTV",
                **arrived(f"2026-11-23T09:25:{i * 4:02d}+09:00"),
            ),
            ["셋톱박스"],
            "부산 해운대구",
        )
        for i in range(12)
    ]
    detected = any("service_outage" in o.row["reasons"] for o in outs)
    assert detected is clamped


def test_keyed_state_forgets_customers_and_incidents_after_their_window() -> None:
    contacts: dict = {}
    incidents: dict = {}
    stage = IncidentStage(load_routing(None), contacts=contacts, incidents=incidents)
    day = 86_400
    t0 = datetime(2026, 10, 1, tzinfo=UTC).timestamp()

    def at(t: float) -> str:
        return datetime.fromtimestamp(t, UTC).isoformat()

    row = _row("c-1", at(t0), customer_key="cust-a", category="billing", risk_level="high", alert=1)
    stage.prior_contacts(row)
    stage.link(row, ["요금", "폭탄"])
    assert "cust-a|billing" in contacts and incidents
    # ten days later the incident is past linking.keep_s (7 days); the customer is still kept
    later = _row("c-2", at(t0 + 10 * day), customer_key="cust-b", category="network")
    stage.prior_contacts(later)
    stage.link(later, ["인터넷"])
    assert "cust-a|billing" in contacts and not any(k.startswith("c-1") for k in incidents)
    # after the contacts horizon (30 days) the customer is forgotten too
    stage.link(_row("c-3", at(t0 + 31 * day), category="network"), ["인터넷"])
    assert "cust-a|billing" not in contacts and "cust-b|network" in contacts
    assert stage.expire(t0 + 45 * day)["contacts"] == 1 and contacts == {}


def test_the_idempotency_key_is_source_and_event_id() -> None:
    """The contract makes event_id unique per source: a ticket and a tweet that share an id are two
    events; the same tweet delivered twice is one."""
    from vocradar.models.incidents import ContactLedger, EventFacts, IncidentLinker

    linker = IncidentLinker(load_routing(None).linking)
    t0 = 1_790_000_000.0
    first = linker.link(
        EventFacts("1001", t0, "ticket", "inc-1", customer_key="c1", level="high", alert=True)
    )
    assert first.incident is not None
    same_id_other_source = EventFacts(
        "1001", t0 + 60, "tweet", "inc-2", customer_key="c1", level="high", alert=True
    )
    second = linker.link(same_id_other_source)
    assert second.incident_key == first.incident_key and second.incident is not None
    assert second.incident["events"] == 2
    again = linker.link(same_id_other_source)  # redelivered
    assert again.incident is not None and again.incident["events"] == 2 and again.changes == ()

    ledger = ContactLedger(load_routing(None).contacts)
    stage = IncidentStage(load_routing(None))
    stage.ledger = ledger
    rows = [
        _row("77", "2026-11-23T09:00:00+09:00", source="ticket", customer_key="c9", category="billing"),
        _row("77", "2026-11-23T09:05:00+09:00", source="chat", customer_key="c9", category="billing"),
    ]
    assert [stage.prior_contacts(r) for r in rows] == [0, 1]  # two contacts, not one


def test_stage_rescore_rule():
    assert IncidentStage.needs_rescore({"reasons": [], "category": "billing"}, 2)
    assert not IncidentStage.needs_rescore({"reasons": ["repeat_contact"], "category": "billing"}, 3)
    assert not IncidentStage.needs_rescore({"reasons": [], "category": "praise"}, 5)
    assert not IncidentStage.needs_rescore({"reasons": [], "category": "billing"}, 1)


def test_pattern_queries_name_the_database():
    assert "db1.voc_events FINAL" in repeat_contacts_sql("db1")
    assert "HAVING contacts >= 3" in repeat_contacts_sql("db1")
    assert "db1.voc_events FINAL" in repeated_questions_sql("db1")


def test_lead_time_report_per_incident():
    from vocradar.models.incidents import lead_time_report

    scored = [
        {"event_id": "call", "occurred_at": "2026-11-23T09:15:00+09:00", "incident_key": "k",
         "alert": 1, "reasons": ["publicity_threat"], "source": "call"},
        {"event_id": "tw0", "occurred_at": "2026-11-23T09:50:00+09:00", "incident_key": "k",
         "alert": 1, "reasons": [], "source": "tweet"},
        {"event_id": "tw9", "occurred_at": "2026-11-23T09:53:00+09:00", "incident_key": "k",
         "alert": 0, "reasons": ["burst"], "source": "tweet"},
        {"event_id": "bg", "occurred_at": "2026-11-23T09:00:00+09:00", "incident_key": "bg",
         "alert": 0, "reasons": [], "source": "tweet"},
    ]  # fmt: skip
    notes = [
        {"incident_key": "k", "channel": "slack", "ok": 1},
        {"incident_key": "k", "channel": "slack", "ok": 1},
        {"incident_key": "k", "channel": "email", "ok": 0},
    ]
    report = lead_time_report(scored, notes)
    assert list(report) == ["k"]
    k = report["k"]
    assert k["first_alert_event"] == "call" and k["alerts"] == 2
    assert k["lead_vs_social_min"] == 35.0 and k["lead_vs_burst_min"] == 38.0
    assert k["messages"] == {"slack": 2}


def test_digest_window_covers_each_change_once_with_an_overlap_for_rows_in_flight() -> None:
    from vocradar.models.incidents import DigestRules, DigestWindow, digest_sql

    rules = DigestRules(min_level="high", every_s=600, channels=("email",), max_items=2)
    window = DigestWindow(rules, grace_s=60)
    assert window.since_ms(10_000.0) == (10_000 - 600) * 1000  # the first digest looks back a period

    rows = [{"incident_key": "a", "version": 1}, {"incident_key": "b", "version": 1}]
    assert window.select(rows, 10_000.0) == rows
    # the next period starts before the previous digest: what was in flight then is not missed
    assert window.since_ms(10_600.0) == (10_000 - 60) * 1000
    later = [
        {"incident_key": "a", "version": 1},  # unchanged, in the overlap: not repeated
        {"incident_key": "b", "version": 2},  # changed since: in again
        {"incident_key": "c", "version": 1},
        {"incident_key": "d", "version": 1},  # beyond max_items: not sent, so not remembered
    ]
    assert [r["incident_key"] for r in window.select(later, 10_600.0)] == ["b", "c"]
    assert window.sent == {"a": 1, "b": 2, "c": 1}
    assert [r["incident_key"] for r in window.select(later, 11_200.0)] == ["d"]

    sql = digest_sql("vocradar", rules, extra=3)
    assert "'high', 'critical'" in sql and "'medium'" not in sql
    assert sql.rstrip().endswith("LIMIT 5") and "{since_ms:Int64}" in sql


def test_term_hasher_is_keyed_stable_and_keeps_only_content_terms() -> None:
    h = TermHasher("salt-a")
    assert h("박지훈") == TermHasher("salt-a")("박지훈") != TermHasher("salt-b")("박지훈")
    assert is_hashed_term(h("박지훈")) and not is_hashed_term("박지훈")
    assert h(h("해지")) == h("해지"), "a hashed term is not hashed again"
    # stop terms, jamo-only terms and duplicates go; the order stays
    terms = ["해지", "하다", "ㅋㅋ", "기가인터넷", "위약금", "해지"]
    assert h.terms(terms) == [h("해지"), h("기가인터넷"), h("위약금")] == h.terms(terms)  # cached
    assert h.terms(h.terms(["해지", "위약금"])) == h.terms(["해지", "위약금"])
    assert len({h(f"단어{i}") for i in range(5000)}) == 5000


def _story_and_outage(stage: IncidentStage) -> list[tuple[str, str, list[str]]]:
    """A call with a name among its terms, the tweets quoting it, then an outage in one region:
    where each event went and the reasons it got."""
    name = "박지훈"
    rows = [
        (
            _row(
                "call-1",
                "2026-11-23T09:00:00+09:00",
                source="call",
                conversation_id="conv-1",
                incident_key="conv-1",
                customer_key="c1",
                product="기가인터넷",
                category="cancellation",
                risk_level="critical",
                alert=1,
                reasons=["publicity_threat"],
            ),
            [*CALL_TERMS, name],
            "",
        )
    ]
    rows += [
        (
            _row(
                f"tw-{i}",
                f"2026-11-23T09:3{i}:00+09:00",
                source="tweet",
                product="기가인터넷",
                category="cancellation",
                risk_level="high",
                alert=1,
            ),
            ["해지", "방어", "녹음", "유튜브", "위약금", "상담원", name],
            "",
        )
        for i in range(3)
    ]
    for i in range(40):
        minute, second = divmod(i * 30, 60)
        rows.append(
            (
                _row(f"bg-{i}", f"2026-11-23T10:{minute:02d}:{second:02d}+09:00", category="billing"),
                ["요금"],
                "",
            )
        )
    rows += [
        (_row(f"r-{i}", f"2026-11-23T10:25:{i * 4:02d}+09:00", product="IPTV"), ["셋톱박스", name], "부산")
        for i in range(12)
    ]
    outs = [stage.link(row, terms, region) for row, terms, region in rows]
    return [(o.row["incident_key"], o.row["event_id"], o.row["reasons"]) for o in outs]


def test_a_stage_with_hashed_terms_links_as_with_words_and_keeps_no_word() -> None:
    plain = _story_and_outage(IncidentStage(load_routing(None)))
    stores: dict[str, dict] = {"contacts": {}, "bursts": {}, "incidents": {}, "seen": {}}
    stage = IncidentStage(load_routing(None), **stores, term_hasher=TermHasher("secret"))
    hashed = _story_and_outage(stage)
    # the same links and reasons (burst keys differ: they name a hashed term)
    same = [(e, r) for k, e, r in plain if not k.startswith("burst-")]
    assert same == [(e, r) for k, e, r in hashed if not k.startswith("burst-")]
    assert [k.startswith("burst-") for k, _, _ in plain] == [k.startswith("burst-") for k, _, _ in hashed]
    assert {k for k, e, _ in hashed if e.startswith("tw-")} == {"conv-1"}, "the tweets join the call"
    assert any("service_outage" in r for _, e, r in hashed if e.startswith("r-"))
    state = json.dumps(stores, ensure_ascii=False)
    for word in ("박지훈", "셋톱박스", "해지", "녹음", "유튜브", "위약금"):
        assert word not in state
    inc = stores["incidents"]["conv-1"]
    assert inc["story_terms"] and all(is_hashed_term(t) for t in inc["story_terms"])
    assert inc["terms"] and all(is_hashed_term(t) for t in inc["terms"])
    term_keys = [k for k in stores["bursts"] if k.startswith("k|")]
    assert term_keys and all(is_hashed_term(k.split("|")[2]) for k in term_keys)
