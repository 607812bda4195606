"""The recommendation (role, confidence, reasons) and the personalised learning path."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from quizapp.core.bank import (
    AREAS,
    AnyQuestion,
    Bank,
    MultiQuestion,
    RatingOption,
    RoleQuestion,
    SelfRatingQuestion,
    SingleQuestion,
    Source,
    TrueFalseQuestion,
)
from quizapp.core.loader import Documents, load_checked_bank
from quizapp.core.locations import default_questions_dir, default_seeds_dir
from quizapp.core.paths import Catalogue, LearningPath, Project, Step, load_catalogue
from quizapp.core.profile import Answer, PathState, Response, StepMark
from quizapp.core.recommend import (
    MIN_ANSWERS,
    ROLE_AREAS,
    PlannedStep,
    Recommendation,
    mastered,
    paths_to_show,
    plan_path,
    recommend,
)
from quizapp.core.scoring import Tally, grade

WHEN = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
SIDES = ("engineer", "developer")

Profile = Callable[[Bank], list[Answer]]


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


def _answer(question: AnyQuestion, response: Response) -> Answer:
    """An answer as the quiz records it, graded by the real grader."""
    correct, credit = grade(question, response)
    return Answer(
        question_id=question.id,
        response=response,
        correct=correct,
        credit=credit,
        answered_at=WHEN,
        version=question.fingerprint,
    )


def _tilted(question: SelfRatingQuestion, side: str) -> int:
    """The option that leans furthest toward `side` (first such option on a tie)."""
    other = "developer" if side == "engineer" else "engineer"
    options = question.options
    return max(
        range(len(options)),
        key=lambda i: (getattr(options[i], side) - getattr(options[i], other), -i),
    )


def _neutral(question: SelfRatingQuestion) -> int:
    """The option closest to even between the roles, preferring one that gives both points."""
    options = question.options
    return min(
        range(len(options)),
        key=lambda i: (abs(options[i].engineer - options[i].developer), -options[i].engineer, i),
    )


def _ratings(bank: Bank) -> list[SelfRatingQuestion]:
    return [q for q in bank.questions if isinstance(q, SelfRatingQuestion)]


def _graded(bank: Bank) -> list[AnyQuestion]:
    return [q for q in bank.questions if not isinstance(q, SelfRatingQuestion)]


def leaning(side: str) -> Profile:
    """Ratings tilted to `side`; right in `side`'s areas, wrong everywhere else."""

    def build(bank: Bank) -> list[Answer]:
        answers = [_answer(q, _tilted(q, side)) for q in _ratings(bank)]
        answers += [_answer(q, _respond(q, q.area in ROLE_AREAS[side])) for q in _graded(bank)]
        return answers

    return build


def balanced(right: bool) -> Profile:
    """Even ratings; every graded answer right (or every one wrong): equal strengths."""

    def build(bank: Bank) -> list[Answer]:
        answers = [_answer(q, _neutral(q)) for q in _ratings(bank)]
        answers += [_answer(q, _respond(q, right)) for q in _graded(bank)]
        return answers

    return build


def opposite_ratings(bank: Bank) -> list[Answer]:
    """One strongly engineer rating and one strongly developer rating; every graded answer right."""
    answers: list[Answer] = []
    used: set[str] = set()
    for side in SIDES:
        other = "developer" if side == "engineer" else "engineer"
        # The first rating, in bank order, that has an option strongly for `side` alone; whichever
        # topic file holds it, so the profile does not depend on how the files are ordered.
        question, pick = next(
            (question, i)
            for question in _ratings(bank)
            if question.id not in used
            for i, o in enumerate(question.options)
            if getattr(o, side) == 3 and getattr(o, other) == 0
        )
        used.add(question.id)
        answers.append(_answer(question, pick))
    assert len(answers) == 2
    answers += [_answer(q, _respond(q, True)) for q in _graded(bank)]
    return answers


