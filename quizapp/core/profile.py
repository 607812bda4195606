"""The profile file format: dataclasses of a person's profile and of each attempt, with schema versions.

Plain dataclasses, so that opening a profile and starting a quiz never waits for pydantic; the store
validates files against them with `quizapp.core.validation` (which resolves the pydantic names used
in the annotations, imported here only for type checking).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from quizapp.core.formats import SCHEMA_VERSION, utc_now

if TYPE_CHECKING:
    from pydantic import AwareDatetime, ConfigDict, Field

__all__ = ["SCHEMA_VERSION", "utc_now"]

Mode = Literal["full", "topic", "quick", "review", "pack", "fit"]
"""How an attempt's questions were chosen."""

AttemptStatus = Literal["active", "finished", "abandoned", "timed_out"]
"""Where an attempt stands: still open, done, left for a fresh start, or closed by a time limit."""

StepStatus = Literal["todo", "doing", "done", "review"]
"""A learning-path step's status; `review` is "review only" (already mastered)."""

Response = bool | int | list[int] | str
"""What a person answered: true_false a bool; single, fit and readiness the original choice index;
multi the original indexes chosen; role the role name."""

_FORBID_EXTRA: ConfigDict = {"extra": "forbid"}


def _when(value: Any) -> datetime:
    """A saved time (ISO 8601 text, or a TOML datetime) as a datetime."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


@dataclass(kw_only=True)
class Settings:
    """A person's preferences."""

    __pydantic_config__: ClassVar[ConfigDict] = _FORBID_EXTRA

    theme: str = "textual-dark"
    """The Textual theme name, chosen from the command palette."""


@dataclass(kw_only=True)
class PathState:
    """Where a person stands on their learning path."""

    __pydantic_config__: ClassVar[ConfigDict] = _FORBID_EXTRA

    chosen: Literal["engineer", "developer"] | None = None
    """The path the person follows, once they pick one (else the recommendation decides)."""
    steps: dict[str, StepStatus] = field(default_factory=dict)
    """Step id -> status, for steps the person has marked."""


@dataclass(kw_only=True)
class ReviewState:
    """The Leitner state of one question this person has missed."""

    __pydantic_config__: ClassVar[ConfigDict] = _FORBID_EXTRA

    box: Annotated[int, Field(ge=0)] = 0
    """0 after a miss; one up per right answer; retired from review at the top box."""
    misses: Annotated[int, Field(ge=0)] = 0
    """How many times the person has got it wrong."""
    last_seen: AwareDatetime
    """When it was last answered (UTC)."""
    due: AwareDatetime
    """When it is due again (UTC)."""


@dataclass(kw_only=True)
class Profile:
    """A person's profile file (`profile.toml`): who, settings, path and review state, a summary."""

    __pydantic_config__: ClassVar[ConfigDict] = _FORBID_EXTRA

    schema_version: int = SCHEMA_VERSION
    """The format version; a newer one than this program knows is refused, an older one migrated."""
    name: str
    """The person's name as they typed it."""
    created: AwareDatetime
    """When the profile was created (UTC)."""
    last_activity: AwareDatetime
    """When the person last answered or changed something (UTC)."""
    answers_total: int = 0
    """Answers given across every attempt (kept here so listing profiles stays cheap)."""
    current_attempt: str | None = None
    """The id of the unfinished attempt, if any."""
    settings: Settings = field(default_factory=Settings)
    """Preferences."""
    path: PathState = field(default_factory=PathState)
    """Learning-path state."""
    review: dict[str, ReviewState] = field(default_factory=dict)
    """Question id -> Leitner state, for questions the person has missed."""

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

    question_id: str
    """The question answered."""
    response: Response
    """What the person chose (original choice indexes, so shuffling never changes meaning)."""
    correct: bool | None = None
    """Right or wrong; absent for fit and readiness items, which have no right answer."""
    credit: Annotated[float, Field(ge=0.0, le=1.0)] = 0.0
    """Partial credit: for multi, the share of choices judged right; 1 or 0 otherwise."""
    answered_at: AwareDatetime
    """When it was answered (UTC)."""
    seconds: Annotated[float, Field(ge=0.0)] = 0.0
    """Seconds from showing the question to answering it."""
    version: str
    """The question's fingerprint when answered; a different one now means it was edited."""


@dataclass(kw_only=True)
class Attempt:
    """One quiz attempt (`attempts/<id>.toml`): the questions in their order and every answer."""

    __pydantic_config__: ClassVar[ConfigDict] = _FORBID_EXTRA

    schema_version: int = SCHEMA_VERSION
    """The format version."""
    id: str
    """Stable id, also the file name: the start time and mode, e.g. `20261122T041500Z-quick`."""
    mode: Mode
    """How the questions were chosen."""
    topic: str | None = None
    """The topic, for a by-topic attempt."""
    pack_id: str | None = None
    """The classroom pack's id, for a pack attempt."""
    pack_fingerprint: str | None = None
    """A short hash of the pack file, so a teacher can tell which version was taken."""
    seed: int = 0
    """The shuffle seed, so the order can be reproduced."""
    status: AttemptStatus = "active"
    """Open, finished, abandoned for a fresh start, or closed when time ran out."""
    started: AwareDatetime
    """When it started (UTC)."""
    finished: AwareDatetime | None = None
    """When it was finished, abandoned or timed out (UTC)."""
    time_limit_seconds: int | None = None
    """The whole quiz's time limit, if the pack sets one."""
    feedback: Literal["immediate", "end"] = "immediate"
    """Show right/wrong after each answer, or only at the end (classroom packs)."""
    pass_mark: float | None = None
    """The share of right answers needed to pass, if the pack sets one."""
    question_ids: list[str]
    """The questions, in the order asked."""
    versions: dict[str, str] = field(default_factory=dict)
    """Question id -> fingerprint of the question when the attempt started."""
    choice_orders: dict[str, list[int]] = field(default_factory=dict)
    """Question id -> the original choice indexes in the order shown (for shuffled questions)."""
    answers: list[Answer] = field(default_factory=list)
    """Every answer given, in order."""

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
