"""Read-only viewsets of challenges, glossary definitions and questionnaire questions
(with their aggregate results and the countries that answer them), and the redirects of
the recommendations that became challenges."""

from __future__ import annotations

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.views import APIView

from coherence.rest.viewsets import ApiViewMixin, ReadOnlyViewSet

from ..models import Challenge, Definition, Question
from ..models.feed import FeedType
from ..serializers.records import ChallengeSerializer, DefinitionSerializer, QuestionSerializer


class ChallengeViewSet(ReadOnlyViewSet):
    """Challenges the papers name for policy coherence."""

    queryset = Challenge.objects.all()
    serializer_class = ChallengeSerializer
    lookup_field = "slug"
    feed_type = FeedType.CHALLENGE
    export_basename = "challenges"

    def get_queryset(self):
        return Challenge.objects.published().with_related()


class DefinitionViewSet(ReadOnlyViewSet):
    """The glossary: terms as the papers define them."""

    queryset = Definition.objects.all()
    serializer_class = DefinitionSerializer
    lookup_field = "slug"
    feed_type = FeedType.DEFINITION
    export_basename = "glossary"

    def get_queryset(self):
        return Definition.objects.published().with_related()


class QuestionViewSet(ReadOnlyViewSet):
    """The questions findings answer, with the paper's aggregate results among the
    responding States and the countries whose findings answer each."""

    queryset = Question.objects.all()
    serializer_class = QuestionSerializer
    lookup_field = "slug"
    feed_type = FeedType.QUESTION
    export_basename = "questions"

    def get_queryset(self):
        return Question.objects.public().with_answers()


class MovedRecommendationView(ApiViewMixin, APIView):
    """`/api/v1/recommendations/<slug>/` of a recommendation that became a challenge."""

    pagination_class = None

    @extend_schema(
        operation_id="recommendations_moved_retrieve",
        summary="A recommendation that became a challenge",
        responses={
            301: OpenApiResponse(description="Moved to /api/v1/challenges/<slug>/."),
            404: OpenApiResponse(description="No such recommendation."),
        },
    )
    def get(self, request, slug):
        return moved_to_challenge(slug=slug)

    def http_method_not_allowed(self, request, *args, **kwargs):
        """A write to a slug: no recommendation has one (they are addressed by id), so
        there is nothing here to write to (404, as before the challenges moved)."""
        raise Http404


def moved_to_challenge(*, slug: str | None = None, former_id: int | None = None):
    """A 301 to the API detail of the challenge this recommendation became, or 404."""
    challenges = Challenge.objects.published()
    if slug is not None:
        challenge = challenges.filter(slug=slug).first()
    else:
        challenge = challenges.filter(former_recommendation_id=former_id).first()
    if challenge is None:
        raise Http404
    return HttpResponsePermanentRedirect(
        reverse("api:challenge-detail", kwargs={"slug": challenge.slug})
    )
