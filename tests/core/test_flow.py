"""The flow every face renders: opening, beginning, the class clock, what an answer teaches, results,
the learning path, the menu and the words, table by table."""

from __future__ import annotations

import dataclasses
import errno
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import FixedClock
from responses import wrong_response

from quizapp.core import flow
from quizapp.core.bank import Bank, MultiQuestion, RoleQuestion, RoleSources, SingleQuestion, Source
from quizapp.core.classcontrol import PackControl
from quizapp.core.profile import Answer, Attempt
from quizapp.core.session import QuizSession, new_attempt
from quizapp.core.store import OpenProfile, ProfileStore
from quizapp.core.words import ROLE_WORDS, mode_words

DOCUMENTS = ["000_a664594794a44be6.txt", "001_67548f81588ffb91.txt", "002_1c51edeaa5eca1e1.txt"]
NOW = datetime(2026, 11, 22, 4, 15, tzinfo=UTC)
REPO = Path(__file__).resolve().parents[2]


def answer(question_id: str, response: object, correct: bool | None, credit: float) -> Answer:
    """An answer as the session saves it."""
    return Answer(
        question_id=question_id,
        response=response,  # type: ignore[arg-type]
        correct=correct,
        credit=credit,
        answered_at=NOW,
        version="x",
    )


def start(bank: Bank, person: OpenProfile, mode: str, **options: object) -> flow.Beginning:
    """`flow.begin` at NOW with seed 7."""
    return flow.begin(bank, person, mode, seed=7, now=NOW, **options)  # type: ignore[arg-type]


# ---------------------------------------------------------------- words


@pytest.mark.parametrize(
    ("mode", "topic", "pack", "words"),
    [
        ("full", None, None, "Full assessment"),
        ("quick", None, None, "Quick quiz"),
        ("fit", None, None, "Which path fits me?"),
        ("review", None, None, "Review of missed questions"),
        ("topic", "tools", None, "By topic: tools"),
        ("pack", None, "week-3", "Class quiz: week-3"),
        ("pack", None, None, "Class quiz"),
    ],
)
def test_every_mode_has_words(mode: str, topic: str | None, pack: str | None, words: str) -> None:
    """No face shows a mode's key ("Resume: fit"): each has its words."""
    assert mode_words(mode, topic, pack) == words


def test_roles_read_as_words_everywhere() -> None:
    """The flow's choices for a role question are the one table's words, in key order."""
    assert list(ROLE_WORDS.values()) == ["Backend engineer", "Backend developer", "Both"]


# ---------------------------------------------------------------- opening a person


@pytest.mark.parametrize(
    ("existing", "typed", "outcome"),
    [
        pytest.param(None, "Ada", flow.Opened, id="new"),
        pytest.param("Ada", "Ada", flow.Opened, id="same-name"),
        pytest.param("Straße", "STRASSE", flow.ConfirmName, id="folds-to-another"),
        pytest.param(None, "a/b", flow.Refused, id="bad-name"),
        pytest.param(None, "   ", flow.Refused, id="blank"),
    ],
)
def test_opening_a_person(
    tmp_path: Path, fixed_clock: FixedClock, existing: str | None, typed: str, outcome: type
) -> None:
    """A new or existing name opens; a name folding to another's is asked about; a bad one refused."""
    store = ProfileStore(tmp_path / "profiles", clock=fixed_clock)
    if existing:
        store.open(existing).close()
    opening = flow.open_person(store, typed)
    assert type(opening) is outcome
    if isinstance(opening, flow.Opened):
        opening.person.close()
    if isinstance(opening, flow.ConfirmName):
        assert opening.stored == existing and "is that you?" in opening.question
        confirmed = flow.open_person(store, opening.stored)
        assert isinstance(confirmed, flow.Opened) and confirmed.person.profile.name == existing
        confirmed.person.close()
    if isinstance(opening, flow.Refused):
        assert opening.reason == "name" and "not allowed" in opening.message


