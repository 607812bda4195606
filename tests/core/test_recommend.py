"""The recommendation (outcome, strength, certainty, interest and reasons from fit answers only) and
the personalised path."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from quizapp.core.bank import (
    AREAS,
    AnyQuestion,
    Bank,
    FitOption,
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
    MAX_REASONS,
    MIN_FIT,
    STRENGTHS,
    FitAnswer,
    PlannedStep,
    assess,
    fit_answers,
    mastered,
    paths_to_show,
    plan_path,
    posterior,
    recommend,
    retired_notice,
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
    assert (result.role, result.outcome) == (None, "not enough answers")
    assert result.answers_needed == MIN_FIT - count
    assert result.reasons == []


@pytest.mark.parametrize("how", ["right", "wrong", "random"])
def test_knowledge_alone_never_gives_a_verdict(bank: Bank, how: str) -> None:
    """Every knowledge question answered, no fit answer: no verdict, no interest measured."""
    result = recommend(knowledge(bank, how), bank)
    assert result.role is None and result.fit_answered == 0 and result.interest == {}


@pytest.mark.parametrize("side", SIDES)
def test_a_clear_person_gets_a_strong_settled_verdict(bank: Bank, side: str) -> None:
    """All choices and scales one way: that role, strong, settled, the interval clear of equivalence."""
    result = recommend(minded(bank, side), bank)
    assert (result.role, result.outcome, result.strength, result.settled) == (
        side,
        side,
        "strong",
        True,
    )
    assert result.low > EQUIVALENCE if side == "engineer" else result.high < -EQUIVALENCE


def test_mirror_answers_give_mirror_verdicts(bank: Bank) -> None:
    """The developer mirror of an engineer's answers gives the opposite lean, interval and role."""
    for picks in ("eeeeeebn", "eeedebnn", "eeeeeeeeeeee", "eedbnnbe", "eeeeebbbbbbb"):
        flipped = picks.replace("e", "x").replace("d", "e").replace("x", "d")
        left, right = recommend(mixed(bank, picks), bank), recommend(mixed(bank, flipped), bank)
        assert left.lean == -right.lean
        assert (left.low, left.high) == (-right.high, -right.low)
        assert (left.strength, left.settled) == (right.strength, right.settled)
        assert left.interest == {
            "engineer": right.interest["developer"],
            "developer": right.interest["engineer"],
        }
        flip = {"engineer": "developer", "developer": "engineer"}
        assert flip.get(left.outcome, left.outcome) == right.outcome


@pytest.mark.parametrize(
    ("picks", "outcome", "strength"),
    [
        pytest.param("eeeee", "engineer", "strong", id="five-engineer"),
        pytest.param("ddddd", "developer", "strong", id="five-developer"),
        pytest.param("bbbbbbbbbbbb", "both", None, id="all-both"),
        pytest.param("nnnnnnnnnnnn", "neither", None, id="all-neither"),
        pytest.param("nnnnn", "neither", None, id="five-neither"),
        pytest.param("edededededed", "unclear", None, id="alternating"),
        pytest.param("eeeddd", "unclear", None, id="half-and-half"),
        pytest.param("eeeeeebbbbbb", "engineer", "clear", id="half-engineer-half-both"),
        pytest.param("eeeeen", "engineer", "strong", id="five-and-neither"),
        pytest.param("eeeeed", "unclear", None, id="five-against-one"),
        pytest.param("eeeeeeeeeeed", "engineer", "strong", id="eleven-against-one"),
        pytest.param("eeeeeeedddd", "unclear", None, id="seven-against-four"),
        pytest.param("eennnnnnnnnn", "neither", None, id="mostly-neither-some-engineer"),
    ],
)
def test_verdict_table(bank: Bank, picks: str, outcome: str, strength: str | None) -> None:
    """Outcomes for fixed answer patterns on choice items: e engineer, d developer, b both,
    n neither."""
    result = recommend(mixed(bank, picks), bank)
    assert (result.outcome, result.strength) == (outcome, strength)
    assert result.role == (outcome if outcome in SIDES else None)


