"""The kiosk's use cases around one Session: catalog, identification, submission, rating, wipe.

Thread-safe: card events arrive on the device thread and screen actions on worker threads. Network
calls run outside the lock, and an answer that comes back after its session ended is dropped.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass, field
from typing import Callable, TypeVar

from api_schema.analytics import SessionEnd
from api_schema.hours import ServiceHours
from api_schema.models import (
    Applicant, VerificationRecord, ApplicationProgress, ApplicationSubmit, Catalog, EvaluationLevel, EvaluationStage, EvaluationSubmit, PickupLink,
    QrTokenKind, SmsSent,
)

from .analytics import VisitReports
from .audit import AuditError, AuditEvent, AuditLog
from .catalog import CatalogView
from .outcome import OK, Outcome
from .enterprise_desk import EnterpriseDesk
from .identity import Identity, IdentityRefused, IdentitySourceDevice, manual_identity
from .platform_client import PlatformClient, PlatformError, PlatformRejected
from offline_cache.catalog_cache import CatalogCache
from offline_cache.outbox import Attachment
from offline_cache.db import StoreError
from offline_cache.flags import Flags

from .session import EndReason, Session, Step, VerificationMethod, VerificationResult, WrongStep
from .materials.capture import attachments
from .sync import Sent, SyncWorker, upload_refs

log = logging.getLogger("kiosk.service")
T = TypeVar("T")


_GRANT_MARGIN = dt.timedelta(minutes=1)


def _applicant(identity: Identity) -> Applicant:
    return Applicant(name=identity.name, id_number=identity.id_number, card_type=identity.card_type)


@dataclass(frozen=True)
class PendingSubmit:
    session: Session
    payload: ApplicationSubmit = field(repr=False)
    key: str
    pages: list[tuple[str, str, str, bytes]] = field(default_factory=list, repr=False)
_BEFORE_SUBMIT = (Step.VERIFY, Step.FORM, Step.REVIEW)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class KioskService:
    def __init__(self, client: PlatformClient, sync: SyncWorker,
                 clock: Callable[[], dt.datetime] = _utcnow, audit: AuditLog | None = None) -> None:
        self.client = client
        self.sync = sync
        self.audit = audit
        self.catalog_cache = CatalogCache(sync.outbox.conn, sync.outbox.lock)
        self.flags = Flags(sync.outbox.conn, sync.outbox.lock)
        self._clock = clock
        self._lock = threading.RLock()
        self.session = Session()
        self.catalog: CatalogView | None = None
        self._catalog_etag = ""
        self.sessions_ended = 0
        self.paused_code = ""                        # as of the last submissions_paused()
        self.enterprise = EnterpriseDesk(self)           # 企业身份核验 and 政策通
        self.visits = VisitReports(sync.outbox)          # the visit's screens, for anonymous analytics

    # ------------------------------------------------------------ catalog

    def refresh_catalog(self) -> Outcome:
        """Offline first: the cached catalog at once, then the platform's if it changed (ETag). A new
        revision is cached atomically; a failure keeps the last good one."""
        if self.catalog is None:
            self._load_cached_catalog()
        try:
            fetched = self.client.fetch_catalog(self._catalog_etag)
        except PlatformError as exc:
            log.warning("catalog refresh failed: %s", exc.detail)
            return Outcome(False, exc.code if self.catalog else "catalog_unavailable")
        if fetched.catalog is not None:
            if not self.catalog_cache.store(fetched.etag, fetched.catalog.watermark,
                                            fetched.catalog.model_dump_json().encode()):
                log.warning("platform sent an older catalog (watermark %d); kept the cached one",
                            fetched.catalog.watermark)
                return OK
            with self._lock:
                self.catalog = CatalogView(fetched.catalog)
                self._catalog_etag = fetched.etag
            log.info("catalog %s (watermark %d, %d items)", fetched.catalog.version,
                     fetched.catalog.watermark, len(fetched.catalog.items))
        return OK

    def _load_cached_catalog(self) -> None:
        cached = self.catalog_cache.load()
        if cached is None:
            return
        try:
            catalog = Catalog.model_validate_json(cached.body)
        except ValueError:
            log.warning("cached catalog unreadable; waiting for the platform")
            return
        with self._lock:
            self.catalog, self._catalog_etag = CatalogView(catalog), cached.etag
        log.info("catalog from cache (watermark %d)", cached.watermark)

    def submissions_paused(self) -> str:
        """The message code of why new applications are refused now ("" when they are accepted):
        guides, queries and the catalog keep working meanwhile. Remembered for begin_application."""
        try:
            self.sync.outbox.check_bounds()
        except StoreError as exc:
            self.paused_code = getattr(exc, "code", "store_error")
        else:
            self.paused_code = ""
        return self.paused_code

    def begin_application(self) -> Outcome:
        """开始办理 from the guide: refused at once, with the reason, while new applications cannot be
        stored (a disk nearly full, the queue full, offline too long) — not after the person has filled
        the form. The outbox itself still checks at the moment of storing."""
        if self.paused_code:
            return Outcome(False, self.paused_code)
        return self.event("start")

    # ------------------------------------------------------------ flow

    def choose_item(self, code: str) -> Outcome:
        with self._lock:
            item = self.catalog.get(code) if self.catalog else None
            if item is None:
                return Outcome(False, "catalog_unavailable")
            self.session.choose_item(item)
            self.visits.chose(item.code)
        return OK

    def start(self) -> None:
        with self._lock:
            self.session.start()
            self._audit(AuditEvent.SESSION_START, item=self.session.item.code if self.session.item else None)

    def _audit(self, event: AuditEvent, session: Session | None = None, **fields: object) -> None:
        """One line in the audit log. A log that cannot be written is said in the journal; the person's
        service goes on (the heartbeat shows the stalled chain)."""
        if self.audit is None:
            return
        try:
            self.audit.record(event, (session or self.session).audit_id, **fields)
        except AuditError as exc:
            log.error("audit log not written: %s", exc)

    def _audit_verified(self, session: Session) -> None:
        v = session.verification
        if v is not None:
            self._audit(AuditEvent.VERIFIED, session, method=v.method.value, passed=v.passed, score=v.score,
                        threshold=v.threshold, steps=list(v.liveness_steps) or None)

    def platform_hours(self) -> ServiceHours | None:
        """The daily hours the platform set for this kiosk, kept across restarts (a kiosk that starts
        offline keeps its hours); None when it set none."""
        text = self.flags.get("service_hours")
        try:
            return ServiceHours.parse(text) if text else None
        except ValueError:
            return None

    def service_hours(self, configured: ServiceHours) -> ServiceHours:
        """The daily hours this kiosk serves: the platform's when it set them, otherwise its own configuration's."""
        hours = self.platform_hours()
        return configured if hours is None else hours

    def keep_platform_hours(self, hours: ServiceHours | None) -> None:
        """Store what the platform set (None: clear it)."""
        try:
            self.flags.set("service_hours", hours.text() if hours is not None else "")
        except StoreError as exc:
            log.error("service hours not stored: %s", exc)
        log.info("service hours from the platform: %s", hours.text() if hours else "none (the configuration's)")

    def stopped_by(self) -> str:
        """Who took the kiosk out of service ("technician", "platform"), kept across restarts; "" if nobody."""
        return self.flags.get("out_of_service")

    def service_state_changed(self, out_of_service: bool, by: str) -> None:
        """Taken out of service or back, by the technician or the platform (not a person's session).
        Kept in the store: a restart (a crash, a power cut) does not put a stopped kiosk back in service."""
        try:
            self.flags.set("out_of_service", by if out_of_service else "")
        except StoreError as exc:
            log.error("service state not stored: %s", exc)
        if self.audit is not None:
            try:
                self.audit.record(AuditEvent.SERVICE_STATE, state="out_of_service" if out_of_service else "in_service",
                                  reason=by)
            except AuditError as exc:
                log.error("audit log not written: %s", exc)

    def printed(self, document: str, ok: bool, code: str = "", session: Session | None = None) -> None:
        """A printout of a session (receipt, certificate, checklist) and how it went."""
        self._audit(AuditEvent.PRINTED, session, document=document, ok=ok, code=code or None)

    def identify(self, identity: Identity) -> Outcome:
        """A document was presented. Ignored (not an error) when the session is not waiting for one."""
        with self._lock:
            if self.session.step is not Step.IDENTIFY:
                log.info("identity document ignored in step %s", self.session.step.value)
                return Outcome(False, "")
            try:
                self.session.identified(identity, self._clock().date())
            except IdentityRefused as exc:
                log.info("identity document refused: %s", exc.reason)
                self.session.last_error = exc.reason
                self._audit(AuditEvent.IDENTIFIED, source=identity.source.value, ok=False, code=exc.reason)
                return Outcome(False, exc.reason)
            self._audit(AuditEvent.IDENTIFIED, source=identity.source.value, ok=True,
                        person=self.audit.pseudonym(identity.id_number) if self.audit else None)
            self._audit_verified(self.session)          # items that need the card only
        return OK

    def person_grant(self, session: Session | None = None) -> str:
        """The platform's grant to read this session's person's data here: asked once (the kiosk vouches,
        with its signature, for the card it read and the check the person passed), kept in the session and
        wiped with it. Network: off the GUI thread. PlatformError when refused."""
        with self._lock:
            session = session or self.session
            now = self._clock()
            if session.grant and session.grant_expires and session.grant_expires - now > _GRANT_MARGIN:
                return session.grant
            identity, verification = session.identity, session.verification
        if identity is None or (verification is None and identity.source is IdentitySourceDevice.MANUAL):
            raise PlatformRejected(403, "grant_required", "the person is not identified and verified here")
        record = verification.record(now) if verification else VerificationRecord(method="card_only", passed=True, at=now)
        grant = self.client.grant(_applicant(identity), record)
        with self._lock:
            session.grant, session.grant_expires = grant.grant, grant.expires_at
        return grant.grant

    def identify_qr(self, kind: QrTokenKind, token: str) -> Outcome:
        """An e-ID / e-social-security code: the platform resolves it to a person (network: call it
        off the GUI thread), then it is identified like any document."""
        with self._lock:
            if self.session.step is not Step.IDENTIFY:
                return Outcome(False, "")
        try:
            found = self.client.resolve_qr(kind, token)
        except PlatformRejected as exc:
            return Outcome(False, "qr_invalid" if exc.error_code == "qr_invalid" else exc.code)
        except PlatformError as exc:
            return Outcome(False, exc.code)
        outcome = self.identify(Identity(name=found.name, id_number=found.id_number, card_type=found.card_type,
                                         source=IdentitySourceDevice.QR))
        if outcome.ok and found.grant:       # the person's own app verified them: the platform's grant comes along
            with self._lock:
                self.session.grant, self.session.grant_expires = found.grant, found.grant_expires_at
        return outcome

    def send_sms_code(self) -> tuple[Outcome, SmsSent | None]:
        """The non-face way: the platform texts a code to the person's number on record (network:
        off the GUI thread)."""
        with self._lock:
            if self.session.step is not Step.VERIFY or self.session.identity is None:
                return Outcome(False, ""), None
            id_number = self.session.identity.id_number
        try:
            return OK, self.client.sms_send(id_number)
        except PlatformRejected as exc:
            return Outcome(False, "sms_no_mobile" if exc.error_code == "no_mobile_on_record" else exc.code), None
        except PlatformError as exc:
            return Outcome(False, exc.code), None

    def answer_sms_code(self, challenge_id: str, code: str) -> Outcome:
        try:
            result = self.client.sms_answer(challenge_id, code)
        except PlatformRejected as exc:
            return Outcome(False, "sms_expired" if exc.error_code == "sms_invalid" else exc.code)
        except PlatformError as exc:
            return Outcome(False, exc.code)
        if not result.verified:
            return Outcome(False, "sms_wrong" if result.attempts_left else "sms_no_attempts")
        with self._lock:
            if result.grant:
                self.session.grant, self.session.grant_expires = result.grant, result.grant_expires_at
        return self.verified(VerificationResult(VerificationMethod.SMS, True, at=self._clock()))

    def verified(self, result: VerificationResult) -> Outcome:
        with self._lock:
            self.session.verified(result)
            if not result.passed:
                self._audit(AuditEvent.VERIFIED, method=result.method.value, passed=False, score=result.score,
                            threshold=result.threshold)
            self._audit_verified(self.session)
            return OK if self.session.step in (Step.FORM, Step.ENTERPRISE) else Outcome(False, self.session.last_error or "")

    def submit(self) -> Outcome:
        """start_submit() then deliver(), in one call (for callers without a screen to update)."""
        return self.deliver(self.start_submit())

    def start_submit(self) -> PendingSubmit:
        """The person confirmed the review: the session moves to SUBMITTING at once (the screen can
        say so) and the application is built. Fast, no I/O: runs on the caller's (GUI) thread."""
        with self._lock:
            session = self.session
            payload, key = session.begin_submit(self._clock())
            pages = attachments(session.scans)
        if pages:                       # the document camera's pages go with it, each referenced by hash
            payload = payload.model_copy(update={"uploads": upload_refs(key, pages)})
        return PendingSubmit(session, payload, key, pages)

    def deliver(self, pending: PendingSubmit) -> Outcome:
        """Store the application durably in the outbox (one transaction), then try to deliver it at
        once. Delivered: the receipt. Network down: an honest "queued". Refused by the offline bounds
        or the platform: back to review with everything kept. Blocking: runs on a worker thread."""
        session, payload, key = pending.session, pending.payload, pending.key
        outbox = self.sync.outbox
        try:
            if outbox.get(key) is None:               # a retry of the same session reuses its row
                outbox.check_bounds()
                outbox.enqueue("application", payload.model_dump_json().encode(), item_id=key,
                               attachments=[Attachment(name, ctype, data) for _, name, ctype, data in pending.pages])
        except StoreError as exc:
            log.warning("submission refused by the store: %s", exc)
            return self._failed(session, getattr(exc, "code", "store_error"))
        result = self.sync.send_now(key)
        if result.status is Sent.REJECTED:
            code = "form_invalid" if result.error_code == "form_invalid" else "platform_rejected"
            return self._failed(session, code, rejected=True)
        with self._lock:
            if self.session is not session:
                log.warning("submit answer arrived after its session ended; the outbox has it")
                return Outcome(False, "")
            if result.status is Sent.DONE and result.receipt is not None:
                session.submitted(result.receipt)
                log.info("application submitted (replayed=%s)", result.receipt.replayed)
                self._audit(AuditEvent.SUBMITTED, session, application_no=result.receipt.application_no)
            else:
                session.queued(key)
                log.info("application queued (%s)", result.error_code)
                self._audit(AuditEvent.QUEUED, session, outbox_id=key, code=result.error_code)
        return OK

    def _failed(self, session: Session, code: str, *, rejected: bool = False) -> Outcome:
        with self._lock:
            if self.session is session:
                session.submit_failed(code, rejected=rejected)
                self._audit(AuditEvent.SUBMITTED, session, ok=False, code=code)
        return Outcome(False, code)

    def rate(self, level: EvaluationLevel | None) -> Outcome:
        with self._lock:
            session = self.session
            session.rated(level)
            receipt = session.receipt
            self._audit(AuditEvent.EVALUATED, session, level=int(level) if level is not None else "skipped")
        if level is None or receipt is None:
            return OK
        evaluation = EvaluationSubmit(application_no=receipt.application_no, stage=EvaluationStage.ACCEPT,
                                      level=level)
        try:                                       # kept in the outbox too: a rating is never lost
            item_id = self.sync.outbox.enqueue("evaluation", evaluation.model_dump_json().encode())
        except StoreError as exc:
            return Outcome(False, getattr(exc, "code", "store_error"))
        self.sync.send_now(item_id)
        return OK

    def progress(self, application_no: str) -> tuple[Outcome, ApplicationProgress | None]:
        try:
            return OK, self.client.progress(application_no.strip().upper())
        except PlatformError as exc:
            return Outcome(False, exc.code), None

    def certificate_pdf(self) -> tuple[Outcome, bytes | None]:
        """The certificate of an application approved at once (秒批), as the platform made it."""
        return self._certificate(self.client.certificate)

    def certificate_pickup(self) -> tuple[Outcome, PickupLink | None]:
        """A short-lived link for the person's own phone to download the certificate (手机扫码下载):
        the way when no printer here can print it, or the person would rather not have paper."""
        return self._certificate(self.client.pickup_link)

    def _certificate(self, fetch: Callable[[str, str], T]) -> tuple[Outcome, T | None]:
        session = self.session
        receipt = session.receipt
        if receipt is None or not receipt.certificate_available:
            return Outcome(False, "platform_rejected"), None
        try:
            return OK, fetch(receipt.application_no, self.person_grant(session))
        except PlatformError as exc:
            return Outcome(False, exc.code), None

    def identify_manually(self, name: str, id_number: str) -> Outcome:
        """No card with the person: name and ID number typed on screen, checked like a card's."""
        try:
            identity = manual_identity(name, id_number, self._clock().date())
        except IdentityRefused as exc:
            return Outcome(False, exc.reason)
        return self.identify(identity)

    def progress_of(self, identity: Identity) -> tuple[Outcome, list[ApplicationProgress]]:
        """办件查询 by identity: the person's applications, newest first. The identity is used for
        this one request and kept nowhere (the ID number goes in a POST body, never a URL or log)."""
        try:
            identity.check_usable(self._clock().date())
            if identity.source is IdentitySourceDevice.MANUAL:       # a typed number proves nothing
                raise IdentityRefused("progress_needs_card")
            grant = self.client.grant(_applicant(identity),
                                      VerificationRecord(method="card_only", passed=True, at=self._clock()))
            found = self.client.query_by_id_number(identity.id_number, grant.grant).applications
        except IdentityRefused as exc:
            return Outcome(False, exc.reason), []
        except PlatformError as exc:
            return Outcome(False, exc.code), []
        return (OK if found else Outcome(False, "progress_none_for_identity")), found

    def document_removed(self, device: IdentitySourceDevice) -> bool:
        """The card rule. A social security card is inserted and taken out on purpose, like a bank
        card: taken out before the application is submitted, the session ends (and is wiped). An ID
        card only lies on the reader's pad and is picked up once read, which ends nothing. True when
        the session ended."""
        with self._lock:
            identity = self.session.identity
            ends = (device is IdentitySourceDevice.SOCIAL_SECURITY_CARD and identity is not None
                    and identity.source is device and self.session.step in _BEFORE_SUBMIT)
        if ends:
            self.end(EndReason.CARD_REMOVED)
        return ends

    def end(self, reason: EndReason) -> None:
        """Wipe: the person's session is dropped whole and a fresh one takes its place. Back from a guide
        (nothing of the person yet) the visit goes on; otherwise its anonymous report is kept to send."""
        with self._lock:
            session = self.session
            if session.step not in (Step.HOME, Step.GUIDE) or session.identity is not None:
                self._audit(AuditEvent.SESSION_END, reason=reason.value)
            browsing = reason is EndReason.CANCELLED and session.step in (Step.HOME, Step.GUIDE) \
                and session.identity is None
            applied = session.receipt is not None or session.queued_id is not None
            verification = session.verification.method.value if session.verification else None
            self.session = Session()
            self.sessions_ended += 1
        log.info("session ended: %s", reason.value)
        if not browsing:                               # the outbox written outside the session's lock
            self.visits.close(SessionEnd(reason.value), applied=applied, verification=verification)

    def event(self, name: str, *args: object) -> Outcome:
        """Apply a pure session event by name (back, to_review, set_field, ...), refusing wrong steps."""
        with self._lock:
            try:
                result = getattr(self.session, name)(*args)
            except WrongStep as exc:
                log.info("%s", exc)
                return Outcome(False, "")
        if result is False:
            return Outcome(False, self.session.last_error or "")
        return OK
