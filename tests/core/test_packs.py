"""Classroom quiz packs: loading and checking pack files, drawing questions, per-student seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.core.bank import TOPICS, Bank, is_graded
from quizapp.core.loader import load_checked_bank
from quizapp.core.locations import default_questions_dir, default_seeds_dir
from quizapp.core.packs import (
    Pack,
    Selection,
    load_pack,
    pack_fingerprint,
    resolve_questions,
    student_seed,
)

DATA = Path(__file__).resolve().parent.parent / "data" / "packs"
SAMPLE_PACK = default_questions_dir() / "packs" / "backend-roles-class.toml"


@pytest.fixture(scope="module")
def bank() -> Bank:
    """The real, checked question bank."""
    return load_checked_bank(default_questions_dir(), default_seeds_dir())


def _pack(**fields: object) -> Pack:
    """A pack with a fixed id and title and the given fields."""
    return Pack.model_validate({"id": "test-pack", "title": "Test pack", **fields})


def _graded_ids(bank: Bank, count: int) -> list[str]:
    """The first `count` graded (not self-rating) question ids in bank order."""
    return [q.id for q in bank.questions if q.kind not in ("fit", "readiness")][:count]


# --------------------------------------------------------------------------- the sample pack


def test_sample_pack_loads_against_real_bank(bank: Bank) -> None:
    """The shipped sample pack loads with no problems."""
    pack, problems = load_pack(SAMPLE_PACK, bank)
    assert problems == []
    assert pack is not None
    assert pack.id == "backend-roles-class"


def test_sample_pack_draws_what_its_rules_ask_for(bank: Bank) -> None:
    """The sample pack's rules (one per topic) draw their count, of their kind, and no rating."""
    pack, _ = load_pack(SAMPLE_PACK, bank)
    assert pack is not None
    ids = resolve_questions(pack, bank)
    assert len(ids) == len(set(ids)) == sum(rule.count for rule in pack.select)
    questions = [bank[question_id] for question_id in ids]
    assert all(question.kind not in ("fit", "readiness") for question in questions)
    for rule in pack.select:
        drawn = [question for question in questions if question.topic == rule.topic]
        assert len(drawn) == rule.count
        if rule.kind is not None:
            assert {question.kind for question in drawn} == {rule.kind}


# --------------------------------------------------------------------------- resolve_questions


@pytest.mark.parametrize("order", ["fixed", "shuffled-same", "shuffled-each"])
def test_resolve_is_deterministic(bank: Bank, order: str) -> None:
    """The same pack always resolves to the same ids, also when loaded again from its file."""
    pack = _pack(
        questions=_graded_ids(bank, 3),
        select=[{"count": 4, "topic": "skills"}, {"count": 3, "topic": "tools"}],
        order=order,
        seed=7,
    )
    first = resolve_questions(pack, bank)
    assert resolve_questions(pack, bank) == first
    assert resolve_questions(Pack.model_validate(pack.model_dump()), bank) == first
    sample, _ = load_pack(SAMPLE_PACK, bank)
    assert sample is not None
    again, _ = load_pack(SAMPLE_PACK, bank)
    assert again is not None
    assert resolve_questions(sample, bank) == resolve_questions(again, bank)


@pytest.mark.parametrize(
    "picks",
    [
        pytest.param([5, 0, 3], id="out-of-bank-order"),
        pytest.param([9, 8, 7, 6, 5, 4, 3, 2, 1, 0], id="reversed"),
        pytest.param([2, 2, 1], id="duplicate-kept-once"),
    ],
)
def test_fixed_keeps_listed_order(bank: Bank, picks: list[int]) -> None:
    """`fixed` asks the listed questions in the order written, each once, before drawn ones."""
    graded = _graded_ids(bank, 10)
    listed = [graded[index] for index in picks]
    pack = _pack(questions=listed, select=[{"count": 2, "topic": "tools"}], order="fixed")
    ids = resolve_questions(pack, bank)
    expected_head = list(dict.fromkeys(listed))
    assert ids[: len(expected_head)] == expected_head
    assert len(ids) == len(expected_head) + 2
    assert len(set(ids)) == len(ids)


