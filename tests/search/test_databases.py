"""What each database holds for search: PostgreSQL's weighted tsvector, configuration
and GIN index; SQLite's FTS5 tables and triggers."""

import pytest
from django.db import connection
from django.db.models import ExpressionWrapper, TextField

from search import parse_query
from search.backends import sqlite
from search.backends.postgresql import matching as postgresql_matching
from search.backends.sqlite import matching as sqlite_matching
from search.kinds import KINDS
from search.models import PracticeDocument
from tests.conftest import on_postgres
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

requires_sqlite = pytest.mark.skipif(on_postgres(), reason="checks SQLite's FTS5 tables")


def scalar(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


@pytest.mark.requires_postgres
def test_the_vector_weighs_title_summary_keywords_and_body():
    practice = PracticeFactory(
        title="Diaspora", summary="Bonds", description="Remittances", themes=[]
    )
    practice.themes.clear()
    vector = PracticeDocument.objects.values_list("vector", flat=True).get(pk=practice.pk)
    assert vector == "'bond':2B 'diaspora':1A 'remitt':3C"


@pytest.mark.requires_postgres
def test_the_configuration_stems_english_and_removes_accents():
    assert scalar(
        "SELECT to_tsvector('search_english', 'Côte d’Ivoire remittances the')::text"
    ) == ("'cote':1 'd':2 'ivoir':3 'remitt':4")


@pytest.mark.requires_postgres
@pytest.mark.parametrize(
    "text",
    [
        "diaspora remittances Morocco",
        '"inter-ministerial committee" -Europe',
        "trade OR aid",
        'remittances -"European Union"',
        "Côte d'Ivoire",
    ],
)
def test_the_syntax_means_what_websearch_to_tsquery_means(text):
    """The same tsquery as websearch_to_tsquery, except for OR's precedence (see
    docs/decisions/0002-search.md)."""
    tsquery = postgresql_matching.compile_query(parse_query(text))
    ours = PracticeDocument.objects.annotate(
        q=ExpressionWrapper(tsquery, output_field=TextField())
    ).values_list("q", flat=True)[:1]
    PracticeFactory()
    assert str(ours.get()) == scalar(
        "SELECT websearch_to_tsquery('search_english', %s)::text", [text]
    )


@pytest.mark.requires_postgres
def test_searches_use_the_gin_index():
    for kind in KINDS.values():
        table = kind.document._meta.db_table
        assert (
            scalar(
                "SELECT count(*) FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
                [table, "%USING gin (vector)%"],
            )
            == 1
        )
    PracticeFactory(title="Diaspora bonds")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT 1 FROM search_practicedocument "
            "WHERE vector @@ phraseto_tsquery('search_english', 'diaspora')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_practicedocument_vector_gin" in plan


@requires_sqlite
def test_each_document_table_has_its_fts5_table_and_triggers():
    for kind in KINDS.values():
        fts, document = kind.fts._meta.db_table, kind.document._meta.db_table
        sql = scalar("SELECT sql FROM sqlite_master WHERE name = %s", [fts])
        assert "fts5(" in sql and "porter unicode61 remove_diacritics 2" in sql
        assert f"content='{document}'" in sql
        triggers = scalar(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
            [document],
        )
        assert triggers == 3


@requires_sqlite
def test_installing_again_repairs_the_index():
    record = PracticeFactory(title="Diaspora bonds")
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER search_practicedocument_search_update")
    sqlite.install(connection)
    record.title = "Tontine savings"
    record.save()
    from search import search

    assert [hit.obj for hit in search("tontine").hits] == [record]
    assert search("diaspora").hits == []


@requires_sqlite
def test_the_fts5_query_quotes_every_word():
    query = parse_query('diaspora "hometown association" OR NEAR(x) -Europe -"European Union"')
    assert sqlite_matching.compile_query(query) == (
        '(("diaspora" AND ("hometown association" OR "NEAR(x)")) NOT "Europe") NOT "European Union"'
    )
