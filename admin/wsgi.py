"""The application for a WSGI server other than ``registry serve``'s own (gunicorn with several
worker processes, in a deployment: ``gunicorn -w 4 admin.wsgi:app``). Configured by the
environment: REGISTRY_DATABASE_URL, REGISTRY_REPORTS_DATABASE_URL, REGISTRY_SECRET_KEY,
REGISTRY_DATA_DIR, REGISTRY_PROXIES, REGISTRY_JOBS_URL (see docs/deployment.md)."""

from admin import create_app
from registry.cli import settle_heap

app = create_app()
app.extensions["registry.jobs"].start()  # each worker process takes its share of the jobs
settle_heap()
