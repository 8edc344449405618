"""政策通: which enterprise-support policies an enterprise may be eligible for, and why.

A pure function of the policy's machine-readable conditions and the enterprise's register facts, so
the kiosk (offline, on its cached catalog) and the platform apply the same rule. A fact the register
does not hold makes the condition "unknown", never "met": the enterprise is told what to check.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .models import EnterpriseProfile, Policy, PolicyCondition, PolicyConditionKind as K


@dataclass(frozen=True)
class PolicyMatch:
    policy: Policy
    met: list[str] = field(default_factory=list)        # the conditions' words
    unmet: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return not self.unmet and not self.unknown

    @property
    def possible(self) -> bool:
        """Nothing fails; some facts may still need checking by the department."""
        return not self.unmet


def full_years(since: dt.date, today: dt.date) -> int:
    return today.year - since.year - ((today.month, today.day) < (since.month, since.day))


def _check(c: PolicyCondition, e: EnterpriseProfile, today: dt.date) -> bool | None:
    if c.kind is K.INDUSTRY:
        return any(e.industry_code.startswith(v) for v in c.values) if e.industry_code else None
    if c.kind is K.SIZE:
        return e.size.value in c.values if e.size else None
    if c.kind is K.DISTRICT:
        return e.district in c.values if e.district else None
    if c.kind in (K.MIN_YEARS, K.MAX_YEARS):
        if e.established is None:
            return None
        years = full_years(e.established, today)
        return years >= c.number if c.kind is K.MIN_YEARS else years <= c.number
    if c.kind in (K.MIN_EMPLOYEES, K.MAX_EMPLOYEES):
        if e.employees is None:
            return None
        return e.employees >= c.number if c.kind is K.MIN_EMPLOYEES else e.employees <= c.number
    return None


def match_policy(policy: Policy, enterprise: EnterpriseProfile, today: dt.date) -> PolicyMatch:
    met, unmet, unknown = [], [], []
    for c in policy.conditions:
        result = _check(c, enterprise, today)
        (met if result is True else unmet if result is False else unknown).append(c.text)
    return PolicyMatch(policy, met, unmet, unknown)


def matching_policies(policies: list[Policy], enterprise: EnterpriseProfile, today: dt.date) -> list[PolicyMatch]:
    """The policies not ruled out, eligible ones first; expired policies are left out."""
    found = [match_policy(p, enterprise, today) for p in policies if p.valid_until is None or p.valid_until >= today]
    return sorted((m for m in found if m.possible), key=lambda m: (not m.eligible, m.policy.code))
