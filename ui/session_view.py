"""The person's session as plain values for the screens (form fields, materials, review rows, the
result). Pure functions of the session and the language: no Qt, no state of their own."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from api_schema.models import ApplicationStatus, FormField, ServiceItem
from api_schema.validators import mask_id_number
from kiosk.messages import (
    DEFERRED_DEADLINE, DEFERRED_MATERIAL, SCANNED_MATERIAL, SCANNED_PAGES, STATUS_TEXT, field_error, pick,
)
from kiosk.documents.receipt import deferred_deadlines
from kiosk.session import Session


T = TypeVar("T", str, list[str])


def local(chinese: T, english: T, lang: str) -> T:
    """The English words (or lines) when the screen is in English and the catalog has them, else the Chinese."""
    return english if lang == "en" and english else chinese


def item_view(item: ServiceItem, lang: str, catalog: Any = None) -> dict[str, Any]:
    """The item's guide (办事指南) in the screen's language."""
    d = item.model_dump(mode="json")
    members = [catalog.get(code) for code in item.members] if catalog else []
    d["memberNames"] = [local(m.name, m.name_en, lang) for m in members if m is not None]
    d["title"] = local(item.name, item.name_en, lang)
    d["departmentTitle"] = local(item.department, item.department_en, lang)
    d["summary"] = local(item.summary, item.summary_en, lang)
    d["conditions"] = local(item.conditions, item.conditions_en, lang)
    d["legal_basis"] = local(item.legal_basis, item.legal_basis_en, lang)
    d["procedure"] = local(item.procedure, item.procedure_en, lang)
    d["fees"] = local(item.fees, item.fees_en, lang)
    for m, shown in zip(item.materials, d["materials"]):
        shown["name"], shown["note"] = local(m.name, m.name_en, lang), local(m.note, m.note_en, lang)
    return d


def option_label(f: FormField, value: str, lang: str) -> str:
    """A select field's option as the person reads it (the value stored is the option itself)."""
    if lang == "en" and f.options_en and value in f.options:
        return f.options_en[f.options.index(value)]
    return value


def field_info(s: Session, name: str, lang: str) -> dict[str, Any]:
    form = s.form
    if form is None:
        return {}
    try:
        f = form.field(name)
    except KeyError:
        return {}
    err = form.errors.get(name)
    value = form.values.get(name, "")
    index = form.fields.index(f)
    group_start = bool(f.group) and (index == 0 or form.fields[index - 1].group != f.group)
    if f.type.value == "id_number" and name in form.locked and value:
        value = mask_id_number(value)         # read from the card: nothing to edit, someone may look on
    return {"name": f.name, "label": local(f.label, f.label_en, lang), "type": f.type.value, "options": f.options,
            "optionLabels": [option_label(f, o, lang) for o in f.options], "required": f.required,
            "hint": local(f.hint, f.hint_en, lang), "max_length": f.max_length,
            "value": value, "locked": name in form.locked, "group": local(f.group, f.group_en, lang),
            "groupStart": group_start,
            "lockedFrom": ("card" if f.source else "register") if name in form.locked else "",
            "error": field_error(err.value, lang) if err else ""}


def deferrable_materials(s: Session, lang: str) -> list[dict[str, Any]]:
    if s.item is None:
        return []
    return [{"code": m.code, "name": local(m.name, m.name_en, lang), "days": m.defer_days,
             "deferred": m.code in s.deferred_materials}
            for m in s.item.materials if m.deferrable]


def review_rows(s: Session, lang: str) -> list[dict[str, str]]:
    if s.form is None or s.item is None:
        return []
    rows = []
    for f in s.form.fields:
        value = s.form.values.get(f.name, "")
        if f.type.value == "id_number" and value:
            value = mask_id_number(value)      # shown masked: someone may stand behind the person
        rows.append({"label": local(f.label, f.label_en, lang), "value": option_label(f, value, lang) or "—"})
    for code, scans in s.scans.items():
        m = next(m for m in s.item.materials if m.code == code)
        rows.append({"label": pick(SCANNED_MATERIAL, lang), "value": pick(SCANNED_PAGES, lang).format(
            name=local(m.name, m.name_en, lang), n=len(scans.pages))})
    for code in sorted(s.deferred_materials):
        m = next(m for m in s.item.materials if m.code == code)
        rows.append({"label": pick(DEFERRED_MATERIAL, lang),
                     "value": pick(DEFERRED_DEADLINE, lang).format(name=local(m.name, m.name_en, lang),
                                                                   days=m.defer_days)})
    return rows


def _deferred(s: Session, lang: str, today: dt.date) -> list[dict[str, str]]:
    """容缺: what the person still owes and by when, on the result screen as on the paper receipt."""
    if s.item is None:
        return []
    owed = [m for m in s.item.materials if m.code in s.deferred_materials]
    return [{"name": local(m.name, m.name_en, lang), "due": due.isoformat(), "days": str(m.defer_days)}
            for m, due in deferred_deadlines(owed, today)]


def item_name(code: str, name: str, lang: str, catalog: Any = None) -> str:
    """An item named by the platform (in Chinese) as the screen's language has it in the catalog."""
    item = catalog.get(code) if catalog is not None else None
    return local(name, item.name_en, lang) if item is not None else name


def receipt(s: Session, lang: str, today: dt.date | None = None, catalog: Any = None) -> dict[str, Any]:
    r = s.receipt
    deferred = _deferred(s, lang, today or dt.date.today())
    if r is None and s.queued_id and s.item is not None:
        # Stored, not yet confirmed: said so plainly, with a local reference the person can quote.
        return {"queued": True, "localRef": s.queued_id[:8].upper(), "itemName": local(s.item.name, s.item.name_en, lang),
                "deferred": deferred}
    if r is None:
        return {}
    return {"queued": False, "deferred": deferred, "applicationNo": r.application_no,
            "itemName": item_name(r.item_code, r.item_name, lang, catalog),
            "status": pick(STATUS_TEXT[r.status.value], lang),
            "promisedBy": r.promised_by.isoformat(), "certificate": r.certificate_available,
            "instant": r.status is ApplicationStatus.APPROVED,
            "members": [{"applicationNo": m.application_no, "itemName": item_name(m.item_code, m.item_name, lang, catalog),
                         "promisedBy": m.promised_by.isoformat()} for m in r.members]}
