"""`quizapp report`: the class report built from profiles that students really filled in through the core.

A class of students takes the sample pack (and a few other quizzes) through ProfileStore, plan_attempt /
new_attempt and QuizSession.record, with answers chosen by the test. The expected numbers are worked out
here from those chosen answers, never read back from the report.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import FixedClock
from responses import right_response

from quizapp.cli import main
from quizapp.core.bank import (
    TOPICS,
    AnyQuestion,
    Bank,
    FitQuestion,
    MultiQuestion,
    ReadinessQuestion,
    RoleQuestion,
    SingleQuestion,
    TrueFalseQuestion,
    is_graded,
)
from quizapp.core.loader import load_checked_bank
from quizapp.core.locations import default_questions_dir, default_seeds_dir
from quizapp.core.packs import (
    Pack,
    load_pack,
    new_pack_attempt,
    resolve_questions,
)
from quizapp.core.profile import Attempt, Response
from quizapp.core.report import ClassReport, build_report
from quizapp.core.session import QuizSession, new_attempt, plan_attempt
from quizapp.core.store import ProfileStore

REPO = Path(__file__).resolve().parents[1]
SAMPLE_PACK = REPO / "questions" / "packs" / "backend-roles-class.toml"
PROFILE_FIXTURES = REPO / "tests" / "data" / "profiles"
ATTEMPT_FIXTURES = REPO / "tests" / "data" / "report" / "attempts"

STUDENT_HEADER = [
    "student",
    "latest_percent",
    "best_percent",
    "duties_percent",
    "skills_percent",
    "tools_percent",
    "seconds",
    "status",
    "passed",
    "attempts",
    "latest_attempt",
    "best_attempt",
]
"""The student CSV's header, as `quizapp.report.write_csv` documents it."""
QUESTION_HEADER = [
    "question_id",
    "topic",
    "percent_right",
    "right",
    "answered",
    "most_common_wrong_answer",
    "wrong_count",
    "prompt",
    "counted",
    "facility",
    "discrimination",
    "upper_lower_27",
    "random_guess",
    "choices",
    "flags",
]
"""The `<stem>-questions.csv` header."""
ROLE_WORDS = {"engineer": "Backend engineer", "developer": "Backend developer", "both": "Both"}


# ---------------------------------------------------------------- answering through the core


class Clock:
    """A UTC wall clock the test sets (the store stamps attempts and answers with it)."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


class Ticker:
    """A monotonic clock for QuizSession: the test moves it to decide how long each answer took."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def wrong_responses(question: AnyQuestion) -> list[Response]:
    """Every distinct wrong answer worth giving, in a fixed order ([] for a self-rating)."""
    if isinstance(question, SingleQuestion):
        return [index for index in range(len(question.choices)) if index != question.answer]
    if isinstance(question, MultiQuestion):
        missing_one = sorted(question.answers)[:-1]
        extra = [index for index in range(len(question.choices)) if index not in question.answers]
        return [missing_one, sorted([*question.answers, extra[0]])]
    if isinstance(question, TrueFalseQuestion):
        return [not question.answer]
    if isinstance(question, RoleQuestion):
        return [role for role in ROLE_WORDS if role != question.answer]
    return []


def intended(question: AnyQuestion, response: Response) -> bool | None:
    """Whether the test meant `response` to be right (None for a self-rating)."""
    if isinstance(question, FitQuestion | ReadinessQuestion):
        return None
    if isinstance(question, MultiQuestion):
        return sorted(set(response)) == sorted(question.answers)  # type: ignore[arg-type]
    return response == question.answer


def in_words(question: AnyQuestion, response: Response) -> str:
    """How a teacher should read an answer: the choice's text, never its index."""
    if isinstance(question, SingleQuestion):
        return question.choices[response]  # type: ignore[index]
    if isinstance(question, MultiQuestion):
        return "; ".join(question.choices[index] for index in sorted(response))  # type: ignore[union-attr]
    if isinstance(question, TrueFalseQuestion):
        return "True" if response else "False"
    if isinstance(question, RoleQuestion):
        return ROLE_WORDS[response]  # type: ignore[index]
    raise AssertionError("self-ratings are not graded")


@dataclass
class Given:
    """One answer as the test gave it."""

    question: AnyQuestion
    response: Response
    correct: bool | None
    seconds: float


