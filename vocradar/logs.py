"""How VOC Radar processes write their logs: text for people, or one JSON object per line.

``VOCRADAR_LOG_FORMAT=json`` makes every process (workers included, through Faust's logging
configuration) write lines a log shipper parses without patterns:
``{"ts": "...Z", "level": "WARNING", "logger": "vocradar...", "msg": "...", "exc": "..."}``.
Messages never carry customer text (the code logs ids, counts and reasons only).
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any, Literal

__all__ = ["TEXT_FORMAT", "JsonFormatter", "logging_config"]

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonFormatter(logging.Formatter):
    """One JSON object per record."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False)


def logging_config(level: str, fmt: Literal["text", "json"] = "text") -> dict[str, Any]:
    """A :func:`logging.config.dictConfig` for stderr at ``level`` in format ``fmt``."""
    formatter: dict[str, Any] = (
        {"()": f"{__name__}.JsonFormatter"} if fmt == "json" else {"format": TEXT_FORMAT}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": formatter},
        "handlers": {
            "stderr": {"class": "logging.StreamHandler", "formatter": "default", "stream": "ext://sys.stderr"}
        },
        "root": {"level": level.upper(), "handlers": ["stderr"]},
    }
