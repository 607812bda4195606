"""The layers stay apart: the core never imports Textual or Rich, and the UI never imports the CLI."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "quizapp"
UI_FORBIDDEN = ("textual", "rich")

IMPORT_EVERYTHING = """
import importlib, json, pkgutil, sys
import quizapp.core
names = ["quizapp.cli"] + [
    module.name for module in pkgutil.walk_packages(quizapp.core.__path__, "quizapp.core.")
]
for name in names:
    importlib.import_module(name)
loaded = sorted(
    name for name in sys.modules if name.split(".")[0] in {"textual", "rich"}
)
print(json.dumps({"imported": names, "ui_modules": loaded}))
"""


def test_importing_core_and_cli_does_not_load_textual_or_rich() -> None:
    """Importing every core module and the CLI in a fresh interpreter leaves Textual and Rich unloaded."""
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERYTHING],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    core_modules = {
        f"quizapp.core.{path.stem}"
        for path in (PACKAGE / "core").glob("*.py")
        if path.stem != "__init__"
    }
    assert core_modules <= set(report["imported"])
    assert report["ui_modules"] == []


def imported_modules(path: Path) -> set[str]:
    """Absolute names of every module a source file imports, including inside functions."""
    package_parts = path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package_parts[: len(package_parts) - node.level + 1])
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def is_or_under(module: str, package: str) -> bool:
    """Whether `module` is `package` or one of its submodules."""
    return module == package or module.startswith(package + ".")


IMPORT_CASES = [
    pytest.param("quizapp/core/x.py", "import textual.app", {"textual.app"}, id="plain-import"),
    pytest.param(
        "quizapp/ui/screens/a.py",
        "from ... import cli",
        {"quizapp", "quizapp.cli"},
        id="relative-import-of-cli",
    ),
    pytest.param(
        "quizapp/ui/a.py",
        "from ..cli import main",
        {"quizapp.cli", "quizapp.cli.main"},
        id="dotdot",
    ),
    pytest.param(
        "quizapp/core/x.py",
        "def f():\n    from rich.text import Text\n",
        {"rich.text", "rich.text.Text"},
        id="import-inside-function",
    ),
]


@pytest.mark.parametrize(("relative", "source", "expected"), IMPORT_CASES)
def test_imported_modules_resolves_imports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, relative: str, source: str, expected: set[str]
) -> None:
    """The static import scan sees plain, relative and nested imports (so the checks below can fail)."""
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", tmp_path / "quizapp")
    path = tmp_path / relative
    path.parent.mkdir(parents=True)
    path.write_text(source, encoding="utf-8")
    assert imported_modules(path) == expected


def test_core_source_never_imports_textual_or_rich() -> None:
    """No file under quizapp/core imports textual or rich, even lazily inside a function."""
    offenders = {
        str(path.relative_to(PACKAGE.parent)): sorted(
            module
            for module in imported_modules(path)
            if any(is_or_under(module, name) for name in UI_FORBIDDEN)
        )
        for path in sorted((PACKAGE / "core").rglob("*.py"))
    }
    assert {file: modules for file, modules in offenders.items() if modules} == {}


def test_ui_source_never_imports_the_cli() -> None:
    """No file under quizapp/ui imports quizapp.cli: the CLI builds the app, never the reverse."""
    files = sorted((PACKAGE / "ui").rglob("*.py"))
    if not files:
        pytest.skip("quizapp/ui has no Python files yet")
    offenders = {
        str(path.relative_to(PACKAGE.parent)): sorted(
            module for module in imported_modules(path) if is_or_under(module, "quizapp.cli")
        )
        for path in files
    }
    assert {file: modules for file, modules in offenders.items() if modules} == {}


def test_starting_the_app_does_not_import_serving_or_exports() -> None:
    """Building the app (as `quizapp` does) leaves the web server, report and export modules out."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from quizapp.ui.app import make_app\n"
        "import quizapp.cli\n"
        "make_app(profiles_dir=Path('p'), questions_dir=Path('q'), seeds_dir=Path('s'))\n"
        "loaded = [m for m in ('textual_serve', 'aiohttp', 'quizapp.serve', 'quizapp.report',"
        " 'quizapp.core.export', 'pydantic') if m in sys.modules]\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == ""


