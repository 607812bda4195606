"""Reviews of missed questions scheduled by FSRS (the `fsrs` package): a miss rates Again, a right answer Good.

FSRS predicts when a person is about to forget a question from how it went before; in public
benchmarks it beats Leitner-style box systems by far. A quiz answer is right or wrong, so only two
of its four ratings are used, as the FSRS authors advise for pass/fail reviews. Fuzzing is off so
that the same answers always give the same schedule. `fsrs` is imported only when an answer is
graded, not at start-up.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from quizapp.core.profile import ReviewState

if TYPE_CHECKING:
    from fsrs import Card, Scheduler

PHASES = ("learning", "review", "relearning")
"""Our names for FSRS's card states 1, 2 and 3, in that order."""


@lru_cache(maxsize=1)
def scheduler() -> Scheduler:
    """The one FSRS scheduler: default parameters, 90% desired retention, no fuzzing."""
    from fsrs import Scheduler

    return Scheduler(
        desired_retention=0.9,
        enable_fuzzing=False,
        # A missed question is due again at once, so "Review missed questions" right after a quiz
        # asks it; one right answer then moves it to spaced reviews (1, 2, 6, 18, 45 days ...).
        learning_steps=(timedelta(0),),
        relearning_steps=(timedelta(0),),
    )


def _card(state: ReviewState) -> Card:
    from fsrs import Card, State

    return Card(
        card_id=0,
        state=State(PHASES.index(state.phase) + 1),
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=state.due,
        last_review=state.last_seen,
    )


def review_after(state: ReviewState | None, correct: bool, now: datetime) -> ReviewState | None:
    """The review state of a question after one graded answer at `now` (UTC).

    A question enters review when first missed; a right answer to a question that was never missed
    keeps it out (None). Every later answer is rated (Again for wrong, Good for right) and FSRS says
    when it is due next.
    """
    from fsrs import Card, Rating

    if state is None:
        if correct:
            return None
        card = Card(card_id=0, due=now)
        misses = 0
    else:
        card = _card(state)
        misses = state.misses
    card, _ = scheduler().review_card(card, Rating.Good if correct else Rating.Again, now)
    return ReviewState(
        phase=PHASES[int(card.state) - 1],  # type: ignore[arg-type]
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        misses=misses + (0 if correct else 1),
        last_seen=now,
        due=card.due,
    )
