"""Working days as promised dates and 容缺 deadlines count them: public holidays off, 调休 make-up weekends
on (the State Council's 2026 schedule, 国办发明电〔2025〕7号, written out here by hand — not read from the
calendar package the code uses)."""

from __future__ import annotations

import datetime as dt

from api_schema.workdays import add_working_days, is_working_day

D = dt.date


def test_spring_festival_2026():
    # 2月15日（除夕前一日）至23日放假共9天；2月14日（周六）、2月28日（周六）上班
    assert all(not is_working_day(D(2026, 2, d)) for d in range(15, 24))
    assert is_working_day(D(2026, 2, 14)) and is_working_day(D(2026, 2, 28))
    # Friday 13 Feb + 3 working days: Sat 14 (make-up), then past the holiday: Tue 24, Wed 25
    assert add_working_days(D(2026, 2, 13), 3) == D(2026, 2, 25)
    # Monday–Friday counting would have said Wed 18, in the middle of the holiday
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 14)


def test_national_day_week_2026():
    # 10月1日至7日放假；9月20日（周日）、10月10日（周六）上班；中秋 9月25日至27日
    assert all(not is_working_day(D(2026, 10, d)) for d in range(1, 8))
    assert is_working_day(D(2026, 9, 20)) and is_working_day(D(2026, 10, 10))
    assert not is_working_day(D(2026, 9, 25))
    # Wed 30 Sep + 5 working days: Thu 8, Fri 9, Sat 10 (make-up), Mon 12, Tue 13
    assert add_working_days(D(2026, 9, 30), 5) == D(2026, 10, 13)


def test_a_year_whose_schedule_is_not_published_yet_keeps_its_fixed_holidays():
    """A promise made in December may end in a year whose schedule is not published yet: Monday to Friday
    without the holidays fixed by date in 全国年节及纪念日放假办法 (元旦, 劳动节 1–2 May, 国庆 1–3 Oct) — not a crash."""
    assert not is_working_day(D(2027, 1, 1))
    assert add_working_days(D(2026, 12, 30), 3) == D(2027, 1, 5)       # Thu 31, (Fri 1 Jan off), Mon 4, Tue 5
    assert not is_working_day(D(2031, 10, 2)) and is_working_day(D(2031, 10, 6))
