"""The entry points as the pages and the API use them: query counts, composition with
other filters, bounded work on broad searches."""

import pytest
from django.db import connection

from practices import facet_index
from practices.models import Practice
from practices.selection import PUBLISHED
from search import filter_queryset, highlight, search
from tests.conftest import on_postgres
from tests.factories import (
    CountryFactory,
    InstitutionFactory,
    PracticeFactory,
    SourcePassageFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def practice(title, **kwargs):
    return PracticeFactory(
        title=title, summary="Matches contributions with public funds.", **kwargs
    )


def test_filter_queryset_composes_with_other_filters_and_orders_by_rank():
    morocco, tunisia = CountryFactory(iso3="MAR"), CountryFactory(iso3="TUN")
    weak = practice("Savings groups", description="Diaspora members join.", countries=[morocco])
    strong = practice("Diaspora bonds", countries=[morocco])
    practice("Diaspora bonds in Tunisia", countries=[tunisia])
    practice("Hawala transfers", countries=[morocco])

    matched = filter_queryset(Practice.objects.published().for_countries(["MAR"]), "diaspora")
    assert matched.count() == 2
    assert list(matched.order_by("-search_rank")) == [strong, weak]
    ranks = dict(matched.values_list("pk", "search_rank"))
    assert ranks[strong.pk] > ranks[weak.pk] > 0
    assert isinstance(ranks[strong.pk], float)
    # It composes further, and as a subquery.
    assert list(matched.filter(title__startswith="Savings")) == [weak]
    assert set(Practice.objects.filter(pk__in=matched.values("pk"))) == {strong, weak}


def test_filter_queryset_works_on_every_searchable_model():
    institution = InstitutionFactory(name="Diaspora Bureau")
    passage = SourcePassageFactory(text="The diaspora invests.")
    assert list(filter_queryset(type(institution).objects.all(), "diaspora")) == [institution]
    assert list(filter_queryset(type(passage).objects.all(), "diaspora")) == [passage]


def test_filter_queryset_refuses_a_model_search_does_not_cover():
    with pytest.raises(TypeError, match="not Theme"):
        filter_queryset(ThemeFactory._meta.model.objects.all(), "diaspora")


def test_filter_queryset_runs_one_query(django_assert_num_queries):
    practice("Diaspora bonds")
    matched = filter_queryset(Practice.objects.published(), "diaspora")
    with django_assert_num_queries(1):
        assert len(list(matched.order_by("-search_rank"))) == 1


def test_highlight_runs_one_query_and_covers_every_object(django_assert_num_queries):
    matching = [practice(f"Diaspora bonds {n}") for n in range(3)]
    other = practice("Hawala transfers")
    objects = [*matching, other]
    with django_assert_num_queries(1):
        snippets = highlight(objects, "diaspora")
    assert set(snippets) == {obj.pk for obj in objects}
    assert snippets[other.pk] == "Matches contributions with public funds."
    assert all(snippets[obj.pk] for obj in matching)


def test_highlight_of_nothing_runs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert highlight([], "diaspora") == {}


def test_search_runs_a_fixed_number_of_queries(django_assert_num_queries):
    for n in range(2):
        practice(f"Diaspora bonds {n}", countries=[CountryFactory(), CountryFactory()])
        InstitutionFactory(name=f"Diaspora Bureau {n}")
    # One query per type for its newest matches (eight types since issue 21 added
    # challenges, glossary entries and events), then one per type on the page for the
    # hits with their snippets (two on SQLite: the snippets, then the records); SQLite
    # adds one per type with hits for the statistics that make scores comparable across
    # types.
    # Issue 24: one more, the version of the thesaurus (its entries when it changed).
    expected = 1 + 8 + 2 + (0 if on_postgres() else 2 + 2)
    with django_assert_num_queries(expected):
        results = search("diaspora")
    assert results.total == 4
    with django_assert_num_queries(expected):
        search("diaspora", limit=50)


def test_broad_searches_rank_the_newest_matches_and_estimate_their_count(settings):
    settings.SEARCH_RANK_WINDOW = 3
    oldest_but_best = practice("Diaspora diaspora: the diaspora bonds")
    newer = [practice(f"Diaspora fund {n}") for n in range(5)]

    results = search("diaspora", types=["practice"])
    assert results.estimated == {"practice"}
    assert results.counts == {"practice": 6}
    assert {hit.obj for hit in results.hits} == set(newer[-3:])
    assert oldest_but_best not in [hit.obj for hit in results.hits]

    narrower = search("diaspora bonds", types=["practice"])
    assert narrower.estimated == frozenset()
    assert [hit.obj for hit in narrower.hits] == [oldest_but_best]


def test_the_count_of_a_broad_search_is_scaled_from_the_stretch_it_read(settings):
    """Half the practices match, every other one: the newest three matches come from the
    newest five or six practices, and half of the table is about four."""
    settings.SEARCH_RANK_WINDOW = 2
    for n in range(4):
        practice(f"Diaspora fund {n}")
        practice(f"Hawala transfers {n}")
    results = search("diaspora", types=["practice"])
    assert results.estimated == {"practice"}
    assert 4 <= results.counts["practice"] <= 5
    across_types = search("diaspora")  # the statistics of the scale count in the stretch too
    assert across_types.counts["practice"] == results.counts["practice"]
    assert [hit.obj for hit in across_types.hits] == [hit.obj for hit in results.hits]


def test_the_pages_of_a_broad_search_go_as_far_as_the_ranked_matches(settings):
    settings.SEARCH_RANK_WINDOW = 3
    records = [practice(f"Diaspora fund {n}") for n in range(6)]
    pages = [search("diaspora", limit=2, offset=offset) for offset in (0, 2, 4)]
    assert [len(page.hits) for page in pages] == [2, 1, 0]
    assert {hit.obj for page in pages for hit in page.hits} == set(records[-3:])
    assert all(page.total == 6 for page in pages)


# Searching among practices chosen by facet filters: given the selection the queryset
# holds (`among`), the facet index hands search the practices' keys
# (practices.listing.candidates), and the words are looked for among those only. The same
# search without the selection (the queryset's practices known to SQL only) is the
# reference.

MEXICO = PUBLISHED.narrowed("country", ["MEX"])
AMONG = {"practice": MEXICO}


@pytest.fixture
def two_countries():
    mex, phl = CountryFactory(iso3="MEX"), CountryFactory(iso3="PHL")
    records = {
        "mex_bonds": practice("Diaspora bonds", countries=[mex]),
        "mex_savings": practice(
            "Savings groups", description="Diaspora members join.", countries=[mex]
        ),
        "mex_draft": practice("Diaspora draft", countries=[mex], editorial_state="draft"),
        "phl_bonds": practice("Diaspora bonds abroad", countries=[phl]),
        "mex_other": practice("Hawala transfers", countries=[mex]),
        "both": practice("Diaspora desks", countries=[mex, phl]),
    }
    return records


def hits(results):
    return [(hit.type, hit.obj.pk, round(hit.score, 9), str(hit.snippet)) for hit in results.hits]


@pytest.mark.parametrize("text", ["diaspora", "diaspora -bonds", '"diaspora bonds"', "hawala"])
def test_a_search_among_a_facet_selection_finds_what_its_sql_finds(two_countries, text):
    chosen = Practice.objects.selected(MEXICO)
    mine = search(text, types=["practice"], querysets={"practice": chosen}, among=AMONG)
    reference = search(text, types=["practice"], querysets={"practice": chosen})
    assert hits(mine) == hits(reference)
    assert mine.counts == reference.counts and mine.estimated == reference.estimated
    assert two_countries["mex_draft"].pk not in [hit.obj.pk for hit in mine.hits]
    assert two_countries["phl_bonds"].pk not in [hit.obj.pk for hit in mine.hits]


@pytest.mark.parametrize("runs_joined", [0, 10**6])
def test_a_search_among_a_selection_with_gaps_in_its_keys(two_countries, monkeypatch, runs_joined):
    """Deleted practices leave gaps in the keys the candidates are marked by."""
    monkeypatch.setattr(facet_index.index, "RUNS_JOINED", runs_joined)
    mex = two_countries["mex_bonds"].countries.get()
    two_countries["mex_savings"].delete()
    two_countries["phl_bonds"].delete()
    latest = practice("Diaspora savings clubs", countries=[mex])
    chosen = Practice.objects.selected(MEXICO)
    mine = search("diaspora", types=["practice"], querysets={"practice": chosen}, among=AMONG)
    reference = search("diaspora", types=["practice"], querysets={"practice": chosen})
    assert hits(mine) == hits(reference)
    assert {hit.obj for hit in mine.hits} == {
        two_countries["mex_bonds"],
        two_countries["both"],
        latest,
    }


def test_a_search_among_a_selection_scores_as_the_others_across_types(two_countries):
    InstitutionFactory(name="Diaspora Bureau")
    chosen = Practice.objects.selected(MEXICO)
    mine = search("diaspora", querysets={"practice": chosen}, among=AMONG)
    reference = search("diaspora", querysets={"practice": chosen})
    assert hits(mine) == hits(reference)
    assert {hit.type for hit in mine.hits} == {"practice", "institution"}


def test_a_broad_search_among_a_selection_ranks_its_newest_matches(settings):
    settings.SEARCH_RANK_WINDOW = 3
    mex = CountryFactory(iso3="MEX")
    oldest_but_best = practice("Diaspora diaspora: the diaspora bonds", countries=[mex])
    newer = [practice(f"Diaspora fund {n}", countries=[mex]) for n in range(5)]
    practice("Diaspora fund elsewhere")  # not among Mexico's: never counted
    results = search(
        "diaspora",
        types=["practice"],
        querysets={"practice": Practice.objects.selected(MEXICO)},
        among=AMONG,
    )
    assert results.estimated == {"practice"}
    assert {hit.obj for hit in results.hits} == set(newer[-3:])
    assert oldest_but_best not in [hit.obj for hit in results.hits]
    # Four of the four newest of Mexico's practices read matched: about all six match.
    assert results.counts == {"practice": 6}


def listed(matched):
    """What a list page shows of `filter_queryset()`: the count, and the matches best
    first with their ranks."""
    ranked = matched.order_by("-search_rank", "title", "pk")
    return matched.count(), [
        (pk, round(rank, 9)) for pk, rank in ranked.values_list("pk", "search_rank")
    ]


@pytest.mark.parametrize("text", ["diaspora", "diaspora -bonds", '"diaspora bonds"', "hawala"])
def test_filter_queryset_among_a_facet_selection_lists_what_its_sql_lists(two_countries, text):
    chosen = Practice.objects.selected(MEXICO)
    mine = filter_queryset(chosen, text, among=MEXICO)
    reference = filter_queryset(chosen, text)
    assert listed(mine) == listed(reference)
    assert listed(mine)[0] == {"diaspora": 3, "diaspora -bonds": 2}.get(text, 1)


def test_filter_queryset_hands_the_database_a_facet_selections_practices(two_countries):
    """The keys go into the SQL as each database tests them; other querysets have none."""
    test = "= ANY(" if connection.vendor == "postgresql" else "substr("
    chosen = Practice.objects.selected(MEXICO)
    assert test in str(filter_queryset(chosen, "diaspora", among=MEXICO).query)
    assert test not in str(filter_queryset(chosen, "diaspora").query)
    published = Practice.objects.published()
    assert test not in str(filter_queryset(published, "diaspora", among=PUBLISHED).query)


@pytest.mark.parametrize("runs_joined", [0, 10**6])
def test_filter_queryset_among_a_selection_after_deletes_and_new_links(
    two_countries, monkeypatch, runs_joined
):
    monkeypatch.setattr(facet_index.index, "RUNS_JOINED", runs_joined)
    chosen = Practice.objects.selected(MEXICO)
    assert listed(filter_queryset(chosen, "diaspora", among=MEXICO))[0] == 3  # index built
    mex = two_countries["mex_bonds"].countries.get()
    two_countries["mex_savings"].delete()
    two_countries["phl_bonds"].countries.add(mex)  # a link the index has not seen yet
    latest = practice("Diaspora savings clubs", countries=[mex])
    mine = filter_queryset(Practice.objects.selected(MEXICO), "diaspora", among=MEXICO)
    reference = filter_queryset(chosen, "diaspora")
    assert listed(mine) == listed(reference)
    assert set(mine) == {
        two_countries["mex_bonds"],
        two_countries["both"],
        two_countries["phl_bonds"],
        latest,
    }


def test_filter_queryset_among_a_selection_checks_the_index_once(
    two_countries, django_assert_num_queries
):
    chosen = Practice.objects.selected(MEXICO)
    list(filter_queryset(chosen, "diaspora", among=MEXICO))  # the index is built
    # Whether the index is current, and (issue 24) the thesaurus's version.
    with django_assert_num_queries(2):
        matched = filter_queryset(Practice.objects.selected(MEXICO), "diaspora", among=MEXICO)
    with django_assert_num_queries(2):
        assert listed(matched)[0] == 3


def test_a_search_among_an_empty_selection_finds_nothing(two_countries):
    nowhere = PUBLISHED.narrowed("country", ["ZZZ"])
    nobody = Practice.objects.selected(nowhere)
    results = search(
        "diaspora", types=["practice"], querysets={"practice": nobody}, among={"practice": nowhere}
    )
    assert results.hits == [] and results.counts == {"practice": 0}
