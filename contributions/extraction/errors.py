"""A refusal of an upload's extraction: `ExtractionError`, with a code and a message."""

from __future__ import annotations


class ExtractionError(Exception):
    """Why an upload's text cannot be read: `code` for programs, `message` (translated)
    for people, `status` for the HTTP response (413 for too large, else 400)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = 413 if code == "too_large" else 400
