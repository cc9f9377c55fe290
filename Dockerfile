# One image for every hrflow service; the compose file picks the command.
FROM python:3.11-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY scripts/apt-packages.txt scripts/apt-packages.txt
RUN apt-get update \
 && grep -vE '^\s*(#|$)' scripts/apt-packages.txt | xargs -r apt-get install -y --no-install-recommends \
 && rm -rf /var/lib/apt/lists/*

# Dependencies first, in their own layer: source edits do not reinstall them.
COPY pyproject.toml README.md ./
RUN mkdir -p common gateway agents tracker cli samples \
 && touch common/__init__.py gateway/__init__.py agents/__init__.py tracker/__init__.py \
          cli/__init__.py samples/__init__.py \
 && pip install . && pip uninstall -y hrflow

COPY common common
COPY gateway gateway
COPY agents agents
COPY tracker tracker
COPY cli cli
COPY samples samples
RUN pip install --no-deps . && useradd --create-home --uid 10001 hrflow
USER hrflow
ENV ENVIRONMENT=production LOG_JSON=true
CMD ["hrflow-gateway"]
