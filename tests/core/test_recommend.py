"""The recommendation (verdict, interval, reasons from fit answers only) and the personalised path."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from quizapp.core.bank import (
    AREAS,
    AnyQuestion,
    Bank,
    FitQuestion,
    MultiQuestion,
    ReadinessQuestion,
    RoleQuestion,
    SingleQuestion,
    Source,
    TrueFalseQuestion,
    is_graded,
)
from quizapp.core.loader import Documents, load_checked_bank
from quizapp.core.locations import default_questions_dir, default_seeds_dir
from quizapp.core.paths import Catalogue, LearningPath, Project, Step, load_catalogue
from quizapp.core.profile import Answer, PathState, Response, StepMark, StepStatus
from quizapp.core.recommend import (
    EQUIVALENCE,
    MIN_FIT,
    RETIRED_SELF_RATINGS,
    PlannedStep,
    mastered,
    paths_to_show,
    plan_path,
    posterior,
    recommend,
    verdict,
)
from quizapp.core.scoring import Tally, grade

WHEN = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
SIDES = ("engineer", "developer")
_SOURCE = Source(doc="test.txt", quote="A passage from a test document.")


@pytest.fixture(scope="module")
def bank() -> Bank:
    """The real, checked question bank."""
    return load_checked_bank(default_questions_dir(), default_seeds_dir())


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    """The real learning-path catalogue."""
    loaded, problems = load_catalogue(default_questions_dir(), Documents.load(default_seeds_dir()))
    assert problems == []
    assert loaded is not None
    return loaded


# --------------------------------------------------------------------------- building answers


def _respond(question: AnyQuestion, right: bool) -> Response:
    """A response to a graded question that is right or wrong as asked."""
    if isinstance(question, SingleQuestion):
        return question.answer if right else (question.answer + 1) % len(question.choices)
    if isinstance(question, MultiQuestion):
        wrong = sorted(set(range(len(question.choices))) - set(question.answers))
        return sorted(question.answers) if right else wrong
    if isinstance(question, TrueFalseQuestion):
        return question.answer if right else not question.answer
    if isinstance(question, RoleQuestion):
        if right:
            return question.answer
        return "developer" if question.answer != "developer" else "engineer"
    raise TypeError(f"{question.id} is not graded")


def _answer(question: AnyQuestion | str, response: Response) -> Answer:
    """An answer as the quiz records it, graded by the real grader (an id: a retired question)."""
    if isinstance(question, str):
        return Answer(question_id=question, response=response, answered_at=WHEN, version="x")
    correct, credit = grade(question, response)
    return Answer(
        question_id=question.id,
        response=response,
        correct=correct,
        credit=credit,
        answered_at=WHEN,
        version=question.fingerprint,
    )


def _choices(bank: Bank) -> list[FitQuestion]:
    return [q for q in bank.questions if isinstance(q, FitQuestion) and q.form == "choice"]


def _scales(bank: Bank) -> list[FitQuestion]:
    return [q for q in bank.questions if isinstance(q, FitQuestion) and q.form == "scale"]


def _option(question: FitQuestion, pick: str) -> int:
    """The option of a fit item that leans to `pick` (engineer, developer), or is both / neither."""
    for index, option in enumerate(question.options):
        if pick == "engineer" and option.engineer > option.developer:
            return index
        if pick == "developer" and option.developer > option.engineer:
            return index
        if pick == "both" and option.engineer == option.developer > 0:
            return index
        if pick == "neither" and option.engineer == option.developer == 0:
            return index
    raise AssertionError(f"{question.id} has no {pick} option")


def _scale_answer(question: FitQuestion, side: str) -> int:
    """Most interest in a scale leaning to `side`, none in one leaning the other way."""
    leans = "engineer" if any(o.engineer for o in question.options) else "developer"
    return 0 if leans == side else len(question.options) - 1


def minded(bank: Bank, side: str, count: int | None = None) -> list[Answer]:
    """Every choice item (or the first `count`) answered for `side`, every scale pair the same way."""
    answers = [_answer(q, _option(q, side)) for q in _choices(bank)[:count]]
    if count is None:
        answers += [_answer(q, _scale_answer(q, side)) for q in _scales(bank)]
    return answers


def mixed(bank: Bank, picks: str) -> list[Answer]:
    """Choice items answered in turn by letter: e engineer, d developer, b both, n neither."""
    names = {"e": "engineer", "d": "developer", "b": "both", "n": "neither"}
    return [_answer(q, _option(q, names[p])) for q, p in zip(_choices(bank), picks, strict=False)]


def knowledge(bank: Bank, how: str, seed: int = 0) -> list[Answer]:
    """Every graded question answered right, wrong or at random."""
    rng = random.Random(seed)
    result = []
    for question in bank.questions:
        if is_graded(question):
            right = {"right": True, "wrong": False}.get(how, rng.random() < 0.5)
            result.append(_answer(question, _respond(question, right)))
    return result


# --------------------------------------------------------------------------- the verdict


@pytest.mark.parametrize("count", range(MIN_FIT))
def test_too_few_fit_answers_give_no_verdict(bank: Bank, count: int) -> None:
    """Below MIN_FIT fit answers: no verdict, however much knowledge; it says how many more."""
    answers = knowledge(bank, "right") + minded(bank, "engineer", count)
    result = recommend(answers, bank)
    assert (result.role, result.confidence) == (None, "not enough answers")
    assert result.answers_needed == MIN_FIT - count
    assert str(MIN_FIT - count) in result.headline


@pytest.mark.parametrize("how", ["right", "wrong", "random"])
def test_knowledge_alone_never_gives_a_verdict(bank: Bank, how: str) -> None:
    """Every knowledge question answered, no fit answer: no verdict."""
    result = recommend(knowledge(bank, how), bank)
    assert result.role is None and result.fit_answered == 0


@pytest.mark.parametrize("side", SIDES)
def test_a_clear_person_gets_a_strong_verdict(bank: Bank, side: str) -> None:
    """All choices and scales one way: that role, strong, the interval clear of equivalence."""
    result = recommend(minded(bank, side), bank)
    assert (result.role, result.confidence) == (side, "strong")
    if side == "engineer":
        assert result.low > EQUIVALENCE
    else:
        assert result.high < -EQUIVALENCE


def test_mirror_answers_give_mirror_verdicts(bank: Bank) -> None:
    """The developer mirror of an engineer's answers gives the opposite lean and interval."""
    for picks in ("eeeeeebn", "eeedebnn", "eeeeeeeeeeee", "eedbnnbe"):
        flipped = picks.replace("e", "x").replace("d", "e").replace("x", "d")
        left, right = recommend(mixed(bank, picks), bank), recommend(mixed(bank, flipped), bank)
        assert left.lean == -right.lean
        assert (left.low, left.high) == (-right.high, -right.low)
        assert left.confidence == right.confidence


