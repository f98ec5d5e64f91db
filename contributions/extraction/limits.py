"""The limits an upload is read within: its size, a PDF's pages and the reading time
(settings `CONTRIBUTION_UPLOAD_MAX_BYTES`, `CONTRIBUTION_UPLOAD_MAX_PAGES`,
`CONTRIBUTION_EXTRACTION_SECONDS`), the child process's memory, the text a document may
hold, and how far a Word file may inflate."""

from __future__ import annotations

from django.conf import settings

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_PAGES = 300
DEFAULT_SECONDS = 30
CHILD_MEMORY_BYTES = 1024 * 1024 * 1024  # address space of the parsing process
MAX_TEXT_CHARS = 5_000_000  # text a document may hold (a 10 MiB PDF holds far less)
ZIP_MAX_RATIO = 100  # a Word part inflating more than this (and over 1 MiB) is a bomb
ZIP_MAX_TOTAL_FACTOR = 20  # a Word file may inflate to 20 times the upload limit
ZIP_MAX_MEMBERS = 10_000


def max_bytes() -> int:
    return getattr(settings, "CONTRIBUTION_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_pages() -> int:
    return getattr(settings, "CONTRIBUTION_UPLOAD_MAX_PAGES", DEFAULT_MAX_PAGES)


def time_limit() -> float:
    return getattr(settings, "CONTRIBUTION_EXTRACTION_SECONDS", DEFAULT_SECONDS)