def test_a_profile_open_elsewhere_is_refused_and_a_damaged_one_shown(
    tmp_path: Path, fixed_clock: FixedClock
) -> None:
    """Open twice: the second is refused as locked. A damaged profile file is `Damaged`, untouched."""
    store = ProfileStore(tmp_path / "profiles", clock=fixed_clock)
    first = flow.open_person(store, "Ada")
    assert isinstance(first, flow.Opened)
    second = flow.open_person(ProfileStore(tmp_path / "profiles", clock=fixed_clock), "Ada")
    assert isinstance(second, flow.Refused) and second.reason == "locked"
    first.person.close()
    profile_file = tmp_path / "profiles" / "ada" / "profile.toml"
    profile_file.write_text("not = [toml", encoding="utf-8")
    damaged = flow.open_person(store, "Ada")
    assert isinstance(damaged, flow.Damaged) and damaged.corrupt and damaged.name == "Ada"
    assert profile_file.read_text(encoding="utf-8") == "not = [toml"


# ---------------------------------------------------------------- beginning a quiz


@pytest.fixture
def person(store: ProfileStore) -> OpenProfile:
    """Ada's open profile on the fixed clock."""
    return store.open("Ada")


def unfinished(bank: Bank, person: OpenProfile, mode: str) -> Attempt:
    """Start an attempt of `mode` and answer nothing."""
    beginning = start(bank, person, mode)
    assert isinstance(beginning, flow.Started)
    return beginning.session.attempt


@pytest.mark.parametrize(
    ("before", "mode", "ask_same", "outcome"),
    [
        pytest.param(None, "quick", False, flow.Started, id="nothing-unfinished"),
        pytest.param("quick", "quick", False, flow.Resumed, id="same-mode-resumes"),
        pytest.param("quick", "quick", True, flow.AskResumeOrAfresh, id="same-mode-from-menu"),
        pytest.param("quick", "full", False, flow.AskResumeOrAfresh, id="another-mode"),
        pytest.param("fit", "quick", False, flow.AskResumeOrAfresh, id="fit-unfinished"),
        pytest.param(None, "review", False, flow.Nothing, id="nothing-to-review"),
    ],
)
def test_beginning_a_quiz(
    tiny_bank: Bank,
    person: OpenProfile,
    before: str | None,
    mode: str,
    ask_same: bool,
    outcome: type,
) -> None:
    """What begins: a new quiz, the unfinished one resumed, the question asked, or nothing to ask."""
    current = unfinished(tiny_bank, person, before) if before else None
    beginning = start(tiny_bank, person, mode, ask_same=ask_same)
    assert type(beginning) is outcome
    if isinstance(beginning, flow.AskResumeOrAfresh):
        assert current is not None and beginning.current.id == current.id
        name = mode_words(before or "")
        assert f"You have an unfinished quiz: {name} (0 " in beginning.question
        assert "?." not in beginning.question
        # The choices say what they do: the other quiz by name, never a bare "Start again".
        assert beginning.resume_label == f"Resume {name}"
        if mode == before:
            assert beginning.afresh_label == "Start it again"
            assert "start it again from the first question" in beginning.question
        else:
            assert beginning.afresh_label == f"Start {mode_words(mode)}"
            assert (
                f"leave it unfinished and start {mode_words(mode)} instead?" in beginning.question
            )
    if isinstance(beginning, flow.Resumed):
        assert beginning.words == "Resuming at question 1 of 10."
    if isinstance(beginning, flow.Nothing):
        assert "Nothing to review yet" in beginning.notice.message
    person.close()


def test_starting_afresh_keeps_the_old_attempt_abandoned(
    tiny_bank: Bank, person: OpenProfile
) -> None:
    """Start again: the old attempt is kept, abandoned; a mode with nothing to ask leaves it open."""
    old = unfinished(tiny_bank, person, "quick")
    nothing = flow.start_afresh(tiny_bank, person, old, "review", seed=7, now=NOW)
    assert isinstance(nothing, flow.Nothing) and old.status == "active"
    fresh = flow.start_afresh(tiny_bank, person, old, "full", seed=7, now=NOW)
    assert isinstance(fresh, flow.Started)
    assert old.status == "abandoned"
    assert person.profile.current_attempt == fresh.session.attempt.id
    assert "kept, marked abandoned" in fresh.words
    person.close()


