"""The library's own exception types. Only the edges (CLI, chat) translate them for users."""


class AssistantError(Exception):
    """Base class: a problem the user can act on, with a message that says how."""


class SettingsError(AssistantError):
    """A setting is unknown or has a bad value."""


class ModelError(AssistantError):
    """The embedding model cannot be prepared or loaded."""


class IndexNotReady(AssistantError):
    """The index is missing, corrupt, or was built by another model or format."""


class IngestError(AssistantError):
    """A whole refresh could not run (a single bad source is skipped, not raised)."""


class ExtractionError(AssistantError):
    """One source file could not be turned into text; the refresh skips it with this reason."""


class QueryError(AssistantError):
    """A question is empty, too long or otherwise unusable."""
