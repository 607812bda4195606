"""The question bank file format: the dataclasses that are the specification of `questions/*.toml`.

They are plain frozen dataclasses so that a quiz can start without importing pydantic (a checked bank
is read back from a cache); `quizapp.core.validation` has pydantic validate files against them. Their
constraints are written as pydantic `Field`s and strict types inside the (string) annotations, which
only pydantic evaluates, with the names `quizapp.core.validation.TYPES_NAMESPACE` gives it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

if TYPE_CHECKING:
    from pydantic import ConfigDict, Field, StrictBool, StrictInt, StrictStr

Topic = Literal["duties", "skills", "tools"]
"""What a question is about: what the roles do, what they must know, or what they work with."""

Role = Literal["engineer", "developer", "both"]
"""Which role the documents give a duty, skill or tool to."""

TOPICS: tuple[Topic, ...] = ("duties", "skills", "tools")
"""Every topic, in the order screens and reports show them."""

ROLES: tuple[Role, ...] = ("engineer", "developer", "both")
"""Every answer to a `role` question, in key order (1 engineer, 2 developer, 3 both)."""

AREAS: dict[str, str] = {
    "languages": "Programming languages",
    "servers": "Servers and server technologies",
    "databases": "Databases and caching",
    "apis": "APIs and frameworks",
    "security": "Security",
    "performance": "Scalability and performance",
    "testing": "Testing, debugging and maintenance",
    "version-control": "Version control and automation",
    "collaboration": "Team work and communication",
    "architecture": "Architecture and design",
    "career": "Career, portfolio and certification",
}
"""The skill areas the learning path knows: id -> title. A question's `area` must be one of these."""

ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
"""How prompts name the documents: by their order in the seeds folder."""


def document_label(doc: str, names: list[str]) -> str:
    """`the third document (002_….txt)`: how prompts refer to it, then its file name."""
    if doc in names and names.index(doc) < len(ORDINALS):
        return f"the {ORDINALS[names.index(doc)]} document ({doc})"
    return doc


RETIRED_FILE = "retired.toml"
"""The file in the questions folder that lists retired questions (see `RetiredItem`)."""

NOT_BANK_FILES = frozenset({"paths.toml", "roles.toml", RETIRED_FILE})
"""Files in the questions folder that are not question files (the path catalogue, the role
comparison, the retired questions)."""


def bank_files(folder: Path) -> list[Path]:
    """The bank files in a questions folder, sorted by name."""
    return sorted(path for path in folder.glob("*.toml") if path.name not in NOT_BANK_FILES)


def seed_files(folder: Path) -> list[Path]:
    """The seed documents (`*.txt`) in a seeds folder, sorted by name; none if the folder is missing."""
    return sorted(folder.glob("*.txt")) if folder.is_dir() else []


ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
"""Stable ids are lowercase kebab case: `engineer-duty-code-review`."""


class _Record:
    """Value equality for the bank's frozen records, written once here.

    `@dataclass(eq=True)` would generate `__eq__` and `__hash__` for each class at import: over half
    of this module's import time, which every quiz start pays.
    """

    __slots__ = ()

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, item.name) for item in fields(self))  # type: ignore[arg-type]

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__ or not isinstance(other, _Record):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())


LATER_FIELDS: dict[str, object] = {
    "fact": None,
    "draft": False,
    "beyond": None,
    "role_sources": None,
}
"""Question fields added after fingerprints were first recorded, and their unset values (left out
of the fingerprint while unset)."""

FORBID_EXTRA: ConfigDict = {"extra": "forbid"}
"""Pydantic config of every file-format dataclass: an unknown key is an error, never ignored."""


@dataclass(frozen=True, kw_only=True, eq=False)
class Source(_Record):
    """Where in the seed documents a question's facts come from."""

    __pydantic_config__: ClassVar[ConfigDict] = FORBID_EXTRA

    doc: Annotated[StrictStr, Field(min_length=1)]
    """File name of a document in the seeds folder, e.g. `000_a664594794a44be6.txt`."""
    quote: Annotated[StrictStr, Field(min_length=12)]
    """A passage copied exactly from that document (whitespace and typographic quotes may differ)."""


