"""Issue 25 in the flow: times as people say them, home's one next step, history in words, the
path chooser, kept ticks and answers that go on at once (table by table)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from responses import right_response, wrong_response

from quizapp.core import flow
from quizapp.core.bank import Bank, FitQuestion, MultiQuestion, ReadinessQuestion, is_graded
from quizapp.core.formats import when_words
from quizapp.core.store import OpenProfile, ProfileStore

NOW = datetime(2026, 11, 22, 4, 15, tzinfo=UTC)  # a Sunday
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def person(store: ProfileStore) -> OpenProfile:
    """Ada's open profile on the fixed clock."""
    return store.open("Ada")


@pytest.mark.parametrize(
    ("moment", "words"),
    [
        (NOW.replace(hour=19, minute=13), "today, 19:13"),
        (NOW + timedelta(days=1, hours=15), "tomorrow, 19:15"),
        (NOW - timedelta(days=1), "yesterday, 04:15"),
        (NOW + timedelta(days=5), "Friday, 04:15"),
        (NOW - timedelta(days=3), "last Thursday, 04:15"),
        (NOW + timedelta(days=16), "8 December, 04:15"),
        (NOW + timedelta(days=60), "21 January 2027, 04:15"),
    ],
)
def test_times_read_as_a_person_says_them(moment: datetime, words: str) -> None:
    """Relative to now, in the local zone (the tests run in UTC)."""
    assert when_words(moment, NOW) == words


def test_a_review_date_in_the_feedback_reads_like_speech(tiny_bank: Bank) -> None:
    """'Comes back for review: tomorrow, 04:15', never an ISO date with a zone."""
    from quizapp.core.profile import Answer, ReviewState

    question = next(q for q in tiny_bank.questions if is_graded(q))
    answer = Answer(
        question_id=question.id,
        response=right_response(question),  # type: ignore[arg-type]
        correct=True,
        credit=1.0,
        answered_at=NOW,
        version="x",
    )
    review = ReviewState(last_seen=NOW, due=NOW + timedelta(days=1))
    lines = flow.teach(question, answer, documents=[], review=review).text()
    assert lines.endswith("Comes back for review: tomorrow, 04:15")


def answer_all(person: OpenProfile, bank: Bank, mode: str, *, right: bool, finish: bool) -> None:
    """Begin a quiz of `mode` and answer it (or only its first question)."""
    beginning = flow.begin(bank, person, mode, seed=3, now=NOW)
    assert isinstance(beginning, flow.Started | flow.Resumed)
    session = beginning.session
    while (question := session.current()) is not None:
        if isinstance(question, FitQuestion | ReadinessQuestion):
            session.record(0)
        else:
            session.record(right_response(question) if right else wrong_response(question))
        if not finish:
            return


class TestHomeView:
    """What home says on top: the verdict with its strength, progress and the one next step."""

    def test_someone_new_starts_with_the_full_assessment(
        self, tiny_bank: Bank, person: OpenProfile
    ) -> None:
        view = flow.home_view(person, tiny_bank, None, NOW)
        assert view.greeting == "Hello, Ada."
        assert view.next_action == "full" and view.next_words.startswith("New here?")
        assert view.progress == "Nothing answered yet."
        assert view.verdict is not None and view.verdict.startswith("No verdict yet")

    def test_an_unfinished_quiz_comes_first(self, tiny_bank: Bank, person: OpenProfile) -> None:
        answer_all(person, tiny_bank, "quick", right=True, finish=False)
        view = flow.home_view(person, tiny_bank, None, NOW)
        assert view.next_action == "resume"
        assert view.next_words == "Next: resume Quick quiz (1 of 10 answered)."

    def test_knowledge_without_a_verdict_asks_which_path_fits(
        self, tiny_bank: Bank, person: OpenProfile
    ) -> None:
        answer_all(person, tiny_bank, "quick", right=True, finish=True)
        view = flow.home_view(person, tiny_bank, None, NOW)
        assert view.next_action == "fit"
        assert view.progress is not None and "knowledge: 10 of 10 right (100%)" in view.progress

    def test_misses_due_come_before_the_path(self, person: OpenProfile) -> None:
        from quizapp.core.loader import load_checked_bank
        from quizapp.core.paths import load_checked_catalogue

        bank = load_checked_bank(REPO / "questions", REPO / "seeds")
        catalogue = load_checked_catalogue(REPO / "questions", REPO / "seeds")
        answer_all(person, bank, "fit", right=True, finish=True)
        view = flow.home_view(person, bank, catalogue, NOW)
        assert view.verdict is not None and view.verdict.startswith("Which path fits you: ")
        assert view.next_action == "path" and view.next_words.startswith("Next on your path:")
        answer_all(person, bank, "quick", right=False, finish=True)
        view = flow.home_view(person, bank, catalogue, NOW)
        assert view.next_action == "review"
        assert view.next_words == "Next: review the 10 missed questions due now."
        assert view.progress is not None and " path: 0 of " in view.progress

    def test_a_class_quiz_says_only_the_quiz(self, tiny_bank: Bank, person: OpenProfile) -> None:
        view = flow.home_view(person, tiny_bank, None, NOW, pack_title="Week 3")
        assert (view.verdict, view.progress, view.next_action) == (None, None, "pack")


