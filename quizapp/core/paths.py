"""The learning-path catalogue format (`questions/paths.toml`): two ordered paths of steps with projects."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from quizapp.core.bank import AREAS, ID_PATTERN, Source
from quizapp.core.loader import Documents, check_source, load_model_data
from quizapp.core.problems import Problem
from quizapp.core.reading import BANK_FILE_CAP
from quizapp.core.validation import resolved

CATALOGUE_FILE = "paths.toml"
"""The catalogue's file name inside the questions folder."""

_STRICT = ConfigDict(extra="forbid", frozen=True, strict=True)


class Project(BaseModel):
    """A small project that practises a step: something to build and show."""

    model_config = _STRICT

    title: str = Field(min_length=3)
    """Short name, e.g. "Login system with hashed passwords"."""
    brief: str = Field(min_length=10)
    """What to build, in two or three sentences."""
    difficulty: Literal["beginner", "intermediate", "advanced"]
    """How hard it is for someone at this step."""
    skills: list[str] = Field(min_length=1)
    """The skills it exercises."""
    done_when: str = Field(min_length=10)
    """How to know it is finished."""
    source: Source | None = None
    """The passage that suggests it, when a document does."""


class Resource(BaseModel):
    """Something to read or practise beside the projects."""

    model_config = _STRICT

    kind: Literal["reading", "practice", "certification"]
    """What sort of resource it is."""
    title: str = Field(min_length=3)
    """Its name."""
    detail: str = Field(min_length=10)
    """What to do with it."""
    source: Source | None = None
    """The passage that mentions it, when a document does."""


class Step(BaseModel):
    """One step of a learning path."""

    model_config = _STRICT

    id: str = Field(pattern=ID_PATTERN, max_length=80)
    """Stable id, unique across the catalogue; profiles record step status by it."""
    title: str = Field(min_length=3)
    """Short title."""
    areas: list[str] = Field(min_length=1)
    """The skill areas it builds (ids from `AREAS`); mastery in them marks it "review only"."""
    learn: str = Field(min_length=10)
    """What to learn in this step."""
    why: str = Field(min_length=10)
    """Why this role needs it, in our words."""
    source: Source
    """The passage that says the role needs it."""
    prerequisites: list[str] = Field(default_factory=list)
    """Ids of earlier steps in the same path that must come first."""
    projects: list[Project] = Field(min_length=1)
    """At least one small project."""
    resources: list[Resource] = Field(default_factory=list)
    """Reading, practice or certification items."""


class LearningPath(BaseModel):
    """The ordered steps toward one role."""

    model_config = _STRICT

    role: Literal["engineer", "developer"]
    """Which role this path leads to."""
    title: str = Field(min_length=3)
    """E.g. "Backend engineer"."""
    summary: str = Field(min_length=10)
    """One or two sentences on what the role is about."""
    steps: list[Step] = Field(min_length=8, max_length=12)
    """8 to 12 steps in their default order."""

    @model_validator(mode="after")
    def _check_prerequisites(self) -> LearningPath:
        earlier: set[str] = set()
        for step in self.steps:
            for prerequisite in step.prerequisites:
                if prerequisite not in earlier:
                    raise ValueError(
                        f"steps: prerequisite '{prerequisite}' of step '{step.id}' is not an "
                        "earlier step of this path"
                    )
            earlier.add(step.id)
        return self


class Catalogue(BaseModel):
    """The whole `paths.toml`: one path per role."""

    model_config = _STRICT

    paths: list[LearningPath] = Field(min_length=2, max_length=2)
    """The engineer path and the developer path."""

    @model_validator(mode="after")
    def _check_roles(self) -> Catalogue:
        roles = sorted(path.role for path in self.paths)
        if roles != ["developer", "engineer"]:
            raise ValueError("paths: need exactly one 'engineer' path and one 'developer' path")
        return self

    def path_for(self, role: str) -> LearningPath:
        """The path that leads to `role` (`engineer` or `developer`)."""
        for path in self.paths:
            if path.role == role:
                return path
        raise KeyError(role)

    def step(self, step_id: str) -> Step | None:
        """The step with this id in either path."""
        for path in self.paths:
            for step in path.steps:
                if step.id == step_id:
                    return step
        return None


# `Source` is a bank dataclass: its annotations resolve only with the validation module's names.
for _model in (Project, Resource, Step, LearningPath, Catalogue):
    resolved(_model)


def load_catalogue(
    questions_dir: Path, documents: Documents
) -> tuple[Catalogue | None, list[Problem]]:
    """Load and check `paths.toml` in the questions folder.

    Args:
        questions_dir: the questions folder.
        documents: the seed documents, to verify each cited passage.

    Returns:
        The catalogue (None when it cannot be loaded) and every problem found.
    """
    path = questions_dir / CATALOGUE_FILE
    if not (path.exists() or path.is_symlink()):
        # A bank without a catalogue is still a bank; the app then says the path is unavailable.
        return None, []
    catalogue, data, problems = load_model_data(path, Catalogue, BANK_FILE_CAP)
    if data is not None:
        # On the raw data, so unknown areas and quotes not found show up together with any
        # structural error, in one `quizapp check`.
        problems.extend(_check_steps(path, data, documents, ids=catalogue is not None))
    return (catalogue if not problems else None), problems


def _dicts(value: object) -> list[dict[str, Any]]:
    """The tables in `value` if it is an array (anything else is left to validation to report)."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _check_steps(
    path: Path, data: dict[str, Any], documents: Documents, *, ids: bool
) -> list[Problem]:
    """Unknown areas and cited passages not found, from the catalogue's raw data (and duplicate ids).

    `ids`: check that step ids are unique; only once the structure is valid, since a path given
    twice (itself an error) would repeat every one of its ids.
    """
    problems: list[Problem] = []
    seen: set[str] = set()
    for learning_path in _dicts(data.get("paths")):
        for step in _dicts(learning_path.get("steps")):
            step_id = step.get("id")
            where = f"step {step_id}" if isinstance(step_id, str) else "step"
            if ids and isinstance(step_id, str):
                if step_id in seen:
                    problems.append(Problem(str(path), f"id: '{step_id}' is used twice", where))
                seen.add(step_id)
            areas = step.get("areas")
            for area in areas if isinstance(areas, list) else []:
                if isinstance(area, str) and area not in AREAS:
                    problems.append(
                        Problem(
                            str(path),
                            f"areas: unknown area '{area}'; use one of {', '.join(AREAS)}",
                            where,
                        )
                    )
            cited = [step.get("source")]
            cited += [item.get("source") for item in _dicts(step.get("projects"))]
            cited += [item.get("source") for item in _dicts(step.get("resources"))]
            for source in cited:
                if not isinstance(source, dict):
                    continue
                doc, quote = source.get("doc"), source.get("quote")
                if isinstance(doc, str) and isinstance(quote, str):
                    problems.extend(check_source(path, where, doc, quote, documents))
    return problems


def load_checked_catalogue(questions_dir: Path, seeds_dir: Path) -> Catalogue | None:
    """The catalogue for the app, or None if it is missing or broken (the quiz still works)."""
    catalogue, _ = load_catalogue(questions_dir, Documents.load(seeds_dir))
    return catalogue
