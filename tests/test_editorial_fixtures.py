"""Editorial checks of the seed fixtures, read from the files (no database): one record
per thing the papers name (no two records of a type with the same or nearly the same
title), and each practice's scope consistent with the countries and bodies it links.

The 5-gram overlap of summaries with quotes and "every institution described" are
checked elsewhere."""

from __future__ import annotations

import itertools
import json
import re

import pytest
from django.conf import settings

from coherence.models import Institution
from practices.models import Practice
from practices.seeding.reading import read_fixtures

ROOT = settings.FIXTURES_ROOT
STOPWORDS = {"the", "of", "and", "a", "an", "in", "on", "for", "to", "its", "with", "by", "at"}
NEAR = 0.9  # token-set (Jaccard) similarity from which two titles are one thing twice
REGIONAL_BODY_KINDS = {
    Institution.Kind.REGIONAL_ECONOMIC_COMMUNITY,
    Institution.Kind.REGIONAL_CONSULTATIVE_PROCESS,
}
# Bilateral practices whose partner countries the paper does not name.
BILATERAL_PARTNERS_UNNAMED = {
    # 2017 para. 25: "EPS Korea is an example of a system where there is an investment in
    # the bilateral relationship"; the MOUs' partner countries are not named.
    "employment-permit-system-kor",
}


@pytest.fixture(scope="module")
def records():
    return {
        kind: {key: entry.data for key, entry in found.items()}
        for kind, found in read_fixtures(ROOT).items()
    }


@pytest.fixture(scope="module")
def region_of():
    countries = json.loads((ROOT / "reference" / "countries.json").read_text(encoding="utf-8"))
    return {country["iso3"]: country.get("region") for country in countries["records"]}


def tokens(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOPWORDS)