def knower(tilt: str | None) -> Profile:
    """Every graded answer right; ratings even, except one tilted toward `tilt` (if given)."""

    def build(bank: Bank) -> list[Answer]:
        answers = []
        tilted = False
        for question in _ratings(bank):
            pick = _neutral(question)
            if tilt and not tilted and _tilted(question, tilt) != pick:
                option = question.options[_tilted(question, tilt)]
                if getattr(option, tilt) > 0:
                    pick, tilted = _tilted(question, tilt), True
            answers.append(_answer(question, pick))
        assert tilt is None or tilted
        answers += [_answer(q, _respond(q, True)) for q in _graded(bank)]
        return answers

    return build


def knower_without_ratings(bank: Bank) -> list[Answer]:
    """Every graded answer right and no self-rating answered."""
    return [_answer(q, _respond(q, True)) for q in _graded(bank)]


# --------------------------------------------------------------------------- recommend: real bank

REAL_CASES = [
    pytest.param(leaning("engineer"), "engineer", "strong", id="all-engineer"),
    pytest.param(leaning("developer"), "developer", "strong", id="all-developer"),
    pytest.param(balanced(True), None, "too close to call", id="tie-even-ratings-all-right"),
    pytest.param(balanced(False), None, "too close to call", id="tie-even-ratings-all-wrong"),
    pytest.param(opposite_ratings, None, "too close to call", id="tie-opposite-ratings"),
]


@pytest.mark.parametrize(("profile", "role", "confidence"), REAL_CASES)
def test_recommend_real_bank(
    bank: Bank, profile: Profile, role: str | None, confidence: str
) -> None:
    """Clear leanings give that role with strong confidence; balanced answers are too close."""
    result = recommend(profile(bank), bank)
    assert (result.role, result.confidence) == (role, confidence)
    assert result.answers_needed == 0
    if role == "engineer":
        assert result.lean >= 0.35
    elif role == "developer":
        assert result.lean <= -0.35
    else:
        assert abs(result.lean) < 0.12
        assert result.headline.startswith("Too close to call")


@pytest.mark.parametrize("profile", [case.values[0] for case in REAL_CASES[2:]])
def test_tie_reasons_mention_both_paths(bank: Bank, profile: Profile) -> None:
    """When too close to call, the reasons talk about both the engineer and developer paths."""
    result = recommend(profile(bank), bank)
    text = " ".join(result.reasons)
    assert "engineer" in text
    assert "developer" in text


@pytest.mark.parametrize(
    "profile",
    [
        pytest.param(balanced(True), id="tie-even-ratings"),
        pytest.param(opposite_ratings, id="tie-opposite-ratings"),
    ],
)
def test_too_close_to_call_says_both_paths_are_shown(bank: Bank, profile: Profile) -> None:
    """A too-close-to-call result keeps the reason that says both paths are shown side by side."""
    result = recommend(profile(bank), bank)
    assert result.role is None
    assert any("both paths" in reason for reason in result.reasons)


@pytest.mark.parametrize(
    "profile",
    [
        pytest.param(knower(None), id="even-ratings"),
        pytest.param(knower("engineer"), id="slight-engineer-tilt"),
        pytest.param(knower("developer"), id="slight-developer-tilt"),
        pytest.param(knower_without_ratings, id="no-ratings"),
    ],
)
def test_strong_knower_with_weak_lean_is_never_strong(bank: Bank, profile: Profile) -> None:
    """Knowing every answer is not a lean: a weak lean gives moderate or too close, never strong."""
    answers = profile(bank)
    result = recommend(answers, bank)
    assert result.confidence in ("too close to call", "moderate")
    engineer = developer = 0
    for answer in answers:
        question = bank[answer.question_id]
        if isinstance(question, SelfRatingQuestion):
            assert isinstance(answer.response, int)
            engineer += question.options[answer.response].engineer
            developer += question.options[answer.response].developer
    if result.role is not None:
        assert result.role == ("engineer" if engineer > developer else "developer")


