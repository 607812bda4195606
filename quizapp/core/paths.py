"""The learning-path catalogue format (`questions/paths.toml`): two ordered paths of steps with projects."""

from __future__ import annotations

import re
from collections.abc import Iterable
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

EARLY_STEPS = 3
"""How many steps count as a path's first ones for the order rules. A person's path is reordered
(weak areas first, see `plan_path`), so the rules hold for every order the prerequisites allow: a
step with fewer than this many prerequisites, direct or not, can be among the first ones."""

_DEPLOY_WORDS = re.compile(r"\bdeploy", re.IGNORECASE)
_USER_DATA_WORDS = re.compile(
    r"\b(log ?ins?|sign[- ]?ups?|accounts?|passwords?|customers?|orders?|payments?|checkout|"
    r"carts?|personal (data|details)|e-?mail address(es)?|profiles?|comments?|messages?|"
    r"e-commerce|shop|guestbook|patients?|students?)\b",
    re.IGNORECASE,
)
"""Words that say a project holds people's data."""
FRAMEWORKS: dict[str, str] = {
    r"Flask": "Flask",
    r"Django": "Django",
    r"FastAPI": "FastAPI",
    r"Spring( Boot| MVC| Framework)?": "Spring Boot",
    r"(Ruby on )?Rails": "Rails",
    r"Sinatra": "Sinatra",
    r"Express(\.js)?": "Express",
    r"NestJS": "NestJS",
    r"Laravel": "Laravel",
    r"Symfony": "Symfony",
    r"ASP\.NET( Core)?": "ASP.NET",
    r"Phoenix": "Phoenix",
    r"Micronaut": "Micronaut",
    r"Quarkus": "Quarkus",
    r"Ktor": "Ktor",
}
"""Web frameworks `quizapp check` recognises in a step's text (pattern -> name); names are matched
with their capitals, so "express" or "spring" as plain words do not count."""
_FRAMEWORK_WORDS = re.compile(r"\b(" + "|".join(f"(?:{p})" for p in FRAMEWORKS) + r")(?!\w)")


def framework_name(text: str) -> str:
    """The canonical name of a framework as written (`spring` -> `Spring Boot`), else the text."""
    for pattern, name in FRAMEWORKS.items():
        if re.fullmatch(pattern, text.strip(), re.IGNORECASE):
            return name
    return text.strip()


def named_frameworks(text: str) -> list[str]:
    """The web frameworks a text names, canonical and in order of first mention."""
    found: list[str] = []
    for match in _FRAMEWORK_WORDS.finditer(text):
        name = framework_name(match.group(0))
        if name not in found:
            found.append(name)
    return found


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
    deploys: bool = False
    """True when finishing it means running it on a server others can reach; `quizapp check`
    wants such a project only in a step that is, or comes after, a `servers` step (HTTP, servers and
    deployment are taught before any "deploy it" project), and wants any project whose text speaks of
    deploying to say so here."""
    user_data: bool | None = None
    """For a project that `deploys`: whether what goes online holds people's data (accounts,
    passwords, orders, messages, personal details). Required with `deploys = true`; `quizapp check`
    wants a project that goes online with user data only in a step that is, or comes after, a
    `security` step."""
    builds_on: list[str] = Field(default_factory=list)
    """Titles of earlier projects this one extends (e.g. ["URL shortener API"]); `quizapp check`
    wants each in this step or a step it needs first, so the learner has it when they get here."""
    source: Source | None = None
    """The passage that suggests it, when a document does."""


class Resource(BaseModel):
    """A named, real resource to learn from beside the projects: a book, course, tutorial or exam."""

    model_config = _STRICT

    kind: Literal["reading", "course", "tutorial", "practice", "certification"]
    """What sort of resource it is: something to read, a course, a step-by-step tutorial, an
    interactive practice site, or a certification exam."""
    title: str = Field(min_length=3)
    """Its exact published title, e.g. "Pro Git" or "Writing your first Django app"."""
    publisher: str = Field(min_length=3)
    """Who publishes it (and the authors of a book), e.g. "Scott Chacon and Ben Straub (Apress),
    free online": so a reader can find the very resource meant, not a look-alike."""
    url: str | None = Field(default=None, pattern=r"^https://\S+$")
    """Where to find it, as plain text for the reader (quizapp never fetches it)."""
    paid: bool = False
    """True when it costs money (a paid book, an exam fee); the path then says so."""
    detail: str = Field(min_length=10)
    """What to do with it."""
    source: Source | None = None
    """The passage that mentions it, when a document does."""

    @property
    def credit(self) -> str:
        """Title, publisher and cost in one line, e.g. "Pro Git (Scott Chacon and Ben Straub ...)"."""
        return f"{self.title} ({self.publisher}{'; paid' if self.paid else ''})"


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
    frameworks: list[str] = Field(default_factory=list)
    """The web frameworks this step asks a learner to use, e.g. ["Django"]; `quizapp check` allows
    one per path (a beginner learns one well), and wants any framework the step's text names
    listed here."""
    languages: list[str] = Field(default_factory=list)
    """The programming languages this step asks a learner to learn (not HTML, CSS or SQL), e.g.
    ["Python"]; `quizapp check` allows only one between the steps that can come first (see
    `EARLY_STEPS`), so a beginner learns one server language well before any other."""
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


