"""The enterprise use cases of a session (企业身份核验, 政策通), beside the KioskService they serve:
the link to the enterprise checked by the platform, accepted as "to be confirmed" offline; the cached
policies matched; "一键申报" switching the session to a policy's item."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from api_schema.models import EnterpriseIdentity, EnterpriseProfile, EnterpriseRole
from api_schema.policies import PolicyMatch
from api_schema.validators import is_valid_uscc

from .audit import AuditEvent
from .outcome import OK, Outcome
from .enterprise import policy_matches
from .platform_client import PlatformError, PlatformRejected
from .session import Step, WrongStep

if TYPE_CHECKING:
    from .service import KioskService

log = logging.getLogger("kiosk.enterprise")

_REFUSALS = {"not_linked": "enterprise_not_linked", "enterprise_unknown": "enterprise_unknown",
             "bad_uscc": "enterprise_bad_uscc"}


class EnterpriseDesk:
    def __init__(self, service: KioskService) -> None:
        self.service = service

    def identify(self, uscc: str) -> Outcome:
        """The person says which enterprise they act for; the platform confirms the link (network: off
        the GUI thread). Offline, a code with a right check character is accepted as "to be confirmed":
        the platform checks the link when the application is delivered, and the screens say so."""
        svc = self.service
        uscc = uscc.strip().upper()
        with svc._lock:
            if svc.session.step is not Step.ENTERPRISE or svc.session.identity is None:
                return Outcome(False, "")
            session, id_number = svc.session, svc.session.identity.id_number
        if not is_valid_uscc(uscc):
            return Outcome(False, "enterprise_bad_uscc")
        try:
            found = svc.client.identify_enterprise(uscc, id_number, svc.person_grant(session))
            code = ""
        except PlatformRejected as exc:
            svc._audit(AuditEvent.IDENTIFIED, session, source="enterprise", ok=False, code=exc.error_code)
            return Outcome(False, _REFUSALS.get(exc.error_code, exc.code))
        except PlatformError as exc:
            log.info("enterprise link not checked now (%s): accepted for the platform to check", exc.code)
            found = EnterpriseIdentity(profile=EnterpriseProfile(uscc=uscc, name=""), role=EnterpriseRole.UNCONFIRMED)
            code = "enterprise_unconfirmed"
        with svc._lock:
            if svc.session is not session:
                return Outcome(False, "")
            session.enterprise_identified(found)
            svc._audit(AuditEvent.IDENTIFIED, session, source="enterprise", ok=True, code=found.role.value)
        return Outcome(True, code)

    def matches(self) -> list[PolicyMatch]:
        """政策通: the cached policies this session's enterprise may be eligible for, with the reasons."""
        svc = self.service
        with svc._lock:
            enterprise, catalog = svc.session.enterprise, svc.catalog
        if enterprise is None or catalog is None:
            return []
        return policy_matches(catalog.catalog.policies, enterprise, svc._clock().date())

    def apply_policy(self, policy_code: str) -> Outcome:
        svc = self.service
        with svc._lock:
            catalog = svc.catalog
            policy = next((p for p in catalog.catalog.policies if p.code == policy_code), None) if catalog else None
            item = catalog.get(policy.item_code) if catalog and policy else None
            if policy is None or item is None:
                return Outcome(False, "catalog_unavailable")
            try:
                svc.session.apply_for_policy(policy, item)
            except WrongStep:
                return Outcome(False, "")
        return OK

