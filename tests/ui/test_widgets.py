"""Widgets on their own: the quiz's progress line."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.app import App, ComposeResult

from quizapp.ui.widgets.progress_line import ProgressLine


class LineApp(App[None]):
    """One progress line, 20 cells wide, with a colour per part so the parts can be told apart."""

    CSS = """
    ProgressLine { width: 20; height: 1; }
    ProgressLine > .progress-line--done { color: red; }
    ProgressLine > .progress-line--todo { color: blue; }
    ProgressLine > .progress-line--complete { color: green; }
    """

    def compose(self) -> ComposeResult:
        yield ProgressLine(id="progress")


def parts(text: Text) -> list[tuple[int, str]]:
    """(length, colour name) of each styled run of the rendered line."""
    return [
        (span.end - span.start, span.style.color.name)  # type: ignore[union-attr]
        for span in text.spans
        if span.end > span.start
    ]


@pytest.mark.parametrize(
    ("done", "total", "expected"),
    [
        pytest.param(0, 10, [(20, "#0000ff")], id="none-answered"),
        pytest.param(1, 4, [(5, "#ff0000"), (15, "#0000ff")], id="a-quarter"),
        pytest.param(3, 10, [(6, "#ff0000"), (14, "#0000ff")], id="three-of-ten"),
        pytest.param(10, 10, [(20, "#008000")], id="all-answered-is-complete"),
        pytest.param(2, 0, [(20, "#0000ff")], id="empty-quiz-never-divides-by-zero"),
    ],
)
async def test_progress_line_fills_in_proportion(
    done: int, total: int, expected: list[tuple[int, str]]
) -> None:
    """The filled part is done/total of the width; a finished quiz uses the complete style."""
    app = LineApp()
    async with app.run_test(size=(30, 3)) as pilot:
        line = app.query_one(ProgressLine)
        line.update(done=done, total=total)
        await pilot.pause()
        rendered = line.render()
        assert rendered.plain == "━" * 20
        assert parts(rendered) == expected