@dataclass
class Taken:
    """One attempt as the test took it, with the figures the report must show for it."""

    student: str
    attempt_id: str
    pack_id: str | None
    status: str
    given: list[Given] = field(default_factory=list)
    asked: int = 0
    """Graded questions in the attempt, answered or not."""
    graded_ids: list[str] = field(default_factory=list)
    """Those questions' ids."""
    has_pass_mark: bool = False
    """Whether the attempt has a pass mark (a class pack)."""

    @property
    def graded(self) -> list[Given]:
        """Answers with a right or wrong."""
        return [item for item in self.given if item.correct is not None]

    @property
    def right(self) -> int:
        """Right answers."""
        return sum(1 for item in self.graded if item.correct)

    @property
    def out_of(self) -> int:
        """What the score is out of: once a pass-mark quiz ends, unanswered questions count as wrong."""
        if self.has_pass_mark and self.status != "active":
            return self.asked
        return len(self.graded)

    @property
    def percent(self) -> int:
        """Right answers as a whole percentage of what the score is out of."""
        return round(100 * self.right / self.out_of) if self.out_of else 0

    @property
    def by_topic(self) -> dict[str, int]:
        """Topic -> percent right, for topics answered."""
        totals: Counter[str] = Counter(item.question.topic for item in self.graded)
        rights: Counter[str] = Counter(item.question.topic for item in self.graded if item.correct)
        return {topic: round(100 * rights[topic] / totals[topic]) for topic in totals}

    @property
    def seconds(self) -> float:
        """Time spent answering."""
        return sum(item.seconds for item in self.given)


Plan = Callable[[int, AnyQuestion], Response]
"""Chooses the response to the n-th question asked (0-based)."""


def all_right(_: int, question: AnyQuestion) -> Response:
    """Answer everything right."""
    return right_response(question)


def all_wrong(_: int, question: AnyQuestion) -> Response:
    """Answer every graded question wrong (a self-rating gets its first option)."""
    wrong = wrong_responses(question)
    return wrong[0] if wrong else 0


def wrong_at(positions: dict[int, int]) -> Plan:
    """Answer wrong at these positions (position -> which wrong answer), right elsewhere."""

    def plan(position: int, question: AnyQuestion) -> Response:
        if position in positions:
            return wrong_responses(question)[positions[position]]
        return right_response(question)

    return plan


def pack_attempt(bank: Bank, pack: Pack, name: str, started: datetime) -> Attempt:
    """The attempt a student gets for the sample pack, built the way the app builds it."""
    return new_pack_attempt(bank, pack, SAMPLE_PACK, name, started)


def take(
    store: ProfileStore,
    clock: Clock,
    bank: Bank,
    name: str,
    attempt: Attempt,
    plan: Plan,
    *,
    seconds_each: float,
    stop_after: int | None = None,
    abandon: bool = False,
) -> Taken:
    """Open `name`'s profile, start `attempt`, answer through QuizSession.record and close the profile."""
    ticker = Ticker()
    with store.open(name) as opened:
        started = QuizSession.start(bank, opened, attempt)
        session = QuizSession(bank, opened, started.attempt, monotonic=ticker)
        taken = Taken(name, session.attempt.id, attempt.pack_id, "active")
        taken.graded_ids = [qid for qid in session.question_ids if is_graded(bank[qid])]
        taken.asked = len(taken.graded_ids)
        taken.has_pass_mark = attempt.pass_mark is not None
        position = 0
        while not session.is_complete and (stop_after is None or position < stop_after):
            question = session.current()
            assert question is not None
            response = plan(position, question)
            session.mark_shown()
            ticker.now += seconds_each
            clock.now += timedelta(seconds=seconds_each)
            answer = session.record(response)
            assert answer.correct == intended(question, response), question.id
            taken.given.append(Given(question, response, answer.correct, seconds_each))
            position += 1
        if abandon:
            session.close("abandoned")
        taken.status = session.attempt.status
    return taken


# ---------------------------------------------------------------- the class


@dataclass
class ClassData:
    """A class's profiles folder and what each student did, oldest attempt first."""

    folder: Path
    bank: Bank
    pack: Pack
    taken: dict[str, list[Taken]]
    tricky: AnyQuestion
    """A pack question two students got wrong the same way and one another way."""


@pytest.fixture(scope="module")
def bank() -> Bank:
    """The real question bank."""
    return load_checked_bank(default_questions_dir(), default_seeds_dir())


@pytest.fixture(scope="module")
def pack(bank: Bank) -> Pack:
    """The sample classroom pack."""
    loaded, problems = load_pack(SAMPLE_PACK, bank)
    assert loaded is not None, problems
    return loaded


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A UTC time in November 2026."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


REPORT_AT = at(21, 11, 10)
"""When the teacher reads the class report: cara's quiz (started 11:00, 15 minutes) is still open."""


