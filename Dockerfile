# Impactportaal: one image for web (gunicorn), worker and beat (celery).
# Python 3.13: it keeps the chunk behind the frame stack (CPython gh-142183), which 3.11 unmaps and maps again
# many times per request; the code stays compatible with 3.11 (tests and CI).
FROM python:3.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=impactportal.settings

# WeasyPrint's system libraries (Pango, HarfBuzz's subset library), fonts for the PDFs,
# gettext for the translations, curl for the health checks.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation \
      gettext curl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# Static files and translations are built into the image; a throwaway key is enough for that.
RUN DJANGO_DEBUG=0 DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=build python manage.py collectstatic --noinput \
 && python manage.py compilemessages --ignore=.venv -v0

RUN useradd --create-home --uid 1000 portal && mkdir -p /data/media && chown -R portal /data /app
USER portal

EXPOSE 8000
CMD ["gunicorn", "impactportal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--no-control-socket", "--access-logfile", "-"]
