"""PostgreSQL: a stored, weighted `tsvector` per document with a GIN index.

Each word or phrase of the query is turned into a `tsquery` by PostgreSQL itself
(`phraseto_tsquery` with the `search_english` configuration: English
stemming and stop words, accents removed by `unaccent`), and the parts are combined with
the `tsquery` operators `&&`, `||` and `!!`. Every value is a bound parameter. The whole
`tsquery` expression is immutable, so PostgreSQL computes it once, at planning time.

French and Spanish (issue 22): the record types with translated fields have a second
and third vector (`vector_fr`, `vector_es`: the language's title, summary and keywords
with its stemming, `search_french`/`search_spanish`), each with a GIN index. A query in
those languages matches a record when each of its words or phrases is in the language's
vector (stemmed in that language) or in the English one (stemmed in English), so that
"politique migratoire" finds the French title and "remittances" or a quote the English
text; PostgreSQL combines the GIN indexes of both (BitmapOr, BitmapAnd).

The package is the backend `search.backends` hands out: this module gathers its
interface (see `search.backends`) from the modules that hold it, one per concept:
`matching` (the `tsquery`, the condition and `search_rank`, the reads of newest matches
and statistics), `headlines` (snippets) and `objects` (the database objects of the
index: text search configurations, GIN indexes, vector storage, the tables of public
vectors and their triggers). Names with a leading underscore are private to the
package.
"""

from .headlines import SNIPPETS_ESCAPED, page, snippets
from .matching import (
    among,
    matches,
    newest_among,
    newest_first,
    newest_public,
    proximity,
    statistics,
)
from .objects import install, rebuild_finished, rebuild_started, uninstall

__all__ = [
    "SNIPPETS_ESCAPED",
    "among",
    "install",
    "matches",
    "newest_among",
    "newest_first",
    "newest_public",
    "page",
    "proximity",
    "rebuild_finished",
    "rebuild_started",
    "snippets",
    "statistics",
    "uninstall",
]
