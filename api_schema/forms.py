"""Validation of form values against an item's form schema. Run by the kiosk (field by field, as
the person types) and by the platform (the whole form, on submit): one rule, two places."""

from __future__ import annotations

import datetime as dt
from enum import Enum

from .models import FieldType, FormField
from .validators import is_valid_id_number, is_valid_mobile, is_valid_uscc


class FieldError(str, Enum):
    REQUIRED = "required"
    TOO_LONG = "too_long"
    BAD_ID_NUMBER = "bad_id_number"
    BAD_MOBILE = "bad_mobile"
    BAD_USCC = "bad_uscc"
    BAD_DATE = "bad_date"
    BAD_NUMBER = "bad_number"
    NOT_AN_OPTION = "not_an_option"
    UNKNOWN_FIELD = "unknown_field"


def validate_field(field: FormField, value: str) -> FieldError | None:
    value = value.strip()
    if not value:
        return FieldError.REQUIRED if field.required else None
    if len(value) > field.max_length:
        return FieldError.TOO_LONG
    kind = field.type
    if kind is FieldType.ID_NUMBER and not is_valid_id_number(value):
        return FieldError.BAD_ID_NUMBER
    if kind is FieldType.MOBILE and not is_valid_mobile(value):
        return FieldError.BAD_MOBILE
    if kind is FieldType.USCC and not is_valid_uscc(value):
        return FieldError.BAD_USCC
    if kind is FieldType.DATE:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return FieldError.BAD_DATE
    if kind is FieldType.NUMBER:
        try:
            float(value)
        except ValueError:
            return FieldError.BAD_NUMBER
    if kind is FieldType.SELECT and value not in field.options:
        return FieldError.NOT_AN_OPTION
    return None


def validate_form(fields: list[FormField], values: dict[str, str]) -> dict[str, FieldError]:
    """Every error of a whole form, by field name; empty when the form may be submitted."""
    errors: dict[str, FieldError] = {}
    known = {f.name for f in fields}
    for name in values:
        if name not in known:
            errors[name] = FieldError.UNKNOWN_FIELD
    for f in fields:
        err = validate_field(f, values.get(f.name, ""))
        if err is not None:
            errors[f.name] = err
    return errors
