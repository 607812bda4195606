"""A quiz in progress: choosing and shuffling questions, recording, resuming, reviewing, closing."""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from responses import right_response, wrong_response

from quizapp.core.bank import (
    GRADED_KINDS,
    KINDS,
    TOPICS,
    AnyQuestion,
    Bank,
    FitQuestion,
    MultiQuestion,
    ReadinessQuestion,
    SingleQuestion,
    is_graded,
)
from quizapp.core.profile import Profile, ReviewState
from quizapp.core.scoring import ResponseError
from quizapp.core.session import (
    FULL_SIZE,
    QUICK_SIZE,
    NothingToAsk,
    QuizSession,
    ResumeReport,
    balanced_selection,
    next_review,
    plan_attempt,
    review_queue,
    update_review,
)
from quizapp.core.store import OpenProfile, ProfileStore


def copies(bank: Bank, count: int) -> list[AnyQuestion]:
    """`count` copies of every question in `bank`, each with its own id."""
    return [
        dataclasses.replace(question, id=f"{question.id}-c{number}")
        for number in range(count)
        for question in bank.questions
    ]


@pytest.fixture
def opened(store: ProfileStore) -> Iterator[OpenProfile]:
    """Ada's profile, open for writing."""
    profile = store.open("Ada")
    yield profile
    profile.close()


def start(bank: Bank, opened: OpenProfile, mode: str = "quick", seed: int = 1) -> QuizSession:
    """Plan and start an attempt at the store's current time."""
    attempt = plan_attempt(bank, opened.profile, mode, seed=seed, now=opened.store.clock())
    return QuizSession.start(bank, opened, attempt)


# ---------------------------------------------------------------- choosing questions


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_full_selection_covers_every_topic_and_kind_evenly(tiny_bank: Bank, seed: int) -> None:
    """A full quiz's knowledge part holds every (topic, graded kind) pair, as evenly as can be."""
    pool = [question for question in copies(tiny_bank, 4) if is_graded(question)]
    chosen = balanced_selection(pool, FULL_SIZE, random.Random(seed))
    assert len(chosen) == FULL_SIZE
    assert len({question.id for question in chosen}) == FULL_SIZE
    cells = Counter((question.topic, question.kind) for question in chosen)
    assert set(cells) == {(topic, kind) for topic in TOPICS for kind in GRADED_KINDS}
    assert max(cells.values()) - min(cells.values()) <= 1


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_quick_selection_spreads_topics_and_kinds(tiny_bank: Bank, seed: int) -> None:
    """A quick quiz spreads over topics (counts differ by at most 1) and never repeats a kind in a topic."""
    chosen = balanced_selection(list(tiny_bank.questions), QUICK_SIZE, random.Random(seed))
    assert len(chosen) == QUICK_SIZE
    topics = Counter(question.topic for question in chosen)
    assert set(topics) == set(TOPICS)
    assert max(topics.values()) - min(topics.values()) <= 1
    cells = Counter((question.topic, question.kind) for question in chosen)
    assert max(cells.values()) == 1


def test_selection_larger_than_the_pool_takes_each_question_once(tiny_bank: Bank) -> None:
    """Asking for more questions than the pool has returns every question exactly once."""
    chosen = balanced_selection(list(tiny_bank.questions), 100, random.Random(0))
    assert sorted(question.id for question in chosen) == sorted(
        question.id for question in tiny_bank.questions
    )


