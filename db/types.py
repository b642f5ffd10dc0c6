"""A JSON column that is a pydantic model in Python (`project.options` is `ProjectOptions`).

The database keeps plain JSON (JSONB on PostgreSQL) without the fields left at their
defaults, so rows stay as small as the dicts they replace, and a row written before a field
existed still loads (the field takes its default).
"""

from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import JSON, Dialect, TypeDecorator
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeEngine

M = TypeVar("M", bound=BaseModel)


class PydanticJSON(TypeDecorator[M]):
    impl = JSON
    cache_ok = True

    def __init__(self, model: type[M]) -> None:
        super().__init__()
        self.model = model

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        return dialect.type_descriptor(JSONB() if dialect.name == "postgresql" else JSON())

    def process_bind_param(self, value: M | dict[str, Any] | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        model = value if isinstance(value, self.model) else self.model.model_validate(value)
        return model.model_dump(mode="json", exclude_defaults=True)

    def process_result_value(self, value: Any, dialect: Dialect) -> M | None:
        return None if value is None else self.model.model_validate(value)

    def coerce_compared_value(self, op: Any, value: Any) -> TypeEngine[Any]:
        return self.impl_instance