def test_a_read_only_profile_begins_nothing(tiny_bank: Bank, person: OpenProfile) -> None:
    """Answers could not be saved: every way in says so and changes nothing."""
    person.read_only = "the folder is read-only"
    for beginning in (
        start(tiny_bank, person, "quick"),
        flow.resume_current(tiny_bank, person),
    ):
        assert isinstance(beginning, flow.Blocked)
        assert "Quizzes are off" in beginning.notice.message
    assert not list(person.attempt_path("x").parent.glob("*.toml"))
    person.read_only = None
    person.close()


def test_a_failed_save_blocks_with_the_reason(
    tiny_bank: Bank, person: OpenProfile, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk when the attempt is saved: `Blocked`, in words, and no attempt is current."""

    def full(*_: object, **__: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(person, "save_attempt", full)
    beginning = start(tiny_bank, person, "quick")
    assert isinstance(beginning, flow.Blocked)
    assert beginning.notice.message.startswith("Nothing was saved: the disk is full")
    assert person.profile.current_attempt is None
    person.close()


def test_an_attempt_whose_questions_all_left_the_bank_resumes_to_its_results(
    tiny_bank: Bank, person: OpenProfile
) -> None:
    """Nothing left to ask: resuming closes it (abandoned) and the face shows its results."""
    old = unfinished(tiny_bank, person, "quick")
    smaller = Bank([tiny_bank["tiny-duty-single"]], {})
    old.question_ids = [qid for qid in old.question_ids if qid != "tiny-duty-single"]
    resumed = flow.resume(smaller, person, old)
    assert isinstance(resumed, flow.Resumed)
    assert resumed.session.is_complete and old.status == "abandoned"
    assert resumed.notice is not None and "removed from the bank" in resumed.notice.message
    person.close()


def test_a_damaged_attempt_is_shown_not_overwritten(tiny_bank: Bank, person: OpenProfile) -> None:
    """The current attempt's file cannot be read: `Damaged`, naming that file."""
    old = unfinished(tiny_bank, person, "quick")
    path = person.attempt_path(old.id)
    path.write_text("broken = [", encoding="utf-8")
    for beginning in (start(tiny_bank, person, "full"), flow.resume_current(tiny_bank, person)):
        assert isinstance(beginning, flow.Damaged)
        assert beginning.problem.file == str(path)
    assert path.read_text(encoding="utf-8") == "broken = ["
    person.close()


# ---------------------------------------------------------------- asking


@pytest.mark.parametrize(
    ("mode", "question_id", "counter"),
    [
        ("quick", None, "Question 1 of 10"),
        ("fit", None, "Question 1 · more only until the verdict is sure"),
        ("full", "tiny-duty-rating", "About you 1 · more only until the verdict is sure"),
        ("full", "tiny-skill-rating", "Readiness 1 of 1"),
    ],
)
def test_an_adaptive_question_is_never_called_the_last(
    tiny_bank: Bank, person: OpenProfile, mode: str, question_id: str | None, counter: str
) -> None:
    """Fit items come one at a time until the verdict is sure: their counter has no total."""
    beginning = start(tiny_bank, person, mode)
    assert isinstance(beginning, flow.Started)
    session = beginning.session
    question = tiny_bank[question_id] if question_id else session.current()
    assert question is not None
    assert flow.counter_words(session, question).startswith(counter)
    person.close()


def test_a_full_assessment_counts_each_part_by_itself(tiny_bank: Bank, person: OpenProfile) -> None:
    """Knowledge and readiness are counted apart ("Knowledge 2 of 5", "Readiness 1 of 1"), in the
    order asked, and the fit part has no total."""
    beginning = start(tiny_bank, person, "full")
    assert isinstance(beginning, flow.Started)
    session = beginning.session
    said = [flow.counter_words(session, tiny_bank[qid]) for qid in session.question_ids]
    knowledge = [words for words in said if words.startswith("Knowledge ")]
    readiness = [words for words in said if words.startswith("Readiness ")]
    about = [words for words in said if words.startswith("About you ")]
    assert knowledge == [f"Knowledge {n} of {len(knowledge)}" for n in range(1, len(knowledge) + 1)]
    assert readiness == [f"Readiness {n} of {len(readiness)}" for n in range(1, len(readiness) + 1)]
    assert about == ["About you 1 · more only until the verdict is sure"]
    assert len(knowledge) + len(readiness) + len(about) == len(said)
    person.close()


@pytest.mark.parametrize("side", ["engineer", "developer"])
def test_the_menu_gives_the_real_range_of_a_full_assessment(person: OpenProfile, side: str) -> None:
    """A full assessment on the real bank, every fit answer at one end: it ends at the fewest
    questions the menu names; the most is every readiness item, 20 knowledge and the cap."""
    from quizapp.core.bank import FitQuestion, is_graded
    from quizapp.core.fitmode import ADAPTIVE_CAP
    from quizapp.core.loader import load_checked_bank
    from quizapp.core.session import FULL_SIZE

    bank = load_checked_bank(REPO / "questions", REPO / "seeds")
    readiness = sum(q.kind == "readiness" for q in bank.questions)
    low, high = flow.full_range(bank)
    assert high == FULL_SIZE + readiness + ADAPTIVE_CAP
    other = "developer" if side == "engineer" else "engineer"
    beginning = start(bank, person, "full")
    assert isinstance(beginning, flow.Started)
    session = beginning.session
    while (question := session.current()) is not None:
        if isinstance(question, FitQuestion):
            options = question.options
            pick = max(
                range(len(options)),
                key=lambda i: getattr(options[i], side) - getattr(options[i], other),
            )
            session.record(pick)
        elif is_graded(question):
            session.record(wrong_response(question))
        else:
            session.record(0)
    assert session.total == low
    assert f"Full assessment: {low} to {high} questions" in [
        entry.label for entry in flow.home_menu(person, bank, NOW)
    ]
    person.close()


@pytest.mark.parametrize(
    ("question_id", "words"),
    [
        ("tiny-duty-role", "Which role do the documents give this to?"),
        ("tiny-duty-true-false", "True or false?"),
        ("tiny-duty-rating", "No right answer: pick what you would enjoy"),
        ("tiny-skill-rating", "No right answer: how ready are you?"),
        ("tiny-duty-single", None),
        ("tiny-duty-multi", None),
    ],
)
def test_statements_say_their_question(
    tiny_bank: Bank, question_id: str, words: str | None
) -> None:
    """A role or true/false prompt is a statement: its question is said too, in every face."""
    said = flow.question_words(tiny_bank[question_id])
    assert (said is None) if words is None else (said is not None and said.startswith(words))


# ---------------------------------------------------------------- what an answer teaches

MULTI = MultiQuestion(
    id="m",
    kind="multi",
    topic="duties",
    area="databases",
    prompt="Which of these speed up a database? Select all that apply.",
    choices=["Indexes", "Pools", "No backups", "One text field"],
    answers=[0, 1],
    why_wrong={
        "2": "Backups cost little and save everything.",
        "3": "It makes every query slower.",
    },
    explanation="Indexes and pools speed it up.",
    source=Source(doc=DOCUMENTS[1], quote="optimizing database performance"),
    beyond="Connection pools are common practice, not named in the documents.",
)
SINGLE = SingleQuestion(
    id="s",
    kind="single",
    topic="duties",
    area="apis",
    prompt="Who uses what backend engineers create?",
    choices=["Front-end team", "Only DBAs", "Search engines"],
    answer=0,
    why_wrong={"1": "The document does not mention database administrators."},
    explanation="The front-end team uses it.",
    source=Source(doc=DOCUMENTS[0], quote="used by the members of the front-end team"),
)
ROLE = RoleQuestion(
    id="r",
    kind="role",
    topic="duties",
    area="databases",
    prompt="Keeping up the central database.",
    answer="both",
    explanation="Both, with another emphasis in each document.",
    source=Source(doc=DOCUMENTS[0], quote="their major objective is to create"),
    role_sources=RoleSources(
        engineer=Source(doc=DOCUMENTS[1], quote="optimizing database performance"),
        developer=Source(doc=DOCUMENTS[0], quote="their major objective is to create"),
    ),
)


@pytest.mark.parametrize(
    ("question", "response", "correct", "credit", "outcome", "expected", "absent"),
    [
        pytest.param(
            SINGLE,
            0,
            True,
            1.0,
            "right",
            ["Right.", "The answer is: Front-end team", "Source: the first document"],
            ["You answered", "Why not yours"],
            id="single-right",
        ),
        pytest.param(
            SINGLE,
            1,
            False,
            0.0,
            "wrong",
            [
                "Not quite.",
                "You answered: Only DBAs",
                "The right answer: Front-end team",
                "Why not yours: The document does not mention database administrators.",
            ],
            ["Partly"],
            id="single-wrong-with-a-note",
        ),
        pytest.param(
            SINGLE,
            2,
            False,
            0.0,
            "wrong",
            ["You answered: Search engines", "The right answer: Front-end team"],
            ["Why not yours"],
            id="single-wrong-without-a-note",
        ),
        pytest.param(
            MULTI,
            [0, 2],
            False,
            0.5,
            "partly",
            [
                "Partly right: 2 of 4 choices right.",
                "You answered: Indexes; No backups",
                "The right answer: Indexes; Pools",
                "Why not yours:",
                "- “No backups” (you ticked it): Backups cost little and save everything.",
                "- “Pools” (you left it out): it is one of the right answers.",
                "Beyond the documents: Connection pools are common practice",
            ],
            ["One text field"],
            id="multi-partly-right",
        ),
        pytest.param(
            ROLE,
            "engineer",
            False,
            0.0,
            "wrong",
            [
                "You answered: Backend engineer",
                "The right answer: Both",
                "Source: the first document",
                "For backend engineers: the second document",
            ],
            ["For backend developers"],  # its passage is the one cited above
            id="role-with-a-passage-per-role",
        ),
    ],
)
def test_every_answer_teaches(
    question: object,
    response: object,
    correct: bool,
    credit: float,
    outcome: str,
    expected: list[str],
    absent: list[str],
) -> None:
    """You answered, the right answer, why not yours (each choice got wrong), beyond the documents,
    the source: one function, so every face says the same."""
    teaching = flow.teach(
        question,  # type: ignore[arg-type]
        answer("q", response, correct, credit),
        documents=DOCUMENTS,
    )
    assert teaching.outcome == outcome
    text = teaching.text()
    for words in expected:
        assert words in text
    for words in absent:
        assert words not in text
    assert teaching.lines[0].kind == "verdict"


def test_select_all_notes_follow_the_order_shown() -> None:
    """The right answer and the notes list the choices as this person saw them."""
    teaching = flow.teach(
        MULTI, answer("m", [3, 2], False, 0.5), documents=DOCUMENTS, order=[3, 1, 2, 0]
    )
    text = teaching.text()
    assert "The right answer: Pools; Indexes" in text
    assert text.index("“One text field”") < text.index("“Pools”") < text.index("“No backups”")


def test_held_back_feedback_says_only_that_it_is_saved() -> None:
    """A class quiz that marks at its end: nothing about right or wrong, no source yet."""
    teaching = flow.teach(SINGLE, answer("s", 1, False, 0.0), documents=DOCUMENTS, held_back=True)
    assert teaching.outcome == "held_back"
    assert teaching.text().startswith("Answer saved (not marked yet).")
    assert "right answer" not in teaching.text() and "Source" not in teaching.text()


def test_an_answer_about_you_is_noted(tiny_bank: Bank) -> None:
    """A fit answer: noted, not scored, why it matters, its source."""
    question = tiny_bank["tiny-duty-rating"]
    teaching = flow.teach(question, answer(question.id, 0, None, 0.0), documents=DOCUMENTS)
    assert teaching.outcome == "noted"
    assert "Not scored: it helps decide which path fits you." in teaching.text()


# ---------------------------------------------------------------- the class clock


def timed(limit_minutes: int | None) -> Attempt:
    """A class attempt started at NOW with this limit."""
    attempt = Attempt(id="x", mode="pack", seed=1, started=NOW, question_ids=[])
    attempt.pack_id = "week-3"
    attempt.time_limit_seconds = limit_minutes * 60 if limit_minutes else None
    return attempt


@pytest.mark.parametrize(
    ("limit", "ended_after", "extra", "now_after", "state", "left", "corner"),
    [
        (None, None, 0, 30, "open", None, ""),
        (10, None, 0, 5, "open", 300, "Time left 05:00"),
        (10, None, 0, 10, "time_up", 0, "Time is up"),
        (10, None, 5, 12, "open", 180, "Time left 03:00"),
        (10, 3, 0, 4, "ended", 0, "Quiz ended"),
        (None, 3, 0, 2, "open", 60, "Time left 01:00"),
        (2, 3, 0, 4, "time_up", 0, "Time is up"),  # the limit came first
    ],
)
def test_the_class_clock(
    limit: int | None,
    ended_after: int | None,
    extra: int,
    now_after: int,
    state: str,
    left: int | None,
    corner: str,
) -> None:
    """Its limit plus extra time, or the teacher's end, whichever comes first; said in words."""
    from quizapp.core.classcontrol import StudentControl

    controls = PackControl(
        ended=NOW + timedelta(minutes=ended_after) if ended_after is not None else None,
        students={"ada": StudentControl(extra_minutes=extra)} if extra else {},
    )
    clock = flow.class_clock(timed(limit), controls, "ada", NOW + timedelta(minutes=now_after))
    assert (clock.state, clock.seconds_left, clock.corner) == (state, left, corner)
    assert clock.over is (state != "open")


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ("time_up", "Time is up: your answers are saved."),
        ("ended", "Your teacher ended the quiz: your answers are saved."),
    ],
)
def test_closing_for_time(tiny_bank: Bank, person: OpenProfile, state: str, message: str) -> None:
    """The attempt is closed (timed out, answers kept) and the person is told why."""
    beginning = start(tiny_bank, person, "quick")
    assert isinstance(beginning, flow.Started)
    notice = flow.close_for_time(beginning.session, flow.ClassClock(state))  # type: ignore[arg-type]
    assert notice.message == message
    assert beginning.session.attempt.status == "timed_out"
    person.close()


