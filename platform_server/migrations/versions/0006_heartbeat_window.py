"""Each kiosk's heartbeats counted per minute in its latest-state row: a kiosk flooding heartbeats is
refused (429) by the same statement that records one, with no row per request.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("device_state") as table:
        table.add_column(sa.Column("window_start", sa.Text(), nullable=False, server_default=""))
        table.add_column(sa.Column("beats", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    raise NotImplementedError("restore a backup instead")
