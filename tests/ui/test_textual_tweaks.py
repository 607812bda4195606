"""The two contained patches to the pinned Textual: one layout per change, and shared parsed CSS."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.css.stylesheet import Stylesheet
from textual.screen import Screen
from textual.widgets import Static

from quizapp.ui import one_layout, shared_css
from quizapp.ui.screens.question import QuestionScreen

from .conftest import AppFactory, answer_current, wait_for_screen

SHORT = "one line"
LONG = " ".join(f"word{number}" for number in range(200))


class ScrollingApp(App[None]):
    """A scroll container 5 rows high holding a paragraph that wraps to its width."""

    CSS = "#box { height: 5; width: 40; } #text { height: auto; }"

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="box"):
            yield Static(SHORT, id="text")


def test_the_app_installs_one_layout() -> None:
    import quizapp.ui.app  # noqa: F401
    import quizapp.ui.watch_app  # noqa: F401

    assert one_layout.installed()


async def test_scrollbars_still_come_and_go_with_one_layout() -> None:
    """Text growing past the box brings its scrollbar and re-wraps narrower; shrinking takes both back."""
    assert one_layout.installed()
    app = ScrollingApp()
    async with app.run_test(size=(60, 12)) as pilot:
        box = app.query_one("#box", VerticalScroll)
        text = app.query_one("#text", Static)
        await pilot.pause()
        assert not box.show_vertical_scrollbar
        assert text.size.width == 40
        text.update(LONG)
        await pilot.pause()
        await pilot.pause()
        assert box.show_vertical_scrollbar
        assert text.size.width == 40 - box.styles.scrollbar_size_vertical
        assert box.virtual_size.height == text.size.height > 5
        text.update(SHORT)
        await pilot.pause()
        await pilot.pause()
        assert not box.show_vertical_scrollbar
        assert text.size == (40, 1)


@pytest.fixture
def layouts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each full layout pass of a screen, by screen type."""
    passes: list[str] = []
    textual_refresh_layout = Screen._refresh_layout

    def counted(self: Screen[Any], *args: Any, **kwargs: Any) -> None:
        passes.append(type(self).__name__)
        textual_refresh_layout(self, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", counted)
    return passes


async def test_an_answer_lays_the_question_screen_out_once(
    build_app: AppFactory, layouts: list[str]
) -> None:
    """Showing the feedback changes several sizes; Textual laid the screen out twice for it."""
    app = build_app(profile_name="Ada", mode="quick")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        await answer_current(pilot, right=True)  # the first answer also mounts the Next button
        await pilot.press("n")
        await pilot.pause(0.1)
        layouts.clear()
        await answer_current(pilot, right=False)
        await pilot.pause(0.1)
        assert layouts == ["QuestionScreen"]


@pytest.fixture
def fresh_shared_css(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Shared CSS installed for this test only, with an empty cache; yields each real parse."""
    parses: list[str] = []
    textual_parse = shared_css._textual_parse_rules

    def counted(self: Stylesheet, css: str, read_from: Any, *args: Any) -> Any:
        parses.append(str(read_from))
        return textual_parse(self, css, read_from, *args)

    monkeypatch.setattr(Stylesheet, "_parse_rules", Stylesheet._parse_rules)  # restored after
    monkeypatch.setattr(shared_css, "_parsed", {})
    monkeypatch.setattr(shared_css, "_textual_parse_rules", counted)
    shared_css.install()
    assert shared_css.installed()
    yield parses


async def test_a_second_app_in_the_process_parses_no_css(fresh_shared_css: list[str]) -> None:
    first = ScrollingApp()
    async with first.run_test(size=(60, 12)):
        first_style = first.query_one("#box").styles.height
    assert fresh_shared_css, "the first app parses its CSS"
    parsed_by_first = len(fresh_shared_css)
    entries = shared_css.entries()

    second = ScrollingApp()
    async with second.run_test(size=(60, 12)):
        assert second.query_one("#box").styles.height == first_style
        assert second.query_one("#text", Static).size.width == 40
    assert len(fresh_shared_css) == parsed_by_first  # nothing parsed again
    assert shared_css.entries() == entries


async def test_another_theme_is_parsed_for_itself(fresh_shared_css: list[str]) -> None:
    """The theme's variables are part of the key: a dark and a light app never share rules."""
    dark = ScrollingApp()
    async with dark.run_test(size=(60, 12)):
        pass
    before = shared_css.entries()
    light = ScrollingApp()
    light.theme = "textual-light"
    async with light.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        background = light.screen.styles.background
    assert shared_css.entries() > before
    async with (again := ScrollingApp()).run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        assert again.screen.styles.background != background
