"""The IPP wire format (RFC 8010), as much as asking a printer how it is needs: one operation, its
attribute groups, and the value types printers answer status with. Used to ask the printer device
itself (not the CUPS queue in front of it): the queue's reasons are only as fresh as its last job.

Our own few lines rather than pycups for this: pycups connects with libcups' 30 s timeout and blocks,
and a switched-off network printer must not hold a worker for that long every poll."""

from __future__ import annotations

import http.client
import hashlib
import hmac
import ssl
import struct
from dataclasses import dataclass, field
from typing import Union
from urllib.parse import urlsplit

Value = Union[int, bool, str, bytes]

# delimiter tags
OPERATION_GROUP, JOB_GROUP, END, PRINTER_GROUP = 0x01, 0x02, 0x03, 0x04
# value tags
INTEGER, BOOLEAN, ENUM = 0x21, 0x22, 0x23
OCTET_STRING = 0x30
TEXT, NAME, KEYWORD, URI, CHARSET, LANGUAGE, MIME = 0x41, 0x42, 0x44, 0x45, 0x47, 0x48, 0x49
BEGIN_COLLECTION, END_COLLECTION = 0x34, 0x37

GET_PRINTER_ATTRIBUTES = 0x000B
SUCCESSFUL_OK = 0x0000

_STRINGS = {TEXT, NAME, KEYWORD, URI, CHARSET, LANGUAGE, MIME, 0x46, 0x4A}   # + uriScheme, memberAttrName


class IppError(Exception):
    """The answer was not IPP, was cut short, or refused the request."""


@dataclass
class Attribute:
    tag: int
    name: str
    values: list[Value] = field(default_factory=list)


@dataclass
class Message:
    code: int                        # operation-id in a request, status-code in a response
    request_id: int
    groups: list[tuple[int, list[Attribute]]] = field(default_factory=list)
    version: tuple[int, int] = (2, 0)

    def attributes(self, group: int) -> dict[str, list[Value]]:
        return {a.name: a.values for tag, attrs in self.groups if tag == group for a in attrs}


def _encode_value(tag: int, value: Value) -> bytes:
    if tag in (INTEGER, ENUM):
        return struct.pack(">i", int(value))
    if tag == BOOLEAN:
        return bytes([1 if value else 0])
    return value if isinstance(value, bytes) else str(value).encode("utf-8")


def encode(msg: Message) -> bytes:
    out = bytearray(struct.pack(">BBHI", *msg.version, msg.code, msg.request_id))
    for group, attrs in msg.groups:
        out.append(group)
        for a in attrs:
            for n, value in enumerate(a.values):
                name = a.name.encode("ascii") if n == 0 else b""    # later values: an empty name
                data = _encode_value(a.tag, value)
                out += struct.pack(">BH", a.tag, len(name)) + name + struct.pack(">H", len(data)) + data
    out.append(END)
    return bytes(out)


def _decode_value(tag: int, data: bytes) -> Value:
    if tag in (INTEGER, ENUM) and len(data) == 4:
        return struct.unpack(">i", data)[0]
    if tag == BOOLEAN and len(data) == 1:
        return data != b"\x00"
    if tag in _STRINGS:
        return data.decode("utf-8", "replace")
    return data