def test_strength_comes_from_the_size_and_certainty_from_the_interval() -> None:
    """Over many answer patterns: the strength names the size of the lean alone, and a verdict is
    settled exactly when its interval (read to the two decimals shown) is clear of the equivalence
    region, whatever its strength."""
    rng = random.Random(3)
    seen: set[tuple[str | None, bool]] = set()
    for _ in range(400):
        count = rng.randint(MIN_FIT, 20)
        leans = [rng.choice([-1.0, 0.0, 0.0, 1.0, 1.0]) for _ in range(count)]
        post = posterior(leans)
        found = assess(_choice_evidence(leans))
        assert found.posterior == post
        if found.role is None:
            continue
        # Read as the faces show the figures, to two decimals: "+0.30" is never called slight,
        # an interval shown ending at "+0.15" is not clear of +0.15.
        floor = next(floor for floor, name in STRENGTHS if name == found.strength)
        assert abs(round(post.mean, 2)) >= floor
        low, high = round(post.low, 2), round(post.high, 2)
        clear_of_equal = low > EQUIVALENCE or high < -EQUIVALENCE
        assert found.settled == clear_of_equal
        assert (low > 0) if found.role == "engineer" else (high < 0)
        seen.add((found.strength, found.settled))
    # A clear lean can be sure or not yet sure: strength and certainty are apart.
    assert ("clear", True) in seen and ("clear", False) in seen


def _choice_evidence(leans: list[float]) -> list[FitAnswer]:
    """Choice answers with these leans (+1 engineer, -1 developer, 0 both), on made-up items."""
    evidence = []
    for number, lean in enumerate(leans):
        question = FitQuestion(
            id=f"made-up-{number:02d}",
            kind="fit",
            form="choice",
            topic="duties",
            area="apis",
            label="Made up",
            prompt="Which would you rather do?",
            explanation="No right answer.",
            source=_SOURCE,
            options=[
                FitOption(text="Engineer work", engineer=2),
                FitOption(text="Developer work", developer=2),
                FitOption(text="Both", engineer=1, developer=1),
                FitOption(text="Neither"),
            ],
        )
        evidence.append(FitAnswer(question, {1.0: 0, -1.0: 1, 0.0: 2}[lean]))
    return evidence


def test_a_lean_near_0_4_is_clear_not_strong(bank: Bank) -> None:
    """The issue's example: a lean of about -0.4 is a clear lean, never called strong."""
    for picks in ("ddddddbbbbbb", "dddddbbbbbbb", "ddddddbbbbbn"):
        result = recommend(mixed(bank, picks), bank)
        if result.role is not None:
            assert abs(result.lean) < 0.6
            assert result.strength in ("slight", "clear")


def test_more_answers_narrow_the_interval() -> None:
    """The same pattern repeated gives a narrower interval."""
    widths = [posterior([1.0, 0.0, 1.0, -1.0] * n).sd for n in (2, 4, 8)]
    assert widths[0] > widths[1] > widths[2]


@pytest.mark.parametrize("how", ["right", "wrong", "random"])
@pytest.mark.parametrize("picks", ["eeeeee", "dddddddb", "eeeddd", "eeeeeebbbbbb", "nnnnnn"])
def test_knowledge_never_changes_the_verdict(bank: Bank, picks: str, how: str) -> None:
    """Adding any knowledge answers leaves the outcome, lean, interest and reasons as they were."""
    alone = recommend(mixed(bank, picks), bank)
    both = recommend(knowledge(bank, how, seed=len(picks)) + mixed(bank, picks), bank)
    assert (both.outcome, both.strength, both.lean, both.interest, both.reasons) == (
        alone.outcome,
        alone.strength,
        alone.lean,
        alone.interest,
        alone.reasons,
    )


def _pair(bank: Bank, area: str | None = None) -> tuple[FitQuestion, FitQuestion]:
    """An engineer-side scale and its developer-side mirror."""
    scale = next(
        q for q in _scales(bank) if q.options[0].engineer and (area is None or q.area == area)
    )
    mirror = bank[scale.mirror or ""]
    assert isinstance(mirror, FitQuestion)
    return scale, mirror


