"""Anonymous visit reports for the 效能监察 dashboard (api_schema/analytics.py).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

T, I, F = sa.Text, sa.Integer, sa.Float


def _nn(name: str, kind: type, **kw: object) -> sa.Column:
    return sa.Column(name, kind(), nullable=False, **kw)


def upgrade() -> None:
    op.create_table("session_reports", sa.Column("report_id", T(), primary_key=True), _nn("device_id", T),
                    _nn("started_hour", T), sa.Column("item_code", T()), _nn("seconds", F), _nn("end_reason", T),
                    _nn("applied", I), _nn("last_screen", T), _nn("screens", T), sa.Column("verification", T()),
                    _nn("language", T), _nn("elder_mode", I), _nn("received_at", T))
    op.create_index("session_reports_by_hour", "session_reports", ["started_hour"])


def downgrade() -> None:
    raise NotImplementedError("restore a backup instead")