QUIZ_WITHOUT_PYDANTIC = """
import asyncio, sys
from pathlib import Path
from quizapp.ui.app import make_app
from quizapp.ui.screens.question import QuestionScreen

profiles, cache, questions, seeds = (Path(arg) for arg in sys.argv[1:5])
app = make_app(profiles_dir=profiles, questions_dir=questions, seeds_dir=seeds, cache_dir=cache,
               profile_name="Ada", mode="quick", seed=1)

async def main() -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(200):
            if isinstance(app.screen, QuestionScreen):
                break
            await pilot.pause(0.02)
        await pilot.pause()
        print(type(app.screen).__name__, "pydantic" in sys.modules)

asyncio.run(main())
"""


def test_a_second_start_reaches_the_first_question_without_pydantic(
    tmp_path: Path, tiny_bank_dir: Path
) -> None:
    """With the checked bank cached and the profile noted, `--mode quick` never imports pydantic.

    Pydantic costs about as much as importing Textual; the first start (or any edit) pays it once.
    """
    from quizapp.core.library import Library
    from quizapp.core.store import ProfileStore

    profiles, cache = tmp_path / "profiles", tmp_path / "cache"
    questions, seeds = tiny_bank_dir / "questions", PACKAGE.parent / "seeds"
    ProfileStore(profiles, cache_dir=cache).open("Ada").close()
    Library(questions, seeds, cache).bank()
    args = [str(path) for path in (profiles, cache, questions, seeds)]
    result = subprocess.run(
        [sys.executable, "-c", QUIZ_WITHOUT_PYDANTIC, *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["QuestionScreen", "False"]
    # The quiz really started: its attempt was saved.
    assert list((profiles / "ada" / "attempts").glob("*.toml"))


@pytest.mark.parametrize(
    "stylesheet",
    sorted((PACKAGE / "ui").rglob("*.tcss")),
    ids=lambda path: str(path.relative_to(PACKAGE)),
)
def test_stylesheets_use_theme_variables_not_literal_colours(stylesheet: Path) -> None:
    """Colours come from the theme ($primary, $error, ...) so dark and light themes both work."""
    literal = re.compile(r":[^;{}]*(#[0-9a-fA-F]{3,8}\b|\brgba?\(|\bhsla?\()")
    declarations = [line.strip() for line in stylesheet.read_text(encoding="utf-8").splitlines()]
    assert [line for line in declarations if literal.search(line)] == []


def test_screens_and_widgets_never_import_the_app_class() -> None:
    """Screens and widgets know the app only as `quizapp.ui.context.QuizContext`, even for typing.

    The scan counts imports under `if TYPE_CHECKING:` too, so a type-only import is flagged as well.
    """
    files = sorted((PACKAGE / "ui" / "screens").rglob("*.py")) + sorted(
        (PACKAGE / "ui" / "widgets").rglob("*.py")
    )
    offenders = {
        str(path.relative_to(PACKAGE.parent)): sorted(
            module for module in imported_modules(path) if is_or_under(module, "quizapp.ui.app")
        )
        for path in files
    }
    assert {file: modules for file, modules in offenders.items() if modules} == {}


SCREENS_READ = {
    "person",
    "pack",
    "store",
    "library",
    "bank",
    "size",
    "class_student",
    "profile_named_at_start",
}
"""What screens read of the app: everything else they ask for by posting a message."""


def test_screens_only_read_the_app_and_post_messages_to_move_on() -> None:
    """A screen typed against QuizContext uses `self.app.X` only for what it reads (SCREENS_READ):
    starting quizzes, results, home, switching and quitting go through messages the app routes."""
    used: dict[str, set[str]] = {}
    for path in sorted((PACKAGE / "ui" / "screens").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if "app: QuizContext" not in source:
            continue
        for node in ast.walk(ast.parse(source)):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Attribute)
                and node.value.attr == "app"
                and isinstance(node.value.value, ast.Name)
                and node.value.value.id == "self"
            ):
                used.setdefault(path.name, set()).add(node.attr)
    assert used, "no screen reads the app: the scan is broken"
    assert {
        name: sorted(attrs - SCREENS_READ) for name, attrs in used.items() if attrs - SCREENS_READ
    } == {}


def test_the_app_provides_the_context_screens_use(tmp_path: Path) -> None:
    """QuizApp has every member of the QuizContext Protocol the screens are typed against."""
    import typing

    from quizapp.ui.app import make_app
    from quizapp.ui.context import QuizContext

    app = make_app(profiles_dir=tmp_path, questions_dir=tmp_path, seeds_dir=tmp_path)
    members = typing._get_protocol_attrs(QuizContext)  # type: ignore[attr-defined]
    assert members == SCREENS_READ
    missing = sorted(
        name for name in members if not hasattr(type(app), name) and name not in vars(app)
    )
    assert missing == []
    assert app.profile_named_at_start is False


def module_name(path: Path, root: Path) -> str:
    """`quizapp.ui.app` for `<root>/quizapp/ui/app.py` (a package's `__init__` is the package)."""
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_circles(package: Path) -> list[list[str]]:
    """Every group of the package's modules that import one another in a circle (imports inside
    functions and under TYPE_CHECKING count too), each sorted; [] when there is none."""
    files = {module_name(path, package): path for path in sorted(package.rglob("*.py"))}
    graph = {
        name: sorted(
            module
            for module in imported_modules_under(path, package)
            if module in files and module != name
        )
        for name, path in files.items()
    }
    # Tarjan's strongly connected components, without recursion.
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []
    for root in graph:
        if root in order:
            continue
        work = [(root, 0)]
        while work:
            node, edge = work.pop()
            if edge == 0:
                order[node] = low[node] = len(order)
                stack.append(node)
                on_stack.add(node)
            if edge < len(graph[node]):
                work.append((node, edge + 1))
                target = graph[node][edge]
                if target not in order:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], order[target])
                continue
            if low[node] == order[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    circles.append(sorted(group))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return sorted(circles)


def imported_modules_under(path: Path, package: Path) -> set[str]:
    """`imported_modules` for a file of `package` (which may be a test's own package)."""
    original = sys.modules[__name__].PACKAGE
    sys.modules[__name__].PACKAGE = package
    try:
        return imported_modules(path)
    finally:
        sys.modules[__name__].PACKAGE = original


CIRCLE_CASES = [
    pytest.param({"a.py": "import quizapp.b", "b.py": ""}, [], id="no-circle"),
    pytest.param(
        {"a.py": "import quizapp.b", "b.py": "def f():\n    from quizapp import a\n"},
        [["quizapp.a", "quizapp.b"]],
        id="lazy-import-closes-it",
    ),
    pytest.param(
        {
            "cli.py": "from quizapp.serve import run",
            "serve.py": "from quizapp.zygote import Zygote",
            "zygote.py": "def f():\n    from quizapp.cli import _folders\n",
            "other.py": "import quizapp.cli",
        },
        [["quizapp.cli", "quizapp.serve", "quizapp.zygote"]],
        id="three-modules",
    ),
    pytest.param(
        {"ui/__init__.py": "", "ui/a.py": "from . import b", "ui/b.py": "from .a import X"},
        [["quizapp.ui.a", "quizapp.ui.b"]],
        id="relative-imports",
    ),
]


@pytest.mark.parametrize(("files", "expected"), CIRCLE_CASES)
def test_import_circles_are_found(
    tmp_path: Path, files: dict[str, str], expected: list[list[str]]
) -> None:
    """The circle finder sees circles through lazy and relative imports (so the check can fail)."""
    package = tmp_path / "quizapp"
    for relative, source in {"__init__.py": "", **files}.items():
        (package / relative).parent.mkdir(parents=True, exist_ok=True)
        (package / relative).write_text(source, encoding="utf-8")
    assert import_circles(package) == expected


def test_the_package_has_no_import_circle() -> None:
    """No module of quizapp imports itself back through others, even lazily inside a function:
    the CLI, the class server and its fork helper share `quizapp.launch` instead."""
    assert import_circles(PACKAGE) == []
