"""The learning-path catalogue: the shipped paths.toml, and one broken file per failure mode."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from quizapp.core.bank import AREAS
from quizapp.core.loader import Documents, fold
from quizapp.core.locations import default_questions_dir, default_seeds_dir
from quizapp.core.paths import (
    CATALOGUE_FILE,
    EARLY_STEPS,
    Catalogue,
    LearningPath,
    Step,
    load_catalogue,
    load_checked_catalogue,
    progress,
)

DATA = Path(__file__).resolve().parent.parent / "data" / "paths"


@pytest.fixture(scope="module")
def documents() -> Documents:
    """The real seed documents."""
    return Documents.load(default_seeds_dir())


@pytest.fixture(scope="module")
def catalogue(documents: Documents) -> Catalogue:
    """The shipped catalogue, which must load with no problems."""
    loaded, problems = load_catalogue(default_questions_dir(), documents)
    assert problems == []
    assert loaded is not None
    return loaded


# --------------------------------------------------------------------------- the real catalogue


def test_real_catalogue_loads_without_problems(documents: Documents) -> None:
    """questions/paths.toml loads and every passage it cites is in its document."""
    loaded, problems = load_catalogue(default_questions_dir(), documents)
    assert [str(problem) for problem in problems] == []
    assert loaded is not None
    assert load_checked_catalogue(default_questions_dir(), default_seeds_dir()) == loaded


@pytest.mark.parametrize("role", ["engineer", "developer"])
def test_real_catalogue_has_each_role_with_8_to_12_steps(catalogue: Catalogue, role: str) -> None:
    """Each role has exactly one path, of 8 to 12 steps."""
    paths = [path for path in catalogue.paths if path.role == role]
    assert len(paths) == 1
    assert catalogue.path_for(role) is paths[0]
    assert 8 <= len(paths[0].steps) <= 12


@pytest.mark.parametrize("role", ["engineer", "developer"])
def test_real_steps_are_well_formed(catalogue: Catalogue, role: str) -> None:
    """Every step has a project with done_when, known areas, and only earlier prerequisites."""
    earlier: set[str] = set()
    for step in catalogue.path_for(role).steps:
        assert step.projects, step.id
        for project in step.projects:
            assert project.done_when.strip(), (step.id, project.title)
        assert set(step.areas) <= set(AREAS), step.id
        assert set(step.prerequisites) <= earlier, step.id
        assert catalogue.step(step.id) is step
        earlier.add(step.id)


def test_real_step_ids_are_unique_across_paths(catalogue: Catalogue) -> None:
    """No step id is used twice in the catalogue (profiles record status by step id)."""
    ids = [step.id for path in catalogue.paths for step in path.steps]
    assert len(ids) == len(set(ids))


def _cited(catalogue: Catalogue, kind: str) -> list[tuple[str, str, str]]:
    """(title, doc, quote) of every project, or every resource of `kind`, that cites a passage."""
    found = []
    for path in catalogue.paths:
        for step in path.steps:
            if kind == "project":
                items = [(project.title, project.source) for project in step.projects]
            else:
                items = [(res.title, res.source) for res in step.resources if res.kind == kind]
            found += [(title, source.doc, source.quote) for title, source in items if source]
    return found


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        pytest.param("project", ["login system", "e-commerce"], id="login-ecommerce-project"),
        pytest.param("project", ["portfolio"], id="portfolio-project"),
        pytest.param("certification", ["PCEP", "Oracle"], id="pcep-oracle-certification"),
    ],
)
def test_documents_own_suggestions_appear(
    catalogue: Catalogue, documents: Documents, kind: str, words: list[str]
) -> None:
    """The projects and certifications the documents themselves suggest are in the catalogue."""
    matches = [
        (title, doc, quote)
        for title, doc, quote in _cited(catalogue, kind)
        if all(word.casefold() in fold(quote).casefold() for word in words)
    ]
    assert matches, f"no {kind} cites a passage with {words}"
    for _title, doc, quote in matches:
        assert documents.contains(doc, quote)


# --------------------------------------------------------------------------- order rules


def _orders(learning_path: LearningPath, count: int = 200) -> list[list[Step]]:
    """The catalogue order and `count` seeded random orders that respect the prerequisites.

    A person's path is reordered (weak areas first), so each rule must hold in any such order.
    """
    orders = [list(learning_path.steps)]
    for seed in range(count):
        rng = random.Random(f"{learning_path.role}:{seed}")
        placed: list[Step] = []
        left = list(learning_path.steps)
        while left:
            ready = [s for s in left if set(s.prerequisites) <= {p.id for p in placed}]
            chosen = rng.choice(ready)
            placed.append(chosen)
            left.remove(chosen)
        orders.append(placed)
    return orders


def _first_index(order: list[Step], area: str) -> int:
    return next(index for index, step in enumerate(order) if area in step.areas)


def _deploys(order: list[Step]) -> list[int]:
    """Positions of steps with a project that deploys or speaks of deploying."""
    return [
        index
        for index, step in enumerate(order)
        for project in step.projects
        if project.deploys
        or re.search(r"\bdeploy", f"{project.title} {project.brief} {project.done_when}", re.I)
    ]


def _rule_version_control_early(order: list[Step]) -> None:
    assert _first_index(order, "version-control") < EARLY_STEPS == 3


def _rule_api_step(order: list[Step]) -> None:
    assert any("apis" in step.areas for step in order)


def _rule_servers_before_deploy(order: list[Step]) -> None:
    deploys = _deploys(order)
    assert deploys, "a path has at least one project that goes live"
    assert _first_index(order, "servers") <= min(deploys)


def _rule_one_language_first(order: list[Step]) -> None:
    early = {language.casefold() for step in order[:EARLY_STEPS] for language in step.languages}
    assert len(early) <= 1, early


def _rule_no_cpp_before_the_last_third(order: list[Step]) -> None:
    cpp = [i for i, step in enumerate(order) if "c++" in " ".join(step.languages).casefold()]
    assert all(index >= 2 * len(order) // 3 for index in cpp)


def _rule_security_before_user_data(order: list[Step]) -> None:
    online = [
        index
        for index, step in enumerate(order)
        for project in step.projects
        if project.deploys and project.user_data
    ]
    if online:
        assert _first_index(order, "security") <= min(online)


def _rule_projects_built_on_come_first(order: list[Step]) -> None:
    seen: set[str] = set()
    for step in order:
        titles = {project.title for project in step.projects}
        for project in step.projects:
            assert set(project.builds_on) <= seen | titles, (step.id, project.title)
        seen |= titles


ORDER_RULES = [
    pytest.param(_rule_security_before_user_data, id="security-before-user-data-online"),
    pytest.param(_rule_projects_built_on_come_first, id="projects-built-on-come-first"),
    pytest.param(_rule_version_control_early, id="version-control-within-first-3"),
    pytest.param(_rule_api_step, id="an-api-step"),
    pytest.param(_rule_servers_before_deploy, id="servers-step-before-any-deploy"),
    pytest.param(_rule_one_language_first, id="one-language-in-first-3"),
    pytest.param(_rule_no_cpp_before_the_last_third, id="no-cpp-early"),
]


@pytest.mark.parametrize("role", ["engineer", "developer"])
@pytest.mark.parametrize("rule", ORDER_RULES)
def test_real_paths_keep_the_order_rules_in_every_order(
    catalogue: Catalogue, role: str, rule: Callable[[list[Step]], None]
) -> None:
    """The reviewers' rules hold in the catalogue order and in 200 random prerequisite orders."""
    for order in _orders(catalogue.path_for(role)):
        rule(order)


