"""What differs between the databases: how a query is compiled and matched, how
snippets are made, and the database objects that hold the index.

Each backend module offers the same functions:

- `matches(queryset, kind, query)`: the matching records, annotated with `search_rank`
  (float, higher is better);
- `among(matched, candidates)`: `matched` (from `matches()`) restricted to the records
  of `candidates` (`practices.listing.Candidates`) as well, in the form the database
  tests cheaply;
- `page(kind, queryset, query, pks)`: the records of `queryset` with these primary keys
  that match, as (record, snippets) pairs, the snippets `{column: text}` of the summary,
  keywords and body, with the match markers of `search.snippets`; `snippets(kind, query,
  pks, using=...)`: the same snippets by primary key, for records already fetched;
  `SNIPPETS_ESCAPED` says whether the database has already escaped `&`, `<` and `>` in
  them;
- `newest_first(queryset)`: the queryset ordered newest first, in the order the index
  reads cheaply;
- `newest_among(kind, query, candidates, limit, using=...)`: the matches among the
  records of `candidates` (`practices.listing.Candidates`), newest first, at most
  `limit` of them, as (pk, search_rank) pairs, reading the document table only (no
  other filter);
- `newest_public(kind, query, limit, using=...)`: the newest matches among the type's
  public records (`Kind.public()`), at most `limit`, as (pk, search_rank) pairs, from
  a table that holds what the search needs of them alone (PostgreSQL's public vectors,
  `search.models.PublicVectors`); None where the type has none;
- `statistics(kind, matched, query, newest, broad=...)`: for `search()`, the number of
  records in `matched` estimated cheaply when the search is broad (knowing that `newest`
  are its newest), and what to divide the type's `search_rank` by to compare it with
  other types';
- `proximity(kind, query, pks, using=...)`: how close the words typed stand in each of
  these matching records (`search.ranking.Closeness`), by primary key, for the database
  whose score does not count it (SQLite); `None` where the score does (PostgreSQL's
  `ts_rank_cd`);
- `install(connection)` / `uninstall(connection, indexes=INDEXES)`: create or drop the
  index objects that Django's models do not describe (`install` for the document tables
  that exist, `uninstall` for the indexes given, every type's by default);
- `rebuild_started(connection)` / `rebuild_finished(connection)`: around a full rebuild.
"""

from types import ModuleType

from django.core.exceptions import ImproperlyConfigured

from . import postgresql, sqlite

BACKENDS = {"postgresql": postgresql, "sqlite": sqlite}


def backend_for(connection) -> ModuleType:
    try:
        return BACKENDS[connection.vendor]
    except KeyError:
        raise ImproperlyConfigured(
            f"Search supports PostgreSQL and SQLite, not {connection.vendor}."
        ) from None
