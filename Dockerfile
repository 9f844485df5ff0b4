# The CyberSudoe application image: the web server (gunicorn, cms/gunicorn.conf.py) and, with
# another command, the Celery worker. Used by the `app` profile of docker-compose.yml;
# docs/deployment.md says what runs where.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# Catalogues compiled and static files collected (compressed, hashed) into the image; the
# key below only lets the production settings load for collectstatic, it signs nothing.
RUN python manage.py compilemessages -v0 --ignore=.venv \
    && DJANGO_SETTINGS_MODULE=cms.settings.production SECRET_KEY=collectstatic-only-signs-nothing \
       STATIC_ROOT=/app/static python manage.py collectstatic --noinput -v0 \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin cybersudoe \
    && mkdir -p /data/media \
    && chown -R cybersudoe /data

USER cybersudoe
ENV DJANGO_SETTINGS_MODULE=cms.settings.production \
    STATIC_ROOT=/app/static \
    MEDIA_ROOT=/data/media \
    WEB_BIND=0.0.0.0:8000
EXPOSE 8000
CMD ["gunicorn", "-c", "cms/gunicorn.conf.py", "cms.wsgi:application"]
