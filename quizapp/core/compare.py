"""The two roles side by side (`questions/roles.toml`): what the documents say of each, by topic."""

from __future__ import annotations

import textwrap
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from quizapp.core.bank import TOPICS, Source, Topic, document_label
from quizapp.core.loader import Documents, check_source, load_model_file
from quizapp.core.problems import Problem
from quizapp.core.validation import resolved

ROLES_FILE = "roles.toml"
"""The comparison's file name inside the questions folder."""

_STRICT = ConfigDict(extra="forbid", frozen=True, strict=True)


class Side(BaseModel):
    """What the documents say of one role on one aspect, with the passage that says it."""

    model_config = _STRICT

    says: str = Field(min_length=3)
    """In our own short words."""
    source: Source
    """The passage that says it; `quizapp check` proves it is in the document."""


class Row(BaseModel):
    """One aspect of the work, the engineer's and the developer's side of it."""

    model_config = _STRICT

    topic: Topic
    """`duties`, `skills` or `tools`."""
    aspect: str = Field(min_length=3)
    """What is compared, e.g. "Databases"."""
    shared: bool
    """Whether both roles do this (the documents may still stress it differently)."""
    note: str = Field(min_length=10)
    """The honest difference in our words, including where a document is loose or wrong."""
    engineer: Side | None = None
    """What the documents say of the backend engineer, if anything."""
    developer: Side | None = None
    """What the documents say of the backend developer, if anything."""
    both: Side | None = None
    """A passage that names both roles together."""

    @model_validator(mode="after")
    def _check_sides(self) -> Row:
        if self.engineer is None and self.developer is None and self.both is None:
            raise ValueError("rows: a row needs `engineer`, `developer` or `both`")
        if self.both is not None and not self.shared:
            raise ValueError("shared: a row with a `both` passage is shared")
        return self


class Comparison(BaseModel):
    """The whole `roles.toml`."""

    model_config = _STRICT

    summary: str = Field(min_length=40)
    """The short answer to "so what is the actual difference?"."""
    rows: list[Row] = Field(min_length=1)
    """Every aspect compared, in the order shown."""

    def by_topic(self) -> dict[str, list[Row]]:
        """The rows grouped by topic, in topic order."""
        return {topic: [row for row in self.rows if row.topic == topic] for topic in TOPICS}


for _model in (Side, Row, Comparison):
    resolved(_model)


def load_comparison(
    questions_dir: Path, documents: Documents
) -> tuple[Comparison | None, list[Problem]]:
    """Load and check `roles.toml` (None and no problems when the folder has none)."""
    path = questions_dir / ROLES_FILE
    if not path.is_file():
        return None, []
    comparison, problems = load_model_file(path, Comparison)
    if comparison is None:
        return None, problems
    for row in comparison.rows:
        for side in (row.engineer, row.developer, row.both):
            if side is not None:
                where = f"row {row.aspect!r}"
                problems.extend(
                    check_source(path, where, side.source.doc, side.source.quote, documents)
                )
    return (comparison if not problems else None), problems


def row_mark(row: Row) -> str:
    """Whether a row is shared, differs, or is named for one role only, in words."""
    if row.shared:
        return "both roles"
    if row.engineer is not None and row.developer is not None:
        return "the roles differ"
    return "named for one role only"


SIDE_TITLES = (("engineer", "Backend engineer"), ("developer", "Backend developer"))
"""Each side's key and heading, in the order shown."""


def comparison_text(comparison: Comparison, documents: list[str], width: int = 80) -> str:
    """The comparison as plain text (what `quizapp compare` prints): no colour, no box drawing."""
    wrap = textwrap.TextWrapper(width=max(40, width), subsequent_indent="      ")
    lines = ["The backend engineer and the backend developer, side by side", ""]
    lines += textwrap.wrap(comparison.summary, max(40, width))
    for topic, rows in comparison.by_topic().items():
        lines += ["", topic.capitalize(), "=" * len(topic)]
        for row in rows:
            mark = row_mark(row)
            lines += ["", *wrap.wrap(f"{row.aspect} ({mark})")]
            sides = [(title, getattr(row, key)) for key, title in SIDE_TITLES]
            if row.both is not None:
                sides.append(("Both", row.both))
            for title, side in sides:
                if side is None:
                    lines.append(f"  {title}: the documents say nothing.")
                    continue
                lines += wrap.wrap(f"  {title}: {side.says}")
                label = document_label(side.source.doc, documents)
                lines += wrap.wrap(f"    Source, {label}: “{side.source.quote}”")
            lines += wrap.wrap(f"  In short: {row.note}")
    return "\n".join(lines) + "\n"
