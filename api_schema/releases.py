"""Wire models of system releases and their rollout: the platform holds signed RAUC bundles, an
administrator targets a stage of the fleet (named kiosks, a share of them, a hall), the kiosk's updater
asks what to install and downloads it. The bundle's own signature is what the kiosk trusts; the
platform's size and SHA-256 let it check a download before it hands the file to RAUC."""

from __future__ import annotations

import datetime as dt
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field

VERSION_PATTERN = r"^[0-9]+(\.[0-9]+){0,3}$"
DEVICE_ID_PATTERN = r"^K[0-9A-F]{12}$"

# The update outcomes a kiosk's heartbeat carries (`update_state`), kiosk/system_release.py writes them
DOWNLOADING, DOWNLOADED, INSTALLED, UPDATED, ROLLED_BACK, REFUSED, ABORTED = (
    "downloading", "downloaded", "installed", "updated", "rolled_back", "refused", "aborted")
# A refusal for one of these is the box's or the network's, not the release's: the updater tries again
RETRIED_CODES = frozenset({"corrupt_download", "download_failed", "disk_full", "clock_off"})
# A refusal for one of these is the release's on this kiosk whatever bundle claimed its version: not offered
# again. (A bad signature may be a technician's foreign bundle of the same version on a stick: the platform
# offers its own; the box remembers which bundles it refused by their SHA-256, provisioning/updater.py.)
FINAL_CODES = frozenset({"incompatible", "downgrade"})


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, defer_build=True)


class RolloutState(str, Enum):
    ACTIVE = "active"          # offered to its targets
    PAUSED = "paused"          # not offered; downloads already begun are kept for a resume
    ABORTED = "aborted"        # not offered; kiosks drop their download and an install not yet booted


class Release(_Model):
    version: str
    compatible: str
    notes: str
    size: int
    sha256: str
    uploaded_at: dt.datetime
    uploaded_by: str


class RolloutCreate(_Model):
    """A stage: `kiosks` named one by one, or else a `percent` of the fleet (of `hall` when given; 0:
    prepared, no kiosk yet). A
    wider stage of the same release is a new rollout; a kiosk's share is stable per release, so the
    kiosks of 10 % are among those of 50 %."""
    version: str = Field(pattern=VERSION_PATTERN, max_length=32)
    kiosks: list[str] = Field(default_factory=list, max_length=1000)
    percent: int = Field(default=0, ge=0, le=100)
    hall: str = Field(default="", max_length=64, pattern=r"^[^\x00-\x1f<>]*$")
    allow_downgrade: bool = Field(default=False, description="an older release than a kiosk runs (a known hole "
                                                             "in the newer one): refused by the kiosk otherwise")


class Rollout(_Model):
    id: int
    version: str
    kiosks: list[str]
    percent: int
    hall: str
    allow_downgrade: bool
    state: RolloutState
    created_at: dt.datetime
    created_by: str


class KioskRelease(_Model):
    """Who runs what: a kiosk's release, slot and last update's outcome, from its newest heartbeat."""
    device_id: str
    name: str
    hall: str
    system_version: str
    boot_slot: str
    update_state: str
    update_version: str
    update_code: str
    update_message: str
    last_seen: dt.datetime | None


class RolloutProgress(_Model):
    rollout: Rollout
    targeted: int
    counts: dict[str, int] = Field(description="targeted kiosks by outcome: updated, waiting, downloading, "
                                               "downloaded, installed, failed")
    failed: list[KioskRelease]


class UpdateOffer(_Model):
    version: str
    size: int
    sha256: str
    allow_downgrade: bool
    path: str = Field(description="where to GET it (Range requests resume a download)")


class UpdateCheck(_Model):
    """The updater's question's answer: a release to install, or none; `paused`: keep a download begun."""
    offer: UpdateOffer | None = None
    paused: bool = False
