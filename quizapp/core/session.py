"""A quiz in progress: choosing questions, shuffling reproducibly, recording answers, resuming, reviewing."""

from __future__ import annotations

import contextlib
import random
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from quizapp.core.bank import (
    KINDS,
    TOPICS,
    AnyQuestion,
    Bank,
    FitQuestion,
    MultiQuestion,
    ReadinessQuestion,
    SingleQuestion,
    Topic,
    is_graded,
)
from quizapp.core.formats import when_words
from quizapp.core.profile import (
    Answer,
    Attempt,
    AttemptStatus,
    Mode,
    Profile,
    Response,
    ReviewState,
)
from quizapp.core.scoring import grade
from quizapp.core.store import NotDurableError, OpenProfile

FULL_SIZE = 20
"""Knowledge questions in a full assessment; it also asks every readiness item, then fit items
adaptively (see `quizapp.core.fitmode`)."""
QUICK_SIZE = 10
"""Questions in a quick quiz."""
TOPIC_SIZE = 15
"""Questions in a by-topic quiz (fewer if the topic has fewer)."""
REVIEW_SIZE = 20
"""The most questions in one review."""


class NothingToAsk(Exception):
    """The chosen mode has no questions (e.g. review with no missed questions); the message says why."""


def balanced_selection(
    questions: Sequence[AnyQuestion], count: int, rng: random.Random
) -> list[AnyQuestion]:
    """Pick `count` questions spread evenly over topics and, within a topic, over kinds.

    Round-robin over topics, then over kinds inside each topic, each pool shuffled by `rng`, so a
    full assessment has every topic and kind. At most one question per fact (`fact_key`): variants
    of one fact, or a question whose feedback gives another away, never meet in one quiz.
    """
    pools: dict[str, dict[str, list[AnyQuestion]]] = defaultdict(lambda: defaultdict(list))
    for question in questions:
        pools[question.topic][question.kind].append(question)
    for kinds in pools.values():
        for pool in kinds.values():
            rng.shuffle(pool)
    kind_turn = {topic: 0 for topic in pools}
    chosen: list[AnyQuestion] = []
    facts: set[str] = set()
    topics = [topic for topic in TOPICS if topic in pools]
    while len(chosen) < count and any(any(kinds.values()) for kinds in pools.values()):
        for topic in topics:
            kinds = pools[topic]
            available = [kind for kind in KINDS if kinds.get(kind)]
            if not available or len(chosen) >= count:
                continue
            kind = available[kind_turn[topic] % len(available)]
            kind_turn[topic] += 1
            question = kinds[kind].pop()
            if question.fact_key not in facts:
                facts.add(question.fact_key)
                chosen.append(question)
    rng.shuffle(chosen)
    return chosen


def review_queue(
    profile: Profile, bank: Bank, now: datetime, limit: int = REVIEW_SIZE
) -> list[str]:
    """Missed questions due now and still in the bank: the longest overdue first."""
    entries = sorted(
        (state.due, question_id)
        for question_id, state in profile.review.items()
        if question_id in bank and state.due <= now
    )
    return [question_id for _, question_id in entries[:limit]]


def next_review(profile: Profile, bank: Bank, now: datetime) -> datetime | None:
    """When the next missed question that is not yet due comes back (None if none is waiting)."""
    later = [
        state.due
        for question_id, state in profile.review.items()
        if question_id in bank and state.due > now
    ]
    return min(later) if later else None


def update_review(
    review: dict[str, ReviewState], question_id: str, correct: bool | None, now: datetime
) -> None:
    """Schedule one graded answer with FSRS: a miss enters review (or lapses), a right answer spaces it."""
    if correct is None:
        return
    from quizapp.core.spaced import review_after

    state = review_after(review.get(question_id), correct, now)
    if state is not None:
        review[question_id] = state


def shuffles_choices(question: AnyQuestion) -> bool:
    """Whether a question's choices are shuffled (true/false, role and ratings keep their order)."""
    return isinstance(question, SingleQuestion | MultiQuestion)


