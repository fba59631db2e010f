"""Benchmarks: workload profiles, the raw-Kiwi ceiling, and the analysis stage measured against it.

Speed is measured here, never in timed tests. Every figure is compared, in the same run and on
the same texts, with the ceiling: raw ``Kiwi.tokenize`` of the texts using both cores (one list
call to a ``Kiwi(num_workers=-1)``, the fastest way Kiwi offers).
"""

from __future__ import annotations

import contextlib
import gc
import json
import random
import resource
import secrets
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from vocradar.connectors.demo import DemoTraffic

__all__ = [
    "PROFILES",
    "BenchResult",
    "bench_analysis",
    "bench_corpus",
    "bench_stream",
    "event_texts",
    "measure_ceiling",
]

PROFILES = ("mix", "social")

# mix: 30% call transcripts of 1,000-5,000 characters (some as growing partials), 20% chats,
# 20% tickets and e-mail, 20% tweets, 10% agent notes, 1% bad input.
_MIX = (("call", 0.30), ("chat", 0.20), ("ticket", 0.10), ("email", 0.10), ("tweet", 0.20), ("note", 0.10))


def _pool(seed: int, n: int) -> dict[str, list[dict[str, Any]]]:
    pool: dict[str, list[dict[str, Any]]] = {}
    for ev in DemoTraffic(seed=seed, retention_call_every_s=float("inf")).batch(n):
        pool.setdefault(ev["source"], []).append(ev)
    return pool


def _long_call(rng: random.Random, calls: list[dict[str, Any]], i: int) -> dict[str, Any]:
    """Join demo calls into one 1,000-5,000 character transcript."""
    target = rng.randint(1_000, 5_000)
    turns: list[dict[str, Any]] = []
    size = 0
    while size < target:
        for t in rng.choice(calls)["turns"]:
            turns.append({"speaker": t["speaker"], "text": t["text"]})
            size += len(t["text"])
    base = rng.choice(calls)
    return {**base, "event_id": f"bench-call-{i}", "conversation_id": f"bench-conv-{i}", "turns": turns}


# Share of events from a customer already seen in the run (a repeat contact). The texts are drawn
# from a pool of demo events, so without fresh identities every pooled customer would recur many
# times; a CS day has about 1.1-1.3 contacts per customer.
REPEAT_SHARE = 0.1


def _customer(rng: random.Random, base: Any, i: int, earlier: list[dict[str, Any]]) -> dict[str, Any]:
    """A fresh customer identity for event ``i`` (keeping followers and segment), or, with
    probability :data:`REPEAT_SHARE`, one seen before in the run."""
    if earlier and rng.random() < REPEAT_SHARE:
        return rng.choice(earlier)
    cust = dict(base) if isinstance(base, dict) else {}
    if "id" in cust or not cust:
        cust["id"] = f"bench-cust-{i}"
    if "handle" in cust:
        cust["handle"] = f"@bench_{i}"
    earlier.append(cust)
    return cust


def _tagged(text: str, tag: int) -> str:
    """``text`` made unique to one event (or one call) by a trailing number."""
    return f"{text} ({tag})"


def _unique_texts(ev: dict[str, Any], tag: int) -> dict[str, Any]:
    """A copy of ``ev`` whose body and customer turns no other event of the run has.

    The demo generator fills a limited set of templates, so its texts recur; real contacts
    rarely repeat word for word, and a cache must not make the benchmark look faster than
    live traffic. Agent turns stay as generated (their stock phrases do recur in real calls).
    """
    out = dict(ev)
    if isinstance(out.get("text"), str) and out["text"]:
        out["text"] = _tagged(out["text"], tag)
    if isinstance(out.get("turns"), list):
        out["turns"] = [
            {**t, "text": _tagged(t["text"], tag)} if t.get("speaker") == "customer" and t.get("text") else t
            for t in out["turns"]
        ]
    return out