@pytest.mark.parametrize(
    ("picks", "role", "confidence"),
    [
        pytest.param("eeeeee", "engineer", "strong", id="six-engineer"),
        pytest.param("dddddd", "developer", "strong", id="six-developer"),
        pytest.param("bbbbbbbbbbbb", None, "too close to call", id="all-both"),
        pytest.param("nnnnnnnnnnnn", None, "too close to call", id="all-neither"),
        pytest.param("edededededed", None, "too close to call", id="alternating"),
        pytest.param("eeeddd", None, "too close to call", id="half-and-half"),
        pytest.param("eeeeeebbbbbb", "engineer", "strong", id="half-engineer-half-both"),
        pytest.param("eeeeen", "engineer", "strong", id="five-and-neither"),
        pytest.param("eeebbb", "engineer", "moderate", id="three-and-three-both"),
        pytest.param("eeeeed", "engineer", "moderate", id="five-against-one"),
        pytest.param("ddddde", "developer", "moderate", id="five-developer-against-one"),
        pytest.param("eeeedb", None, "too close to call", id="four-against-one"),
        pytest.param("eeeeeeeeeeed", "engineer", "strong", id="eleven-against-one"),
        pytest.param("eeeeeeedddd", None, "too close to call", id="seven-against-four"),
    ],
)
def test_verdict_table(bank: Bank, picks: str, role: str | None, confidence: str) -> None:
    """Verdicts for fixed answer patterns on choice items."""
    result = recommend(mixed(bank, picks), bank)
    assert (result.role, result.confidence) == (role, confidence)