def new_attempt(
    bank: Bank,
    question_ids: Sequence[str],
    mode: Mode,
    *,
    seed: int,
    started: datetime,
    shuffle_questions: bool = True,
    shuffle_choices: bool = True,
    topic: Topic | None = None,
) -> Attempt:
    """An attempt over `question_ids`, with question and choice order fixed by `seed` and recorded.

    Args:
        bank: the bank the ids come from.
        question_ids: the questions to ask.
        mode: how they were chosen.
        seed: the shuffle seed; the same seed gives the same order.
        started: the start time (UTC); it also names the attempt.
        shuffle_questions: shuffle the question order.
        shuffle_choices: shuffle the choices of single and multi questions.
        topic: the topic of a by-topic attempt.
    """
    ids = list(question_ids)
    if shuffle_questions:
        random.Random(seed).shuffle(ids)
    choice_orders: dict[str, list[int]] = {}
    for question_id in ids:
        question = bank[question_id]
        if shuffle_choices and shuffles_choices(question):
            order = list(range(len(question.choices)))  # type: ignore[union-attr]
            random.Random(f"{seed}:{question_id}").shuffle(order)
            choice_orders[question_id] = order
    attempt_id = started.strftime("%Y%m%dT%H%M%SZ") + f"-{mode}"
    return Attempt(
        id=attempt_id,
        mode=mode,
        topic=topic,
        seed=seed,
        started=started,
        question_ids=ids,
        versions={question_id: bank[question_id].fingerprint for question_id in ids},
        choice_orders=choice_orders,
    )


def plan_attempt(
    bank: Bank,
    profile: Profile,
    mode: Mode,
    *,
    seed: int,
    now: datetime,
    topic: str | None = None,
) -> Attempt:
    """Choose the questions for a mode and build the attempt.

    Raises:
        NothingToAsk: the mode has no questions for this person (the message says why).
    """
    rng = random.Random(seed)
    if mode == "review":
        ids = review_queue(profile, bank, now)
        if not ids:
            upcoming = next_review(profile, bank, now)
            if upcoming is not None:
                raise NothingToAsk(
                    "Nothing is due for review yet: your missed questions come back from "
                    f"{when_words(upcoming, now)}."
                )
            raise NothingToAsk("Nothing to review yet: questions you miss come back here.")
        attempt = new_attempt(bank, ids, mode, seed=seed, started=now, shuffle_questions=False)
        return attempt
    if mode == "fit":
        from quizapp.core.fitmode import next_fit_item

        first = next_fit_item(bank, [], [], seed)
        if first is None:
            raise NothingToAsk('The bank has no "Which path fits me?" questions.')
        return new_attempt(bank, [first.id], mode, seed=seed, started=now, shuffle_questions=False)
    # Knowledge quizzes draw graded questions only: fit items enter the full assessment (and the
    # fit mode) whole, so no quiz ends on a verdict from too few of them.
    if mode == "topic":
        if topic not in TOPICS:
            raise NothingToAsk(f"Unknown topic {topic!r}: choose one of {', '.join(TOPICS)}.")
        pool = [q for q in bank.questions if q.topic == topic and is_graded(q)]
        size = TOPIC_SIZE
    else:
        pool = [question for question in bank.questions if is_graded(question)]
        size = FULL_SIZE if mode == "full" else QUICK_SIZE
    chosen = balanced_selection(pool, size, rng)
    if mode == "full":
        # Knowledge and readiness in a shuffled order, then the adaptive "Which path fits me?" block.
        from quizapp.core.fitmode import next_fit_item

        chosen.extend(q for q in bank.questions if isinstance(q, ReadinessQuestion))
        ids = [question.id for question in chosen]
        random.Random(seed).shuffle(ids)
        first = next_fit_item(bank, [], [], seed)
        ids.extend([first.id] if first is not None else [])
        if not ids:
            raise NothingToAsk("The bank has no questions for this quiz.")
        return new_attempt(bank, ids, mode, seed=seed, started=now, shuffle_questions=False)
    if not chosen:
        raise NothingToAsk("The bank has no questions for this quiz.")
    return new_attempt(
        bank,
        [question.id for question in chosen],
        mode,
        seed=seed,
        started=now,
        topic=next((name for name in TOPICS if name == topic), None),
    )


@dataclass(frozen=True)
class ResumeReport:
    """What changed in the bank since an attempt began."""

    removed: int
    """Questions no longer in the bank; they are skipped."""
    edited: int
    """Questions edited since; their old answers are dropped and they are asked again."""