def test_shuffled_same_is_a_shuffle_of_fixed(bank: Bank) -> None:
    """`shuffled-same` asks the same questions as `fixed`, in one shuffled order for everyone."""
    listed = _graded_ids(bank, 10)
    orders = []
    for seed in range(5):
        fixed = resolve_questions(_pack(questions=listed, order="fixed", seed=seed), bank)
        same = _pack(questions=listed, order="shuffled-same", seed=seed)
        shuffled = resolve_questions(same, bank)
        assert sorted(shuffled) == sorted(fixed)
        assert student_seed(same, "ann") == student_seed(same, "bob") == same.seed
        orders.append(shuffled)
    assert any(order != listed for order in orders)


@pytest.mark.parametrize(
    ("order", "differs"),
    [
        pytest.param("fixed", False, id="fixed"),
        pytest.param("shuffled-same", False, id="shuffled-same"),
        pytest.param("shuffled-each", True, id="shuffled-each"),
    ],
)
def test_student_seed_differs_per_student_only_for_shuffled_each(
    bank: Bank, order: str, differs: bool
) -> None:
    """student_seed is the pack's own seed unless the order is `shuffled-each`."""
    pack = _pack(questions=_graded_ids(bank, 3), order=order, seed=11)
    students = ["ann", "bob", "chen", "dara"]
    seeds = {student: student_seed(pack, student) for student in students}
    if differs:
        assert len(set(seeds.values())) == len(students)
    else:
        assert set(seeds.values()) == {pack.seed}
    assert student_seed(pack, "ann") == seeds["ann"]
    assert student_seed(pack, "Ann") == seeds["ann"]


@pytest.mark.parametrize("topic", [pytest.param(topic, id=topic) for topic in TOPICS])
def test_selection_without_kind_never_includes_fit_or_readiness(bank: Bank, topic: str) -> None:
    """A rule without `kind` draws one question of every graded fact of its topic, nothing else."""
    pack = _pack(select=[{"count": 1000, "topic": topic}], seed=3)
    ids = resolve_questions(pack, bank)
    graded = [q for q in bank.questions if q.topic == topic and is_graded(q)]
    assert {bank[question_id].fact_key for question_id in ids} == {q.fact_key for q in graded}
    assert len(ids) == len({q.fact_key for q in graded})
    assert all(is_graded(bank[question_id]) for question_id in ids)


@pytest.mark.parametrize("kind", ["fit", "readiness"])
def test_selection_with_an_ungraded_kind_draws_only_that_kind(bank: Bank, kind: str) -> None:
    """A rule that names `kind = "fit"` (or "readiness") draws items of that kind only."""
    pack = _pack(select=[{"count": 1000, "kind": kind}])
    ids = resolve_questions(pack, bank)
    assert ids
    assert {q.id for q in bank.questions if q.kind == kind} == set(ids)


@pytest.mark.parametrize(
    "rule",
    [
        pytest.param({"count": 3, "area": "security"}, id="area"),
        pytest.param({"count": 2, "topic": "skills", "kind": "multi"}, id="topic-and-kind"),
        pytest.param({"count": 2, "topic": "duties", "area": "collaboration"}, id="topic-and-area"),
    ],
)
def test_selection_filters_all_apply(bank: Bank, rule: dict[str, object]) -> None:
    """Every filter a rule gives must match each drawn question."""
    selection = Selection.model_validate(rule)
    ids = resolve_questions(_pack(select=[rule]), bank)
    assert len(ids) == selection.count
    for question_id in ids:
        question = bank[question_id]
        assert selection.topic in (None, question.topic)
        assert selection.area in (None, question.area)
        assert selection.kind in (None, question.kind)


def test_rules_never_draw_a_listed_question_twice(bank: Bank) -> None:
    """Questions listed explicitly are not drawn again by a rule that matches them."""
    tools = [
        q.id for q in bank.questions if q.topic == "tools" and q.kind not in ("fit", "readiness")
    ]
    # A pack asks one question per fact, so a rule can draw as many tools questions as there are facts.
    facts = {bank[question_id].fact_key for question_id in tools}
    pack = _pack(questions=tools[:3], select=[{"count": len(facts) - 3, "topic": "tools"}])
    ids = resolve_questions(pack, bank)
    assert len(ids) == len(set(ids)) == len(facts)
    assert ids[:3] == tools[:3]


