"""The change feed renders the resources of a type in batches (one queryset, one
serializer pass), and what it renders is byte for byte what `GET /api/v1/<type>/<key>/`
answers anyone: the same text, so the same digest, and nothing of a draft."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from coherence.models import EditorialState
from practices import feed
from practices.feed import processing
from practices.feed.rules import MODELS
from practices.models import FeedSnapshot, PracticeInstitution
from tests.api.test_change_feed import PATHS
from tests.factories import (
    ChallengeFactory,
    CitationFactory,
    CountryFindingFactory,
    DefinitionFactory,
    EventFactory,
    GcmObjectiveFactory,
    GcmPrincipleFactory,
    InstitutionFactory,
    ParticipationFactory,
    PolicyToolFactory,
    PracticeFactory,
    QuestionResultFactory,
    RecommendationFactory,
    SdgTargetFactory,
    SessionFactory,
    classify,
)
from tests.web.conftest import kb, shared_kb  # noqa: F401  (two of every link)

# Every test of the module runs with its shared records, whether it reads them or not
# (tests/conftest.py, `shared_records`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_kb")]

DRAFT = EditorialState.DRAFT
HOST = processing.BASE.removeprefix("http://")


@pytest.fixture
def drafts(kb):  # noqa: F811
    """Drafts of every type that has them, linked to public records (which must not show
    them), and a public institution under a public one."""
    mexico, philippines = kb["countries"][:2]
    with transaction.atomic():
        institution = InstitutionFactory(
            slug="draft-ministry", name="Draft Ministry", country=mexico, editorial_state=DRAFT
        )
        tool = PolicyToolFactory(slug="draft-tool", name="Draft Tool", editorial_state=DRAFT)
        tool.countries.set([mexico, philippines])
        tool.coherence_levels.set(kb["levels"])
        tool.publishers.set([*kb["institutions"], institution])
        practice = PracticeFactory(
            slug="draft-practice",
            title="Draft practice",
            countries=[mexico, philippines],
            coherence_levels=kb["levels"],
            themes=kb["themes"],
            editorial_state=DRAFT,
        )
        practice.tools.set([*kb["tools"], tool])
        PracticeInstitution.objects.create(practice=practice, institution=institution)
        CitationFactory(content_object=practice, source=kb["source"])
        for public in kb["practices"]:
            public.tools.add(tool)
            PracticeInstitution.objects.create(practice=public, institution=institution)
        recommendation = RecommendationFactory(slug="draft-recommendation", editorial_state=DRAFT)
        recommendation.themes.set(kb["themes"])
        draft_finding = CountryFindingFactory(
            slug="draft-finding",
            country=mexico,
            element=kb["elements"][0],
            # A question only the draft answers: questions have no editorial state, and
            # one that no published finding or result answers is not public.
            question="A question only an unpublished finding answers",
            editorial_state=DRAFT,
        )
        InstitutionFactory(
            slug="sre-unit", name="Unit of the Ministry", parent=kb["institutions"][0]
        )
        # The frameworks of the classification, each under a public practice and the draft.
        for each in (*kb["practices"][:2], practice):
            classify(
                each,
                objectives=[GcmObjectiveFactory(number=19), GcmObjectiveFactory(number=20)],
                principles=[GcmPrincipleFactory(number=9)],
                targets=[SdgTargetFactory(code="10.c")],
            )
        # Issue 21's types: two public records each (with what they embed, drafts
        # among it), and a draft challenge and definition.
        challenges, definitions = [], []
        for n in (1, 2):
            challenge = ChallengeFactory(slug=f"challenge-{n}", title=f"Challenge {n}")
            challenge.countries.set([mexico, philippines])
            challenge.coherence_levels.set(kb["levels"])
            challenge.elements.set(kb["elements"])
            challenge.themes.set(kb["themes"])
            CitationFactory(content_object=challenge, source=kb["source"])
            definition = DefinitionFactory(
                slug=f"term-{n}", term=f"Term {n}", coherence_level=kb["levels"][0]
            )
            CitationFactory(content_object=definition, source=kb["source"])
            result = QuestionResultFactory(slug=f"result-{n}", question__slug=f"question-{n}")
            CitationFactory(content_object=result, source=kb["source"])
            QuestionResultFactory(
                slug=f"draft-result-{n}", question=result.question, editorial_state=DRAFT
            )
            event = EventFactory(slug=f"event-{n}", name=f"Meeting {n}")
            session = SessionFactory(event=event, slug=f"session-{n}", papers=[kb["source"]])
            role = ParticipationFactory(event=event, session=session, slug=f"role-{n}")
            ParticipationFactory(event=event, person=None, country=mexico, slug=f"state-role-{n}")
            CitationFactory(content_object=role, source=kb["source"])
            challenges.append(challenge)
            definitions.append(definition)
        draft_challenge = ChallengeFactory(
            slug="draft-challenge", title="Draft challenge", editorial_state=DRAFT
        )
        draft_challenge.countries.set([mexico])
        draft_definition = DefinitionFactory(
            slug="draft-definition", term="Draft term", editorial_state=DRAFT
        )
    return {
        "institution": [institution.pk],
        "tool": [tool.pk],
        "practice": [practice.pk],
        "recommendation": [recommendation.pk],
        "challenge": [draft_challenge.pk],
        "definition": [draft_definition.pk],
        "question": [draft_finding.question_id],
    }


def detail(kind, key):
    """The detail as anyone gets it, from the feed's reserved host."""
    response = APIClient().get(f"/api/v1/{PATHS[kind]}/{key}/", HTTP_HOST=HOST)
    assert response.status_code == 200, (kind, key, response.status_code)
    return response.content.decode()