# ---------------------------------------------------------------- results


def finished(
    bank: Bank, person: OpenProfile, ids: list[str], pick: Callable[[object], object]
) -> QuizSession:
    """A quick attempt over `ids`, each answered by `pick(question)`."""
    attempt = new_attempt(
        bank, ids, "quick", seed=1, started=NOW, shuffle_questions=False, shuffle_choices=False
    )
    session = QuizSession.start(bank, person, attempt)
    while (question := session.current()) is not None:
        session.record(pick(question))  # type: ignore[arg-type]
    return session


def wrong(question: object) -> object:
    """A wrong answer to any graded tiny question."""
    return wrong_response(question)  # type: ignore[arg-type]


def test_results_of_a_knowledge_quiz(tiny_bank: Bank, person: OpenProfile) -> None:
    """Score in words, no verdict (said why), every miss with what it teaches, a review offered."""
    session = finished(tiny_bank, person, ["tiny-duty-single", "tiny-skill-single"], wrong)
    view = flow.results_view(session.attempt, tiny_bank, session.attempt.answers, DOCUMENTS)
    assert view.headline.startswith("You scored 0%: 0 of 2 right.")
    assert view.recommendation is None and view.no_verdict is not None
    assert view.offer_fit and view.offer_review
    assert [miss.prompt for miss in view.misses] == [
        tiny_bank["tiny-duty-single"].prompt,
        tiny_bank["tiny-skill-single"].prompt,
    ]
    first = view.misses[0].teaching.text()
    assert first.startswith("You answered:") and "Why not yours:" in first
    person.close()


