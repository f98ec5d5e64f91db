"""Pages of challenges, the glossary and questionnaire questions (issue 21)."""

from django.views.generic import DetailView, ListView

from ..models import Challenge, Definition, Question


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
        return Question.objects.public().with_answers(finding_citations=True)