def bench_corpus(profile: str, n: int, seed: int = 7) -> list[bytes]:
    """``n`` serialized events of a profile (``mix`` includes 1% bad input).

    Texts come from the demo generator, tagged so that no two events share a text body or a
    customer turn (:func:`_unique_texts`; the partial transcripts of one live call share its
    turns, as they do live). Each event gets its own customer except for
    :data:`REPEAT_SHARE` of them, which come from a customer seen earlier in the run.
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; choose from {PROFILES}")
    rng = random.Random(seed)
    pool = _pool(seed, max(2_000, n // 2))
    out: list[bytes] = []
    earlier: list[dict[str, Any]] = []
    if profile == "social":
        social = pool["tweet"] + [e for e in pool["note"] if len(e.get("text", "")) < 200]
        for i in range(n):
            base = rng.choice(social)
            ev = dict(
                _unique_texts(base, i),
                event_id=f"bench-{i}",
                customer=_customer(rng, base.get("customer"), i, earlier),
            )
            out.append(json.dumps(ev, ensure_ascii=False).encode())
        return out
    kinds, weights = zip(*_MIX, strict=True)
    i = 0
    while len(out) < n:
        if rng.random() < 0.01:
            out.append(rng.choice([b"{broken json", b"[1,2]", b'{"event_id": "x"}', b"\xff\xfe"]))
            continue
        kind = rng.choices(kinds, weights)[0]
        if kind == "call":
            call = _unique_texts(_long_call(rng, pool["call"], i), i)
            call["customer"] = _customer(rng, call.get("customer"), i, earlier)
            if rng.random() < 0.3:  # a live call: its growing partial transcripts, then the final
                turns = call["turns"]
                for k in range(max(1, len(turns) // 3), len(turns), max(1, len(turns) // 3)):
                    part = {
                        **call,
                        "event_id": f"{call['conversation_id']}#{k}",
                        "turns": turns[:k],
                        "meta": {"partial": True},
                    }
                    out.append(json.dumps(part, ensure_ascii=False).encode())
            ev = call
        else:
            ev = _unique_texts(rng.choice(pool[kind]), i)
            ev["customer"] = _customer(rng, ev.get("customer"), i, earlier)
        ev["event_id"] = f"bench-{i}"
        i += 1
        out.append(json.dumps(ev, ensure_ascii=False).encode())
    return out[:n]


def event_texts(raw: Sequence[bytes]) -> list[str]:
    """The texts Kiwi would see for these events: each text body and each turn."""
    texts: list[str] = []
    for line in raw:
        try:
            ev = json.loads(line)
        except (ValueError, UnicodeDecodeError):
            continue
        if not isinstance(ev, dict):
            continue
        if ev.get("text"):
            texts.append(ev["text"])
        texts.extend(t["text"] for t in ev.get("turns") or [] if t.get("text"))
    return texts


@dataclass
class BenchResult:
    """Throughput of one stage on one corpus, next to the ceiling (medians over ``rounds``)."""

    stage: str
    profile: str
    events: int
    texts: int
    chars: int
    rounds: int
    seconds: float
    events_per_s: float
    texts_per_s: float
    chars_per_s: float
    ceiling_seconds: float
    ceiling_chars_per_s: float
    ratio: float
    ratio_min: float
    ratio_max: float
    overhead_pct: float
    rss_mb: float
    #: pipeline stage only: ms per event of each stage, wall and CPU (``stage_cost``)
    stages: dict[str, dict[str, float]] | None = None

    def as_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)


def ceiling_kiwi() -> Any:
    """A plain Kiwi on every core, loaded: what :func:`time_ceiling` measures."""
    from kiwipiepy import Kiwi

    kiwi = Kiwi(num_workers=-1)
    list(kiwi.tokenize(["모델을 불러옵니다.", "해지 요청했는데 안 해줘요"]))
    return kiwi


def time_ceiling(kiwi: Any, texts: list[str]) -> float:
    """Seconds raw ``Kiwi.tokenize`` needs for ``texts`` as one list (Kiwi's own threads)."""
    t0 = time.perf_counter()
    for _ in kiwi.tokenize(texts):
        pass
    return time.perf_counter() - t0


def measure_ceiling(texts: list[str], repeat: int = 2) -> float:
    """Seconds raw ``Kiwi.tokenize`` needs for ``texts`` with every core (best of ``repeat``)."""
    kiwi = ceiling_kiwi()
    return min(time_ceiling(kiwi, texts) for _ in range(repeat))


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_analysis(
    raw: Sequence[bytes],
    profile: str,
    batch_size: int = 200,
    progress: Callable[[int], None] | None = None,
    stage: str = "analysis",
    rounds: int = 3,
) -> BenchResult:
    """Time the analyser, or the whole scoring pipeline, on ``raw`` against raw Kiwi.

    ``stage='analysis'`` measures :meth:`KiwiAnalyzer.analyze` on the parsed events (parsing is
    not analysis; it is timed in the pipeline stage); ``stage='pipeline'`` measures
    :meth:`ScoringPipeline.process` on the raw bytes (parse, analyse, classify, score, mask).
    Both run in batches of ``batch_size``, as a worker sees them.

    The ceiling and the stage alternate for ``rounds`` rounds (caches emptied before each), so
    background load on a small machine hits both alike; the ratio is that of the median times,
    and the range of the per-round ratios shows how steady the machine was.
    """
    import statistics

    from vocradar.models.analyzer import KiwiAnalyzer
    from vocradar.models.events import BadEvent, parse_event
    from vocradar.models.pipeline import RawMessage, ScoringPipeline, settle_heap, warm_up_messages
    from vocradar.settings import Settings

    texts = event_texts(raw)
    chars = sum(len(t) for t in texts)
    kiwi = ceiling_kiwi()
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    thresholds = gc.get_threshold()
    if stage == "pipeline":
        built: list[ScoringPipeline] = []

        def fresh() -> None:
            # a new pipeline per round: no cache of the analyser, the lexicon or the scorers
            # may carry texts over from the round before
            built.clear()
            gc.unfreeze()  # the last round's pipeline may go now
            built.append(ScoringPipeline.build(settings).warm_up())
            settle_heap()  # as a worker does once warm

        batches: list[Any] = [list(raw[i : i + batch_size]) for i in range(0, len(raw), batch_size)]

        def run(batch: Any) -> None:
            built[0].process([RawMessage(r, "bench") for r in batch])
    else:
        from vocradar.lexicons import load_lexicon

        lexicon = load_lexicon(settings.lexicon_dir)
        analyzer = KiwiAnalyzer(num_workers=-1, user_dictionary=lexicon.user_dictionary_path, lexicon=lexicon)
        events = []
        for r in raw:
            with contextlib.suppress(BadEvent):
                events.append(parse_event(r))
        batches = [events[i : i + batch_size] for i in range(0, len(events), batch_size)]

        def run(batch: Any) -> None:
            analyzer.analyze(batch)

        def fresh() -> None:
            analyzer._turns.clear()

        analyzer.analyze([parse_event(m.value) for m in warm_up_messages()])
    stage_times: list[float] = []
    ceiling_times: list[float] = []
    ratios: list[float] = []
    for _ in range(max(rounds, 1)):
        ceiling_times.append(time_ceiling(kiwi, texts))
        fresh()
        t0 = time.perf_counter()
        for batch in batches:
            run(batch)
            if progress is not None:
                progress(len(batch))
        stage_times.append(time.perf_counter() - t0)
        ratios.append(ceiling_times[-1] / stage_times[-1])
    stages = None
    if stage == "pipeline":
        from vocradar.models.training import stage_cost

        fresh()  # what each stage costs, on a pipeline that has not seen these events
        stages = stage_cost(built[0], raw, batch=batch_size)
        built.clear()
        gc.unfreeze()  # leave the collector as it was found (the bench runs inside tests too)
        gc.set_threshold(*thresholds)
    seconds = statistics.median(stage_times)
    ceiling = statistics.median(ceiling_times)
    ratio = ceiling / seconds
    return BenchResult(
        stage=stage,
        profile=profile,
        events=len(raw),
        texts=len(texts),
        chars=chars,
        rounds=len(ratios),
        seconds=round(seconds, 3),
        events_per_s=round(len(raw) / seconds, 1),
        texts_per_s=round(len(texts) / seconds, 1),
        chars_per_s=round(chars / seconds, 1),
        ceiling_seconds=round(ceiling, 3),
        ceiling_chars_per_s=round(chars / ceiling, 1),
        ratio=round(ratio, 3),
        ratio_min=round(min(ratios), 3),
        ratio_max=round(max(ratios), 3),
        overhead_pct=round(100 * (1 / ratio - 1), 1),
        rss_mb=round(_rss_mb(), 1),
        stages=stages,
    )


def _vm_hwm_mb(pid: int) -> float:
    """Peak resident memory of a process (VmHWM), MB."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def plot_latency(
    points: Sequence[Mapping[str, Any]], alerts: Sequence[Mapping[str, Any]], path: Path, title: str
) -> None:
    """Latency of every event (arrival to score) and every delivered alert over the run, as a PNG.

    A stall shows as a column of points, a backlog as a rising slope: the shape says what a
    percentile cannot.
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 4.2), dpi=110)
    ax.scatter([p["t"] for p in points], [max(p["ms"], 1) for p in points], s=3, alpha=0.5, label="scored")
    if alerts:
        ax.scatter(
            [a["t"] for a in alerts],
            [max(a["ms"], 1) for a in alerts],
            s=18,
            marker="x",
            color="crimson",
            label="alert delivered",
        )
    ax.set_yscale("log")
    ax.axhline(1000, color="grey", lw=0.8, ls="--")
    ax.set_xlabel("arrival, seconds since the first event")
    ax.set_ylabel("latency from arrival, ms (log)")
    ax.set_title(title, fontsize=10)
    ax.legend(loc="upper left", fontsize=8)
    ax.grid(alpha=0.3, which="both")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)