def test_strong_only_when_the_interval_is_clear_of_equivalence() -> None:
    """Over many answer patterns: strong iff the interval is past the equivalence region."""
    rng = random.Random(3)
    for _ in range(500):
        leans = [rng.choice([-1.0, 0.0, 0.5, 1.0]) for _ in range(rng.randint(MIN_FIT, 20))]
        post = posterior(leans)
        role, confidence = verdict(post)
        assert (confidence == "strong") == (post.low > EQUIVALENCE or post.high < -EQUIVALENCE)
        if role is not None:
            assert (post.low > 0) if role == "engineer" else (post.high < 0)


def test_more_answers_narrow_the_interval() -> None:
    """The same pattern repeated gives a narrower interval."""
    widths = [posterior([1.0, 0.0, 1.0, -1.0] * n).sd for n in (2, 4, 8)]
    assert widths[0] > widths[1] > widths[2]


@pytest.mark.parametrize("how", ["right", "wrong", "random"])
@pytest.mark.parametrize("picks", ["eeeeee", "dddddddb", "eeeddd", "eeeeeebbbbbb"])
def test_knowledge_never_changes_the_verdict(bank: Bank, picks: str, how: str) -> None:
    """Adding any knowledge answers leaves role, confidence, lean and reasons as they were."""
    alone = recommend(mixed(bank, picks), bank)
    both = recommend(knowledge(bank, how, seed=len(picks)) + mixed(bank, picks), bank)
    assert (both.role, both.confidence, both.lean, both.reasons) == (
        alone.role,
        alone.confidence,
        alone.lean,
        alone.reasons,
    )


def test_a_scale_waits_for_its_mirror(bank: Bank) -> None:
    """A scale answer counts only with its mirror answered, so liking both is neutral."""
    scale = next(q for q in _scales(bank) if q.options[0].engineer)
    mirror = bank[scale.mirror or ""]
    base = mixed(bank, "bbbbbb")
    one = recommend([*base, _answer(scale, 0)], bank)
    assert one.fit_answered == 6 and one.lean == 0
    pair = recommend([*base, _answer(scale, 0), _answer(mirror, 0)], bank)
    assert pair.fit_answered == 7 and pair.lean == 0
    leaning = recommend([*base, _answer(scale, 0), _answer(mirror, 3)], bank)
    assert leaning.lean > 0


def test_middle_of_every_scale_is_neutral(bank: Bank) -> None:
    """The middle option of every scale and "both" on every choice: too close to call, settled."""
    answers = [_answer(q, 1) for q in _scales(bank)] + mixed(bank, "b" * 12)
    result = recommend(answers, bank)
    assert result.role is None and result.lean == 0
    assert result.settled


def test_latest_answer_per_item_counts(bank: Bank) -> None:
    """Answering an item again replaces the earlier answer."""
    first = mixed(bank, "dddddd")
    again = mixed(bank, "eeeeee")
    assert recommend(first + again, bank).role == "engineer"
    assert recommend(again + first, bank).role == "developer"


def test_invalid_fit_responses_are_ignored(bank: Bank) -> None:
    """A response that is not an option index is not evidence."""
    item = _choices(bank)[0]
    bad = [_answer(item.id, 9), _answer(item.id, True), _answer(item.id, "engineer")]
    for answer in bad:
        answer.question_id = item.id
    assert recommend(bad, bank).fit_answered == 0


def test_recommend_is_deterministic(bank: Bank) -> None:
    """The same answers in any order (one per item) give the same recommendation."""
    answers = mixed(bank, "eedbneeedbne") + knowledge(bank, "random")
    shuffled = list(answers)
    random.Random(1).shuffle(shuffled)
    assert recommend(answers, bank) == recommend(shuffled, bank)


