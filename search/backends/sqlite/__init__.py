"""SQLite: an FTS5 table per document table.

Each FTS5 table (`search_<type>_fts`) is an external-content index over its document
table: it stores only the index, reads the text from the document table when it makes
snippets, and is kept in step by triggers on the document table. Its rowid is the
record's primary key, so the ORM joins it to the record directly (the unmanaged `*Fts`
models). Words are folded to lower case, stripped of diacritics and stemmed with the
Porter stemmer; ranking is BM25 with the column weights below.

Every word or phrase of the query becomes an FTS5 string (`"..."`, inner quotes
doubled), which the FTS5 tokenizer splits like the documents; nothing the user types is
read as FTS5 syntax.

French and Spanish (issue 22): the record types with translated fields have an FTS5
table per language too (`search_<type>_fts_fr`, `_es`) over the same document table,
indexing the language's title, summary and keywords and the English columns, folded to
lower case and stripped of diacritics but not stemmed (the Porter stemmer is English
only). A query in those languages is searched there, each word as the prefix of its
stem (`_stem_prefix`: "politiques" and "politique" are both `"politiqu"*`), so that
plurals and feminines find each other in French, Spanish and English alike.

The package is the backend `search.backends` hands out: this module gathers its
interface (see `search.backends`) from the modules that hold it, one per concept:
`tables` (the FTS5 tables' columns, tokenizers and weights), `matching` (the FTS5 query,
BM25's `search_rank`, the reads of newest matches and statistics), `highlights`
(snippets and the words' positions for proximity) and `objects` (the FTS5 tables and
their triggers). Names with a leading underscore are private to the package.
"""

from .highlights import SNIPPETS_ESCAPED, page, proximity, snippets
from .matching import among, matches, newest_among, newest_first, newest_public, statistics
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
