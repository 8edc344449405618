"""Run the reference platform on loopback: as a real uvicorn process (tests, benchmarks) or on a
thread inside the kiosk process (the demo). Either way it is a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import ctypes
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    """The platform a test or benchmark started goes when that process dies, even by SIGKILL or an
    abort (drivers.children has the kiosk's copy; the platform imports nothing of the kiosk's)."""
    ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)     # PR_SET_PDEATHSIG


def wait_ready(url: str, timeout_s: float = 20.0, proc: subprocess.Popen | None = None,
               verify: bool | str = True) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"platform exited with {proc.returncode} before it was ready")
        try:
            # Any HTTP answer means it is up (401: no token); while starting, expect errors or timeouts.
            requests.get(url + "/v1/catalog", timeout=1, verify=verify)
            return
        except requests.RequestException:
            time.sleep(0.05)
    raise RuntimeError(f"platform at {url} not ready after {timeout_s}s")


class _Admin:
    url: str
    admin_token: str

    verify: bool | str = True

    def admin_request(self, method: str, path: str, timeout_s: float = 30, **kw: object) -> requests.Response:
        """A request with the operators' service token (an administrator's), its answer as it is."""
        return requests.request(method, self.url + path, headers={"Authorization": f"Bearer {self.admin_token}"},
                                timeout=timeout_s, verify=self.verify, **kw)

    def _admin(self, method: str, path: str, **kw: object) -> dict:
        resp = self.admin_request(method, path, **kw)
        resp.raise_for_status()
        return resp.json()

    def pairing_code(self) -> str:
        return self._admin("POST", "/v1/admin/pairing-codes")["code"]

    def qr_token(self, kind: str, name: str, id_number: str) -> str:
        return self._admin("POST", "/v1/admin/qr-tokens",
                           json={"kind": kind, "name": name, "id_number": id_number})["token"]

    def register_person(self, id_number: str, mobile: str) -> None:
        self._admin("POST", "/v1/admin/people", json={"id_number": id_number, "mobile": mobile})

    def last_sms(self, mobile: str) -> str | None:
        return self._admin("GET", "/v1/admin/sms", params={"mobile": mobile})["text"]

    def latest_application(self) -> str | None:
        return self._admin("GET", "/v1/admin/applications/latest").get("application_no")

    def last_heartbeat(self, device_id: str) -> dict:
        return self._admin("GET", f"/v1/admin/devices/{device_id}/heartbeat")

    def set_service_hours(self, device_id: str, hours: str | None) -> None:
        self._admin("PUT", f"/v1/admin/devices/{device_id}/service-hours", json={"service_hours": hours})

    def set_hall(self, device_id: str, hall: str) -> None:
        self._admin("PUT", f"/v1/admin/devices/{device_id}/hall", json={"hall": hall})

    def send_command(self, device_id: str, command: str) -> None:
        self._admin("POST", f"/v1/admin/devices/{device_id}/commands", params={"command": command})

    def count_members(self, bundle_no: str) -> int:
        return self._admin("GET", "/v1/admin/applications/count", params={"bundle_no": bundle_no})["count"]

    def count_applications(self, idempotency_key: str | None = None) -> int:
        params = {"idempotency_key": idempotency_key} if idempotency_key else {}
        return self._admin("GET", "/v1/admin/applications/count", params=params)["count"]


class PlatformProcess(_Admin):
    """`kiosk-platform serve` as a child process; stopped by its PID."""

    def __init__(self, workdir: Path, port: int | None = None,
                 tls: tuple[Path, Path, Path] | None = None, stand_ins: bool = True, db: str | None = None,
                 workers: int = 1) -> None:
        """`tls`: (certificate chain, key, CA bundle that verifies it) to serve HTTPS; `stand_ins`: the
        e-ID issuer, SMS gateway and test verification the tests use (False: as a real platform runs);
        `db`: a PostgreSQL URL (default: a SQLite file in `workdir`, `db_path`)."""
        self.verify = str(tls[2]) if tls else True
        self.admin_token = secrets.token_urlsafe(16)
        self.db_path = Path(workdir) / "platform.db"
        self.db = db or str(self.db_path)
        self.log_path = Path(workdir) / "platform.log"
        self._log = open(self.log_path, "ab")
        # A free port can be taken by someone else before uvicorn binds it: try a few.
        for attempt in range(3):
            self.port = port or free_port()
            self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "platform_server.cli", "serve", "--db", self.db,
                 "--port", str(self.port), "--workers", str(workers), *(["--stand-ins"] if stand_ins else []),
                 *(["--tls-cert", str(tls[0]), "--tls-key", str(tls[1])] if tls else [])],
                stdout=self._log, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent,
                env={**os.environ, "PYTHONUNBUFFERED": "1", "KIOSK_PLATFORM_SERVICE_TOKEN": self.admin_token})
            try:
                wait_ready(self.url, proc=self.proc, verify=self.verify)
                return
            except RuntimeError:
                if self.proc.poll() is None or port is not None or attempt == 2:
                    self.stop()
                    raise

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()


class EmbeddedPlatform(_Admin):
    """The platform on a daemon thread of this process (for `kiosk demo`)."""

    def __init__(self, workdir: Path) -> None:
        import uvicorn

        from .app import create_app
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.admin_token = secrets.token_urlsafe(16)
        app = create_app(Path(workdir) / "platform.db", service_token=self.admin_token, stand_ins=True)
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", access_log=False)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="embedded-platform", daemon=True)
        self._thread.start()
        wait_ready(self.url)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=5)
