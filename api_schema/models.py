"""Wire models of the v1 API. Field names are the JSON names; see platform_server/openapi.json."""

from __future__ import annotations

import datetime as dt
from enum import Enum

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .hours import PATTERN as HOURS_PATTERN, ServiceHours


# Bounds of what a caller may send (every request field is bounded: API v1.1)
ID_NUMBER_PATTERN = r"^[0-9A-Za-z]{6,32}$"
APPLICATION_NO_PATTERN = r"^(ZW|YJS)[0-9]{14}$"
Short = Annotated[str, Field(max_length=64)]
GRANT_HEADER = "X-Person-Grant"
# An Ed25519 SubjectPublicKeyInfo in PEM is always this: a fixed prefix, then 32 bytes of key
ED25519_PEM_PATTERN = (r"^-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=\n"
                       r"-----END PUBLIC KEY-----\n?$")


class _Model(BaseModel):
    # Unknown fields from a newer server are ignored; a kiosk in the field outlives API additions.
    model_config = ConfigDict(extra="ignore", frozen=True, defer_build=True)  # built on first use: faster start


# ---------------------------------------------------------------- errors

class ErrorCode(str, Enum):
    UNAUTHENTICATED = "unauthenticated"
    BAD_PAIRING_CODE = "bad_pairing_code"
    NOT_FOUND = "not_found"
    INVALID_REQUEST = "invalid_request"
    FORM_INVALID = "form_invalid"
    IDEMPOTENCY_KEY_REQUIRED = "idempotency_key_required"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
    ALREADY_EVALUATED = "already_evaluated"
    STAGE_NOT_REACHED = "stage_not_reached"
    NO_CERTIFICATE = "no_certificate"
    QR_INVALID = "qr_invalid"
    NO_MOBILE_ON_RECORD = "no_mobile_on_record"
    SMS_INVALID = "sms_invalid"
    BAD_USCC = "bad_uscc"                       # not a GB 32100 code (check character wrong)
    ENTERPRISE_UNKNOWN = "enterprise_unknown"   # a valid code the register does not hold
    NOT_LINKED = "not_linked"                   # the person is neither legal representative nor agent
    UPLOAD_MISSING = "upload_missing"
    UPLOAD_TOO_LARGE = "upload_too_large"
    BODY_TOO_LARGE = "body_too_large"
    DEVICE_REVOKED = "device_revoked"           # the kiosk's identity was revoked: it stops sending
    CREDENTIAL_EXPIRED = "credential_expired"   # the access token expired or was renewed: get a new one
    SIGNATURE_MISSING = "signature_missing"
    SIGNATURE_INVALID = "signature_invalid"
    SIGNATURE_EXPIRED = "signature_expired"     # its `created` is too far from the platform's clock
    SIGNATURE_REPLAYED = "signature_replayed"
    BAD_DIGEST = "bad_digest"
    BAD_PUBLIC_KEY = "bad_public_key"
    GRANT_REQUIRED = "grant_required"           # personal data: the person must be verified at this kiosk
    GRANT_MISMATCH = "grant_mismatch"           # the grant is for someone else
    VERIFICATION_INVALID = "verification_invalid"
    RATE_LIMITED = "rate_limited"
    FORBIDDEN = "forbidden"                     # an operator without the role for this
    CSRF_FAILED = "csrf_failed"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    INTERNAL = "internal"
    UNAVAILABLE = "unavailable"                 # the platform's database did not answer: send again later
    RELEASE_EXISTS = "release_exists"           # a release version is uploaded once and never replaced
    ROLLOUT_ENDED = "rollout_ended"             # an aborted rollout is not resumed: start a new one


class ErrorBody(_Model):
    code: ErrorCode
    message: str
    fields: dict[str, str] = Field(default_factory=dict, description="field name -> error code")


class ErrorResponse(_Model):
    error: ErrorBody


# ---------------------------------------------------------------- enrolment

class EnrolRequest(_Model):
    pairing_code: str = Field(min_length=4, max_length=32)
    kiosk_name: str = Field(default="", max_length=100)
    public_key_pem: str = Field(pattern=ED25519_PEM_PATTERN,
                                description="the kiosk's Ed25519 public key (SubjectPublicKeyInfo PEM): every later "
                                            "request is signed with it")


class EnrolResponse(_Model):
    device_id: str
    key_fingerprint: str = Field(description="first 16 hex of the public key's SHA-256, to read back")


class AccessToken(_Model):
    """A short-lived token for a signed kiosk (POST /v1/auth/token, itself signed); renewing one ends the old."""
    access_token: str
    expires_at: dt.datetime


