"""Schemathesis against /api/openapi.json, with every check it has: each operation with
generated valid and invalid data, then stateful sequences that follow the links between
operations (create, then read, change and delete what was created). No 5xx, no answer the
document does not describe, no invalid input accepted."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schema_server import ServedApi, served_api
from schemathesis import Case
from schemathesis.checks import CheckFunction
from schemathesis.core.transport import Response
from schemathesis.generation.modes import GenerationMode
from schemathesis.generation.stateful import run_state_machine_as_test
from schemathesis.specs.openapi.checks import positive_data_acceptance
from schemathesis.specs.openapi.schemas import OpenApiSchema

pytestmark = [pytest.mark.timeout(900), pytest.mark.xdist_group("schema")]
FUZZ = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,  # the same cases every run: a failure here is reproducible
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(scope="module")
def api(
    tmp_path_factory: pytest.TempPathFactory, pg_server_url: str, redis_server_url: str,
    redis_database: int,
) -> Iterator[ServedApi]:  # fmt: skip
    redis_url = urlsplit(redis_server_url)._replace(path=f"/{redis_database}").geturl()
    with served_api(tmp_path_factory.mktemp("schema"), pg_server_url, redis_url) as served:
        yield served


@pytest.fixture(scope="module")
def api_schema(api: ServedApi) -> OpenApiSchema:
    return schemathesis.openapi.from_url(f"{api.url}/api/openapi.json")


def check(response: Response, case: Case[Any], *, positive: bool) -> None:
    """Every check but one: schema-valid data may still be refused for what it means (a
    topic of punctuation only, a scene index past the last one) with a domain problem; what
    the schema allows must never fail the schema's own validation."""
    excluded: list[CheckFunction] = [positive_data_acceptance]
    case.validate_response(response, excluded_checks=excluded)
    if positive and response.status_code == 422:
        refused = response.json()["type"]
        assert refused != "/api/problems/error-invalid-request", case.as_curl_command()


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_answers_as_documented(
    api_schema: OpenApiSchema, api: ServedApi, mode: GenerationMode
) -> None:
    # Driven here, not by schemathesis's pytest plugin (its lazy loader does not run under
    # pytest 9): one Hypothesis run per operation, each failure named by its operation.
    operations = [result.ok() for result in api_schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) > 1
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @FUZZ
        def answers_as_documented(case: Case[Any]) -> None:
            response = case.call(base_url=api.url, headers=api.headers)
            check(response, case, positive=mode is GenerationMode.POSITIVE)

        try:
            answers_as_documented()
        except Unsatisfiable:
            # Nothing invalid fits (a free-form string in the path): as schemathesis's own
            # runner does, the operation has no negative cases.
            if mode is GenerationMode.POSITIVE:
                raise
        except Exception as error:
            error.add_note(f"operation: {operation.label} ({mode.value} data)")
            raise


def test_sequences_of_operations_answer_as_documented(
    api_schema: OpenApiSchema, api: ServedApi
) -> None:
    # Sequences of valid calls: invalid data is each operation's test above (here a mutated
    # step would be answered with the key this test adds back to every call).
    api_schema.config.generation.update(modes=[GenerationMode.POSITIVE])
    machine = api_schema.as_state_machine()

    class Sequences(machine):  # type: ignore[misc,valid-type]
        def get_call_kwargs(self, case: Case[Any]) -> dict[str, object]:
            return {"base_url": api.url, "headers": api.headers}

        def validate_response(
            self, response: Response, case: Case[Any], *args: object, **kwargs: object
        ) -> None:
            mode = case.meta.generation.mode if case.meta else GenerationMode.POSITIVE
            check(response, case, positive=mode is GenerationMode.POSITIVE)

    run_state_machine_as_test(
        Sequences,
        settings=settings(
            max_examples=10, stateful_step_count=5, deadline=None, derandomize=True,
            suppress_health_check=list(HealthCheck),
        ),
    )  # fmt: skip


def test_the_document_is_the_one_served(api_schema: OpenApiSchema, tmp_path: Path) -> None:
    assert api_schema.raw_schema["openapi"].startswith("3.1")
