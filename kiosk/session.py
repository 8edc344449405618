"""The session state machine of one person at the kiosk.

home -> guide -> identify -> verify -> [enterprise] -> form -> review -> submitting -> result -> rate -> (wipe) -> home

(enterprise: items that act for an existing enterprise — the person's link to it confirmed first)

Pure state, no I/O: the caller (kiosk.service.KioskService) performs reads, checks and uploads and
feeds their outcomes in. An event that arrives in the wrong step raises WrongStep and changes
nothing, so a late card read or a double tap can never move the flow sideways.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from dataclasses import dataclass, field
from enum import Enum

from api_schema.forms import FieldError, validate_field, validate_form
from api_schema.models import (
    ApplicationReceipt, ApplicationSubmit, Applicant, EnterpriseIdentity, EvaluationLevel, FormField, Policy,
    ServiceItem, Verification, VerificationRecord,
)

from .enterprise import enterprise_prefill, needs_enterprise
from .materials.capture import capturable_materials
from .materials.scan import MaterialScans, ScannedPage
from .identity import Identity, IdentitySourceDevice


class Step(str, Enum):
    HOME = "home"
    GUIDE = "guide"
    IDENTIFY = "identify"
    VERIFY = "verify"
    ENTERPRISE = "enterprise"
    FORM = "form"
    REVIEW = "review"
    SUBMITTING = "submitting"
    RESULT = "result"
    RATE = "rate"


class EndReason(str, Enum):
    FINISHED = "finished"
    CANCELLED = "cancelled"
    TIMEOUT = "timeout"
    CARD_REMOVED = "card_removed"
    RECOVERED = "recovered"      # the app restarted mid-session


class VerificationMethod(str, Enum):
    FACE = "face"
    CARD_ONLY = "card_only"      # the item needs the real name only (Verification.CARD)
    SMS = "sms"
    TEST_SKIPPED = "test_skipped"  # tests of other screens only; never offered by `kiosk run` or the demo


@dataclass(frozen=True)
class VerificationResult:
    """The decision, as kept and sent with the application: no image, no descriptor."""
    method: VerificationMethod
    passed: bool
    score: float | None = None
    threshold: float | None = None
    liveness_steps: tuple[str, ...] = ()
    consent: bool = False
    at: dt.datetime | None = None

    def record(self, now: dt.datetime) -> VerificationRecord:
        return VerificationRecord(method=self.method.value, passed=self.passed, score=self.score,
                                  threshold=self.threshold, liveness_steps=list(self.liveness_steps),
                                  consent=self.consent, at=self.at or now)


class WrongStep(Exception):
    def __init__(self, event: str, step: Step) -> None:
        super().__init__(f"{event} is not accepted in step {step.value}")
        self.event, self.step = event, step


@dataclass
class FormState:
    fields: list[FormField]
    values: dict[str, str]
    locked: frozenset[str]                 # pre-filled from the card: not editable by hand
    errors: dict[str, FieldError] = field(default_factory=dict)

    @classmethod
    def prefilled(cls, fields: list[FormField], identity: Identity, known: dict[str, str] | None = None) -> "FormState":
        """From the card (fields with a source) and from what is already known (the enterprise's
        register facts): both locked — a fact from a register is not retyped ("一次填报")."""
        known = known or {}
        values = {f.name: identity.prefill(f.source) if f.source else known.get(f.name, "") for f in fields}
        locked = frozenset(f.name for f in fields if (f.source or f.name in known) and values[f.name])
        return cls(fields, values, locked)

    def field(self, name: str) -> FormField:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def set(self, name: str, value: str) -> FieldError | None:
        if name in self.locked:
            return None
        f = self.field(name)
        self.values[name] = value
        err = validate_field(f, value)
        if err is None:
            self.errors.pop(name, None)
        else:
            self.errors[name] = err
        return err

    def validate(self) -> dict[str, FieldError]:
        self.errors = validate_form(self.fields, self.values)
        return self.errors


@dataclass
class Session:
    step: Step = Step.HOME
    item: ServiceItem | None = None
    identity: Identity | None = None
    verification: VerificationResult | None = None
    enterprise: EnterpriseIdentity | None = None
    form: FormState | None = None
    deferred_materials: set[str] = field(default_factory=set)
    scans: dict[str, MaterialScans] = field(default_factory=dict)      # pages from the document camera
    idempotency_key: str | None = None
    receipt: ApplicationReceipt | None = None
    queued_id: str | None = None           # stored in the outbox, not yet confirmed by the platform
    last_error: str | None = None          # a message code for the screen
    rating: EvaluationLevel | None = None
    grant: str = field(default="", repr=False)       # the platform's grant for this person here (kiosk/service.py)
    grant_expires: dt.datetime | None = None
    started_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    audit_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])   # names the session in the audit log

    def _expect(self, event: str, *steps: Step) -> None:
        if self.step not in steps:
            raise WrongStep(event, self.step)

    # ---------------------------------------------------------------- events

    def choose_item(self, item: ServiceItem) -> None:
        self._expect("choose_item", Step.HOME, Step.GUIDE)
        self.item, self.step, self.last_error = item, Step.GUIDE, None

    def start(self) -> None:
        self._expect("start", Step.GUIDE)
        self.step = Step.IDENTIFY

    def identified(self, identity: Identity, today: dt.date) -> None:
        """A document was read. Raises IdentityRefused (and stays) if it may not be used."""
        self._expect("identified", Step.IDENTIFY)
        identity.check_usable(today)
        self.identity = identity
        assert self.item is not None
        # A card proves possession; a typed number proves nothing: typed identities always need the
        # real-person check, even for items that only ask for the card.
        if self.item.verification is Verification.CARD and identity.source is not IdentitySourceDevice.MANUAL:
            self._verified(VerificationResult(VerificationMethod.CARD_ONLY, True))
        else:
            self.step = Step.VERIFY

    def verified(self, result: VerificationResult) -> None:
        self._expect("verified", Step.VERIFY)
        if not result.passed:
            self.last_error = "verify_failed"
            return
        self._verified(result)

    def _verified(self, result: VerificationResult) -> None:
        assert self.item is not None and self.identity is not None
        if result.at is None:               # when it happened: the platform believes a verification for a while
            result = dataclasses.replace(result, at=dt.datetime.now(dt.timezone.utc))
        self.verification = result
        if needs_enterprise(self.item):
            self.step, self.last_error = Step.ENTERPRISE, None
            return
        self._to_form()

    def _to_form(self, extra: dict[str, str] | None = None) -> None:
        assert self.item is not None and self.identity is not None
        self.form = FormState.prefilled(self.item.form, self.identity,
                                        enterprise_prefill(self.item.form, self.enterprise, extra))
        self.step, self.last_error = Step.FORM, None

    def enterprise_identified(self, enterprise: EnterpriseIdentity) -> None:
        """The platform confirmed (or, offline, will check) that the person acts for the enterprise."""
        self._expect("enterprise_identified", Step.ENTERPRISE)
        self.enterprise, self.last_error = enterprise, None

    def continue_to_form(self) -> None:
        self._expect("continue_to_form", Step.ENTERPRISE)
        if self.enterprise is None:
            raise WrongStep("continue_to_form", self.step)
        self._to_form()

    def apply_for_policy(self, policy: Policy, item: ServiceItem) -> None:
        """政策通 "一键申报": the policy's item, with the person, the check and the enterprise kept and the
        form pre-filled. Only towards an item the check already done is good enough for."""
        self._expect("apply_for_policy", Step.ENTERPRISE)
        if self.enterprise is None or self.verification is None or (
                item.verification is Verification.FACE and self.verification.method is VerificationMethod.CARD_ONLY):
            raise WrongStep("apply_for_policy", self.step)
        self.item = item
        self._to_form({"policy": policy.name})

    def set_field(self, name: str, value: str) -> FieldError | None:
        self._expect("set_field", Step.FORM)
        assert self.form is not None
        return self.form.set(name, value)

    def defer_material(self, code: str, deferred: bool) -> None:
        """容缺受理: a material the item allows to be supplied later."""
        self._expect("defer_material", Step.FORM)
        assert self.item is not None
        material = next((m for m in self.item.materials if m.code == code), None)
        if material is None or not material.deferrable:
            raise ValueError(f"material {code} cannot be supplied later")
        (self.deferred_materials.add if deferred else self.deferred_materials.discard)(code)

    def add_page(self, code: str, page: ScannedPage) -> None:
        """A page of a material from the document camera (held in memory only; wiped with the session)."""
        self._expect("add_page", Step.FORM)
        assert self.item is not None
        if code not in {m.code for m in capturable_materials(self.item)}:
            raise ValueError(f"material {code} is not handed over on paper")
        self.scans.setdefault(code, MaterialScans(code)).add(page)
        self.deferred_materials.discard(code)        # brought after all: not "supplied later"

    def remove_page(self, code: str, index: int) -> None:
        self._expect("remove_page", Step.FORM)
        scans = self.scans.get(code)
        if scans is not None and 0 <= index < len(scans.pages):
            scans.remove(index)
            if not scans.pages:
                del self.scans[code]

    def to_review(self) -> bool:
        self._expect("to_review", Step.FORM)
        assert self.form is not None
        if self.form.validate():
            self.last_error = "form_invalid"
            return False
        self.step, self.last_error = Step.REVIEW, None
        return True

    def back(self) -> None:
        back_of = {Step.GUIDE: Step.HOME, Step.REVIEW: Step.FORM}
        if self.step is Step.FORM and self.enterprise is not None:
            back_of[Step.FORM] = Step.ENTERPRISE          # e.g. to choose another policy
        self._expect("back", *back_of)
        self.step = back_of[self.step]

    def begin_submit(self, now: dt.datetime) -> tuple[ApplicationSubmit, str]:
        """The payload and its Idempotency-Key. The key is made once per session and reused on every
        retry, so a retry after a lost answer can never create a second application."""
        self._expect("begin_submit", Step.REVIEW)
        assert self.item and self.identity and self.form
        if self.idempotency_key is None:
            self.idempotency_key = uuid.uuid4().hex
        payload = ApplicationSubmit(
            item_code=self.item.code,
            applicant=Applicant(name=self.identity.name, id_number=self.identity.id_number,
                                card_type=self.identity.card_type),
            form={k: v.strip() for k, v in self.form.values.items()},
            deferred_materials=sorted(self.deferred_materials),
            verification=self.verification.record(now) if self.verification else None,
            client_created_at=now)
        self.step, self.last_error = Step.SUBMITTING, None
        return payload, self.idempotency_key

    def submitted(self, receipt: ApplicationReceipt) -> None:
        self._expect("submitted", Step.SUBMITTING)
        self.receipt, self.step = receipt, Step.RESULT

    def queued(self, item_id: str) -> None:
        """Stored durably; the platform will get it when the network allows (an honest 'queued')."""
        self._expect("queued", Step.SUBMITTING)
        self.queued_id, self.step = item_id, Step.RESULT

    def submit_failed(self, message_code: str, *, rejected: bool = False) -> None:
        """Back to review with everything the person entered kept. After a rejection the corrected
        application is a new request: it gets a new Idempotency-Key."""
        self._expect("submit_failed", Step.SUBMITTING)
        self.step, self.last_error = Step.REVIEW, message_code
        if rejected:
            self.idempotency_key = None

    def to_rating(self) -> None:
        self._expect("to_rating", Step.RESULT)
        self.step = Step.RATE

    def rated(self, level: EvaluationLevel | None) -> None:
        self._expect("rated", Step.RATE)
        self.rating = level
