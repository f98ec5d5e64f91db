"""Merging a record stored twice into one (coherence.merging), old slugs answering 301 on
the pages and in the API (coherence.redirects), the redirects the loader writes, and
recommendations addressed to a controlled vocabulary."""

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.urls import reverse

from coherence.merging import merge_record
from coherence.models import Citation, EditorialState, SlugRedirect
from practices.models import Addressee, FeedEntry, Practice, PracticeCountry, Recommendation
from practices.seeding import FixtureError, load_knowledge_base
from tests.factories import (
    CitationFactory,
    CountryFactory,
    InstitutionFactory,
    PracticeFactory,
    PracticeInstitutionFactory,
    RecommendationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def redirect(old, target, model=Practice):
    return SlugRedirect.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        old_slug=old,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
    )


def addressee(slug):
    order = Addressee.Kind.values.index(slug) + 1  # the vocabulary's order
    return Addressee.objects.get_or_create(slug=slug, defaults={"order": order})[0]


# Redirects -------------------------------------------------------------------------------


def test_an_old_practice_slug_answers_301_on_the_page_and_in_the_api(client):
    kept = PracticeFactory(slug="rabat-process")
    redirect("euro-africa-conference", kept)
    page = client.get("/practices/euro-africa-conference/?lang=en")
    assert page.status_code == 301
    assert page["Location"] == "/practices/rabat-process/?lang=en"
    api = client.get("/api/v1/practices/euro-africa-conference/")
    assert api.status_code == 301
    assert api["Location"] == "/api/v1/practices/rabat-process/"
    assert client.get(api["Location"]).json()["slug"] == "rabat-process"


def test_a_sub_resource_of_an_old_slug_keeps_its_path(client):
    kept = PracticeFactory(slug="kept")
    redirect("old", kept)
    response = client.get("/api/v1/practices/old/related/")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/practices/kept/related/"


def test_a_practice_merged_into_a_recommendation_redirects_across_types(client):
    kept = RecommendationFactory(slug="rcps-prepare-common-approaches")
    redirect("regional-processes-prepare", kept)
    page = client.get("/practices/regional-processes-prepare/")
    assert page.status_code == 301
    assert page["Location"] == reverse(
        "practices:recommendation-detail", kwargs={"slug": kept.slug}
    )
    api = client.get("/api/v1/practices/regional-processes-prepare/")
    assert api.status_code == 301
    assert api["Location"] == f"/api/v1/recommendations/{kept.pk}/"


def test_an_old_institution_slug_redirects(client):
    kept = InstitutionFactory(slug="rabat-process")
    redirect("euro-africa-ministerial-conference", kept, model=type(kept))
    response = client.get("/institutions/euro-africa-ministerial-conference/")
    assert response.status_code == 301
    assert response["Location"] == "/institutions/rabat-process/"


def test_unknown_slugs_and_redirects_to_drafts_stay_404(client):
    draft = PracticeFactory(editorial_state=EditorialState.DRAFT)
    redirect("old", draft)
    assert client.get("/practices/old/").status_code == 404
    assert client.get("/api/v1/practices/old/").status_code == 404
    assert client.get("/practices/never-was/").status_code == 404


def test_a_redirect_cannot_shadow_a_record_that_has_the_slug():
    kept = PracticeFactory()
    other = PracticeFactory(slug="taken")
    shadow = SlugRedirect(
        content_type=ContentType.objects.get_for_model(Practice),
        old_slug=other.slug,
        target_type=ContentType.objects.get_for_model(Practice),
        target_id=kept.pk,
    )
    with pytest.raises(Exception, match="answers for it"):
        shadow.full_clean()


# Merging ---------------------------------------------------------------------------------


def test_a_merge_moves_citations_and_links_deletes_the_duplicate_and_redirects(client):
    mexico, chile = CountryFactory(), CountryFactory()
    theme = ThemeFactory()
    kept = PracticeFactory(countries=[mexico])
    duplicate = PracticeFactory(slug="duplicate", countries=[mexico, chile], themes=[theme])
    institution = PracticeInstitutionFactory(practice=duplicate).institution
    paper = CitationFactory(content_object=kept).source
    CitationFactory(content_object=duplicate, source=paper)  # the same quote: kept once
    CitationFactory(
        content_object=duplicate, source=paper, quote="Several countries mentioned the issue"
    )
    with transaction.atomic():
        report = merge_record(source=duplicate, target=kept, note="the same practice twice")
    assert not Practice.objects.filter(slug="duplicate").exists()
    assert set(kept.countries.all()) == {mexico, chile}
    assert theme in kept.themes.all()
    assert institution in kept.institutions.all()
    assert sorted(kept.citations.values_list("quote", flat=True)) == sorted(
        [CitationFactory._meta.declarations["quote"], "Several countries mentioned the issue"]
    )
    assert PracticeCountry.objects.filter(practice=kept, country=mexico).count() == 1
    assert report.dropped == [
        "practice country (already on the target): " + str(mexico) + " (Implementing)"
    ]
    assert client.get("/practices/duplicate/")["Location"] == kept.get_absolute_url()


