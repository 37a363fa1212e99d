"""Domain errors that services raise and views turn into messages or status codes."""


class ServiceError(Exception):
    """A rule was broken; `message` is written for the person who tried."""

    def __init__(self, message: str, *, field: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(ServiceError):
    """The thing does not exist, or is not yours to see (we never say which)."""


class Conflict(ServiceError):
    """The thing already exists (an email in use, a key already spent)."""


class Throttled(ServiceError):
    """Too many attempts; `retry_after` seconds until the next one counts."""

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after
