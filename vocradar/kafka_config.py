"""Kafka client configuration: the one place that turns :class:`Settings` into client options.

Every Kafka client of the project takes its security options from here: the Faust workers
(:func:`faust_credentials`, aiokafka underneath), the kafka-python producers of the connectors,
``replay`` and ``demo`` (:func:`kafka_python_config`), the topic admin client of
:func:`vocradar.broker.ensure_topics`, and any direct aiokafka client (:func:`aiokafka_config`).
TLS is one :class:`ssl.SSLContext` (:func:`ssl_context`) for all of them, so every client checks
the brokers' certificates, and presents a client certificate, the same way.

It also holds the replication factor of the topics the project and its workers create
(:func:`topic_replication`): the configured one, or the broker's default.
"""

from __future__ import annotations

import ssl
from typing import TYPE_CHECKING, Any

from vocradar.settings import Settings

if TYPE_CHECKING:
    from faust.types.auth import CredentialsT

__all__ = [
    "BROKER_DEFAULT_REPLICATION",
    "aiokafka_config",
    "faust_credentials",
    "kafka_python_config",
    "ssl_context",
    "topic_replication",
]

#: Replication factor sent in CreateTopics to ask for the broker's ``default.replication.factor``.
BROKER_DEFAULT_REPLICATION = -1


def uses_ssl(settings: Settings) -> bool:
    """True when the brokers are reached over TLS (SSL or SASL_SSL)."""
    return settings.kafka_security_protocol in ("SSL", "SASL_SSL")


def uses_sasl(settings: Settings) -> bool:
    """True when clients authenticate with SASL (SASL_PLAINTEXT or SASL_SSL)."""
    return settings.kafka_security_protocol in ("SASL_PLAINTEXT", "SASL_SSL")


def ssl_context(settings: Settings) -> ssl.SSLContext | None:
    """The TLS context of every Kafka client, or None without TLS.

    Broker certificates are checked (against ``VOCRADAR_KAFKA_SSL_CAFILE``, else the system's CAs)
    and so are host names; with a client certificate the context presents it (mutual TLS).
    """
    if not uses_ssl(settings):
        return None
    cafile = str(settings.kafka_ssl_cafile) if settings.kafka_ssl_cafile else None
    ctx = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=cafile)
    if settings.kafka_ssl_certfile is not None:
        secret = settings.kafka_ssl_key_password
        password = secret.get_secret_value() if secret is not None else ""
        ctx.load_cert_chain(
            str(settings.kafka_ssl_certfile),
            str(settings.kafka_ssl_keyfile) if settings.kafka_ssl_keyfile else None,
            # a callable: an encrypted key without its password fails instead of prompting on a terminal
            lambda: password,
        )
    return ctx


def _sasl_options(settings: Settings) -> dict[str, Any]:
    password = settings.kafka_sasl_password
    return {
        "sasl_mechanism": settings.kafka_sasl_mechanism,
        "sasl_plain_username": settings.kafka_sasl_username,
        "sasl_plain_password": password.get_secret_value() if password is not None else None,
    }


def kafka_python_config(settings: Settings) -> dict[str, Any]:
    """Security options of a kafka-python client (``KafkaProducer``, ``KafkaAdminClient``, ...)."""
    config: dict[str, Any] = {"security_protocol": settings.kafka_security_protocol}
    ctx = ssl_context(settings)
    if ctx is not None:
        config["ssl_context"] = ctx
    if uses_sasl(settings):
        config.update(_sasl_options(settings))
    return config


def aiokafka_config(settings: Settings) -> dict[str, Any]:
    """Security options of an aiokafka client (``AIOKafkaProducer``, ``AIOKafkaConsumer``, ...)."""
    # aiokafka names its options as kafka-python does; both take one SSLContext
    return kafka_python_config(settings)


def faust_credentials(settings: Settings) -> CredentialsT | None:
    """Faust's ``broker_credentials`` for the settings (None: PLAINTEXT)."""
    import faust

    ctx = ssl_context(settings)
    if uses_sasl(settings):
        password = settings.kafka_sasl_password
        return faust.SASLCredentials(
            username=settings.kafka_sasl_username,
            password=password.get_secret_value() if password is not None else None,
            ssl_context=ctx,
            mechanism=settings.kafka_sasl_mechanism,
        )
    if ctx is not None:
        return faust.SSLCredentials(ctx)
    return None


def topic_replication(settings: Settings) -> int:
    """Replication factor of created topics: the configured one, else the broker's default (-1)."""
    return settings.topic_replication or BROKER_DEFAULT_REPLICATION
