"""Grading answers and scoring attempts, on the tiny bank (ids and answers in tests/data/tiny_bank)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from responses import right_response, wrong_response

from quizapp.core.bank import Bank
from quizapp.core.profile import Answer, Attempt, Response
from quizapp.core.scoring import (
    ResponseError,
    effective_status,
    grade,
    latest_answers,
    outcome,
    response_text,
    right_answer_text,
    score,
)

NOW = datetime(2026, 11, 22, 4, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("question_id", "response", "correct", "credit"),
    [
        # single: 4 choices, answer 0
        pytest.param("tiny-duty-single", 0, True, 1.0, id="single-right"),
        pytest.param("tiny-duty-single", 2, False, 0.0, id="single-wrong"),
        pytest.param("tiny-duty-single", 3, False, 0.0, id="single-wrong-last"),
        # multi: 5 choices, answers 0, 1, 2, 4 (credit = share of choices judged right)
        pytest.param("tiny-skill-multi", [0, 1, 2, 4], True, 1.0, id="multi-right"),
        pytest.param("tiny-skill-multi", [4, 2, 1, 0], True, 1.0, id="multi-right-any-order"),
        pytest.param("tiny-skill-multi", [0, 0, 1, 2, 4], True, 1.0, id="multi-right-duplicate"),
        pytest.param("tiny-skill-multi", [0, 1], False, 0.6, id="multi-missing-two"),
        pytest.param("tiny-skill-multi", [0, 1, 2, 3, 4], False, 0.8, id="multi-one-extra"),
        pytest.param("tiny-skill-multi", [], False, 0.2, id="multi-nothing"),
        pytest.param("tiny-skill-multi", [3], False, 0.0, id="multi-all-judged-wrong"),
        # multi: 3 choices, answers 0, 1 (credit rounded to 4 places)
        pytest.param("tiny-tool-multi", [0], False, 0.6667, id="multi-two-thirds"),
        pytest.param("tiny-tool-multi", [1, 2], False, 0.3333, id="multi-one-third"),
        pytest.param("tiny-tool-multi", [2], False, 0.0, id="multi-three-wrong"),
        # true_false
        pytest.param("tiny-duty-true-false", True, True, 1.0, id="true-right"),
        pytest.param("tiny-duty-true-false", False, False, 0.0, id="true-wrong"),
        pytest.param("tiny-skill-true-false", False, True, 1.0, id="false-right"),
        pytest.param("tiny-skill-true-false", True, False, 0.0, id="false-wrong"),
        # role: answer developer
        pytest.param("tiny-duty-role", "developer", True, 1.0, id="role-right"),
        pytest.param("tiny-duty-role", "engineer", False, 0.0, id="role-wrong-engineer"),
        pytest.param("tiny-duty-role", "both", False, 0.0, id="role-wrong-both"),
        # self_rating: 3 options, never right or wrong
        pytest.param("tiny-duty-rating", 0, None, 0.0, id="rating-first"),
        pytest.param("tiny-duty-rating", 2, None, 0.0, id="rating-last"),
    ],
)
def test_grade(
    tiny_bank: Bank, question_id: str, response: Response, correct: bool | None, credit: float
) -> None:
    """grade gives right or wrong (None for self-ratings) and the credit."""
    assert grade(tiny_bank[question_id], response) == (correct, credit)


@pytest.mark.parametrize(
    ("question_id", "response"),
    [
        pytest.param("tiny-duty-single", -1, id="single-negative"),
        pytest.param("tiny-duty-single", 4, id="single-past-the-end"),
        pytest.param("tiny-duty-single", True, id="single-bool"),
        pytest.param("tiny-duty-single", "0", id="single-str"),
        pytest.param("tiny-duty-single", [0], id="single-list"),
        pytest.param("tiny-duty-single", 0.0, id="single-float"),
        pytest.param("tiny-skill-multi", 0, id="multi-int"),
        pytest.param("tiny-skill-multi", "0,1", id="multi-str"),
        pytest.param("tiny-skill-multi", (0, 1), id="multi-tuple"),
        pytest.param("tiny-skill-multi", [5], id="multi-past-the-end"),
        pytest.param("tiny-skill-multi", [-1], id="multi-negative"),
        pytest.param("tiny-skill-multi", [True], id="multi-bool-item"),
        pytest.param("tiny-skill-multi", ["0"], id="multi-str-item"),
        pytest.param("tiny-duty-true-false", 1, id="true-false-int"),
        pytest.param("tiny-duty-true-false", "true", id="true-false-str"),
        pytest.param("tiny-duty-true-false", None, id="true-false-none"),
        pytest.param("tiny-duty-role", "Developer", id="role-capitalised"),
        pytest.param("tiny-duty-role", "", id="role-empty"),
        pytest.param("tiny-duty-role", 1, id="role-index"),
        pytest.param("tiny-duty-rating", 3, id="rating-past-the-end"),
        pytest.param("tiny-duty-rating", -1, id="rating-negative"),
        pytest.param("tiny-duty-rating", True, id="rating-bool"),
        pytest.param("tiny-duty-rating", "0", id="rating-str"),
    ],
)
def test_grade_refuses_responses_that_do_not_fit(
    tiny_bank: Bank, question_id: str, response: object
) -> None:
    """A response of the wrong type or naming a choice that does not exist raises ResponseError."""
    with pytest.raises(ResponseError):
        grade(tiny_bank[question_id], response)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("question_id", "text"),
    [
        pytest.param(
            "tiny-duty-single", "Members of the front-end team and interface designers", id="single"
        ),
        pytest.param(
            "tiny-skill-multi",
            "Programming languages; Databases; APIs; Testing and debugging",
            id="multi",
        ),
        pytest.param("tiny-duty-true-false", "True", id="true"),
        pytest.param("tiny-skill-true-false", "False", id="false"),
        pytest.param("tiny-duty-role", "Backend developer", id="role"),
        pytest.param("tiny-duty-rating", "", id="self-rating"),
    ],
)
def test_right_answer_text(tiny_bank: Bank, question_id: str, text: str) -> None:
    """right_answer_text gives the right answer in words."""
    assert right_answer_text(tiny_bank[question_id]) == text


@pytest.mark.parametrize(
    ("question_id", "response", "text"),
    [
        pytest.param("tiny-duty-single", 1, "Only database administrators", id="single"),
        pytest.param("tiny-duty-single", 9, "?", id="single-out-of-range"),
        pytest.param("tiny-duty-single", "x", "x", id="single-wrong-type"),
        pytest.param(
            "tiny-skill-multi",
            [4, 0],
            "Programming languages; Testing and debugging",
            id="multi-in-written-order",
        ),
        pytest.param("tiny-skill-multi", [], "(nothing selected)", id="multi-nothing"),
        pytest.param("tiny-skill-multi", [0, 9], "Programming languages", id="multi-drops-bad"),
        pytest.param("tiny-duty-true-false", True, "True", id="true"),
        pytest.param("tiny-duty-true-false", False, "False", id="false"),
        pytest.param("tiny-duty-role", "engineer", "Backend engineer", id="role-engineer"),
        pytest.param("tiny-duty-role", "developer", "Backend developer", id="role-developer"),
        pytest.param("tiny-duty-role", "both", "Both", id="role-both"),
        pytest.param("tiny-duty-role", "nonsense", "nonsense", id="role-unknown"),
        pytest.param("tiny-duty-rating", 1, "Some of the time", id="rating"),
        pytest.param("tiny-duty-rating", 7, "?", id="rating-out-of-range"),
    ],
)
def test_response_text(tiny_bank: Bank, question_id: str, response: Response, text: str) -> None:
    """response_text gives a response in words, with '?' for a choice that does not exist."""
    assert response_text(tiny_bank[question_id], response) == text


def answered(bank: Bank, question_id: str, response: Response, seconds: float = 2.0) -> Answer:
    """An answer graded against the bank."""
    correct, credit = grade(bank[question_id], response)
    return Answer(
        question_id=question_id,
        response=response,
        correct=correct,
        credit=credit,
        answered_at=NOW,
        seconds=seconds,
        version=bank[question_id].fingerprint,
    )


def test_score_per_topic_area_and_missed(tiny_bank: Bank) -> None:
    """score tallies overall, per topic and per area (in catalogue order), lists misses and ratings."""
    answers = [
        answered(tiny_bank, "tiny-skill-multi", [0, 1]),  # wrong, difficulty 3, languages
        answered(tiny_bank, "tiny-duty-single", 0),  # right, difficulty 1, apis
        answered(tiny_bank, "tiny-duty-role", "engineer"),  # wrong, difficulty 2, databases
        answered(tiny_bank, "tiny-skill-single", 0),  # right, difficulty 1, languages
        answered(tiny_bank, "tiny-tool-true-false", True),  # right, difficulty 1, apis
        answered(tiny_bank, "tiny-tool-rating", 1),  # rated, not scored
        Answer(
            question_id="gone-from-the-bank",
            response=0,
            correct=True,
            answered_at=NOW,
            seconds=100.0,
            version="0123456789ab",
        ),
    ]
    results = score(answers, tiny_bank)
    overall = results.overall
    assert (overall.right, overall.total) == (3, 5)
    assert (overall.weighted_right, overall.weighted_total) == (3.0, 8.0)
    assert overall.share == pytest.approx(0.6)
    assert overall.mastery == pytest.approx(3 / 8)
    assert results.percent == 60
    assert {topic: (t.right, t.total) for topic, t in results.by_topic.items()} == {
        "duties": (1, 2),
        "skills": (1, 2),
        "tools": (1, 1),
    }
    assert list(results.by_topic) == ["duties", "skills", "tools"]
    assert list(results.by_area) == ["languages", "databases", "apis"]
    assert {area: (t.right, t.total) for area, t in results.by_area.items()} == {
        "languages": (1, 2),
        "databases": (0, 1),
        "apis": (2, 2),
    }
    assert [(m.question.id, m.given, m.right) for m in results.missed] == [
        (
            "tiny-skill-multi",
            "Programming languages; Databases",
            "Programming languages; Databases; APIs; Testing and debugging",
        ),
        ("tiny-duty-role", "Backend engineer", "Backend developer"),
    ]
    assert results.rated == 1
    assert results.seconds == 12.0


def test_score_of_nothing_is_zero(tiny_bank: Bank) -> None:
    """Scoring no answers (or only self-ratings) gives 0 without dividing by zero."""
    results = score([answered(tiny_bank, "tiny-duty-rating", 0)], tiny_bank)
    assert (results.percent, results.overall.share, results.overall.mastery) == (0, 0.0, 0.0)
    assert (results.by_topic, results.by_area, results.missed, results.rated) == ({}, {}, [], 1)


def test_latest_answers_keeps_one_per_question_in_asked_order(tiny_bank: Bank) -> None:
    """latest_answers keeps each question's last answer, in the attempt's question order."""
    first = answered(tiny_bank, "tiny-duty-single", 2)
    second = answered(tiny_bank, "tiny-duty-role", "engineer")
    again = answered(tiny_bank, "tiny-duty-single", 0)
    stray = answered(tiny_bank, "tiny-tool-multi", [0])
    attempt = Attempt(
        id="a1",
        mode="quick",
        started=NOW,
        question_ids=["tiny-duty-role", "tiny-duty-single"],
        answers=[first, stray, second, again],
    )
    assert latest_answers(attempt) == [second, again, stray]
    assert score(latest_answers(attempt), tiny_bank).overall.right == 1


# ---------------------------------------------------------------- shown score and pass agree

CLASS_QUESTIONS = ["tiny-duty-single", "tiny-duty-role", "tiny-skill-single", "tiny-tool-single"]
"""Four graded questions of a class quiz."""

OUTCOMES = [
    # (status, pass mark, right answers given, wrong answers given, percent, out of, passed)
    pytest.param("timed_out", 0.6, 1, 0, 25, 4, False, id="one-of-one-answered-then-time-ran-out"),
    pytest.param("finished", 0.6, 3, 1, 75, 4, True, id="finished-above-the-mark"),
    pytest.param("abandoned", 0.5, 2, 0, 50, 4, True, id="left-at-exactly-the-mark"),
    pytest.param("active", 0.6, 1, 0, 100, 1, None, id="open-shows-progress-and-no-verdict"),
    pytest.param(
        "finished", None, 1, 1, 25, 4, None, id="a-class-quiz-without-a-mark-counts-every-question"
    ),
]


@pytest.mark.parametrize(
    ("status", "mark", "right", "wrong", "percent", "out_of", "passed"), OUTCOMES
)
def test_shown_score_and_pass_agree(
    tiny_bank: Bank,
    status: str,
    mark: float | None,
    right: int,
    wrong: int,
    percent: int,
    out_of: int,
    passed: bool | None,
) -> None:
    """Once a quiz with a pass mark ends, unanswered questions are wrong in the percent and the verdict."""
    answers = []
    for question_id in CLASS_QUESTIONS[:right]:
        question = tiny_bank[question_id]
        answers.append(answered(tiny_bank, question_id, right_response(question)))
    for question_id in CLASS_QUESTIONS[right : right + wrong]:
        question = tiny_bank[question_id]
        answers.append(answered(tiny_bank, question_id, wrong_response(question)))
    attempt = Attempt(
        id="a1",
        mode="pack",
        started=NOW,
        status=status,  # type: ignore[arg-type]
        pass_mark=mark,
        question_ids=CLASS_QUESTIONS,
        answers=answers,
    )
    shown = outcome(attempt, tiny_bank, score(latest_answers(attempt), tiny_bank))
    assert (shown.percent, shown.out_of, shown.passed) == (percent, out_of, passed)
    if shown.passed is not None and mark is not None:
        assert shown.passed == (shown.percent >= round(100 * mark))


@pytest.mark.parametrize(
    ("minutes_later", "status"),
    [(14, "active"), (15, "timed_out"), (60 * 24, "timed_out")],
)
def test_an_open_attempt_past_its_limit_has_timed_out(minutes_later: int, status: str) -> None:
    """Whatever the student's process did, the limit holds from the attempt's start."""
    attempt = Attempt(
        id="a1", mode="pack", started=NOW, time_limit_seconds=15 * 60, question_ids=["q"]
    )
    assert effective_status(attempt, NOW + timedelta(minutes=minutes_later)) == status
    finished = Attempt(id="a2", mode="pack", started=NOW, status="finished", question_ids=["q"])
    assert effective_status(finished, NOW + timedelta(days=1)) == "finished"


def test_one_score_for_an_attempt_ended_by_the_teacher(tiny_bank: Bank) -> None:
    """3 of 6 answered (2 right) when the teacher ends it: the same score whether the student's
    quizapp closed the attempt or not (the report and roster read it open, past the end)."""
    from dataclasses import replace

    from quizapp.core.classcontrol import PackControl
    from quizapp.core.scoring import attempt_score

    answers = [
        answered(tiny_bank, CLASS_QUESTIONS[0], right_response(tiny_bank[CLASS_QUESTIONS[0]])),
        answered(tiny_bank, CLASS_QUESTIONS[1], right_response(tiny_bank[CLASS_QUESTIONS[1]])),
        answered(tiny_bank, CLASS_QUESTIONS[2], wrong_response(tiny_bank[CLASS_QUESTIONS[2]])),
    ]
    open_attempt = Attempt(
        id="a1",
        mode="pack",
        pack_id="class-7",
        started=NOW,
        pass_mark=0.6,
        time_limit_seconds=3600,
        question_ids=CLASS_QUESTIONS,
        answers=answers,
    )
    ended = PackControl(ended=NOW + timedelta(minutes=5))
    later = NOW + timedelta(minutes=6)
    read_open = attempt_score(open_attempt, tiny_bank, later, ended, "sam")
    closed = attempt_score(replace(open_attempt, status="timed_out"), tiny_bank)
    assert read_open == closed
    assert (closed.right, closed.out_of, closed.percent, closed.passed) == (2, 4, 50, False)
    before_the_end = attempt_score(open_attempt, tiny_bank, NOW + timedelta(minutes=4), ended)
    assert before_the_end.passed is None and before_the_end.out_of == 3