NO_SOURCE = Source(doc="", quote="")
"""The `source` of a draft that has none yet (never validated: pydantic leaves defaults alone)."""

DRAFT_TOPIC: Topic = "skills"
"""The topic a draft gets when its file leaves `topic` out."""
DRAFT_AREA = "career"
"""The area a draft gets when its file leaves `area` out."""


@dataclass(frozen=True, kw_only=True, eq=False)
class _QuestionBase(_Record):
    """Fields every question kind shares."""

    __pydantic_config__: ClassVar[ConfigDict] = FORBID_EXTRA

    id: Annotated[StrictStr, Field(pattern=ID_PATTERN, max_length=80)]
    """Stable id, unique across the whole bank; never derived from the wording, so edits keep progress."""
    topic: Topic
    """`duties`, `skills` or `tools`."""
    area: StrictStr
    """The skill area this builds, one of `quizapp.core.bank.AREAS` (e.g. `databases`)."""
    prompt: Annotated[StrictStr, Field(min_length=8)]
    """The question as the person reads it, in our own words."""
    explanation: Annotated[StrictStr, Field(min_length=8)]
    """Shown after answering: why the right answer is right, in our own words."""
    source: Source = NO_SOURCE
    """The passage the question comes from; `quizapp check` proves it is in the document.

    Required unless the question is a `draft`."""
    draft: StrictBool = False
    """An imported question still waiting for its source passage: it may leave out `source` (and
    `topic`, `area`, which then default to `skills`, `career`); quizzes and packs never use it and
    `quizapp check` lists it. Remove `draft` once `source` is filled in."""
    fact: Annotated[StrictStr, Field(pattern=ID_PATTERN, max_length=80)] | None = None
    """Optional: the fact this question tests, when it is one of several variants of that fact.

    Questions that share a `fact` are never asked in one quiz. Give two questions the same `fact`
    also when one's feedback would give the other away. `quizapp check` refuses graded questions
    that cite the same quote or have near-identical prompts unless they share a `fact`.
    """

    def _check_source(self) -> None:
        if not self.draft and self.source is NO_SOURCE:
            raise ValueError(
                "source: missing required key 'source' (only a draft may leave it out)"
            )

    @property
    def fact_key(self) -> str:
        """The fact a quiz may ask only once: the declared `fact`, else the question's own id."""
        return self.fact or self.id

    @cached_property
    def fingerprint(self) -> str:
        """A short hash of the question's content, so a profile can tell when it was edited."""
        content = asdict(self)
        # Fields added after profiles began recording fingerprints count only when set, so adding
        # them left every recorded fingerprint valid.
        for later_field, unset in LATER_FIELDS.items():
            if content.get(later_field, unset) == unset:
                content.pop(later_field, None)
        payload = json.dumps(content, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True, kw_only=True, eq=False)
class _GradedQuestion(_QuestionBase):
    """Fields every knowledge (graded) kind adds; fit and readiness items have no difficulty."""

    difficulty: Annotated[StrictInt, Field(ge=1, le=3)] = 1
    """1 (recall) to 3 (needs close reading); weights mastery."""
    beyond: Annotated[StrictStr, Field(min_length=12)] | None = None
    """Optional: what this question's point takes from common practice beyond the three documents,
    said plainly (the feedback shows it as "Beyond the documents: ..."). The cited `source` is still
    the closest passage the documents give."""


@dataclass(frozen=True, kw_only=True, eq=False)
class _ChoiceQuestion(_GradedQuestion):
    """A question with listed choices."""

    choices: Annotated[list[StrictStr], Field(min_length=2, max_length=5)]
    """The choices as written (2 to 5; a multi question has 3 to 9); the quiz may shuffle them."""
    why_wrong: dict[StrictStr, StrictStr] = field(default_factory=dict)
    """Optional note per wrong choice, keyed by its 0-based index as a string: `why_wrong = { 2 = "..." }`."""
    about: Role | None = None
    """Optional: which role the documents tie this fact to; counts toward "engineer duties recognised"."""

    def __post_init__(self) -> None:
        self._check_source()
        self._check_choices()

    def _check_choices(self) -> None:
        stripped = [choice.strip().casefold() for choice in self.choices]
        if any(not choice for choice in stripped):
            raise ValueError("choices: a choice is empty")
        if len(set(stripped)) != len(stripped):
            raise ValueError("choices: two choices have the same text")
        for key in self.why_wrong:
            if not key.isdigit() or key != str(int(key)) or int(key) >= len(self.choices):
                raise ValueError(f"why_wrong: key {key!r} is not the index of a choice")


