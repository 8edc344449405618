"""alembic's environment for the platform's store: run by platform_server.schema.migrate() with the
connection it opened (never from an alembic.ini: the platform is configured by its own command line)."""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
