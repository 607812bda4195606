"""One fact, one question: the check refuses undeclared repeats, and no quiz asks two variants."""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import asdict
from pathlib import Path

import pytest

from quizapp.core.bank import Bank, Source, TrueFalseQuestion
from quizapp.core.loader import load_bank
from quizapp.core.packs import Pack, resolve_questions
from quizapp.core.session import balanced_selection

DATA = Path(__file__).resolve().parents[1] / "data" / "bank"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"

# (fixture folder, ids the check names, what the message starts with)
CASES = [
    pytest.param(
        "same_quote_without_fact",
        ["id security-procedures-role"],
        "source.quote: the same passage as question 'security-procedures-tf'",
        id="same-quote",
    ),
    pytest.param(
        "near_identical_prompts",
        ["id libraries-second"],
        "prompt: nearly the same as question 'libraries-first'",
        id="near-identical-prompts",
    ),
    pytest.param("variants_declared", [], "", id="variants-declared"),
]


@pytest.mark.parametrize(("folder", "where", "message"), CASES)
def test_check_refuses_undeclared_repeats(folder: str, where: list[str], message: str) -> None:
    """Each broken fixture gives one problem naming the later question and the earlier one."""
    _, _, problems = load_bank(DATA / folder, SEEDS)
    assert [problem.where for problem in problems] == where
    for problem in problems:
        assert problem.message.startswith(message)
        assert problem.line is not None


def _question(question_id: str, fact: str | None, topic: str = "duties") -> TrueFalseQuestion:
    return TrueFalseQuestion(
        id=question_id,
        kind="true_false",
        topic=topic,  # type: ignore[arg-type]
        area="security",
        prompt=f"Statement {question_id}",
        answer=True,
        explanation="Because it is.",
        source=Source(doc="000_a664594794a44be6.txt", quote=f"a passage for {question_id}"),
        fact=fact,
    )


def _bank_with_variants() -> Bank:
    questions = [_question(f"q{number}", f"fact-{number % 4}") for number in range(12)]
    questions += [_question(f"solo{number}", None, "skills") for number in range(6)]
    return Bank(questions, {question.id: "x.toml" for question in questions})


@pytest.mark.parametrize("seed", range(50))
def test_a_quiz_never_asks_two_variants(seed: int) -> None:
    """Whatever the draw, the selection holds at most one question per fact."""
    bank = _bank_with_variants()
    chosen = balanced_selection(list(bank.questions), 10, random.Random(seed))
    facts = [question.fact_key for question in chosen]
    assert len(facts) == len(set(facts))
    # 4 facts among the duties questions and 6 solo skills questions: 10 distinct facts at most.
    assert len(chosen) == 10


@pytest.mark.parametrize("seed", range(20))
def test_a_pack_rule_never_draws_two_variants(seed: int) -> None:
    """Pack rules skip variants of a fact the pack already asks, explicit ids included."""
    bank = _bank_with_variants()
    pack = Pack(
        id="class",
        title="Class",
        seed=seed,
        questions=["q0"],
        select=[{"topic": "duties", "count": 3}],  # type: ignore[list-item]
    )
    ids = resolve_questions(pack, bank)
    facts = [bank[question_id].fact_key for question_id in ids]
    assert len(facts) == len(set(facts)) == 4


def test_fingerprint_unchanged_when_no_fact_is_declared() -> None:
    """Adding the optional `fact` field left recorded fingerprints valid; setting it changes them."""
    plain = _question("q1", None)
    # all added after fingerprints were first recorded
    later = ("fact", "draft", "beyond", "role_sources")
    before_fact = {key: value for key, value in asdict(plain).items() if key not in later}
    payload = json.dumps(before_fact, sort_keys=True, ensure_ascii=False).encode("utf-8")
    assert plain.fingerprint == hashlib.sha256(payload).hexdigest()[:12]
    assert _question("q1", "some-fact").fingerprint != plain.fingerprint
