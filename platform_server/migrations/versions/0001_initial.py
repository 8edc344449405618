"""The platform's tables as the SQLite store had them before migrations, plus each kiosk's latest state.

A SQLite file from before alembic already holds most of them: every table and index is created only
if missing, and columns added over time (bundles, unclaimed uploads, SMS bound to a kiosk) are added
where they are missing.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

T, I, F, B = sa.Text, sa.Integer, sa.Float, sa.LargeBinary


def _nn(name: str, kind: type, **kw: object) -> sa.Column:
    return sa.Column(name, kind(), nullable=False, **kw)


def _table(name: str, *columns: object) -> None:
    op.create_table(name, *columns, if_not_exists=True)


def _index(name: str, table: str, columns: list[str]) -> None:
    op.create_index(name, table, columns, if_not_exists=True)


def _add_missing(table: str, column: sa.Column) -> None:
    have = {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}
    if column.name not in have:
        op.add_column(table, column)


def upgrade() -> None:
    _table("devices", sa.Column("device_id", T(), primary_key=True), _nn("name", T),
           _nn("token_hash", T, unique=True), sa.Column("public_key_pem", T()), _nn("enrolled_at", T),
           _nn("revoked", I, server_default="0"))
    _table("pairing_codes", sa.Column("code", T(), primary_key=True), _nn("expires_at", T),
           sa.Column("used_at", T()), sa.Column("device_id", T()))
    _table("catalog", sa.Column("id", I(), sa.CheckConstraint("id = 1"), primary_key=True, autoincrement=False),
           _nn("watermark", I), _nn("body", T), _nn("etag", T))
    _table("counters", sa.Column("name", T(), primary_key=True), _nn("value", I))
    _table("applications", sa.Column("application_no", T(), primary_key=True), _nn("device_id", T),
           _nn("idempotency_key", T), _nn("request_hash", T), _nn("item_code", T), _nn("item_name", T),
           _nn("applicant_name", T), _nn("id_number", T), _nn("body", T), _nn("status", T), _nn("accepted_at", T),
           _nn("promised_by", T), _nn("instant", I), _nn("bundle_no", T, server_default=""),
           sa.UniqueConstraint("device_id", "idempotency_key"))
    _add_missing("applications", _nn("bundle_no", T, server_default=""))
    _index("applications_by_id_number", "applications", ["id_number"])
    _index("applications_by_bundle", "applications", ["bundle_no"])
    _table("attachments", _nn("application_no", T), _nn("material_code", T), _nn("filename", T),
           _nn("content_type", T), _nn("size", I), _nn("data", B))
    _index("attachments_by_application", "attachments", ["application_no"])
    _table("uploads", _nn("upload_id", T), _nn("device_id", T), _nn("filename", T), _nn("content_type", T),
           _nn("size", I), _nn("sha256", T), _nn("data", B), sa.Column("application_no", T()),
           _nn("created_at", T, server_default=""), sa.PrimaryKeyConstraint("device_id", "upload_id"))
    _add_missing("uploads", _nn("created_at", T, server_default=""))
    _table("progress", _nn("application_no", T), _nn("seq", I), _nn("stage", T), _nn("at", T), _nn("note", T),
           sa.PrimaryKeyConstraint("application_no", "seq"))
    _table("evaluations", sa.Column("evaluation_id", T(), primary_key=True), _nn("application_no", T),
           _nn("stage", T), _nn("level", I), _nn("comment", T), _nn("at", T), _nn("device_id", T),
           sa.UniqueConstraint("application_no", "stage"))
    _table("heartbeats", _nn("device_id", T), _nn("received_at", T), _nn("body", T))
    _index("heartbeats_by_device", "heartbeats", ["device_id", "received_at"])
    # the newest heartbeat of each kiosk: the fleet's view reads one row per kiosk, not the history
    _table("device_state", sa.Column("device_id", T(), primary_key=True), _nn("received_at", T), _nn("body", T))
    if op.get_bind().dialect.name == "sqlite":      # a file from before: each kiosk's newest heartbeat
        op.execute("INSERT OR IGNORE INTO device_state SELECT device_id, MAX(received_at), body FROM heartbeats"
                   " GROUP BY device_id")
    _table("qr_tokens", sa.Column("token", T(), primary_key=True), _nn("kind", T), _nn("name", T),
           _nn("id_number", T), _nn("expires_at", T), sa.Column("used_at", T()))
    _table("commands", sa.Column("id", I(), primary_key=True, autoincrement=True), _nn("device_id", T),
           _nn("command", T), sa.Column("delivered_at", T()))
    _table("platform_keys", sa.Column("name", T(), primary_key=True), _nn("value", B))
    _table("pickups", sa.Column("token_hash", T(), primary_key=True), _nn("application_no", T), _nn("document", T),
           _nn("device_id", T), _nn("expires_at", T), _nn("uses_left", I))
    # who may call (store_auth)
    _table("access_tokens", sa.Column("token_hash", T(), primary_key=True), _nn("device_id", T), _nn("expires_at", T))
    _index("access_tokens_by_device", "access_tokens", ["device_id", "expires_at"])
    _table("nonces", _nn("device_id", T), _nn("nonce", T), _nn("expires", F),
           sa.PrimaryKeyConstraint("device_id", "nonce"))
    _table("grants", sa.Column("grant_hash", T(), primary_key=True), _nn("device_id", T), _nn("id_number", T),
           _nn("level", T), _nn("expires_at", T))
    _table("rate_events", _nn("key", T), _nn("at", F))
    _index("rate_events_by_key", "rate_events", ["key", "at"])
    # verification by SMS (sms.py)
    _table("people", sa.Column("id_number", T(), primary_key=True), _nn("mobile", T))
    _table("sms_challenges", sa.Column("challenge_id", T(), primary_key=True), _nn("id_number", T),
           _nn("code_hash", T), _nn("expires_at", T), _nn("attempts_left", I), sa.Column("verified_at", T()),
           _nn("device_id", T, server_default=""))
    _add_missing("sms_challenges", _nn("device_id", T, server_default=""))
    _table("sms_outbox", sa.Column("id", I(), primary_key=True, autoincrement=True), _nn("mobile", T),
           _nn("text", T), _nn("sent_at", T))
    # operators (operators.py)
    _table("operators", sa.Column("username", T(), primary_key=True), _nn("password_hash", T), _nn("role", T),
           _nn("created_at", T), _nn("disabled", I, server_default="0"))
    _table("operator_sessions", sa.Column("session_hash", T(), primary_key=True), _nn("username", T),
           _nn("csrf", T), _nn("expires_at", T))
    _table("operator_audit", sa.Column("id", I(), primary_key=True, autoincrement=True), _nn("at", T),
           _nn("username", T), _nn("action", T), _nn("target", T), _nn("ok", I), _nn("source", T))


def downgrade() -> None:
    raise NotImplementedError("the first schema is not taken back: restore a backup instead")
