"""Pydantic validation of the file formats whose runtime objects are plain dataclasses (bank, profile).

The dataclasses in `quizapp.core.bank` and `quizapp.core.profile` name pydantic's `Field`, strict
types and `AwareDatetime` only inside their (string) annotations and import them only for type
checking, so a quiz can start without importing pydantic. This module is where pydantic reads those
annotations: `adapter` and `resolved` hand it `TYPES_NAMESPACE` to resolve them with.
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
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

from quizapp.core.formats import EARLIEST_YEAR, LATEST_YEAR

__all__ = ["EARLIEST_YEAR", "LATEST_YEAR", "TYPES_NAMESPACE", "adapter", "resolved"]


def _plausible_time(value: datetime) -> datetime:
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValueError(
            f"the year {value.year} is not plausible (give a time from {EARLIEST_YEAR} to "
            f"{LATEST_YEAR})"
        )
    return value


TYPES_NAMESPACE: dict[str, Any] = {
    # Every saved time is an aware datetime within plausible years.
    "AwareDatetime": Annotated[AwareDatetime, AfterValidator(_plausible_time)],
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