def test_results_of_fit_answers_carry_the_verdict(tiny_bank: Bank, person: OpenProfile) -> None:
    """Answers about you only: noted, no score, and the verdict from every answer so far."""
    session = finished(tiny_bank, person, ["tiny-duty-rating", "tiny-tool-rating"], lambda _: 0)
    view = flow.results_view(session.attempt, tiny_bank, session.attempt.answers, DOCUMENTS)
    assert view.headline == "2 answers about you noted: no right or wrong here."
    assert not view.knowledge and view.recommendation is not None and view.no_verdict is None
    assert flow.verdict_sentences(view.recommendation)[0].startswith("No verdict yet")
    person.close()


@pytest.mark.parametrize(
    ("answered", "status", "headline", "pass_words"),
    [
        (3, "finished", "You scored 0%: 0 of 3 right.", "Not passed (pass mark 50%)."),
        (1, "timed_out", "You scored 0%: 0 of 3 right (time ran out).", "Not passed"),
        (0, "timed_out", "You scored 0%: 0 of 3 right (time ran out).", "Not passed"),
    ],
)
def test_results_of_a_class_quiz(
    tiny_bank: Bank,
    person: OpenProfile,
    answered: int,
    status: str,
    headline: str,
    pass_words: str,
) -> None:
    """A class quiz: its pass mark in words, unanswered questions counted once it closed, no
    verdict, no path or review offered."""
    ids = ["tiny-duty-single", "tiny-duty-true-false", "tiny-duty-role"]
    attempt = new_attempt(tiny_bank, ids, "pack", seed=1, started=NOW, shuffle_questions=False)
    attempt.pack_id, attempt.pass_mark = "week-3", 0.5
    session = QuizSession.start(tiny_bank, person, attempt)
    for _ in range(answered):
        question = session.current()
        assert question is not None
        session.record(wrong(question))  # type: ignore[arg-type]
    if status == "timed_out":
        session.close("timed_out")
    view = flow.results_view(attempt, tiny_bank, attempt.answers, DOCUMENTS)
    assert view.headline.startswith(headline)
    assert view.pass_words is not None and view.pass_words.startswith(pass_words)
    assert view.class_quiz and view.recommendation is None and view.no_verdict is None
    assert not view.offer_fit and not view.offer_review
    person.close()


