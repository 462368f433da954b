"""The one error a reader raises for input it cannot read: the CLI prints it as one line."""


class UnreadableDocument(Exception):
    """The document cannot be read at all (missing, empty, not a PDF, encrypted, no text layer)."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
