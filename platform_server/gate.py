"""What every request passes before any route runs: the body's size limit, then, for the kiosk API, the
kiosk's identity (its Ed25519 signature, a live access token, a nonce not seen before).

An ASGI middleware and not a FastAPI dependency because a dependency runs after FastAPI has read and
parsed the body: an unauthenticated caller could make the platform read, hold and validate anything.
Here nothing of the body is read before the caller is known, a declared length over the limit is
refused at once (413), a chunked body is counted as it arrives, and the bytes are checked against the
signed Content-Digest. Only requests that match a route are authenticated: an unknown path or method
gets its 404/405 from the app (the document of the API is public anyway).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Awaitable, Callable

import anyio
from starlette.routing import Match

from api_schema.signatures import (
    MAX_SKEW_S, SignatureError, digest_bytes, load_public_key, parse_input, verify,
)

from .db import DatabaseUnavailable
from .errors import STATUS_OF, error_body
from .store import PlatformStore
from .store_releases import MAX_RELEASE

MAX_UPLOAD = 20 * 2**20
MAX_BODY = 256 * 2**10           # the largest real request (a full form with a bundle's fields) is ~6 KiB

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


class BodyRefused(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True)
class Caller:
    device_id: str
    token: str | None            # the access token the request carried (None: signed only)


def body_limit(path: str) -> int:
    if path.startswith("/v1/admin/releases/"):
        return MAX_RELEASE                   # an administrator's bundle, streamed to storage (api_releases.py)
    return MAX_UPLOAD if path.startswith("/v1/uploads/") else MAX_BODY


def access(path: str) -> str:
    """How a route is entered: "device" (signature + access token), "signed" (signature only: getting a
    token), "enrol" (a pairing code; signed by the old key when it replaces an identity), "open"
    (operators and phones authenticate in the route)."""
    if path == "/v1/auth/token":
        return "signed"
    if path == "/v1/enrol":
        return "enrol"
    if path.startswith("/v1/") and not path.startswith("/v1/admin/"):
        return "device"
    return "open"


@lru_cache(maxsize=4096)
def _public_key(pem: str):  # noqa: ANN202 - Ed25519PublicKey
    return load_public_key(pem)


def authenticate(store: PlatformStore, method: str, path: str, query: str, headers: dict[str, str],
                 need_token: bool) -> Caller:
    """The kiosk that signed this request, or SignatureError saying why not."""
    sig_input, signature = headers.get("signature-input"), headers.get("signature")
    if not sig_input or not signature:
        raise SignatureError("unauthenticated", "this call needs the kiosk's signature (RFC 9421)")
    parsed = parse_input(sig_input)
    auth = headers.get("authorization", "")
    token = auth[7:].strip() if auth.startswith("Bearer ") else None
    found = store.device_credentials(parsed.keyid, token)
    if found is None:
        raise SignatureError("unauthenticated", "unknown kiosk")
    pem, revoked, token_live = found
    if revoked:
        raise SignatureError("device_revoked", "this kiosk has been revoked by the platform")
    if need_token and not token:
        raise SignatureError("unauthenticated", "an access token is required (POST /v1/auth/token)")
    if "content-digest" not in headers:
        raise SignatureError("signature_invalid", "a Content-Digest header is required")
    digest_bytes(headers["content-digest"])
    signed = {k: v for k, v in headers.items() if k in ("content-digest", "authorization")}
    verify(_public_key(pem), parsed, signature, method, path, query, signed)
    if need_token and not token_live:
        raise SignatureError("credential_expired", "the access token expired or was renewed; get a new one")
    if not store.use_nonce(parsed.keyid, parsed.nonce, 2 * MAX_SKEW_S):
        raise SignatureError("signature_replayed", "this signed request was already used")
    return Caller(parsed.keyid, token)


async def send_error(send: Send, code: str, message: str) -> None:
    body = json.dumps(error_body(code, message)).encode()
    status = STATUS_OF.get(code, 400)
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if status == 401:
        headers.append((b"www-authenticate", b'Signature realm="kiosk"'))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class Gate:
    def __init__(self, app: Any, store: PlatformStore) -> None:
        self.app, self.store = app, store

    def _routed(self, scope: Scope) -> bool:
        router = self.app
        while not hasattr(router, "routes"):          # down through the middleware stack to the router
            router = router.app
        return any(route.matches(scope)[0] is Match.FULL for route in router.routes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        kind = access(path) if self._routed(scope) else "open"
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        state = scope.setdefault("state", {})
        expected: bytes | None = None
        if kind != "open" and (kind != "enrol" or "signature-input" in headers):
            try:
                caller = await anyio.to_thread.run_sync(
                    authenticate, self.store, scope["method"], scope.get("raw_path", path.encode()).decode("latin-1"),
                    scope.get("query_string", b"").decode("latin-1"), headers, kind == "device")
            except SignatureError as exc:
                await send_error(send, exc.code if exc.code in STATUS_OF else "unauthenticated", exc.message)
                return
            except DatabaseUnavailable:
                await send_error(send, "unavailable", "the platform's database is not answering: try again later")
                return
            state["caller"] = caller
            expected = digest_bytes(headers["content-digest"])
        limit = body_limit(path)
        declared = headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await send_error(send, "body_too_large", f"request bodies here are limited to {limit} bytes")
            return
        hasher, seen = hashlib.sha256(), 0

        async def guarded() -> dict[str, Any]:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                chunk = message.get("body", b"")
                seen += len(chunk)
                if seen > limit:
                    state["body_refused"] = BodyRefused("body_too_large", f"request bodies here are limited to {limit} bytes")
                    raise state["body_refused"]
                hasher.update(chunk)
                if not message.get("more_body") and expected is not None and hasher.digest() != expected:
                    state["body_refused"] = BodyRefused("signature_invalid", "the body does not match its signed digest")
                    raise state["body_refused"]
            return message

        started = False

        async def watched(message: dict[str, Any]) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, guarded, watched)
        except BodyRefused as exc:
            if started:
                raise
            await send_error(send, exc.code, exc.message)
