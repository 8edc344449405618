"""One person's real-person check, as rules: consent before any capture, a few attempts, then the
item's non-face ways — also at once when the person declines, or when the face check cannot be done
(no chip photo decoder, no camera, no models). Pure state: the screen's worker runs the Verifier."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from enum import Enum

import numpy as np

from api_schema.models import VerificationFallback

from ..config import FaceSection

from ..session import VerificationMethod, VerificationResult
from .face import DEFAULT_THRESHOLD, FaceEngine
from .liveness import Step, choose_steps
from .pipeline import Decision, Descriptors, Verifier


class CheckPhase(str, Enum):
    CONSENT = "consent"              # the text of what happens to the face, and the choice
    CAPTURING = "capturing"          # preview, prompts
    DECIDING = "deciding"            # the 1:1 comparison is running
    FAILED = "failed"                # this attempt failed; another is possible
    ALTERNATIVES = "alternatives"    # the non-face ways (declined, impossible, or out of attempts)
    SMS = "sms"                      # a code sent to the mobile number on record


class WhyAlternatives(str, Enum):
    DECLINED = "declined"
    NO_CARD_PHOTO = "no_card_photo"
    FACE_UNAVAILABLE = "face_unavailable"  # no camera, or the models failed to load
    ATTEMPTS_USED = "attempts_used"


@dataclass(frozen=True)
class FacePolicy:
    threshold: float = DEFAULT_THRESHOLD
    max_attempts: int = 3
    step_time_limit_s: float = 8.0
    # The pool, and how many of it each attempt asks (in a random order). Blink is opt-in until it is
    # validated on real blink recordings at kiosk distance (docs/identity-devices.md).
    steps: tuple[Step, ...] = (Step.TURN_LEFT, Step.TURN_RIGHT, Step.OPEN_MOUTH)
    count: int = 2

    @classmethod
    def from_section(cls, face: "FaceSection") -> "FacePolicy":
        """The policy a kiosk runs with its `[face]` configuration (the defaults are what ships)."""
        return cls(threshold=face.threshold, max_attempts=face.max_attempts,
                   step_time_limit_s=face.step_time_limit_s,
                   steps=tuple(Step(s.strip()) for s in face.challenge.split(",") if s.strip()),
                   count=face.challenge_steps)


@dataclass
class FaceCheck:
    policy: FacePolicy
    fallbacks: list[VerificationFallback]
    face_possible: bool                      # camera ready and models loaded
    card_photo: bool                         # the identity carries a decoded chip photo
    phase: CheckPhase = CheckPhase.CONSENT
    attempts: int = 0
    why: WhyAlternatives | None = None
    last_reason: str = ""                    # the failed attempt's reason (for the message)
    consent_at: dt.datetime | None = None
    _rng: random.Random = field(default_factory=random.SystemRandom, repr=False)

    def __post_init__(self) -> None:
        if not self.card_photo:
            self._alternatives(WhyAlternatives.NO_CARD_PHOTO)
        elif not self.face_possible:
            self._alternatives(WhyAlternatives.FACE_UNAVAILABLE)

    @property
    def attempts_left(self) -> int:
        return max(0, self.policy.max_attempts - self.attempts)

    def agree(self, now: dt.datetime) -> None:
        """The separate consent (个人信息保护法 art. 29): recorded with the decision."""
        if self.phase is not CheckPhase.CONSENT:
            return
        self.consent_at = now
        self.phase = CheckPhase.CAPTURING
        self.attempts = 1

    def decline(self) -> None:
        if self.phase in (CheckPhase.CONSENT, CheckPhase.CAPTURING, CheckPhase.FAILED):
            self._alternatives(WhyAlternatives.DECLINED)

    def retry(self) -> bool:
        if self.phase is not CheckPhase.FAILED or self.attempts_left == 0:
            return False
        self.attempts += 1
        self.phase = CheckPhase.CAPTURING
        return True

    def verifier(self, engine: FaceEngine, card_rgb: np.ndarray, descriptors: Descriptors | None = None) -> Verifier:
        steps = choose_steps(self._rng, self.policy.steps, self.policy.count)   # a recording fits no other session
        return Verifier(engine, card_rgb, steps, consent=self.consent_at is not None,
                        threshold=self.policy.threshold, step_time_limit_s=self.policy.step_time_limit_s,
                        descriptors=descriptors, rng=self._rng)

    def challenge_done(self) -> None:
        if self.phase is CheckPhase.CAPTURING:
            self.phase = CheckPhase.DECIDING

    def decided(self, decision: Decision) -> VerificationResult | None:
        """The result for the session when the person passed; otherwise the next phase is set."""
        if decision.passed:
            return VerificationResult(VerificationMethod.FACE, True, decision.distance, decision.threshold,
                                      decision.steps, decision.consent, decision.at)
        self.last_reason = decision.reason
        if self.attempts_left == 0:
            self._alternatives(WhyAlternatives.ATTEMPTS_USED)
        else:
            self.phase = CheckPhase.FAILED
        return None

    def choose_sms(self) -> bool:
        if self.phase is not CheckPhase.ALTERNATIVES or VerificationFallback.SMS not in self.fallbacks:
            return False
        self.phase = CheckPhase.SMS
        return True

    def back_to_alternatives(self) -> None:
        if self.phase is CheckPhase.SMS:
            self.phase = CheckPhase.ALTERNATIVES

    def cannot_check(self, why: WhyAlternatives) -> None:
        """The face check became impossible mid-way (camera lost, card photo unreadable)."""
        if self.phase in (CheckPhase.CONSENT, CheckPhase.CAPTURING, CheckPhase.FAILED):
            self._alternatives(why)

    def _alternatives(self, why: WhyAlternatives) -> None:
        self.phase, self.why = CheckPhase.ALTERNATIVES, why
