"""The JSON schema of the bank file format, generated from the models so editors can validate banks."""

from __future__ import annotations

import json

from quizapp.core.bank import BankFile

SCHEMA_FILE = "bank.schema.json"
"""Where the committed schema lives inside `questions/`."""


def bank_schema_json() -> str:
    """The JSON schema of one bank file, as stable, indented text."""
    schema = BankFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "quizapp question bank file"
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
