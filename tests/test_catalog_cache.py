"""The catalog cache: offline first, server watermark and ETag, atomic swap."""

import dataclasses

from kiosk.platform_client import PlatformClient
from kiosk.service import KioskService
from offline_cache.catalog_cache import CatalogCache
from platform_server.runner import free_port


def test_offline_start_uses_the_cache(client, sync, platform_cfg):
    first = KioskService(client, sync)
    assert first.refresh_catalog().ok and first.catalog is not None
    dead = PlatformClient(dataclasses.replace(platform_cfg, url=f"http://127.0.0.1:{free_port()}",
                                              connect_timeout_s=0.3))
    offline = KioskService(dead, sync)                 # a restart with the network down
    outcome = offline.refresh_catalog()
    assert not outcome.ok and outcome.message_code == "platform_unreachable"
    assert offline.catalog is not None and offline.catalog.get("RS-0101").name == "社保参保证明打印"


def test_etag_and_watermark(client, sync):
    svc = KioskService(client, sync)
    svc.refresh_catalog()
    etag = svc._catalog_etag
    assert svc.refresh_catalog().ok and svc._catalog_etag == etag       # 304: nothing swapped
    cache = CatalogCache(sync.outbox.conn, sync.outbox.lock)
    watermark = cache.load().watermark
    assert not cache.store('"old"', watermark - 1, b"{}")               # an older revision never wins
    assert cache.load().watermark == watermark
    assert cache.store('"new"', watermark + 1, b"{}") and cache.load().etag == '"new"'
