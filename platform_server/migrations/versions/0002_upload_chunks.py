"""Attachments in chunks: an upload is written as it streams in and read back the same way, never whole
in a worker's memory. Uploads and attachments from before keep their `data`; new ones leave it empty
and point at their chunks.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("upload_chunks", sa.Column("device_id", sa.Text(), nullable=False),
                    sa.Column("upload_id", sa.Text(), nullable=False), sa.Column("seq", sa.Integer(), nullable=False),
                    sa.Column("data", sa.LargeBinary(), nullable=False),
                    sa.PrimaryKeyConstraint("device_id", "upload_id", "seq"))
    with op.batch_alter_table("attachments") as table:
        table.add_column(sa.Column("device_id", sa.Text()))
        table.add_column(sa.Column("upload_id", sa.Text()))


def downgrade() -> None:
    raise NotImplementedError("restore a backup instead")
