"""The process's Prometheus metrics: what the stream, the warehouse writer and ingest count.

One registry per process (prometheus_client's default), defined here once so every module
counts into the same series. Names follow Prometheus conventions (``vocradar_`` prefix,
``_total`` for counters); label values are table names, reason codes and outcome words, never
customer text.
"""

from __future__ import annotations

from prometheus_client import Counter

__all__ = [
    "INGEST_EVENTS",
    "INGEST_REJECTED",
    "WAREHOUSE_DEAD_ROWS",
    "WAREHOUSE_RETRIES",
    "WAREHOUSE_ROWS",
]

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
