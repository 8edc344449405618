"""What ships is the wheel: built here, unpacked outside the checkout, it must carry every file the
kiosk needs (units, QML, translations, seed data, the API document) and provision a root from them —
the box of issue 20 failed with FileNotFoundError because the units were not package data."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # From a copy: setuptools leaves build/ behind, and a stale build/lib would ship files since removed
    source = out / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(".venv", ".git", "build", "artifacts", "docs",
                                                                "*.egg-info", "__pycache__", ".hypothesis"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(source)],
                   check=True, capture_output=True, timeout=300)
    [wheel] = out.glob("open_gov_kiosk-*.whl")
    target = out / "site"
    zipfile.ZipFile(wheel).extractall(target)
    return target


def test_the_wheel_carries_every_file_the_kiosk_needs(unpacked):
    for pattern in ("provisioning/systemd/kiosk.service", "provisioning/systemd/kiosk-sync.service",
                    "provisioning/systemd/kiosk-out-of-service.service", "provisioning/systemd/kiosk.sysusers.conf",
                    "provisioning/systemd/kiosk.tmpfiles.conf", "ui/qml/Main.qml", "ui/i18n/kiosk_en.qm",
                    "launcher/demo_panel.qml", "platform_server/openapi.json"):
        assert (unpacked / pattern).is_file(), pattern


def test_the_installed_package_provisions_a_root_for_an_image(unpacked, tmp_path):
    """As an image build runs it: the wheel's own code and units, another root, the kiosk's path inside it."""
    root = tmp_path / "root"
    env = {**os.environ, "PYTHONPATH": str(unpacked)}
    run = subprocess.run([sys.executable, "-m", "provisioning.cli", "install", "--root", str(root), "--yes",
                          "--kiosk-bin", "/opt/kiosk/venv/bin/kiosk"],
                         capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    where = subprocess.run([sys.executable, "-c", "import provisioning.install as i; print(i.unit_source_dir())"],
                           capture_output=True, text=True, env=env, cwd=tmp_path, check=True).stdout.strip()
    assert where.startswith(str(unpacked))                        # not the checkout's files
    unit = (root / "etc/systemd/system/kiosk.service").read_text()
    assert "ExecStart=/opt/kiosk/venv/bin/kiosk" in unit and str(REPO) not in unit
    assert (root / "etc/systemd/system/graphical.target.wants/kiosk.service").is_symlink()