class TestHistoryLines:
    """Every mode in words; a fit attempt shows the verdict its answers gave."""

    @pytest.mark.parametrize("mode", ["quick", "fit", "topic:tools", "full"])
    def test_each_mode_in_words(self, tiny_bank: Bank, person: OpenProfile, mode: str) -> None:
        from quizapp.core.formats import parse_mode

        name, topic = parse_mode(mode)
        beginning = flow.begin(tiny_bank, person, name, topic, seed=3, now=NOW)
        assert isinstance(beginning, flow.Started)
        session = beginning.session
        while (question := session.current()) is not None:
            session.record(0 if not is_graded(question) else right_response(question))
        first, second = flow.history_lines(session.attempt, tiny_bank, NOW)
        assert first == f"today, 04:15  {flow.mode_words(name, topic)}"
        assert second.endswith(" · finished") and "–" not in second
        if name == "fit":
            # The verdict its answers gave, in the words every screen uses, not a score.
            from quizapp.core.picture import verdict_text
            from quizapp.core.recommend import recommend
            from quizapp.core.scoring import latest_answers

            verdict = verdict_text(recommend(latest_answers(session.attempt), tiny_bank))
            assert second == f"{verdict.headline} · finished"
        else:
            assert "% (" in second and " right)" in second


def test_the_path_chooser_offers_three_and_marks_the_one_followed(
    tiny_bank: Bank, person: OpenProfile
) -> None:
    from quizapp.core.paths import load_checked_catalogue

    catalogue = load_checked_catalogue(REPO / "questions", REPO / "seeds")
    assert catalogue is not None
    view = flow.path_view(person, tiny_bank, catalogue)
    choices = flow.path_choices(view)
    assert [choice for choice, _ in choices] == [None, "engineer", "developer"]
    assert choices[0][1].endswith("(following now)")
    assert flow.follow_path(person, "developer").saved
    view = flow.path_view(person, tiny_bank, catalogue)
    assert flow.path_choices(view)[2][1] == "The backend developer path  (following now)"
    assert person.profile.path.chosen == "developer"


def test_ticks_kept_until_the_answer_is_given(tiny_bank: Bank, person: OpenProfile) -> None:
    """Kept in the attempt file (original indexes) while unanswered; the answer clears them."""
    beginning = flow.begin(tiny_bank, person, "topic", "duties", seed=3, now=NOW)
    assert isinstance(beginning, flow.Started)
    session = beginning.session
    while not isinstance(session.current(), MultiQuestion):
        question = session.current()
        assert question is not None
        session.record(right_response(question))
    question = session.current()
    assert isinstance(question, MultiQuestion)
    session.keep_ticks([2, 0])
    again = person.current_attempt()
    assert again is not None and again.ticked == {question.id: [0, 2]}
    assert session.kept_ticks(question) == [0, 2]
    session.record(sorted(question.answers))
    again = person.current_attempt() or person.store.read_attempt(
        sorted((person.folder / "attempts").glob("*.toml"))[-1]
    )
    assert not again.ticked
    person.close()


@pytest.mark.parametrize(
    ("outcome", "at_once"),
    [("noted", True), ("right", False), ("wrong", False), ("partly", False), ("held_back", False)],
)
def test_only_answers_without_right_or_wrong_move_on_at_once(outcome: str, at_once: bool) -> None:
    assert flow.moves_on_at_once(flow.Teaching(outcome, ())) is at_once  # type: ignore[arg-type]


def test_the_path_offers_more_fit_questions_in_words_that_agree_with_the_number(
    person: OpenProfile,
) -> None:
    """'answer at least 4 more ... questions', '1 more ... question': never 'question(s)' (the real bank,
    whose verdict needs several answers)."""
    from quizapp.core.loader import load_checked_bank
    from quizapp.core.paths import load_checked_catalogue

    bank = load_checked_bank(REPO / "questions", REPO / "seeds")
    catalogue = load_checked_catalogue(REPO / "questions", REPO / "seeds")
    assert catalogue is not None
    beginning = flow.begin(bank, person, "fit", None, seed=3, now=NOW)
    assert isinstance(beginning, flow.Started)
    session = beginning.session
    seen: set[int] = set()
    while (more := flow.path_view(person, bank, catalogue).recommendation.answers_needed) > 0:
        offer = flow.path_view(person, bank, catalogue).fit_offer
        noun = "question" if more == 1 else "questions"
        assert offer == f'answer at least {more} more "Which path fits me?" {noun} for a verdict.'
        seen.add(more)
        session.record(0)
    assert 1 in seen and any(more > 1 for more in seen)
