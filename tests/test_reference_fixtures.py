"""The reference data shipped in fixtures/reference (tests of the seed fixtures)."""

import io
import json

import pytest
from django.conf import settings
from django.core.management import call_command

from coherence.models import CoherenceElement, CoherenceLevel, Country, Region, Theme

pytestmark = pytest.mark.django_db

REFERENCE = settings.FIXTURES_ROOT / "reference"


def load():
    call_command("load_knowledge_base", fixtures=REFERENCE, stdout=io.StringIO())


def counts():
    return {
        m.__name__: m.objects.count()
        for m in (Region, Country, CoherenceLevel, CoherenceElement, Theme)
    }


def test_reference_data_loads_twice_without_duplicates():
    load()
    first = counts()
    load()
    assert counts() == first
    assert first["Country"] == 250
    assert first["CoherenceLevel"] == 4
    assert first["CoherenceElement"] == 3


def test_the_four_levels_have_the_2012_slugs_in_order():
    load()
    assert list(CoherenceLevel.objects.values_list("slug", flat=True)) == [
        "intra-governmental",
        "inter-governmental",
        "multilateral",
        "multi-stakeholder",
    ]


def test_countries_carry_codes_and_m49_regions():
    load()
    mexico = Country.objects.with_related().get(iso3="MEX")
    assert (mexico.iso2, mexico.m49, mexico.name) == ("MX", 484, "Mexico")
    assert (mexico.region.name, mexico.subregion.name, mexico.intermediate_region.name) == (
        "Americas",
        "Latin America and the Caribbean",
        "Central America",
    )
    kosovo = Country.objects.get(iso3="XKX")
    assert kosovo.name == "Kosovo" and kosovo.m49 is None
    assert Country.objects.in_region(["western-africa"]).filter(iso3="SEN").exists()


def test_the_country_fixture_is_generated_not_typed():
    document = json.loads((REFERENCE / "countries.json").read_text(encoding="utf-8"))
    assert document["generated_by"] == "scripts/build_country_fixture.py"
    assert "hdx-python-country" in document["source"]