@pytest.mark.parametrize(
    ("role", "area", "within"),
    [
        pytest.param("engineer", "apis", 3, id="engineer-api-by-step-3"),
        pytest.param("developer", "apis", 6, id="developer-api-by-step-6"),
        pytest.param("engineer", "version-control", 2, id="engineer-git-by-step-2"),
        pytest.param("developer", "version-control", 2, id="developer-git-by-step-2"),
        pytest.param("engineer", "servers", 6, id="engineer-servers-by-step-6"),
        pytest.param("developer", "servers", 6, id="developer-servers-by-step-6"),
    ],
)
def test_real_catalogue_order_puts_first_duties_early(
    catalogue: Catalogue, role: str, area: str, within: int
) -> None:
    """In the catalogue's own order the first duties come early: the engineer's APIs by step 3."""
    assert _first_index(list(catalogue.path_for(role).steps), area) < within


@pytest.mark.parametrize("role", ["engineer", "developer"])
def test_real_paths_use_one_framework_and_say_which_projects_hold_user_data(
    catalogue: Catalogue, role: str
) -> None:
    """One web framework per path; every project that goes online says whether it holds data."""
    steps = catalogue.path_for(role).steps
    frameworks = {name for step in steps for name in step.frameworks}
    assert len(frameworks) == 1, frameworks
    for step in steps:
        for project in step.projects:
            assert (project.user_data is not None) == project.deploys, project.title


