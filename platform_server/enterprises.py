"""The reference platform's enterprise register: confirms that a verified person may act for an
enterprise (法定代表人 or an authorised 经办人) and hands out the register facts (no personal data)."""

from __future__ import annotations

from api_schema.models import EnterpriseIdentity, EnterpriseRole
from api_schema.validators import is_valid_uscc

from .seed_park import ENTERPRISES, RegisteredEnterprise
from .store import StoreError


class EnterpriseRegister:
    def __init__(self, enterprises: list[RegisteredEnterprise] = ENTERPRISES) -> None:
        self._by_uscc = {e.profile.uscc: e for e in enterprises}

    def identify(self, uscc: str, id_number: str) -> EnterpriseIdentity:
        uscc, id_number = uscc.strip().upper(), id_number.strip().upper()
        if not is_valid_uscc(uscc):
            raise StoreError("bad_uscc", "this is not a valid unified social credit code (check character)")
        found = self._by_uscc.get(uscc)
        if found is None:
            raise StoreError("enterprise_unknown", "no enterprise with this code in the register")
        if id_number == found.legal_representative:
            return EnterpriseIdentity(profile=found.profile, role=EnterpriseRole.LEGAL_REPRESENTATIVE)
        if id_number in found.agents:
            return EnterpriseIdentity(profile=found.profile, role=EnterpriseRole.AGENT)
        raise StoreError("not_linked", "this person is neither the legal representative nor an authorised agent")

    def linked(self, uscc: str, id_number: str) -> bool:
        try:
            self.identify(uscc, id_number)
        except StoreError:
            return False
        return True
