"""What differs between the databases: how a query is compiled and matched, how
snippets are made, and the database objects that hold the index.

Each backend module offers the same functions:

- `matches(queryset, kind, query)`: the matching records, annotated with `search_rank`
  (float, higher is better);
- `snippet_expressions(kind, query)`: `{"snippet_<column>": expression}` to annotate a
  queryset that went through `matches` with the snippets of the summary, keywords and
  body, with the match markers of `search.snippets`; `SNIPPETS_ESCAPED` says whether the
  database has already escaped `&`, `<` and `>` in them;
- `only(queryset, pks)`: the records with these primary keys, of a queryset that went
  through `matches`;
- `newest_first(queryset)`: the queryset ordered newest first, in the order the index
  reads cheaply;
- `statistics(kind, matched, query, newest, broad=...)`: for `search()`, the number of
  records in `matched` estimated cheaply when the search is broad (knowing that `newest`
  are its newest), and what to divide the type's `search_rank` by to compare it with
  other types';
- `install(connection)` / `uninstall(connection)`: create or drop the index objects that
  Django's models do not describe;
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
