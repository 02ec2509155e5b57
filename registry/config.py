"""Where the registry keeps its data and which database it talks to."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "coop-registry"


def data_dir() -> Path:
    """Per-user data directory (``~/.local/share/coop-registry`` on Linux), or REGISTRY_DATA_DIR."""
    override = os.environ.get("REGISTRY_DATA_DIR")
    path = Path(override) if override else user_data_path(APP_NAME, appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url(explicit: str | None = None) -> str:
    """``--db`` beats REGISTRY_DATABASE_URL, which beats the SQLite file in the data directory."""
    url = explicit or os.environ.get("REGISTRY_DATABASE_URL")
    if not url:
        return f"sqlite:///{data_dir() / 'registry.db'}"
    return driver_url(url)


def reports_database_url(explicit: str | None = None) -> str | None:
    """Where report pages and the API read: REGISTRY_REPORTS_DATABASE_URL (a streaming
    replica of the primary, say), or None for the primary itself."""
    url = explicit or os.environ.get("REGISTRY_REPORTS_DATABASE_URL")
    return driver_url(url) if url else None


def driver_url(url: str) -> str:
    """The URL with the driver the registry ships."""
    if url.startswith(("postgresql://", "postgres://")):
        # psycopg 3 is the driver we ship; SQLAlchemy's bare "postgresql" means psycopg2.
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url