class PairingCode(_Model):
    code: str
    expires_at: dt.datetime


# ---------------------------------------------------------------- catalog

class FieldType(str, Enum):
    TEXT = "text"
    TEXTAREA = "textarea"
    ID_NUMBER = "id_number"
    MOBILE = "mobile"
    DATE = "date"
    NUMBER = "number"
    SELECT = "select"
    USCC = "uscc"


class IdentitySource(str, Enum):
    """Where a form field is pre-filled from ("一次填报"): the identity document on the reader."""
    NAME = "identity.name"
    ID_NUMBER = "identity.id_number"
    GENDER = "identity.gender"
    BIRTH_DATE = "identity.birth_date"
    ADDRESS = "identity.address"
    NATION = "identity.nation"


class FormField(_Model):
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    label_en: str
    type: FieldType = FieldType.TEXT
    required: bool = True
    source: IdentitySource | None = None
    options: list[str] = Field(default_factory=list)
    options_en: list[str] = Field(default_factory=list, description="the options' English words, in the same "
                                  "order (what is stored is always the option itself)")
    max_length: int = 200
    hint: str = ""
    hint_en: str = ""
    group: str = Field(default="", description="in a bundle's merged form: the member item the field belongs "
                                              "to ('' = asked once for all members)")
    group_en: str = ""

    @model_validator(mode="after")
    def _every_option_in_english(self) -> FormField:
        if self.options_en and len(self.options_en) != len(self.options):
            raise ValueError(f"{self.name}: options_en must name every option, in order")
        return self


class Material(_Model):
    code: str
    name: str
    name_en: str
    form: str = Field(description="原件 / 复印件 / 电子")
    copies: int = 1
    required: bool = True
    deferrable: bool = Field(default=False, description="may be supplied later under 容缺受理")
    defer_days: int = 0
    note: str = ""
    note_en: str = ""


class Audience(str, Enum):
    PERSONAL = "personal"
    ENTERPRISE = "enterprise"


class Verification(str, Enum):
    FACE = "face"          # 实人: face liveness + 1:1 against the card photo
    CARD = "card"          # 实名 only: the card on the reader is enough (queries, prints of one's own records)


class VerificationFallback(str, Enum):
    """The non-face ways an item accepts when the person declines the face check, no card photo can be
    read, or the check failed: chosen per item (a pension eligibility check, for one, has no SMS way)."""
    SMS = "sms"            # the platform sends a code to the mobile number on record
    STAFF = "staff"        # a staffed window verifies the person


class ServiceItem(_Model):
    code: str = Field(description="standard item code (事项编码), the same everywhere")
    name: str
    name_en: str
    department: str
    department_en: str
    theme: str
    audience: Audience
    summary: str
    conditions: list[str]
    legal_basis: list[str]
    materials: list[Material]
    time_limit_legal_days: int
    time_limit_promised_days: int
    procedure: list[str]
    fees: str
    # The guide in English (a catalog without them shows the Chinese: the kiosk's walk test lists them).
    summary_en: str = ""
    conditions_en: list[str] = Field(default_factory=list)
    legal_basis_en: list[str] = Field(default_factory=list)
    procedure_en: list[str] = Field(default_factory=list)
    fees_en: str = ""
    instant: bool = Field(description="秒批: approved at once, certificate printable on the spot")
    verification: Verification
    verification_fallback: list[VerificationFallback] = Field(
        default_factory=lambda: [VerificationFallback.STAFF],
        description="non-face ways to verify the person, in the order offered")
    keywords: list[str] = Field(default_factory=list)
    form: list[FormField]
    members: list[str] = Field(default_factory=list, description="一件事 bundle: the member items' codes; one "
                               "submission of the merged form becomes one application per member")


class PolicyConditionKind(str, Enum):
    INDUSTRY = "industry"            # GB/T 4754 code prefixes, e.g. "C" (manufacturing), "I65" (software)
    SIZE = "size"                    # micro / small / medium / large (大中小微企业划型)
    DISTRICT = "district"            # the registered district
    MIN_YEARS = "min_years"          # full years since establishment, at least
    MAX_YEARS = "max_years"          # at most (start-ups)
    MAX_EMPLOYEES = "max_employees"
    MIN_EMPLOYEES = "min_employees"


class PolicyCondition(_Model):
    kind: PolicyConditionKind
    values: list[str] = Field(default_factory=list)    # for industry / size / district
    number: int = 0                                    # for the year and employee bounds
    text: str = Field(description="the condition in words, as the policy states it")
    text_en: str = ""


