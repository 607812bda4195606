"""Text from bank files reaches the screen as written: never read as Textual markup."""

from __future__ import annotations

from textual.widgets import Static

from quizapp.ui.screens.question import QuestionScreen

from .conftest import TESTS, AppFactory, wait_for_screen

MARKUP_BANK = TESTS / "data" / "bank" / "markup_in_prompts"
"""The tiny bank with every prompt starting `items[i] [/] [@click=app.quit]quit[/]`."""


async def test_a_prompt_that_looks_like_markup_is_shown_as_written(build_app: AppFactory) -> None:
    """A stray `[/]` crashed the question screen (MarkupError); `[i]` vanished from `items[i]`;
    `[@click=app.quit]` made a link that quits. The prompt now shows every character as written."""
    app = build_app(questions_dir=MARKUP_BANK, profile_name="Ada", mode="quick")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        prompt = str(app.screen.query_one("#prompt", Static).render())
        assert prompt.startswith("Markup: items[i] [/] [@click=app.quit]quit[/] ")
    assert app.return_code in (None, 0)


async def test_a_notification_naming_a_file_text_is_shown_as_written(
    build_app: AppFactory,
) -> None:
    """A notification holding a step title or file path with `[/]` crashed the app (MarkupError);
    it is now shown as written, from the app and from a screen alike."""
    from textual.widgets._toast import Toast

    app = build_app(questions_dir=MARKUP_BANK, profile_name="Ada", mode="quick")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        app.notify("Learn SQL [/]: done")
        app.screen.notify("Could not move /tmp/[/x]/profile.toml")
        await pilot.pause()
        # A toast renders its notification's text: from markup (it raised on "[/]") or as written.
        shown = [str(Toast(note).render()) for note in app._notifications]
    assert any("Learn SQL [/]: done" in text for text in shown), shown
    assert any("/tmp/[/x]/profile.toml" in text for text in shown), shown