# --------------------------------------------------------------------------- broken pack files


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        pytest.param("bad_toml", ["not valid TOML"], id="bad_toml"),
        pytest.param(
            "unknown_question_id",
            ["questions", "engineer-duty-that-does-not-exist"],
            id="unknown_question_id",
        ),
        pytest.param("unknown_topic", ["topic", "cooking"], id="unknown_topic"),
        pytest.param("unknown_kind", ["kind", "essay"], id="unknown_kind"),
        pytest.param("empty_pack", ["questions", "[[select]]"], id="empty_pack"),
        pytest.param("count_too_large", ["select", "500"], id="count_too_large"),
        pytest.param("extra_key", ["unknown key 'shuffle'"], id="extra_key"),
        pytest.param("time_limit_zero", ["time_limit_minutes"], id="time_limit_zero"),
    ],
)
def test_broken_pack_gives_problem_naming_file(bank: Bank, mode: str, expected: list[str]) -> None:
    """Each broken pack is refused with one problem that names the file and what is wrong."""
    path = DATA / f"{mode}.toml"
    pack, problems = load_pack(path, bank)
    assert pack is None
    assert len(problems) == 1
    problem = problems[0]
    assert problem.file == str(path)
    assert str(path) in str(problem)
    for fragment in expected:
        assert fragment in problem.message


def test_bad_toml_pack_reports_the_line(bank: Bank) -> None:
    """A pack that is not valid TOML is reported at the line where parsing failed."""
    _, problems = load_pack(DATA / "bad_toml.toml", bank)
    assert problems[0].line == 4


def test_unknown_area_pack_gives_problem_naming_file(bank: Bank) -> None:
    """A rule with an area that does not exist is refused with a problem naming the file."""
    path = DATA / "unknown_area.toml"
    pack, problems = load_pack(path, bank)
    assert pack is None
    assert [problem.file for problem in problems] == [str(path)]


def test_unknown_area_pack_names_the_area(bank: Bank) -> None:
    """A rule with an unknown area is reported as an unknown area, like an unknown topic or kind."""
    _, problems = load_pack(DATA / "unknown_area.toml", bank)
    assert any("area" in p.message and "cooking" in p.message for p in problems)


def test_missing_pack_file_is_a_problem(bank: Bank, tmp_path: Path) -> None:
    """A pack path that does not exist gives a problem naming it."""
    path = tmp_path / "nowhere.toml"
    pack, problems = load_pack(path, bank)
    assert pack is None
    assert [problem.file for problem in problems] == [str(path)]
    assert "not found" in problems[0].message


def test_non_utf8_pack_is_a_problem(bank: Bank, tmp_path: Path) -> None:
    """A pack saved in another encoding gives a problem naming it."""
    path = tmp_path / "latin1.toml"
    path.write_bytes('id = "caf\u00e9"\ntitle = "Caf\u00e9 quiz"\n'.encode("latin-1"))
    pack, problems = load_pack(path, bank)
    assert pack is None
    assert [problem.file for problem in problems] == [str(path)]
    assert "UTF-8" in problems[0].message


# --------------------------------------------------------------------------- fingerprint


def test_pack_fingerprint_changes_when_the_file_changes(tmp_path: Path) -> None:
    """The fingerprint is stable for the same bytes and changes when the file is edited."""
    path = tmp_path / "pack.toml"
    text = SAMPLE_PACK.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    before = pack_fingerprint(path)
    assert pack_fingerprint(path) == before
    assert pack_fingerprint(SAMPLE_PACK) == before
    path.write_text(text.replace("pass_percent = 60", "pass_percent = 70"), encoding="utf-8")
    after = pack_fingerprint(path)
    assert after != before
    path.write_text(text, encoding="utf-8")
    assert pack_fingerprint(path) == before