class Policy(_Model):
    """An enterprise-support policy (惠企政策) with machine-readable conditions (政策通)."""
    code: str
    name: str
    name_en: str
    department: str
    summary: str
    benefit: str
    department_en: str = ""
    summary_en: str = ""
    benefit_en: str = ""
    item_code: str = Field(description="the catalog item through which it is applied for")
    conditions: list[PolicyCondition]
    valid_until: dt.date | None = None


class Catalog(_Model):
    version: str
    watermark: int = Field(description="server's monotonic catalog revision; never the kiosk clock")
    items: list[ServiceItem]
    policies: list[Policy] = Field(default_factory=list, description="cached with the catalog: works offline")


# ---------------------------------------------------------------- applications

class CardType(str, Enum):
    RESIDENT = "resident"                  # 居民身份证
    FOREIGN_PR = "foreign_pr"              # 外国人永久居留身份证
    HMT_PERMIT = "hmt_permit"              # 港澳台居民居住证
    SOCIAL_SECURITY = "social_security"    # 社会保障卡
    E_ID = "e_id"                          # 电子身份证 (QR)
    E_SSCARD = "e_sscard"                  # 电子社保卡 (QR)
    MANUAL = "manual"


# ---------------------------------------------------------------- identity by QR code

class QrTokenKind(str, Enum):
    E_ID = "eid"
    E_SSCARD = "esscard"


class QrResolve(_Model):
    kind: QrTokenKind
    token: str = Field(min_length=16, max_length=512)


class QrIdentity(_Model):
    name: str
    id_number: str
    card_type: CardType
    grant: str = Field(default="", description="the person was verified by their e-ID / e-social-security app: a grant "
                       "for this person at this kiosk (send as X-Person-Grant)")
    grant_expires_at: dt.datetime | None = None


class QrTokenMint(_Model):
    kind: QrTokenKind
    name: str = Field(min_length=1, max_length=120)
    id_number: str = Field(pattern=ID_NUMBER_PATTERN)


class SmsSend(_Model):
    """Send a verification code to the mobile number the platform has on record for this person."""
    id_number: str = Field(pattern=ID_NUMBER_PATTERN)


class SmsSent(_Model):
    challenge_id: str
    mobile_masked: str = Field(description="e.g. 138****8000: the kiosk never learns the number")
    expires_at: dt.datetime


class PickupLink(_Model):
    """A link a phone opens to download a document (the certificate) once the kiosk shows it as a QR code."""
    url: str
    expires_at: dt.datetime
    uses: int = Field(description="downloads the link allows before it stops working")


class SmsAnswer(_Model):
    code: str = Field(pattern=r"^[0-9]{6}$")


class SmsResult(_Model):
    verified: bool
    attempts_left: int
    grant: str = Field(default="", description="when verified: a grant for this person at this kiosk")
    grant_expires_at: dt.datetime | None = None


class PersonOnRecord(_Model):
    id_number: str = Field(pattern=ID_NUMBER_PATTERN)
    mobile: str = Field(pattern=r"^1[3-9][0-9]{9}$")


class GrantLevel(str, Enum):
    CARD = "card"            # the person's card was read here (实名): enough for their own progress list
    VERIFIED = "verified"    # and they proved it is theirs (face check, SMS, e-ID): certificates, enterprises


class GrantRequest(_Model):
    """The kiosk vouches (with its signature) that this person is in front of it, identified and verified."""
    applicant: Applicant
    verification: "VerificationRecord"


class Grant(_Model):
    """Lets this kiosk read this person's data for a short while (send as X-Person-Grant); bound to both."""
    grant: str
    level: GrantLevel
    expires_at: dt.datetime


class QrTokenMinted(_Model):
    token: str
    expires_at: dt.datetime


class Applicant(_Model):
    name: str = Field(min_length=1, max_length=120)
    id_number: str = Field(pattern=ID_NUMBER_PATTERN)
    card_type: CardType


class UploadRef(_Model):
    """An attachment uploaded beforehand with PUT /v1/uploads/{upload_id} (streamed, resumable)."""
    upload_id: str = Field(pattern=r"^[A-Za-z0-9_-]{8,80}$")
    material_code: str = Field(max_length=64)
    filename: str = Field(max_length=255)
    content_type: str = Field(max_length=100)
    size: int = Field(ge=0, le=20 * 2**20)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class UploadReceipt(_Model):
    upload_id: str
    size: int
    sha256: str


