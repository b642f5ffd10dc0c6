"""Errors of the file store: a Fluent key for the user, plain English for the logs.

`core.errors.DomainError` is their base until the issue-10 move puts it in `core/`.
"""

from core.errors import DomainError


class StorageError(DomainError):
    """The store did not answer or failed (a network error, a 5xx): worth a retry."""

    key = "error-storage-unavailable"
    template = "File storage failed to {action} {key}: {reason}"
    transient = True


class ObjectNotFound(StorageError):
    key = "error-storage-not-found"
    template = "File {key} is not in storage."
    transient = False


class StorageAccessDenied(StorageError):
    """Wrong credentials or a bucket policy that refuses: a configuration problem."""

    key = "error-storage-denied"
    template = "File storage refused to {action} {key}: {reason}"
    transient = False


class InvalidKey(StorageError):
    """A key that could escape its place (`..`, absolute, empty segments, too long)."""

    key = "error-storage-invalid-key"
    template = "Not a valid storage key: {key!r} ({reason})."
    transient = False
