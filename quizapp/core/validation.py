"""Pydantic validation of the file formats whose runtime objects are plain dataclasses (bank, profile).

The dataclasses in `quizapp.core.bank` and `quizapp.core.profile` name pydantic's `Field`, strict
types and `AwareDatetime` only inside their (string) annotations and import them only for type
checking, so a quiz can start without importing pydantic. This module is where pydantic reads those
annotations: every adapter and model here is rebuilt with `TYPES_NAMESPACE`.
"""

from __future__ import annotations

import functools
from typing import Annotated, Any, TypeVar

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

from quizapp.core.bank import (
    MultiQuestion,
    RoleQuestion,
    SelfRatingQuestion,
    SingleQuestion,
    TrueFalseQuestion,
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

Question = Annotated[
    SingleQuestion | MultiQuestion | TrueFalseQuestion | RoleQuestion | SelfRatingQuestion,
    Field(discriminator="kind"),
]
"""Any question, told apart by its `kind`."""


class BankFile(BaseModel):
    """One `questions/*.toml` file: a list of `[[questions]]` tables."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    questions: list[Question] = Field(default_factory=list)
    """The questions in this file, in the order written."""


ModelT = TypeVar("ModelT", bound=type[BaseModel])


def resolved(model: ModelT) -> ModelT:
    """Rebuild a pydantic model whose fields hold the dataclasses, so their annotations resolve."""
    model.model_rebuild(_types_namespace=TYPES_NAMESPACE)
    return model


resolved(BankFile)


@functools.cache
def adapter(kind: Any) -> TypeAdapter[Any]:
    """A pydantic adapter validating data as `kind` (a dataclass, or an annotated union of them)."""
    made: TypeAdapter[Any] = TypeAdapter(kind)
    made.rebuild(_types_namespace=TYPES_NAMESPACE)
    return made


QUESTION_ADAPTER = adapter(Question)
"""Validates one `[[questions]]` table as whichever question its `kind` names."""