@pytest.mark.parametrize("count", range(MIN_ANSWERS))
def test_too_few_answers(bank: Bank, count: int) -> None:
    """Under MIN_ANSWERS answers there is no recommendation, and it says how many more are needed."""
    answers = [_answer(q, _respond(q, True)) for q in _graded(bank)[:count]]
    result = recommend(answers, bank)
    assert result.role is None
    assert result.confidence == "not enough answers"
    assert result.answers_needed == MIN_ANSWERS - count
    assert str(MIN_ANSWERS - count) in result.headline
    assert any(str(count) in reason for reason in result.reasons)


def test_enough_answers_at_minimum(bank: Bank) -> None:
    """Exactly MIN_ANSWERS answers are enough for a result."""
    answers = [_answer(q, _respond(q, True)) for q in _graded(bank)[:MIN_ANSWERS]]
    result = recommend(answers, bank)
    assert result.confidence != "not enough answers"
    assert result.answers_needed == 0


def test_answers_to_unknown_questions_do_not_count(bank: Bank) -> None:
    """Answers to questions no longer in the bank neither count toward the minimum nor the lean."""
    real = [_answer(q, _respond(q, True)) for q in _graded(bank)[: MIN_ANSWERS - 1]]
    ghosts = [
        Answer(question_id=f"gone-{n}", response=0, correct=True, answered_at=WHEN, version="x")
        for n in range(5)
    ]
    assert recommend(real + ghosts, bank).answers_needed == 1
    engineer = leaning("engineer")(bank)
    assert recommend(engineer + ghosts, bank) == recommend(engineer, bank)


def test_latest_answer_per_question_counts(bank: Bank) -> None:
    """An earlier answer to the same question is replaced by the later one."""
    final = leaning("engineer")(bank)
    earlier = [
        _answer(q, _respond(q, q.area not in ROLE_AREAS["engineer"]))
        for q in _graded(bank)
        if q.area in ROLE_AREAS["engineer"]
    ]
    assert recommend(earlier + final, bank) == recommend(final, bank)


@pytest.mark.parametrize("profile", [case.values[0] for case in REAL_CASES])
@pytest.mark.parametrize("seed", range(4))
def test_recommend_is_deterministic(bank: Bank, profile: Profile, seed: int) -> None:
    """The same answers in a different order give the identical recommendation."""
    answers = profile(bank)
    shuffled = list(answers)
    random.Random(seed).shuffle(shuffled)
    assert shuffled != answers
    assert recommend(shuffled, bank) == recommend(answers, bank)
    assert recommend(list(reversed(answers)), bank) == recommend(answers, bank)


def _own_numbers(answers: list[Answer], bank: Bank) -> list[str]:
    """The figures a person's answers give, worded as the reasons cite them."""
    engineer_points = developer_points = 0
    recognised = {side: [0, 0] for side in SIDES}
    area_scores = {side: [0, 0] for side in SIDES}
    for answer in answers:
        question = bank[answer.question_id]
        if isinstance(question, SelfRatingQuestion):
            assert isinstance(answer.response, int)
            engineer_points += question.options[answer.response].engineer
            developer_points += question.options[answer.response].developer
            continue
        tag = question.answer if isinstance(question, RoleQuestion) else question.about
        if tag in SIDES:
            recognised[tag][0] += bool(answer.correct)
            recognised[tag][1] += 1
        for side in SIDES:
            if question.area in ROLE_AREAS[side]:
                area_scores[side][0] += bool(answer.correct)
                area_scores[side][1] += 1
    numbers = [f"{engineer_points} engineer points against {developer_points} developer points"]
    numbers += [f"{right} of {total} {side}" for side, (right, total) in recognised.items()]
    numbers += [
        f"{round(100 * right / total)}% on {total}" for right, total in area_scores.values()
    ]
    return numbers


