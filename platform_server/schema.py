"""The platform's schema brought to the newest revision (alembic, platform_server/migrations): at
every start of `kiosk-platform serve` before its workers fork, and by `kiosk-platform migrate`. Safe to
run twice and from two platforms at once (PostgreSQL: an advisory lock held by the migrating
transaction; the DDL is transactional, so a failed migration leaves the previous schema)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.pool import NullPool

from .db import Database

MIGRATIONS = Path(__file__).parent / "migrations"
_MIGRATION_LOCK = 0x6B696F736B       # "kiosk": one number for pg_advisory_xact_lock


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head() or ""


def current(db: Database) -> str:
    engine = sa.create_engine(db.sqlalchemy_url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision() or ""
    finally:
        engine.dispose()


def migrate(db: Database) -> str:
    """Upgrade to the newest revision; returns it."""
    config = _config()
    engine = sa.create_engine(db.sqlalchemy_url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    finally:
        engine.dispose()
    return head()