def progress(statuses: Iterable[str]) -> tuple[int, int]:
    """How far along a path is: (steps done or review only, steps not skipped).

    A skipped step leaves the count, as on roadmap sites: skipping what you do not need is not a
    step left to do, and not a step learned either.
    """
    finished = counted = 0
    for status in statuses:
        if status == "skipped":
            continue
        counted += 1
        finished += status in ("done", "review")
    return finished, counted


def _ancestors(learning_path: LearningPath) -> dict[str, set[str]]:
    """Step id -> the ids of every step it needs first, directly or through other steps."""
    ancestors: dict[str, set[str]] = {}
    for step in learning_path.steps:
        needed: set[str] = set()
        for prerequisite in step.prerequisites:
            needed |= {prerequisite, *ancestors.get(prerequisite, set())}
        ancestors[step.id] = needed
    return ancestors


def order_problems(path: Path, learning_path: LearningPath) -> list[Problem]:
    """The reviewers' order rules for one path, for every order a person's path can take.

    Version control within the first `EARLY_STEPS` steps; an API step; no project that deploys
    before a `servers` step teaches HTTP, servers and deployment; no project that goes online with
    people's data before a `security` step; one web framework per path; a beginner project in every
    step that can come first; every project built on taught before; one programming language at
    most among the steps that can come first.
    """
    problems: list[Problem] = []
    file = str(path)
    where = f"path {learning_path.role}"
    ancestors = _ancestors(learning_path)
    steps = learning_path.steps

    git_steps = [step for step in steps if "version-control" in step.areas]
    late = {
        step.id: [
            other.id for other in steps if other is not step and step.id not in ancestors[other.id]
        ]
        for step in git_steps
    }
    if not git_steps:
        problems.append(
            Problem(
                file,
                f"no step in the 'version-control' area: add a Git step among the first "
                f"{EARLY_STEPS} steps",
                where,
            )
        )
    elif all(len(before) >= EARLY_STEPS for before in late.values()):
        step_id, before = min(late.items(), key=lambda item: len(item[1]))
        problems.append(
            Problem(
                file,
                f"version control comes too late: {len(before)} steps can come before "
                f"'{step_id}' ({', '.join(before)}); make it one of the first {EARLY_STEPS} "
                "steps and a prerequisite (directly or not) of every step after those",
                where,
            )
        )

    if not any("apis" in step.areas for step in steps):
        problems.append(
            Problem(
                file,
                "no step in the 'apis' area: add a step on designing and building APIs "
                "(both roles' documents put it among the first duties)",
                where,
            )
        )

    servers = {step.id for step in steps if "servers" in step.areas}
    for step in steps:
        taught = step.id in servers or bool(ancestors[step.id] & servers)
        for project in step.projects:
            text = " ".join((project.title, project.brief, project.done_when))
            if project.deploys and not taught:
                problems.append(
                    Problem(
                        file,
                        f"project '{project.title}' deploys, but neither this step nor any step "
                        "it needs is in the 'servers' area: teach HTTP, servers and deployment "
                        "first and list that step among its prerequisites",
                        f"step {step.id}",
                    )
                )
            elif not project.deploys and _DEPLOY_WORDS.search(text):
                problems.append(
                    Problem(
                        file,
                        f"project '{project.title}' speaks of deploying: set deploys = true so "
                        "the order rules can check it",
                        f"step {step.id}",
                    )
                )

    problems.extend(_user_data_problems(file, steps, ancestors))
    problems.extend(_framework_problems(file, where, steps))
    problems.extend(_project_problems(file, steps, ancestors))

    early: dict[str, str] = {}
    for step in steps:
        if len(ancestors[step.id]) < EARLY_STEPS:
            for language in step.languages:
                early.setdefault(language.casefold(), f"{language} ({step.id})")
    if len(early) > 1:
        problems.append(
            Problem(
                file,
                f"{len(early)} languages to learn among the steps that can come first: "
                f"{', '.join(early.values())}. Keep to one server language there; move the "
                f"others to steps with at least {EARLY_STEPS} prerequisites",
                where,
            )
        )
    return problems


