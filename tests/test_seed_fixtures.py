"""The curated knowledge base in fixtures/ (tests *of* the seed fixtures, so they load them).

The whole knowledge base is loaded once for the test run (`knowledge_base`, in
tests/conftest.py); each test reads it.
"""

import json
import re
import shutil
from collections import Counter

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q

from coherence.markup import plain_text
from coherence.models import (
    Citation,
    CoherenceElement,
    CoherenceLevel,
    Country,
    Institution,
    PolicyTool,
    SourceDocument,
)
from coherence.quotes import locate, refusal
from coherence.reader import build_document
from coherence.splitting import reading_passages
from coherence.text import normalize
from practices.models import CountryFinding, Practice, Recommendation
from practices.seeding import load_knowledge_base
from search.kinds import KINDS
from search.models import PracticeDocument

CITED_MODELS = [
    Practice,
    Institution,
    PolicyTool,
    Recommendation,
    CountryFinding,
    CoherenceLevel,
    CoherenceElement,
]


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("knowledge_base")]

WINDOW = 12  # words: about a sentence
_VISUALLY_HIDDEN = re.compile(r'<span class="visually-hidden">.*?</span>')


def test_every_quote_occurs_verbatim_in_its_source():
    texts = {source.pk: normalize(source.text) for source in SourceDocument.objects.all()}
    missing = [
        (citation.source.slug, citation.locator, citation.quote)
        for citation in Citation.objects.select_related("source")
        if normalize(citation.quote) not in texts[citation.source_id]
    ]
    assert missing == []


def test_every_seeded_quote_reads_in_the_source_reader():
    refused = [
        (citation.source.slug, citation.locator, citation.quote)
        for citation in Citation.objects.select_related("source")
        if refusal(reading_passages(citation.source.text), citation.quote, source="")
    ]
    assert Citation.objects.count() >= 1000
    assert refused == []


def test_every_stretch_of_text_the_reader_shows_can_be_quoted():
    """Each passage of each paper as the reader renders it (its visible text, footnote
    markers included): every window of twelve words, at every word, verifies, including
    the passages a page break or a footnote cuts in the raw text (the 3x1 example)."""
    refused, windows = {}, 0
    for source in SourceDocument.objects.all():
        split = reading_passages(source.text)
        document = build_document(source.passages.order_by("position"))
        for passage in document.passages:
            words = plain_text(_VISUALLY_HIDDEN.sub("", passage.html)).split()
            for start in range(max(1, len(words) - WINDOW + 1)):
                windows += 1
                window = " ".join(words[start : start + WINDOW])
                if locate(split, window) is None:
                    refused.setdefault((source.slug, passage.anchor), window)
    assert windows > 15000
    assert refused == {}
    three_per_one = (
        "For each peso provided by the migrants, the Federal Government adds one, the State "
        "Government another peso and the Local Government another one to create a 3x1 structure."
    )
    paper = SourceDocument.objects.get(slug="2008-rt-3-2-background-paper")
    assert locate(reading_passages(paper.text), three_per_one) is not None


def test_quotes_are_one_to_three_sentences():
    too_long = [c.quote for c in Citation.objects.all() if len(c.quote) > 1200]
    assert too_long == []


def test_every_citation_points_at_the_passage_that_holds_it():
    unplaced = list(
        Citation.objects.filter(passage__isnull=True).values_list(
            "source__slug", "locator", "quote"
        )
    )
    assert unplaced == []


def test_every_record_has_a_citation():
    for model in CITED_MODELS:
        uncited = model.objects.exclude(
            pk__in=Citation.objects.filter(
                content_type=ContentType.objects.get_for_model(model)
            ).values("object_id")
        )
        assert list(uncited.values_list("slug", flat=True)) == [], model.__name__


