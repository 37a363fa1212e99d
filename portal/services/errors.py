"""Domain errors that services raise and views turn into messages or status codes."""

from typing import Any


class ServiceError(Exception):
    """A rule was broken; `message` is written for the person who tried.

    The words are the catalog's message id (extracted from every `ServiceError(…)`,
    `NotFound(…)`, `Conflict(…)` and `Throttled(…)` call), with %(name)s placeholders
    filled from `params`: the views show it in the reader's language (portal.web.error_text).
    """

    def __init__(
        self,
        message: str,
        *,
        field: str = "",
        more: tuple[tuple[str, dict[str, Any]], ...] = (),
        **params: Any,
    ):
        text = message % params if params else message
        # `more`: further sentences, each (words, params), worded each on its own.
        text = " ".join([text, *(words % values for words, values in more)])
        super().__init__(text)
        self.template = message
        self.params = params
        self.more = more
        self.message = text
        self.field = field


class NotFound(ServiceError):
    """The thing does not exist, or is not yours to see (we never say which)."""


class Conflict(ServiceError):
    """The thing already exists (an email in use, a key already spent)."""


class Throttled(ServiceError):
    """Too many attempts; `retry_after` seconds until the next one counts."""

    def __init__(
        self,
        message: str,
        *,
        retry_after: int,
        more: tuple[tuple[str, dict[str, Any]], ...] = (),
        **params: Any,
    ):
        super().__init__(message, more=more, **params)
        self.retry_after = retry_after
