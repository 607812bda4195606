"""Writes the damaged-file fixtures under tests/data/readers/<reader>/<failure_mode>.toml.

One file per failure mode and reader, each a valid file changed in one place (or nested, or empty),
named for what is wrong. Kept in git so a reviewer can open each; re-run to regenerate:
`.venv/bin/python tests/data/readers/make_fixtures.py`. Damage that git cannot hold (a pipe, a
folder named like the file, a 50 MB file) is made by the fuzz test itself.
"""

from __future__ import annotations

import copy
import shutil
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tomli_w

HERE = Path(__file__).resolve().parent
DATA = HERE.parent
REPO = DATA.parent.parent

ESC = "\x1b[2J\x1b[31mowned"
"""A terminal escape code: clears the screen and turns the text red."""
BIDI = "abc\u202etxt.exe"
"""A right-to-left override: the text shows other than it is."""

PROFILE: dict[str, Any] = {
    "schema_version": 3,
    "name": "Ada",
    "created": "2026-11-22T04:15:00Z",
    "last_activity": "2026-11-22T04:20:00Z",
    "answers_total": 2,
    "current_attempt": "20261122T041500Z-quick",
    "settings": {"theme": "textual-dark"},
    "path": {"chosen": "engineer", "steps": {"learn-sql": "done"}},
    "review": {
        "q-one": {
            "phase": "learning",
            "step": 0,
            "misses": 1,
            "last_seen": "2026-11-22T04:16:00Z",
            "due": "2026-11-23T04:16:00Z",
        }
    },
}
"""A valid profile using every field."""

ATTEMPT: dict[str, Any] = {
    "schema_version": 3,
    "id": "20261122T041500Z-quick",
    "mode": "pack",
    "pack_id": "class-1",
    "pack_fingerprint": "0123456789ab",
    "seed": 7,
    "status": "active",
    "started": "2026-11-22T04:15:00Z",
    "time_limit_seconds": 900,
    "feedback": "end",
    "pass_mark": 0.6,
    "question_ids": ["q-one", "q-two"],
    "versions": {"q-one": "0123456789ab", "q-two": "ba9876543210"},
    "choice_orders": {"q-one": [2, 0, 1, 3]},
    "answers": [
        {
            "question_id": "q-one",
            "response": 1,
            "correct": True,
            "credit": 1.0,
            "answered_at": "2026-11-22T04:16:00Z",
            "seconds": 4.5,
            "version": "0123456789ab",
        }
    ],
}
"""A valid attempt (its file is named after its id)."""


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """A change that sets the key at dotted `path` (list indexes as numbers) to `value`."""

    def change(data: dict[str, Any]) -> dict[str, Any]:
        changed = copy.deepcopy(data)
        parts = path.split(".")
        target: Any = changed
        for part in parts[:-1]:
            target = target[int(part)] if isinstance(target, list) else target[part]
        last = parts[-1]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value
        return changed

    return change


