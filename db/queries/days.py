"""Calendar buckets of a timestamp column in UTC, one expression for PostgreSQL and SQLite.

PostgreSQL's `date(timestamptz)` uses the session's time zone, so the value is moved to UTC
first; SQLite stores UTC text already (see `db.base.UTCDateTime`). Both give a `date`.
"""

from typing import Any

from sqlalchemy import Date
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.sql.functions import FunctionElement


class utc_day(FunctionElement[Any]):  # lower case: an SQL function, like `func.x`
    """The UTC calendar day of a timestamp column."""

    type = Date()
    name = "utc_day"
    inherit_cache = True


class utc_month(FunctionElement[Any]):
    """The first day of the UTC calendar month of a timestamp column."""

    type = Date()
    name = "utc_month"
    inherit_cache = True


def _column(element: FunctionElement[Any]) -> ColumnElement[Any]:
    (column,) = element.clauses
    return column


@compiles(utc_day, "postgresql")
def _pg_day(element: utc_day, compiler: SQLCompiler, **kw: Any) -> str:
    return f"date(timezone('UTC', {compiler.process(_column(element), **kw)}))"


@compiles(utc_day, "sqlite")
def _sqlite_day(element: utc_day, compiler: SQLCompiler, **kw: Any) -> str:
    return f"date({compiler.process(_column(element), **kw)})"


@compiles(utc_month, "postgresql")
def _pg_month(element: utc_month, compiler: SQLCompiler, **kw: Any) -> str:
    column = compiler.process(_column(element), **kw)
    return f"date(date_trunc('month', timezone('UTC', {column})))"


@compiles(utc_month, "sqlite")
def _sqlite_month(element: utc_month, compiler: SQLCompiler, **kw: Any) -> str:
    return f"date({compiler.process(_column(element), **kw)}, 'start of month')"
