"""The database a benchmark runs on: created on PostgreSQL when it does not exist yet.

Imported by the benchmarks (``from benchdb import ensure_database``; ``bench/`` is on the
path of a script run from it) or run on its own, as ``bench/load.py`` does for the server
processes it starts: ``DATABASE_URL=postgres://... python bench/benchdb.py``.
"""

from __future__ import annotations

import os

import dj_database_url
import psycopg


def ensure_database(url: str | None = None, *, label: str = "bench") -> bool:
    """Create the PostgreSQL database named by ``url`` (default: DATABASE_URL) if missing.

    Returns True when it was created. Other engines (SQLite) need nothing.
    """
    url = url or os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        return False
    config = dj_database_url.parse(url)
    name = config["NAME"]
    admin = psycopg.connect(
        dbname="postgres",
        user=config["USER"],
        password=config.get("PASSWORD") or None,
        host=config["HOST"],
        port=config["PORT"] or 5432,
        autocommit=True,
    )
    with admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists:
            return False
        admin.execute(f'CREATE DATABASE "{name}"')
    print(f"[{label}] created database {name}")
    return True


if __name__ == "__main__":
    created = ensure_database(label="load")
    print("created" if created else "exists")
