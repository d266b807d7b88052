# syntax=docker/dockerfile:1
# Production image: the API only. The embedded SecantusDB is a dev/test tool and is NOT installed;
# ATS_MONGODB_URI must point at a MongoDB replica set (the settings refuse to start otherwise).
# Not built on the project's machines (no Docker engine there): a starting point, not yet run.
FROM python:3.11-slim-bookworm AS build
WORKDIR /src
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/venv
# The pinned, hashed dependencies first (`make lock` regenerates the file): a layer that changes
# only when they do, and an install that fails if any downloaded file is not the one locked.
COPY requirements.lock ./
RUN /opt/venv/bin/pip install --require-hashes --no-deps -r requirements.lock
COPY pyproject.toml README.md ./
COPY app ./app
# A non-editable install: the migrations ship inside the package (app/migrations).
RUN /opt/venv/bin/pip install --no-deps . && /opt/venv/bin/python -c \
    "from app.migrate import discover; n = len(discover()); assert n, 'no migrations'; print(n, 'migrations')"

FROM python:3.11-slim-bookworm AS runtime
RUN groupadd --system ats && useradd --system --gid ats --home-dir /srv --shell /usr/sbin/nologin ats
COPY --from=build /opt/venv /opt/venv
# No copy of the sources here: the installed package is what runs (a stray ./app would shadow it).
WORKDIR /srv
ENV PATH=/opt/venv/bin:$PATH PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    ATS_ENV=production ATS_HOST=0.0.0.0 ATS_PORT=8000
USER ats
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz').status != 200)"
# Migrations run as a one-off job before a rollout (`docker compose run --rm migrate`); `serve`
# refuses to start while any is pending.
CMD ["python", "-m", "app", "serve"]
