"""Translated records in their model's ordering as the reader sees it
(`coherence.models.base.TranslatedOrderingManager`)."""

import pytest
from django.utils import translation

from coherence.models import Country
from tests.factories import CountryFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def europe():
    region = RegionFactory(slug="europe", name="Europe", m49=150)
    CountryFactory(
        iso3="DEU", iso2="DE", m49=276, name="Germany", name_fr="Allemagne", region=region
    )
    CountryFactory(iso3="BEL", iso2="BE", m49=56, name="Belgium", name_fr="Belgique", region=region)
    # No French name: in French it sorts by its English one, not first (an empty `name_fr`).
    CountryFactory(iso3="CAN", iso2="CA", m49=124, name="Canada", name_fr="", region=region)
    return region


def test_a_record_without_a_translation_sorts_by_its_english_name(europe):
    with translation.override("fr"):
        assert [c.iso3 for c in Country.objects.all()] == ["DEU", "BEL", "CAN"]
        assert [c.iso3 for c in Country.objects.filter(m49__gt=0)] == ["DEU", "BEL", "CAN"]
        assert [c.iso3 for c in europe.region_countries.all()] == ["DEU", "BEL", "CAN"]
        assert [c.iso3 for c in Country.objects.order_by("-name")] == ["CAN", "BEL", "DEU"]
    with translation.override("en"):
        assert [c.iso3 for c in Country.objects.all()] == ["BEL", "CAN", "DEU"]


def test_clearing_the_order_leaves_no_order():
    with translation.override("fr"):
        assert Country.objects.all().ordered
        assert not Country.objects.order_by().filter(m49__gt=0).ordered