def test_the_floors_are_reached():
    assert Practice.objects.published().count() >= 80
    assert Institution.objects.published().count() >= 60
    assert PolicyTool.objects.published().count() >= 20
    assert Recommendation.objects.published().count() >= 20
    linked = Country.objects.filter(
        Q(practice_links__isnull=False)
        | Q(institutions__isnull=False)
        | Q(findings__isnull=False)
        | Q(tools__isnull=False)
    ).distinct()
    assert linked.count() >= 50
    for level in CoherenceLevel.objects.annotate(n=Count("practices")):
        assert level.n >= 5, level.slug


def test_every_practice_has_a_level_a_theme_and_a_country_or_a_global_or_regional_scope():
    # Without a country a practice is found as global, or as regional through the
    # regional body it links (tests/test_editorial_fixtures.py checks which scope).
    practices = Practice.objects.annotate(
        levels=Count("coherence_levels", distinct=True),
        theme_count=Count("themes", distinct=True),
        country_count=Count("countries", distinct=True),
        institution_count=Count("institutions", distinct=True),
    )
    bad = [
        p.slug
        for p in practices
        if not p.levels
        or not p.theme_count
        or (
            not p.country_count
            and p.scope != Practice.Scope.GLOBAL
            and not (p.scope == Practice.Scope.REGIONAL and p.institution_count)
        )
    ]
    assert bad == []


def test_no_institution_or_tool_is_an_orphan():
    # Each is cited (see above) and national bodies name their country.
    national = Institution.objects.filter(
        kind__in=[Institution.Kind.MINISTRY, Institution.Kind.LOCAL_AUTHORITY], country__isnull=True
    ).exclude(parent__isnull=False)
    assert list(national.values_list("slug", flat=True)) == []


def test_every_paper_is_cited():
    counts = Counter(Citation.objects.values_list("source__slug", flat=True))
    assert set(counts) == set(SourceDocument.objects.values_list("slug", flat=True))


def test_findings_from_the_2008_questionnaire_carry_their_year():
    findings = CountryFinding.objects.filter(citations__source__slug="2008-rt-3-2-background-paper")
    assert findings.exists()
    assert not findings.exclude(year=2008).exists()


def test_loading_again_changes_nothing():
    models = [*CITED_MODELS, Citation, Country]
    before = {m.__name__: m.objects.count() for m in models}
    history = Practice.history.count()
    report = load_knowledge_base(settings.FIXTURES_ROOT)
    assert sum(report.created.values()) == 0
    assert sum(report.updated.values()) == 0
    assert {m.__name__: m.objects.count() for m in models} == before
    assert Practice.history.count() == history


def test_the_search_documents_are_those_each_write_would_have_written():
    """The loader writes each record's search document once, when the records are loaded
    (`coherence.batching`): every record has the document its own write gives it."""
    for kind in KINDS.values():
        pks = list(kind.model._default_manager.values_list("pk", flat=True))
        stored = {
            document.pk: [getattr(document, name) for name in kind.text_fields]
            for document in kind.document.objects.all()
        }
        fresh = {
            document.pk: [getattr(document, name) for name in kind.text_fields]
            for document in kind.documents(pks)
        }
        assert len(stored) == len(pks), kind.name
        assert stored == fresh, kind.name


def test_a_fixture_edit_updates_the_record_in_place(tmp_path):
    copy = tmp_path / "fixtures"
    shutil.copytree(settings.FIXTURES_ROOT, copy)
    path = next(
        p for p in sorted(copy.rglob("*.json")) if json.loads(p.read_text())["type"] == "practice"
    )
    document = json.loads(path.read_text())
    record = document["records"][0]
    before = Practice.objects.get(slug=record["slug"])
    record["summary"] = "An edited summary."
    path.write_text(json.dumps(document))
    report = load_knowledge_base(copy)
    after = Practice.objects.get(slug=record["slug"])
    assert report.updated["practice"] == 1
    assert after.pk == before.pk and after.summary == "An edited summary."
    assert PracticeDocument.objects.get(pk=after.pk).summary == "An edited summary."
