"""The report holds time limits and scores the way students see them, whatever their process did."""

from __future__ import annotations

from datetime import timedelta

from conftest import FixedClock
from responses import right_response

from quizapp.core.bank import Bank, is_graded
from quizapp.core.report import build_report
from quizapp.core.session import QuizSession, new_attempt
from quizapp.core.store import ProfileStore


def test_an_expired_attempt_left_active_is_reported_timed_out_and_failed(
    tiny_bank: Bank, store: ProfileStore, fixed_clock: FixedClock
) -> None:
    """One right of four answered, then the student's device died: at the report, time has run out.

    The report says timed out, 25% (unanswered count as wrong) and not passed, in agreement.
    """
    ids = [question.id for question in tiny_bank.questions if is_graded(question)][:4]
    with store.open("Ida") as person:
        attempt = new_attempt(tiny_bank, ids, "pack", seed=1, started=fixed_clock.now)
        attempt.pack_id = "class"
        attempt.time_limit_seconds = 10 * 60
        attempt.pass_mark = 0.6
        session = QuizSession.start(tiny_bank, person, attempt)
        question = session.current()
        assert question is not None
        session.record(right_response(question))
    during = build_report(store.folder, tiny_bank, "class", now=fixed_clock.now)
    assert during.students[0].latest.status == "active"
    assert during.students[0].latest.passed is None
    after = build_report(
        store.folder, tiny_bank, "class", now=fixed_clock.now + timedelta(minutes=10)
    )
    latest = after.students[0].latest
    assert (latest.status, latest.percent, latest.graded, latest.passed) == (
        "timed_out",
        25,
        4,
        False,
    )
    assert (store.folder / "ida" / "attempts" / f"{attempt.id}.toml").read_text().count(
        'status = "active"'
    ) == 1  # the report only reads
