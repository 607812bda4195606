"""Pydantic validation of the file formats whose runtime objects are plain dataclasses (bank, profile).

The dataclasses in `quizapp.core.bank` and `quizapp.core.profile` name pydantic's `Field`, strict
types and `AwareDatetime` only inside their (string) annotations and import them only for type
checking, so a quiz can start without importing pydantic. This module is where pydantic reads those
annotations: `adapter` and `resolved` hand it `TYPES_NAMESPACE` to resolve them with.
"""

from __future__ import annotations

import functools
from typing import Any, TypeVar

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    TypeAdapter,
)

TYPES_NAMESPACE: dict[str, Any] = {
    "AwareDatetime": AwareDatetime,
    "ConfigDict": ConfigDict,
    "Field": Field,
    "StrictBool": StrictBool,
    "StrictFloat": StrictFloat,
    "StrictInt": StrictInt,
    "StrictStr": StrictStr,
}
"""The pydantic names the dataclasses' annotations use, for pydantic to resolve them."""

ModelT = TypeVar("ModelT", bound=type[BaseModel])


def resolved(model: ModelT) -> ModelT:
    """Rebuild a pydantic model whose fields hold the dataclasses, so their annotations resolve."""
    model.model_rebuild(_types_namespace=TYPES_NAMESPACE)
    return model


@functools.cache
def adapter(kind: Any) -> TypeAdapter[Any]:
    """A pydantic adapter validating data as `kind` (a dataclass, or an annotated union of them)."""
    made: TypeAdapter[Any] = TypeAdapter(kind)
    made.rebuild(_types_namespace=TYPES_NAMESPACE)
    return made