def decode(data: bytes) -> Message:
    """A request or response; collections are skipped (status never needs them)."""
    if len(data) < 9:
        raise IppError("IPP message too short")
    major, minor, code, request_id = struct.unpack(">BBHI", data[:8])
    msg, pos, current, depth = Message(code, request_id, version=(major, minor)), 8, None, 0
    while pos < len(data):
        tag = data[pos]
        pos += 1
        if tag == END and depth == 0:
            return msg
        if tag < 0x10:                                      # a new attribute group
            msg.groups.append((tag, []))
            current = None
            continue
        if pos + 2 > len(data):
            break
        (name_len,) = struct.unpack(">H", data[pos:pos + 2])
        name = data[pos + 2:pos + 2 + name_len].decode("ascii", "replace")
        pos += 2 + name_len
        (value_len,) = struct.unpack(">H", data[pos:pos + 2]) if pos + 2 <= len(data) else (None,)
        if value_len is None or pos + 2 + value_len > len(data):
            break
        value = data[pos + 2:pos + 2 + value_len]
        pos += 2 + value_len
        if tag == BEGIN_COLLECTION:
            depth += 1
        elif tag == END_COLLECTION:
            depth -= 1
            continue
        if depth > 0 or not msg.groups:
            continue
        if name:
            current = Attribute(tag, name, [_decode_value(tag, value)])
            msg.groups[-1][1].append(current)
        elif current is not None:                           # an additional value of the attribute before
            current.values.append(_decode_value(tag, value))
    raise IppError("IPP message cut short (no end tag)")


def _operation_attributes(uri: str) -> list[Attribute]:
    return [Attribute(CHARSET, "attributes-charset", ["utf-8"]),
            Attribute(LANGUAGE, "attributes-natural-language", ["en"]),
            Attribute(URI, "printer-uri", [uri])]


MAX_REPLY = 1 << 20        # a Get-Printer-Attributes answer is a few KiB; more is not a printer talking


class CertificateChanged(IppError):
    """The printer's TLS certificate is not the one pinned at installation: someone else may be answering."""


def get_printer_attributes(uri: str, names: list[str], timeout_s: float = 2.0,
                           pin_sha256: str = "") -> dict[str, list[Value]]:
    """Get-Printer-Attributes from the device at `uri` (ipp:// or ipps://). Raises OSError when it does
    not answer in time, IppError when the answer is not a successful IPP response (or is larger than
    MAX_REPLY), CertificateChanged when `pin_sha256` (the SHA-256 of the printer's DER certificate,
    hex) is given and the printer shows another certificate."""
    parts = urlsplit(uri)
    secure = parts.scheme in ("ipps", "https")
    port = parts.port or 631
    if secure:
        # A printer's certificate is self-signed, so no CA can vouch for it: it is pinned instead
        # ([printer] tls_pin_sha256, recorded by the technician at installation). Unpinned, it is
        # accepted: only the printer's state is read, nothing of a person is sent (docs/security.md).
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(parts.hostname or "", port, timeout=timeout_s,
                                                                       context=context)
    else:
        conn = http.client.HTTPConnection(parts.hostname or "", port, timeout=timeout_s)
    ops = _operation_attributes(uri) + [Attribute(KEYWORD, "requested-attributes", list(names))]
    body = encode(Message(GET_PRINTER_ATTRIBUTES, 1, [(OPERATION_GROUP, ops)]))
    try:
        conn.connect()
        if secure and pin_sha256:
            der = conn.sock.getpeercert(binary_form=True) or b""        # type: ignore[union-attr]
            if not hmac.compare_digest(hashlib.sha256(der).hexdigest(), pin_sha256.lower().replace(":", "")):
                raise CertificateChanged(f"the printer at {parts.hostname} shows another certificate than the pinned one")
        conn.request("POST", parts.path or "/", body, {"Content-Type": "application/ipp"})
        reply = conn.getresponse()
        data = reply.read(MAX_REPLY + 1)
    finally:
        conn.close()
    if len(data) > MAX_REPLY:
        raise IppError(f"the answer from {parts.hostname} is larger than {MAX_REPLY} bytes")
    if reply.status != 200 or reply.getheader("Content-Type", "").split(";")[0] != "application/ipp":
        raise IppError(f"HTTP {reply.status} from {parts.hostname}")
    msg = decode(data)
    if msg.code >= 0x0100:                                  # 0x00xx: successful-ok and its variants
        raise IppError(f"IPP status 0x{msg.code:04x}")
    return msg.attributes(PRINTER_GROUP)
