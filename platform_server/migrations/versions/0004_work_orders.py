"""Halls and work orders (运维工单): each kiosk and each operator belongs to a hall ("" for the city's
centre); a fault opens an order by itself, at most one open order per kiosk and fault (a partial unique
index, so two workers seeing the same heartbeat fault cannot both open one).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

T, I = sa.Text, sa.Integer


def _nn(name: str, kind: type, **kw: object) -> sa.Column:
    return sa.Column(name, kind(), nullable=False, **kw)


def upgrade() -> None:
    with op.batch_alter_table("devices") as table:
        table.add_column(_nn("hall", T, server_default=""))
    with op.batch_alter_table("operators") as table:
        table.add_column(_nn("hall", T, server_default=""))
    op.create_table("work_orders", sa.Column("order_id", I(), primary_key=True, autoincrement=True),
                    _nn("device_id", T), _nn("hall", T), _nn("fault", T), _nn("code", T), _nn("opened_at", T),
                    _nn("due_at", T), _nn("assignee", T), sa.Column("escalated_at", T()), sa.Column("closed_at", T()),
                    _nn("closed_by", T, server_default=""))
    op.create_index("work_orders_open", "work_orders", ["device_id", "fault"], unique=True,
                    sqlite_where=sa.text("closed_at IS NULL"), postgresql_where=sa.text("closed_at IS NULL"))
    op.create_index("work_orders_by_time", "work_orders", ["opened_at"])
    op.create_table("work_order_events", sa.Column("id", I(), primary_key=True, autoincrement=True),
                    _nn("order_id", I), _nn("at", T), _nn("kind", T), _nn("actor", T), _nn("note", T))
    op.create_index("work_order_events_by_order", "work_order_events", ["order_id"])


def downgrade() -> None:
    raise NotImplementedError("restore a backup instead")
