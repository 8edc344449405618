"""Each kiosk's daily service hours, set on the platform (NULL: the kiosk's own configuration's).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("devices") as table:
        table.add_column(sa.Column("service_hours", sa.Text()))


def downgrade() -> None:
    raise NotImplementedError("restore a backup instead")