class QuizSession:
    """One attempt being answered: the questions to ask, where we are, and saving each answer."""

    def __init__(
        self,
        bank: Bank,
        profile: OpenProfile,
        attempt: Attempt,
        *,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        """Args:
        bank: the question bank.
        profile: the person's open profile; every answer is saved through it.
        attempt: the attempt (new or resumed).
        monotonic: a clock for seconds taken; tests inject one.
        """
        self.bank = bank
        """The question bank."""
        self.profile = profile
        """The person's open profile."""
        self.attempt = attempt
        """The attempt being answered."""
        self._monotonic = monotonic
        self._shown_at: float | None = None

    @classmethod
    def start(
        cls,
        bank: Bank,
        profile: OpenProfile,
        attempt: Attempt,
        *,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> QuizSession:
        """Begin a new attempt: save it and mark it as the person's current one.

        Raises:
            OSError: it could not be saved; the profile is left as it was (see `record`).
        """
        # Attempts started in the same second get a counter, so they sort in the order begun.
        stamp = attempt.id.partition("-")[0]
        same_second = len(list(profile.attempt_path(stamp).parent.glob(f"{stamp}-*.toml")))
        if same_second:
            base_id, suffix = attempt.id, same_second + 1
            attempt.id = f"{base_id}-{suffix}"
            while profile.attempt_path(attempt.id).exists():
                suffix += 1
                attempt.id = f"{base_id}-{suffix}"
        before = _ProfileState.take(profile.profile)
        profile_written = False
        try:
            profile.save_attempt(attempt)
            profile.profile.current_attempt = attempt.id
            profile.profile.last_activity = attempt.started
            profile_written = True
            profile.save()
        except OSError as error:
            # The profile must still point at its old attempt, and no orphan attempt file may be
            # left to compete with the real latest one.
            before.restore(profile.profile)
            replaced = isinstance(error, NotDurableError)
            with contextlib.suppress(OSError):
                if profile_written and replaced:
                    _put_back(profile.save)
                if profile_written or replaced:
                    profile.attempt_path(attempt.id).unlink()
            raise
        return cls(bank, profile, attempt, monotonic=monotonic)

    def reconcile(self) -> ResumeReport:
        """Bring a resumed attempt in line with the current bank, saving it if anything changed."""
        removed = [qid for qid in self.attempt.question_ids if qid not in self.bank]
        edited = [
            qid
            for qid in self.attempt.question_ids
            if qid in self.bank and self.attempt.versions.get(qid) != self.bank[qid].fingerprint
        ]
        if edited:
            stale = set(edited)
            self.attempt.answers = [a for a in self.attempt.answers if a.question_id not in stale]
            for qid in edited:
                self.attempt.versions[qid] = self.bank[qid].fingerprint
                question = self.bank[qid]
                order = self.attempt.choice_orders.get(qid)
                if order is not None and shuffles_choices(question):
                    count = len(question.choices)  # type: ignore[union-attr]
                    if sorted(order) != list(range(count)):
                        self.attempt.choice_orders[qid] = list(range(count))
            self.profile.save_attempt(self.attempt)
        return ResumeReport(removed=len(removed), edited=len(edited))

    @property
    def question_ids(self) -> list[str]:
        """The questions still in the bank, in the attempt's order."""
        return [qid for qid in self.attempt.question_ids if qid in self.bank]

    @property
    def total(self) -> int:
        """How many questions this attempt asks."""
        return len(self.question_ids)

    @property
    def answered_ids(self) -> set[str]:
        """Questions already answered in this attempt."""
        return {answer.question_id for answer in self.attempt.answers}

    @property
    def position(self) -> int:
        """0-based index of the first unanswered question (== total when all are answered)."""
        answered = self.answered_ids
        for index, question_id in enumerate(self.question_ids):
            if question_id not in answered:
                return index
        return self.total

    @property
    def is_complete(self) -> bool:
        """Whether every question has been answered."""
        return self.position >= self.total

    def current(self) -> AnyQuestion | None:
        """The question to ask now, or None when all are answered."""
        position = self.position
        return self.bank[self.question_ids[position]] if position < self.total else None

    def display_order(self, question: AnyQuestion) -> list[int]:
        """The original choice indexes in the order shown for this attempt."""
        from quizapp.core.bank import choice_count

        count = choice_count(question)
        order = self.attempt.choice_orders.get(question.id)
        # An order that does not fit the question's choices (a damaged file) is never used.
        if order is not None and sorted(order) == list(range(count)):
            return list(order)
        return list(range(count))

    def keep_ticks(self, ticked: list[int]) -> None:
        """Keep the ticks given to the current select-all question, not yet submitted (original
        choice indexes; none clears them), so that leaving and resuming shows them again.

        Raises:
            OSError: they could not be saved; the attempt in memory is as before.
        """
        question = self.current()
        if question is None:
            return
        before = dict(self.attempt.ticked or {})
        kept = dict(before)
        if ticked:
            kept[question.id] = sorted(set(ticked))
        else:
            kept.pop(question.id, None)
        if kept == before:
            return
        self.attempt.ticked = kept or None
        try:
            self.profile.save_attempt(self.attempt)
        except OSError:
            self.attempt.ticked = before or None
            raise

    def kept_ticks(self, question: AnyQuestion) -> list[int]:
        """The ticks kept for `question` when the person left it unsubmitted (original indexes)."""
        from quizapp.core.bank import choice_count

        kept = (self.attempt.ticked or {}).get(question.id, [])
        return [index for index in kept if 0 <= index < choice_count(question)]

    def mark_shown(self) -> None:
        """Note when the current question appeared, to time the answer."""
        self._shown_at = self._monotonic()

    def record(self, response: Response) -> Answer:
        """Grade and save an answer to the current question before anything is shown.

        The attempt file is written first (the answer is then durable), then the profile's review
        state and summary. If either write fails, nothing of this answer is kept: the attempt and the
        profile in memory are put back exactly as they were (no answer appended, status unchanged),
        the files are written back as they were, and the OSError is raised; the current question is
        still the one on screen, so a retry answers the same question. Without this, a failed save
        left the answer in memory, so the retry was stored as the answer to the next question, and a
        failure on the last question left a finished attempt the profile still called current.

        Raises:
            OSError: the answer could not be saved (see above; nothing changed).
            NothingToAsk: every question is already answered.
            ResponseError: the response does not fit the question.
        """
        question = self.current()
        if question is None:
            raise NothingToAsk("Every question in this attempt is answered.")
        correct, credit = grade(question, response)
        now = self.profile.store.clock()
        seconds = 0.0
        if self._shown_at is not None:
            seconds = round(max(0.0, self._monotonic() - self._shown_at), 2)
        answer = Answer(
            question_id=question.id,
            response=response,
            correct=correct,
            credit=credit,
            answered_at=now,
            seconds=seconds,
            version=question.fingerprint,
        )
        before = _AttemptState.take(self.attempt)
        profile_before = _ProfileState.take(self.profile.profile)
        self.attempt.answers.append(answer)
        if self.attempt.ticked and question.id in self.attempt.ticked:
            # Submitted: the ticks kept while it was unanswered are the answer now.
            self.attempt.ticked = {
                key: value for key, value in self.attempt.ticked.items() if key != question.id
            } or None
        if self.attempt.mode in ("fit", "full") and isinstance(question, FitQuestion):
            self._ask_next_fit()
        finished = self.is_complete
        if finished:
            self.attempt.status = "finished"
            self.attempt.finished = now
        profile_written = False
        try:
            self.profile.save_attempt(self.attempt)
            profile = self.profile.profile
            if self.attempt.feedback == "end":
                # Held-back feedback: the review deck must not reveal misses before the quiz ends.
                if finished:
                    self._review_all(now)
            else:
                update_review(profile.review, question.id, correct, now)
            profile.answers_total += 1
            profile.last_activity = now
            if finished:
                profile.current_attempt = None
            profile_written = True
            self.profile.save()
        except OSError as error:
            before.restore(self.attempt)
            profile_before.restore(self.profile.profile)
            self._undo_on_disk(error, profile_written)
            raise
        self._shown_at = None
        return answer

    def _undo_on_disk(self, error: OSError, profile_written: bool) -> None:
        """After a failed save, put back on disk what it replaced (memory is already put back).

        A write that fails before its rename leaves its file as it was; one that fails at the
        folder's fsync (NotDurableError) has already replaced it. So: a replaced profile is written
        back first, and the attempt file (replaced when the profile's write was reached) only if the
        profile on disk is the old one again. The attempt file is the truth: it must never lose the
        answer while the profile beside it counts it. If putting back fails too, the next save or
        the next open (`OpenProfile.recover`) brings the files in line; the retry records the same
        question, as memory is already as it was.
        """
        replaced = isinstance(error, NotDurableError)
        if profile_written and replaced:
            try:
                _put_back(self.profile.save)
            except OSError:
                return
        if profile_written or replaced:
            with contextlib.suppress(OSError):
                _put_back(lambda: self.profile.save_attempt(self.attempt))

    def _ask_next_fit(self) -> None:
        """Adaptive mode: add the most informative fit item next, unless the verdict is now sure."""
        from quizapp.core.fitmode import next_fit_item

        following = next_fit_item(
            self.bank, self.attempt.answers, self.attempt.question_ids, self.attempt.seed
        )
        if following is not None and following.id not in self.attempt.question_ids:
            self.attempt.question_ids.append(following.id)
            self.attempt.versions[following.id] = following.fingerprint

    def _review_all(self, now: datetime) -> None:
        """Schedule every answer of the attempt at once (held-back feedback)."""
        for answer in self.attempt.answers:
            update_review(self.profile.profile.review, answer.question_id, answer.correct, now)

    def close(self, status: str = "abandoned") -> None:
        """End the attempt early: `abandoned` (a fresh start) or `timed_out` (the time limit).

        Raises:
            OSError: it could not be saved; the attempt stays open, as it was (see `record`).
        """
        if not self.attempt.is_open:
            return
        before = _AttemptState.take(self.attempt)
        profile_before = _ProfileState.take(self.profile.profile)
        self.attempt.status = "timed_out" if status == "timed_out" else "abandoned"
        self.attempt.finished = self.profile.store.clock()
        profile_written = False
        try:
            self.profile.save_attempt(self.attempt)
            if self.attempt.feedback == "end":
                self._review_all(self.attempt.finished)
            if self.profile.profile.current_attempt == self.attempt.id:
                self.profile.profile.current_attempt = None
            profile_written = True
            self.profile.save()
        except OSError as error:
            before.restore(self.attempt)
            profile_before.restore(self.profile.profile)
            self._undo_on_disk(error, profile_written)
            raise


def _put_back(write: Callable[[], None]) -> None:
    """Run a write that puts a file back; a NotDurableError means it is back, only not yet durably."""
    with contextlib.suppress(NotDurableError):
        write()


@dataclass
class _AttemptState:
    """What recording or closing changes in an attempt, to put back when the save fails."""

    answers: int
    questions: int
    status: AttemptStatus
    finished: datetime | None
    ticked: dict[str, list[int]] | None

    @classmethod
    def take(cls, attempt: Attempt) -> _AttemptState:
        return cls(
            len(attempt.answers),
            len(attempt.question_ids),
            attempt.status,
            attempt.finished,
            attempt.ticked,
        )

    def restore(self, attempt: Attempt) -> None:
        attempt.ticked = self.ticked
        del attempt.answers[self.answers :]
        # The adaptive fit mode appends its next item while recording: that goes too.
        for question_id in attempt.question_ids[self.questions :]:
            attempt.versions.pop(question_id, None)
        del attempt.question_ids[self.questions :]
        attempt.status = self.status
        attempt.finished = self.finished


@dataclass
class _ProfileState:
    """What recording, closing or starting changes in a profile, to put back when the save fails."""

    review: dict[str, ReviewState]
    answers_total: int
    last_activity: datetime
    current_attempt: str | None

    @classmethod
    def take(cls, profile: Profile) -> _ProfileState:
        # update_review replaces or deletes entries, never changes one in place: a shallow copy does.
        return cls(
            dict(profile.review),
            profile.answers_total,
            profile.last_activity,
            profile.current_attempt,
        )

    def restore(self, profile: Profile) -> None:
        profile.review = self.review
        profile.answers_total = self.answers_total
        profile.last_activity = self.last_activity
        profile.current_attempt = self.current_attempt
