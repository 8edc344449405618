"""System releases (signed RAUC bundles, kept in chunks like uploads) and their staged rollouts.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("releases", sa.Column("version", sa.Text(), primary_key=True),
                    sa.Column("compatible", sa.Text(), nullable=False),
                    sa.Column("notes", sa.Text(), nullable=False),
                    sa.Column("size", sa.BigInteger(), nullable=False),
                    sa.Column("sha256", sa.Text(), nullable=False),
                    sa.Column("ready", sa.Integer(), nullable=False),
                    sa.Column("uploaded_at", sa.Text(), nullable=False),
                    sa.Column("uploaded_by", sa.Text(), nullable=False))
    op.create_table("release_chunks", sa.Column("version", sa.Text(), nullable=False),
                    sa.Column("seq", sa.Integer(), nullable=False),
                    sa.Column("data", sa.LargeBinary(), nullable=False),
                    sa.PrimaryKeyConstraint("version", "seq"))
    op.create_table("rollouts", sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
                    sa.Column("version", sa.Text(), nullable=False),
                    sa.Column("kiosks", sa.Text(), nullable=False),
                    sa.Column("percent", sa.Integer(), nullable=False),
                    sa.Column("hall", sa.Text(), nullable=False),
                    sa.Column("allow_downgrade", sa.Integer(), nullable=False),
                    sa.Column("state", sa.Text(), nullable=False),
                    sa.Column("created_at", sa.Text(), nullable=False),
                    sa.Column("created_by", sa.Text(), nullable=False))


def downgrade() -> None:
    raise NotImplementedError("restore a backup instead")
