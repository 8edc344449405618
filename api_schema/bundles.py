"""一件事 bundles: several related items served as one — one guide, one form, one set of materials.

`merge_bundle` builds the bundle's catalog entry from its members: a field several members ask for
(same name) is asked once; the others are kept, grouped under their member's name; a material several
members need is listed once (and may be supplied later only if every member allows it, by the
earliest deadline). `split_form` is the other direction, used by the platform: each member gets the
values of its own fields. Both kiosk and platform use the same two functions, so they cannot disagree.
"""

from __future__ import annotations

from .models import Audience, FormField, Material, ServiceItem, Verification, VerificationFallback

_STRICTER = {Verification.CARD: 0, Verification.FACE: 1}


_PROCEDURE = ["一次身份核验", "填写一张表（共用信息只填一次）", "一套材料", "各部门并联审批", "分别出件，统一查询进度"]
_PROCEDURE_EN = ["One identity check", "One form (what the items share is asked once)", "One set of materials",
                 "The departments review in parallel", "Each issues its own result; one place to follow them"]


def _joined(members: list[ServiceItem], chinese: str, english: str) -> tuple[list[str], list[str]]:
    """A list field of every member, each line once; the English only when every member that has the
    Chinese has it in English too."""
    zh = list(dict.fromkeys(line for i in members for line in getattr(i, chinese)))
    if not all(getattr(i, english) or not getattr(i, chinese) for i in members):
        return zh, []
    return zh, list(dict.fromkeys(line for i in members for line in getattr(i, english)))


def merge_bundle(*, code: str, name: str, name_en: str, summary: str, summary_en: str, theme: str, department: str,
                 department_en: str, audience: Audience, members: list[ServiceItem],
                 keywords: list[str] | None = None) -> ServiceItem:
    if len(members) < 2:
        raise ValueError("a bundle has at least two member items")
    counts: dict[str, int] = {}
    for item in members:
        for f in item.form:
            counts[f.name] = counts.get(f.name, 0) + 1
    shared: dict[str, FormField] = {}
    grouped: list[FormField] = []
    for item in members:
        for f in item.form:
            if counts[f.name] > 1:
                shared.setdefault(f.name, f)
            else:
                grouped.append(f.model_copy(update={"group": item.name, "group_en": item.name_en}))
    materials: dict[str, Material] = {}
    for item in members:
        for m in item.materials:
            known = materials.get(m.code)
            if known is None:
                materials[m.code] = m
            else:          # needed by several: deferrable only if all allow it, by the earliest deadline
                deferrable = known.deferrable and m.deferrable
                materials[m.code] = known.model_copy(update={
                    "deferrable": deferrable, "defer_days": min(known.defer_days, m.defer_days) if deferrable else 0,
                    "required": known.required or m.required, "copies": max(known.copies, m.copies)})
    verification = max((i.verification for i in members), key=lambda v: _STRICTER[v])
    fallbacks = [f for f in VerificationFallback if all(f in i.verification_fallback for i in members)]
    conditions, conditions_en = _joined(members, "conditions", "conditions_en")
    legal_basis, legal_basis_en = _joined(members, "legal_basis", "legal_basis_en")
    free = all(i.fees == "不收费" for i in members)
    return ServiceItem(
        code=code, name=name, name_en=name_en, department=department, department_en=department_en, theme=theme,
        audience=audience, summary=summary, summary_en=summary_en, conditions=conditions, conditions_en=conditions_en,
        legal_basis=legal_basis, legal_basis_en=legal_basis_en,
        materials=list(materials.values()),
        time_limit_legal_days=max(i.time_limit_legal_days for i in members),
        # parallel approval: the bundle is done when its slowest member is, not the sum
        time_limit_promised_days=max(i.time_limit_promised_days for i in members),
        procedure=_PROCEDURE, procedure_en=_PROCEDURE_EN,
        fees="不收费" if free else "；".join(i.fees for i in members),
        fees_en="Free of charge" if free else "; ".join(i.fees_en or i.fees for i in members),
        instant=False, verification=verification, verification_fallback=fallbacks or [VerificationFallback.STAFF],
        keywords=list(keywords or []) + ["一件事", "套餐"], form=list(shared.values()) + grouped,
        members=[i.code for i in members])


def split_form(values: dict[str, str], member: ServiceItem) -> dict[str, str]:
    """The merged form's values that belong to one member (its own fields, shared ones included)."""
    return {f.name: values[f.name] for f in member.form if f.name in values}


def member_deferred(deferred: list[str], member: ServiceItem) -> list[str]:
    codes = {m.code for m in member.materials}
    return [c for c in deferred if c in codes]
