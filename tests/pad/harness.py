"""The PAD evaluation (ISO/IEC 30107-3 terms): presentations of each attack type and of the genuine
person run through the production real-person check — `FaceCheck` with the `FacePolicy` built from the
shipped `[face]` defaults, its `Verifier`, the real models — frame by frame at the camera's 30 fps,
each prompt seen by the presenter as it appears on the screen. APCER per attack type, BPCER, and the
share of challenges an unedited replay of the genuine recording passes. docs/pad.md."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from typing import Protocol

import cv2
import numpy as np

from kiosk.config import FaceSection
from kiosk.verification.check import FaceCheck, FacePolicy
from kiosk.verification.face import FaceEngine
from kiosk.verification.pipeline import Decision, Descriptors, Prompt
from launcher import demo_person
from launcher.demo_person import FPS, LivePerson

from ..facetools import FACES, chip_like_photo
from .presenters import HeldPicture, Motion, Replay, phone_of, print_of
from .scene import Shape


class Presenter(Protocol):
    def frame(self, t: float, prompt: Prompt) -> np.ndarray: ...


class AttackType(str, Enum):
    PRINT_MOVED = "print_moved"                  # moved, scaled, slanted in perspective, not following
    PRINT_ROLLED = "print_rolled"                # tilted in its plane following the prompts (the old hole)
    PRINT_TURNED = "print_turned"                # turned about its vertical axis following the prompts
    PRINT_BENT = "print_bent"                    # bowed about a vertical axis, turned following the prompts
    PRINT_BENT_HORIZONTAL = "print_bent_horizontal"
    PRINT_FOLDED = "print_folded"                # V-folded along the nose line, turned following the prompts
    SCREEN_PHOTO = "screen_photo"                # a phone screen showing the photo, rolled or turned


@dataclass(frozen=True)
class Subject:
    """Whose card it is, the card's photo, and the picture an attacker has of them."""
    name: str
    card_rgb: np.ndarray
    photo_bgr: np.ndarray
    photo_box: tuple[float, float, float, float]


def production_policy() -> FacePolicy:
    return FacePolicy.from_section(FaceSection())


@lru_cache(maxsize=1)
def subjects(engine: FaceEngine) -> tuple[Subject, ...]:
    """Public photos: the attacker prints one photo of a person, the card holds the other (made once)."""
    out = []
    pairs = [("obama.jpg", "obama2.jpg"), ("obama2.jpg", "obama.jpg"), ("biden.jpg", "biden2.jpg"),
             ("biden2.jpg", "biden.jpg")]
    for printed, carded in pairs:
        photo = cv2.imread(str(FACES / printed))
        card = chip_like_photo(engine, cv2.cvtColor(cv2.imread(str(FACES / carded)), cv2.COLOR_BGR2RGB))
        out.append(Subject(printed, card, photo, _box(engine, photo)))
    rec = demo_person.load()                       # the performer: a frame printed, another on the card
    photo = rec.frame(demo_person.FRONTAL[0] + 3)
    card = chip_like_photo(engine, cv2.cvtColor(rec.frame(demo_person.CARD_FRAME), cv2.COLOR_BGR2RGB))
    out.append(Subject("performer", card, photo, _box(engine, photo)))
    return tuple(out)


def performer_card(engine: FaceEngine, mirror: bool = False) -> np.ndarray:
    frame = demo_person.load().frame(demo_person.CARD_FRAME, mirror=mirror)
    return chip_like_photo(engine, cv2.cvtColor(frame, cv2.COLOR_BGR2RGB))


def _box(engine: FaceEngine, bgr: np.ndarray) -> tuple[float, float, float, float]:
    b = engine.the_face(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB), upsample=1, min_width=20)
    return (b.left, b.top, b.right, b.bottom)


