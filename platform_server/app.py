"""The reference central platform (FastAPI): the open kiosk <-> platform API under /v1, the operators'
pages, and what phones open.

For the demo and the tests, not production; but it keeps the platform's promises for real: kiosks
proven by their signature on every request (gate.py), personal data only under a grant for that person
at that kiosk (api_people.py), operators as people with roles (operators.py), catalog ETags,
Idempotency-Key dedupe inside its own transaction, 好差评 once per application and stage.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import warnings
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from . import (
    api_admin, api_applications, api_devices, api_people, api_releases, web, web_dashboard, web_orders, web_updates,
)
from .db import DatabaseUnavailable
from .deps import Platform
from .enterprises import EnterpriseRegister
from .errors import ApiError, error_response
from .gate import Gate
from .operators import Operators
from .seed_catalog import CATALOG_VERSION, SEED_ITEMS
from .seed_park import PARK_ITEMS, POLICIES
from .sms import SmsVerification
from .store import PlatformStore, StoreError

# FastAPI builds body-parameter fields from the schema's deferred-build models and pydantic warns
# about the alias it passes; harmless (the OpenAPI document is checked by a test).
warnings.filterwarnings("ignore", message="The 'alias' attribute with value", category=UserWarning)

RETRY_AFTER_S = 30
SWEEP_S = 60                  # silent kiosks and overdue work orders looked for every minute, by every worker
log = logging.getLogger("platform_server")
_HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 413: "body_too_large"}


def create_app(db: str | Path, service_token: str | None = None, certificate_secret: bytes | None = None,
               public_url: str | None = None, stand_ins: bool = False, migrate: bool = True) -> FastAPI:
    """`db`: a SQLite file or a PostgreSQL URL; `service_token`: the operators' token for automation
    (administrator); `public_url`: the address phones reach the platform at, for pickup links (default:
    the address the kiosk used); `stand_ins`: the e-ID issuer, SMS gateway and test verification the
    demo and the tests need; `migrate=False`: a worker whose parent brought the schema up to date."""
    store = PlatformStore(db, migrate=migrate)
    try:
        store.catalog()
    except StoreError:
        store.set_catalog(CATALOG_VERSION, SEED_ITEMS + PARK_ITEMS, POLICIES)
    platform = Platform(store=store, operators=Operators(store, service_token), sms=SmsVerification(store),
                        register=EnterpriseRegister(), secret=certificate_secret or store.key("documents"),
                        public_url=public_url, stand_ins=stand_ins)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        sweeper = asyncio.create_task(_sweep_forever(store))
        yield
        sweeper.cancel()

    app = FastAPI(title="Open kiosk platform API", version="1.1.0", lifespan=lifespan,
                  description="Kiosk <-> central platform API of the open self-service government kiosk. Every "
                              "kiosk call is signed (RFC 9421, Ed25519); personal data needs X-Person-Grant.")
    app.state.store = store
    app.state.platform = platform
    for part in (api_devices, api_people, api_applications, api_admin, api_releases, web, web_orders, web_dashboard,
                 web_updates):
        app.include_router(part.router(platform))
    app.add_middleware(Gate, store=store)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, bool]:
        """A load balancer's check of a worker: alive, without touching the database."""
        return {"ok": True}

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        """Browsers ask for it on every page: answered empty, not with a 404 in the console."""
        return Response(status_code=204, headers={"Cache-Control": "max-age=86400"})

    @app.get("/readyz", include_in_schema=False)
    def readyz() -> dict[str, bool]:
        """…and ready: the database answers (503 `unavailable` when it does not)."""
        store.db.execute("SELECT 1")
        return {"ok": True}

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        if exc.code.value == "unauthenticated" and not request.url.path.startswith("/v1/"):
            return RedirectResponse("/login", status_code=303)     # a browser: to the login page
        return error_response(exc.code.value, exc.message, exc.fields)

    @app.exception_handler(StoreError)
    async def _store_error(_: Request, exc: StoreError) -> JSONResponse:
        return error_response(exc.code, exc.message)

    @app.exception_handler(DatabaseUnavailable)
    async def _unavailable(_: Request, exc: DatabaseUnavailable) -> JSONResponse:
        return error_response("unavailable", "the platform's database is not answering: try again later",
                              headers={"Retry-After": str(RETRY_AFTER_S)})

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return error_response("invalid_request", f"{where}: {first.get('msg', 'invalid request')}"[:300])

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> JSONResponse:
        refused = request.scope.get("state", {}).get("body_refused")
        if refused is not None:                  # the gate stopped the body while FastAPI was reading it
            return error_response(refused.code, refused.message)
        return error_response(_HTTP_CODES.get(exc.status_code, "invalid_request"), str(exc.detail)[:300],
                              headers=getattr(exc, "headers", None))

    return app


async def _sweep_forever(store: PlatformStore) -> None:
    """Work orders that no request opens: kiosks gone silent, orders gone overdue (store_orders.sweep,
    safe from every worker at once)."""
    while True:
        try:
            opened, escalated = await run_in_threadpool(store.sweep)
            if opened or escalated:
                log.info("work orders: %d opened for silent kiosks, %d escalated", opened, escalated)
        except Exception:                        # a database away for a while: try again next time
            log.exception("work order sweep failed")
        await asyncio.sleep(SWEEP_S)
