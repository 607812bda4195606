"""Libraries whose private parts quizapp uses are pinned exactly, and these tests fail on an upgrade.

A private method or attribute can change in any release without notice. So every package whose
private parts quizapp replaces, overrides or sets is pinned with `==` in pyproject.toml, the
installed version must be the one verified here, and the source of each private part used must
still be what it was when it was verified (a fingerprint). A scan of quizapp's own source finds
every private part of a library it touches, so a new one cannot creep in without being listed
(and pinned) here.

After an upgrade: read each private part's new source, adapt quizapp, re-run the A/B
measurements that justify the patches (benchmarks/README.md), then update the versions and
fingerprints below (`python tests/test_pins.py` prints the current ones).
"""

from __future__ import annotations

import ast
import functools
import hashlib
import importlib
import importlib.metadata
import inspect
import re
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "quizapp"

VERIFIED = {"textual": "8.2.8", "textual-serve": "1.1.3"}
"""Each package whose private parts quizapp uses, and the version they were verified against."""

PRIVATE_PARTS = {
    # quizapp.ui.one_layout replaces it (one layout pass per change; A/B in benchmarks/README.md).
    "textual.widget:Widget._size_updated": ("textual", "21ffb00b8a983315"),
    # quizapp.ui.shared_css replaces it and reads the stylesheet's `_variables` (parsed CSS shared
    # by a class's forked students; A/B in benchmarks/README.md).
    "textual.css.stylesheet:Stylesheet._parse_rules": ("textual", "2f1c2d220b672d1b"),
    "textual.css.stylesheet:Stylesheet": ("textual", "99b3d6349e43eef7"),
    # quizapp.ui.widgets.choices.ChoiceList overrides it (a click picks the choice).
    "textual.widgets._option_list:OptionList._on_click": ("textual", "5ceb90ee098373ce"),
    # quizapp.serve.ClassServer overrides `_make_app` and `_process_messages`; ForkedAppService
    # overrides `_open_app_process` and sets `_process` and `_stdin`, which `run`, `stop` and
    # `stdin` use (students forked from the pre-loaded helper).
    "textual_serve.server:Server": ("textual-serve", "fa90ccf3f57ee18d"),
    "textual_serve.server:Server._make_app": ("textual-serve", "f49af73ecb6eb223"),
    "textual_serve.server:Server._process_messages": ("textual-serve", "c30aaa2d9521fe13"),
    "textual_serve.app_service:AppService": ("textual-serve", "4230f4b4c1386d28"),
    "textual_serve.app_service:AppService._open_app_process": ("textual-serve", "1202e78eb3e9d5d6"),
}
"""`module:qualified.name` -> (its package, the fingerprint of its source when verified)."""

USED = {
    ("textual.widget", "Widget", "_size_updated"),
    ("textual.css.stylesheet", "Stylesheet", "_parse_rules"),
    ("textual.css.stylesheet", "Stylesheet", "_variables"),
    ("textual.widgets._option_list", "OptionList", "_on_click"),
    ("textual_serve.server", "Server", "_make_app"),
    ("textual_serve.server", "Server", "_process_messages"),
    ("textual_serve.app_service", "AppService", "_open_app_process"),
    ("textual_serve.app_service", "AppService", "_process"),
    ("textual_serve.app_service", "AppService", "_stdin"),
}
"""Every private part of a library that quizapp's source touches: (module, class, name)."""


REPLACED = {
    "textual.widget:Widget._size_updated": ("quizapp.ui.one_layout", "_textual_size_updated"),
    "textual.css.stylesheet:Stylesheet._parse_rules": (
        "quizapp.ui.shared_css",
        "_textual_parse_rules",
    ),
}
"""Private methods quizapp replaces once its UI is imported: where it keeps Textual's own."""


def fingerprint(target: str) -> str:
    """The first 16 hex digits of the SHA-256 of the source of `module:qualified.name` (Textual's
    own, even after quizapp's patch replaced it)."""
    module_name, _, qualified = target.partition(":")
    found: object = importlib.import_module(module_name)
    for part in qualified.split("."):
        found = getattr(found, part)
    if getattr(found, "__module__", "").startswith("quizapp") and target in REPLACED:
        patch, original = REPLACED[target]
        found = getattr(importlib.import_module(patch), original)
    return hashlib.sha256(inspect.getsource(found).encode()).hexdigest()[:16]  # type: ignore[arg-type]


def test_every_package_whose_private_parts_are_used_is_pinned_exactly() -> None:
    """pyproject.toml pins each such package with `==` to the version verified here."""
    dependencies = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "dependencies"
    ]
    for package, version in VERIFIED.items():
        assert f"{package}=={version}" in dependencies, dependencies
    packages = {package for package, _ in PRIVATE_PARTS.values()}
    assert packages == set(VERIFIED)


@pytest.mark.parametrize("package", sorted(VERIFIED))
def test_the_installed_version_is_the_verified_one(package: str) -> None:
    """Fails as soon as another version is installed: its private parts must be checked first."""
    assert importlib.metadata.version(package) == VERIFIED[package]


@pytest.mark.parametrize("target", sorted(PRIVATE_PARTS))
def test_each_private_part_is_as_it_was_verified(target: str) -> None:
    """The source of each private part quizapp relies on is unchanged (same fingerprint)."""
    assert fingerprint(target) == PRIVATE_PARTS[target][1]


@pytest.mark.parametrize(("module", "owner", "name"), sorted(USED))
def test_each_private_part_used_still_exists(module: str, owner: str, name: str) -> None:
    """Each method is still defined on its class, and each attribute still set by it."""
    cls = getattr(importlib.import_module(module), owner)
    if not any(name in vars(base) for base in cls.__mro__):
        assert re.search(rf"self\.{name}\b", inspect.getsource(cls)), f"{owner}.{name} is gone"


