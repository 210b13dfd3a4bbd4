"""seed 000 §四(二)3: every measure of a day against the disclosure deadline comes from
rules/deadlines.py (home page countdown, charts, feeds, ledger); these pin its boundaries."""
import datetime as dt

import pytest

from generator.rules.deadlines import countdown, days_past, first_day_late, is_past

D = dt.date(2025, 4, 12)


def test_the_deadline_day_is_not_past():
    assert days_past(D, D) == 0 and not is_past(D, D)
    assert days_past(D, dt.date(2025, 4, 13)) == 1 and is_past(D, dt.date(2025, 4, 13))
    assert days_past(D, dt.date(2025, 4, 10)) == -2 and not is_past(D, dt.date(2025, 4, 10))
    assert first_day_late(D) == dt.date(2025, 4, 13) and is_past(D, first_day_late(D))
    assert first_day_late(dt.date(2024, 2, 28)) == dt.date(2024, 2, 29)     # leap day


@pytest.mark.parametrize("as_of, days_left, label, still_open", [
    (dt.date(2025, 4, 9), 3, "还剩 3 天", True),
    (dt.date(2025, 4, 11), 1, "还剩 1 天", True),
    (D, 0, "今天截止", True),
    (dt.date(2025, 4, 13), -1, "已截止", False),
])
def test_countdown_labels(as_of, days_left, label, still_open):
    cd = countdown(D, as_of)
    assert (cd.days_left, cd.label, cd.open) == (days_left, label, still_open)
