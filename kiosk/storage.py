"""Open the kiosk's encrypted outbox from the configuration, refusing clearly when it cannot be
used (corrupt database, missing or exposed key, disk full) — never silently starting over."""

from __future__ import annotations

from pathlib import Path

from offline_cache.crypto import Sealer, StoreKeyError, load_or_create_key
from offline_cache.db import StoreError
from offline_cache.outbox import Bounds, Outbox

from .config import Config


class StoreUnavailable(Exception):
    """The outbox cannot be opened; the message says why and what a technician can do."""


def store_paths(cfg: Config) -> tuple[Path, Path]:
    state = Path(cfg.kiosk.state_dir)
    return (Path(cfg.store.path) if cfg.store.path else state / "kiosk.db",
            Path(cfg.store.key_file) if cfg.store.key_file else state / "secrets" / "store.key")


def open_outbox(cfg: Config) -> Outbox:
    db_path, key_path = store_paths(cfg)
    try:
        # A new key only for a brand-new store: a lost key must never be replaced over queued data.
        key = load_or_create_key(key_path, cfg.store.cipher, create=not db_path.exists())
        return Outbox(db_path, Sealer(key, cfg.store.cipher),
                      bounds=Bounds(cfg.store.max_queue, cfg.store.max_offline_days, cfg.store.min_free_mb))
    except (StoreKeyError, StoreError) as exc:
        raise StoreUnavailable(str(exc)) from None
