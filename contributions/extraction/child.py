"""The parsing of a PDF or Word file in a child process (`_extract_child.py`), with a
memory cap and killed at the time limit, so that a hostile file can neither hang nor
exhaust the server; its failures as `ExtractionError`s."""

from __future__ import annotations

import json
import logging
import signal
import subprocess
import sys
from pathlib import Path

from django.utils.translation import gettext as _

from .errors import ExtractionError
from .limits import CHILD_MEMORY_BYTES, MAX_TEXT_CHARS, max_pages, time_limit

logger = logging.getLogger(__package__)  # `contributions.extraction`, as before the split

_CHILD = Path(__file__).parents[1] / "_extract_child.py"


def _child_command(kind: str) -> list[str]:
    seconds = max(1, int(time_limit()))
    return [
        sys.executable,
        "-I",  # no environment variables, no user site, not the current directory
        str(_CHILD),
        kind,
        str(max_pages()),
        str(CHILD_MEMORY_BYTES),
        str(seconds + 1),  # CPU seconds: a backstop behind the wall-clock limit
        str(MAX_TEXT_CHARS),
    ]


def parse_in_child(kind: str, data: bytes) -> dict:
    """Run `_extract_child.py` on `data`, killed at the time limit."""
    seconds = time_limit()
    try:
        completed = subprocess.run(
            _child_command(kind),
            input=data,
            capture_output=True,
            timeout=seconds,
            check=False,
        )
    except subprocess.TimeoutExpired:  # run() has killed the child and reaped it
        raise _child_error("timeout", kind, {}, seconds) from None
    try:
        result = json.loads(completed.stdout) if completed.returncode == 0 else {}
    except ValueError:
        result = {}
    if not isinstance(result, dict) or not result:
        logger.warning(
            "Extraction of a %s upload failed (exit %s): %s",
            kind,
            completed.returncode,
            completed.stderr[-2000:].decode(errors="replace"),
        )
        # Out of CPU time (RLIMIT_CPU) is a timeout; any other failure, a file it could not read.
        timed_out = completed.returncode == -signal.SIGXCPU
        result = {"error": "timeout" if timed_out else "malformed"}
    error = result.get("error")
    if error is not None:
        raise _child_error(error, kind, result, seconds)
    return result


def _child_error(code: str, kind: str, result: dict, seconds: float) -> ExtractionError:
    if code == "encrypted":
        message = _(
            "The PDF is encrypted (even one that opens without a password keeps its text "
            "locked): upload a copy saved without a password or encryption."
        )
    elif code == "too_many_pages":
        message = _("The PDF has %(count)s pages; the limit is %(limit)s.") % {
            "count": result.get("count"),
            "limit": max_pages(),
        }
    elif code == "too_large":
        message = _("The document holds too much text: upload a shorter document.")
    elif code == "timeout":
        message = _(
            "Reading the file took longer than %(seconds)s seconds: upload a smaller or "
            "simpler file (a PDF saved by a word processor, or a Word file)."
        ) % {"seconds": seconds}
    else:
        code = "malformed"
        message = (
            _("The PDF could not be read: it may be damaged or incomplete.")
            if kind == "pdf"
            else _("The Word file could not be read: it may be damaged or incomplete.")
        )
    return ExtractionError(code, message)
