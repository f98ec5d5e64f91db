"""PostgreSQL keeps the documents' vectors in their rows (migration 0006, issue 24):
testing a candidate's words then reads its row only, not the TOAST table, which halved
a filtered search at 100k practices. Storage must not change what is found."""

import pytest
from django.db import connection

from search import search
from search.backends.postgresql.objects import store_vectors_default, store_vectors_inline
from search.models import PracticeDocument
from search.models.sqlite_fts import INDEXES, LANGUAGE_INDEXES
from tests.factories import PracticeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.requires_postgres]

# Long enough that the row is past PostgreSQL's 2 kB TOAST threshold, as a real
# practice's is with its French and Spanish columns.
LONG = " ".join(f"migrants training programme {n} returning workers" for n in range(60))


def storage_of_vectors() -> dict[tuple[str, str], str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, a.attname, a.attstorage FROM pg_attribute a "
            "JOIN pg_class c ON c.oid = a.attrelid "
            "WHERE c.relname = ANY(%s) AND a.attname LIKE 'vector%%' AND NOT a.attisdropped",
            [[document._meta.db_table for document, _fts in INDEXES]],
        )
        return {(table, column): storage for table, column, storage in cursor.fetchall()}


def test_every_vector_is_stored_in_its_row():
    expected = {(document._meta.db_table, "vector"): "m" for document, _fts in INDEXES}
    for document in LANGUAGE_INDEXES:
        for language in ("fr", "es"):
            expected[(document._meta.db_table, f"vector_{language}")] = "m"
    assert storage_of_vectors() == expected


def test_rewriting_the_rows_keeps_their_vectors_and_matches():
    practice = PracticeFactory(title="Returning migrants", description=LONG)
    before = PracticeDocument.objects.values_list("vector", "vector_fr", "vector_es").get(
        pk=practice.pk
    )
    found = [hit.obj for hit in search("returning migrants training", types=["practice"]).hits]
    store_vectors_inline(connection)
    after = PracticeDocument.objects.values_list("vector", "vector_fr", "vector_es").get(
        pk=practice.pk
    )
    assert after == before
    hits = search("returning migrants training", types=["practice"]).hits
    assert [hit.obj for hit in hits] == found == [practice]


def test_the_default_storage_comes_back_when_the_migration_is_reversed():
    store_vectors_default(connection)
    assert set(storage_of_vectors().values()) == {"x"}
    store_vectors_inline(connection, rewrite=False)
    assert set(storage_of_vectors().values()) == {"m"}
