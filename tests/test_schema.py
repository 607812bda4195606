"""The committed JSON schema of the bank format matches the models that define it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from quizapp.core.bank import KINDS
from quizapp.core.schema import SCHEMA_FILE, bank_schema_json

COMMITTED = Path(__file__).resolve().parents[1] / "questions" / SCHEMA_FILE


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    """The schema generated from the models."""
    return json.loads(bank_schema_json())


def test_committed_schema_matches_the_models() -> None:
    """questions/bank.schema.json is exactly what the models generate today."""
    assert COMMITTED.read_text(encoding="utf-8") == bank_schema_json(), (
        "questions/bank.schema.json is out of date: run "
        "`quizapp schema --output questions/bank.schema.json` and commit the result"
    )


def test_schema_discriminates_questions_on_kind(schema: dict[str, Any]) -> None:
    """Each question is one of the kinds, picked by its `kind` key, so editors show the right fields."""
    items = schema["properties"]["questions"]["items"]
    assert items["discriminator"]["propertyName"] == "kind"
    mapping = items["discriminator"]["mapping"]
    assert sorted(mapping) == sorted(KINDS)
    assert sorted(option["$ref"] for option in items["oneOf"]) == sorted(mapping.values())
    for kind, ref in mapping.items():
        definition = schema["$defs"][ref.rsplit("/", 1)[1]]
        assert definition["properties"]["kind"]["const"] == kind
        assert definition["additionalProperties"] is False


def test_schema_is_draft_2020_12_and_titled(schema: dict[str, Any]) -> None:
    """The schema declares its draft and title, and refuses unknown top-level keys."""
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "quizapp question bank file"
    assert schema["additionalProperties"] is False


def test_schema_documents_fields_from_the_models(schema: dict[str, Any]) -> None:
    """Field descriptions come from the models' attribute docstrings, so the schema documents the format."""
    single = schema["$defs"]["SingleQuestion"]["properties"]
    assert single["answer"]["description"].startswith("0-based index")
    assert single["id"]["pattern"] == "^[a-z0-9]+(-[a-z0-9]+)*$"


def test_schema_command_writes_the_same_text(tmp_path: Path) -> None:
    """`quizapp schema --output FILE` writes exactly the generated schema."""
    from quizapp.cli import main

    output = tmp_path / "bank.schema.json"
    assert main(["schema", "--output", str(output)]) == 0
    assert output.read_text(encoding="utf-8") == bank_schema_json()