class VerificationRecord(_Model):
    """How the applicant was verified: the decision only — never an image or a face descriptor."""
    method: str = Field(max_length=32, description="face / card_only / sms / ...")
    passed: bool
    score: float | None = Field(default=None, ge=0, le=10, description="face: descriptor distance (lower is closer)")
    threshold: float | None = Field(default=None, ge=0, le=10)
    liveness_steps: list[Short] = Field(default_factory=list, max_length=8)
    consent: bool = Field(default=False, description="separate consent to the face check was given")
    at: dt.datetime


class ApplicationSubmit(_Model):
    item_code: str = Field(max_length=64)
    applicant: Applicant
    form: dict[Short, Annotated[str, Field(max_length=2000)]] = Field(max_length=64)
    deferred_materials: list[Short] = Field(default_factory=list, max_length=32)
    uploads: list[UploadRef] = Field(default_factory=list, max_length=32)
    verification: VerificationRecord | None = None
    client_created_at: dt.datetime


class ApplicationStatus(str, Enum):
    ACCEPTED = "accepted"      # 已受理
    IN_REVIEW = "in_review"    # 审核中
    APPROVED = "approved"      # 已办结 (准予)
    REJECTED = "rejected"      # 不予受理 / 不予许可


class ApplicationReceipt(_Model):
    application_no: str = Field(description="办件号")
    item_code: str
    item_name: str
    status: ApplicationStatus
    accepted_at: dt.datetime
    promised_by: dt.date
    certificate_available: bool
    replayed: bool = Field(default=False, description="true when this answers a replay of an Idempotency-Key")
    tracking_tag: str = Field(default="", description="the platform's check code for the receipt's QR "
                              "(<public url>/t/<application_no>?v=<tag>): proves the receipt genuine")
    members: list[MemberReceipt] = Field(default_factory=list, description="a bundle's member applications "
                                         "(application_no is then the bundle number)")


class MemberReceipt(_Model):
    application_no: str
    item_code: str
    item_name: str
    status: ApplicationStatus
    promised_by: dt.date


class ProgressStage(_Model):
    stage: str
    at: dt.datetime
    note: str = ""
    status: ApplicationStatus | None = None      # the stage as a status, for a screen in another language
    note_en: str = ""                            # the platform's own notes in English (a department's stay Chinese)


class ApplicationProgress(_Model):
    application_no: str
    item_code: str
    item_name: str
    status: ApplicationStatus
    stages: list[ProgressStage]
    members: list[MemberProgress] = Field(default_factory=list)
    bundle_no: str = Field(default="", description="the bundle a member application belongs to")


class MemberProgress(_Model):
    application_no: str
    item_code: str
    item_name: str
    status: ApplicationStatus
    stages: list[ProgressStage]


# ---------------------------------------------------------------- enterprises

class EnterpriseSize(str, Enum):
    MICRO = "micro"
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


class EnterpriseRole(str, Enum):
    LEGAL_REPRESENTATIVE = "legal_representative"     # 法定代表人
    AGENT = "agent"                                   # 经办人 (authorised)
    UNCONFIRMED = "unconfirmed"                       # offline: the platform checks the link on delivery


class EnterpriseIdentify(_Model):
    uscc: str = Field(min_length=18, max_length=18)
    id_number: str = Field(pattern=ID_NUMBER_PATTERN,
                           description="the identified and verified person (POST body: never in a URL); must be the "
                                       "person of the X-Person-Grant")


class EnterpriseProfile(_Model):
    """What the register says about an enterprise: facts for pre-filling and policy matching (no
    personal data: the legal representative's identity stays on the platform)."""
    uscc: str
    name: str
    industry_code: str = ""
    industry_name: str = ""
    size: EnterpriseSize | None = None
    district: str = ""
    established: dt.date | None = None
    employees: int | None = None
    address: str = ""


class EnterpriseIdentity(_Model):
    profile: EnterpriseProfile
    role: EnterpriseRole


class ProgressQuery(_Model):
    id_number: str = Field(pattern=ID_NUMBER_PATTERN, description="must be the person of the X-Person-Grant")


class ProgressList(_Model):
    applications: list[ApplicationProgress]


# ---------------------------------------------------------------- evaluation (好差评)

class EvaluationStage(str, Enum):
    ACCEPT = "accept"      # 受理
    COMPLETE = "complete"  # 办结


class EvaluationLevel(int, Enum):
    VERY_SATISFIED = 5     # 非常满意
    SATISFIED = 4          # 满意
    BASICALLY = 3          # 基本满意
    DISSATISFIED = 2       # 不满意 (bad review)
    VERY_DISSATISFIED = 1  # 非常不满意 (bad review)