def attacker(kind: AttackType, subject: Subject, rng: np.random.Generator) -> HeldPicture:
    """One attack presentation's instrument and how it is moved, drawn from the type's range."""
    flat = print_of(subject.photo_bgr, subject.photo_box)
    sign = float(rng.choice([-1.0, 1.0]))
    u = lambda a, b: float(rng.uniform(a, b))  # noqa: E731
    if kind is AttackType.PRINT_MOVED:
        return HeldPicture(flat, Motion.MOVED, 0, sign, rng)
    if kind is AttackType.PRINT_ROLLED:
        return HeldPicture(flat, Motion.ROLL, u(15, 35), sign, rng)
    if kind is AttackType.PRINT_TURNED:
        return HeldPicture(flat, Motion.YAW, u(25, 60), sign, rng)
    if kind is AttackType.PRINT_BENT:
        return HeldPicture(flat, Motion.YAW, u(20, 50), sign, rng, Shape.BENT_VERTICAL, u(5, 10))
    if kind is AttackType.PRINT_BENT_HORIZONTAL:
        return HeldPicture(flat, Motion.YAW, u(20, 50), sign, rng, Shape.BENT_HORIZONTAL, u(6, 12))
    if kind is AttackType.PRINT_FOLDED:
        return HeldPicture(flat, Motion.YAW, u(20, 45), sign, rng, Shape.FOLDED, u(15, 35))
    phone = phone_of(subject.photo_bgr, subject.photo_box, rng)
    motion = Motion.ROLL if rng.random() < 0.5 else Motion.YAW
    return HeldPicture(phone, motion, u(15, 45), sign, rng, distance_cm=u(18, 24))


def present(presenter: Presenter, card_rgb: np.ndarray, engine: FaceEngine, descriptors: Descriptors,
            policy: FacePolicy, seed: int) -> Decision:
    """One presentation: consent given, the challenge drawn as the kiosk draws it, frames until the
    verifier is finished (each step's own time limits end it), then the decision."""
    check = FaceCheck(policy, [], face_possible=True, card_photo=True, _rng=random.Random(seed))
    check.agree(dt.datetime.now())
    verifier = check.verifier(engine, card_rgb.copy(), descriptors)
    t, limit = 0.0, policy.step_time_limit_s * policy.count + 2
    while not verifier.finished and t < limit:
        verifier.feed(presenter.frame(t, verifier.prompt), t)
        t += 1 / FPS
    return verifier.decide(dt.datetime.now())


def live(d: Decision) -> bool:
    """The PAD decision (ISO/IEC 30107-3: the presentation judged bona fide): every challenge step passed,
    whatever the 1:1 comparison said after it."""
    return bool(d.steps) and all(s.endswith(":passed") for s in d.steps)


@dataclass
class Tally:
    presented: int = 0
    live: int = 0                 # judged bona fide by the PAD (all steps passed)
    verified: int = 0             # ...and the 1:1 comparison passed: the whole check said yes
    reasons: dict[str, int] = field(default_factory=dict)

    def add(self, d: Decision) -> None:
        self.presented += 1
        self.live += int(live(d))
        self.verified += int(d.passed)
        key = d.reason or "passed"
        self.reasons[key] = self.reasons.get(key, 0) + 1

    @property
    def live_rate(self) -> float:
        return self.live / self.presented if self.presented else 0.0

    @property
    def verified_rate(self) -> float:
        return self.verified / self.presented if self.presented else 0.0


def run_attacks(engine: FaceEngine, descriptors: Descriptors, per_type: int, seed: int = 1,
                types: tuple[AttackType, ...] = tuple(AttackType)) -> dict[AttackType, Tally]:
    policy, subs = production_policy(), subjects(engine)
    out = {}
    for ti, kind in enumerate(types):
        tally = Tally()
        for k in range(per_type):
            rng = np.random.default_rng(seed * 1000 + ti * 100 + k)
            subject = subs[k % len(subs)]
            tally.add(present(attacker(kind, subject, rng), subject.card_rgb, engine, descriptors, policy,
                              seed * 1000 + ti * 100 + k))
        out[kind] = tally
    return out


def run_genuine(engine: FaceEngine, descriptors: Descriptors, count: int, seed: int = 2) -> Tally:
    """The live recording answering `count` challenges (each drawn by the kiosk), reaction times random."""
    policy, rec, card = production_policy(), demo_person.load(), performer_card(engine)
    tally = Tally()
    for k in range(count):
        tally.add(present(LivePerson(rec, np.random.default_rng(seed * 1000 + k)), card, engine, descriptors,
                          policy, seed * 1000 + k))
    return tally


def run_replay(engine: FaceEngine, descriptors: Descriptors, count: int, seed: int = 3) -> Tally:
    """The unedited recording (and its mirror image) from evenly spread starting moments, each against a
    freshly drawn challenge: the share that passes is what the challenge design leaves to a replay."""
    policy, rec = production_policy(), demo_person.load()
    cards = {m: performer_card(engine, m) for m in (False, True)}
    span = demo_person.FACE_RANGE[1] - demo_person.FACE_RANGE[0]
    tally = Tally()
    for k in range(count):
        mirror = bool(k % 2)
        start = (k * 7919) % span
        tally.add(present(Replay(rec, start, mirror), cards[mirror], engine, descriptors, policy, seed * 1000 + k))
    return tally