# --------------------------------------------------------------------------- reasons


@pytest.mark.parametrize(
    "picks", ["eeeeee", "eeeeeebbbbbb", "eeeeeeeeeeed", "dddddd", "ddddddeddddd", "ddddnd"]
)
def test_reasons_name_own_answers_for_the_verdict(bank: Bank, picks: str) -> None:
    """2 to 4 reasons, each naming an item and the option the person chose, on the verdict's side."""
    answers = mixed(bank, picks)
    result = recommend(answers, bank)
    assert result.role is not None
    assert 2 <= len(result.reasons) <= 4
    chosen = {a.question_id: bank[a.question_id].options[a.response] for a in answers}  # type: ignore[union-attr,index]
    for reason in result.reasons:
        assert f"({result.role} side)" in reason
        named = [
            qid
            for qid, option in chosen.items()
            if bank[qid].label in reason and f'"{option.text}"' in reason  # type: ignore[union-attr]
        ]
        assert named, reason
        option = chosen[named[0]]
        assert option.lean != 0 and (option.lean > 0) == (result.role == "engineer")


def test_too_close_shows_both_sides(bank: Bank) -> None:
    """Too close to call: each side's strongest answers, side by side."""
    result = recommend(mixed(bank, "edededbn"), bank)
    assert result.role is None
    assert len(result.engineer_reasons) == 2 and len(result.developer_reasons) == 2
    assert all("(engineer side)" in reason for reason in result.engineer_reasons)
    assert all("(developer side)" in reason for reason in result.developer_reasons)
    assert result.reasons == [*result.engineer_reasons, *result.developer_reasons]


def test_no_reason_for_the_other_side_under_a_verdict(bank: Bank) -> None:
    """An engineer verdict with some developer answers never cites them."""
    result = recommend(mixed(bank, "eeeeeeeedeee"), bank)
    assert result.role == "engineer"
    assert not any("developer side" in reason for reason in result.reasons)


# --------------------------------------------------------------------------- migration, readiness


def test_retired_self_ratings_are_ignored_and_the_person_told(bank: Bank) -> None:
    """Answers to retired self-rating ids change nothing but a notice saying what to answer."""
    old = [_answer(question_id, 0) for question_id in sorted(RETIRED_SELF_RATINGS)[:3]]
    base = mixed(bank, "eeeeee")
    result = recommend(old + base, bank)
    plain = recommend(base, bank)
    assert (result.role, result.lean, result.reasons) == (plain.role, plain.lean, plain.reasons)
    assert "3 earlier self-rating" in result.notice and "Which path fits me?" in result.notice
    assert plain.notice == ""


def test_readiness_is_read_and_gives_no_role_points(bank: Bank) -> None:
    """Readiness answers fill `readiness` per area and never move the lean."""
    items = [q for q in bank.questions if isinstance(q, ReadinessQuestion)]
    assert {q.area for q in items} == set(AREAS)
    answers = [_answer(q, len(q.options) - 1) for q in items]
    result = recommend(answers + mixed(bank, "eeeddd"), bank)
    assert result.readiness == {q.area: q.options[-1].level for q in items}
    assert result.lean == recommend(mixed(bank, "eeeddd"), bank).lean


# --------------------------------------------------------------------------- plan_path


def _tally(*graded: tuple[bool, int]) -> Tally:
    """A tally from (correct, difficulty) answers."""
    tally = Tally()
    for correct, difficulty in graded:
        tally.add(correct, difficulty)
    return tally


MASTERED = _tally((True, 1), (True, 1), (True, 1))
WEAK = _tally((False, 1), (False, 1), (False, 1))


