"""Names in alphabetical order as readers expect it, whatever their case and accents.

Both databases sort text by its bytes here (SQLite always; PostgreSQL in the `C.UTF-8`
databases of this machine and of CI), which puts every accented first letter after "z":
in French "Égypte", "États-Unis" and "Îles Marshall" came after "Zimbabwe", "Sénégal"
after "Suriname"; in English "Åland Islands" last. The `alphabetical` collation
compares letters first, then accents, then case, as a dictionary does:

- PostgreSQL: ICU's collation of the root locale, `und-x-icu`;
- SQLite: a Python function registered on every connection (`register`), comparing
  `sort_key`s.

`localized_order` (`coherence.models.base`) sorts names with it: countries, regions,
themes, levels, elements, institutions, tools and events, a few thousand rows at most.
Titles keep the database's order: the practices' are sorted by the hundred thousand
and a Python comparison per pair would cost SQLite seconds.
"""

import unicodedata
from functools import lru_cache

from django.db.models.functions import Collate

COLLATION = "alphabetical"
POSTGRESQL_COLLATION = '"und-x-icu"'


@lru_cache(maxsize=16384)
def sort_key(text: str) -> tuple[str, str, str, str]:
    """The key `alphabetical` sorts by: the letters without accents, ignoring case; then
    with their accents; then lower case before upper case, as ICU's root collation has
    it; then the text as it is (so that two different texts never tie)."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return bare.casefold(), decomposed.casefold(), decomposed.swapcase(), text


def _compare(left: str, right: str) -> int:
    left_key, right_key = sort_key(left), sort_key(right)
    return (left_key > right_key) - (left_key < right_key)


def register(sender, connection, **kwargs):
    """`connection_created`: SQLite's `alphabetical` collation on every new connection."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, _compare)


class Alphabetical(Collate):
    """A text compared in alphabetical order, for `order_by()`: SQLite's `alphabetical`
    collation (`register`), PostgreSQL's `und-x-icu` (ICU's root locale, which every
    PostgreSQL built with ICU has, as Debian's and the official images are)."""

    def __init__(self, expression):
        super().__init__(expression, COLLATION)

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, collation=POSTGRESQL_COLLATION, **extra_context)


def alphabetical(expression) -> Alphabetical:
    """`expression` (a text) compared in alphabetical order, for `order_by()`."""
    return Alphabetical(expression)
