"""What the platform accepts as "this person was identified and verified at this kiosk": the rules for
a kiosk's verification record (sent, signed by the kiosk, with a grant request or an application) and
for the applicant's ID number. The kiosk is the verifier of a card and a face; the platform checks
that what it vouches for is coherent and recent, and that the applicant is the person verified."""

from __future__ import annotations

import datetime as dt
import re
from typing import Callable

from api_schema.models import (
    Applicant, CardType, ErrorCode, FieldType, GrantLevel, IdentitySource, ServiceItem, Verification,
    VerificationRecord,
)
from api_schema.validators import is_valid_id_number

from .errors import ApiError

MAX_THRESHOLD = 0.6              # a kiosk configured looser than this is not believed (dlib's own 0.6)
CLOCK_SLACK = dt.timedelta(minutes=5)
_OLD_FOREIGN_PR = re.compile(r"[A-Z]{3}[0-9]{12}", re.ASCII)     # the 2004 card: 3 letters + 12 digits


def _invalid(message: str) -> ApiError:
    return ApiError(ErrorCode.VERIFICATION_INVALID, message)


def check_applicant(applicant: Applicant) -> str:
    """The applicant's ID number, normalised, if it is a valid number for its document."""
    number = applicant.id_number.strip().upper()
    ok = is_valid_id_number(number) or (applicant.card_type is CardType.FOREIGN_PR
                                        and _OLD_FOREIGN_PR.fullmatch(number) is not None)
    if not ok:
        raise ApiError(ErrorCode.INVALID_REQUEST, "applicant.id_number is not a valid ID number",
                       {"applicant.id_number": "bad_id_number"})
    return number


def record_level(record: VerificationRecord | None, now: dt.datetime, max_age: dt.timedelta,
                 stand_ins: bool, sms_verified: Callable[[dt.datetime], bool] = lambda since: False) -> GrantLevel:
    """How far the record shows the person verified; VERIFICATION_INVALID when it shows nothing.
    `sms_verified(since)`: whether the platform itself saw this person answer an SMS code at this kiosk
    since then (an "sms" record is believed only if so)."""
    if record is None or not record.passed:
        raise _invalid("a passed verification of the person is required")
    at = record.at if record.at.tzinfo else record.at.replace(tzinfo=dt.timezone.utc)
    if at > now + CLOCK_SLACK or at < now - max_age:
        raise _invalid("the verification is too old (or from the future)")
    if record.method == "face":
        if record.score is None or record.threshold is None or record.threshold > MAX_THRESHOLD \
                or record.score > record.threshold or not record.liveness_steps:
            raise _invalid("a face verification needs a score within a threshold of at most "
                           f"{MAX_THRESHOLD} and the real-person steps it passed")
        return GrantLevel.VERIFIED
    if record.method == "card_only":
        return GrantLevel.CARD
    if record.method == "sms":
        if not sms_verified(at - CLOCK_SLACK):
            raise _invalid("no SMS code was answered for this person at this kiosk")
        return GrantLevel.VERIFIED
    if record.method == "test_skipped" and stand_ins:
        return GrantLevel.VERIFIED
    raise _invalid(f"unknown verification method {record.method[:32]!r}")


def check_submission(item: ServiceItem, applicant: Applicant, form: dict[str, str], record: VerificationRecord | None,
                     now: dt.datetime, max_age: dt.timedelta, stand_ins: bool,
                     sms_verified: Callable[[dt.datetime], bool] = lambda since: False) -> None:
    """The applicant is a valid ID number, is the person the form names, and was verified as the item asks."""
    number = check_applicant(applicant)
    for f in item.form:
        if f.source is IdentitySource.ID_NUMBER or (f.type is FieldType.ID_NUMBER and f.name == "id_number"):
            if form.get(f.name, "").strip().upper() not in ("", number):
                raise ApiError(ErrorCode.FORM_INVALID, "the form names another person than the applicant",
                               {f.name: "not_applicant"})
    level = record_level(record, now, max_age, stand_ins, sms_verified)
    if item.verification is Verification.FACE and level is not GrantLevel.VERIFIED \
            and record is not None and record.method not in {m.value for m in item.verification_fallback}:
        raise _invalid("this item needs the person verified (face check or its fallback)")
