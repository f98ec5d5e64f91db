"""The API's JSON parser, bounded: a body nested deeper than `MAX_DEPTH` is a 400 with
the reason, found before Python's parser could run out of recursion (a body nested 1,500
deep was a 500). The size is bounded before: Django refuses a body larger than
`DATA_UPLOAD_MAX_MEMORY_SIZE` as it reads it, which the API answers with 413
(`coherence.rest.errors`)."""

from __future__ import annotations

import json
import re

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# No record the API writes nests deeper than a few levels (a practice's countries are
# objects in a list in an object: 3).
MAX_DEPTH = 32
_STRINGS = re.compile(rb'"(?:\\.|[^"\\])*"')
_BRACKETS = re.compile(rb"[\[\]{}]")


def nesting_depth(body: bytes) -> int:
    """The deepest nesting of arrays and objects in a JSON text (brackets inside strings
    do not count). Linear in the size, with no recursion."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_STRINGS.sub(b'""', body)):
        if bracket in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        body = stream.read()
        if nesting_depth(body) > MAX_DEPTH:
            raise ParseError(f"JSON parse error - nested deeper than {MAX_DEPTH} levels.")
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            return json.loads(body.decode(encoding), parse_constant=_no_constants)
        except (ValueError, UnicodeDecodeError, RecursionError) as error:
            raise ParseError(f"JSON parse error - {error}") from error


def _no_constants(name):
    raise ValueError(f"{name} is not valid JSON")
