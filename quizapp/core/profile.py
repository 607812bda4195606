"""The profile file format: dataclasses of a person's profile and of each attempt, with schema versions.

Plain dataclasses, so that opening a profile and starting a quiz never waits for pydantic; the store
validates files against them with `quizapp.core.validation` (which resolves the pydantic names used
in the annotations, imported here only for type checking).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from quizapp.core.formats import ATTEMPT_ID_PATTERN, MAX_COUNT, SCHEMA_VERSION, utc_now

if TYPE_CHECKING:
    from pydantic import AwareDatetime, ConfigDict, Field

__all__ = ["ATTEMPT_ID_PATTERN", "MAX_COUNT", "SCHEMA_VERSION", "utc_now"]

Mode = Literal["full", "topic", "quick", "review", "pack", "fit"]
"""How an attempt's questions were chosen."""

AttemptStatus = Literal["active", "finished", "abandoned", "timed_out"]
"""Where an attempt stands: still open, done, left for a fresh start, or closed by a time limit."""

StepMark = Literal["todo", "learning", "skipped", "done"]
"""A status a person sets on a learning-path step, as roadmap sites do; the only ones a profile stores."""

StepStatus = Literal["todo", "learning", "skipped", "done", "review"]
"""A step's status as shown: a `StepMark`, or `review` ("review only": its areas are already
mastered), which is computed from the answers and never stored."""

Response = bool | int | list[int] | str
"""What a person answered: true_false a bool; single, fit and readiness the original choice index;
multi the original indexes chosen; role the role name."""

_FORBID_EXTRA: ConfigDict = {"extra": "forbid"}

QUESTION_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
"""A question, step, pack or role id (the bank's `ID_PATTERN`, repeated so no bank import is needed)."""
NAME_PATTERN = r"^[^\p{C}\p{Zl}\p{Zp}]{1,40}$"
"""A stored name: no control, format or separator characters (the store also applies `check_name`)."""
FINGERPRINT_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
"""A short hash or version tag (a question's or a pack's fingerprint)."""
MAX_SECONDS = 10**7
"""Upper bound of an answer's seconds (about 115 days)."""
MAX_CHOICE = 63
"""Upper bound of a choice index (a question has at most a handful)."""
MAX_SEED = 2**63 - 1
"""Bounds of a shuffle seed."""


def _when(value: Any) -> datetime:
    """A saved time (ISO 8601 text, or a TOML datetime) as a datetime."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


@dataclass(kw_only=True)
class Settings:
    """A person's preferences."""

    __pydantic_config__: ClassVar[ConfigDict] = _FORBID_EXTRA

    theme: Annotated[str, Field(pattern=QUESTION_ID_PATTERN, max_length=80)] = "textual-dark"
    """The Textual theme name, chosen from the command palette."""


@dataclass(kw_only=True)
class PathState:
    """Where a person stands on their learning path."""

    __pydantic_config__: ClassVar[ConfigDict] = _FORBID_EXTRA

    chosen: Literal["engineer", "developer"] | None = None
    """The path the person follows, once they pick one (else the recommendation decides)."""
    steps: dict[Annotated[str, Field(pattern=QUESTION_ID_PATTERN, max_length=80)], StepMark] = (
        field(default_factory=dict)
    )
    """Step id -> status, for steps the person has marked (format 2 said `doing` for `learning`)."""


ReviewPhase = Literal["learning", "review", "relearning"]
"""Where an FSRS card stands: first learning steps, spaced reviews, or relearning after a lapse."""


