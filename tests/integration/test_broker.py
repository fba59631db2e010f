"""The embedded broker: starts on a free port, serves the Kafka protocol, stops without orphans."""

from __future__ import annotations

import os

import pytest
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition

from vocradar.broker import TOPICS, EmbeddedBroker, ensure_topics

pytestmark = pytest.mark.integration


def test_topics_produce_consume_and_clean_stop(tmp_path):
    b = EmbeddedBroker(log_path=str(tmp_path / "b.log")).start()
    pid = b.proc.pid if b.proc else None
    try:
        ensure_topics(b.bootstrap, 4)
        ensure_topics(b.bootstrap, 4)  # idempotent
        admin = KafkaAdminClient(bootstrap_servers=b.bootstrap)
        assert set(TOPICS) <= set(admin.list_topics())
        parts = {
            (t.get("topic") or t.get("name")): len(t["partitions"])
            for t in admin.describe_topics(list(TOPICS))
        }
        assert parts["voc.raw"] == 4 and parts["voc.dead"] == 2
        admin.close()
        prod = KafkaProducer(bootstrap_servers=b.bootstrap)
        for i in range(10):
            prod.send("voc.raw", key=b"conv-1", value=f"{i}".encode())
        prod.flush()
        prod.close()
        cons = KafkaConsumer(bootstrap_servers=b.bootstrap, consumer_timeout_ms=3000)
        tps = [TopicPartition("voc.raw", p) for p in range(4)]
        cons.assign(tps)
        cons.seek_to_beginning()
        got = [m for m in cons]
        cons.close()
        # one key, one partition, in order
        assert [m.value for m in got] == [str(i).encode() for i in range(10)]
        assert len({m.partition for m in got}) == 1
    finally:
        b.stop()
    assert pid is not None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