@pytest.mark.parametrize(
    ("mode", "topic", "size", "topics"),
    [
        pytest.param("quick", None, QUICK_SIZE, set(TOPICS), id="quick"),
        # 12 graded + 1 readiness + the first adaptive fit item (more follow as it is answered)
        pytest.param("full", None, 14, set(TOPICS), id="full-whole-tiny-bank"),
        pytest.param("topic", "skills", 4, {"skills"}, id="topic-skills-graded-only"),
        pytest.param("topic", "tools", 4, {"tools"}, id="topic-tools-graded-only"),
    ],
)
def test_plan_attempt_per_mode(
    tiny_bank: Bank, fixed_clock, mode: str, topic: str | None, size: int, topics: set[str]
) -> None:
    """plan_attempt picks the right number of questions from the right topics and records versions."""
    profile = Profile(name="Ada", created=fixed_clock.now, last_activity=fixed_clock.now)
    attempt = plan_attempt(tiny_bank, profile, mode, seed=3, now=fixed_clock.now, topic=topic)
    assert attempt.id == f"20261122T041500Z-{mode}"
    assert (attempt.mode, attempt.topic, attempt.seed, attempt.status) == (
        mode,
        topic,
        3,
        "active",
    )
    assert attempt.started == fixed_clock.now
    assert len(attempt.question_ids) == size == len(set(attempt.question_ids))
    assert {tiny_bank[qid].topic for qid in attempt.question_ids} == topics
    assert attempt.versions == {qid: tiny_bank[qid].fingerprint for qid in attempt.question_ids}
    if mode == "full":
        assert {tiny_bank[qid].kind for qid in attempt.question_ids} == set(KINDS)
        assert tiny_bank[attempt.question_ids[-1]].kind == "fit"
    else:
        assert all(is_graded(tiny_bank[qid]) for qid in attempt.question_ids)


@pytest.mark.parametrize(
    ("mode", "topic", "message"),
    [
        pytest.param("topic", None, "Unknown topic", id="topic-missing"),
        pytest.param("topic", "cooking", "Unknown topic 'cooking'", id="topic-unknown"),
        pytest.param("review", None, "Nothing to review yet", id="review-empty"),
    ],
)
def test_plan_attempt_with_nothing_to_ask(
    tiny_bank: Bank, fixed_clock, mode: str, topic: str | None, message: str
) -> None:
    """A mode with no questions raises NothingToAsk saying why."""
    profile = Profile(name="Ada", created=fixed_clock.now, last_activity=fixed_clock.now)
    with pytest.raises(NothingToAsk, match=message):
        plan_attempt(tiny_bank, profile, mode, seed=1, now=fixed_clock.now, topic=topic)


@pytest.mark.parametrize("mode", ["quick", "full"])
def test_same_seed_same_order_other_seed_differs(tiny_bank: Bank, fixed_clock, mode: str) -> None:
    """The same seed gives the same question and choice orders; another seed gives others."""
    profile = Profile(name="Ada", created=fixed_clock.now, last_activity=fixed_clock.now)

    def plan(seed: int):
        return plan_attempt(tiny_bank, profile, mode, seed=seed, now=fixed_clock.now)

    first, again, other = plan(11), plan(11), plan(12)
    assert (first.question_ids, first.choice_orders) == (again.question_ids, again.choice_orders)
    assert first.question_ids != other.question_ids
    shared = set(first.choice_orders) & set(other.choice_orders)
    assert any(first.choice_orders[qid] != other.choice_orders[qid] for qid in shared)


@pytest.mark.parametrize("seed", range(6))
def test_only_single_and_multi_choices_are_shuffled(tiny_bank: Bank, fixed_clock, seed) -> None:
    """true_false, role and self_rating keep their order; single and multi get a permutation."""
    profile = Profile(name="Ada", created=fixed_clock.now, last_activity=fixed_clock.now)
    attempt = plan_attempt(tiny_bank, profile, "full", seed=seed, now=fixed_clock.now)
    for qid in attempt.question_ids:
        question = tiny_bank[qid]
        if question.kind in ("single", "multi"):
            assert sorted(attempt.choice_orders[qid]) == list(range(len(question.choices)))
        else:
            assert qid not in attempt.choice_orders


def test_choices_are_really_shuffled(tiny_bank: Bank, fixed_clock) -> None:
    """Across a few seeds, some single/multi question is shown in a non-original order."""
    profile = Profile(name="Ada", created=fixed_clock.now, last_activity=fixed_clock.now)
    orders = [
        order
        for seed in range(5)
        for order in plan_attempt(
            tiny_bank, profile, "full", seed=seed, now=fixed_clock.now
        ).choice_orders.values()
    ]
    assert any(order != sorted(order) for order in orders)