@pytest.mark.parametrize(
    ("tally", "expected"),
    [
        pytest.param(None, False, id="untested"),
        pytest.param(MASTERED, True, id="3-of-3"),
        pytest.param(_tally((True, 1), (True, 1)), False, id="2-of-2-too-few"),
        pytest.param(_tally((True, 3), (True, 1), (False, 1)), True, id="weighted-0.8-on-3"),
        pytest.param(_tally(*[(True, 1)] * 4, (False, 1)), True, id="4-of-5"),
        pytest.param(_tally(*[(True, 1)] * 3, (False, 1)), False, id="3-of-4"),
        pytest.param(_tally((True, 1), (True, 1), (False, 3)), False, id="weighted-0.4"),
    ],
)
def test_mastered_threshold(tally: Tally | None, expected: bool) -> None:
    """An area is mastered at >= 0.8 difficulty-weighted share on >= 3 questions."""
    assert mastered(tally) is expected


def _step(number: int, areas: list[str], prerequisites: list[int]) -> Step:
    return Step(
        id=f"s{number}",
        title=f"Step {number}",
        areas=areas,
        learn="Something to learn.",
        why="Because the role needs it.",
        source=_SOURCE,
        prerequisites=[f"s{p}" for p in prerequisites],
        projects=[
            Project(
                title="A project",
                brief="Build something small.",
                difficulty="beginner",
                skills=["building"],
                done_when="It runs and is tested.",
            )
        ],
    )


# s1 -> s2 -> s3 -> s5 is a chain; s4 -> s7 another; s6 and s8 stand alone.
SMALL_PATH = LearningPath(
    role="developer",
    title="Test path",
    summary="A path for the planner tests.",
    steps=[
        _step(1, ["languages"], []),
        _step(2, ["databases"], [1]),
        _step(3, ["apis"], [2]),
        _step(4, ["security"], []),
        _step(5, ["testing"], [3]),
        _step(6, ["career"], []),
        _step(7, ["servers"], [4]),
        _step(8, ["collaboration", "career"], []),
    ],
)
_ALL_AREAS = ("languages", "databases", "apis", "security", "testing", "career", "servers")
_ALL_MASTERED = {area: MASTERED for area in (*_ALL_AREAS, "collaboration")}
_ALL_READY = {area: 3 for area in AREAS}


