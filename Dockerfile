# One image for every VOC Radar process (worker, ingest, demo, dashboard); the command picks the role.
FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# CPU build of PyTorch first, pinned, from PyTorch's CPU index: PyPI's torch wheels for Linux pull
# several GB of CUDA packages (sentence-transformers would otherwise bring them in).
RUN pip install --no-cache-dir torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
# The sources are only built here, then removed: at run time no `vocradar/` source folder in the
# working directory shadows the installed package (`python -m ...` puts the working directory first).
WORKDIR /build
COPY pyproject.toml README.md ./
COPY vocradar vocradar
COPY streams streams
COPY models models
COPY lexicons lexicons
COPY dashboards dashboards
COPY connectors connectors
RUN pip install --no-cache-dir . && rm -rf /build
WORKDIR /
# The processes run unprivileged and keep their state (worker tables, logs) in a directory of their
# own, which is also their working directory; the installed package stays root-owned and read-only.
RUN useradd --create-home vocradar && mkdir -p /var/lib/vocradar && chown vocradar:vocradar /var/lib/vocradar
ENV VOCRADAR_DATA_DIR=/var/lib/vocradar
VOLUME /var/lib/vocradar
WORKDIR /var/lib/vocradar
USER vocradar
ENTRYPOINT ["vocradar"]
CMD ["worker"]
