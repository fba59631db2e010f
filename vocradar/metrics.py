"""The process's Prometheus metrics: what the stream, the warehouse writer and ingest count.

One registry per process (prometheus_client's default), defined here once so every module
counts into the same series. Names follow Prometheus conventions (``vocradar_`` prefix,
``_total`` for counters); label values are table names, reason codes and outcome words, never
customer text.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

__all__ = [
    "ALERTS",
    "BATCH_SECONDS",
    "DEAD_LETTERS",
    "EVENTS",
    "INGEST_EVENTS",
    "INGEST_REJECTED",
    "NOTIFICATIONS",
    "WAREHOUSE_DEAD_ROWS",
    "WAREHOUSE_RETRIES",
    "WAREHOUSE_ROWS",
]

EVENTS = Counter(
    "vocradar_events",
    "Events through each stage of a worker, by outcome (score: scored/dead; incidents: linked/"
    "rescored; persist: stored/refused).",
    ["stage", "outcome"],
)
DEAD_LETTERS = Counter("vocradar_dead_letters", "Dead letters written, by reason code.", ["reason"])
ALERTS = Counter("vocradar_alerts", "Alerts raised by the incident stage, by level.", ["level"])
NOTIFICATIONS = Counter(
    "vocradar_notifications",
    "Notification deliveries, by channel (slack, email) and outcome (sent, failed, given_up).",
    ["channel", "outcome"],
)
BATCH_SECONDS = Histogram(
    "vocradar_batch_seconds",
    "Time an agent spends on one batch, by stage.",
    ["stage"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)

WAREHOUSE_ROWS = Counter("vocradar_warehouse_rows", "Rows stored in the warehouse.", ["table"])
WAREHOUSE_DEAD_ROWS = Counter(
    "vocradar_warehouse_dead_rows",
    "Rows the warehouse refused for good; each went to voc_dead with the server's reason.",
    ["table"],
)
WAREHOUSE_RETRIES = Counter(
    "vocradar_warehouse_retries",
    "Failed warehouse writes that were retried, by kind (unavailable, unknown).",
    ["table", "kind"],
)
INGEST_EVENTS = Counter("vocradar_ingest_events", "Events the ingest endpoint accepted.", ["route"])
INGEST_REJECTED = Counter(
    "vocradar_ingest_rejected", "Requests the ingest endpoint refused, by HTTP status.", ["status"]
)