def test_real_developer_path_secures_the_shop_before_it_goes_online(catalogue: Catalogue) -> None:
    """The issue's case: the shop goes online (with customers' data) only after the security step."""
    steps = [step.id for step in catalogue.path_for("developer").steps]
    assert steps.index("dev-security") < steps.index("dev-servers-deployment")
    online = catalogue.step("dev-servers-deployment")
    assert online is not None and "dev-security" in online.prerequisites
    assert all(p.user_data for p in online.projects if p.deploys)


@pytest.mark.parametrize("role", ["engineer", "developer"])
def test_real_first_steps_offer_a_beginner_project(catalogue: Catalogue, role: str) -> None:
    """Where a beginner starts, a project a beginner can do; the hash map and LRU cache is not one."""
    first = catalogue.path_for(role).steps[0]
    assert any(project.difficulty == "beginner" for project in first.projects)
    for project in first.projects:
        if "LRU" in project.title:
            assert project.difficulty != "beginner"


def test_real_projects_need_nothing_the_learner_lacks(catalogue: Catalogue) -> None:
    """No project asks for services or earlier projects the learner has not built by then."""
    for path in catalogue.paths:
        for step in path.steps:
            for project in step.projects:
                assert "two different services" not in project.brief, project.title


def test_real_resources_name_a_publisher_and_say_when_they_cost(catalogue: Catalogue) -> None:
    """Every resource names who publishes it, is a named title (not "an algorithms textbook"),
    gives a plain https address if any, and certifications (exam fees) say they are paid."""
    resources = [r for path in catalogue.paths for step in path.steps for r in step.resources]
    assert len(resources) >= 2 * len(catalogue.paths) * 5
    for resource in resources:
        assert resource.publisher.strip(), resource.title
        assert not re.match(r"(?i)(a|an|any|some)\b", resource.title), resource.title
        assert resource.url is None or resource.url.startswith("https://"), resource.title
        if resource.kind == "certification":
            assert resource.paid, resource.title
        assert resource.publisher in resource.credit
        assert ("paid" in resource.credit) == resource.paid


@pytest.mark.parametrize("role", ["engineer", "developer"])
def test_every_real_step_names_a_resource_to_learn_from(catalogue: Catalogue, role: str) -> None:
    """Each step names at least one real resource beside its projects."""
    for step in catalogue.path_for(role).steps:
        assert step.resources, step.id


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        pytest.param([], (0, 0), id="empty"),
        pytest.param(["todo", "learning"], (0, 2), id="nothing-done"),
        pytest.param(["done", "review", "todo"], (2, 3), id="done-and-review-count"),
        pytest.param(["skipped", "done", "todo"], (1, 2), id="skipped-leaves-the-count"),
        pytest.param(["skipped", "skipped"], (0, 0), id="all-skipped"),
    ],
)
def test_progress_counts_done_of_not_skipped(
    statuses: list[str], expected: tuple[int, int]
) -> None:
    """Progress is (done or review only, not skipped)."""
    assert progress(statuses) == expected


# --------------------------------------------------------------------------- broken catalogues


def test_minimal_fixture_is_valid(documents: Documents) -> None:
    """The base every broken fixture changes in one place loads cleanly (so each breaks once)."""
    loaded, problems = load_catalogue(DATA / "minimal_valid", documents)
    assert problems == []
    assert loaded is not None


