"""Domain errors: a Fluent message key for the user, a plain English message for logs."""

from typing import Any, ClassVar


class DomainError(Exception):
    """Base for errors a user can act on.

    `key` picks the user's text (a Fluent message ID); `params` fill it in. The English
    `template` builds the log message and the CLI's text.
    """

    key: ClassVar[str] = "error-internal"
    template: ClassVar[str] = "Something went wrong; nothing was lost."
    transient: ClassVar[bool] = False

    def __init__(self, **params: Any) -> None:
        self.params = params
        super().__init__(self.template.format(**params))

    def __reduce__(self) -> tuple[Any, ...]:
        # By its params: the default passes the message positionally, which __init__ refuses,
        # so an error raised in a worker process (pipeline.process_pool) could not come back.
        return (_rebuild, (type(self), self.params))


def _rebuild(cls: type[DomainError], params: dict[str, Any]) -> DomainError:
    return cls(**params)


class InvalidInput(DomainError):
    key = "error-invalid-input"
    template = "{what}: {reason}"


class UnsupportedLanguage(DomainError):
    key = "error-unsupported-language"
    template = "Language {language!r} is not supported; use one of: {supported}."


class MediaUnreadable(DomainError):
    key = "error-media-unreadable"
    template = "Cannot read {what} {path}: {reason}. Send a different file."


class ToolMissing(DomainError):
    key = "error-tool-missing"
    template = "{tool} is not available: {hint}"


class NotFound(DomainError):
    key = "error-not-found"
    template = "{what} not found."
