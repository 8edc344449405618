"""How a kiosk proves who it is on every request: HTTP Message Signatures (RFC 9421) with the kiosk's
Ed25519 key, over the request's method, path, query, body digest (RFC 9530 Content-Digest) and its
short-lived access token. Both sides use this one module: the kiosk signs, the platform verifies.

Why signatures and not mutual TLS: the key pair already exists (made at enrolment, the private half
never leaves the kiosk); a signature survives TLS-terminating proxies and load balancers a province
runs in front of its platform, where a client certificate does not reach the application; and the
body digest binds the signature to exactly the bytes sent. Only the subset we produce is accepted
(one signature labelled `kiosk`, these components, Ed25519): a smaller parser, fewer ways in.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import time
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

LABEL = "kiosk"
MAX_SKEW_S = 300                     # a signature is accepted this long before and after its `created`
COMPONENTS = ("@method", "@path", "@query", "content-digest")
WITH_TOKEN = COMPONENTS + ("authorization",)
_INPUT = re.compile(r'kiosk=\(((?:"[a-z@-]+" ?){1,8})\)((?:;[a-z]+=(?:"[A-Za-z0-9_.-]{1,128}"|[0-9]{1,12})){1,6})')
_PARAM = re.compile(r';([a-z]+)=(?:"([^"]*)"|([0-9]+))')
_SIGNATURE = re.compile(r"kiosk=:([A-Za-z0-9+/]{86}==):")
_DIGEST = re.compile(r"sha-256=:([A-Za-z0-9+/]{43}=):")
_NONCE = re.compile(r"[A-Za-z0-9_-]{16,64}")


class SignatureError(Exception):
    """The request's signature is missing, malformed, stale or does not verify. `code` names which."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True)
class SignatureInput:
    components: tuple[str, ...]
    created: int
    keyid: str
    nonce: str
    raw_params: str                  # exactly as sent: it is part of what was signed


def content_digest(body: bytes) -> str:
    return "sha-256=:" + base64.b64encode(hashlib.sha256(body).digest()).decode() + ":"


def digest_from_sha256(hexdigest: str) -> str:
    """The Content-Digest of a body whose SHA-256 is already known (an upload streamed from disk)."""
    return "sha-256=:" + base64.b64encode(bytes.fromhex(hexdigest)).decode() + ":"


def digest_bytes(header: str) -> bytes:
    match = _DIGEST.fullmatch(header.strip())
    if not match:
        raise SignatureError("bad_digest", "Content-Digest must be sha-256=:<base64>:")
    return base64.b64decode(match.group(1))


def _base(values: dict[str, str], components: tuple[str, ...], params: str) -> bytes:
    inner = " ".join(f'"{c}"' for c in components)
    lines = [f'"{c}": {values[c]}' for c in components]
    lines.append(f'"@signature-params": ({inner}){params}')
    return "\n".join(lines).encode()


def _values(method: str, path: str, query: str, headers: dict[str, str], components: tuple[str, ...]) -> dict[str, str]:
    lowered = {k.lower(): v for k, v in headers.items()}
    values = {"@method": method.upper(), "@path": path or "/", "@query": "?" + query}
    for name in components:
        if not name.startswith("@"):
            if name not in lowered:
                raise SignatureError("signature_invalid", f"the signed header {name} is missing")
            values[name] = lowered[name].strip()
    return values


def sign(key: Ed25519PrivateKey, keyid: str, method: str, path: str, query: str, headers: dict[str, str],
         now: float | None = None) -> dict[str, str]:
    """The Signature-Input and Signature headers for a request whose other headers (Content-Digest,
    and Authorization when it carries a token) are already in `headers`."""
    components = WITH_TOKEN if any(k.lower() == "authorization" for k in headers) else COMPONENTS
    created = int(time.time() if now is None else now)
    params = f';created={created};keyid="{keyid}";nonce="{secrets.token_urlsafe(18)}";alg="ed25519"'
    signature = key.sign(_base(_values(method, path, query, headers, components), components, params))
    inner = " ".join(f'"{c}"' for c in components)
    return {"Signature-Input": f"{LABEL}=({inner}){params}",
            "Signature": f"{LABEL}=:{base64.b64encode(signature).decode()}:"}


def parse_input(header: str) -> SignatureInput:
    match = _INPUT.fullmatch(header.strip())
    if not match:
        raise SignatureError("signature_missing", "a Signature-Input labelled kiosk is required")
    components = tuple(c.strip('"') for c in match.group(1).split())
    params: dict[str, str] = {}
    for name, quoted, number in _PARAM.findall(match.group(2)):
        if name in params:
            raise SignatureError("signature_invalid", f"signature parameter {name} given twice")
        params[name] = quoted if quoted else number
    if params.get("alg") != "ed25519" or not params.get("created", "").isdigit() or not params.get("keyid"):
        raise SignatureError("signature_invalid", "the signature needs alg=ed25519, created and keyid")
    if not _NONCE.fullmatch(params.get("nonce", "")):
        raise SignatureError("signature_invalid", "the signature needs a nonce of 16-64 URL-safe characters")
    return SignatureInput(components, int(params["created"]), params["keyid"], params["nonce"], match.group(2))


def verify(public_key: Ed25519PublicKey, parsed: SignatureInput, signature_header: str, method: str, path: str,
           query: str, headers: dict[str, str], now: float | None = None) -> None:
    """Raises SignatureError unless `signature_header` is this key's signature over this request,
    made within MAX_SKEW_S of now. The caller checks the nonce was not seen before."""
    wanted = WITH_TOKEN if any(k.lower() == "authorization" for k in headers) else COMPONENTS
    if parsed.components != wanted:
        raise SignatureError("signature_invalid", f"the signature must cover {' '.join(wanted)}")
    now = time.time() if now is None else now
    if abs(now - parsed.created) > MAX_SKEW_S:
        raise SignatureError("signature_expired", "the signature is too old or from the future (check the clock)")
    match = _SIGNATURE.fullmatch(signature_header.strip())
    if not match:
        raise SignatureError("signature_missing", "a Signature labelled kiosk is required")
    base = _base(_values(method, path, query, headers, parsed.components), parsed.components, parsed.raw_params)
    try:
        public_key.verify(base64.b64decode(match.group(1)), base)
    except InvalidSignature:
        raise SignatureError("signature_invalid", "the signature does not verify") from None


def load_public_key(pem: str) -> Ed25519PublicKey:
    """An enrolling kiosk's public key: Ed25519 in PEM, nothing else."""
    try:
        key = serialization.load_pem_public_key(pem.encode())
    except (ValueError, TypeError, UnicodeError):
        raise SignatureError("bad_public_key", "public_key_pem is not a PEM public key") from None
    if not isinstance(key, Ed25519PublicKey):
        raise SignatureError("bad_public_key", "the kiosk's key must be Ed25519")
    return key


def public_pem(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def fingerprint(pem: str) -> str:
    """The first 16 hex of the public key's SHA-256: read aloud to the operator at enrolment."""
    return hashlib.sha256(pem.encode()).hexdigest()[:16]
