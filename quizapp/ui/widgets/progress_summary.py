"""Home's progress at a glance: the learning path's steps done and the next one, knowledge per area."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from quizapp.core.bank import AREAS
from quizapp.core.formats import plural
from quizapp.core.paths import progress
from quizapp.core.recommend import paths_to_show, plan_path, recommend
from quizapp.ui.widgets.bars import bar

if TYPE_CHECKING:
    from quizapp.core.bank import Bank
    from quizapp.core.paths import Catalogue
    from quizapp.core.recommend import Recommendation
    from quizapp.core.store import OpenProfile

AREA_BAR = 10
"""Characters in an area's bar on home (the results screen has the long ones)."""


def progress_text(
    person: OpenProfile,
    bank: Bank,
    catalogue: Catalogue | None,
    recommendation: Recommendation | None = None,
) -> Text:
    """Two parts: the path (steps done of those not skipped, and the next step), then each area.

    `recommendation` is the verdict from every answer, when the caller has it already."""
    if recommendation is None:
        recommendation = recommend(person.answers(), bank)
    text = Text()
    state = person.profile.path
    if catalogue is not None:
        for learning_path in paths_to_show(recommendation, catalogue, state.chosen):
            planned = plan_path(learning_path, recommendation.by_area, state)
            finished, counted = progress(item.status for item in planned)
            text.append(f"{learning_path.title}: ", style="bold")
            text.append(f"{finished} of {plural(counted, 'step')} done")
            skipped = len(planned) - counted
            if skipped:
                text.append(f" ({skipped} skipped)")
            upcoming = next((item for item in planned if item.status in ("learning", "todo")), None)
            if upcoming is not None:
                doing = "learning now" if upcoming.status == "learning" else "next"
                text.append(f"\n  {doing}: {upcoming.step.title}")
            text.append("\n")
    tested = [(area, tally) for area, tally in recommendation.by_area.items() if tally.total]
    if not tested:
        text.append("Knowledge per area: none tested yet; a quiz fills this in.")
        return text
    text.append("Knowledge per area (all your answers so far)\n", style="bold")
    width = max(len(AREAS.get(area, area)) for area, _ in tested)
    for area, tally in tested:
        name = AREAS.get(area, area)
        text.append(f"  {name:<{width}} ")
        text.append(bar(tally.share, AREA_BAR), style="bold")
        text.append(f" {round(100 * tally.share):>3}% ({tally.right}/{tally.total})\n")
    text.rstrip()
    return text
