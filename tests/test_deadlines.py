"""seed 000 §四(二)3: materials public ≥ 30 days before the review starts."""
import datetime as dt

import pytest

from generator.rules.deadlines import LATE, MISSING, ON_TIME, PENDING, disclosure_deadline, material_status

START = dt.date(2025, 5, 12)
D = dt.date(2025, 4, 12)


def test_deadline_is_start_minus_disclosure_days():
    assert disclosure_deadline(START, 30) == D
    assert disclosure_deadline(dt.date(2025, 3, 1), 30) == dt.date(2025, 1, 30)  # across February


@pytest.mark.parametrize("days_before, expected, days", [
    (31, ON_TIME, 0),   # one day before the deadline
    (30, ON_TIME, 0),   # exactly on the deadline: still on time
    (29, LATE, 1),      # one day after the deadline
])
def test_boundary_of_the_deadline(days_before, expected, days):
    st = material_status(START - dt.timedelta(days=days_before), D, as_of=dt.date(2025, 6, 1))
    assert (st.status, st.days) == (expected, days)


def test_absent_material_is_pending_until_the_deadline_then_missing():
    assert material_status(None, D, as_of=D - dt.timedelta(days=5)) .status == PENDING
    assert material_status(None, D, as_of=D - dt.timedelta(days=5)).days == 5
    assert material_status(None, D, as_of=D).status == PENDING          # the deadline day itself
    st = material_status(None, D, as_of=D + dt.timedelta(days=1))
    assert (st.status, st.days) == (MISSING, 1)