# ---------------------------------------------------------------- the scan


def third_party(module: str) -> bool:
    """Whether a module is a library's (not quizapp's, not the standard library's)."""
    top = module.split(".")[0]
    return bool(top) and top != "quizapp" and top not in sys.stdlib_module_names


def private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_parts_used() -> set[tuple[str, str, str]]:
    """Every (module, class, private name) of a library that quizapp's source touches: attributes
    of names imported from a library (`Widget._size_updated`), private methods of a library's
    class that a quizapp class overrides, and `self._name` in such a class where the library's
    class defines or sets that name; plus `self._name` reads in functions that patch a library's
    method (their first argument is that library's object)."""
    import quizapp  # noqa: F401

    found: set[tuple[str, str, str]] = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "__main__.py":
            continue
        parts = path.relative_to(REPO).with_suffix("").parts
        module_name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        module = importlib.import_module(module_name)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported: dict[str, tuple[str, str]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if third_party(node.module):
                    for alias in node.names:
                        imported[alias.asname or alias.name] = (node.module, alias.name)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and private(node.attr)
                and isinstance(node.value, ast.Name)
                and node.value.id in imported
            ):
                source_module, owner = imported[node.value.id]
                found.add((defining_module(source_module, owner), owner, node.attr))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                found |= patched_self_reads(node, imported)
            if isinstance(node, ast.ClassDef):
                found |= class_private_uses(node, getattr(module, node.name, None))
    return found


def defining_module(module: str, owner: str) -> str:
    """The module that defines class `owner` imported from `module` (e.g. a package re-export)."""
    cls = getattr(importlib.import_module(module), owner, None)
    return cls.__module__ if inspect.isclass(cls) else module


def patched_self_reads(
    function: ast.FunctionDef | ast.AsyncFunctionDef, imported: dict[str, tuple[str, str]]
) -> set[tuple[str, str, str]]:
    """`self._name` in a module-level function whose `self` is annotated as a library's class."""
    found: set[tuple[str, str, str]] = set()
    arguments = function.args.args
    if not arguments or arguments[0].arg != "self" or arguments[0].annotation is None:
        return found
    annotation = arguments[0].annotation
    if not isinstance(annotation, ast.Name) or annotation.id not in imported:
        return found
    source_module, owner = imported[annotation.id]
    for node in ast.walk(function):
        if (
            isinstance(node, ast.Attribute)
            and private(node.attr)
            and isinstance(node.value, ast.Name)
            and node.value.id == "self"
        ):
            found.add((defining_module(source_module, owner), owner, node.attr))
    return found


@functools.cache
def class_source(cls: type) -> str:
    """A class's source ("" when it has none): read once, as finding it parses its module."""
    try:
        return inspect.getsource(cls)
    except (OSError, TypeError):
        return ""


def class_private_uses(node: ast.ClassDef, cls: object) -> set[tuple[str, str, str]]:
    """Private parts of a library's base class that a quizapp class overrides or sets."""
    found: set[tuple[str, str, str]] = set()
    if not inspect.isclass(cls):
        return found
    bases = [base for base in cls.__mro__[1:] if third_party(base.__module__)]
    names = {
        item.name
        for item in node.body
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and private(item.name)
    }
    names |= {
        item.attr
        for item in ast.walk(node)
        if isinstance(item, ast.Attribute)
        and isinstance(item.value, ast.Name)
        and item.value.id == "self"
        and private(item.attr)
    }
    for name in names:
        for base in bases:
            defined = name in vars(base)
            if not defined:
                defined = bool(re.search(rf"self\.{name}\b", class_source(base)))
            if defined:
                owner = next(b for b in base.__mro__ if name in vars(b) or b is base)
                found.add((owner.__module__, owner.__qualname__, name))
                break
    return found


def test_quizapp_touches_no_private_part_it_does_not_declare() -> None:
    """The scan of quizapp's source finds exactly the private parts listed (and pinned) here."""
    assert private_parts_used() == USED


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            "from textual.widget import Widget\ndef install():\n    Widget._size_updated = None\n",
            {("textual.widget", "Widget", "_size_updated")},
            id="patch",
        ),
        pytest.param(
            "from textual_serve.app_service import AppService\n"
            "class X(AppService):\n"
            "    def f(self):\n"
            "        self._stdin = None\n",
            {("textual_serve.app_service", "AppService", "_stdin")},
            id="set-in-subclass",
        ),
        pytest.param(
            "from textual.widgets import OptionList\n"
            "class X(OptionList):\n"
            "    def _on_click(self, event): ...\n"
            "    def _mine(self): ...\n",
            {("textual.widgets._option_list", "OptionList", "_on_click")},
            id="override",
        ),
        pytest.param(
            "import os\nend = os._exit\nfrom textual.widget import Widget\nWidget.refresh\n",
            set(),
            id="stdlib-and-public",
        ),
    ],
)
def test_the_scan_finds_private_uses(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    source: str,
    expected: set[tuple[str, str, str]],
) -> None:
    """The scan sees patches, overrides and attributes set (so the check above can fail)."""
    package = tmp_path / "quizapp"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "probe.py").write_text(source)
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", package)
    monkeypatch.setattr(sys.modules[__name__], "REPO", tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in [name for name in sys.modules if name == "quizapp" or name.startswith("quizapp.")]:
        monkeypatch.delitem(sys.modules, name)
    assert private_parts_used() == expected


if __name__ == "__main__":
    for target in sorted(PRIVATE_PARTS):
        print(f"{target}: {fingerprint(target)}")