@dataclass(frozen=True, kw_only=True, eq=False)
class SingleQuestion(_ChoiceQuestion):
    """One right choice among 2 to 5 (two, as Moodle's Aiken files may hold)."""

    kind: Literal["single"]
    """Discriminator: `single`."""
    answer: Annotated[StrictInt, Field(ge=0)]
    """0-based index of the right choice in `choices`."""

    def __post_init__(self) -> None:
        self._check_source()
        self._check_choices()
        if self.answer >= len(self.choices):
            raise ValueError(
                f"answer: {self.answer} is out of range; choices are numbered 0 to "
                f"{len(self.choices) - 1}"
            )
        if str(self.answer) in self.why_wrong:
            raise ValueError("why_wrong: explains the right answer; it is for wrong choices only")


@dataclass(frozen=True, kw_only=True, eq=False)
class MultiQuestion(_ChoiceQuestion):
    """Select all that apply; graded all-or-nothing, with partial credit recorded."""

    kind: Literal["multi"]
    """Discriminator: `multi`."""
    choices: Annotated[list[StrictStr], Field(min_length=3, max_length=9)]
    """The choices as written (3 to 9); the quiz may shuffle them."""
    answers: Annotated[list[StrictInt], Field(min_length=1)]
    """0-based indexes of every right choice."""

    def __post_init__(self) -> None:
        self._check_source()
        self._check_choices()
        bad = [index for index in self.answers if not 0 <= index < len(self.choices)]
        if bad:
            raise ValueError(
                f"answers: {bad} out of range; choices are numbered 0 to {len(self.choices) - 1}"
            )
        if len(set(self.answers)) != len(self.answers):
            raise ValueError("answers: an index is listed twice")


@dataclass(frozen=True, kw_only=True, eq=False)
class TrueFalseQuestion(_GradedQuestion):
    """A statement that is true or false according to the documents."""

    kind: Literal["true_false"]
    """Discriminator: `true_false`."""
    answer: StrictBool
    """Whether the statement in `prompt` is true."""
    about: Role | None = None
    """Optional: which role the documents tie this fact to."""

    def __post_init__(self) -> None:
        self._check_source()


@dataclass(frozen=True, kw_only=True, eq=False)
class RoleSources(_Record):
    """The passage that gives a duty, skill or tool to each role (a role question keyed "both")."""

    __pydantic_config__: ClassVar[ConfigDict] = FORBID_EXTRA

    engineer: Source
    """A passage giving it to backend engineers."""
    developer: Source
    """A passage giving it to backend developers."""


@dataclass(frozen=True, kw_only=True, eq=False)
class RoleQuestion(_GradedQuestion):
    """Which role do the documents give this duty, skill or tool to?"""

    kind: Literal["role"]
    """Discriminator: `role`."""
    answer: Role
    """`engineer`, `developer` or `both`, as the cited passage says."""
    role_sources: RoleSources | None = None
    """Optional: a passage per role, `{ engineer = { doc, quote }, developer = { doc, quote } }`;
    expected when `answer` is `both`, so each role's share is shown, not assumed. `quizapp check`
    proves each quote is in its document, like `source`."""

    def __post_init__(self) -> None:
        self._check_source()


FIT_MAX = 3
"""The most points a fit option gives one side."""

FitForm = Literal["scale", "choice"]
"""How a fit item asks: `scale` (how much would you enjoy one emphasis of the work, from "a lot" to
"not at all") or `choice` (which of two emphases of one kind of work, with "both" and "neither"
always offered)."""


