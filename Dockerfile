# syntax=docker/dockerfile:1
# One image for every process of the portal: the web app (gunicorn, the default command), the
# Celery worker and Celery beat. docker-compose.yml shows how they are started.
#
#   docker build -t press-office-portal .
#
# Configuration comes from the environment at run time (see portal/settings.py). The image holds
# no secret: compilemessages and collectstatic get a throw-away SECRET_KEY for their RUN only.

# --- base: Python and the system libraries the portal needs at run time ----------------------
FROM python:3.11-slim-bookworm AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=portal.settings

# WeasyPrint loads GObject, Pango, PangoFT2, HarfBuzz (and its subsetter, for smaller PDFs) and
# Fontconfig at run time; DejaVu is the system fallback font with the Kazakh letters.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 \
      fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

# --- build: dependencies, the project, compiled messages, collected static files ------------
FROM base AS build

# msgfmt for compilemessages; needed only here, so it stays out of the final image.
RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext \
 && rm -rf /var/lib/apt/lists/*

RUN python -m venv "$VIRTUAL_ENV"
WORKDIR /app

# Dependencies first, from the runtime lock alone (pinned, with hashes; `make lock` writes it
# from pyproject.toml), so that a change of code reuses this layer.
COPY requirements/base.txt requirements/base.txt
RUN pip install -r requirements/base.txt

# The package holds only portal/; templates/ and locale/ are top-level directories, so the
# portal runs from this source tree. The editable install points `portal` here too.
COPY . .
RUN pip install --no-deps -e .

# .mo files are never committed: they are compiled here. `locale/` is made first because git
# keeps no empty directory and compilemessages fails when it finds no locale directory at all.
# collectstatic must run with DEBUG=false: only then is the storage whitenoise's manifest
# storage that the running portal (DEBUG=false) expects.
RUN mkdir -p locale \
 && SECRET_KEY=build-only DEBUG=false python manage.py compilemessages --verbosity 0 \
 && SECRET_KEY=build-only DEBUG=false python manage.py collectstatic --noinput --verbosity 0

# --- runtime -----------------------------------------------------------------------------
FROM base AS runtime

# A home directory gives Fontconfig a place for its cache.
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin portal

COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
# The stored PDFs (MEDIA_ROOT): a volume that docker-compose.yml shares between web and worker,
# owned by the portal's user when Docker first fills it from here.
RUN mkdir -p /app/var/media && chown portal /app/var/media
WORKDIR /app
USER portal

# gunicorn reads the number of workers from WEB_CONCURRENCY; about 2 × CPUs + 1 is usual.
ENV WEB_CONCURRENCY=3
EXPOSE 8000

# No HEALTHCHECK here: the worker and beat run this image too and serve no HTTP.
# docker-compose.yml gives each service its own check.
# portal/gunicorn.conf.py: the access log on stdout, each line with the request's X-Request-ID.
CMD ["gunicorn", "portal.wsgi:application", \
     "--config", "portal/gunicorn.conf.py", \
     "--bind", "0.0.0.0:8000", \
     "--worker-tmp-dir", "/dev/shm"]
