"""Build a JSON value that satisfies a (strict Structured Outputs) JSON schema.

The default chat responder uses it to answer any `json_schema` request. `hint` is a value
to reuse where its shape fits the schema (the default script for a script-shaped schema);
everything else is filled from `words` (the prompt) and the schema's own bounds.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    while isinstance(ref, str):
        target: Any = root
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]
        schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
        ref = target.get("$ref") if isinstance(target, dict) else None
    return schema


def _schema_type(schema: dict[str, Any]) -> str | None:
    kind = schema.get("type")
    if isinstance(kind, list):
        non_null = [item for item in kind if item != "null"]
        return str(non_null[0]) if non_null else "null"
    if kind is None and "properties" in schema:
        return "object"
    return str(kind) if kind is not None else None


def _fits(kind: str | None, hint: Any) -> bool:
    checks: dict[str, type | tuple[type, ...]] = {
        "object": dict,
        "array": list,
        "string": str,
        "boolean": bool,
        "number": (int, float),
    }
    if hint is None or kind is None:
        return False
    if kind == "integer":
        return isinstance(hint, int) and not isinstance(hint, bool)
    expected = checks.get(kind)
    return (
        expected is not None
        and isinstance(hint, expected)
        and (kind in ("boolean", "object") or not isinstance(hint, bool))
    )


def _string(schema: dict[str, Any], name: str, words: Sequence[str], hint: Any) -> str:
    text = hint if isinstance(hint, str) else " ".join([*words[:6], name]).strip() or name
    minimum, maximum = schema.get("minLength"), schema.get("maxLength")
    if isinstance(minimum, int) and len(text) < minimum:
        text = (text + " ") * (minimum // max(len(text), 1) + 1)
    return text[:maximum] if isinstance(maximum, int) else text


def _number(schema: dict[str, Any], hint: Any, integer: bool) -> float | int:
    if hint is not None:
        return int(hint) if integer else float(hint)
    low = schema.get("minimum")
    exclusive = schema.get("exclusiveMinimum")
    value = float(low) if low is not None else 1.0
    if exclusive is not None:
        value = max(value, float(exclusive) + 1.0)
    high = schema.get("maximum")
    if high is not None:
        value = min(value, float(high))
    return round(value) if integer else value


def _scalar(
    schema: dict[str, Any], kind: str | None, name: str, words: Sequence[str], hint: Any
) -> Any:
    if kind == "string":
        return _string(schema, name, words, hint)
    if kind in ("integer", "number"):
        return _number(schema, hint, kind == "integer")
    if kind == "boolean":
        return hint if hint is not None else True
    if kind == "null":
        return None
    return hint if hint is not None else {}


def _literal(schema: dict[str, Any], hint: Any) -> Any:
    if "const" in schema:
        return schema["const"]
    options = list(schema["enum"])
    return hint if hint in options else options[0]


def _choice(schema: dict[str, Any], root: dict[str, Any], hint: Any) -> dict[str, Any] | None:
    """For anyOf/oneOf/allOf: the first non-null option the hint fits, else the first."""
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [_resolve(item, root) for item in schema[key]]
            usable = [item for item in options if _schema_type(item) != "null"] or options
            return next((o for o in usable if _fits(_schema_type(o), hint)), usable[0])
    return None


def fill_schema(
    schema: dict[str, Any],
    *,
    words: Sequence[str] = (),
    hint: Any = None,
    root: dict[str, Any] | None = None,
    name: str = "value",
) -> Any:
    root = root if root is not None else schema
    schema = _resolve(schema, root)
    if "const" in schema or "enum" in schema:
        return _literal(schema, hint)
    chosen = _choice(schema, root, hint)
    if chosen is not None:
        return fill_schema(chosen, words=words, hint=hint, root=root, name=name)
    kind = _schema_type(schema)
    hint = hint if _fits(kind, hint) else None
    if kind == "object":
        given = hint or {}
        return {
            key: fill_schema(sub, words=words, hint=given.get(key), root=root, name=key)
            for key, sub in schema.get("properties", {}).items()
        }
    if kind == "array":
        items = schema.get("items", {})
        hints: list[Any] = list(hint) if hint else []
        count = max(int(schema.get("minItems", 1)), len(hints))
        if isinstance(schema.get("maxItems"), int):
            count = min(count, schema["maxItems"])
        return [
            fill_schema(
                items,
                words=words,
                hint=hints[i] if i < len(hints) else None,
                root=root,
                name=f"{name} {i + 1}",
            )
            for i in range(count)
        ]
    return _scalar(schema, kind, name, words, hint)
