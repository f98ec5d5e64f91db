"""Writes go through the services (the API, the admin and the loader alike): only what
differs is written, so a write that changes nothing writes nothing, and a change of
links alone touches the practice once."""

import pytest

from coherence.models import Country
from coherence.services import CitationData, citations_set
from practices.models import Practice
from practices.services import Link, practice_set_links, practice_update
from tests.factories import (
    CoherenceLevelFactory,
    CountryFactory,
    InstitutionFactory,
    PracticeFactory,
    SourceDocumentFactory,
    ThemeFactory,
)
from tests.forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice():
    mex, phl = CountryFactory(iso3="MEX"), CountryFactory(iso3="PHL")
    practice = PracticeFactory(
        countries=[mex, phl],
        coherence_levels=[CoherenceLevelFactory(), CoherenceLevelFactory()],
        themes=[ThemeFactory()],
    )
    return Practice.objects.get(pk=practice.pk)


def history(practice):
    return practice.history.count()


def everything(practice):
    return {
        "countries": [Link(link.country, link.role) for link in practice.country_links.all()],
        "institutions": [],
        "tools": [],
        "coherence_levels": list(practice.coherence_levels.all()),
        "elements": [],
        "themes": list(practice.themes.all()),
    }


def test_an_unchanged_write_writes_no_history(practice):
    before = (history(practice), practice.updated_at)
    fields = {"title": practice.title, "summary": practice.summary, "scope": practice.scope}
    assert practice_update(practice=practice, fields=fields, **everything(practice)) is False
    practice.refresh_from_db()
    assert (history(practice), practice.updated_at) == before
    assert practice.country_links.first().history.count() == 1  # created, never rewritten


def test_a_change_of_links_alone_touches_the_practice_once(practice):
    before, updated = history(practice), practice.updated_at
    links = everything(practice)
    links["countries"] = links["countries"][:1]
    assert practice_update(practice=practice, fields={}, **links) is True
    practice.refresh_from_db()
    assert history(practice) == before + 1 and practice.updated_at > updated
    assert list(practice.countries.values_list("iso3", flat=True)) == ["MEX"]


def test_links_are_changed_by_difference(practice):
    mex_link = practice.country_links.get(country__iso3="MEX")
    bureau = InstitutionFactory()
    changed = practice_set_links(
        practice=practice,
        countries=[Link(Country.objects.get(iso3="MEX"), mex_link.role)],
        institutions=[Link(bureau, "partner")],
    )
    assert changed
    # The kept row is the same row (not deleted and created again).
    assert practice.country_links.get().pk == mex_link.pk
    assert practice.institution_links.get().role == "partner"
    assert not practice_set_links(practice=practice, institutions=[Link(bureau, "partner")])
    assert practice_set_links(practice=practice, institutions=[Link(bureau, "lead")])
    assert practice.institution_links.get().role == "lead"


def test_citations_are_kept_created_or_deleted_by_what_they_say(practice):
    paper = SourceDocumentFactory()
    quote = "Policy coherence is essential to achieving orderly, safe and regular migration."
    one = CitationData(paper, "para. 1", quote)
    assert citations_set(record=practice, citations=[one])
    kept = practice.citations.get()
    assert not citations_set(record=practice, citations=[CitationData(paper, "para. 1", quote)])
    assert practice.citations.get().pk == kept.pk
    assert citations_set(record=practice, citations=[])
    assert not practice.citations.exists()


def test_an_api_patch_that_changes_nothing_writes_no_history(practice, django_user_model):
    from rest_framework.test import APIClient

    api = APIClient()
    from tests.api.test_writes import authed, token_for

    user = django_user_model.objects.create_user("partner", password="pw-partner-123")
    authed(api, token_for(user, "change_practice"))
    before = history(practice)
    response = api.patch(
        f"/api/v1/practices/{practice.slug}/",
        {"title": practice.title, "countries": [{"iso3": "MEX"}, {"iso3": "PHL"}]},
        format="json",
    )
    assert response.status_code == 200
    assert history(practice) == before


def test_an_admin_save_that_changes_nothing_writes_no_history(admin_client, practice):
    url = f"/admin/practices/practice/{practice.pk}/change/"
    data = form_data(admin_client.get(url).content.decode(), "practice_form")
    data.pop("_saveasnew", None)
    before = history(practice)
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert history(practice) == before
