"""Declarative base, shared column types and the timestamp mixin."""

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import JSON, DateTime, Dialect, Enum, MetaData, TypeDecorator, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names: Alembic needs them to drop constraints, and SQLite batch mode
# to recreate tables.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# JSON everywhere, JSONB on PostgreSQL (indexable, compact). Reassign the value to change it:
# in-place mutation of a loaded dict or list is not tracked.
JSONType = JSON().with_variant(JSONB(), "postgresql")

# Every `Mapped[SomeStrEnum]` column becomes VARCHAR(32) holding the member's *value*, with no
# native enum type and no CHECK constraint, so a new member needs no migration.
ENUM_TYPE = Enum(
    StrEnum,
    native_enum=False,
    length=32,
    values_callable=lambda members: [member.value for member in members],
    validate_strings=True,
)


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime on every dialect.

    PostgreSQL keeps the zone (timestamptz); SQLite stores naive text, so values are converted
    to UTC on the way in and get UTC attached on the way out. Naive values are refused: they
    would mean local time on one machine and UTC on another.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            msg = f"naive datetime {value!r}: use an aware one (db.base.utcnow())"
            raise ValueError(msg)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime (the default clock of the queries)."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        StrEnum: ENUM_TYPE,
        datetime: UTCDateTime(),
    }
    # Fetch server-generated values (created_at, updated_at) with RETURNING at flush time:
    # a lazy refresh afterwards would be implicit I/O, which fails under asyncio.
    __mapper_args__ = {"eager_defaults": True}  # noqa: RUF012


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())