@pytest.mark.parametrize(
    ("by_area", "marks", "order", "statuses", "readiness"),
    [
        pytest.param({}, {}, "12345678", "tttttttt", _ALL_READY, id="untested-catalogue-order"),
        pytest.param(
            {**_ALL_MASTERED, "testing": WEAK},
            {},
            "12354678",  # weak s5 right after its prerequisite chain, mastered steps after
            "rrrrtrrr",
            _ALL_READY,
            id="weak-step-waits-for-prerequisites",
        ),
        pytest.param(
            {
                "security": _tally((True, 1), *[(False, 1)] * 3),  # 0.25
                "databases": _tally(*[(True, 1)] * 3, (False, 1), (False, 1)),  # 0.6
            },
            {},
            "41678235",  # 0.25 first, untested (0.5) next, 0.6 last where prerequisites allow
            "tttttttt",
            _ALL_READY,
            id="weakest-first",
        ),
        pytest.param(
            {},
            {"s1": "done", "s4": "learning"},
            "46781235",  # done goes with review steps, after the ones still to do
            "dttotttt",
            _ALL_READY,
            id="marked-untested",
        ),
        pytest.param(
            _ALL_MASTERED,
            {"s2": "todo", "s3": "learning"},
            "12345678",
            "rtorrrrr",
            _ALL_READY,
            id="marked-keeps-status-on-mastered",
        ),
        pytest.param(
            {**_ALL_MASTERED, "career": WEAK},
            {},
            "68123457",  # s8 has one mastered and one weak area: not review only
            "rrrrrtrt",
            _ALL_READY,
            id="review-needs-every-area",
        ),
        pytest.param(
            _ALL_MASTERED,
            {},
            "12345678",
            "tttttttt",
            {},
            id="mastered-but-no-readiness-is-not-review",
        ),
        pytest.param(
            _ALL_MASTERED,
            {},
            "12354678",  # s5 (rated 1) is the least prepared; the rest are review only
            "rrrrtrrr",
            {**_ALL_READY, "testing": 1},
            id="mastered-but-not-ready-is-not-review",
        ),
        pytest.param(
            {},
            {},
            "41678235",  # readiness orders untested steps: security 0 first, databases 2 later
            "tttttttt",
            {"security": 0, "databases": 2},
            id="readiness-orders-untested-steps",
        ),
        pytest.param(
            {"testing": WEAK},
            {},
            "12345678",
            "tttttttt",
            {"testing": 3},
            id="ready-but-weak-is-not-review",
        ),
        pytest.param(
            {"security": _tally((True, 1))},
            {},
            "41235678",  # one lucky answer is not mastery: "new to me" keeps security first
            "tttttttt",
            {"security": 0},
            id="one-right-answer-does-not-push-new-security-back",
        ),
        pytest.param(
            {"security": MASTERED},
            {},
            "41235678",  # even 3 of 3 right never outweighs "new to me"
            "tttttttt",
            {"security": 0},
            id="mastery-never-overrides-new-to-me",
        ),
        pytest.param(
            {"testing": _tally((False, 1), (False, 1))},
            {},
            "12345678",  # two wrong answers are too few to reorder (three would pull s5 ahead)
            "tttttttt",
            {},
            id="fewer-than-3-answers-do-not-reorder",
        ),
        pytest.param(
            {"testing": WEAK},
            {},
            "12354678",  # three wrong answers do
            "tttttttt",
            {},
            id="three-answers-reorder",
        ),
        pytest.param(
            {"security": WEAK},
            {},
            "46812357",  # wrong answers make a new area more urgent still: security 0, career 0.25
            "tttttttt",
            {"security": 0, "career": 0},
            id="weak-answers-raise-a-new-area",
        ),
    ],
)
def test_plan_path_small(
    by_area: dict[str, Tally],
    marks: dict[str, StepMark],
    order: str,
    statuses: str,
    readiness: dict[str, int],
) -> None:
    """Least prepared steps first where prerequisites allow; review only when knowledge AND
    readiness both say ready; marks are kept."""
    names = {"t": "todo", "r": "review", "d": "done", "o": "learning"}
    planned = plan_path(SMALL_PATH, by_area, PathState(steps=marks), readiness)
    assert [item.step.id for item in planned] == [f"s{n}" for n in order]
    by_id = {item.step.id: item.status for item in planned}
    assert [by_id[f"s{n}"] for n in range(1, 9)] == [names[letter] for letter in statuses]


def _need(
    item: PlannedStep, by_area: dict[str, Tally], readiness: dict[str, int]
) -> tuple[int, float]:
    """How urgently a step is needed (lower first): not review, then least prepared area.

    Knowledge counts from 3 answers up, and never makes a "new to me" (0) area look prepared.
    """

    def prepared(area: str) -> float:
        tally = by_area.get(area)
        known = tally.mastery if tally is not None and tally.total >= 3 else 0.5
        if readiness.get(area) == 0:
            known = min(known, 0.5)
        return (known + (readiness[area] / 3 if area in readiness else 0.5)) / 2

    least = min(prepared(area) for area in item.step.areas)
    return (1 if item.status in ("review", "done") else 0, least)


def _scenarios() -> list[object]:
    """Mastery scenarios for the real catalogue: untested, one weak area each, random ones."""
    cases: list[object] = [pytest.param({}, id="untested")]
    for weak in AREAS:
        by_area = {area: (WEAK if area == weak else MASTERED) for area in AREAS}
        cases.append(pytest.param(by_area, id=f"weak-{weak}"))
    for seed in range(4):
        rng = random.Random(seed)
        by_area = {
            area: _tally(
                *[(rng.random() < 0.6, rng.randint(1, 3)) for _ in range(rng.randint(1, 6))]
            )
            for area in AREAS
            if rng.random() < 0.8
        }
        cases.append(pytest.param(by_area, id=f"random-{seed}"))
    return cases


