"""Domain errors: raised by services with a translatable message, shown by views."""


class DomainError(Exception):
    """A rule of the domain was broken; `message` is for the user, in their language."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
