# Thi đua số: one image for web (gunicorn), worker (celery) and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint's libraries (Pango, HarfBuzz with its subsetter, fontconfig). The PDF fonts
# ship in static/fonts, so no font package is needed beyond fontconfig's default.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 fonts-dejavu-core \
        postgresql-client \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --create-home --uid 1000 thidua
WORKDIR /app

# Dependencies first, so a code change does not reinstall them: the exact versions and
# hashes of requirements.lock (refreshed by `make lock`), nothing else.
COPY requirements.lock ./
RUN pip install --require-hashes --no-deps -r requirements.lock

COPY --chown=thidua:thidua . .
# Hashed, compressed static files for WhiteNoise; DEBUG off selects the manifest storage.
RUN DEBUG=false python manage.py collectstatic --no-input -v 0 \
    && mkdir -p /app/media && chown thidua:thidua /app/media

USER thidua
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
