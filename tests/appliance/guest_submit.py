"""Runs inside the appliance, not on the host: copied in over ssh and started as the kiosk user with the
kiosk's own venv, so the installed wheel's outbox, sync worker and platform client are what runs.

    python guest_submit.py COUNT

Applications are enqueued as a submission does (sealed payload and attachment in one transaction,
synchronous=FULL) while they are sent (the kiosk's own sync worker sends from the same outbox too). Each is
printed as `QUEUED <stamp>` only after its enqueue committed — "the person was told it is stored" — where
the stamp (client_created_at, unique per application) is what the host counts on the platform by content.
"""

from __future__ import annotations

import datetime as dt
import sys
import uuid
from pathlib import Path

from api_schema.models import Applicant, ApplicationSubmit, CardType, VerificationRecord
from kiosk.config import load_config
from kiosk.platform_client import PlatformClient
from kiosk.storage import open_outbox
from kiosk.sync import SyncWorker, upload_refs
from offline_cache.outbox import Attachment

ID_NUMBER = "11010519491231002X"        # GB 11643's own example number


def main() -> None:
    count = int(sys.argv[1])
    cfg = load_config(Path("/etc/kiosk/kiosk.toml"))
    outbox = open_outbox(cfg)
    worker = SyncWorker(outbox, PlatformClient(cfg.platform))
    print("READY", flush=True)
    for n in range(count):
        key = uuid.uuid4().hex
        scan = ("scan", "scan.bin", "application/octet-stream", n.to_bytes(4, "big") * (16 * 1024))
        stamp = dt.datetime.now(dt.timezone.utc)
        payload = ApplicationSubmit(
            item_code="YB-0601", applicant=Applicant(name="张三丰", id_number=ID_NUMBER, card_type=CardType.RESIDENT),
            form={"applicant_name": "张三丰", "id_number": ID_NUMBER, "mobile": "13800138000"},
            verification=VerificationRecord(method="face", passed=True, score=0.31, threshold=0.55, consent=True,
                                            liveness_steps=["turn_left", "open_mouth"], at=stamp),
            uploads=upload_refs(key, [scan]), client_created_at=stamp)
        outbox.enqueue("application", payload.model_dump_json().encode(), [Attachment(*scan[1:])], item_id=key)
        print("QUEUED", stamp.isoformat(), flush=True)
        worker.sync_once()
    print("ALL_QUEUED", flush=True)


if __name__ == "__main__":
    main()
