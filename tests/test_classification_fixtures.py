"""The seed fixtures of the Global Compact's objectives and guiding principles and the SDG
targets on migration, and the knowledge base's classification of the seeded practices
under them (fixtures/knowledge/classification/; tests *of* the seed fixtures)."""

import json
from pathlib import Path

import pytest

from practices.models import Practice

ROOT = Path(__file__).resolve().parents[1] / "fixtures"
CLASSIFICATION = ROOT / "knowledge" / "classification" / "practices.json"
NOT_YET = "fixtures/knowledge/classification/practices.json is not written yet"


def records(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["records"]


def test_the_23_objectives_are_numbered_with_distinct_titles_and_short_titles():
    objectives = records(ROOT / "reference" / "gcm_objectives.json")
    assert [o["number"] for o in objectives] == list(range(1, 24))
    for field in ("title", "short_title"):
        assert len({o[field].casefold() for o in objectives}) == 23, field
    assert all(0 < len(o["short_title"]) <= 80 for o in objectives)


def test_the_10_guiding_principles_of_paragraph_15():
    principles = records(ROOT / "reference" / "gcm_principles.json")
    assert [(p["number"], p["title"]) for p in principles] == list(
        enumerate(
            [
                "People-centred",
                "International cooperation",
                "National sovereignty",
                "Rule of law and due process",
                "Sustainable development",
                "Human rights",
                "Gender-responsive",
                "Child-sensitive",
                "Whole-of-government approach",
                "Whole-of-society approach",
            ],
            start=1,
        )
    )


def test_exactly_the_sdg_targets_on_migration():
    targets = records(ROOT / "reference" / "sdg_targets.json")
    assert [t["code"] for t in targets] == [
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
    assert all(t["title"] and len(t.get("short_title", "")) <= 80 for t in targets)


@pytest.mark.skipif(not CLASSIFICATION.exists(), reason=NOT_YET)
def test_every_classification_gives_a_short_reason_of_its_own():
    for record in records(CLASSIFICATION):
        for name in ("gcm_objectives", "gcm_principles", "sdg_targets"):
            for item in record.get(name, []):
                reason = item.get("reason", "").strip()
                assert 0 < len(reason) <= 300, (record["practice"], name, item)


@pytest.mark.skipif(not CLASSIFICATION.exists(), reason=NOT_YET)
@pytest.mark.django_db
def test_every_published_practice_is_classified_by_at_least_one_gcm_objective(knowledge_base):
    unclassified = list(
        Practice.objects.published()
        .filter(gcm_objective_links__isnull=True)
        .values_list("slug", flat=True)
    )
    assert unclassified == []