def test_a_scale_waits_for_its_mirror(bank: Bank) -> None:
    """A scale answer moves the lean only with its mirror answered, so liking both is neutral."""
    scale, mirror = _pair(bank)
    base = mixed(bank, "bbbbbb")
    one = recommend([*base, _answer(scale, 0)], bank)
    assert one.fit_answered == 6 and one.lean == 0
    pair = recommend([*base, _answer(scale, 0), _answer(mirror, 0)], bank)
    assert pair.fit_answered == 7 and pair.lean == 0
    leaning = recommend([*base, _answer(scale, 0), _answer(mirror, 3)], bank)
    assert leaning.lean > 0


@pytest.mark.parametrize(
    ("engineer", "developer", "lean"),
    [
        pytest.param(3, 0, -1.0, id="not-at-all-against-a-lot-is-a-full-lean"),
        pytest.param(0, 3, 1.0, id="a-lot-against-not-at-all"),
        pytest.param(2, 3, 1 / 3, id="a-lot-against-a-little"),
        pytest.param(3, 2, -1 / 3, id="a-little-against-a-lot"),
        pytest.param(2, 2, 0.0, id="a-little-both"),
        pytest.param(3, 3, 0.0, id="not-at-all-both"),
    ],
)
def test_dislikes_are_evidence(bank: Bank, engineer: int, developer: int, lean: float) -> None:
    """Every scale answer counts: "Not at all" on one side's work with "A lot" on the same topic's
    other side is a full lean, "A little" against "Not at all" a third of one (answers are option
    indexes, 0 "A lot" to 3 "Not at all")."""
    scale, mirror = _pair(bank)
    [observation] = [
        item
        for item in assess(
            fit_answers([_answer(scale, engineer), _answer(mirror, developer)], bank)
        ).found
    ]
    assert observation.lean == pytest.approx(lean)


def test_all_low_answers_read_as_little_interest(bank: Bank) -> None:
    """ "A little" and "Not at all" everywhere, "neither" on every choice: neither path, settled."""
    answers = [_answer(q, len(q.options) - 1 - (i % 2)) for i, q in enumerate(_scales(bank))]
    answers += mixed(bank, "n" * 12)
    result = recommend(answers, bank)
    assert (result.outcome, result.role, result.settled) == ("neither", None, True)
    assert max(result.interest.values()) < 0.4


def test_a_dislike_of_one_side_and_liking_of_the_other_is_a_clear_lean(bank: Bank) -> None:
    """ "A lot" to every engineer-side scale and "Not at all" to its developer-side mirror, with no
    choice answered: an engineer verdict from the scales alone."""
    answers = [_answer(q, _scale_answer(q, "engineer")) for q in _scales(bank)]
    result = recommend(answers, bank)
    assert (result.role, result.strength, result.settled) == ("engineer", "strong", True)


def test_middle_of_every_scale_and_both_everywhere_is_both(bank: Bank) -> None:
    """The middle option of every scale and "both" on every choice: both fit, exactly even."""
    answers = [_answer(q, 1) for q in _scales(bank)] + mixed(bank, "b" * 12)
    result = recommend(answers, bank)
    assert (result.outcome, result.role, result.lean, result.settled) == ("both", None, 0, True)
    assert min(result.interest.values()) > 0.6


def test_a_lean_in_one_form_only_is_no_verdict(bank: Bank) -> None:
    """Choices that lean engineer but scale pairs that lean developer: no role is named."""
    pairs = [
        [_answer(scale, 3), _answer(mirror, 0)]
        for scale, mirror in (
            (q, bank[q.mirror or ""]) for q in _scales(bank) if q.options[0].engineer
        )
    ][:3]
    answers = mixed(bank, "eeeeeeeeeeee") + [answer for pair in pairs for answer in pair]
    result = recommend(answers, bank)
    assert result.lean > 0 and result.low > 0  # the lean alone would name a role...
    assert result.outcome == "unclear"  # ...but the scales say otherwise


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
    answers = (
        mixed(bank, "eedbneeedbne") + minded(bank, "developer")[12:] + knowledge(bank, "random")
    )
    shuffled = list(answers)
    random.Random(1).shuffle(shuffled)
    assert recommend(answers, bank) == recommend(shuffled, bank)