def bench_stream(
    raw: Sequence[bytes],
    profile: str,
    workers: int = 1,
    rate: float | None = None,
    progress: Callable[[int], None] | None = None,
    log: Callable[[str], None] = lambda _: None,
    plot: Path | None = None,
) -> dict[str, Any]:
    """Replay ``raw`` through a real broker, ``workers`` stream workers and the warehouse.

    Starts everything embedded on loopback (broker, warehouse service, a webhook receiver for
    alert delivery), waits until the workers are warm, then produces the events (as fast as
    possible, or at ``rate`` events/s) and waits until every one is in the warehouse. Latencies
    are measured from the broker's timestamp of each message to its score (``scored_at``) and to
    the alert's delivery (``voc_notifications.sent_at``). With ``plot``, a PNG of every
    event's latency over the run is written there (:func:`plot_latency`).
    """
    import tempfile
    import threading

    from aiohttp import web

    from vocradar.broker import EmbeddedBroker, ensure_topics
    from vocradar.connectors.base import thread_key
    from vocradar.connectors.producer import KafkaEventSink
    from vocradar.connectors.warehouse import connect_warehouse
    from vocradar.processes import free_port, python_module_cmd, spawn, stop_process, wait_for_port
    from vocradar.settings import Settings

    good = 0
    keys: list[str | None] = []
    for r in raw:
        try:
            obj = json.loads(r)
        except (ValueError, UnicodeDecodeError):
            obj = None
        ok = isinstance(obj, dict) and obj.get("event_id") and obj.get("source")
        good += bool(ok)
        keys.append(thread_key(obj) if isinstance(obj, dict) else None)

    tmp = Path(tempfile.mkdtemp(prefix="vocradar-bench-"))
    procs: list[Any] = []
    hook_port = free_port()
    loop_ready = threading.Event()

    def serve_hook() -> None:
        import asyncio

        async def hook(_: web.Request) -> web.Response:
            return web.Response(text="ok")

        async def main() -> None:
            app = web.Application()
            app.router.add_post("/hook", hook)
            runner = web.AppRunner(app, access_log=None)
            await runner.setup()
            await web.TCPSite(runner, "127.0.0.1", hook_port).start()
            loop_ready.set()
            await asyncio.Event().wait()

        asyncio.run(main())

    threading.Thread(target=serve_hook, daemon=True).start()
    loop_ready.wait(10)
    broker = EmbeddedBroker(log_path=str(tmp / "broker.log")).start()
    try:
        settings = Settings(_env_file=None)  # type: ignore[call-arg]
        ensure_topics(broker.bootstrap, settings.partitions)
        wh_port = free_port()
        wh_password = secrets.token_urlsafe(24)  # the warehouse service answers logged-in clients only
        procs.append(
            spawn(
                python_module_cmd("warehouse", "--path", str(tmp / "wh"), "--port", str(wh_port)),
                env={"VOCRADAR_WAREHOUSE_PASSWORD": wh_password},
                log_path=str(tmp / "warehouse.log"),
            )
        )
        wait_for_port("127.0.0.1", wh_port, 60)
        env = {
            **broker.client_env(),
            "VOCRADAR_WAREHOUSE_URL": f"http://127.0.0.1:{wh_port}",
            "VOCRADAR_SLACK_WEBHOOK_URL": f"http://127.0.0.1:{hook_port}/hook",
            "VOCRADAR_APP_ID": "vocradar-bench",
            "VOCRADAR_WAREHOUSE_PASSWORD": wh_password,
            "VOCRADAR_RUN_EMBEDDED": "true",  # our own embedded broker: the demo salts are fine
        }
        worker_procs = [
            spawn(
                python_module_cmd("worker", "--loglevel", "warning"),
                env=env,
                log_path=str(tmp / f"worker{i}.log"),
            )
            for i in range(workers)
        ]
        procs += worker_procs
        wh = connect_warehouse(
            Settings(  # type: ignore[call-arg]
                _env_file=None,
                warehouse_url=f"http://127.0.0.1:{wh_port}",
                warehouse_password=SecretStr(wh_password),
            )
        )
        db = settings.warehouse_database
        log(f"starting {workers} worker(s), waiting until warm")
        with KafkaEventSink(broker.bootstrap) as sink:
            for p in range(settings.partitions * 2):  # one warm-up event per partition key
                sink.emit(
                    {
                        "event_id": f"warmup-{p}",
                        "source": "note",
                        "occurred_at": "2026-01-01T00:00:00+09:00",
                        "text": "워밍업",
                        "conversation_id": f"warm-{p}",
                    }
                )
            sink.flush()
            deadline = time.monotonic() + 180
            while wh.scalar(f"SELECT count() FROM {db}.voc_events FINAL") < settings.partitions * 2:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"workers did not start; see logs in {tmp}")
                time.sleep(0.5)
            log("replaying")
            t0 = time.monotonic()
            for i, (value, key) in enumerate(zip(raw, keys, strict=True)):
                if rate:
                    due = t0 + i / rate
                    if due > time.monotonic():
                        time.sleep(due - time.monotonic())
                sink.emit_raw(value, key)
                if i % 500 == 499:
                    sink.flush()
            sink.flush()
        target = good + settings.partitions * 2
        done = 0
        while True:
            n = wh.scalar(f"SELECT count() FROM {db}.voc_events FINAL")
            dead = wh.scalar(f"SELECT count() FROM {db}.voc_dead FINAL")
            if progress is not None and n + dead - settings.partitions * 2 > done:
                progress(n + dead - settings.partitions * 2 - done)
                done = n + dead - settings.partitions * 2
            if n >= target and dead >= len(raw) - good:
                break
            if time.monotonic() - t0 > 3600:
                raise RuntimeError("stream did not finish within an hour")
            time.sleep(0.5)
        time.sleep(2)  # let the last notifications land
        stats = wh.query(
            f"""SELECT min(arrived_at) AS first_in, max(scored_at) AS last_out,
                   quantile(0.5)(dateDiff('millisecond', arrived_at, scored_at)) AS p50,
                   quantile(0.95)(dateDiff('millisecond', arrived_at, scored_at)) AS p95,
                   quantile(0.99)(dateDiff('millisecond', arrived_at, scored_at)) AS p99,
                   sum(char_count) AS chars
            FROM {db}.voc_events FINAL WHERE NOT startsWith(event_id, 'warmup-')"""
        )[0]
        alert = wh.query(
            f"""SELECT quantile(0.5)(dateDiff('millisecond', e.arrived_at, n.sent_at)) AS p50,
                   quantile(0.99)(dateDiff('millisecond', e.arrived_at, n.sent_at)) AS p99,
                   count() AS n
            FROM {db}.voc_notifications AS n FINAL
            INNER JOIN (SELECT event_id, arrived_at FROM {db}.voc_events FINAL) AS e
                ON e.event_id = n.event_id
            WHERE n.ok = 1"""
        )[0]
        if plot is not None:
            first = stats["first_in"]
            points = [
                {"t": (r["arrived_at"] - first).total_seconds(), "ms": r["ms"]}
                for r in wh.query(
                    f"""SELECT arrived_at, dateDiff('millisecond', arrived_at, scored_at) AS ms
                    FROM {db}.voc_events FINAL WHERE NOT startsWith(event_id, 'warmup-')"""
                )
            ]
            sent = [
                {"t": (r["arrived_at"] - first).total_seconds(), "ms": r["ms"]}
                for r in wh.query(
                    f"""SELECT e.arrived_at AS arrived_at,
                           dateDiff('millisecond', e.arrived_at, n.sent_at) AS ms
                    FROM {db}.voc_notifications AS n FINAL
                    INNER JOIN (SELECT event_id, arrived_at FROM {db}.voc_events FINAL) AS e
                        ON e.event_id = n.event_id
                    WHERE n.ok = 1"""
                )
            ]
            title = f"{profile}, {len(raw):,} events, {workers} worker(s), {rate or 'max'} events/s offered"
            plot_latency(points, sent, plot, title)
            log(f"latency plot written to {plot}")
        rss = max(_vm_hwm_mb(p.pid) for p in worker_procs)
        wh.close()
    finally:
        for p in reversed(procs):
            stop_process(p)
        broker.stop()
    seconds = max((stats["last_out"] - stats["first_in"]).total_seconds(), 1e-3)
    texts = event_texts(raw)
    chars = int(stats["chars"] or 0)
    log("measuring the raw-Kiwi ceiling on the same texts")
    ceiling = measure_ceiling(texts)
    ceiling_cps = sum(len(t) for t in texts) / ceiling
    return {
        "profile": profile,
        "events": len(raw),
        "workers": workers,
        "offered_rate": rate,
        "seconds": round(seconds, 2),
        "events_per_s": round(len(raw) / seconds, 1),
        "chars_per_s": round(chars / seconds, 1),
        "ceiling_chars_per_s": round(ceiling_cps, 1),
        "ratio": round(chars / seconds / ceiling_cps, 3),
        "p50_score_latency_ms": float(stats["p50"]),
        "p95_score_latency_ms": float(stats["p95"]),
        "p99_score_latency_ms": float(stats["p99"]),
        "p50_alert_latency_ms": float(alert["p50"]) if alert["n"] else None,
        "p99_alert_latency_ms": float(alert["p99"]) if alert["n"] else None,
        "alerts_delivered": int(alert["n"]),
        "rss_mb": round(rss, 1),
    }