@pytest.mark.parametrize(
    ("mode", "expected", "where"),
    [
        pytest.param("bad_toml", ["not valid TOML"], "", id="bad_toml"),
        pytest.param("missing_role_path", ["engineer", "developer"], "", id="missing_role_path"),
        pytest.param("too_few_steps", ["paths.1.steps", "at least 8"], "", id="too_few_steps"),
        pytest.param("unknown_area", ["areas", "cooking"], "step eng-step-3", id="unknown_area"),
        pytest.param(
            "quote_not_in_document",
            ["source.quote", "not found in 002_1c51edeaa5eca1e1.txt"],
            "step dev-step-2",
            id="quote_not_in_document",
        ),
        pytest.param(
            "prerequisite_not_earlier",
            ["prerequisite 'eng-step-5'", "eng-step-2", "not an earlier step"],
            "",
            id="prerequisite_not_earlier",
        ),
        pytest.param(
            "duplicate_step_id",
            ["'dev-step-3'", "twice"],
            "step dev-step-3",
            id="duplicate_step_id",
        ),
        pytest.param(
            "step_without_project",
            ["paths.0.steps.5.projects", "missing"],
            "",
            id="step_without_project",
        ),
        pytest.param("extra_key", ["unknown key 'notes'"], "", id="extra_key"),
        pytest.param(
            "resource_without_publisher",
            ["paths.0.steps.0.resources.0.publisher", "missing"],
            "",
            id="resource_without_publisher",
        ),
        pytest.param(
            "version_control_late",
            ["version control comes too late", "'eng-step-4'", "first 3 steps"],
            "path engineer",
            id="version_control_late",
        ),
        pytest.param("no_api_step", ["no step in the 'apis' area"], "path engineer", id="no_api"),
        pytest.param(
            "deploy_before_servers",
            ["'Project 2' deploys", "'servers' area", "prerequisites"],
            "step dev-step-2",
            id="deploy_before_servers",
        ),
        pytest.param(
            "deploy_not_flagged",
            ["'Project 7' speaks of deploying", "deploys = true"],
            "step eng-step-7",
            id="deploy_not_flagged",
        ),
        pytest.param(
            "user_data_undeclared",
            ["'Project 7' deploys", "user_data = true or false"],
            "step eng-step-7",
            id="user_data_undeclared",
        ),
        pytest.param(
            "user_data_before_security",
            ["'Project 7' goes online with people's data", "'security' area", "prerequisites"],
            "step dev-step-7",
            id="user_data_before_security",
        ),
        pytest.param(
            "user_data_words_unflagged",
            ["'Project 7' goes online and speaks of 'shop'", "user_data = true"],
            "step eng-step-7",
            id="user_data_words_unflagged",
        ),
        pytest.param(
            "two_frameworks",
            ["2 web frameworks", "Flask (eng-step-5)", "Django (eng-step-6)"],
            "path engineer",
            id="two_frameworks",
        ),
        pytest.param(
            "framework_not_listed",
            ["names the framework Flask", "frameworks = [...]"],
            "step dev-step-2",
            id="framework_not_listed",
        ),
        pytest.param(
            "first_step_not_beginner",
            ["can come first", 'difficulty = "beginner"'],
            "step eng-step-1",
            id="first_step_not_beginner",
        ),
        pytest.param(
            "builds_on_later_project",
            ["builds on 'Project 5'", "'eng-step-5'", "prerequisites"],
            "step eng-step-3",
            id="builds_on_later_project",
        ),
        pytest.param(
            "builds_on_unknown_project",
            ["builds on 'Weather station'", "no project of this path"],
            "step eng-step-3",
            id="builds_on_unknown_project",
        ),
        pytest.param(
            "two_languages_early",
            ["2 languages", "Python (dev-step-1)", "JavaScript (dev-step-2)"],
            "path developer",
            id="two_languages_early",
        ),
    ],
)
def test_broken_catalogue_reports_problem(
    documents: Documents, mode: str, expected: list[str], where: str
) -> None:
    """Each broken catalogue is refused with one problem naming the file and what is wrong."""
    folder = DATA / mode
    loaded, problems = load_catalogue(folder, documents)
    assert loaded is None
    assert len(problems) == 1, [str(problem) for problem in problems]
    problem = problems[0]
    assert problem.file == str(folder / CATALOGUE_FILE)
    assert str(folder / CATALOGUE_FILE) in str(problem)
    assert problem.where == where
    for fragment in expected:
        assert fragment in problem.message
    assert load_checked_catalogue(folder, default_seeds_dir()) is None


def test_bad_toml_catalogue_reports_the_line(documents: Documents) -> None:
    """A catalogue that is not valid TOML is reported at the line where parsing failed."""
    _, problems = load_catalogue(DATA / "bad_toml", documents)
    assert problems[0].line == 5


def test_quote_problem_shows_the_closest_passage(documents: Documents) -> None:
    """A quote that is not in its document is shown with the closest real passage."""
    _, problems = load_catalogue(DATA / "quote_not_in_document", documents)
    message = problems[0].message
    closest = message.split("the closest passage is: ", 1)[1].strip('"')
    assert closest
    assert closest in documents.folded["002_1c51edeaa5eca1e1.txt"]