def test_display_order_of_unshuffled_questions_is_the_written_order(
    tiny_bank: Bank, opened: OpenProfile
) -> None:
    """display_order gives the recorded permutation, or 0..n-1 for questions never shuffled."""
    session = start(tiny_bank, opened, "full")
    unshuffled = {"true_false": [0, 1], "role": [0, 1, 2]}
    for qid in session.question_ids:
        question = tiny_bank[qid]
        if isinstance(question, SingleQuestion | MultiQuestion):
            expected = session.attempt.choice_orders[qid]
        elif isinstance(question, FitQuestion | ReadinessQuestion):
            expected = list(range(len(question.options)))
        else:
            expected = unshuffled[question.kind]
        assert session.display_order(question) == expected


def test_a_choice_order_that_does_not_fit_the_question_is_not_used(
    tiny_bank: Bank, opened: OpenProfile
) -> None:
    """A saved order with an index past the question's choices (damage) shows the written order."""
    session = start(tiny_bank, opened, "full")
    qid = next(q for q in session.question_ids if isinstance(tiny_bank[q], SingleQuestion))
    count = len(tiny_bank[qid].choices)  # type: ignore[union-attr]
    for damaged in ([*range(count), count], list(range(1, count + 1)), [0] * count, []):
        session.attempt.choice_orders[qid] = damaged
        assert session.display_order(tiny_bank[qid]) == list(range(count))


# ---------------------------------------------------------------- recording


def test_start_saves_the_attempt_and_marks_it_current(
    tiny_bank: Bank, opened: OpenProfile, store: ProfileStore
) -> None:
    """QuizSession.start writes the attempt file and the profile's current_attempt."""
    session = start(tiny_bank, opened)
    on_disk = store.read_attempt(opened.attempt_path(session.attempt.id))
    assert on_disk == session.attempt
    assert store.read_profile(opened.folder).current_attempt == session.attempt.id


def test_start_never_overwrites_an_attempt_with_the_same_id(
    tiny_bank: Bank, opened: OpenProfile
) -> None:
    """Two attempts started in the same second get distinct ids (the second gets `-2`)."""
    first = start(tiny_bank, opened, seed=1)
    second = start(tiny_bank, opened, seed=2)
    assert first.attempt.id == "20261122T041500Z-quick"
    assert second.attempt.id == "20261122T041500Z-quick-2"
    assert opened.attempt_path(first.attempt.id).is_file()


def test_record_saves_the_attempt_before_the_profile_and_returns(
    tiny_bank: Bank, opened: OpenProfile, store: ProfileStore, fixed_clock
) -> None:
    """record writes the answer to the attempt file first, then the profile summary, before returning."""
    session = start(tiny_bank, opened)
    question = session.current()
    answered_at = fixed_clock.advance(seconds=30)
    seen_on_disk_when_profile_saved = []
    save_profile = opened.save

    def spy() -> None:
        attempt = store.read_attempt(opened.attempt_path(session.attempt.id))
        seen_on_disk_when_profile_saved.append([a.question_id for a in attempt.answers])
        save_profile()

    opened.save = spy  # type: ignore[method-assign]
    answer = session.record(right_response(question))
    assert seen_on_disk_when_profile_saved == [[question.id]]
    attempt = store.read_attempt(opened.attempt_path(session.attempt.id))
    assert attempt.answers == [answer]
    assert (answer.question_id, answer.answered_at, answer.version) == (
        question.id,
        answered_at,
        question.fingerprint,
    )
    profile = store.read_profile(opened.folder)
    assert (profile.answers_total, profile.last_activity) == (1, answered_at)
    assert profile.current_attempt == session.attempt.id


