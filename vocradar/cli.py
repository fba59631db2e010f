"""The ``vocradar`` command line (click, as Faust uses): run, worker, warehouse, score, replay,
ingest, demo, dashboard.

Each command builds the one :class:`~vocradar.settings.Settings` from the environment and
passes it down; options given on the command line override it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import signal
import sys
from pathlib import Path
from typing import Any

import click

from vocradar.settings import Settings

__all__ = ["main"]


def _settings(**overrides: Any) -> Settings:
    return Settings(**{k: v for k, v in overrides.items() if v is not None})


def _logging(level: str) -> None:
    logging.basicConfig(
        level=getattr(logging, level.upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
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
    sup = Supervisor(settings, dashboard=not no_dashboard)
    sys.exit(sup.run_forever())


@main.command()
@click.option("--loglevel", default="info", show_default=True)
def worker(loglevel: str) -> None:
    """A stream worker (Faust): score, persist and notify. Start several to share partitions."""
    from faust.worker import Worker

    from vocradar.broker import ensure_topics
    from vocradar.streams.app import create_app

    settings = _settings()
    if not settings.kafka_bootstrap:
        raise click.UsageError("set VOCRADAR_KAFKA_BOOTSTRAP (or use `vocradar run`, which starts a broker)")
    ensure_topics(settings.kafka_bootstrap, settings.partitions)
    app = create_app(settings)
    rt = app.vocradar_runtime

    @app.task
    async def _warm_up() -> None:
        await rt.run_scoring(rt.warm_up)
        logging.getLogger("vocradar.worker").info("worker ready: pipeline %s", rt.pipeline.model_version)

    Worker(app, loglevel=loglevel, quiet=True).execute_from_commandline()


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
def warehouse(path: Path | None, host: str, port: int | None, loglevel: str) -> None:
    """The embedded warehouse: chDB served over ClickHouse's HTTP interface."""
    from vocradar.connectors.chdb_service import ChdbHttpService

    _logging(loglevel)
    settings = _settings()
    svc = ChdbHttpService(path or settings.data_dir / "warehouse", host, port or settings.warehouse_port)

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

    settings = _settings()
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
    ensure_topics(servers, settings.partitions)
    total = sum(1 for _ in iter_lines(file))
    with KafkaEventSink(servers) as sink, tqdm(total=total, unit="ev", disable=None, file=sys.stderr) as bar:
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
    with KafkaEventSink(settings.kafka_bootstrap, client_id="vocradar-demo") as sink:
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
    run_ingest(settings, tweets=tweets, host=host)


@main.command(context_settings={"ignore_unknown_options": True})
@click.option("--port", type=int, default=None, help="Port (default: VOCRADAR_DASHBOARD_PORT).")
@click.argument("streamlit_args", nargs=-1, type=click.UNPROCESSED)
def dashboard(port: int | None, streamlit_args: tuple[str, ...]) -> None:
    """The Streamlit dashboard for CS quality teams."""
    import os

    from vocradar.runner import dashboard_cmd

    settings = _settings()
    cmd = dashboard_cmd(port or settings.dashboard_port) + list(streamlit_args)
    os.execvp(cmd[0], cmd)


@main.command()
@click.option("--profile", type=click.Choice(["mix", "social"]), default="mix", show_default=True)
@click.option("--events", "n_events", type=int, default=2_000, show_default=True)
@click.option(
    "--stage",
    type=click.Choice(["stream", "analysis", "pipeline"]),
    default="stream",
    show_default=True,
    help="stream: end to end through broker, workers, warehouse and alert delivery; "
    "analysis: the Kiwi analyser on parsed events; pipeline: the scoring pipeline offline (parse to mask).",
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
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object as the last line.")
def bench(
    profile: str,
    n_events: int,
    stage: str,
    workers: int,
    rate: float | None,
    batch: int | None,
    rounds: int,
    as_json: bool,
) -> None:
    """Throughput and latency against the ceiling: raw Kiwi.tokenize of the same texts, same run."""
    from tqdm import tqdm

    from vocradar.bench import bench_analysis, bench_corpus, bench_stream

    settings = _settings()
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
    with KafkaEventSink(settings.kafka_bootstrap) as sink:
        n = send_notes(file, sink)
    click.echo(f"imported {n} notes from {file}", err=True)


def _corpus_files() -> list[Path]:
    from vocradar.models.learned import ARTIFACTS_DIR

    corpus = ARTIFACTS_DIR.parent / "corpus"
    return [p for p in (corpus / "voc_ko.jsonl", corpus / "voc_en.jsonl") if p.is_file()]


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
    help="Labelled JSONL (repeatable). Default: models/corpus/voc_ko.jsonl and voc_en.jsonl.",
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
@click.option("--no-reasons", is_flag=True, help="Do not train the learned reason models.")
@click.option("--no-eval", is_flag=True, help="Do not evaluate the held-out (test) split afterwards.")
def train(
    data: tuple[Path, ...],
    out_dir: Path | None,
    embedding: str | None,
    demo: int,
    no_reasons: bool,
    no_eval: bool,
) -> None:
    """Train the learned classifier (and reason models) on the train split; print held-out figures."""
    from vocradar.models.learned import ARTIFACTS_DIR
    from vocradar.models.training import format_report, summary_line
    from vocradar.models.training import train as do_train

    settings = _settings()
    paths = list(data) or _corpus_files()
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
    from vocradar.models.pipeline import ScoringPipeline
    from vocradar.models.training import evaluate, format_report, plot_report, read_labelled, stage_cost

    settings = _settings(classifier=classifier, risk_model=risk_model)
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
        report.cost["stages"] = stage_cost(pipeline, labelled.lines)
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
