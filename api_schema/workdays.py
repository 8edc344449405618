"""Working days, as the platform counts promised dates and 容缺 deadlines (Monday to Friday; public
holidays and the adjusted working weekends are the platform's calendar, not modelled here)."""

from __future__ import annotations

import datetime as dt


def add_working_days(start: dt.date, days: int) -> dt.date:
    day = start
    while days > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day
