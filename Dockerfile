# Production image: gunicorn for the web, the same image for Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Only the production lock: every package pinned and checked against its hash.
COPY requirements/base.txt requirements/base.txt
RUN pip install --require-hashes -r requirements/base.txt
COPY . .
RUN SECRET_KEY=build-only python manage.py collectstatic --no-input -v0 \
 && useradd --system --home /app apl && mkdir -p /data && chown apl /data
USER apl
ENV APL_DATA_DIR=/data MEDIA_ROOT=/data/media
EXPOSE 8000
CMD ["gunicorn", "apl.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