def _reworded(bank: Bank) -> tuple[Bank, dict[str, list[int]]]:
    """The bank with every choice item's two role options swapped in place and one of them made
    much longer, and, per item, where each old option now stands."""
    questions: list[AnyQuestion] = []
    moved: dict[str, list[int]] = {}
    for question in bank.questions:
        if not isinstance(question, FitQuestion) or question.form != "choice":
            questions.append(question)
            continue
        roles = [i for i, o in enumerate(question.options) if o.engineer != o.developer]
        order = list(range(len(question.options)))
        order[roles[0]], order[roles[1]] = order[roles[1]], order[roles[0]]
        options = [question.options[i] for i in order]
        longer = options[roles[0]]
        options[roles[0]] = replace(
            longer, text=longer.text + ", with every detail written down as it goes"
        )
        questions.append(replace(question, options=options))
        moved[question.id] = [order.index(i) for i in range(len(order))]
    return Bank(questions, bank.files, bank.drafts, tuple(bank.retired.values())), moved


def test_option_order_and_length_never_move_the_verdict(bank: Bank) -> None:
    """The same answers (the same options chosen) give the same outcome, strength, certainty,
    lean and interest whichever role option is listed first and whichever is longer."""
    other, moved = _reworded(bank)
    fit = [q for q in bank.questions if isinstance(q, FitQuestion)]
    rng = random.Random(20)
    seen = set()
    for _ in range(300):
        asked = rng.sample(fit, rng.randint(MIN_FIT, len(fit)))
        weights = [rng.random() for _ in range(4)]
        picks = {
            q.id: rng.choices(range(len(q.options)), weights[: len(q.options)])[0] for q in asked
        }
        answers = [_answer(q, picks[q.id]) for q in asked]
        again = [
            _answer(other[q.id], moved[q.id][picks[q.id]] if q.id in moved else picks[q.id])
            for q in asked
        ]
        first, second = recommend(answers, bank), recommend(again, other)
        said = ("outcome", "strength", "settled", "lean", "low", "high", "interest")
        assert [getattr(first, name) for name in said] == [getattr(second, name) for name in said]
        seen.add(first.outcome)
    assert {"engineer", "developer", "unclear"} <= seen


# --------------------------------------------------------------------------- reasons


def _cited(bank: Bank, answers: list[Answer], reason: str) -> list[FitQuestion]:
    """The fit items a reason names by label, each with the option the person chose quoted."""
    chosen = {a.question_id: a.response for a in answers}
    named = []
    for question in bank.questions:
        if isinstance(question, FitQuestion) and f"“{question.label}”" in reason:
            response = chosen.get(question.id)
            assert isinstance(response, int), reason
            assert f'"{question.options[response].text}"' in reason, reason
            named.append(question)
    return named


@pytest.mark.parametrize(
    "picks", ["eeeee", "eeeeeebbbbbb", "eeeeeeeeeeed", "ddddd", "ddddddeddddd", "ddddnd"]
)
def test_reasons_name_own_answers_for_the_verdict(bank: Bank, picks: str) -> None:
    """2 to 4 reasons, each naming an item's topic, the item and the option chosen, on the verdict's
    side."""
    answers = mixed(bank, picks)
    result = recommend(answers, bank)
    assert result.role is not None
    assert 2 <= len(result.reasons) <= MAX_REASONS
    for reason in result.reasons:
        assert reason.endswith(f"({result.role} side).")
        [question] = _cited(bank, answers, reason)
        assert reason.startswith(AREAS[question.area] + ": ")


