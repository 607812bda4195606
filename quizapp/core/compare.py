"""The two roles side by side (`questions/roles.toml`): what the documents say of each, by topic."""

from __future__ import annotations

import re
import textwrap
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from quizapp.core.bank import TOPICS, Source, Topic, document_label
from quizapp.core.item_check import STOP_WORDS, stem
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


_ROLE_MENTION = re.compile(r"\bback[- ]?end (engineer|developer)s?\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9•“\"(])")
_WORD = re.compile(r"[a-z0-9+#]+")
DOCUMENT_ROLE_SHARE = 0.8
"""A document is about one role when at least this share of its role mentions name that role."""
RARE_SHARE = 0.05
"""A word of a row's aspect found in at most this share of all sentences (and at least 3) is
specific enough that one sentence naming it is a passage the row could cite."""
COMMON_SHARE = 0.1
"""A word found in more than this share of all sentences (server, system) names no topic."""


def root(word: str) -> str:
    """A word without its endings, so that security, secure and securing compare equal."""
    word = stem(word)
    for suffix in ("ity", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def topic_words(text: str) -> frozenset[str]:
    """The roots of the words in `text` that can name a topic (no stop words, 3 letters or more)."""
    return frozenset(
        root(word)
        for word in _WORD.findall(text.casefold())
        if word not in STOP_WORDS and len(word) > 2
    )


@dataclass(frozen=True)
class Passage:
    """One sentence of a document, with the roles it speaks of."""

    doc: str
    """The document's file name."""
    text: str
    """The sentence as written."""
    roles: frozenset[str]
    """`engineer`, `developer`, both or neither: from the document, its section or the sentence."""
    words: frozenset[str]
    """Its topic words (`topic_words`)."""


def _is_heading(line: str) -> bool:
    """A short line that does not end a sentence: a section title ("Skills for Backend Developers:")."""
    stripped = line.strip().lstrip("•-").strip()
    return bool(stripped) and len(stripped.split()) <= 10 and stripped[-1] not in ".!"


def role_passages(documents: Documents) -> list[Passage]:
    """Every sentence of the documents, with the roles it speaks of.

    A document that names one role in at least `DOCUMENT_ROLE_SHARE` of its mentions of "backend
    engineer" and "backend developer" speaks of that role throughout. In a document about both, a
    section title naming one role gives its sentences that role, and a sentence naming a role
    speaks of it too.
    """
    passages: list[Passage] = []
    for doc, text in sorted(documents.texts.items()):
        mentions = Counter(match.group(1).casefold() for match in _ROLE_MENTION.finditer(text))
        total = sum(mentions.values())
        document_role = next(
            (
                role
                for role in ("engineer", "developer")
                if total >= 2 and mentions[role] >= DOCUMENT_ROLE_SHARE * total
            ),
            None,
        )
        section: frozenset[str] = frozenset()
        for line in text.splitlines():
            if _is_heading(line):
                section = frozenset(m.group(1).casefold() for m in _ROLE_MENTION.finditer(line))
                continue
            for sentence in _SENTENCE_END.split(line.strip()):
                sentence = sentence.strip().lstrip("•-– ").strip()
                if not sentence:
                    continue
                roles = {m.group(1).casefold() for m in _ROLE_MENTION.finditer(sentence)}
                roles |= {document_role} if document_role else set(section)
                passages.append(Passage(doc, sentence, frozenset(roles), topic_words(sentence)))
    return passages


def unsaid_problems(path: Path, comparison: Comparison, documents: Documents) -> list[Problem]:
    """Rows that say the documents say nothing for a role where a passage on the row's topic exists.

    As far as a program can tell. The row's topic is the words of its `aspect` (less the words in
    over `COMMON_SHARE` of all sentences); a sentence about the silent role is a passage the row
    could cite when it names a rare word of the aspect (in at most `RARE_SHARE` of all sentences),
    or a word of the aspect and another of the aspect or of what the row's other side `says`.
    Another row on the same topic (sharing a word of the aspect) that cites a passage for the
    silent role contradicts the row too.
    """
    passages = role_passages(documents)
    frequency: Counter[str] = Counter()
    for passage in passages:
        frequency.update(passage.words)
    rare = max(3, int(RARE_SHARE * len(passages)))
    common = max(rare + 1, int(COMMON_SHARE * len(passages)))

    def topic(text: str) -> frozenset[str]:
        return frozenset(word for word in topic_words(text) if frequency[word] <= common)

    problems: list[Problem] = []
    for row in comparison.rows:
        if row.both is not None:
            continue
        aspect = topic(row.aspect)
        for role, side in (("engineer", row.engineer), ("developer", row.developer)):
            if side is not None:
                continue
            other = row.developer if role == "engineer" else row.engineer
            said = topic(other.says) if other is not None else frozenset()
            found = _passage_on(passages, role, aspect, said, frequency, rare)
            where = f"row {row.aspect!r}"
            if found is not None:
                passage, words = found
                problems.append(
                    Problem(
                        str(path),
                        f"{role}: the row says the documents say nothing for the {role}, but "
                        f'{passage.doc} speaks of {words} for them: "{passage.text}". Cite it as '
                        f"`{role} = {{ says, source }}` (or a `both` passage), or, if it is about "
                        "something else, name the row's aspect more precisely",
                        where,
                    )
                )
                continue
            for sibling in comparison.rows:
                cited = sibling.both or getattr(sibling, role)
                shared = aspect & topic(sibling.aspect)
                if sibling is not row and cited is not None and shared:
                    problems.append(
                        Problem(
                            str(path),
                            f"{role}: the row says the documents say nothing for the {role}, but "
                            f"the row {sibling.aspect!r}, on the same topic "
                            f"({', '.join(sorted(shared))}), cites a passage for them: "
                            f'"{cited.source.quote}". Cite it here too, or take that topic out '
                            "of this row's aspect",
                            where,
                        )
                    )
                    break
    return problems


def _passage_on(
    passages: list[Passage],
    role: str,
    aspect: frozenset[str],
    said: frozenset[str],
    frequency: Counter[str],
    rare: int,
) -> tuple[Passage, str] | None:
    """The first sentence about `role` on the row's topic, and the words that show it."""
    for passage in passages:
        if role not in passage.roles:
            continue
        named = aspect & passage.words
        specific = sorted(word for word in named if frequency[word] <= rare)
        also = sorted((aspect | said) & passage.words)
        if specific:
            return passage, ", ".join(repr(word) for word in specific)
        if named and len(also) >= 2:
            return passage, ", ".join(repr(word) for word in also)
    return None


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
    problems.extend(unsaid_problems(path, comparison, documents))
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
