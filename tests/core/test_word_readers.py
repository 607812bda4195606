"""Calibration by a second family of simulated people: word readers (`tests/word_readers.py`), who
see only the text the plain mode prints and choose by its words, over 100 seeded draws each.

Whoever has a real preference between the emphases must get it; whoever has none must rarely get a
role and more rarely still hear "sure"; whoever has little interest must never hear "both fit".
`python -m tests.word_readers` plays the same people through the real plain mode.
"""

from __future__ import annotations

from collections import Counter

import pytest

from quizapp.core.bank import Bank
from quizapp.core.loader import load_checked_bank
from quizapp.core.locations import default_questions_dir, default_seeds_dir
from tests.word_readers import READERS, Reader, run

DRAWS = 100
"""Seeded draws per reader."""


@pytest.fixture(scope="module")
def bank() -> Bank:
    """The real, checked question bank."""
    return load_checked_bank(default_questions_dir(), default_seeds_dir())


def _outcomes(bank: Bank, reader: Reader) -> Counter[tuple[str, bool]]:
    return Counter(
        (rec.outcome, rec.settled) for rec, _ in (run(bank, reader, s) for s in range(DRAWS))
    )


@pytest.mark.parametrize("reader", [r for r in READERS if r.side is None], ids=lambda r: r.name)
def test_the_words_alone_rarely_give_a_role_and_almost_never_a_sure_one(
    bank: Bank, reader: Reader
) -> None:
    """No preference between the emphases: a role in at most 15% of draws, a sure one in at most
    10%; little interest in backend work never hears "both" and mostly hears "neither"."""
    found = _outcomes(bank, reader)
    roles = sum(n for (outcome, _), n in found.items() if outcome in ("engineer", "developer"))
    sure = sum(
        n
        for (outcome, settled), n in found.items()
        if outcome in ("engineer", "developer") and settled
    )
    assert roles <= 0.15 * DRAWS, found
    assert sure <= 0.10 * DRAWS, found
    if reader.interest == "little":
        assert sum(n for (outcome, _), n in found.items() if outcome == "both") == 0, found
        assert sum(n for (outcome, _), n in found.items() if outcome == "neither") >= 0.8 * DRAWS


@pytest.mark.parametrize("reader", [r for r in READERS if r.side is not None], ids=lambda r: r.name)
def test_a_preference_in_many_words_wins_whatever_else_the_reader_likes(
    bank: Bank, reader: Reader
) -> None:
    """A real preference, expressed only through many different words, gets its role in at least
    95% of draws and the other role never."""
    found = _outcomes(bank, reader)
    other = "developer" if reader.side == "engineer" else "engineer"
    assert sum(n for (outcome, _), n in found.items() if outcome == reader.side) >= 0.95 * DRAWS
    assert sum(n for (outcome, _), n in found.items() if outcome == other) == 0, found