def test_record_times_the_answer_from_mark_shown(
    tiny_bank: Bank, opened: OpenProfile, store: ProfileStore
) -> None:
    """The seconds recorded run from mark_shown to record, on the injected monotonic clock."""
    ticks = iter([100.0, 103.456])
    started = start(tiny_bank, opened)
    session = QuizSession(tiny_bank, opened, started.attempt, monotonic=lambda: next(ticks))
    session.mark_shown()
    answer = session.record(right_response(session.current()))
    assert answer.seconds == 3.46
    assert store.read_attempt(opened.attempt_path(session.attempt.id)).answers[0].seconds == 3.46


def test_record_refuses_an_invalid_response_and_saves_nothing(
    tiny_bank: Bank, opened: OpenProfile, store: ProfileStore
) -> None:
    """A response that does not fit raises ResponseError; nothing is recorded or saved."""
    session = start(tiny_bank, opened)
    with pytest.raises(ResponseError):
        session.record(["not", "a", "response"])  # type: ignore[list-item]
    assert session.attempt.answers == []
    assert store.read_attempt(opened.attempt_path(session.attempt.id)).answers == []
    assert store.read_profile(opened.folder).answers_total == 0


def test_answering_the_last_question_finishes_the_attempt(
    tiny_bank: Bank, opened: OpenProfile, store: ProfileStore, fixed_clock
) -> None:
    """After the last answer the attempt is finished on disk and the profile has no current attempt."""
    session = start(tiny_bank, opened)
    for _ in range(session.total):
        assert session.attempt.status == "active"
        fixed_clock.advance(seconds=10)
        session.record(right_response(session.current()))
    assert session.is_complete and session.current() is None
    attempt = store.read_attempt(opened.attempt_path(session.attempt.id))
    assert (attempt.status, attempt.finished) == ("finished", fixed_clock.now)
    assert len(attempt.answers) == QUICK_SIZE
    profile = store.read_profile(opened.folder)
    assert profile.current_attempt is None
    assert profile.answers_total == QUICK_SIZE
    with pytest.raises(NothingToAsk):
        session.record(0)


# ---------------------------------------------------------------- resuming


def test_resume_continues_at_the_first_unanswered_question(
    tiny_bank: Bank, store: ProfileStore
) -> None:
    """A reopened profile's current attempt resumes at the first unanswered question."""
    with store.open("Ada") as opened:
        session = start(tiny_bank, opened)
        for _ in range(3):
            session.record(wrong_response(session.current()))
        expected = session.attempt.question_ids[3]
    with store.open("ada") as reopened:
        attempt = reopened.current_attempt()
        assert attempt is not None
        resumed = QuizSession(tiny_bank, reopened, attempt)
        assert resumed.reconcile() == ResumeReport(removed=0, edited=0)
        assert resumed.position == 3
        assert resumed.current().id == expected


def test_reconcile_skips_removed_and_reasks_edited_questions(
    tiny_bank: Bank, opened: OpenProfile, store: ProfileStore
) -> None:
    """With one question removed and one edited, reconcile reports 1 and 1 and re-asks the edited one."""
    session = start(tiny_bank, opened)
    for _ in range(3):
        session.record(right_response(session.current()))
    ids = session.attempt.question_ids
    edited_id, removed_id = ids[0], ids[5]
    edited = dataclasses.replace(tiny_bank[edited_id], prompt="A reworded prompt, edited.")
    changed = Bank(
        [
            edited if question.id == edited_id else question
            for question in tiny_bank.questions
            if question.id != removed_id
        ],
        {},
    )
    resumed = QuizSession(
        changed, opened, store.read_attempt(opened.attempt_path(session.attempt.id))
    )
    assert resumed.reconcile() == ResumeReport(removed=1, edited=1)
    assert resumed.total == QUICK_SIZE - 1
    assert removed_id not in resumed.question_ids
    assert resumed.answered_ids == {ids[1], ids[2]}
    assert resumed.position == 0
    assert resumed.current().id == edited_id
    on_disk = store.read_attempt(opened.attempt_path(session.attempt.id))
    assert [answer.question_id for answer in on_disk.answers] == [ids[1], ids[2]]
    assert on_disk.versions[edited_id] == edited.fingerprint


