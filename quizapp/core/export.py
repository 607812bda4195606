"""Exports a recommendation and learning path as a Markdown checklist (imported only when used)."""

from __future__ import annotations

from collections.abc import Sequence

from quizapp.core.bank import AREAS
from quizapp.core.paths import LearningPath, progress
from quizapp.core.picture import verdict_text
from quizapp.core.recommend import PlannedStep, Recommendation

STATUS_WORDS = {
    "todo": "to do",
    "learning": "learning",
    "skipped": "skipped",
    "done": "done",
    "review": "review only",
}
"""How each step status reads."""


def path_markdown(
    name: str,
    recommendation: Recommendation,
    planned: Sequence[tuple[LearningPath, list[PlannedStep]]],
    chosen: str | None = None,
) -> str:
    """A Markdown checklist (`- [ ]` / `- [x]`) of the recommendation and the personalised path(s).

    A step is ticked when it is done or review only (already mastered); a skipped step is struck
    through and says "skipped", and the count is of the steps not skipped. `chosen` is the path the
    person picked to follow, if any.
    """
    text = verdict_text(recommendation)
    lines = [f"# Learning path for {name}", "", f"**{text.headline}**", ""]
    if chosen:
        lines += [f"You chose to follow the {chosen} path.", ""]
    lines += ["```", *text.picture.lines(), "```", "", *text.words(), ""]
    if text.reasons:
        lines += [text.reasons_heading, "", *[f"- {reason}" for reason in text.reasons]]
    lines += [f"\n{line}" for line in (text.more, text.notice) if line]
    for learning_path, steps in planned:
        finished, counted = progress(item.status for item in steps)
        lines += ["", f"## {learning_path.title} ({finished} of {counted} steps)", ""]
        lines += [learning_path.summary, ""]
        for item in steps:
            step = item.step
            tick = "x" if item.status in ("done", "review") else " "
            areas = ", ".join(AREAS.get(area, area) for area in step.areas)
            title = f"**{step.title}**"
            if item.status == "skipped":
                title = f"~~{title}~~"
            lines.append(f"- [{tick}] {title} ({STATUS_WORDS[item.status]}; {areas}): {step.learn}")
            for project in step.projects:
                lines.append(
                    f"  - Project ({project.difficulty}): **{project.title}**: {project.brief} "
                    f"Done when: {project.done_when}"
                )
            for resource in step.resources:
                # Only shown for the reader to follow; quizapp never fetches it.
                where = f" <{resource.url}>" if resource.url else ""
                lines.append(
                    f"  - {resource.kind.capitalize()}: {resource.credit}{where}: {resource.detail}"
                )
    return "\n".join(lines) + "\n"
