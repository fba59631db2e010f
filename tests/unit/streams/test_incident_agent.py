"""The incident stage's wiring: its one-partition topic and tables, and the table-as-mapping adapter."""

from __future__ import annotations

from typing import Any

from vocradar.models.incidents import ContactLedger, ContactRules
from vocradar.settings import Settings
from vocradar.streams.app import LINK, create_app
from vocradar.streams.incident_agent import TableMapping


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
