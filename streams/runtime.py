"""Heavy per-process objects of a stream worker, built once and shared by its agents.

The scoring pipeline (Kiwi, lexicons, models), the warehouse client and the notifiers are
created lazily on first use, never at import, and blocking work runs on a dedicated thread
so the event loop keeps consuming, committing and heart-beating.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from vocradar.connectors.batches import BatchWriter
    from vocradar.connectors.notify import Notifier
    from vocradar.connectors.warehouse import Warehouse
    from vocradar.models.pipeline import BatchResult, ContextFn, RawMessage, ScoringPipeline
    from vocradar.settings import Settings

__all__ = ["Runtime"]

log = logging.getLogger(__name__)
T = TypeVar("T")


class Runtime:
    """Owns the worker's pipeline, warehouse client, notifiers and executors."""

    def __init__(
        self,
        settings: Settings,
        pipeline: ScoringPipeline | None = None,
        warehouse: Warehouse | None = None,
        notifiers: list[Notifier] | None = None,
    ) -> None:
        self.settings = settings
        self._pipeline = pipeline
        self._warehouse = warehouse
        self._notifiers = notifiers
        self._batches: BatchWriter | None = None
        self.ready = False  # set once warm_up has built everything
        # The parts are built on first use by whichever thread needs them first (the warm-up on
        # the scoring thread, an agent on the event loop): once, under this lock.
        self._build_lock = threading.RLock()
        # One thread for scoring (Kiwi spreads a batch over cores itself), one for the warehouse.
        self.score_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vocradar-score")
        self.io_executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="vocradar-io")

    @property
    def pipeline(self) -> ScoringPipeline:
        if self._pipeline is None:
            with self._build_lock:
                if self._pipeline is None:
                    from vocradar.models.pipeline import ScoringPipeline

                    self._pipeline = ScoringPipeline.build(self.settings)
        return self._pipeline

    @property
    def warehouse(self) -> Warehouse:
        if self._warehouse is None:
            with self._build_lock:
                if self._warehouse is None:
                    from vocradar.connectors.warehouse import connect_warehouse

                    self._warehouse = connect_warehouse(self.settings, wait_s=60)
        return self._warehouse

    @property
    def batches(self) -> BatchWriter:
        """The writer the persist agents hand their batches to (it never wedges on a bad row)."""
        if self._batches is None:
            from vocradar.connectors.batches import BatchWriter

            # the warehouse client is built on the I/O thread at the first insert, not here
            self._batches = BatchWriter(self, self.run_io)
        return self._batches

    def insert(self, table: str, rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert rows into a warehouse table (blocking: run it with :meth:`run_io`)."""
        self.warehouse.insert(table, rows)

    @property
    def notifiers(self) -> list[Notifier]:
        if self._notifiers is None:
            with self._build_lock:
                if self._notifiers is None:
                    from vocradar.connectors.notify import build_notifiers

                    self._notifiers = build_notifiers(self.settings)
        return self._notifiers

    async def run_scoring(self, fn: Callable[..., T], *args: Any) -> T:
        """Run CPU-bound work off the event loop."""
        return await asyncio.get_running_loop().run_in_executor(self.score_executor, fn, *args)

    async def score(self, messages: Sequence[RawMessage], context: ContextFn | None = None) -> BatchResult:
        """Score a batch on the scoring thread (the pipeline is built there if it is not yet:
        never on the event loop, which must keep consuming and heart-beating)."""

        def run() -> BatchResult:
            return self.pipeline.process(messages, context) if context else self.pipeline.process(messages)

        return await self.run_scoring(run)

    async def run_io(self, fn: Callable[..., T], *args: Any) -> T:
        """Run blocking I/O (warehouse) off the event loop."""
        return await asyncio.get_running_loop().run_in_executor(self.io_executor, fn, *args)

    def warm_up(self) -> None:
        """Build everything now (used at worker start so the first batch is not slow): the
        pipeline scores :func:`~vocradar.models.pipeline.warm_up_messages`."""
        self.pipeline.warm_up()
        _ = self.warehouse
        _ = self.notifiers
        self.ready = True

    def close(self) -> None:
        self.score_executor.shutdown(wait=False, cancel_futures=True)
        self.io_executor.shutdown(wait=False, cancel_futures=True)
        if self._warehouse is not None:
            self._warehouse.close()
