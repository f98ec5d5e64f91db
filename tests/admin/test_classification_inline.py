"""Editors classify a practice on its admin page: an inline per framework, a reason each,
no citation; the reference records show which practices use them."""

import pytest
from django.urls import reverse

from practices.models import PracticeGcmObjective
from tests.admin.conftest import practice_form
from tests.factories import CitationFactory, GcmObjectiveFactory, PracticeFactory, classify

pytestmark = pytest.mark.django_db

PREFIX = "gcm_objective_links"


@pytest.fixture
def practice():
    practice = PracticeFactory(slug="three-per-one")
    CitationFactory(content_object=practice)
    return practice


def inline(rows, initial=0):
    data = {
        f"{PREFIX}-TOTAL_FORMS": str(len(rows)),
        f"{PREFIX}-INITIAL_FORMS": str(initial),
        f"{PREFIX}-MIN_NUM_FORMS": "0",
        f"{PREFIX}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{PREFIX}-{i}-{name}": value for name, value in row.items()})
    return data


def test_the_change_page_has_the_classification_inlines(admin_client, practice):
    page = admin_client.get(reverse("admin:practices_practice_change", args=[practice.pk]))
    content = page.content.decode()
    assert "GCM objectives — classified by the knowledge base" in content
    assert f'name="{PREFIX}-TOTAL_FORMS"' in content
    assert 'name="sdg_target_links-TOTAL_FORMS"' in content


def test_an_editor_classifies_a_practice_with_a_reason(admin_client, practice):
    objective = GcmObjectiveFactory(number=20)
    url = reverse("admin:practices_practice_change", args=[practice.pk])
    data = practice_form(
        practice, **inline([{"objective": objective.pk, "reason": "Remittances."}])
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    link = PracticeGcmObjective.objects.get(practice=practice)
    assert (link.objective, link.reason) == (objective, "Remittances.")
    assert link.history.get().history_user.username == "editor"


def test_an_empty_reason_is_refused(admin_client, practice):
    objective = GcmObjectiveFactory(number=20)
    url = reverse("admin:practices_practice_change", args=[practice.pk])
    data = practice_form(practice, **inline([{"objective": objective.pk, "reason": ""}]))
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not PracticeGcmObjective.objects.exists()


def test_a_post_without_the_classification_inlines_keeps_the_classification(admin_client, practice):
    classify(practice, objectives=[GcmObjectiveFactory(number=19)], reason="Kept.")
    url = reverse("admin:practices_practice_change", args=[practice.pk])
    response = admin_client.post(url, practice_form(practice, title="Renamed"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(PracticeGcmObjective.objects.values_list("reason", flat=True)) == ["Kept."]


def test_an_objective_lists_the_practices_classified_under_it(admin_client, practice):
    objective = GcmObjectiveFactory(number=19)
    classify(practice, objectives=[objective])
    page = admin_client.get(reverse("admin:coherence_gcmobjective_change", args=[objective.pk]))
    assert page.status_code == 200
    assert "three-per-one" in page.content.decode() or practice.title in page.content.decode()
