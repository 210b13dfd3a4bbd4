"""Synthetic structured evidence (generator/synth/evidence.py, issue 23)."""
def test_synthetic_colleges_publish_evidence(tmp_path):
    """generator/synth/evidence.py: a share of colleges publish all three kinds, valid as written."""
    import datetime as dt

    from generator.check import run_checks
    from generator.synth import synthesize
    s = synthesize(tmp_path / "syn", 30, "ev", 2026)
    c = run_checks(tmp_path / "syn", s.as_of)
    assert not c.report.errors, [f.message() for f in c.report.errors][:5]
    cols = c.project.colleges.values()
    assert sum(bool(col.indicators) for col in cols) >= 5
    assert sum(bool(col.tasks) for col in cols) >= 5 and sum(bool(col.specialties) for col in cols) >= 5
    assert s.as_of == dt.date(2026, 7, 1)