@dataclass(kw_only=True)
class ReviewState:
    """The FSRS memory state of one question this person has missed (see `quizapp.core.spaced`)."""

    __pydantic_config__: ClassVar[ConfigDict] = _FORBID_EXTRA

    phase: ReviewPhase = "learning"
    """FSRS's card state: `learning` after a first miss, `review` once spaced, `relearning` after a lapse."""
    step: Annotated[int, Field(ge=0, le=100)] | None = None
    """The learning or relearning step reached (None in the review phase, and so not written)."""
    stability: Annotated[float, Field(gt=0, le=1e6, allow_inf_nan=False)] | None = None
    """FSRS stability in days: how long until recall falls to 90% (None before the first review)."""
    difficulty: Annotated[float, Field(ge=1, le=10, allow_inf_nan=False)] | None = None
    """FSRS difficulty, 1 (easy) to 10 (hard) (None before the first review)."""
    misses: Annotated[int, Field(ge=0, le=MAX_COUNT)] = 0
    """How many times the person has got it wrong."""
    last_seen: AwareDatetime
    """When it was last answered (UTC)."""
    due: AwareDatetime
    """When it is due again (UTC), as FSRS scheduled it."""


@dataclass(kw_only=True)
class Profile:
    """A person's profile file (`profile.toml`): who, settings, path and review state, a summary."""

    __pydantic_config__: ClassVar[ConfigDict] = _FORBID_EXTRA

    schema_version: Annotated[int, Field(ge=1, le=1000)] = SCHEMA_VERSION
    """The format version; a newer one than this program knows is refused, an older one migrated."""
    name: Annotated[str, Field(pattern=NAME_PATTERN)]
    """The person's name as they typed it."""
    created: AwareDatetime
    """When the profile was created (UTC)."""
    last_activity: AwareDatetime
    """When the person last answered or changed something (UTC)."""
    answers_total: Annotated[int, Field(ge=0, le=MAX_COUNT)] = 0
    """Answers given across every attempt (kept here so listing profiles stays cheap)."""
    current_attempt: Annotated[str, Field(pattern=ATTEMPT_ID_PATTERN)] | None = None
    """The id of the unfinished attempt, if any."""
    settings: Settings = field(default_factory=Settings)
    """Preferences."""
    path: PathState = field(default_factory=PathState)
    """Learning-path state."""
    review: dict[Annotated[str, Field(pattern=QUESTION_ID_PATTERN, max_length=80)], ReviewState] = (
        field(default_factory=dict)
    )
    """Question id -> FSRS state, for questions the person has missed."""

    @classmethod
    def from_checked(cls, data: dict[str, Any]) -> Profile:
        """Rebuild a profile from file data that passed validation before (see `quizapp.core.checked`).

        No pydantic: the data is known to be valid, so only the nested records and times are built.
        """
        fields = dict(data)
        fields["created"] = _when(fields["created"])
        fields["last_activity"] = _when(fields["last_activity"])
        fields["settings"] = Settings(**fields.get("settings", {}))
        fields["path"] = PathState(**fields.get("path", {}))
        fields["review"] = {
            question_id: ReviewState(
                **{**state, "last_seen": _when(state["last_seen"]), "due": _when(state["due"])}
            )
            for question_id, state in fields.get("review", {}).items()
        }
        return cls(**fields)


@dataclass(kw_only=True)
class Answer:
    """One answer in an attempt."""

    __pydantic_config__: ClassVar[ConfigDict] = _FORBID_EXTRA

    question_id: Annotated[str, Field(pattern=QUESTION_ID_PATTERN, max_length=80)]
    """The question answered."""
    response: (
        bool
        | Annotated[int, Field(ge=0, le=MAX_CHOICE)]
        | Annotated[list[Annotated[int, Field(ge=0, le=MAX_CHOICE)]], Field(max_length=64)]
        | Annotated[str, Field(pattern=QUESTION_ID_PATTERN, max_length=80)]
    )
    """What the person chose (original choice indexes, so shuffling never changes meaning)."""
    correct: bool | None = None
    """Right or wrong; absent for fit and readiness items, which have no right answer."""
    credit: Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)] = 0.0
    """Partial credit: for multi, the share of choices judged right; 1 or 0 otherwise."""
    answered_at: AwareDatetime
    """When it was answered (UTC)."""
    seconds: Annotated[float, Field(ge=0.0, le=MAX_SECONDS, allow_inf_nan=False)] = 0.0
    """Seconds from showing the question to answering it."""
    version: Annotated[str, Field(pattern=FINGERPRINT_PATTERN)]
    """The question's fingerprint when answered; a different one now means it was edited."""