@pytest.mark.parametrize("role", SIDES)
@pytest.mark.parametrize("by_area", _scenarios())
def test_plan_path_real_catalogue(
    catalogue: Catalogue, role: str, by_area: dict[str, Tally]
) -> None:
    """On the real paths: every step once, prerequisites first, review iff mastered, weak first."""
    learning_path = catalogue.path_for(role)
    readiness = {area: index % 4 for index, area in enumerate(AREAS)}
    planned = plan_path(learning_path, by_area, PathState(), readiness)
    ids = [item.step.id for item in planned]
    assert sorted(ids) == sorted(step.id for step in learning_path.steps)
    position = {step_id: index for index, step_id in enumerate(ids)}
    for item in planned:
        for prerequisite in item.step.prerequisites:
            assert position[prerequisite] < position[item.step.id]
        ready = all(
            mastered(by_area.get(area)) and readiness[area] >= 2 for area in item.step.areas
        )
        assert item.status == ("review" if ready else "todo")
    # A more needed step placed after a less needed one must have been waiting on a prerequisite.
    for i, earlier in enumerate(planned):
        for later in planned[i + 1 :]:
            if _need(later, by_area, readiness) < _need(earlier, by_area, readiness):
                assert any(position[p] >= i for p in later.step.prerequisites), (
                    earlier.step.id,
                    later.step.id,
                )
    again = plan_path(learning_path, dict(reversed(by_area.items())), PathState(), readiness)
    assert again == planned


def test_plan_path_keeps_marks_on_real_catalogue(catalogue: Catalogue) -> None:
    """Every status a person marks on a real step is kept, even on a mastered step."""
    learning_path = catalogue.path_for("engineer")
    statuses: list[StepStatus] = ["todo", "learning", "done", "review"]
    marks = {
        step.id: statuses[index % len(statuses)] for index, step in enumerate(learning_path.steps)
    }
    for by_area in ({}, {area: MASTERED for area in AREAS}):
        planned = plan_path(learning_path, by_area, PathState(steps=marks))
        assert {item.step.id: item.status for item in planned} == marks


# --------------------------------------------------------------------------- paths_to_show


@pytest.mark.parametrize(
    ("picks", "expected"),
    [
        pytest.param("eeeeee", ["engineer"], id="engineer"),
        pytest.param("dddddd", ["developer"], id="developer"),
        pytest.param("edededed", ["engineer", "developer"], id="too-close"),
        pytest.param("", ["engineer", "developer"], id="not-enough"),
    ],
)
def test_paths_to_show(bank: Bank, catalogue: Catalogue, picks: str, expected: list[str]) -> None:
    """The recommended path alone, or both side by side when there is no role."""
    shown = paths_to_show(recommend(mixed(bank, picks), bank), catalogue)
    assert [path.role for path in shown] == expected
    assert all(path is catalogue.path_for(path.role) for path in shown)


def test_scale_reasons_name_the_pair_and_never_a_lone_scale(bank: Bank) -> None:
    """A scale is cited with its mirror's answer; a scale whose mirror is unanswered is not cited."""
    engineer_scales = [q for q in _scales(bank) if q.options[0].engineer]
    paired, lone = engineer_scales[0], engineer_scales[1]
    mirror = bank[paired.mirror or ""]
    assert isinstance(mirror, FitQuestion)
    answers = [
        *mixed(bank, "eebbbb"),
        _answer(paired, 0),
        _answer(mirror, len(mirror.options) - 1),
        _answer(lone, 0),
    ]
    result = recommend(answers, bank)
    assert result.role == "engineer"
    pair_reasons = [
        reason for reason in result.engineer_reasons + result.reasons if paired.label in reason
    ]
    assert pair_reasons
    assert all(f'"{mirror.options[-1].text}"' in reason for reason in pair_reasons)
    assert not any(lone.label in reason for reason in result.reasons)


def test_liking_both_scales_of_a_pair_is_not_a_reason(bank: Bank) -> None:
    """ "A lot" on a scale and on its mirror moves nothing, so neither is cited."""
    scale = next(q for q in _scales(bank) if q.options[0].engineer)
    mirror = bank[scale.mirror or ""]
    result = recommend([*mixed(bank, "eeeeee"), _answer(scale, 0), _answer(mirror, 0)], bank)
    assert not any(scale.label in reason or mirror.label in reason for reason in result.reasons)