@pytest.mark.parametrize(("profile", "role", "confidence"), REAL_CASES[:3])
def test_reasons_cite_own_numbers(
    bank: Bank, profile: Profile, role: str | None, confidence: str
) -> None:
    """2 to 4 reasons, quoting the person's own rating points, recognitions and area scores."""
    answers = profile(bank)
    result = recommend(answers, bank)
    assert 2 <= len(result.reasons) <= 4
    text = " ".join(result.reasons)
    for number in _own_numbers(answers, bank):
        assert number in text


@pytest.mark.parametrize("profile", [case.values[0] for case in REAL_CASES])
def test_two_to_four_reasons(bank: Bank, profile: Profile) -> None:
    """Every recommendation from the real bank comes with 2 to 4 non-empty reasons."""
    result = recommend(profile(bank), bank)
    assert 2 <= len(result.reasons) <= 4
    assert all(reason.strip() for reason in result.reasons)


# --------------------------------------------------------------------------- recommend: small bank

_SOURCE = Source(doc="test.txt", quote="A passage from a test document.")
# Rating letters: A = 3 engineer points, B = 3 developer points, e = 1 engineer, d = 1 developer,
# n = none. Every rating question offers all five.
_OPTIONS = {"A": (3, 0), "B": (0, 3), "e": (1, 0), "d": (0, 1), "n": (0, 0)}
_ENGINEER_AREAS = ("security", "servers", "performance", "architecture")
_DEVELOPER_AREAS = ("databases", "apis", "testing", "collaboration")


def _small_bank() -> Bank:
    """12 rating questions and 8 untagged single questions per role (areas tied to each role)."""
    questions: list[AnyQuestion] = []
    for n in range(12):
        questions.append(
            SelfRatingQuestion(
                id=f"rate-{n:02d}",
                topic="duties",
                area="career",
                prompt="How much would you enjoy this work?",
                explanation="There is no right answer to a rating.",
                source=_SOURCE,
                kind="self_rating",
                options=[
                    RatingOption(text=letter, engineer=e, developer=d, interest=1)
                    for letter, (e, d) in _OPTIONS.items()
                ],
            )
        )
    for side, areas in (("eng", _ENGINEER_AREAS), ("dev", _DEVELOPER_AREAS)):
        for n in range(8):
            questions.append(
                SingleQuestion(
                    id=f"{side}-{n}",
                    topic="skills",
                    area=areas[n % len(areas)],
                    prompt="Which of these is right?",
                    explanation="Because the document says so.",
                    source=_SOURCE,
                    kind="single",
                    choices=["right", "wrong", "also wrong"],
                    answer=0,
                )
            )
    return Bank(questions, {q.id: "test.toml" for q in questions})


SMALL = _small_bank()


def _small_answers(ratings: str, eng: tuple[int, int], dev: tuple[int, int]) -> list[Answer]:
    """Ratings by letter, then (right, wrong) counts of engineer-area and developer-area answers."""
    answers = [
        _answer(SMALL[f"rate-{n:02d}"], list(_OPTIONS).index(letter))
        for n, letter in enumerate(ratings)
    ]
    for side, (right, wrong) in (("eng", eng), ("dev", dev)):
        for n in range(right + wrong):
            answers.append(_answer(SMALL[f"{side}-{n}"], 0 if n < right else 1))
    return answers