@dataclass(kw_only=True)
class Attempt:
    """One quiz attempt (`attempts/<id>.toml`): the questions in their order and every answer."""

    __pydantic_config__: ClassVar[ConfigDict] = _FORBID_EXTRA

    schema_version: int = SCHEMA_VERSION
    """The format version."""
    id: Annotated[str, Field(pattern=ATTEMPT_ID_PATTERN)]
    """Stable id, also the file name: the start time and mode, e.g. `20261122T041500Z-quick`."""
    mode: Mode
    """How the questions were chosen."""
    topic: Annotated[str, Field(pattern=QUESTION_ID_PATTERN, max_length=80)] | None = None
    """The topic, for a by-topic attempt."""
    pack_id: Annotated[str, Field(pattern=QUESTION_ID_PATTERN, max_length=80)] | None = None
    """The classroom pack's id, for a pack attempt."""
    pack_fingerprint: Annotated[str, Field(pattern=FINGERPRINT_PATTERN)] | None = None
    """A short hash of the pack file, so a teacher can tell which version was taken."""
    seed: Annotated[int, Field(ge=-MAX_SEED, le=MAX_SEED)] = 0
    """The shuffle seed, so the order can be reproduced."""
    status: AttemptStatus = "active"
    """Open, finished, abandoned for a fresh start, or closed when time ran out."""
    started: AwareDatetime
    """When it started (UTC)."""
    finished: AwareDatetime | None = None
    """When it was finished, abandoned or timed out (UTC)."""
    time_limit_seconds: Annotated[int, Field(ge=1, le=600 * 60)] | None = None
    """The whole quiz's time limit, if the pack sets one."""
    feedback: Literal["immediate", "end"] = "immediate"
    """Show right/wrong after each answer, or only at the end (classroom packs)."""
    pass_mark: Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)] | None = None
    """The share of right answers needed to pass, if the pack sets one."""
    question_ids: list[Annotated[str, Field(pattern=QUESTION_ID_PATTERN, max_length=80)]]
    """The questions, in the order asked."""
    versions: dict[
        Annotated[str, Field(pattern=QUESTION_ID_PATTERN, max_length=80)],
        Annotated[str, Field(pattern=FINGERPRINT_PATTERN)],
    ] = field(default_factory=dict)
    """Question id -> fingerprint of the question when the attempt started."""
    choice_orders: dict[
        Annotated[str, Field(pattern=QUESTION_ID_PATTERN, max_length=80)],
        Annotated[list[Annotated[int, Field(ge=0, le=MAX_CHOICE)]], Field(max_length=64)],
    ] = field(default_factory=dict)
    """Question id -> the original choice indexes in the order shown (for shuffled questions).

    Each is a permutation of 0..n-1 (the store refuses any other on read)."""
    answers: list[Answer] = field(default_factory=list)
    """Every answer given, in order."""
    ticked: (
        dict[
            Annotated[str, Field(pattern=QUESTION_ID_PATTERN, max_length=80)],
            Annotated[list[Annotated[int, Field(ge=0, le=MAX_CHOICE)]], Field(max_length=64)],
        ]
        | None
    ) = None
    """Question id -> the choices ticked on a select-all question and not yet submitted
    (original indexes), kept when the person leaves so that Resume shows them ticked again."""

    @classmethod
    def from_checked(cls, data: dict[str, Any]) -> Attempt:
        """Rebuild an attempt from file data that passed validation before (see `Profile.from_checked`)."""
        fields = dict(data)
        fields["started"] = _when(fields["started"])
        if fields.get("finished") is not None:
            fields["finished"] = _when(fields["finished"])
        fields["answers"] = [
            Answer(**{**answer, "answered_at": _when(answer["answered_at"])})
            for answer in fields.get("answers", [])
        ]
        return cls(**fields)

    def answer_for(self, question_id: str) -> Answer | None:
        """The latest answer to `question_id` in this attempt, if any."""
        for answer in reversed(self.answers):
            if answer.question_id == question_id:
                return answer
        return None

    @property
    def is_open(self) -> bool:
        """Whether the attempt can still be answered."""
        return self.status == "active"