@pytest.fixture(scope="module")
def klass(tmp_path_factory: pytest.TempPathFactory, bank: Bank, pack: Pack) -> ClassData:
    """Four students: three took the sample pack (one three times, one unfinished), one only a quick quiz."""
    folder = tmp_path_factory.mktemp("class") / "profiles"
    clock = Clock()
    store = ProfileStore(folder, clock=clock)
    order = resolve_questions(pack, bank)
    # The tricky question: among the first 5 asked (so unfinished Cara answers it), with two wrong answers.
    candidates = [qid for qid in order[:5] if len(wrong_responses(bank[qid])) >= 2]
    assert candidates, "the pack's first 5 questions need one with two distinct wrong answers"
    tricky_at = order.index(
        min(candidates, key=lambda qid: not isinstance(bank[qid], SingleQuestion))
    )
    other = next(position for position in range(5) if position != tricky_at)
    later = [position for position in range(5, len(order)) if position != tricky_at]
    taken: dict[str, list[Taken]] = {}

    def pack_run(
        name: str, when: datetime, plan: Plan, seconds: float, stop_after: int | None = None
    ) -> Taken:
        clock.now = when
        attempt = pack_attempt(bank, pack, name, when)
        return take(
            store, clock, bank, name, attempt, plan, seconds_each=seconds, stop_after=stop_after
        )

    def quick_run(
        name: str, when: datetime, plan: Plan, seconds: float, stop_after: int | None = None
    ) -> Taken:
        clock.now = when
        with store.open(name) as opened:
            attempt = plan_attempt(bank, opened.profile, "quick", seed=7, now=when)
        return take(
            store,
            clock,
            bank,
            name,
            attempt,
            plan,
            seconds_each=seconds,
            stop_after=stop_after,
            abandon=stop_after == 0,
        )

    # Ada took the pack three times: about half right (the tricky one her own way), all right,
    # then 3 wrong (the tricky one her own way again). The question table reads first attempts.
    taken["Ada Lovelace"] = [
        pack_run(
            "Ada Lovelace",
            at(19, 15),
            wrong_at({p: 0 for p in range(0, 12, 2)} | {tricky_at: 1}),
            12,
        ),
        pack_run("Ada Lovelace", at(20, 9), all_right, 10),
        pack_run("Ada Lovelace", at(21, 9), wrong_at({tricky_at: 1, later[0]: 0, later[3]: 0}), 20),
    ]
    # Ben abandoned a quick quiz before answering (not counted), then took the pack with 6 wrong.
    taken["Ben"] = [
        quick_run("Ben", at(21, 9, 30), all_right, 5, stop_after=0),
        pack_run("Ben", at(21, 10), wrong_at({tricky_at: 0} | {p: 0 for p in later[:5]}), 15),
    ]
    # cara finished a quick quiz all right, then left the pack after 5 answers, 2 of them wrong.
    taken["cara"] = [
        quick_run("cara", at(19, 9), all_right, 5),
        pack_run("cara", at(21, 11), wrong_at({tricky_at: 0, other: 0}), 30, stop_after=5),
    ]
    # Dan only took a quick quiz, all wrong.
    taken["Dan"] = [quick_run("Dan", at(21, 12), all_wrong, 8)]
    return ClassData(folder, bank, pack, taken, bank[order[tricky_at]])


def counted(data: ClassData, pack_id: str | None) -> dict[str, list[Taken]]:
    """Each student's attempts the report counts: of the pack when filtered, never empty abandoned ones."""
    kept: dict[str, list[Taken]] = {}
    for name, attempts in data.taken.items():
        rows = [
            attempt
            for attempt in attempts
            if (pack_id is None or attempt.pack_id == pack_id)
            and not (attempt.status == "abandoned" and not attempt.given)
        ]
        if rows:
            kept[name] = rows
    return kept


@dataclass
class ExpectedQuestion:
    """How the class did on one question, from each student's first attempt."""

    answered: int = 0
    asked: int = 0
    right: int = 0
    wrong: Counter[str] = field(default_factory=Counter)


def expected_questions(data: ClassData, pack_id: str | None) -> dict[str, ExpectedQuestion]:
    """Question id -> expected tallies, each student counted once per question: from their first
    attempt that asked it (a question an ended attempt left unanswered counts as asked, wrong)."""
    rows: dict[str, ExpectedQuestion] = {}
    for attempts in counted(data, pack_id).values():
        seen: set[str] = set()
        for attempt in attempts:
            given = {item.question.id: item for item in attempt.graded}
            counts = attempt.graded_ids if attempt.status != "active" else list(given)
            for question_id in counts:
                if question_id in seen:
                    continue
                seen.add(question_id)
                row = rows.setdefault(question_id, ExpectedQuestion())
                row.asked += 1
                item = given.get(question_id)
                if item is None:
                    continue
                row.answered += 1
                if item.correct:
                    row.right += 1
                else:
                    row.wrong[in_words(item.question, item.response)] += 1
    return rows