def _drop(key: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def change(data: dict[str, Any]) -> dict[str, Any]:
        changed = copy.deepcopy(data)
        del changed[key]
        return changed

    return change


RAW_DAMAGE: dict[str, bytes] = {
    "empty": b"",
    "deep_arrays": b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n",
    "deep_inline_tables": b"x = " + b"{a=" * 3000 + b"1" + b"}" * 3000 + b"\n",
    "deep_dotted_keys": b"a" + b".a" * 5000 + b" = 1\n",
    "deep_table_headers": b"[" + b".".join([b"t"] * 3000) + b"]\nx = 1\n",
    "not_utf8": b'name = "Ad\xe9"\n',
    "binary_garbage": bytes(range(256)) * 4,
    "bom_and_nul": b'\xef\xbb\xbfname = "Ada"\x00\n',
}
"""Damage written as raw bytes, the same for every reader."""

PROFILE_DAMAGE = {
    "name_escape_code": _set("name", ESC),
    "name_bidi_override": _set("name", BIDI),
    "name_newline": _set("name", "Ada\nEve"),
    "name_too_long": _set("name", "A" * 41),
    "name_missing": _drop("name"),
    "created_missing": _drop("created"),
    "answers_total_negative": _set("answers_total", -5),
    "answers_total_huge": _set("answers_total", 10**18),
    "answers_total_nan": _set("answers_total", float("nan")),
    "current_attempt_traversal": _set("current_attempt", "../../../../tmp/evil"),
    "current_attempt_separator": _set("current_attempt", "sub/20261122T041500Z-quick"),
    "current_attempt_absolute": _set("current_attempt", "/etc/passwd"),
    "theme_escape_code": _set("settings.theme", ESC),
    "review_step_negative": _set("review.q-one.step", -1),
    "review_key_traversal": _set("review", {"../x": PROFILE["review"]["q-one"]}),
    "step_key_escape_code": _set("path.steps", {ESC: "done"}),
    "review_misses_inf": _set("review.q-one.misses", float("inf")),
    "created_year_9999": _set("created", "9999-12-31T23:59:59Z"),
}
"""A valid profile changed in one field."""

ATTEMPT_DAMAGE = {
    "id_traversal": _set("id", "../../profile"),
    "id_not_file_name": _set("id", "20261122T041501Z-quick"),
    "seconds_inf": _set("answers.0.seconds", float("inf")),
    "seconds_nan": _set("answers.0.seconds", float("nan")),
    "seconds_negative": _set("answers.0.seconds", -3.0),
    "seconds_huge": _set("answers.0.seconds", 1e300),
    "credit_nan": _set("answers.0.credit", float("nan")),
    "credit_above_one": _set("answers.0.credit", 7.0),
    "seed_too_large": _set("seed", 10**30),
    "response_out_of_range": _set("answers.0.response", 10**6),
    "response_negative_list": _set("answers.0.response", [-1, 2]),
    "response_escape_code": _set("answers.0.response", ESC),
    "choice_order_out_of_range": _set("choice_orders.q-one", [0, 1, 7, 2]),
    "choice_order_repeated": _set("choice_orders.q-one", [0, 0, 1, 2]),
    "choice_order_negative": _set("choice_orders.q-one", [-1, 0, 1, 2]),
    "time_limit_zero": _set("time_limit_seconds", 0),
    "time_limit_negative": _set("time_limit_seconds", -60),
    "time_limit_huge": _set("time_limit_seconds", 10**12),
    "pass_mark_inf": _set("pass_mark", float("inf")),
    "pass_mark_negative": _set("pass_mark", -0.5),
    "question_id_traversal": _set("question_ids.0", "../../etc"),
    "pack_id_escape_code": _set("pack_id", ESC),
    "topic_escape_code": _set("topic", ESC),
    "started_missing": _drop("started"),
    "answered_at_naive": _set("answers.0.answered_at", "2026-11-22T04:16:00"),
    "started_year_9999": _set("started", "9999-12-31T23:59:59Z"),
}
"""A valid attempt changed in one field."""


def _toml(data: dict[str, Any]) -> bytes:
    return tomli_w.dumps(data).encode("utf-8")


def _load(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _bank_damage(base: dict[str, Any]) -> dict[str, bytes]:
    return {
        "prompt_escape_code": _toml(_set("questions.0.prompt", ESC)(base)),
        "explanation_bidi_override": _toml(_set("questions.0.explanation", BIDI)(base)),
        "difficulty_huge": _toml(_set("questions.0.difficulty", 10**30)(base)),
        "difficulty_inf": _toml(_set("questions.0.difficulty", float("inf"))(base)),
        "answer_nan": _toml(_set("questions.1.answer", float("nan"))(base)),
        "id_traversal": _toml(_set("questions.0.id", "../../x")(base)),
        "doc_traversal": _toml(_set("questions.0.source.doc", "../../../etc/passwd")(base)),
    }


def _pack_damage(base: dict[str, Any]) -> dict[str, bytes]:
    return {
        "title_escape_code": _toml(_set("title", ESC)(base)),
        "id_traversal": _toml(_set("id", "../../x")(base)),
        "time_limit_zero": _toml(_set("time_limit_minutes", 0)(base)),
        "time_limit_huge": _toml(_set("time_limit_minutes", 10**30)(base)),
        "time_limit_nan": _toml(_set("time_limit_minutes", float("nan"))(base)),
        "count_huge": _toml(_set("select.0.count", 10**30)(base)),
        "count_negative": _toml(_set("select.0.count", -4)(base)),
        "seed_huge": _toml(_set("seed", 10**30)(base)),
        "pass_percent_negative": _toml(_set("pass_percent", -1)(base)),
        "pass_percent_inf": _toml(_set("pass_percent", float("inf"))(base)),
        "structure_and_unknown_names": _toml(
            {**_set("select.0.topic", "cooking")(base), "questions": ["no-such-q"], "extra": 1}
        ),
    }


def _catalogue_damage(base: dict[str, Any]) -> dict[str, bytes]:
    return {
        "title_escape_code": _toml(_set("paths.0.title", ESC)(base)),
        "step_id_traversal": _toml(_set("paths.0.steps.0.id", "../../x")(base)),
        "learn_bidi_override": _toml(_set("paths.0.steps.0.learn", BIDI)(base)),
        "summary_nan": _toml(_set("paths.0.summary", float("nan"))(base)),
        "skills_huge_int": _toml(_set("paths.0.steps.0.projects.0.skills", [10**30])(base)),
    }


def main() -> None:
    """Write every fixture (the folder is rebuilt from scratch)."""
    bank = _load(DATA / "bank" / "good" / "duties.toml")
    pack = _load(REPO / "questions" / "packs" / "backend-roles-class.toml")
    catalogue = _load(DATA / "paths" / "minimal_valid" / "paths.toml")
    sets: dict[str, dict[str, bytes]] = {
        "profile": {name: _toml(change(PROFILE)) for name, change in PROFILE_DAMAGE.items()},
        "attempt": {name: _toml(change(ATTEMPT)) for name, change in ATTEMPT_DAMAGE.items()},
        "bank": _bank_damage(bank),
        "pack": _pack_damage(pack),
        "catalogue": _catalogue_damage(catalogue),
    }
    for reader, damage in sets.items():
        folder = HERE / reader
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for name, raw in {**RAW_DAMAGE, **damage}.items():
            (folder / f"{name}.toml").write_bytes(raw)
    (HERE / "valid_profile.toml").write_bytes(_toml(PROFILE))
    (HERE / "valid_attempt.toml").write_bytes(_toml(ATTEMPT))


if __name__ == "__main__":
    main()
