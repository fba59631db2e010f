# One image for every VOC Radar process (worker, ingest, demo, dashboard); the command picks the role.
FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
# CPU build of PyTorch first, pinned (sentence-transformers would otherwise pull CUDA packages).
RUN pip install --no-cache-dir torch==2.13.0
COPY pyproject.toml README.md ./
COPY vocradar vocradar
COPY streams streams
COPY models models
COPY lexicons lexicons
COPY dashboards dashboards
COPY connectors connectors
RUN pip install --no-cache-dir .
# The processes run unprivileged and keep their state (worker tables, logs) in a directory of their
# own: /app stays root-owned and read-only to them.
RUN useradd --create-home vocradar && mkdir -p /var/lib/vocradar && chown vocradar:vocradar /var/lib/vocradar
ENV VOCRADAR_DATA_DIR=/var/lib/vocradar
VOLUME /var/lib/vocradar
USER vocradar
ENTRYPOINT ["vocradar"]
CMD ["worker"]
