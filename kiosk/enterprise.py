"""An enterprise at the kiosk: which items need one, what its register facts pre-fill, which policies
it may be eligible for (政策通, on the cached catalog: works offline)."""

from __future__ import annotations

import datetime as dt

from api_schema.models import EnterpriseIdentity, FieldType, FormField, Policy, ServiceItem
from api_schema.policies import PolicyMatch, matching_policies


def needs_enterprise(item: ServiceItem) -> bool:
    """Items that act for an existing enterprise ask for its unified social credit code."""
    return any(f.type is FieldType.USCC for f in item.form)


def enterprise_prefill(fields: list[FormField], enterprise: EnterpriseIdentity | None,
                       extra: dict[str, str] | None = None) -> dict[str, str]:
    """Field name -> value from the register ("免填"): the code, the name, the address."""
    out: dict[str, str] = dict(extra or {})
    if enterprise is None:
        return {k: v for k, v in out.items() if any(f.name == k for f in fields)}
    p = enterprise.profile
    for f in fields:
        if f.type is FieldType.USCC:
            out[f.name] = p.uscc
        elif f.name == "company_name" and p.name:
            out[f.name] = p.name
        elif f.name == "company_address" and p.address:
            out[f.name] = p.address
    return {k: v for k, v in out.items() if any(f.name == k for f in fields)}


def policy_matches(policies: list[Policy], enterprise: EnterpriseIdentity, today: dt.date) -> list[PolicyMatch]:
    return matching_policies(policies, enterprise.profile, today)
