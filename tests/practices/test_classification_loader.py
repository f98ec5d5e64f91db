"""The seed loader reads the knowledge base's classification of practices (fixtures of
type `classification`) and the frameworks' reference records: idempotently, a changed
reason updated in place, every unknown key named."""

import json
import shutil

import pytest
from django.conf import settings

from coherence.models import GcmObjective, GcmPrinciple, SdgTarget
from practices.models import PracticeGcmObjective, PracticeGcmPrinciple, PracticeSdgTarget
from practices.seeding import FixtureError, load_knowledge_base
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

REFERENCE = ("gcm_objectives.json", "gcm_principles.json", "sdg_targets.json")


@pytest.fixture
def fixtures(tmp_path):
    """The frameworks' reference fixtures and a classification of two practices."""
    for name in REFERENCE:
        shutil.copy(settings.FIXTURES_ROOT / "reference" / name, tmp_path / name)
    PracticeFactory(slug="three-per-one")
    PracticeFactory(slug="pdos")
    write(
        tmp_path,
        [
            {
                "practice": "three-per-one",
                "gcm_objectives": [
                    {"number": 19, "reason": "Diasporas contribute to development."},
                    {"number": 20, "reason": "It concerns remittances."},
                ],
                "gcm_principles": [{"number": 9, "reason": "Several ministries take part."}],
                "sdg_targets": [{"code": "10.c", "reason": "Remittances."}],
            },
            {
                "practice": "pdos",
                "gcm_objectives": [{"number": 3, "reason": "Information before departure."}],
            },
        ],
    )
    return tmp_path


def write(root, records):
    (root / "classification.json").write_text(
        json.dumps({"type": "classification", "records": records}), encoding="utf-8"
    )


def classification_of(slug):
    return {
        "gcm_objectives": sorted(
            PracticeGcmObjective.objects.filter(practice__slug=slug).values_list(
                "objective__number", "reason"
            )
        ),
        "gcm_principles": sorted(
            PracticeGcmPrinciple.objects.filter(practice__slug=slug).values_list(
                "principle__slug", "reason"
            )
        ),
        "sdg_targets": sorted(
            PracticeSdgTarget.objects.filter(practice__slug=slug).values_list(
                "target__code", "reason"
            )
        ),
    }


def test_the_reference_fixtures_hold_the_official_numbers_and_codes(fixtures):
    load_knowledge_base(fixtures)
    assert list(GcmObjective.objects.values_list("number", flat=True)) == list(range(1, 24))
    assert GcmObjective.objects.get(number=19).title == (
        "Create conditions for migrants and diasporas to fully contribute to sustainable "
        "development in all countries"
    )
    assert list(GcmPrinciple.objects.values_list("slug", flat=True)) == [
        "people-centred",
        "international-cooperation",
        "national-sovereignty",
        "rule-of-law-and-due-process",
        "sustainable-development",
        "human-rights",
        "gender-responsive",
        "child-sensitive",
        "whole-of-government-approach",
        "whole-of-society-approach",
    ]
    assert list(SdgTarget.objects.values_list("code", flat=True)) == [
        "4.b",
        "5.2",
        "8.7",
        "8.8",
        "10.7",
        "10.c",
        "16.2",
        "16.9",
        "17.3",
        "17.16",
        "17.17",
        "17.18",
    ]
    assert SdgTarget.objects.get(code="17.18").goal == 17


def test_the_classification_loads_and_loading_again_changes_nothing(fixtures):
    report = load_knowledge_base(fixtures)
    assert report.updated["classification"] == 2
    assert classification_of("three-per-one") == {
        "gcm_objectives": [
            (19, "Diasporas contribute to development."),
            (20, "It concerns remittances."),
        ],
        "gcm_principles": [("whole-of-government-approach", "Several ministries take part.")],
        "sdg_targets": [("10.c", "Remittances.")],
    }
    history = PracticeGcmObjective.history.count()
    links = list(PracticeGcmObjective.objects.order_by("pk").values_list("pk", flat=True))
    again = load_knowledge_base(fixtures)
    assert again.unchanged["classification"] == 2 and not again.updated["classification"]
    assert list(PracticeGcmObjective.objects.order_by("pk").values_list("pk", flat=True)) == links
    assert PracticeGcmObjective.history.count() == history


def test_a_changed_reason_is_updated_in_place_and_a_removed_one_removed(fixtures):
    load_knowledge_base(fixtures)
    before = PracticeGcmObjective.objects.get(practice__slug="three-per-one", objective__number=19)
    write(
        fixtures,
        [
            {
                "practice": "three-per-one",
                "gcm_objectives": [{"number": 19, "reason": "A better reason."}],
            },
            {
                "practice": "pdos",
                "gcm_objectives": [{"number": 3, "reason": "Information before departure."}],
            },
        ],
    )
    report = load_knowledge_base(fixtures)
    assert report.updated["classification"] == 1 and report.unchanged["classification"] == 1
    after = PracticeGcmObjective.objects.get(practice__slug="three-per-one", objective__number=19)
    assert after.pk == before.pk and after.reason == "A better reason."
    assert classification_of("three-per-one")["gcm_objectives"] == [(19, "A better reason.")]
    assert classification_of("three-per-one")["sdg_targets"] == []


@pytest.mark.parametrize(
    ("record", "named"),
    [
        ({"practice": "nowhere", "gcm_objectives": [{"number": 1, "reason": "x"}]}, "nowhere"),
        ({"practice": "pdos", "gcm_objectives": [{"number": 24, "reason": "x"}]}, "24"),
        ({"practice": "pdos", "gcm_principles": [{"number": 11, "reason": "x"}]}, "11"),
        ({"practice": "pdos", "sdg_targets": [{"code": "10.99", "reason": "x"}]}, "10.99"),
        ({"practice": "pdos", "gcm_objectives": [{"number": 1, "reason": ""}]}, "reason"),
        ({"practice": "pdos", "gcm_objectives": [{"number": 1, "reason": "x" * 301}]}, "300"),
        ({"practice": "pdos", "themes": ["x"]}, "themes"),
    ],
)
def test_an_unknown_key_or_a_bad_reason_is_a_fixture_error_naming_it(fixtures, record, named):
    write(fixtures, [record])
    with pytest.raises(FixtureError) as error:
        load_knowledge_base(fixtures)
    assert named in str(error.value)
    assert not PracticeGcmObjective.objects.exists()  # nothing was loaded
