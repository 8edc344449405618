"""The person's session as plain values for the screens (form fields, materials, review rows, the
result). Pure functions of the session and the language: no Qt, no state of their own."""

from __future__ import annotations

import datetime as dt
from typing import Any

from api_schema.models import ApplicationStatus
from api_schema.validators import mask_id_number
from kiosk.messages import (
    DEFERRED_DEADLINE, DEFERRED_MATERIAL, SCANNED_MATERIAL, SCANNED_PAGES, STATUS_TEXT, field_error, pick,
)
from kiosk.documents.receipt import deferred_deadlines
from kiosk.session import Session


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
    return {"name": f.name, "label": f.label_en if lang == "en" else f.label,
            "type": f.type.value, "options": f.options, "required": f.required, "hint": f.hint, "max_length": f.max_length,
            "value": value, "locked": name in form.locked, "group": f.group, "groupStart": group_start,
            "lockedFrom": ("card" if f.source else "register") if name in form.locked else "",
            "error": field_error(err.value, lang) if err else ""}


def deferrable_materials(s: Session) -> list[dict[str, Any]]:
    if s.item is None:
        return []
    return [{"code": m.code, "name": m.name, "days": m.defer_days, "deferred": m.code in s.deferred_materials}
            for m in s.item.materials if m.deferrable]


def review_rows(s: Session, lang: str) -> list[dict[str, str]]:
    if s.form is None or s.item is None:
        return []
    rows = []
    for f in s.form.fields:
        value = s.form.values.get(f.name, "")
        if f.type.value == "id_number" and value:
            value = mask_id_number(value)      # shown masked: someone may stand behind the person
        rows.append({"label": f.label_en if lang == "en" else f.label, "value": value or "—"})
    for code, scans in s.scans.items():
        m = next(m for m in s.item.materials if m.code == code)
        rows.append({"label": pick(SCANNED_MATERIAL, lang), "value": pick(SCANNED_PAGES, lang).format(
            name=m.name_en if lang == "en" else m.name, n=len(scans.pages))})
    for code in sorted(s.deferred_materials):
        m = next(m for m in s.item.materials if m.code == code)
        rows.append({"label": pick(DEFERRED_MATERIAL, lang),
                     "value": pick(DEFERRED_DEADLINE, lang).format(name=m.name_en if lang == "en" and m.name_en else m.name,
                                                                   days=m.defer_days)})
    return rows


def _deferred(s: Session, lang: str, today: dt.date) -> list[dict[str, str]]:
    """容缺: what the person still owes and by when, on the result screen as on the paper receipt."""
    if s.item is None:
        return []
    owed = [m for m in s.item.materials if m.code in s.deferred_materials]
    return [{"name": m.name_en if lang == "en" and m.name_en else m.name, "due": due.isoformat(), "days": str(m.defer_days)}
            for m, due in deferred_deadlines(owed, today)]


def receipt(s: Session, lang: str, today: dt.date | None = None) -> dict[str, Any]:
    r = s.receipt
    deferred = _deferred(s, lang, today or dt.date.today())
    if r is None and s.queued_id and s.item is not None:
        # Stored, not yet confirmed: said so plainly, with a local reference the person can quote.
        return {"queued": True, "localRef": s.queued_id[:8].upper(), "itemName": s.item.name, "deferred": deferred}
    if r is None:
        return {}
    return {"queued": False, "deferred": deferred, "applicationNo": r.application_no, "itemName": r.item_name,
            "status": pick(STATUS_TEXT[r.status.value], lang),
            "promisedBy": r.promised_by.isoformat(), "certificate": r.certificate_available,
            "instant": r.status is ApplicationStatus.APPROVED,
            "members": [{"applicationNo": m.application_no, "itemName": m.item_name,
                         "promisedBy": m.promised_by.isoformat()} for m in r.members]}