# lean = 0.7 * (E - D) / (E + D) + 0.3 * (engineer-area mastery - developer-area mastery)
# when both parts are present (strength needs >= 2 answers on each side); else the part present.
SMALL_CASES = [
    # E 24, D 0 -> interest 1.0
    pytest.param("AAAAAAAA", (0, 0), (0, 0), "engineer", "strong", 1.0, id="ratings-engineer"),
    pytest.param("BBBBBBBB", (0, 0), (0, 0), "developer", "strong", -1.0, id="ratings-developer"),
    # E 4, D 2 -> 2/6
    pytest.param("eeeeddnn", (0, 0), (0, 0), "engineer", "moderate", 0.3333, id="ratings-eng-mod"),
    pytest.param(
        "ddddeenn", (0, 0), (0, 0), "developer", "moderate", -0.3333, id="ratings-dev-mod"
    ),
    # E 10, D 9 -> 1/19
    pytest.param(
        "AAABBBen", (0, 0), (0, 0), None, "too close to call", 0.0526, id="ratings-near-tie"
    ),
    # strength only: 1.0 - 0.0, but without self-ratings never more than moderate
    pytest.param("", (4, 0), (0, 4), "engineer", "moderate", 1.0, id="strength-engineer"),
    pytest.param("", (0, 4), (4, 0), "developer", "moderate", -1.0, id="strength-developer"),
    # 3/4 - 2/4
    pytest.param("", (3, 1), (2, 2), "engineer", "moderate", 0.25, id="strength-moderate"),
    # 0.7 * -1 + 0.3 * 1: what you want outweighs what you know
    pytest.param("BBBB", (4, 0), (0, 4), "developer", "strong", -0.4, id="interest-outweighs"),
    # 0.7 * 0 + 0.3 * 1
    pytest.param("ed", (4, 0), (0, 4), "engineer", "moderate", 0.3, id="even-ratings-strength"),
    # 0.7 * 0.5 + 0.3 * 0 = 0.35 exactly: the strong threshold is inclusive
    pytest.param("Adnn", (2, 0), (2, 0), "engineer", "strong", 0.35, id="at-strong-threshold"),
    # 0.7 * 0 + 0.3 * (2/5 - 0) = 0.12 exactly: the moderate threshold is inclusive
    pytest.param("ed", (2, 3), (0, 2), "engineer", "moderate", 0.12, id="at-moderate-threshold"),
    # one answer on a side is too few for strength, and the ratings give no points
    pytest.param("nnn", (4, 0), (0, 1), None, "too close to call", 0.0, id="strength-needs-2-dev"),
    pytest.param("nnn", (0, 1), (4, 0), None, "too close to call", 0.0, id="strength-needs-2-eng"),
]


@pytest.mark.parametrize(("ratings", "eng", "dev", "role", "confidence", "lean"), SMALL_CASES)
def test_recommend_small_bank(
    ratings: str,
    eng: tuple[int, int],
    dev: tuple[int, int],
    role: str | None,
    confidence: str,
    lean: float,
) -> None:
    """Self-ratings weigh 0.7 and area strengths 0.3; thresholds 0.35 (strong), 0.12 (moderate)."""
    answers = _small_answers(ratings, eng, dev)
    assert len(answers) >= MIN_ANSWERS
    result = recommend(answers, SMALL)
    assert (result.role, result.confidence) == (role, confidence)
    assert result.lean == pytest.approx(lean, abs=1e-4)


@pytest.mark.parametrize(
    ("ratings", "side"),
    [
        pytest.param("Bde", "developer", id="heavy-developer-first"),
        pytest.param("deA", "engineer", id="heavy-engineer-last"),
        pytest.param("eeeeB", "developer", id="weight-beats-count"),
    ],
)
def test_top_rated_reason_names_heaviest_rating(ratings: str, side: str) -> None:
    """The "you rated ... highly" reason names the side of the most lopsided rating given."""
    answers = _small_answers(ratings + "n" * (MIN_ANSWERS - len(ratings)), (0, 0), (0, 0))
    result = recommend(answers, SMALL)
    rated = [reason for reason in result.reasons if reason.startswith("You rated")]
    assert rated == [f"You rated {side} work in career, portfolio and certification highly."]


def test_thin_evidence_still_gives_two_reasons() -> None:
    """A recommendation resting on area scores alone still explains itself in 2 to 4 reasons."""
    result = recommend(_small_answers("", (4, 0), (0, 4)), SMALL)
    assert result.role == "engineer"
    assert 2 <= len(result.reasons) <= 4


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


