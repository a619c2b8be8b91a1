# Production image of Bienvenue Docteur: gunicorn serves the site (static files through whitenoise), the
# same image runs the Celery worker and beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Libraries WeasyPrint loads at run time (PDF reports) and a font with every French character.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

# Hashed, compressed static files (CompressedManifestStaticFilesStorage), built once into the image.
RUN DEBUG=false SECRET_KEY=collectstatic-seulement python manage.py collectstatic --noinput

RUN useradd --system --uid 1000 --home-dir /app bienvenuedoc \
    && mkdir -p /app/media \
    && chown bienvenuedoc /app/media
USER bienvenuedoc

EXPOSE 8000
CMD ["gunicorn", "bienvenuedoc.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
