"""Errors raised by curate.

Every message says what is wrong and how to fix it, naming the file, row,
column or label at fault where there is one.
"""

from __future__ import annotations

__all__ = [
    "CurateError",
    "CurateWarning",
    "ImportDataError",
    "LabelError",
    "NotFoundError",
    "ProjectError",
    "PublishError",
    "SchemaVersionError",
    "TaskSpecError",
]


class CurateError(Exception):
    """Base class of every error curate raises on purpose."""


class ProjectError(CurateError):
    """The project cannot be created, opened or written."""


class SchemaVersionError(ProjectError):
    """The project was written by a newer curate, or its schema is unknown."""


class TaskSpecError(CurateError):
    """A task specification is invalid."""


class LabelError(CurateError):
    """A label is not part of the task's label set, or too many labels were given."""


class ImportDataError(CurateError):
    """An input file or frame cannot be imported as it is."""


class NotFoundError(CurateError):
    """An item, batch or annotation that was asked for does not exist."""


class PublishError(CurateError):
    """An export or push to the Hub cannot go ahead."""


class CurateWarning(UserWarning):
    """Something worked but deserves attention (tests turn these into errors)."""
