"""The profile file format: pydantic models of a person's profile and of each attempt, with schema versions."""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from quizapp.core.formats import SCHEMA_VERSION, utc_now

__all__ = ["SCHEMA_VERSION", "utc_now"]

Mode = Literal["full", "topic", "quick", "review", "pack"]
"""How an attempt's questions were chosen."""

AttemptStatus = Literal["active", "finished", "abandoned", "timed_out"]
"""Where an attempt stands: still open, done, left for a fresh start, or closed by a time limit."""

StepStatus = Literal["todo", "doing", "done", "review"]
"""A learning-path step's status; `review` is "review only" (already mastered)."""

Response = bool | int | list[int] | str
"""What a person answered: true_false a bool; single and self_rating the original choice index;
multi the original indexes chosen; role the role name."""

_MODEL = ConfigDict(extra="forbid")


class Settings(BaseModel):
    """A person's preferences."""

    model_config = _MODEL

    theme: str = "textual-dark"
    """The Textual theme name, chosen from the command palette."""


class PathState(BaseModel):
    """Where a person stands on their learning path."""

    model_config = _MODEL

    chosen: Literal["engineer", "developer"] | None = None
    """The path the person follows, once they pick one (else the recommendation decides)."""
    steps: dict[str, StepStatus] = Field(default_factory=dict)
    """Step id -> status, for steps the person has marked."""


class ReviewState(BaseModel):
    """The Leitner state of one question this person has missed."""

    model_config = _MODEL

    box: int = Field(default=0, ge=0)
    """0 after a miss; one up per right answer; retired from review at the top box."""
    misses: int = Field(default=0, ge=0)
    """How many times the person has got it wrong."""
    last_seen: AwareDatetime
    """When it was last answered (UTC)."""
    due: AwareDatetime
    """When it is due again (UTC)."""


class Profile(BaseModel):
    """A person's profile file (`profile.toml`): who, settings, path and review state, a summary."""

    model_config = _MODEL

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
    settings: Settings = Field(default_factory=Settings)
    """Preferences."""
    path: PathState = Field(default_factory=PathState)
    """Learning-path state."""
    review: dict[str, ReviewState] = Field(default_factory=dict)
    """Question id -> Leitner state, for questions the person has missed."""


class Answer(BaseModel):
    """One answer in an attempt."""

    model_config = _MODEL

    question_id: str
    """The question answered."""
    response: Response
    """What the person chose (original choice indexes, so shuffling never changes meaning)."""
    correct: bool | None = None
    """Right or wrong; absent for self-rating questions, which have no right answer."""
    credit: float = Field(default=0.0, ge=0.0, le=1.0)
    """Partial credit: for multi, the share of choices judged right; 1 or 0 otherwise."""
    answered_at: AwareDatetime
    """When it was answered (UTC)."""
    seconds: float = Field(default=0.0, ge=0.0)
    """Seconds from showing the question to answering it."""
    version: str
    """The question's fingerprint when answered; a different one now means it was edited."""


class Attempt(BaseModel):
    """One quiz attempt (`attempts/<id>.toml`): the questions in their order and every answer."""

    model_config = _MODEL

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
    versions: dict[str, str] = Field(default_factory=dict)
    """Question id -> fingerprint of the question when the attempt started."""
    choice_orders: dict[str, list[int]] = Field(default_factory=dict)
    """Question id -> the original choice indexes in the order shown (for shuffled questions)."""
    answers: list[Answer] = Field(default_factory=list)
    """Every answer given, in order."""

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
