"""Pages of challenges, the glossary and questionnaire questions (issue 21)."""

from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from ..models import Challenge, CountryFinding, Definition, Question, QuestionResult


class ChallengeListView(ListView):
    template_name = "practices/challenge_list.html"
    context_object_name = "challenges"

    def get_queryset(self):
        return Challenge.objects.published().prefetch_related(
            "coherence_levels", "citations__source"
        )


class ChallengeDetailView(DetailView):
    template_name = "practices/challenge_detail.html"
    context_object_name = "challenge"

    def get_queryset(self):
        return Challenge.objects.published().with_related()


class GlossaryView(ListView):
    template_name = "practices/glossary.html"
    context_object_name = "definitions"

    def get_queryset(self):
        return Definition.objects.published().with_related()


class QuestionDetailView(DetailView):
    template_name = "practices/question_detail.html"
    context_object_name = "question"

    def get_queryset(self):
        return Question.objects.select_related("element", "source").prefetch_related(
            Prefetch(
                "results",
                queryset=QuestionResult.objects.published().with_citations(),
                to_attr="public_results",
            ),
            Prefetch(
                "findings",
                queryset=CountryFinding.objects.published()
                .select_related("country")
                .with_citations()
                .order_by("country__name", "id"),
                to_attr="public_findings",
            ),
        )