@pytest.fixture
def reserved_host(settings):
    settings.ALLOWED_HOSTS = [HOST]
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}


def test_a_batch_renders_every_type_as_its_detail_byte_for_byte(drafts, reserved_host):
    for kind, model in MODELS.items():
        pks = list(model.objects.values_list("pk", flat=True))
        rendered = feed.render_batch(kind, pks)
        public = set(pks) - set(drafts.get(kind, []))
        assert public and set(rendered) == public, kind
        for pk, (key, content) in rendered.items():
            assert content == detail(kind, key), (kind, key)
            assert feed.render(kind, pk) == (key, content)
            for word in ("draft-", "Draft "):
                assert word not in content, (kind, key, word)


def test_a_draft_or_a_missing_record_is_not_rendered(drafts):
    for kind, pks in drafts.items():
        assert feed.render_batch(kind, pks) == {}
        assert feed.render(kind, pks[0]) is None
    assert feed.render_batch("practice", [10**9]) == {}


def test_processing_in_several_batches_snapshots_the_details(drafts, reserved_host, monkeypatch):
    monkeypatch.setattr(processing, "BATCH_SIZE", 2)
    FeedSnapshot.objects.all().delete()
    feed.reconcile()
    snapshots = FeedSnapshot.objects.all()
    assert {(s.type, s.object_id) for s in snapshots} == {
        (kind, pk)
        for kind, model in MODELS.items()
        for pk in model.objects.values_list("pk", flat=True)
        if pk not in drafts.get(kind, [])
    }
    for snapshot in snapshots:
        assert snapshot.content == detail(snapshot.type, snapshot.key)


@pytest.mark.parametrize(
    "kind",
    [
        "practice",
        "recommendation",
        "region",
        "theme",
        "element",
        "coherence-level",
    ],
)
def test_a_batch_costs_the_queries_of_one_record(kind, kb, django_assert_num_queries):  # noqa: F811
    """Reading, prefetching and counting are per batch; only the first practices of a
    level, a country, an institution or a tool are read per record (two queries)."""
    pks = list(MODELS[kind].objects.values_list("pk", flat=True))
    assert len(pks) >= 2
    feed.render_batch(kind, pks)  # builds the facet index, which is then cached
    with CaptureQueriesContext(connection) as one:
        feed.render_batch(kind, pks[:1])
    per_record = 2 if kind == "coherence-level" else 0
    with django_assert_num_queries(len(one.captured_queries) + per_record * (len(pks) - 1)):
        assert len(feed.render_batch(kind, pks)) == len(pks)


@pytest.mark.parametrize("kind", ["challenge", "definition", "question", "event"])
def test_a_batch_of_issue_21s_types_costs_the_queries_of_one_record(
    kind, drafts, django_assert_num_queries
):
    pks = list(
        MODELS[kind].objects.exclude(pk__in=drafts.get(kind, [])).values_list("pk", flat=True)
    )
    assert len(pks) >= 2
    feed.render_batch(kind, pks)
    most = 0  # what the record that embeds the most costs alone
    for pk in pks:
        with CaptureQueriesContext(connection) as one:
            feed.render_batch(kind, [pk])
        most = max(most, len(one.captured_queries))
    with django_assert_num_queries(most):
        feed.render_batch(kind, pks)
