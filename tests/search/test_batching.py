"""A batch of writes (`coherence.batching`, as the knowledge base's loader runs) writes each
record's search document once, when the batch ends, and the same document as writing it
at every save and link change would have."""

import pytest
from django.db import transaction

from coherence import batching
from practices.models import PracticeCountry
from search import indexing, search
from search.kinds import KINDS
from search.models import PracticeDocument
from tests.factories import (
    CountryFactory,
    InstitutionFactory,
    PracticeCountryFactory,
    PracticeFactory,
    PracticeInstitutionFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def text_of(document) -> dict:
    return {name: getattr(document, name) for name in KINDS["practice"].text_fields}


def fresh(practice) -> dict:
    """The document a write outside a batch gives the practice as it is now."""
    return text_of(KINDS["practice"].documents([practice.pk])[0])


def found(text):
    return [hit.obj for hit in search(text, types=["practice"]).hits]


def test_a_batch_writes_the_documents_when_it_ends(monkeypatch):
    writes = []
    real = indexing._write
    monkeypatch.setattr(
        indexing,
        "_write",
        lambda kind, pks, create: writes.append(list(pks)) or real(kind, pks, create=create),
    )
    with batching.batch():
        practice = PracticeFactory(title="Tontine savings")
        PracticeCountryFactory(practice=practice, country=CountryFactory(name="Tonga"))
        practice.themes.add(ThemeFactory(name="Hawala"))
        assert not PracticeDocument.objects.filter(pk=practice.pk).exists()
        assert writes == []
    # Once for the practice, however many times it and its links were written.
    assert [pks for pks in writes if practice.pk in pks] == [[practice.pk]]
    assert text_of(PracticeDocument.objects.get(pk=practice.pk)) == fresh(practice)
    assert found("tonga hawala") == [practice]


def test_outside_a_batch_every_write_indexes_at_once():
    practice = PracticeFactory(title="Tontine savings")
    assert found("tontine") == [practice]
    PracticeCountryFactory(practice=practice, country=CountryFactory(name="Tonga"))
    assert found("tonga") == [practice]


def test_a_record_deleted_within_the_batch_gets_no_document():
    with batching.batch():
        practice = PracticeFactory(title="Tontine savings")
        pk = practice.pk
        practice.delete()
    assert not PracticeDocument.objects.filter(pk=pk).exists()


def test_a_refresh_alone_never_creates_a_document():
    practice = PracticeFactory(title="Tontine savings")
    PracticeDocument.objects.filter(pk=practice.pk).delete()
    with batching.batch():
        indexing.refresh(KINDS["practice"], [practice.pk])
    assert not PracticeDocument.objects.filter(pk=practice.pk).exists()


def test_a_renaming_within_the_batch_reaches_the_documents_that_show_the_name():
    institution = InstitutionFactory(name="Tontine Bureau")
    practice = PracticeFactory(title="Savings groups")
    PracticeCountryFactory(practice=practice)
    PracticeInstitutionFactory(practice=practice, institution=institution)
    assert found("tontine") == [practice]
    with batching.batch():
        institution.name = "Hawala Office"
        institution.save()
        PracticeCountry.objects.filter(practice=practice).delete()
    assert found("tontine") == []
    assert found("hawala") == [practice]
    assert text_of(PracticeDocument.objects.get(pk=practice.pk)) == fresh(practice)


def test_a_failed_batch_writes_nothing_and_leaves_no_batch_open():
    with pytest.raises(RuntimeError), transaction.atomic(), batching.batch():
        PracticeFactory(title="Tontine savings")
        raise RuntimeError("the load failed")
    assert batching.collected("search-index", lambda state: None) is None
    assert not PracticeDocument.objects.exists()


def test_a_batch_within_a_batch_joins_it():
    with batching.batch():
        with batching.batch():
            practice = PracticeFactory(title="Tontine savings")
        assert not PracticeDocument.objects.filter(pk=practice.pk).exists()
    assert found("tontine") == [practice]