def snapshot(folder: Path) -> dict[str, tuple[bytes | None, int]]:
    """Every file and folder under `folder` (itself included): bytes (None for a folder) and mtime in ns."""
    entries = {".": (None, folder.stat().st_mtime_ns)}
    for path in sorted(folder.rglob("*")):
        entries[str(path.relative_to(folder))] = (
            None if path.is_dir() else path.read_bytes(),
            path.stat().st_mtime_ns,
        )
    return entries


@pytest.fixture(autouse=True)
def _no_real_profiles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the user's real profiles folder."""
    monkeypatch.setenv("QUIZAPP_PROFILES", str(tmp_path / "user-profiles"))


@pytest.fixture
def class_copy(klass: ClassData, tmp_path: Path) -> ClassData:
    """A private copy of the class folder, for tests that plant broken files in it."""
    folder = tmp_path / "profiles"
    shutil.copytree(klass.folder, folder)
    return ClassData(folder, klass.bank, klass.pack, klass.taken, klass.tricky)


FILTERS = [
    pytest.param(None, id="all-attempts"),
    pytest.param("backend-roles-class", id="pack-only"),
]


# ---------------------------------------------------------------- per student


@pytest.mark.parametrize("pack_id", FILTERS)
def test_student_rows_show_latest_and_best_scores_topics_time_and_status(
    klass: ClassData, pack_id: str | None
) -> None:
    """Each student's row has the latest and best scores, per-topic scores, time and status of their answers."""
    report = build_report(klass.folder, klass.bank, pack_id, now=REPORT_AT)
    expected = counted(klass, pack_id)
    assert [row.name for row in report.students] == sorted(expected, key=str.casefold)
    for row in report.students:
        attempts = expected[row.name]
        latest = attempts[-1]
        best = max(attempts, key=lambda attempt: attempt.percent)
        assert sum(1 for a in attempts if a.percent == best.percent) == 1, (
            "the scenario has no ties"
        )
        assert row.attempts == len(attempts)
        assert (row.latest.attempt_id, row.best.attempt_id) == (latest.attempt_id, best.attempt_id)
        assert (row.latest.percent, row.best.percent) == (latest.percent, best.percent)
        assert (row.latest.right, row.latest.graded) == (latest.right, latest.out_of)
        assert row.latest.by_topic == latest.by_topic
        assert row.best.by_topic == best.by_topic
        assert row.latest.seconds == pytest.approx(latest.seconds)
        assert row.latest.status == latest.status
        if latest.pack_id is None or latest.status == "active":
            assert row.latest.passed is None  # no verdict while the attempt is open
        else:
            assert row.latest.passed == (latest.percent >= klass.pack.pass_percent)


def test_the_scenario_covers_finished_unfinished_and_improved(klass: ClassData) -> None:
    """The class really holds a repeat taker, a pass, a fail and an unfinished attempt (guards the fixture)."""
    report = build_report(klass.folder, klass.bank, klass.pack.id, now=REPORT_AT)
    rows = {row.name: row for row in report.students}
    assert rows["Ada Lovelace"].best.percent > rows["Ada Lovelace"].latest.percent
    assert rows["Ada Lovelace"].latest.passed is True
    assert rows["Ben"].latest.passed is False
    assert rows["cara"].latest.status == "active"
    assert {row.latest.status for row in report.students} == {"finished", "active"}


@pytest.mark.parametrize(
    ("pack_id", "names", "cara_attempts"),
    [
        pytest.param(None, ["Ada Lovelace", "Ben", "cara", "Dan"], 2, id="all-attempts"),
        pytest.param("backend-roles-class", ["Ada Lovelace", "Ben", "cara"], 1, id="pack-only"),
        pytest.param("some-other-pack", [], 0, id="unknown-pack"),
    ],
)
def test_pack_filter_counts_only_that_packs_attempts(
    klass: ClassData, pack_id: str | None, names: list[str], cara_attempts: int
) -> None:
    """--pack keeps only attempts of that pack: students without one drop out, others lose other modes."""
    report = build_report(klass.folder, klass.bank, pack_id, now=REPORT_AT)
    assert [row.name for row in report.students] == names
    assert report.pack_id == pack_id
    rows = {row.name: row for row in report.students}
    if cara_attempts:
        assert rows["cara"].attempts == cara_attempts
    if pack_id is not None:
        assert all(row.latest.attempt_id.endswith("-pack") for row in report.students)
        assert all(row.best.attempt_id.endswith("-pack") for row in report.students)
    if not names:
        assert report.questions == []


