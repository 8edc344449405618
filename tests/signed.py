"""A kiosk as any HTTP client can be one: an Ed25519 key enrolled with a pairing code, an access token,
and a requests auth hook that signs each prepared request (RFC 9421) with the production signing code
(api_schema/signatures.py). The API tests, the attacker's tests and schemathesis call the platform
through it; the kiosk's own client (kiosk/platform_client.py) is tested on its own."""

from __future__ import annotations

from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from api_schema.models import GRANT_HEADER
from api_schema.signatures import content_digest, public_pem, sign


class Signer(requests.auth.AuthBase):
    def __init__(self, kiosk: "SignedKiosk", token: bool = True) -> None:
        self.kiosk, self.token = kiosk, token

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        body = r.body or b""
        if isinstance(body, str):
            body = body.encode()
        if not isinstance(body, bytes):
            raise TypeError("Signer signs whole bodies only")
        if self.token and self.kiosk.token:
            r.headers["Authorization"] = f"Bearer {self.kiosk.token}"
        r.headers["Content-Digest"] = content_digest(body)
        url = urlsplit(r.url)
        r.headers.update(sign(self.kiosk.key, self.kiosk.device_id, r.method or "GET", url.path, url.query,
                              {k: v for k, v in r.headers.items()}))
        return r


class SignedKiosk:
    def __init__(self, url: str, pairing_code: str, name: str = "test kiosk") -> None:
        self.url, self.key, self.token = url.rstrip("/"), Ed25519PrivateKey.generate(), ""
        resp = requests.post(self.url + "/v1/enrol", json={"pairing_code": pairing_code, "kiosk_name": name,
                                                           "public_key_pem": public_pem(self.key)}, timeout=10)
        resp.raise_for_status()
        self.device_id = resp.json()["device_id"]
        self.renew()

    @classmethod
    def of(cls, client: "PlatformClient") -> "SignedKiosk":  # noqa: F821 - kiosk.platform_client
        """The kiosk identity a PlatformClient enrolled, for requests made beside it (a benchmark's baseline)."""
        kiosk = cls.__new__(cls)
        device = client._device_key()
        kiosk.url, kiosk.key, kiosk.device_id = client.base, device.key, device.device_id
        kiosk.token = client._access_token()
        return kiosk

    def renew(self) -> str:
        """A new access token (the one held so far stops working)."""
        resp = requests.post(self.url + "/v1/auth/token", auth=Signer(self), timeout=10)
        resp.raise_for_status()
        self.token = resp.json()["access_token"]
        return self.token

    def request(self, method: str, path: str, *, grant: str = "", headers: dict[str, str] | None = None,
                **kw: object) -> requests.Response:
        hdrs = dict(headers or {})
        if grant:
            hdrs[GRANT_HEADER] = grant
        return requests.request(method, self.url + path, headers=hdrs, auth=Signer(self), timeout=30, **kw)

    def get(self, path: str, **kw: object) -> requests.Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, **kw: object) -> requests.Response:
        return self.request("POST", path, **kw)

    def grant(self, id_number: str, name: str = "张三丰", method: str = "face") -> str:
        """The kiosk vouches that this person is here, verified (a real-person check's record)."""
        import datetime as dt
        record = {"method": method, "passed": True, "score": 0.31, "threshold": 0.55,
                  "liveness_steps": ["turn_left", "open_mouth"], "at": dt.datetime.now(dt.timezone.utc).isoformat()}
        resp = self.post("/v1/grants", json={"applicant": {"name": name, "id_number": id_number,
                                                           "card_type": "resident"}, "verification": record})
        resp.raise_for_status()
        return resp.json()["grant"]