def test_reconcile_resets_the_choice_order_when_choices_were_added(
    tiny_bank: Bank, opened: OpenProfile, store: ProfileStore
) -> None:
    """An edited single question with a new choice is shown in written order, with the new choice."""
    session = start(tiny_bank, opened, "full")
    qid = "tiny-skill-single"
    question = tiny_bank[qid]
    grown = dataclasses.replace(question, choices=[*question.choices, "Go and Rust"])
    changed = Bank([grown if q.id == qid else q for q in tiny_bank.questions], {})
    resumed = QuizSession(changed, opened, session.attempt)
    assert resumed.reconcile() == ResumeReport(removed=0, edited=1)
    assert resumed.display_order(grown) == [0, 1, 2, 3]
    assert store.read_attempt(opened.attempt_path(session.attempt.id)).choice_orders[qid] == [
        0,
        1,
        2,
        3,
    ]


# ---------------------------------------------------------------- review (FSRS)

NOW = datetime(2026, 11, 22, 4, 15, 0, tzinfo=UTC)
"""The time of the answers in the review tables."""


def state(phase: str = "review", misses: int = 1, due: datetime = NOW) -> ReviewState:
    """A review state last seen a day before NOW (a reviewed card with a day's stability)."""
    reviewed = phase == "review"
    return ReviewState(
        phase=phase,  # type: ignore[arg-type]
        step=None if reviewed else 0,
        stability=1.0 if reviewed else None,
        difficulty=5.0 if reviewed else None,
        misses=misses,
        last_seen=NOW - timedelta(days=1),
        due=due,
    )


@pytest.mark.parametrize(
    ("before", "correct", "phase", "misses", "due_within"),
    [
        pytest.param(None, False, "learning", 1, timedelta(0), id="first-miss-due-at-once"),
        pytest.param(state("review"), False, "relearning", 2, timedelta(0), id="lapse-due-at-once"),
        pytest.param(
            state("review"), True, "review", 1, timedelta(days=60), id="right-spaces-it-out"
        ),
        pytest.param(state("learning"), True, "review", 1, timedelta(days=2), id="right-graduates"),
    ],
)
def test_update_review_rates_again_or_good(
    before: ReviewState | None,
    correct: bool,
    phase: str,
    misses: int,
    due_within: timedelta,
) -> None:
    """A miss rates Again (a first miss enters review), a right answer Good; FSRS sets the due time."""
    review = {"q": before} if before is not None else {}
    update_review(review, "q", correct, NOW)
    after = review["q"]
    assert (after.phase, after.misses, after.last_seen) == (phase, misses, NOW)
    assert NOW <= after.due <= NOW + due_within
    if correct and before is not None and before.phase == "review":
        assert after.due > NOW + timedelta(days=1)  # a right review waits longer than the last gap


@pytest.mark.parametrize(
    ("before", "correct"),
    [
        pytest.param(None, True, id="right-never-missed-adds-nothing"),
        pytest.param(None, None, id="self-rating-adds-nothing"),
        pytest.param(state("review"), None, id="self-rating-changes-nothing"),
    ],
)
def test_update_review_leaves_alone(before: ReviewState | None, correct: bool | None) -> None:
    """Only graded answers to missed questions are scheduled."""
    review = {"q": before} if before is not None else {}
    update_review(review, "q", correct, NOW)
    assert review == ({"q": before} if before is not None else {})


def test_right_answers_at_each_due_time_space_reviews_further_and_further() -> None:
    """Miss once, then answer right whenever due: every gap is longer than the one before, days apart."""
    review: dict[str, ReviewState] = {}
    now = NOW
    update_review(review, "q", False, now)
    gaps = []
    for _ in range(6):
        now = review["q"].due
        update_review(review, "q", True, now)
        gaps.append(review["q"].due - now)
    assert all(early < late for early, late in zip(gaps, gaps[1:], strict=False))
    assert gaps[-1] > timedelta(days=30)
    assert review["q"].phase == "review" and review["q"].misses == 1


