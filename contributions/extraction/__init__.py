"""The text of a source document a focal point uploads with a practice (issue 23): a PDF,
a Word (DOCX) or a plain-text file, read into plain text whose paragraphs are separated by
one blank line, so that `coherence.splitting.split_passages` gives one passage per
paragraph, heading or list item and `coherence.quotes` verifies quotes against it.

An upload is untrusted. Its type is read from its content, and its name must agree; its
size, pages and reading time are limited (settings `CONTRIBUTION_UPLOAD_MAX_BYTES`,
`CONTRIBUTION_UPLOAD_MAX_PAGES`, `CONTRIBUTION_EXTRACTION_SECONDS`); PDF and Word files are
parsed in a child process (`_extract_child.py`) with a memory cap, killed at the time
limit, so that a hostile file can neither hang nor exhaust the server; a Word file that
would inflate far beyond its size is refused before it is opened. Nothing is written to
disk. Every refusal is an `ExtractionError` with a code and a translated message.

The package's entry points are below; its modules, one concept each:

- `reading`: `extract`, an upload's text from its bytes (and the Word compression bombs
  refused before it is opened);
- `media`: the media type read from the content (`media_type_of`);
- `child`: the parsing of a PDF or Word file in the child process;
- `paragraphs`: lines of text laid out into paragraphs;
- `limits`: the size, page, time and memory limits;
- `errors`: `ExtractionError`, a refusal.
"""

from .errors import ExtractionError
from .media import DOCX, PDF, TEXT, media_type_of
from .reading import Extracted, extract

__all__ = ["DOCX", "PDF", "TEXT", "Extracted", "ExtractionError", "extract", "media_type_of"]
