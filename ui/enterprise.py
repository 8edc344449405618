"""The enterprise step (企业身份核验 and 政策通): the code typed, the link checked by the platform off the
GUI thread, the register's facts shown, and the policies the enterprise may be eligible for with the
reasons — each can be applied for in one go. The rules are in kiosk/; this only shapes them for QML."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from api_schema.models import EnterpriseRole
from kiosk.messages import ENTERPRISE_ROLE, pick

from .session_view import local

if TYPE_CHECKING:
    from .viewmodel import KioskViewModel

SIZE_TEXT = {"micro": ("微型", "micro"), "small": ("小型", "small"), "medium": ("中型", "medium"), "large": ("大型", "large")}


class EnterpriseViewModel(QObject):
    changed = Signal()

    def __init__(self, kiosk: KioskViewModel) -> None:
        super().__init__(kiosk)
        self.kiosk = kiosk
        kiosk.changed.connect(self.changed)              # re-read whenever the session moves

    def _session(self) -> Any:
        return self.kiosk.service.session

    def _profile(self) -> dict[str, Any]:
        e = self._session().enterprise
        if e is None:
            return {}
        p, lang = e.profile, self.kiosk.lang
        return {"name": p.name, "uscc": p.uscc, "role": pick(ENTERPRISE_ROLE[e.role.value], lang),
                "confirmed": e.role is not EnterpriseRole.UNCONFIRMED, "industry": p.industry_name,
                "size": pick(SIZE_TEXT[p.size.value], lang) if p.size else "", "district": p.district,
                "established": p.established.isoformat() if p.established else "", "address": p.address}

    profile = Property("QVariantMap", _profile, notify=changed)

    def _policies(self) -> list[dict[str, Any]]:
        lang = self.kiosk.lang
        rows = []
        for m in self.kiosk.service.enterprise.matches():
            p = m.policy
            words = {c.text: local(c.text, c.text_en, lang) for c in p.conditions}   # a match names its conditions
            rows.append({"code": p.code, "name": local(p.name, p.name_en, lang), "benefit": local(p.benefit, p.benefit_en, lang),
                         "department": local(p.department, p.department_en, lang), "eligible": m.eligible,
                         "met": [words.get(t, t) for t in m.met], "unknown": [words.get(t, t) for t in m.unknown]})
        return rows

    policies = Property("QVariantList", _policies, notify=changed)
    itemName = Property(str, lambda self: local(self._session().item.name, self._session().item.name_en, self.kiosk.lang)
                        if self._session().item else "", notify=changed)

    @Slot(str)
    def identify(self, uscc: str) -> None:
        service = self.kiosk.service
        self.kiosk._background(lambda: service.enterprise.identify(uscc), self.kiosk._apply)

    @Slot(str)
    def applyPolicy(self, code: str) -> None:
        self.kiosk._apply(self.kiosk.service.enterprise.apply_policy(code))

    @Slot()
    def continueToForm(self) -> None:
        self.kiosk._apply(self.kiosk.service.event("continue_to_form"))