def test_the_schedule_is_the_same_for_the_same_answers() -> None:
    """No fuzzing: two people with the same answers at the same times get the same due dates."""
    first: dict[str, ReviewState] = {}
    second: dict[str, ReviewState] = {}
    for review in (first, second):
        update_review(review, "q", False, NOW)
        update_review(review, "q", True, NOW + timedelta(minutes=10))
        update_review(review, "q", True, NOW + timedelta(days=1))
    assert first == second


def test_review_queue_holds_due_entries_longest_overdue_first(tiny_bank: Bank, fixed_clock) -> None:
    """Only due questions come back, the longest overdue first; later ones wait; unknown ids are left out."""
    now = fixed_clock.now
    profile = Profile(name="Ada", created=now, last_activity=now)
    past, future = now - timedelta(hours=1), now + timedelta(days=2)
    profile.review = {
        "tiny-duty-single": state(due=past),
        "tiny-duty-multi": state("learning", due=now),
        "tiny-skill-role": state(due=future),
        "tiny-tool-role": state(due=past - timedelta(hours=1)),
        "gone-from-the-bank": state(due=past),
        "tiny-tool-single": state("learning", due=future),
    }
    assert review_queue(profile, tiny_bank, now) == [
        "tiny-tool-role",
        "tiny-duty-single",
        "tiny-duty-multi",
    ]
    assert review_queue(profile, tiny_bank, now, limit=2) == ["tiny-tool-role", "tiny-duty-single"]
    assert next_review(profile, tiny_bank, now) == future


def test_review_with_nothing_due_says_when_questions_come_back(
    tiny_bank: Bank, fixed_clock
) -> None:
    """A review with only later questions is refused with the date they come back."""
    now = fixed_clock.now
    profile = Profile(name="Ada", created=now, last_activity=now)
    profile.review = {"tiny-duty-single": state(due=now + timedelta(days=1))}
    with pytest.raises(NothingToAsk, match="come back from tomorrow, 04:15"):
        plan_attempt(tiny_bank, profile, "review", seed=1, now=now)


def test_review_mode_brings_back_exactly_the_missed_questions(
    tiny_bank: Bank, opened: OpenProfile, store: ProfileStore, fixed_clock
) -> None:
    """After a full quiz, a review attempt asks exactly the questions answered wrongly."""
    session = start(tiny_bank, opened, "full")
    missed = set()
    for number in range(session.total):
        question = session.current()
        if number % 2 and not isinstance(question, FitQuestion | ReadinessQuestion):
            missed.add(question.id)
            session.record(wrong_response(question))
        else:
            session.record(right_response(question))
    assert len(missed) >= 5
    assert set(store.read_profile(opened.folder).review) == missed
    fixed_clock.advance(minutes=1)
    review = start(tiny_bank, opened, "review")
    assert review.attempt.mode == "review"
    assert set(review.attempt.question_ids) == missed
    assert len(review.attempt.question_ids) == len(missed)
    for _ in range(review.total):
        review.record(right_response(review.current()))
    profile = store.read_profile(opened.folder)
    assert set(profile.review) == missed
    assert all(state.due > fixed_clock.now for state in profile.review.values())


# ---------------------------------------------------------------- closing


@pytest.mark.parametrize("status", ["abandoned", "timed_out"])
def test_close_ends_the_attempt_and_keeps_the_answers(
    tiny_bank: Bank, opened: OpenProfile, store: ProfileStore, fixed_clock, status: str
) -> None:
    """close() marks the attempt abandoned (or timed out), keeps its answers and clears current_attempt."""
    session = start(tiny_bank, opened)
    given = [session.record(right_response(session.current())) for _ in range(2)]
    fixed_clock.advance(minutes=3)
    session.close(status)
    attempt = store.read_attempt(opened.attempt_path(session.attempt.id))
    assert (attempt.status, attempt.finished) == (status, fixed_clock.now)
    assert attempt.answers == given
    profile = store.read_profile(opened.folder)
    assert profile.current_attempt is None
    assert profile.answers_total == 2