@dataclass(frozen=True, kw_only=True, eq=False)
class FitOption(_Record):
    """One answer to a fit item, with the points it gives each role.

    In a `choice` item the points say which way the answer leans: the engineer option gives the
    engineer side points, the developer option the developer side as many, "both" the same to each,
    "neither" none. In a `scale` item they say how much interest the answer shows in that item's
    side: 3, 2, 1, 0 from "a lot" to "not at all" (a dislike is evidence too).
    """

    __pydantic_config__: ClassVar[ConfigDict] = FORBID_EXTRA

    text: Annotated[StrictStr, Field(min_length=1)]
    """The answer as shown, e.g. "A lot"."""
    engineer: Annotated[StrictInt, Field(ge=0, le=FIT_MAX)] = 0
    """Points toward the backend engineer path (0 to 3)."""
    developer: Annotated[StrictInt, Field(ge=0, le=FIT_MAX)] = 0
    """Points toward the backend developer path (0 to 3)."""


@dataclass(frozen=True, kw_only=True, eq=False)
class FitQuestion(_QuestionBase):
    """No right answer: what a person would enjoy or choose. Only fit items move the verdict.

    `quizapp check` proves the fit items are balanced (see `quizapp.core.fit_check`).
    """

    kind: Literal["fit"]
    """Discriminator: `fit`."""
    form: FitForm
    """`scale` (one side's work; needs a `mirror`) or `choice` (offers both sides, "both", "neither")."""
    label: Annotated[StrictStr, Field(min_length=3, max_length=60)]
    """A short name for the work, used in reasons as written: "Rate limits for every team's API"."""
    mirror: Annotated[StrictStr, Field(pattern=ID_PATTERN)] | None = None
    """For a `scale` item: the id of the scale item on the same topic from the other side, with the
    same weights."""
    options: Annotated[list[FitOption], Field(min_length=3, max_length=5)]
    """The answers to choose from, in the order shown (never shuffled)."""

    def __post_init__(self) -> None:
        self._check_source()
        texts = [option.text.strip().casefold() for option in self.options]
        if len(set(texts)) != len(texts):
            raise ValueError("options: two options have the same text")


@dataclass(frozen=True, kw_only=True, eq=False)
class ReadinessOption(_Record):
    """One answer to a readiness item: how ready the person says they are."""

    __pydantic_config__: ClassVar[ConfigDict] = FORBID_EXTRA

    text: Annotated[StrictStr, Field(min_length=1)]
    """The answer as shown, e.g. "I can do it on my own"."""
    level: Annotated[StrictInt, Field(ge=0, le=3)]
    """0 (new to it) to 3 (could teach it); 2 or more counts as ready for the learning path."""


@dataclass(frozen=True, kw_only=True, eq=False)
class ReadinessQuestion(_QuestionBase):
    """No right answer: self-rated confidence in one area. Gives no role points; orders the path."""

    kind: Literal["readiness"]
    """Discriminator: `readiness`."""
    options: Annotated[list[ReadinessOption], Field(min_length=2, max_length=5)]
    """The answers to choose from, in the order shown (never shuffled)."""

    def __post_init__(self) -> None:
        texts = [option.text.strip().casefold() for option in self.options]
        if len(set(texts)) != len(texts):
            raise ValueError("options: two options have the same text")
        levels = [option.level for option in self.options]
        if len(set(levels)) != len(levels):
            raise ValueError("options: two options have the same level")


KINDS: tuple[str, ...] = ("single", "multi", "true_false", "role", "fit", "readiness")
"""Every question kind."""

RetiredKind = Literal["self_rating", "single", "multi", "true_false", "role", "fit", "readiness"]
"""What a retired question was: one of the kinds, or `self_rating` (the kind fit and readiness
replaced)."""


@dataclass(frozen=True, kw_only=True, eq=False)
class RetiredItem(_Record):
    """A question no longer asked (one `[[retired]]` table of `questions/retired.toml`).

    Answers to it stay in the profile and attempt files as they were written; the verdict, the
    scores and the path ignore them, and the person is told how many no longer count. A question
    whose meaning changes gets a new id; its old id is listed here, never reused.
    """

    __pydantic_config__: ClassVar[ConfigDict] = FORBID_EXTRA

    id: Annotated[StrictStr, Field(pattern=ID_PATTERN, max_length=80)]
    """The retired question's id, as old answers name it; `quizapp check` refuses a live question
    with this id."""
    kind: RetiredKind
    """What the question was (`self_rating`, `fit`, ...): what the person is told counts no more."""
    note: Annotated[StrictStr, Field(min_length=8)]
    """Why it was retired and what replaces it, for whoever maintains the bank (not shown to people)."""