class EvaluationSubmit(_Model):
    application_no: str = Field(pattern=APPLICATION_NO_PATTERN)
    stage: EvaluationStage
    level: EvaluationLevel
    comment: str = Field(default="", max_length=500)


class EvaluationReceipt(_Model):
    evaluation_id: str
    application_no: str
    stage: EvaluationStage
    level: EvaluationLevel


# ---------------------------------------------------------------- heartbeat

class DeviceReport(_Model):
    device: Short
    state: Short
    code: Short
    required: bool


class KioskCommand(str, Enum):
    """What the platform can ask of a kiosk in a heartbeat's answer (each delivered once)."""
    OUT_OF_SERVICE = "out_of_service"
    IN_SERVICE = "in_service"
    REFRESH_CATALOG = "refresh_catalog"
    PRINT_STATUS_SLIP = "print_status_slip"


class Heartbeat(_Model):
    kiosk_state: Short                   # in_service | out_of_service | maintenance | crash_loop
    reason: str = Field(default="", max_length=200)   # why not in service (hardware, consumables, backend, hours, …)
    # in service, but new applications refused (offline_disk_low, offline_queue_full, offline_too_long)
    submissions_paused: str = Field(default="", max_length=64)
    devices: list[DeviceReport] = Field(default_factory=list, max_length=32)
    queue_depth: int = Field(default=0, ge=0)
    queue_oldest_age_s: float | None = Field(default=None, ge=0)
    parked: int = Field(default=0, ge=0)
    page_counters: dict[Short, int] = Field(default_factory=dict, max_length=32)
    software_version: Short
    last_good_sync: dt.datetime | None = None
    audit_seq: int = Field(default=0, ge=0)   # the audit chain's head, anchored off the kiosk
    audit_head: str = Field(default="", max_length=128)
    sent_at: dt.datetime
    # the platform's clock minus the kiosk's, as the kiosk learnt it (it signs on the platform's time;
    # a large offset means its own clock — receipts' times, hours — is wrong: a work order)
    clock_offset_s: float = Field(default=0.0, ge=-1e9, le=1e9)
    # The appliance's system: its release, the A/B slot it booted, what its last update came to
    # (installed | updated | rolled_back | refused, the bundle's release, why not). Empty off the appliance.
    system_version: str = Field(default="", max_length=64)
    boot_slot: str = Field(default="", max_length=8)
    update_state: str = Field(default="", max_length=32)
    update_version: str = Field(default="", max_length=64)
    update_code: str = Field(default="", max_length=64)
    update_message: str = Field(default="", max_length=200)


class WorkOrderBrief(_Model):
    """A fault the platform opened an order for: what (`fault`: a device or kiosk/network/queue; `code`:
    how), by when a technician must have fixed it, and whether it is overdue and escalated."""
    order_no: int
    fault: Short
    code: Short
    title: str = Field(max_length=100)          # in Chinese, for a log; the kiosk words it from fault and code
    opened_at: dt.datetime
    due_at: dt.datetime
    escalated: bool = False


class HeartbeatAnswer(_Model):
    server_time: dt.datetime
    # Strings, not KioskCommand: an older kiosk must still read an answer with a newer command.
    commands: list[str] = Field(default_factory=list)
    # The kiosk's daily service hours set on the platform ("08:30-20:00", "00:00-24:00" round the clock);
    # None: the platform sets none, the kiosk keeps its own configuration's.
    service_hours: str | None = Field(default=None, max_length=11)
    # the kiosk's open work orders (运维工单), for its maintenance screen
    work_orders: list[WorkOrderBrief] = Field(default_factory=list, max_length=64)


class HallSet(_Model):
    """An administrator places a kiosk in a hall (its supervisor's dashboard, its technician's orders)."""
    hall: str = Field(max_length=64, pattern=r"^[^\x00-\x1f<>]*$", description="the hall's name; \"\": none")


class ServiceHoursSet(_Model):
    """An operator sets a kiosk's daily service hours; "" or 00:00-24:00 is round the clock."""
    service_hours: str | None = Field(max_length=15, pattern=HOURS_PATTERN,
                                      description="08:30-20:00 (06:00-02:00 across midnight); \"\": round the "
                                                  "clock; null: the kiosk's own configuration")

    @field_validator("service_hours")
    @classmethod
    def _hours(cls, value: str | None) -> str | None:
        return None if value is None else ServiceHours.parse(value).text()