@pytest.mark.parametrize(
    ("by_area", "marks", "order", "statuses"),
    [
        pytest.param({}, {}, "12345678", "tttttttt", id="untested-catalogue-order"),
        pytest.param(
            {**_ALL_MASTERED, "testing": WEAK},
            {},
            "12354678",  # weak s5 right after its prerequisite chain, mastered steps after
            "rrrrtrrr",
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
            id="weakest-first",
        ),
        pytest.param(
            {},
            {"s1": "done", "s4": "learning"},
            "46781235",  # done goes with review steps, after the ones still to do
            "dttotttt",
            id="marked-untested",
        ),
        pytest.param(
            _ALL_MASTERED,
            {"s2": "todo", "s3": "learning"},
            "12345678",
            "rtorrrrr",
            id="marked-keeps-status-on-mastered",
        ),
        pytest.param(
            {**_ALL_MASTERED, "career": WEAK},
            {},
            "68123457",  # s8 has one mastered and one weak area: not review only
            "rrrrrtrt",
            id="review-needs-every-area",
        ),
    ],
)
def test_plan_path_small(
    by_area: dict[str, Tally], marks: dict[str, StepMark], order: str, statuses: str
) -> None:
    """Weak steps first where prerequisites allow; mastered steps are review; marks are kept."""
    names = {"t": "todo", "r": "review", "d": "done", "o": "learning"}
    planned = plan_path(SMALL_PATH, by_area, PathState(steps=marks))
    assert [item.step.id for item in planned] == [f"s{n}" for n in order]
    by_id = {item.step.id: item.status for item in planned}
    assert [by_id[f"s{n}"] for n in range(1, 9)] == [names[letter] for letter in statuses]


def _need(item: PlannedStep) -> tuple[int, float]:
    """How urgently a step is needed (lower first): not-yet-mastered, then weakest mastery."""
    mastery = item.mastery if item.mastery is not None else 0.5
    return (1 if item.status in ("review", "done") else 0, mastery)


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
    planned = plan_path(learning_path, by_area, PathState())
    ids = [item.step.id for item in planned]
    assert sorted(ids) == sorted(step.id for step in learning_path.steps)
    position = {step_id: index for index, step_id in enumerate(ids)}
    for item in planned:
        for prerequisite in item.step.prerequisites:
            assert position[prerequisite] < position[item.step.id]
        all_mastered = all(mastered(by_area.get(area)) for area in item.step.areas)
        assert item.status == ("review" if all_mastered else "todo")
    # A more needed step placed after a less needed one must have been waiting on a prerequisite.
    for i, earlier in enumerate(planned):
        for later in planned[i + 1 :]:
            if _need(later) < _need(earlier):
                assert any(position[p] >= i for p in later.step.prerequisites), (
                    earlier.step.id,
                    later.step.id,
                )
    assert plan_path(learning_path, dict(reversed(by_area.items())), PathState()) == planned


def test_plan_path_keeps_marks_on_real_catalogue(catalogue: Catalogue) -> None:
    """Every status a person marks on a real step is kept, even on a mastered step."""
    learning_path = catalogue.path_for("engineer")
    statuses: list[StepMark] = ["todo", "learning", "skipped", "done"]
    marks = {
        step.id: statuses[index % len(statuses)] for index, step in enumerate(learning_path.steps)
    }
    for by_area in ({}, {area: MASTERED for area in AREAS}):
        planned = plan_path(learning_path, by_area, PathState(steps=marks))
        assert {item.step.id: item.status for item in planned} == marks


# --------------------------------------------------------------------------- paths_to_show


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        pytest.param(leaning("engineer"), ["engineer"], id="engineer"),
        pytest.param(leaning("developer"), ["developer"], id="developer"),
        pytest.param(balanced(True), ["engineer", "developer"], id="too-close"),
        pytest.param(lambda bank: [], ["engineer", "developer"], id="not-enough"),
    ],
)
def test_paths_to_show(
    bank: Bank, catalogue: Catalogue, profile: Profile, expected: list[str]
) -> None:
    """The recommended path alone, or both side by side when there is no role."""
    result: Recommendation = recommend(profile(bank), bank)
    shown = paths_to_show(result, catalogue)
    assert [path.role for path in shown] == expected
    assert all(path is catalogue.path_for(path.role) for path in shown)