GRADED_KINDS: frozenset[str] = frozenset({"single", "multi", "true_false", "role"})
"""The knowledge kinds: they have a right answer and are graded."""

AnyQuestion = (
    SingleQuestion
    | MultiQuestion
    | TrueFalseQuestion
    | RoleQuestion
    | FitQuestion
    | ReadinessQuestion
)
"""Any question, told apart by its `kind` (`quizapp.core.validation` makes it the discriminator)."""

OptionQuestion = FitQuestion | ReadinessQuestion
"""The ungraded kinds: the person picks one of `options`, in the order shown."""

QUESTION_CLASSES: dict[str, type[AnyQuestion]] = {
    "single": SingleQuestion,
    "multi": MultiQuestion,
    "true_false": TrueFalseQuestion,
    "role": RoleQuestion,
    "fit": FitQuestion,
    "readiness": ReadinessQuestion,
}
"""Each `kind` and its dataclass."""


def is_graded(question: AnyQuestion) -> bool:
    """Whether a question is knowledge (graded right or wrong), not fit or readiness."""
    return question.kind in GRADED_KINDS


def question_from_checked(data: dict[str, Any]) -> AnyQuestion:
    """Rebuild a question from `asdict` data that was validated before (the checked-bank cache).

    No pydantic here: the data was written from validated questions; `__post_init__` checks still run.
    """
    fields = dict(data)
    fields["source"] = Source(**fields["source"])
    if fields.get("role_sources") is not None:
        fields["role_sources"] = RoleSources(
            **{role: Source(**source) for role, source in fields["role_sources"].items()}
        )
    if fields["kind"] == "fit":
        fields["options"] = [FitOption(**option) for option in fields["options"]]
    elif fields["kind"] == "readiness":
        fields["options"] = [ReadinessOption(**option) for option in fields["options"]]
    return QUESTION_CLASSES[fields["kind"]](**fields)


def choice_count(question: AnyQuestion) -> int:
    """How many answers a person can pick from for `question`."""
    if isinstance(question, SingleQuestion | MultiQuestion):
        return len(question.choices)
    if isinstance(question, TrueFalseQuestion):
        return 2
    if isinstance(question, RoleQuestion):
        return len(ROLES)
    return len(question.options)


class Bank:
    """The loaded, checked question bank: questions in file order, looked up by id."""

    def __init__(
        self,
        questions: list[AnyQuestion],
        files: dict[str, str],
        drafts: tuple[AnyQuestion, ...] = (),
        retired: tuple[RetiredItem, ...] = (),
    ) -> None:
        """Build a bank.

        Args:
            questions: every question, in file then table order.
            files: question id -> the bank file name it came from.
            drafts: the `draft` questions, kept apart: no quiz or pack uses them.
            retired: the questions no longer asked (`retired.toml`), whose old answers are ignored.
        """
        self.questions: tuple[AnyQuestion, ...] = tuple(questions)
        """Every question, in file then table order."""
        self.files = files
        """Question id -> the bank file name it came from."""
        self.drafts = drafts
        """Draft questions (waiting for a source passage), in file order; not in `questions`."""
        self.retired: dict[str, RetiredItem] = {item.id: item for item in retired}
        """Retired question id -> its entry: answers to these are kept in files and ignored."""
        self._by_id = {question.id: question for question in self.questions}

    def __len__(self) -> int:
        return len(self.questions)

    def __contains__(self, question_id: object) -> bool:
        return question_id in self._by_id

    def get(self, question_id: str) -> AnyQuestion | None:
        """The question with this id, or None when the bank has no such question."""
        return self._by_id.get(question_id)

    def __getitem__(self, question_id: str) -> AnyQuestion:
        return self._by_id[question_id]
