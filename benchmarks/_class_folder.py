"""Class folders for the class benchmarks: students with a history, written through the real store.

A few template students are written through `ProfileStore` / `OpenProfile.save_attempt` (earlier
quizzes, half of them full assessments and half other class packs, then an attempt at this pack
with some answers given); the rest of the class are copies of the templates with their own name,
so a class of 2,000 is made in seconds without 2,000 rounds of fsync.
"""

from __future__ import annotations

import random
import shutil
from datetime import timedelta
from pathlib import Path

from _history import BASE_TIME, response_for

from quizapp.core.bank import Bank
from quizapp.core.packs import Pack, new_pack_attempt
from quizapp.core.profile import Answer, Attempt
from quizapp.core.scoring import grade
from quizapp.core.session import plan_attempt
from quizapp.core.store import PROFILE_FILE, ProfileStore, name_key

TEMPLATES = 3
"""Distinct students written through the store; the others copy one of them."""


def _answer_all(bank: Bank, attempt: Attempt, rng: random.Random, count: int) -> None:
    """Answer the first `count` questions of `attempt` (about 70% right), 20 s apart."""
    for offset, question_id in enumerate(attempt.question_ids[:count]):
        question = bank[question_id]
        response = response_for(question, rng.random() < 0.7)
        correct, credit = grade(question, response)
        attempt.answers.append(
            Answer(
                question_id=question_id,
                response=response,
                correct=correct,
                credit=credit,
                answered_at=attempt.started + timedelta(seconds=20 * (offset + 1)),
                seconds=float(rng.randint(4, 40)),
                version=question.fingerprint,
            )
        )


def _template(
    store: ProfileStore,
    bank: Bank,
    pack: Pack,
    pack_path: Path,
    name: str,
    earlier: int,
    answered: int,
    seed: int,
) -> None:
    rng = random.Random(seed)
    with store.open(name) as opened:
        for number in range(earlier):
            started = BASE_TIME + timedelta(hours=number)
            if number % 2:
                attempt = plan_attempt(bank, opened.profile, "full", seed=number, now=started)
                attempt.question_ids = attempt.question_ids[:10]
            else:
                attempt = new_pack_attempt(bank, pack, pack_path, name, started)
                attempt.pack_id = f"earlier-week-{number}"
            _answer_all(bank, attempt, rng, len(attempt.question_ids))
            attempt.status = "finished"
            attempt.finished = attempt.answers[-1].answered_at
            opened.save_attempt(attempt)
        started = store.clock()
        attempt = new_pack_attempt(bank, pack, pack_path, name, started)
        _answer_all(bank, attempt, rng, min(answered, len(attempt.question_ids)))
        opened.save_attempt(attempt)
        opened.profile.current_attempt = attempt.id
        opened.save()


def build_class(
    folder: Path,
    bank: Bank,
    pack: Pack,
    pack_path: Path,
    students: int,
    earlier: int,
    answered: int = 3,
    name: str = "Student {:04d}",
) -> list[str]:
    """Fill `folder` with `students` students, each with `earlier` finished attempts and an open
    attempt at `pack` with `answered` answers; return their names."""
    store = ProfileStore(folder)
    names = [name.format(number) for number in range(1, students + 1)]
    templates = names[: min(TEMPLATES, students)]
    for seed, template in enumerate(templates):
        _template(store, bank, pack, pack_path, template, earlier, answered, seed)
    for index, student in enumerate(names[len(templates) :]):
        source = folder / name_key(templates[index % len(templates)])
        target = folder / name_key(student)
        shutil.copytree(source, target, ignore=shutil.ignore_patterns(".lock", "*.owner"))
        profile = target / PROFILE_FILE
        text = profile.read_text(encoding="utf-8")
        old = templates[index % len(templates)]
        profile.write_text(text.replace(f'"{old}"', f'"{student}"', 1), encoding="utf-8")
    return names
