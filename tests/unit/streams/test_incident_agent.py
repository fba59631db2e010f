"""The incident stage's wiring: its one-partition topic and tables, the table-as-mapping adapter, and
repeat contacts read back from voc.raw (on an embedded broker) to be re-scored."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from kafka import KafkaProducer

from vocradar.broker import RAW, EmbeddedBroker, ensure_topics
from vocradar.models.incidents import ContactLedger, ContactRules
from vocradar.models.pipeline import RawMessage, ScoringPipeline
from vocradar.models.types import RiskContext
from vocradar.settings import Settings
from vocradar.streams.app import LINK, create_app
from vocradar.streams.incident_agent import RawReader, TableMapping, parse_ref, rescore_messages


class FakeTable:
    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        self.changelog: list[tuple[int, str, Any]] = []

    def send_changelog(self, partition: int, key: str, value: Any) -> None:
        self.changelog.append((partition, key, value))


def test_table_mapping_writes_through_to_store_and_changelog_per_batch():
    table = FakeTable()
    mapping = TableMapping(table)
    ledger = ContactLedger(ContactRules(), mapping)
    assert ledger.record("cust", "billing", "c1", 0.0) == 0
    assert ledger.record("cust", "billing", "c2", 10.0) == 1
    assert ledger.record("other", "network", "c3", 10.0) == 0
    assert table.data["cust|billing"] == [[0.0, "c1"], [10.0, "c2"]]
    assert table.changelog == [], "the changelog is written per batch, on flush"
    assert mapping.flush() == 2
    assert table.changelog == [
        (0, "cust|billing", [[0.0, "c1"], [10.0, "c2"]]),
        (0, "other|network", [[10.0, "c3"]]),
    ], "one record per changed key, with its latest value"
    assert mapping.flush() == 0
    assert sorted(mapping) == ["cust|billing", "other|network"] and len(mapping) == 2
    del mapping["cust|billing"]
    assert mapping.flush() == 1
    assert table.changelog[-1] == (0, "cust|billing", None) and "cust|billing" not in mapping


def test_the_incident_stage_owns_one_partition_and_changelogged_tables():
    settings = Settings(_env_file=None, kafka_bootstrap="127.0.0.1:1", partitions=4)
    app = create_app(settings)
    app.finalize()
    assert "incidents" in app.agents and "persist_incidents" in app.agents
    assert app.vocradar_topics.link.get_topic_name() == LINK  # type: ignore[attr-defined]
    assert app.vocradar_topics.link.partitions == 1  # type: ignore[attr-defined]
    for name in ("contacts", "bursts", "incidents"):
        assert app.tables[name].partitions == 1
    assert app.tables["notified"].partitions == 4


def test_refs_name_a_topic_partition_and_offset() -> None:
    assert parse_ref("voc.raw:3:1042") == ("voc.raw", 3, 1042)
    assert parse_ref("a:b:c:0:7") == ("a:b:c", 0, 7)
    for bad in ("", "file.jsonl:12", "voc.raw:x:1", "voc.raw:1:-1", "warmup"):
        assert parse_ref(bad) is None


@pytest.fixture(scope="module")
def pipeline() -> ScoringPipeline:
    return ScoringPipeline.build(Settings(_env_file=None))


def test_a_repeat_contact_is_read_back_from_voc_raw_and_rescores_as_the_event(
    tmp_path: Path, pipeline: ScoringPipeline
) -> None:
    """The incident stage re-scores from the bytes the first scoring saw, read back by their
    position in voc.raw: the result is the one the event itself gets as a third contact."""
    events = [
        {
            "event_id": f"t-{i}",
            "source": "ticket",
            "occurred_at": f"2026-11-23T10:0{i}:00+09:00",
            "customer": {"id": "cust-1", "phone": "010-9876-5432"},
            "text": f"요금이 두 번 청구됐어요. 환불해 주세요. 담당자: 박지훈 ({i})",
        }
        for i in range(3)
    ]
    with EmbeddedBroker(log_path=str(tmp_path / "broker.log")) as broker:
        ensure_topics(broker.bootstrap, 2)
        producer = KafkaProducer(bootstrap_servers=broker.bootstrap)
        refs = []
        for i, e in enumerate(events):
            meta = producer.send(RAW, json.dumps(e, ensure_ascii=False).encode(), partition=i % 2).get(10)
            refs.append(f"{meta.topic}:{meta.partition}:{meta.offset}")
        producer.close()
        records: list[dict[str, Any]] = [{"ref": r, "arrived": None} for r in refs]
        records.insert(1, {"ref": f"{RAW}:0:999", "arrived": None})  # past the end: not found
        records.append({"raw": json.dumps(events[0], ensure_ascii=False), "ref": "old", "arrived": None})
        reader = RawReader(
            create_app(Settings(_env_file=None, kafka_bootstrap=broker.bootstrap)), timeout_s=5
        )

        async def read() -> list[RawMessage]:
            try:
                return await rescore_messages(records, reader)
            finally:
                await reader.close()

        msgs = asyncio.run(read())
    originals = [json.dumps(e, ensure_ascii=False).encode() for e in events]
    assert [m.value for m in msgs] == [*originals, originals[0]]
    assert [m.ref for m in msgs] == [*refs, "old"]

    def third(_: Any, __: Any) -> RiskContext:
        return RiskContext(prior_contacts=2)

    direct = pipeline.process([RawMessage(v, "r") for v in originals], third).scored
    again = pipeline.process(msgs[:3], third).scored
    for a, b in zip(direct, again, strict=True):
        assert "repeat_contact" in b.assessment.reasons
        assert (a.prediction, a.assessment, a.redacted_text, a.evidence) == (
            b.prediction,
            b.assessment,
            b.redacted_text,
            b.evidence,
        )
