"""PostgreSQL reads a search of the published practices from a narrow table of their
vectors (`search.models.PracticeVectors`, migration 0007, issue 24), kept by triggers.
The table must follow every way a document or a practice's editorial state changes, and
a search must find, rank and count exactly what it finds from the documents joined to
the published practices."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from coherence.models.base import EditorialState
from practices.models import Practice
from search import search
from search.backends.postgresql.objects import install_public_vectors, uninstall_public_vectors
from search.indexing import rebuild
from search.kinds import KINDS
from search.models import PracticeDocument, PracticeVectors
from tests.factories import PracticeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.requires_postgres]

COLUMNS = ("vector", "vector_fr", "vector_es")
DRAFT = EditorialState.DRAFT
PUBLISHED = EditorialState.PUBLISHED


def table() -> dict[int, tuple]:
    """The public vectors, by practice."""
    return {
        pk: rest for pk, *rest in PracticeVectors.objects.values_list("pk", "published", *COLUMNS)
    }


def expected() -> dict[int, tuple]:
    """What the table must hold: each document's vectors and its practice's state."""
    states = dict(Practice.objects.values_list("pk", "editorial_state"))
    return {
        pk: [states[pk] == PUBLISHED, *vectors]
        for pk, *vectors in PracticeDocument.objects.values_list("pk", *COLUMNS)
    }


def test_the_table_follows_the_documents_and_the_editorial_state():
    published = PracticeFactory(title="Diaspora bonds for infrastructure")
    draft = PracticeFactory(title="Diaspora savings accounts", editorial_state=DRAFT)
    assert table() == expected()
    assert table()[published.pk][0] is True and table()[draft.pk][0] is False

    draft.editorial_state = PUBLISHED
    draft.save()
    assert table()[draft.pk][0] is True

    # QuerySet.update() writes no document and sends no signal: the state's trigger.
    Practice.objects.filter(pk=published.pk).update(editorial_state=DRAFT)
    assert table()[published.pk][0] is False

    draft.title = "Social protection for returning migrants"
    draft.save()
    assert table() == expected()
    assert search("social protection", types=["practice"]).hits[0].obj == draft

    draft.delete()
    assert draft.pk not in table()
    assert table() == expected()


def test_truncating_the_documents_empties_it():
    # A live server's tests end with a flush, which truncates the tables (no row
    # trigger fires).
    PracticeFactory()
    connection.check_constraints()  # no deferred check pending, as after a commit
    with connection.cursor() as cursor:
        cursor.execute(f'TRUNCATE "{PracticeDocument._meta.db_table}"')
    assert table() == {}


def test_a_rebuild_writes_it_anew_with_its_indexes():
    PracticeFactory(title="Remittances through mobile money")
    PracticeFactory(title="Remittances and microfinance", editorial_state=DRAFT)
    rebuild()
    assert table() == expected() and len(table()) == 2
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s ORDER BY indexname",
            [PracticeVectors._meta.db_table],
        )
        indexes = [name for (name,) in cursor.fetchall()]
    assert [name for name in indexes if name.endswith("_gin")] == [
        "search_practice_vectors_vector_es_gin",
        "search_practice_vectors_vector_fr_gin",
        "search_practice_vectors_vector_gin",
    ]


@pytest.mark.parametrize(
    "text, language",
    [
        ("remittances", "en"),
        ('"social protection"', "en"),
        ("diaspora -bonds", "en"),
        ("migrants returning training", "en"),
        ("transferts de fonds", "fr"),
        ("remesas", "es"),
    ],
)
def test_a_search_finds_ranks_and_counts_what_the_joined_documents_give(text, language, settings):
    settings.SEARCH_RANK_WINDOW = 5  # broad searches are estimated past the window
    titles = [
        "Remittances for social protection of returning migrants",
        "Diaspora bonds and remittances",
        "Social protection agreements",
        "Training returning migrants",
        "Diaspora savings and remittances",
        "Protection sociale et transferts de fonds",
        "Remesas y protección social",
    ]
    for n in range(3):
        for title in titles:
            PracticeFactory(
                title=f"{title} {n}",
                title_fr=f"{title} (fr) {n}",
                summary="Migrants send remittances home; social protection follows them.",
                editorial_state=DRAFT if n == 1 and "Diaspora" in title else PUBLISHED,
            )
    with translation.override(language), CaptureQueriesContext(connection) as reads:
        narrow = search(text, types=["practice", "institution"], limit=30)
    assert any(PracticeVectors._meta.db_table in read["sql"] for read in reads)
    with translation.override(language), CaptureQueriesContext(connection) as reads:
        joined = search(
            text,
            types=["practice", "institution"],
            querysets={"practice": KINDS["practice"].public()},
            limit=30,
        )
    assert not any(PracticeVectors._meta.db_table in read["sql"] for read in reads)
    assert narrow.hits, text
    assert [(hit.obj.pk, round(hit.score, 9)) for hit in narrow.hits] == [
        (hit.obj.pk, round(hit.score, 9)) for hit in joined.hits
    ]
    assert (narrow.total, narrow.counts, narrow.estimated) == (
        joined.total,
        joined.counts,
        joined.estimated,
    )
    assert all(hit.obj.editorial_state == PUBLISHED for hit in narrow.hits)


def test_the_migration_can_be_undone_and_done_again():
    PracticeFactory(title="Labour migration agreements")
    uninstall_public_vectors(connection)
    assert PracticeVectors._meta.db_table not in connection.introspection.table_names()
    install_public_vectors(connection)
    assert table() == expected() and len(table()) == 1
