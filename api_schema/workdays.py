"""Working days, as the platform counts promised dates and 容缺 deadlines and the kiosk prints them: China's
public holidays off and the 调休 make-up weekends on, from the chinese-calendar package (the State
Council's published schedules; a kiosk update brings each new year's). A year not published yet counts
Monday to Friday without the holidays fixed by date in 全国年节及纪念日放假办法 (the lunar ones — Spring
Festival, Qingming, Dragon Boat, Mid-Autumn — cannot be known before the notice)."""

from __future__ import annotations

import datetime as dt

import chinese_calendar

# 元旦; 劳动节 1–2 May; 国庆 1–3 Oct (the statutory days since the 2024 revision)
_FIXED_HOLIDAYS = frozenset({(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)})


def is_working_day(day: dt.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:             # the year's schedule is not in the calendar (yet)
        return day.weekday() < 5 and (day.month, day.day) not in _FIXED_HOLIDAYS


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (start itself not counted)."""
    day = start
    while days > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day
