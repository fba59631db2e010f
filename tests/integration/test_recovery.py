"""Reading a changelog to its real end after recovery, on the real broker.

The embedded broker (Tansu 0.6) reports a partition's end offset as the first offset of its last
record batch plus one; Faust's recovery stops there. ``catch_up`` reads what follows.
"""

from __future__ import annotations

import asyncio
import json
from types import SimpleNamespace

import pytest
from faust.types import TP
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic
from yarl import URL

from vocradar.streams.recovery import catch_up

pytestmark = pytest.mark.integration


def test_catch_up_applies_the_records_recovery_stopped_short_of(broker) -> None:
    topic = "vr-test-contacts-changelog"
    admin = KafkaAdminClient(bootstrap_servers=broker.bootstrap)
    admin.create_topics([NewTopic(topic, 1, 1)])
    admin.close()
    producer = KafkaProducer(bootstrap_servers=broker.bootstrap, linger_ms=200)  # one batch
    for i in range(10):
        value = None if i == 7 else json.dumps({"n": i}).encode()
        producer.send(topic, key=json.dumps(f"k{i % 8}").encode(), value=value, partition=0)
    producer.flush()
    producer.close()
    probe = KafkaConsumer(bootstrap_servers=broker.bootstrap)
    reported_end = probe.end_offsets([TopicPartition(topic, 0)])[TopicPartition(topic, 0)]
    probe.close()
    print(f"\nbroker-reported end offset after 10 records in one batch: {reported_end}")

    tp = TP(topic, 0)
    # recovery applied offsets 0..4 (what the worker's table holds), then stopped
    data = {"k0": {"n": 0}, "k1": {"n": 1}, "k2": {"n": 2}, "k3": {"n": 3}, "k4": {"n": 4}, "k7": {"n": -1}}
    table = SimpleNamespace(
        name="contacts", data=data, changelog_topic=SimpleNamespace(get_topic_name=lambda: topic)
    )
    app = SimpleNamespace(
        conf=SimpleNamespace(
            broker=[URL(f"kafka://{broker.bootstrap}")],
            broker_request_timeout=30.0,
            broker_credentials=None,
            ssl_context=None,
        ),
        tables=SimpleNamespace(recovery=SimpleNamespace(active_offsets={tp: 4})),
    )
    applied = asyncio.run(catch_up(app, table, {tp, TP("another-topic", 0)}))
    assert applied == 5
    assert data["k5"] == {"n": 5} and data["k6"] == {"n": 6}
    assert "k7" not in data  # a tombstone deletes
    assert data["k0"] == {"n": 8} and data["k1"] == {"n": 9}  # latest value wins
    # nothing past the end: a second pass applies nothing new
    app.tables.recovery.active_offsets[tp] = 9
    assert asyncio.run(catch_up(app, table, {tp})) == 0