def test_reasons_are_the_strongest_answers_of_either_form(bank: Bank) -> None:
    """A scale pair answered "A lot" against "Not at all" moves the lean as much as a choice does,
    so the strongest reasons take both forms in turns, not choices first."""
    pairs = [
        answer
        for q in _scales(bank)
        if q.options[0].engineer
        for answer in (_answer(q, 0), _answer(bank[q.mirror or ""], 3))  # type: ignore[arg-type]
    ]
    answers = mixed(bank, "eeeeee") + pairs
    result = recommend(answers, bank)
    assert result.role == "engineer"
    kinds = ["answered" in reason for reason in result.reasons]
    assert kinds == [True, False, True, False]


def test_pair_reasons_keep_each_label_in_its_own_case(bank: Bank) -> None:
    """A pair's reason names both items as labelled (never lowercased) with both answers."""
    scale, mirror = _pair(bank)
    answers = [*mixed(bank, "bbbbb"), _answer(scale, 0), _answer(mirror, 3)]
    result = recommend(answers, bank)
    [reason] = [reason for reason in result.reasons if scale.label in reason]
    assert f"“{scale.label}”" in reason and f"“{mirror.label}”" in reason
    assert '"A lot"' in reason and '"Not at all"' in reason


def test_no_reason_for_the_other_side_under_a_verdict(bank: Bank) -> None:
    """An engineer verdict with some developer answers never cites them."""
    result = recommend(mixed(bank, "eeeeeeeedeee"), bank)
    assert result.role == "engineer"
    assert not any("developer side" in reason for reason in result.reasons)


def test_unclear_shows_the_strongest_answers_each_way(bank: Bank) -> None:
    """No clear lean: the strongest answers each way, in turns."""
    result = recommend(mixed(bank, "edededbn"), bank)
    assert result.outcome == "unclear"
    assert [reason.rsplit("(", 1)[1] for reason in result.reasons] == [
        "engineer side).",
        "developer side).",
        "engineer side).",
        "developer side).",
    ]


@pytest.mark.parametrize(
    ("picks", "outcome", "tag"),
    [
        ("bbbbbbbbbbbb", "both", "(both appeal)."),
        ("nnnnnnnnnnnn", "neither", "(little interest in either)."),
    ],
)
def test_both_and_neither_cite_the_answers_that_showed_it(
    bank: Bank, picks: str, outcome: str, tag: str
) -> None:
    """ "Both" cites answers where both kinds of work appealed; "neither", where neither did."""
    answers = mixed(bank, picks)
    result = recommend(answers, bank)
    assert result.outcome == outcome
    assert len(result.reasons) == MAX_REASONS
    for reason in result.reasons:
        assert reason.endswith(tag)
        assert _cited(bank, answers, reason)


def test_scale_reasons_name_the_pair_and_never_a_lone_scale(bank: Bank) -> None:
    """A scale is cited with its mirror's answer; a scale whose mirror is unanswered is not cited."""
    engineer_scales = [q for q in _scales(bank) if q.options[0].engineer]
    paired, lone = engineer_scales[0], engineer_scales[1]
    mirror = bank[paired.mirror or ""]
    assert isinstance(mirror, FitQuestion)
    answers = [
        *mixed(bank, "eeeebb"),
        _answer(paired, 0),
        _answer(mirror, len(mirror.options) - 1),
        _answer(lone, 0),
    ]
    result = recommend(answers, bank)
    assert result.role == "engineer"
    pair_reasons = [reason for reason in result.reasons if paired.label in reason]
    assert pair_reasons
    assert all(f'"{mirror.options[-1].text}"' in reason for reason in pair_reasons)
    assert not any(lone.label in reason for reason in result.reasons)