def _project_text(project: Project) -> str:
    return " ".join((project.title, project.brief, project.done_when))


def _user_data_problems(
    file: str, steps: list[Step], ancestors: dict[str, set[str]]
) -> list[Problem]:
    """Security before any project that goes online with people's data (for every order)."""
    problems: list[Problem] = []
    security = {step.id for step in steps if "security" in step.areas}
    for step in steps:
        secured = step.id in security or bool(ancestors[step.id] & security)
        for project in step.projects:
            where = f"step {step.id}"
            if not project.deploys:
                continue
            if project.user_data is None:
                problems.append(
                    Problem(
                        file,
                        f"project '{project.title}' deploys: say whether what goes online holds "
                        "people's data (accounts, orders, messages): user_data = true or false",
                        where,
                    )
                )
                continue
            words = _USER_DATA_WORDS.search(_project_text(project))
            if not project.user_data and words:
                problems.append(
                    Problem(
                        file,
                        f"project '{project.title}' goes online and speaks of "
                        f"'{words.group(0)}': set user_data = true (then security comes first), or "
                        "reword it if it truly holds no one's data",
                        where,
                    )
                )
            elif project.user_data and not secured:
                problems.append(
                    Problem(
                        file,
                        f"project '{project.title}' goes online with people's data, but neither "
                        "this step nor any step it needs is in the 'security' area: teach "
                        "authentication, password storage and attack defence first and list that "
                        "step among its prerequisites",
                        where,
                    )
                )
    return problems


def _framework_problems(file: str, where: str, steps: list[Step]) -> list[Problem]:
    """One web framework per path, and every framework a step's text names listed in `frameworks`."""
    problems: list[Problem] = []
    used: dict[str, str] = {}
    for step in steps:
        listed = [framework_name(name) for name in step.frameworks]
        text = " ".join([step.learn, *(_project_text(project) for project in step.projects)])
        for name in named_frameworks(text):
            if name not in listed:
                problems.append(
                    Problem(
                        file,
                        f"the step names the framework {name}: list it in frameworks = [...] so "
                        "the one-framework rule can check it, or leave it out",
                        f"step {step.id}",
                    )
                )
        for name in listed:
            used.setdefault(name.casefold(), f"{name} ({step.id})")
    if len(used) > 1:
        problems.append(
            Problem(
                file,
                f"{len(used)} web frameworks on one path: {', '.join(used.values())}. Keep to "
                "one framework, learned well, on each path",
                where,
            )
        )
    return problems


def _project_problems(
    file: str, steps: list[Step], ancestors: dict[str, set[str]]
) -> list[Problem]:
    """A beginner project in every step that can come first; every project built on is there."""
    problems: list[Problem] = []
    made_in: dict[str, str] = {}
    for step in steps:
        for project in step.projects:
            made_in.setdefault(project.title.casefold(), step.id)
    for step in steps:
        where = f"step {step.id}"
        if not step.prerequisites and not any(
            project.difficulty == "beginner" for project in step.projects
        ):
            problems.append(
                Problem(
                    file,
                    "a step that can come first needs a project a beginner can do "
                    '(difficulty = "beginner"): add one, or mark the harder ones "intermediate"',
                    where,
                )
            )
        earlier = {project.title.casefold() for project in step.projects}
        for project in step.projects:
            earlier.discard(project.title.casefold())
            for needed in project.builds_on:
                source_step = made_in.get(needed.casefold())
                if source_step is None:
                    problems.append(
                        Problem(
                            file,
                            f"project '{project.title}' builds on '{needed}', which is no project "
                            "of this path: name an earlier project's title exactly",
                            where,
                        )
                    )
                elif source_step != step.id and source_step not in ancestors[step.id]:
                    problems.append(
                        Problem(
                            file,
                            f"project '{project.title}' builds on '{needed}' from step "
                            f"'{source_step}', which this step does not need first: the learner "
                            "may not have it yet. List that step among the prerequisites",
                            where,
                        )
                    )
    return problems


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
    if catalogue is not None:
        for learning_path in catalogue.paths:
            problems.extend(order_problems(path, learning_path))
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
