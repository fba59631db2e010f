"""The Faust app's configuration: settings that decide what survives a crash."""

from __future__ import annotations

from vocradar.settings import Settings
from vocradar.streams.app import create_app


def test_tables_are_in_memory_and_recovery_does_not_trust_the_brokers_end_offset() -> None:
    # In-memory tables persist no offsets; the consistency check would only compare a standby's
    # read position with the broker's end offset, which the embedded broker under-reports when the
    # last batch holds several records. With the check on, a killed active worker takes its
    # standbys down with it (ConsistencyError), and the stream stops.
    app = create_app(Settings(_env_file=None), bootstrap="127.0.0.1:9")
    assert str(app.conf.store).startswith("memory:")
    assert app.conf.recovery_consistency_check is False
    assert app.conf.table_standby_replicas >= 1