@pytest.mark.parametrize(
    "ending",
    [
        pytest.param(
            "active",
            id="still-open",
        ),
        pytest.param(
            "timed_out",
            id="timed-out",
        ),
    ],
)
def test_two_right_answers_out_of_twelve_do_not_pass_the_pack(
    tmp_path: Path, bank: Bank, pack: Pack, ending: str
) -> None:
    """A pack attempt left after 2 of 12 questions (both right) is not reported as a pass."""
    clock = Clock()
    clock.now = at(22, 8)
    store = ProfileStore(tmp_path / "profiles", clock=clock)
    attempt = pack_attempt(bank, pack, "Finn", at(22, 8))
    taken = take(store, clock, bank, "Finn", attempt, all_right, seconds_each=5, stop_after=2)
    if ending == "timed_out":
        with store.open("Finn") as opened:
            current = opened.current_attempt()
            assert current is not None
            QuizSession(bank, opened, current).close("timed_out")
    row = build_report(store.folder, bank, pack.id, now=clock.now).students[0]
    assert (row.latest.status, row.latest.right, len(attempt.question_ids)) == (ending, 2, 12)
    assert taken.percent == 100
    assert row.latest.passed is not True


# ---------------------------------------------------------------- per question


@pytest.mark.parametrize("pack_id", FILTERS)
def test_question_rows_hardest_first_with_common_wrong_answer_in_words(
    klass: ClassData, pack_id: str | None
) -> None:
    """Per question: answered, right, % right and the most common wrong answer in words, hardest first."""
    report = build_report(klass.folder, klass.bank, pack_id, now=REPORT_AT)
    expected = expected_questions(klass, pack_id)
    assert sorted(row.question_id for row in report.questions) == sorted(expected)
    for row in report.questions:
        want = expected[row.question_id]
        question = klass.bank[row.question_id]
        assert (row.answered, row.asked, row.right) == (want.answered, want.asked, want.right)
        assert row.percent_right == round(100 * want.right / want.asked), row.question_id
        assert (row.topic, row.prompt) == (question.topic, question.prompt)
        if want.wrong:
            top = max(want.wrong.values())
            assert row.common_wrong in {text for text, n in want.wrong.items() if n == top}
            assert row.common_wrong_count == top
        else:
            assert (row.common_wrong, row.common_wrong_count) == ("", 0)
    percents = [row.percent_right for row in report.questions]
    assert percents == sorted(percents), "hardest (lowest % right) first"


def test_tricky_question_names_the_shared_wrong_answer_not_its_index(klass: ClassData) -> None:
    """Two students gave the same wrong answer, one another: the report names the shared one, in words
    (from first attempts: Ada's retakes are left out)."""
    report = build_report(klass.folder, klass.bank, klass.pack.id, now=REPORT_AT)
    tricky = klass.tricky
    row = next(row for row in report.questions if row.question_id == tricky.id)
    shared = wrong_responses(tricky)[0]
    assert (row.answered, row.right, row.percent_right) == (3, 0, 0)
    assert row.common_wrong == in_words(tricky, shared)
    assert row.common_wrong != str(shared)
    assert row.common_wrong_count == 2
    assert report.questions[0].percent_right == 0


# ---------------------------------------------------------------- broken files


BROKEN_PROFILES = [
    pytest.param("invalid_toml", "not valid TOML", id="profile-invalid-toml"),
    pytest.param("not_utf8", "not UTF-8", id="profile-not-utf8"),
    pytest.param("wrong_schema", "does not match the profile format", id="profile-wrong-schema"),
    pytest.param("newer_schema_version", "written by a newer quizapp", id="profile-newer-version"),
]
BROKEN_ATTEMPTS = [
    pytest.param("torn_write", "not valid TOML", id="attempt-torn-write"),
    pytest.param("not_utf8", "not UTF-8", id="attempt-not-utf8"),
    pytest.param("missing_started", "does not match the profile format", id="attempt-no-started"),
    pytest.param("newer_schema_version", "written by a newer quizapp", id="attempt-newer-version"),
]


def plant_profile(data: ClassData, fixture: str) -> Path:
    """Add a student folder whose profile.toml is a broken fixture; return that file."""
    target = data.folder / "broken" / "profile.toml"
    target.parent.mkdir()
    shutil.copyfile(PROFILE_FIXTURES / fixture / "profile.toml", target)
    return target


def plant_attempt(data: ClassData, fixture: str, student: str = "ben") -> Path:
    """Add a broken attempt file (the newest) to a student's attempts; return it."""
    target = data.folder / student / "attempts" / "20261121T235900Z-pack.toml"
    shutil.copyfile(ATTEMPT_FIXTURES / f"{fixture}.toml", target)
    return target


