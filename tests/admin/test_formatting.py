"""Values as a person reads them: moments in the province's time, whichever database gave
them back."""

from datetime import UTC, datetime

from admin.formatting import moment


def test_a_moment_is_shown_in_the_provinces_time():
    assert moment(datetime(2026, 12, 7, 1, 30, tzinfo=UTC)) == "07/12/2026 08:30"
    # SQLite gives UTC back without its offset: the same moment, not seven hours early.
    assert moment(datetime(2026, 12, 7, 1, 30)) == "07/12/2026 08:30"
    assert moment(datetime(2026, 12, 31, 20, 0)) == "01/01/2027 03:00"
    assert moment(None) == ""