def test_liking_both_scales_of_a_pair_is_not_a_reason_for_a_role(bank: Bank) -> None:
    """ "A lot" on a scale and on its mirror moves nothing, so a role verdict never cites it."""
    scale, mirror = _pair(bank)
    other, other_mirror = _pair(bank, next(q.area for q in _scales(bank) if q.area != scale.area))
    leaning = [_answer(other, 0), _answer(other_mirror, len(other_mirror.options) - 1)]
    even = [_answer(scale, 0), _answer(mirror, 0)]
    result = recommend([*mixed(bank, "eeeeee"), *even, *leaning], bank)
    assert result.role == "engineer"
    assert not any(scale.label in reason or mirror.label in reason for reason in result.reasons)


@pytest.mark.parametrize("rating", [0, 3], ids=["a lot", "not at all"])
def test_choices_one_way_with_every_pair_even_is_no_lean(bank: Bank, rating: int) -> None:
    """Picking the engineer option every time while rating each pair alike is no role: the choices
    and the ratings must both lean (someone who never answers "neither" still picks a side). With
    every rating "Not at all" it reads as little interest, never as a role or "both"."""
    pairs = [_pair(bank, area) for area in sorted({q.area for q in _scales(bank)})][:3]
    even = [_answer(item, rating) for pair in pairs for item in pair]
    result = recommend([*mixed(bank, "eeeeee"), *even], bank)
    assert result.role is None
    assert result.outcome == ("neither" if rating == 3 else "unclear")


# --------------------------------------------------------------------------- retired, readiness


def test_answers_to_retired_questions_are_ignored_and_the_person_told(bank: Bank) -> None:
    """Answers to retired ids (the bank's retired.toml) change nothing but a notice."""
    self_ratings = sorted(i for i, item in bank.retired.items() if item.kind == "self_rating")
    old_fit = sorted(i for i, item in bank.retired.items() if item.kind == "fit")
    old = [_answer(question_id, 0) for question_id in [*self_ratings[:3], *old_fit[:2]]]
    base = mixed(bank, "eeeeee")
    result = recommend(old + base, bank)
    plain = recommend(base, bank)
    assert (result.outcome, result.lean, result.reasons) == (
        plain.outcome,
        plain.lean,
        plain.reasons,
    )
    assert "3 earlier self-rating answers" in result.notice
    assert '2 answers to earlier "Which path fits me?" questions' in result.notice
    assert "They are kept in your files." in result.notice
    assert result.notice.endswith('Answer the "Which path fits me?" questions for a verdict.')
    assert plain.notice == ""


def test_every_old_fit_item_is_retired_and_none_is_live(bank: Bank) -> None:
    """The first-round fit items (issue #20) and the self-ratings are marked retired in the bank,
    and no live question reuses a retired id."""
    retired = {
        kind: {i for i, item in bank.retired.items() if item.kind == kind}
        for kind in ("fit", "self_rating")
    }
    assert len(retired["fit"]) == 30 and len(retired["self_rating"]) == 12
    assert (
        "fit-choice-traffic" in retired["fit"] and "duty-rate-scalability" in retired["self_rating"]
    )
    assert not set(bank.retired) & {question.id for question in bank.questions}


def test_a_notice_counts_each_retired_question_once(bank: Bank) -> None:
    """The same retired question answered in three attempts counts once; unknown ids not at all."""
    old = [_answer("duty-rate-scalability", 0) for _ in range(3)] + [_answer("never-a-question", 0)]
    notice = retired_notice(old, bank)
    assert notice.startswith("Your 1 earlier self-rating answer no longer counts: ")
    assert "It is kept in your files." in notice


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
        pytest.param("edededed", ["engineer", "developer"], id="unclear"),
        pytest.param("nnnnnnnn", ["engineer", "developer"], id="neither"),
        pytest.param("bbbbbbbbbbbb", ["engineer", "developer"], id="both"),
        pytest.param("", ["engineer", "developer"], id="not-enough"),
    ],
)
def test_paths_to_show(bank: Bank, catalogue: Catalogue, picks: str, expected: list[str]) -> None:
    """The recommended path alone, or both side by side when there is no role."""
    shown = paths_to_show(recommend(mixed(bank, picks), bank), catalogue)
    assert [path.role for path in shown] == expected
    assert all(path is catalogue.path_for(path.role) for path in shown)