_GOOD_QUOTE = "Securing your databases and servers may also be the role of a backend developer."
_BAD_QUOTE = "Backend developers spend most of their day painting murals."
_BAD_SOURCE = f'source = {{ doc = "002_1c51edeaa5eca1e1.txt", quote = "{_BAD_QUOTE}" }}'


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda text: text.replace(_GOOD_QUOTE, _BAD_QUOTE, 1), id="step-source"),
        pytest.param(
            lambda text: text.replace(
                'done_when = "It runs and its tests pass." }',
                f'done_when = "It runs and its tests pass.", {_BAD_SOURCE[:-2]}}} }}',
                1,
            ),
            id="project-source",
        ),
        pytest.param(
            lambda text: text.replace(
                'prerequisites = ["eng-step-1"]',
                'prerequisites = ["eng-step-1"]\nresources = [{ kind = "reading", title = "Pro Git",'
                ' publisher = "Scott Chacon and Ben Straub (Apress), free online",'
                f' detail = "Read the chapter on it.", {_BAD_SOURCE[:-2]}}} }}]',
                1,
            ),
            id="resource-source",
        ),
    ],
)
def test_bad_quote_is_caught_wherever_cited(
    documents: Documents, tmp_path: Path, edit: Callable[[str], str]
) -> None:
    """A passage not in its document is reported for a step, a project or a resource."""
    text = (DATA / "minimal_valid" / CATALOGUE_FILE).read_text(encoding="utf-8")
    edited = edit(text)
    assert edited != text
    (tmp_path / CATALOGUE_FILE).write_text(edited, encoding="utf-8")
    loaded, problems = load_catalogue(tmp_path, documents)
    assert loaded is None
    assert len(problems) == 1, [str(problem) for problem in problems]
    assert problems[0].file == str(tmp_path / CATALOGUE_FILE)
    assert problems[0].message.startswith("source.quote: not found")
    assert problems[0].where.startswith("step ")


def test_missing_catalogue_is_not_a_problem(documents: Documents, tmp_path: Path) -> None:
    """A bank folder without paths.toml gives no catalogue and no problem (the quiz still works)."""
    assert load_catalogue(tmp_path, documents) == (None, [])
    assert load_checked_catalogue(tmp_path, default_seeds_dir()) is None


def test_non_utf8_catalogue_reports_problem(documents: Documents, tmp_path: Path) -> None:
    """A paths.toml saved in another encoding gives one problem naming the file."""
    path = tmp_path / CATALOGUE_FILE
    path.write_bytes('summary = "caf\u00e9"\n'.encode("latin-1"))
    loaded, problems = load_catalogue(tmp_path, documents)
    assert loaded is None
    assert [problem.file for problem in problems] == [str(path)]
    assert "UTF-8" in problems[0].message


def test_catalogue_with_missing_document_names_it(tmp_path: Path) -> None:
    """With no seed documents, the cited document is reported as missing, naming the file."""
    source = DATA / "minimal_valid" / CATALOGUE_FILE
    (tmp_path / CATALOGUE_FILE).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    loaded, problems = load_catalogue(tmp_path, Documents.load(tmp_path / "no-seeds"))
    assert loaded is None
    assert problems
    assert all(problem.file == str(tmp_path / CATALOGUE_FILE) for problem in problems)
    assert all("source.doc" in problem.message for problem in problems)


def test_structural_errors_and_unknown_areas_and_quotes_come_in_one_run(
    tmp_path: Path, documents: Documents
) -> None:
    """An extra key does not hide an unknown area or a quote not found: all three are reported."""
    text = (DATA / "minimal_valid" / CATALOGUE_FILE).read_text(encoding="utf-8")
    text = text.replace('areas = ["security"]', 'areas = ["cooking"]', 1)
    text = text.replace(
        "Securing your databases and servers may also be the role of a backend developer.",
        "Securing your databases and servers is always the role of a chef.",
        1,
    )
    text = text.replace('role = "engineer"', 'role = "engineer"\ncolour = "blue"', 1)
    (tmp_path / CATALOGUE_FILE).write_text(text, encoding="utf-8")
    loaded, problems = load_catalogue(tmp_path, documents)
    assert loaded is None
    messages = [str(problem) for problem in problems]
    assert any("colour" in message for message in messages), messages
    assert any("unknown area 'cooking'" in message for message in messages), messages
    assert any("source.quote: not found" in message for message in messages), messages