def similarity(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def near_duplicates(items: list[tuple[str, str, object]]) -> list[str]:
    """Pairs of (key, title, group) whose titles are the same or nearly, within a group."""
    found = []
    for (key_a, title_a, group_a), (key_b, title_b, group_b) in itertools.combinations(items, 2):
        if group_a == group_b and similarity(tokens(title_a), tokens(title_b)) >= NEAR:
            found.append(f"{key_a} “{title_a}” ~ {key_b} “{title_b}”")
    return found


# One record per thing --------------------------------------------------------------------


def test_the_similarity_sees_reworded_and_reordered_titles():
    assert (
        similarity(tokens("Rabat Process on migration"), tokens("The Rabat process: migration"))
        == 1
    )
    assert (
        similarity(tokens("Focal points for M&D"), tokens("Focal points against duplication"))
        < NEAR
    )


@pytest.mark.parametrize("kind", ["practice", "recommendation", "tool"])
def test_no_two_records_of_a_type_have_the_same_or_nearly_the_same_title(records, kind):
    field = "name" if kind == "tool" else "title"
    items = [(key, data.get(field, ""), None) for key, data in records[kind].items()]
    assert near_duplicates(items) == []


def test_no_two_institutions_of_one_country_have_the_same_or_nearly_the_same_name(records):
    # Institutions keep their official names, and many governments have a "Ministry of
    # Foreign Affairs": the same name in two countries is two institutions, and their pages
    # say whose. Within one country (or among the international bodies) it is one twice.
    items = [
        (key, data.get("name", ""), data.get("country"))
        for key, data in records["institution"].items()
    ]
    assert near_duplicates(items) == []


def test_merged_records_are_gone_and_their_slugs_redirect(records):
    redirects = records["redirect"]
    for old, redirect in redirects.items():
        assert old not in records[redirect["model"]], f"{old} is still a {redirect['model']}"
        target_kind = redirect.get("target_model") or redirect["model"]
        assert redirect["target"] in records[target_kind], old


def test_a_check_on_fixtures_finds_a_duplicate_title():
    items = [("a", "Rabat Process on migration and development", None)]
    items.append(("b", "The Rabat process — migration and development", None))
    assert len(near_duplicates(items)) == 1


# Scope -----------------------------------------------------------------------------------


def _links(data):
    countries = [(c["iso3"], c.get("role", "implementing")) for c in data.get("countries", [])]
    institutions = [i["slug"] if isinstance(i, dict) else i for i in data.get("institutions", [])]
    return countries, institutions


def _regional_body(institutions: dict, slug: str | None) -> str | None:
    """The regional body (economic community or consultative process) an institution is
    or belongs to (the European Commission: the European Union), else None."""
    seen = set()
    while slug and slug not in seen:
        seen.add(slug)
        data = institutions[slug]
        if data.get("kind") in REGIONAL_BODY_KINDS:
            return slug
        slug = data.get("parent")
    return None


def scope_problem(data, institutions, region_of) -> str | None:
    """What is wrong with a practice's scope given its links, or None. The rules:
    subnational and national practices are one country's own (several countries for a
    practice the paper reports of each: all implementing, none a partner); bilateral ones
    link both sides; regional ones link a regional body, or countries of one region;
    global ones reach beyond one region: an international (not national, not regional)
    body, countries of two regions or more, or three regional bodies or more compared —
    or name nobody at all (practices of "States" in general)."""
    countries, linked = _links(data)
    codes = [code for code, _ in countries]
    bodies = {_regional_body(institutions, slug) for slug in linked} - {None}
    international = [
        slug
        for slug in linked
        if _regional_body(institutions, slug) is None and not institutions[slug].get("country")
    ]
    regions = {region_of[code] for code in codes}
    scope = data["scope"]
    if scope == Practice.Scope.SUBNATIONAL and len(codes) != 1:
        return "a sub-national practice is in one country"
    if scope == Practice.Scope.NATIONAL and (
        not codes or any(role != "implementing" for _, role in countries)
    ):
        return "a national practice is its implementing countries' own, without partners"
    if (
        scope == Practice.Scope.BILATERAL
        and len(codes) < 2
        and data["slug"] not in BILATERAL_PARTNERS_UNNAMED
    ):
        return "a bilateral practice links both sides"
    if scope == Practice.Scope.REGIONAL and not bodies and not (codes and len(regions) == 1):
        return "a regional practice links a regional body or countries of one region"
    reaches_beyond = international or len(regions) >= 2 or len(bodies) >= 3
    if scope == Practice.Scope.GLOBAL and (codes or linked) and not reaches_beyond:
        return "a global practice reaches beyond one region's countries and bodies"
    return None


def test_every_practice_has_a_scope_consistent_with_its_countries_and_bodies(records, region_of):
    institutions = records["institution"]
    problems = [
        f"{key} ({data['scope']}): {problem}"
        for key, data in records["practice"].items()
        if (problem := scope_problem({**data, "slug": key}, institutions, region_of))
    ]
    assert problems == []


@pytest.mark.parametrize(
    "slug",
    [
        "ecowas-protocol-on-free-movement-of-persons",
        "colombo-process-thematic-cooperation",
        "abu-dhabi-dialogue-regional-coordination",
        "budapest-process-europe-asia-dialogue",
        "rabat-process-eu-africa",
        "tripoli-process-eu-africa",
        "eu-global-approach-to-migration",
        "eu-mobility-partnerships-and-regional-dialogues",
        "freedom-of-movement-eu",
        "migration-in-mercosur-regional-integration",
    ],
)
def test_regional_bodies_practices_are_regional(records, slug):
    assert records["practice"][slug]["scope"] == Practice.Scope.REGIONAL


def test_the_scope_rules_refuse_a_regional_body_scoped_global(records, region_of):
    data = {
        "slug": "x",
        "scope": "global",
        "institutions": [{"slug": "economic-community-of-west-african-states"}],
    }
    assert scope_problem(data, records["institution"], region_of)
    data = {"slug": "x", "scope": "bilateral", "countries": [{"iso3": "FRA"}]}
    assert scope_problem(data, records["institution"], region_of)
    data = {
        "slug": "x",
        "scope": "national",
        "countries": [{"iso3": "FRA"}, {"iso3": "SEN", "role": "partner"}],
    }
    assert scope_problem(data, records["institution"], region_of)