def test_close_leaves_a_finished_attempt_alone(
    tiny_bank: Bank, opened: OpenProfile, store: ProfileStore, fixed_clock
) -> None:
    """Closing an attempt that is already finished changes nothing."""
    session = start(tiny_bank, opened)
    while not session.is_complete:
        session.record(right_response(session.current()))
    finished_at = fixed_clock.now
    fixed_clock.advance(minutes=3)
    session.close()
    attempt = store.read_attempt(opened.attempt_path(session.attempt.id))
    assert (attempt.status, attempt.finished) == ("finished", finished_at)


# ---------------------------------------------------------------- the adaptive "Which path fits me?" mode


def _leaning_option(question: FitQuestion, side: str) -> int:
    """The option of a fit item that gives `side` the most points (0 for a scale leaning away)."""
    points = [getattr(option, side) for option in question.options]
    return points.index(max(points)) if max(points) else len(points) - 1


def test_fit_mode_asks_one_item_at_a_time_and_stops_when_sure(opened: OpenProfile) -> None:
    """Fit mode starts with one item, adds the next as each is answered, and ends once sure."""
    from quizapp.core.loader import load_checked_bank
    from quizapp.core.locations import default_questions_dir, default_seeds_dir
    from quizapp.core.recommend import MIN_FIT, recommend

    bank = load_checked_bank(default_questions_dir(), default_seeds_dir())
    session = start(bank, opened, "fit", seed=5)
    assert len(session.attempt.question_ids) == 1
    asked = 0
    while not session.is_complete:
        question = session.current()
        assert isinstance(question, FitQuestion)
        session.record(_leaning_option(question, "engineer"))
        asked += 1
        assert len(session.attempt.question_ids) in (asked, asked + 1)
    assert MIN_FIT <= asked <= 12
    assert session.attempt.status == "finished"
    saved = opened.store.read_attempt(opened.attempt_path(session.attempt.id))
    assert saved.question_ids == session.attempt.question_ids
    result = recommend(saved.answers, bank)
    assert (result.role, result.settled) == ("engineer", True)


def test_fit_mode_keeps_a_scale_beside_its_mirror(tiny_bank: Bank, opened: OpenProfile) -> None:
    """In the tiny bank (one mirror pair), fit mode asks the pair and then has nothing left."""
    session = start(tiny_bank, opened, "fit", seed=2)
    first = session.current()
    assert isinstance(first, FitQuestion)
    session.record(0)
    second = session.current()
    assert isinstance(second, FitQuestion) and second.id == first.mirror
    session.record(0)
    assert session.is_complete and session.attempt.status == "finished"


def test_full_assessment_ends_with_adaptive_fit_items(tiny_bank: Bank, opened: OpenProfile) -> None:
    """Knowledge and readiness first, then fit items, added as they are answered."""
    session = start(tiny_bank, opened, "full", seed=4)
    kinds = [tiny_bank[qid].kind for qid in session.attempt.question_ids]
    assert kinds[-1] == "fit" and kinds.count("fit") == 1
    while not session.is_complete:
        question = session.current()
        assert question is not None
        session.record(0 if not is_graded(question) else wrong_response(question))
    kinds = [tiny_bank[qid].kind for qid in session.attempt.question_ids]
    assert kinds[-2:] == ["fit", "fit"]


@pytest.mark.parametrize("mode", ["quick", "topic"])
def test_knowledge_quizzes_ask_no_fit_or_readiness(
    tiny_bank: Bank, opened: OpenProfile, mode: str
) -> None:
    """Quick and by-topic quizzes are knowledge only."""
    attempt = plan_attempt(
        tiny_bank,
        opened.profile,
        mode,
        seed=1,
        now=opened.store.clock(),
        topic="duties" if mode == "topic" else None,
    )
    assert all(is_graded(tiny_bank[qid]) for qid in attempt.question_ids)
