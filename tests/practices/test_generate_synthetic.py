"""`manage.py generate_synthetic`: realistic, deterministic, searchable records."""

import json

import pytest
from django.core.management import CommandError, call_command

from coherence.models import Citation, Country, Institution, PolicyTool, SourceDocument
from coherence.text import normalize
from practices.models import Practice, PracticeCountry, Recommendation
from search import search

pytestmark = pytest.mark.django_db

REFERENCE = {
    "regions.json": {
        "type": "region",
        "records": [{"slug": "africa", "name": "Africa", "m49": 2, "kind": "region"}],
    },
    "countries.json": {
        "type": "country",
        "records": [
            {"iso3": iso3, "iso2": iso3[:2], "m49": m49, "name": name, "region": "africa"}
            for iso3, m49, name in [
                ("MAR", 504, "Morocco"),
                ("TUN", 788, "Tunisia"),
                ("SEN", 686, "Senegal"),
                ("GHA", 288, "Ghana"),
            ]
        ],
    },
    "levels.json": {
        "type": "coherence_level",
        "records": [
            {"slug": slug, "name": slug.title(), "definition": "Coherence.", "order": n}
            for n, slug in enumerate(["intra-governmental", "multilateral"])
        ],
    },
    "elements.json": {
        "type": "coherence_element",
        "records": [{"slug": "resources", "name": "Resources", "order": 1}],
    },
    "themes.json": {
        "type": "theme",
        "records": [
            {"slug": "remittances", "name": "Remittances"},
            {"slug": "diaspora", "name": "Diaspora engagement"},
            {"slug": "return", "name": "Return and reintegration"},
        ],
    },
}


@pytest.fixture
def reference(tmp_path):
    for name, content in REFERENCE.items():
        (tmp_path / name).write_text(json.dumps(content), encoding="utf-8")
    return tmp_path


def generate(reference, **options):
    call_command("generate_synthetic", "--no-progress", f"--reference={reference}", **options)


def snapshot():
    return [
        (p.slug, p.title, p.summary, p.scope, p.status, p.start_year, p.end_year)
        for p in Practice.objects.order_by("slug")
    ], sorted(PracticeCountry.objects.values_list("practice__slug", "country__iso3", "role"))


def test_it_loads_the_reference_data_and_creates_linked_published_records(reference, capsys):
    generate(reference, practices=60, seed=3)
    assert "Loaded the reference data" in capsys.readouterr().out
    assert Country.objects.count() == 4
    assert Practice.objects.published().count() == Practice.objects.count() == 60
    assert Institution.objects.published().count() == 20
    assert PolicyTool.objects.count() == 10 and Recommendation.objects.count() == 10
    assert SourceDocument.objects.count() == 2
    practices = Practice.objects.all()
    assert all(p.coherence_levels.exists() and p.themes.exists() for p in practices)
    assert {"implementing", "partner"} <= set(
        PracticeCountry.objects.values_list("role", flat=True)
    )
    assert all(p.end_year is None or p.end_year >= p.start_year for p in practices)


def test_citations_quote_their_passages(reference):
    generate(reference, practices=40)
    citations = Citation.objects.select_related("source", "passage")
    assert citations.exists()
    for citation in citations:
        assert citation.passage is not None
        assert normalize(citation.quote) in normalize(citation.passage.text)
        citation.full_clean()


def test_the_same_seed_gives_the_same_records(reference):
    generate(reference, practices=30, seed=7)
    first = snapshot()
    Practice.objects.all().delete()
    Citation.objects.all().delete()
    for model in (Recommendation, PolicyTool, Institution, SourceDocument):
        model.objects.all().delete()
    generate(reference, practices=30, seed=7)
    assert snapshot() == first


def test_the_records_are_searchable(reference):
    generate(reference, practices=50)
    results = search("migrants")
    assert results.counts["practice"] > 0 and results.counts["passage"] > 0
    morocco = Practice.objects.for_countries(["MAR"]).count()
    assert search("Morocco", types=["practice"]).counts["practice"] >= morocco > 0


def test_it_refuses_a_database_with_synthetic_records_already(reference):
    generate(reference, practices=10)
    with pytest.raises(CommandError, match="synthetic records already"):
        generate(reference, practices=10)
