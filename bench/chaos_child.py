"""A kiosk process for the kill -9 tests: enqueue applications and sync them, printing each id
only after its enqueue transaction committed ("the person was told it is stored").

    python -m bench.chaos_child DB KEY PLATFORM_URL KEY_FILE COUNT
"""

from __future__ import annotations

import datetime as dt
import sys
import uuid
from pathlib import Path

from api_schema.models import ApplicationSubmit, Applicant, CardType
from kiosk.config import PlatformSection
from kiosk.platform_client import PlatformClient
from kiosk.sync import SyncWorker, upload_refs
from offline_cache.crypto import Sealer, load_or_create_key
from tests.helpers import face_record
from offline_cache.outbox import Attachment, Outbox


def main() -> None:
    db, key, url, token, count = sys.argv[1:6]
    outbox = Outbox(Path(db), Sealer(load_or_create_key(Path(key), "aes-256-gcm", create=not Path(db).exists())))
    worker = SyncWorker(outbox, PlatformClient(PlatformSection(url=url, key_file=token)),
                        base_backoff_s=0.001, max_backoff_s=0.01)
    print("READY", flush=True)
    for i in range(int(count)):
        key, scan = uuid.uuid4().hex, ("scan", "scan.bin", "application/octet-stream", bytes(64 * 1024))
        payload = ApplicationSubmit(
            item_code="YB-0601", applicant=Applicant(name="张三丰", id_number="11010519491231002X",
                                                     card_type=CardType.RESIDENT),
            form={"applicant_name": "张三丰", "id_number": "11010519491231002X", "mobile": "13800138000"},
            verification=face_record(), uploads=upload_refs(key, [scan]),        # as the service builds it
            client_created_at=dt.datetime.now(dt.timezone.utc)).model_dump_json().encode()
        item = outbox.enqueue("application", payload, [Attachment(*scan[1:])], item_id=key)
        print("ENQUEUED", item, flush=True)
        worker.sync_once()
    while outbox.stats().depth:
        worker.sync_once(wait_s=1.0)
    print("DRAINED", flush=True)


if __name__ == "__main__":
    main()