# ---------------------------------------------------------------- the home menu and the path


def test_the_menu_names_every_mode_in_words(tiny_bank: Bank, person: OpenProfile) -> None:
    """Resume names the unfinished mode in words; every mode, the comparison and the path offered."""
    unfinished(tiny_bank, person, "fit")
    entries = flow.home_menu(person, tiny_bank, NOW)
    # An adaptive quiz has no known total: only how many are answered.
    assert entries[0].label == "Resume: Which path fits me? (0 answered)"
    assert [entry.action for entry in entries] == [
        "resume",
        "full",
        "quick",
        "fit",
        "compare",
        "topic",
        "topic",
        "topic",
        "review",
        "path",
        "switch",
    ]
    class_menu = flow.home_menu(person, tiny_bank, NOW, pack_title="Week 3", class_student=True)
    assert [entry.label for entry in class_menu] == ["Take the class quiz: Week 3"]
    person.close()


def test_marking_a_step_is_saved_or_put_back(
    tiny_bank: Bank, person: OpenProfile, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saved: said with its status. Not saved: the profile in memory is as it was."""
    from quizapp.core.paths import load_checked_catalogue

    catalogue = load_checked_catalogue(REPO / "questions", REPO / "seeds")
    assert catalogue is not None
    view = flow.path_view(person, tiny_bank, catalogue)
    item = view.steps[0]
    marked = flow.mark_step(person, item, "done")
    assert marked.saved and marked.notice.message == f"{item.step.title}: [x] done"
    assert flow.path_view(person, tiny_bank, catalogue).steps[0].status == "done"

    def full() -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(person, "save", full)
    marked = flow.mark_step(person, item, "skipped")
    assert not marked.saved and "the disk is full" in marked.notice.message
    assert person.profile.path.steps[item.step.id] == "done"
    followed = flow.follow_next_path(person)
    assert not followed.saved and person.profile.path.chosen is None
    monkeypatch.undo()
    assert flow.follow_next_path(person).notice.message == "Following the engineer path."
    person.close()


def test_the_flow_is_pure_data() -> None:
    """Outcomes are frozen values a face only reads."""
    for outcome in (flow.Notice, flow.Said, flow.Opened, flow.Started, flow.ResultsView):
        assert dataclasses.is_dataclass(outcome)
        assert outcome.__dataclass_params__.frozen  # type: ignore[attr-defined]


def test_a_knowledge_quiz_left_before_any_answer(tiny_bank: Bank, person: OpenProfile) -> None:
    """Left at once: it says nothing was answered, not "0 answers about you noted"."""
    old = unfinished(tiny_bank, person, "quick")
    QuizSession(tiny_bank, person, old).close("abandoned")
    view = flow.results_view(old, tiny_bank, [], DOCUMENTS)
    assert view.headline == "No question was answered (left unfinished)."
    assert view.knowledge and not view.misses
    person.close()
