"""Each kiosk's serving minutes per day, kept up by its heartbeats: the dashboard's availability reads
one row per kiosk and day instead of a week of heartbeat history (20,000 kiosks × 10,080 rows).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("device_days", sa.Column("device_id", sa.Text(), nullable=False),
                    sa.Column("day", sa.Text(), nullable=False),
                    sa.Column("serving_min", sa.Integer(), nullable=False),
                    sa.Column("last_minute", sa.Text(), nullable=False),
                    sa.PrimaryKeyConstraint("device_id", "day"))
    op.create_index("device_days_by_day", "device_days", ["day"])


def downgrade() -> None:
    raise NotImplementedError("restore a backup instead")
