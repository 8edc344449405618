"""An operator in a browser, as requests: the account made with the platform's own CLI (the password
from the environment, never an argument), then a login through the form for a session cookie."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys

import requests


def add_operator(platform, username: str, role: str, password: str | None = None, hall: str = "") -> str:
    password = password or secrets.token_urlsafe(12)
    subprocess.run([sys.executable, "-m", "platform_server.cli", "operator", "add", username, "--role", role,
                    "--hall", hall, "--db", str(platform.db)], check=True, capture_output=True, timeout=60,
                   env={**os.environ, "KIOSK_OPERATOR_PASSWORD": password})
    return password


def logged_in(platform, username: str, role: str) -> requests.Session:
    password = add_operator(platform, username, role)
    session = requests.Session()
    resp = session.post(platform.url + "/login", data={"username": username, "password": password},
                        allow_redirects=False, timeout=10)
    assert resp.status_code == 303, resp.text
    return session


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)
