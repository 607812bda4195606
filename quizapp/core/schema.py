"""The JSON schema of the bank file format, generated from the models so editors can validate banks."""

from __future__ import annotations

import ast
import inspect
import json
from typing import Any

from quizapp.core import bank, loader
from quizapp.core.loader import BankFile

SCHEMA_FILE = "bank.schema.json"
"""Where the committed schema lives inside `questions/`."""


def field_docstrings(module: Any) -> dict[str, dict[str, str]]:
    """Class name -> field name -> the docstring written under that field in `module`'s source.

    The models keep their field docs as attribute docstrings; reading them here, only when a schema
    is made, spares every start-up the cost of pydantic's `use_attribute_docstrings`.
    """
    tree = ast.parse(inspect.getsource(module))
    docs: dict[str, dict[str, str]] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        fields: dict[str, str] = {}
        for current, following in zip(node.body, node.body[1:], strict=False):
            if (
                isinstance(current, ast.AnnAssign)
                and isinstance(current.target, ast.Name)
                and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                fields[current.target.id] = inspect.cleandoc(following.value.value)
        docs[node.name] = fields
    return docs


def _inherited(docs: dict[str, dict[str, str]], model: type) -> dict[str, str]:
    """A model's field docs, including those written on its base classes."""
    merged: dict[str, str] = {}
    for klass in reversed(model.__mro__):
        merged.update(docs.get(klass.__name__, {}))
    return merged


def bank_schema_json() -> str:
    """The JSON schema of one bank file, as stable, indented text, with every field described."""
    schema = BankFile.model_json_schema()
    docs = field_docstrings(bank)
    models = {name: getattr(bank, name) for name in schema.get("$defs", {})}
    for name, definition in schema.get("$defs", {}).items():
        described = _inherited(docs, models[name])
        for field, prop in definition.get("properties", {}).items():
            if field in described:
                prop["description"] = described[field]
    file_docs = field_docstrings(loader).get("BankFile", {})
    for field, prop in schema.get("properties", {}).items():
        if field in file_docs:
            prop["description"] = file_docs[field]
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "quizapp question bank file"
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