@pytest.mark.parametrize(("fixture", "reason"), BROKEN_PROFILES)
def test_corrupt_profile_is_skipped_with_reason_and_report_completes(
    class_copy: ClassData, fixture: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A broken profile.toml is listed as skipped with why; everyone else is still reported."""
    planted = plant_profile(class_copy, fixture)
    report = build_report(class_copy.folder, class_copy.bank, now=REPORT_AT)
    assert [file for file, _ in report.skipped] == [str(planted)]
    assert reason in report.skipped[0][1]
    assert [row.name for row in report.students] == sorted(class_copy.taken, key=str.casefold)
    code = main(["report", str(class_copy.folder), "--at", REPORT_AT.isoformat()])
    out, err = capsys.readouterr()
    assert code == 0
    assert "Traceback" not in out + err
    skipped = out.split("Skipped (could not be read; left untouched):")[1]
    assert f"{planted}: " in skipped and reason in skipped


@pytest.mark.parametrize(("fixture", "reason"), BROKEN_ATTEMPTS)
@pytest.mark.parametrize("pack_id", FILTERS)
def test_corrupt_attempt_is_skipped_with_reason_and_report_completes(
    class_copy: ClassData,
    fixture: str,
    reason: str,
    pack_id: str | None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A broken attempt file is listed as skipped with why (filtered or not); the student's good attempts still count."""
    planted = plant_attempt(class_copy, fixture)
    report = build_report(class_copy.folder, class_copy.bank, pack_id, now=REPORT_AT)
    assert [file for file, _ in report.skipped] == [str(planted)]
    assert reason in report.skipped[0][1]
    ben = next(row for row in report.students if row.name == "Ben")
    assert ben.latest.attempt_id == counted(class_copy, pack_id)["Ben"][-1].attempt_id
    argv = ["report", str(class_copy.folder), "--at", REPORT_AT.isoformat()]
    argv += ["--pack", pack_id] if pack_id else []
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 0
    assert "Traceback" not in out + err
    assert f"{planted}: " in out.split("Skipped")[1]


@pytest.mark.parametrize(
    ("kind", "fixture", "field_name"),
    [
        pytest.param(
            "attempt",
            "missing_started",
            "started",
            id="attempt-missing-started",
        ),
        pytest.param(
            "profile",
            "wrong_schema",
            "answers_total",
            id="profile-wrong-answers-total",
        ),
        pytest.param("attempt", "torn_write", "line 10", id="attempt-torn-write-line"),
    ],
)
def test_skipped_reason_says_where_the_file_is_wrong(
    class_copy: ClassData, kind: str, fixture: str, field_name: str
) -> None:
    """A skipped file's reason says where it is wrong (the field or line), so the teacher can fix it."""
    if kind == "attempt":
        plant_attempt(class_copy, fixture)
    else:
        plant_profile(class_copy, fixture)
    report = build_report(class_copy.folder, class_copy.bank, now=REPORT_AT)
    assert len(report.skipped) == 1
    assert field_name in report.skipped[0][1]


def test_report_never_writes_to_the_profiles_folder(
    class_copy: ClassData, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The report (with CSV and JSON out) changes no byte or mtime in the profiles folder and adds no file."""
    plant_profile(class_copy, "invalid_toml")
    plant_attempt(class_copy, "torn_write")
    plant_attempt(class_copy, "newer_schema_version", student="dan")
    holder = ProfileStore(class_copy.folder).open("cara", create=False)  # cara is mid-quiz
    try:
        before = snapshot(class_copy.folder)
        for pack_id in (None, class_copy.pack.id):
            argv = ["report", str(class_copy.folder), "--csv", str(tmp_path / "out.csv")]
            argv += ["--at", REPORT_AT.isoformat()]
            argv += ["--json", str(tmp_path / "out.json")]
            argv += ["--pack", pack_id] if pack_id else []
            assert main(argv) == 0
            build_report(class_copy.folder, class_copy.bank, pack_id, now=REPORT_AT)
        after = snapshot(class_copy.folder)
    finally:
        holder.close()
    capsys.readouterr()
    assert sorted(after) == sorted(before), "no file added or removed"
    changed = [path for path in before if before[path] != after[path]]
    assert changed == []


def test_latest_is_the_second_attempt_started_in_the_same_second(
    tmp_path: Path, bank: Bank, pack: Pack
) -> None:
    """Two pack attempts started in the same second: the one started second is the latest."""
    clock = Clock()
    clock.now = at(22, 8)
    store = ProfileStore(tmp_path / "profiles", clock=clock)
    first = take(
        store,
        clock,
        bank,
        "Eve",
        pack_attempt(bank, pack, "Eve", at(22, 8)),
        all_right,
        seconds_each=0,
    )
    second = take(
        store,
        clock,
        bank,
        "Eve",
        pack_attempt(bank, pack, "Eve", at(22, 8)),
        all_wrong,
        seconds_each=0,
    )
    assert first.attempt_id != second.attempt_id
    row = build_report(store.folder, bank).students[0]
    assert (row.latest.attempt_id, row.latest.percent) == (second.attempt_id, 0)


# ---------------------------------------------------------------- CSV, JSON and the terminal table


def run_report(
    folder: Path, out: Path, pack_id: str | None, capsys: pytest.CaptureFixture[str]
) -> tuple[str, Path, Path]:
    """Run `quizapp report` writing CSV and JSON into `out`; return stdout and the two files."""
    argv = [
        "report",
        str(folder),
        "--csv",
        str(out / "class.csv"),
        "--json",
        str(out / "class.json"),
        "--at",
        REPORT_AT.isoformat(),
    ]
    code = main(argv + (["--pack", pack_id] if pack_id else []))
    stdout, err = capsys.readouterr()
    assert code == 0, err
    assert "Traceback" not in stdout + err
    return stdout, out / "class.csv", out / "class.json"


@pytest.mark.parametrize("pack_id", FILTERS)
def test_csv_has_one_row_per_student_and_a_questions_file(
    klass: ClassData, tmp_path: Path, pack_id: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    """The CSV has the documented header and one row per student; <stem>-questions.csv one row per question."""
    stdout, students_csv, _ = run_report(klass.folder, tmp_path, pack_id, capsys)
    questions_csv = tmp_path / "class-questions.csv"
    class_csv = tmp_path / "class-class.csv"
    assert (
        f"Wrote {students_csv} (students), {questions_csv} (questions) and {class_csv} (the class)"
        in stdout
    )
    with students_csv.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == STUDENT_HEADER
    expected = counted(klass, pack_id)
    assert [row[0] for row in rows[1:]] == sorted(expected, key=str.casefold)
    for row in csv.DictReader(students_csv.open(newline="", encoding="utf-8")):
        attempts = expected[row["student"]]
        latest, best = attempts[-1], max(attempts, key=lambda attempt: attempt.percent)
        assert int(row["latest_percent"]) == latest.percent
        assert int(row["best_percent"]) == best.percent
        for topic in TOPICS:
            want = latest.by_topic.get(topic)
            assert row[f"{topic}_percent"] == ("" if want is None else str(want))
        assert float(row["seconds"]) == pytest.approx(latest.seconds)
        assert row["status"] == latest.status
        assert int(row["attempts"]) == len(attempts)
        assert (row["latest_attempt"], row["best_attempt"]) == (latest.attempt_id, best.attempt_id)
    with questions_csv.open(newline="", encoding="utf-8") as handle:
        qrows = list(csv.reader(handle))
    assert qrows[0] == QUESTION_HEADER
    want_questions = expected_questions(klass, pack_id)
    assert sorted(row[0] for row in qrows[1:]) == sorted(want_questions)
    for row in csv.DictReader(questions_csv.open(newline="", encoding="utf-8")):
        want = want_questions[row["question_id"]]
        assert (int(row["answered"]), int(row["right"])) == (want.answered, want.right)
        assert int(row["counted"]) == want.asked
        assert int(row["percent_right"]) == round(100 * want.right / want.asked)
        assert float(row["facility"]) == pytest.approx(want.right / want.asked, abs=1e-3)
        assert int(row["wrong_count"]) == (max(want.wrong.values()) if want.wrong else 0)
        assert row["prompt"] == klass.bank[row["question_id"]].prompt


@pytest.mark.parametrize("pack_id", FILTERS)
def test_json_parses_and_holds_the_same_numbers(
    klass: ClassData, tmp_path: Path, pack_id: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    """The JSON file parses and carries the same per-student and per-question numbers as the CSV."""
    _, students_csv, json_path = run_report(klass.folder, tmp_path, pack_id, capsys)
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["pack_id"] == pack_id
    assert data["folder"] == str(klass.folder)
    assert data["skipped"] == []
    expected = counted(klass, pack_id)
    csv_rows = {row["student"]: row for row in csv.DictReader(students_csv.open(newline=""))}
    assert [student["name"] for student in data["students"]] == sorted(expected, key=str.casefold)
    for student in data["students"]:
        attempts = expected[student["name"]]
        latest, best = attempts[-1], max(attempts, key=lambda attempt: attempt.percent)
        row = csv_rows[student["name"]]
        assert student["attempts"] == len(attempts) == int(row["attempts"])
        assert student["latest"]["percent"] == latest.percent == int(row["latest_percent"])
        assert student["best"]["percent"] == best.percent == int(row["best_percent"])
        assert student["latest"]["by_topic"] == latest.by_topic
        assert student["latest"]["right"] == latest.right
        assert student["latest"]["graded"] == len(latest.graded)
        assert student["latest"]["seconds"] == pytest.approx(latest.seconds)
        assert student["latest"]["status"] == latest.status == row["status"]
    want_questions = expected_questions(klass, pack_id)
    assert sorted(q["question_id"] for q in data["questions"]) == sorted(want_questions)
    for question in data["questions"]:
        want = want_questions[question["question_id"]]
        assert (question["answered"], question["right"]) == (want.answered, want.right)
        assert question["percent_right"] == round(100 * want.right / want.answered)
    percents = [question["percent_right"] for question in data["questions"]]
    assert percents == sorted(percents)


def test_json_lists_skipped_files_with_reasons(
    class_copy: ClassData, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Skipped files appear in the JSON as {file, reason}."""
    planted = plant_attempt(class_copy, "torn_write")
    _, _, json_path = run_report(class_copy.folder, tmp_path, None, capsys)
    skipped = json.loads(json_path.read_text(encoding="utf-8"))["skipped"]
    assert [entry["file"] for entry in skipped] == [str(planted)]
    assert "not valid TOML" in skipped[0]["reason"]


@pytest.mark.parametrize("pack_id", FILTERS)
def test_terminal_table_names_each_student_with_latest_and_best_score(
    klass: ClassData, tmp_path: Path, pack_id: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    """The printed table has a line per student with their name, latest and best score and time."""
    stdout, _, _ = run_report(klass.folder, tmp_path, pack_id, capsys)
    lines = stdout.splitlines()
    assert lines[0].startswith(f"Class report for {klass.folder}")
    for name, attempts in counted(klass, pack_id).items():
        latest, best = attempts[-1], max(attempts, key=lambda attempt: attempt.percent)
        line = next(line for line in lines if line.startswith(name))
        cells = line[len(name) :].split()
        assert cells[:2] == [f"{latest.percent}%", f"{best.percent}%"], line
        minutes, seconds = divmod(round(latest.seconds), 60)
        assert f"{minutes}:{seconds:02d}" in cells
        assert latest.status in line
    tricky = klass.tricky
    row = next(line for line in lines if line.strip().endswith(")") and tricky.id in line)
    assert in_words(tricky, wrong_responses(tricky)[0]) in row


def test_report_of_an_empty_folder_says_no_attempts(
    tmp_path: Path, bank: Bank, capsys: pytest.CaptureFixture[str]
) -> None:
    """A profiles folder with no attempts reports that, with exit 0."""
    folder = tmp_path / "empty"
    folder.mkdir()
    report: ClassReport = build_report(folder, bank)
    assert (report.students, report.questions, report.skipped) == ([], [], [])
    assert main(["report", str(folder)]) == 0
    assert "(no attempts found)" in capsys.readouterr().out


def test_review_attempts_are_not_counted_and_best_is_an_ended_attempt(
    tmp_path: Path, bank: Bank
) -> None:
    """Reviews of past misses are practice, not assessments; an open attempt is never 'best'."""
    clock = FixedClock(at(22, 8))
    store = ProfileStore(tmp_path / "profiles", clock=clock)
    with store.open("Wes") as person:
        finished = new_attempt(
            bank, [q.id for q in bank.questions[:2]], "quick", seed=1, started=at(22, 8)
        )
        session = QuizSession.start(bank, person, finished)
        for question_id in session.question_ids:
            question = bank[question_id]
            session.record(
                wrong_responses(question)[0] if question.kind not in ("fit", "readiness") else 0
            )
        open_one = new_attempt(
            bank, [q.id for q in bank.questions[2:6]], "quick", seed=2, started=at(22, 9)
        )
        session = QuizSession.start(bank, person, open_one)
        question = session.current()
        assert question is not None
        session.record(right_response(question))
        session.close("abandoned")
        clock.now = at(22, 10)
        review = plan_attempt(bank, person.profile, "review", seed=3, now=at(22, 10))
        session = QuizSession.start(bank, person, review)
        question = session.current()
        assert question is not None
        session.record(right_response(question))
    row = build_report(store.folder, bank).students[0]
    assert row.attempts == 2
    assert row.latest.attempt_id == open_one.id
    assert row.best.attempt_id in (finished.id, open_one.id)
    assert row.best.status != "active"


def test_report_pack_takes_the_file_as_well_as_the_id(
    klass: ClassData, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--pack questions/packs/x.toml` reports the same as `--pack x`; the summary and item
    statistics are in the text; a broken pack file is named, with exit 1 and no traceback."""
    pack_file = (
        Path(__file__).resolve().parents[1] / "questions" / "packs" / "backend-roles-class.toml"
    )
    by_id, _, _ = run_report(klass.folder, tmp_path, klass.pack.id, capsys)
    by_file, _, _ = run_report(klass.folder, tmp_path, str(pack_file), capsys)
    assert by_file == by_id
    assert "Class (first attempts):" in by_id and "noisy" in by_id
    assert "disc " in by_id and "choices: " in by_id
    broken = tmp_path / "broken.toml"
    broken.write_text('id = "x"\n', encoding="utf-8")
    code = main(["report", str(klass.folder), "--pack", str(broken)])
    out, err = capsys.readouterr()
    assert code == 1 and "broken.toml" in err and "Traceback" not in out + err