def test_a_merge_into_another_type_keeps_the_citations_and_reports_the_links_it_drops():
    duplicate = PracticeFactory(countries=[CountryFactory(name="Australia")])
    CitationFactory(content_object=duplicate, quote="Several countries mentioned the issue")
    kept = RecommendationFactory()
    with transaction.atomic():
        report = merge_record(source=duplicate, target=kept)
    assert list(kept.citations.values_list("quote", flat=True)) == [
        "Several countries mentioned the issue"
    ]
    assert any("Australia" in dropped for dropped in report.dropped)
    assert kept.themes.count() == 1  # the practice's theme moved
    assert not Citation.objects.filter(
        content_type=ContentType.objects.get_for_model(Practice)
    ).exists()


def test_redirects_to_a_merged_record_follow_it_to_the_record_kept(client):
    first, second = PracticeFactory(slug="first"), PracticeFactory(slug="second")
    redirect("oldest", first)
    with transaction.atomic():
        merge_record(source=first, target=second)
    assert client.get("/practices/oldest/")["Location"] == "/practices/second/"


def test_the_change_feed_reads_the_merged_away_record_as_deleted_and_the_kept_one_as_updated(
    client,
):
    kept = PracticeFactory(slug="kept")
    duplicate = PracticeFactory(slug="duplicate")
    CitationFactory(content_object=kept)
    CitationFactory(content_object=duplicate, quote="Several countries mentioned the issue")
    client.get("/api/v1/changes/?after=0")
    after = FeedEntry.objects.order_by("id").last().id
    with transaction.atomic():
        merge_record(source=duplicate, target=kept)
    entries = client.get(f"/api/v1/changes/?after={after}").json()["results"]
    actions = {(e["type"], e["key"]): e["action"] for e in entries}
    assert actions[("practice", "duplicate")] == "deleted"
    assert actions[("practice", "kept")] == "updated"


# The loader ------------------------------------------------------------------------------


def test_the_loader_writes_redirects_and_refuses_one_whose_old_record_still_exists(tmp_path):
    kept = PracticeFactory(slug="kept")
    path = tmp_path / "redirects.json"
    records = [{"old_slug": "gone", "model": "practice", "target": "kept"}]
    path.write_text(json.dumps({"type": "redirect", "records": records}), encoding="utf-8")
    load_knowledge_base(tmp_path)
    found = SlugRedirect.objects.get(old_slug="gone")
    assert found.target == kept
    load_knowledge_base(tmp_path)  # idempotent
    assert SlugRedirect.objects.count() == 1
    PracticeFactory(slug="gone")
    with pytest.raises(FixtureError, match="answers for it"):
        load_knowledge_base(tmp_path)


def test_the_loader_names_an_unknown_target(tmp_path):
    records = [{"old_slug": "gone", "model": "practice", "target": "nowhere"}]
    (tmp_path / "r.json").write_text(json.dumps({"type": "redirect", "records": records}))
    with pytest.raises(FixtureError, match="nowhere"):
        load_knowledge_base(tmp_path)


# Addressed to ----------------------------------------------------------------------------


def test_recommendations_filter_by_whom_they_address_on_the_page_and_in_the_api(client):
    governments, gfmd = addressee("governments"), addressee("gfmd")
    to_states = RecommendationFactory(title="For States")
    to_states.addressed_to.set([governments])
    to_both = RecommendationFactory(title="For States and the GFMD")
    to_both.addressed_to.set([governments, gfmd])
    RecommendationFactory(title="For no one named")
    api = client.get("/api/v1/recommendations/?addressed_to=gfmd").json()
    assert [row["title"] for row in api["results"]] == ["For States and the GFMD"]
    assert api["results"][0]["addressed_to"] == ["governments", "gfmd"]
    listed = client.get("/api/v1/recommendations/?addressed_to=governments,gfmd").json()
    assert listed["count"] == 2
    page = client.get("/recommendations/?addressed_to=gfmd")
    assert page.status_code == 200
    assert "For States and the GFMD" in page.text and "For States<" not in page.text


def test_an_unknown_addressee_is_a_400_with_a_message(client):
    response = client.get("/api/v1/recommendations/?addressed_to=everyone")
    assert response.status_code == 400
    assert "everyone" in response.text
    assert client.get("/recommendations/?addressed_to=everyone").status_code == 400


def test_a_recommendation_shows_who_suggested_it(client):
    portugal = CountryFactory(name="Portugal", iso3="PRT")
    recommendation = RecommendationFactory(suggested_by=portugal)
    recommendation.addressed_to.set([addressee("governments")])
    page = client.get(recommendation.get_absolute_url())
    assert "Suggested by" in page.text and "Portugal" in page.text
    api = client.get(f"/api/v1/recommendations/{recommendation.pk}/").json()
    assert api["suggested_by"] == "PRT"


def test_the_vocabulary_is_closed():
    with pytest.raises(IntegrityError), transaction.atomic():
        Addressee.objects.create(slug="everyone")
    assert Recommendation._meta.get_field("addressed_to").related_model is Addressee


def test_an_editor_adds_a_redirect_in_the_admin_naming_the_target_by_its_slug(admin_client):
    kept = PracticeFactory(slug="kept")
    practice_type = ContentType.objects.get_for_model(Practice)
    url = reverse("admin:coherence_slugredirect_add")
    assert admin_client.get(url).status_code == 200
    data = {
        "content_type": practice_type.pk,
        "old_slug": "old-name",
        "target_type": practice_type.pk,
        "target_slug": "kept",
        "note": "renamed",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content
    assert SlugRedirect.objects.get(old_slug="old-name").target == kept
    refused = admin_client.post(url, {**data, "old_slug": "other", "target_slug": "nowhere"})
    assert "No record of that type has this slug." in refused.text
